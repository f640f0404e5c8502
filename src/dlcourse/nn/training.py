"""A small training loop for dense and image models: :func:`fit`, :func:`evaluate`, :func:`predict`.

What the chapters write by hand (shuffle, cut mini-batches, forward, cost, backward, update) once,
with a history for learning curves::

    model = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1, rng=g), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Flatten(), nn.Linear(8 * 16 * 16, 6, rng=g))
    opt = optim.Adam(model, learning_rate=0.001)
    history = nn.fit(model, "softmax_cross_entropy", opt, X_train, Y_train, epochs=10, batch_size=32,
                     seed=0, X_val=X_test, Y_val=Y_test)
    ax = plot.plot_costs(history["loss"], every=1, label="training")      # one number per epoch
    plot.plot_costs(history["val_loss"], every=1, ax=ax, label="validation")

Layouts: the labels ``Y`` are always ``(n_y, m)`` (0/1 labels in one row, or one-hot columns),
as the losses take them. The examples of ``X`` are on the **first** axis for images
``(m, n_H, n_W, n_C)`` (4-D) and for integer word indices ``(m, T_x)`` fed to a model that starts with an
``Embedding`` (its ``takes_indices``), and on the **second** for everything else (dense ``(n_x, m)``,
sequences ``(n_x, m, T_x)``), the course's layouts.

Determinism: the mini-batches of every epoch are drawn from one ``np.random.Generator`` (``seed``:
an int or a Generator; numpy's global state is never used); for 2-D ``X`` they are exactly
:func:`dlcourse.optim.random_mini_batches`'. With the model built from a seed too, two runs give
the same history bit for bit.
"""
from __future__ import annotations

import numpy as np

from .. import autograd as ag
from .._validate import as_array, check_nonempty, check_positive_int
from ..autograd import Tensor, no_grad
from ..functional.dropout import as_generator
from ..optim import random_mini_batches

__all__ = ["fit", "evaluate", "predict", "mini_batches", "accuracy"]

LOSSES = {"sigmoid_cross_entropy": ag.sigmoid_cross_entropy, "softmax_cross_entropy": ag.softmax_cross_entropy}


def _example_axis(X: np.ndarray, model=None) -> int:
    if model is not None and getattr(model, "takes_indices", False):
        return 0  # word indices (m, T_x): one row per example
    return 0 if X.ndim == 4 else 1


def _check_data(X, Y, name_X: str = "X", name_Y: str = "Y", model=None):
    X = as_array(name_X, X)
    if X.ndim < 2:
        raise ValueError(f"{name_X} has shape {X.shape}: expected dense (n_x, m), images (m, n_H, n_W, n_C) "
                         f"or sequences (n_x, m, T_x)")
    axis = _example_axis(X, model)
    check_nonempty(name_X, X, axis=axis)
    m = X.shape[axis]
    Y = as_array(name_Y, Y)
    if Y.ndim != 2 or Y.shape[1] != m:
        hint = ""
        if Y.ndim == 1:
            hint = (f" (a vector of labels? binary labels are a row: {name_Y}.reshape(1, -1); class indices "
                    f"become one-hot columns: np.eye(C)[{name_Y}].T)")
        elif Y.ndim == 2 and Y.shape[0] == m:
            hint = f" (did you pass {name_Y} of shape (m, n_y)? use {name_Y}.T)"
        layout = ("word indices: examples on axis 0" if model is not None and getattr(model, "takes_indices", False)
                  else "images: examples on axis 0" if axis == 0 else "examples on axis 1")
        raise ValueError(f"{name_X} has shape {X.shape} ({layout}, m = {m}) but {name_Y} has shape {Y.shape}: "
                         f"expected labels (n_y, m={m}){hint}")
    return X, Y, axis


def _loss_fn(loss):
    if isinstance(loss, str):
        if loss not in LOSSES:
            raise ValueError(f"unknown loss {loss!r}; give one of {sorted(LOSSES)} or a function "
                             f"loss(logits, Y) -> a scalar Tensor")
        return LOSSES[loss]
    if not callable(loss):
        raise TypeError(f"loss must be a function loss(logits, Y) -> scalar Tensor or one of {sorted(LOSSES)}, "
                        f"got {type(loss).__name__}")
    return loss


