"""Plotting helpers shared by the chapters (matplotlib, object-oriented API).

Every function draws on an ``ax`` you pass (or a new figure) and returns the axes, so the
chapters can compose figures; nothing here calls ``plt.show()``.
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from ._validate import check_shape

__all__ = ["plot_decision_boundary", "plot_costs", "image_grid", "show_mislabeled"]


def _axes(ax, figsize=(5, 4)):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_decision_boundary(predict_fn: Callable, X, Y, ax=None, title: str | None = None,
                           resolution: int = 300, padding: float = 1.0, cmap: str = "Spectral", levels=None):
    """Shade the regions ``predict_fn`` assigns to each class and scatter the data.

    ``predict_fn`` maps an array of points of shape (2, k) to labels of shape (1, k) or (k,).
    ``X`` is (2, m) and ``Y`` (1, m), in the course's layout. When the predictions are class
    labels (integers), the regions are shaded with one level per class unless ``levels`` is given.
    """
    sizes: dict = {}
    X = check_shape("X", X, (2, "m"), sizes)
    Y = check_shape("Y", Y, (1, "m"), sizes)
    ax = _axes(ax)
    x_min, x_max = X[0].min() - padding, X[0].max() + padding
    y_min, y_max = X[1].min() - padding, X[1].max() + padding
    xx, yy = np.meshgrid(np.linspace(x_min, x_max, resolution), np.linspace(y_min, y_max, resolution))
    grid = np.stack([xx.ravel(), yy.ravel()])
    Z = np.asarray(predict_fn(grid)).reshape(xx.shape)
    if levels is None and np.all(np.mod(Z, 1) == 0):
        levels = np.arange(Z.min() - 0.5, Z.max() + 1.0)  # boundaries halfway between classes
    ax.contourf(xx, yy, Z, levels=levels, cmap=cmap, alpha=0.8)
    ax.scatter(X[0], X[1], c=Y.ravel(), cmap=cmap, s=12, edgecolors="k", linewidths=0.3)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title)
    return ax


def plot_costs(costs: Sequence[float], every: int = 100, ax=None, label: str | None = None,
               title: str | None = None, log: bool = False):
    """Learning curve: ``costs[k]`` is the cost at iteration ``k * every``."""
    costs = np.asarray(costs, dtype=float)
    if costs.ndim != 1 or costs.size == 0:
        raise ValueError(f"costs must be a non-empty 1-D sequence, got shape {costs.shape}")
    ax = _axes(ax)
    ax.plot(np.arange(costs.size) * every, costs, label=label)
    ax.set_xlabel("iteration")
    ax.set_ylabel("cost")
    if log:
        ax.set_yscale("log")
    if title:
        ax.set_title(title)
    if label:
        ax.legend()
    return ax


def image_grid(images, titles: Sequence[str] | None = None, ncols: int = 8, size: float = 1.5, fig=None):
    """Show images of shape (k, H, W, C) (uint8 or floats in [0, 1]) in a grid; returns the figure."""
    import matplotlib.pyplot as plt

    images = np.asarray(images)
    if images.ndim != 4 or images.shape[-1] not in (1, 3):
        raise ValueError(f"images must have shape (k, H, W, C) with C in (1, 3), got {images.shape}")
    k = images.shape[0]
    if titles is not None and len(titles) != k:
        raise ValueError(f"got {len(titles)} titles for {k} images")
    ncols = max(1, min(ncols, k))
    nrows = int(np.ceil(k / ncols))
    if fig is None:
        fig = plt.figure(figsize=(size * ncols, size * nrows * (1.25 if titles is not None else 1.0)))
    for i in range(k):
        ax = fig.add_subplot(nrows, ncols, i + 1)
        img = images[i]
        ax.imshow(img[..., 0] if img.shape[-1] == 1 else img, cmap="gray" if img.shape[-1] == 1 else None)
        ax.axis("off")
        if titles is not None:
            ax.set_title(titles[i], fontsize=8)
    fig.tight_layout()
    return fig


def show_mislabeled(images, labels, predictions, classes: Sequence[str], max_images: int = 10, ncols: int = 5,
                    size: float = 2.0):
    """Grid of the images whose prediction differs from the label; returns the figure (or None)."""
    images = np.asarray(images)
    labels = np.ravel(labels).astype(int)
    predictions = np.ravel(predictions).astype(int)
    if not (len(images) == labels.size == predictions.size):
        raise ValueError(f"got {len(images)} images, {labels.size} labels and {predictions.size} predictions")
    wrong = np.flatnonzero(labels != predictions)[:max_images]
    if wrong.size == 0:
        return None
    titles = [f"#{i}: predicted {classes[predictions[i]]}\nlabel {classes[labels[i]]}" for i in wrong]
    return image_grid(images[wrong], titles, ncols=ncols, size=size)