def _is_classification(loss_fn) -> bool:
    return loss_fn in LOSSES.values()


def accuracy(logits, Y) -> float:
    """Fraction of examples classified right, from logits (n_y, m) and labels Y (n_y, m):
    one row (binary): ``logits > 0`` (i.e. sigmoid > 0.5) against the 0/1 labels; several rows:
    the arg-max of the logits against the arg-max of the one-hot labels."""
    Z = logits.data if isinstance(logits, Tensor) else np.asarray(logits)
    Y = np.asarray(Y)
    if Z.shape != Y.shape:
        raise ValueError(f"logits have shape {Z.shape} but Y has shape {Y.shape}")
    if Z.shape[0] == 1:
        return float(np.mean((Z > 0) == (Y > 0.5)))
    return float(np.mean(np.argmax(Z, axis=0) == np.argmax(Y, axis=0)))


def mini_batches(X, Y, batch_size: int, rng) -> list:
    """Shuffle the examples of ``X`` and ``Y`` together (one ``rng.permutation(m)``) and cut them into
    batches of ``batch_size`` (the last one holds what is left). ``X`` is dense (n_x, m) or a sequence
    (examples on axis 1: :func:`dlcourse.optim.random_mini_batches` itself) or images (m, n_H, n_W, n_C)
    (examples on axis 0); ``Y`` is (n_y, m). ``rng``: a Generator (advanced) or an int seed."""
    X, Y, axis = _check_data(X, Y)
    return _shuffled_batches(X, Y, batch_size, rng, axis)


def _shuffled_batches(X, Y, batch_size: int, rng, axis: int) -> list:
    size = check_positive_int("batch_size", batch_size)
    rng = as_generator(rng, "rng")
    if X.ndim == 2 and axis == 1:
        return random_mini_batches(X, Y, size, seed=rng)
    m = X.shape[axis]
    permutation = rng.permutation(m)
    batches = []
    for k in range(0, m, size):
        idx = permutation[k:k + size]
        batches.append((np.take(X, idx, axis=axis), Y[:, idx]))
    return batches


def _batches_in_order(X, Y, axis: int, batch_size):
    m = X.shape[axis]
    size = m if batch_size is None else check_positive_int("batch_size", batch_size)
    for k in range(0, m, size):
        part = slice(k, k + size)
        yield (X[part] if axis == 0 else X[:, part]), (None if Y is None else Y[:, part])


def predict(model, X, batch_size: int | None = None) -> np.ndarray:
    """The model's outputs (logits) for ``X`` in evaluation mode, without recording a graph, as a numpy
    array (n_y, m); ``batch_size`` bounds the memory (the examples in order). The model's mode is restored."""
    X = as_array("X", X)
    if X.ndim < 2:
        raise ValueError(f"X has shape {X.shape}: expected (n_x, m) or (m, n_H, n_W, n_C)")
    axis = _example_axis(X, model)
    check_nonempty("X", X, axis=axis)
    was_training = model.training
    model.eval()
    try:
        with no_grad():
            parts = [model(bx).data for bx, _ in _batches_in_order(X, None, axis, batch_size)]
    finally:
        model.train(was_training)
    return parts[0] if len(parts) == 1 else np.concatenate(parts, axis=1)


def evaluate(model, X, Y, loss=None, batch_size: int | None = None) -> dict:
    """Mean loss and accuracy of ``model`` on ``(X, Y)`` in evaluation mode (no graph recorded).

    ``loss`` as in :func:`fit`; by default the sigmoid cross-entropy when ``Y`` has one row and the
    softmax cross-entropy otherwise. Returns ``{"loss": float, "accuracy": float}`` (no accuracy for
    a custom loss function). ``batch_size`` bounds the memory; the loss is then the mean of the batch
    means weighted by their sizes (the same mean, up to rounding). The model's mode is restored.
    """
    X, Y, axis = _check_data(X, Y, model=model)
    if loss is None:
        loss = "sigmoid_cross_entropy" if Y.shape[0] == 1 else "softmax_cross_entropy"
    loss_fn = _loss_fn(loss)
    m = X.shape[axis]
    total, correct = 0.0, 0.0
    was_training = model.training
    model.eval()
    try:
        with no_grad():
            for bx, by in _batches_in_order(X, Y, axis, batch_size):
                logits = model(bx)
                n = by.shape[1]
                total += float(loss_fn(logits, by).data) * n
                if _is_classification(loss_fn):
                    correct += accuracy(logits, by) * n
    finally:
        model.train(was_training)
    out = {"loss": total / m}
    if _is_classification(loss_fn):
        out["accuracy"] = correct / m
    return out


def fit(model, loss, optimizer, X, Y, epochs: int, batch_size: int = 64, seed=None, X_val=None, Y_val=None,
        progress: bool = True) -> dict:
    """Train ``model`` with ``optimizer`` on mini-batches of ``(X, Y)`` for ``epochs`` epochs.

    * ``loss``: ``"sigmoid_cross_entropy"`` (logits (1, m), 0/1 labels), ``"softmax_cross_entropy"``
      (logits (C, m), one-hot labels), or a function ``loss(logits, Y) -> scalar Tensor`` (add an L2
      term there: ``lambda Z, Y: ag.softmax_cross_entropy(Z, Y) + ag.l2_penalty(weights, lambd, m)``).
    * ``optimizer``: a :mod:`dlcourse.optim` optimiser built on ``model.parameters()``.
    * ``seed``: an int or a ``np.random.Generator`` (required): every epoch draws its shuffle from it.
    * ``X_val, Y_val``: evaluated (:func:`evaluate`, evaluation mode) after every epoch.
    * ``progress``: a ``tqdm.auto`` bar over the epochs (tag the notebook cell ``nbval-ignore-output``).

    Each step: ``optimizer.zero_grad()``, ``loss(model(batch_X), batch_Y).backward()``,
    ``optimizer.step()``, in training mode. Returns the history, one entry per epoch:
    ``{"loss": [...], "accuracy": [...], "val_loss": [...], "val_accuracy": [...]}``, where ``loss``
    and ``accuracy`` are the means over the epoch's mini-batches as they were trained (training
    mode, weights changing during the epoch, weighted by batch size, as Keras reports them);
    accuracies only for the two cross-entropies, ``val_`` entries only with validation data.
    The model is left in the mode it had before. (``BatchNorm1d`` needs at least 2 examples per
    batch in training mode: avoid a ``batch_size`` that leaves a last batch of one example.)
    """
    X, Y, axis = _check_data(X, Y, model=model)
    validate = X_val is not None or Y_val is not None
    if validate:
        if X_val is None or Y_val is None:
            raise ValueError("give both X_val and Y_val (or neither)")
        X_val, Y_val, _ = _check_data(X_val, Y_val, "X_val", "Y_val", model=model)
    epochs = check_positive_int("epochs", epochs)
    size = check_positive_int("batch_size", batch_size)
    if seed is None:
        raise ValueError("fit needs seed (an int or a np.random.Generator) to shuffle the mini-batches "
                         "reproducibly")
    rng = as_generator(seed, "seed")
    loss_fn = _loss_fn(loss)
    classify = _is_classification(loss_fn)
    m = X.shape[axis]
    history = {"loss": []}
    if classify:
        history["accuracy"] = []
    if validate:
        history["val_loss"] = []
        if classify:
            history["val_accuracy"] = []

    from tqdm.auto import tqdm

    was_training = model.training
    bar = tqdm(range(epochs), desc="fit", unit="epoch", disable=not progress)
    try:
        for _ in bar:
            model.train()
            total, correct = 0.0, 0.0
            for bx, by in _shuffled_batches(X, Y, size, rng, axis):
                optimizer.zero_grad()
                logits = model(bx)
                J = loss_fn(logits, by)
                J.backward()
                optimizer.step()
                n = by.shape[1]
                total += float(J.data) * n
                if classify:
                    correct += accuracy(logits, by) * n
            history["loss"].append(total / m)
            if classify:
                history["accuracy"].append(correct / m)
            if validate:
                scores = evaluate(model, X_val, Y_val, loss_fn, batch_size=max(size, 256))
                history["val_loss"].append(scores["loss"])
                if classify:
                    history["val_accuracy"].append(scores["accuracy"])
            bar.set_postfix({k: f"{v[-1]:.4g}" for k, v in history.items()}, refresh=False)
    finally:
        bar.close()
        model.train(was_training)
    return history
