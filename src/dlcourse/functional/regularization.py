"""L2 regularization (Course 2, week 1), in the course's form.

The regularized cost adds the squared Frobenius norms of the weight matrices::

    J_reg = J + lambd / (2 m) * sum_l ||W^[l]||_F^2

so every weight gradient gets the extra term ``d/dW^[l] = (lambd / m) W^[l]`` (biases are not
regularized). The ``m`` is there because the course scales the penalty with the training
set size (it divides by the same ``m`` as the mean of the losses); with mini-batches,
``m`` stays the size of the whole training set. A gradient-descent step then multiplies
``W`` by ``(1 - learning_rate * lambd / m)`` before the data term: "weight decay".

These are terms to add, not layers with a cache: :func:`l2_cost` returns the number to add
to the cost, :func:`l2_grad` the array to add to ``dW``.
"""
from __future__ import annotations

import numpy as np

from .._validate import as_float, check_positive_int

__all__ = ["l2_cost", "l2_grad", "weight_names"]


def _check_lambd(lambd) -> float:
    if isinstance(lambd, bool) or not isinstance(lambd, (int, float, np.integer, np.floating)) \
            or not np.isfinite(lambd) or lambd < 0:
        raise ValueError(f"lambd (the L2 regularization strength) must be a finite number >= 0, got {lambd!r}")
    return float(lambd)


def weight_names(parameters: dict) -> list[str]:
    """The keys of the weight matrices in a course-style dict: ``W1, W2, ...`` (not ``b1, ...``)."""
    return [k for k in parameters if k.startswith("W")]


def l2_cost(weights, lambd: float, m: int) -> float:
    """``lambd / (2 m) * sum ||W||^2`` over ``weights``.

    ``weights`` is a course-style parameter dict (its ``W*`` entries are used) or a list of arrays.
    """
    lambd, m = _check_lambd(lambd), check_positive_int("m (the number of training examples)", m)
    if isinstance(weights, dict):
        arrays = [weights[k] for k in weight_names(weights)]
        if not arrays:
            raise ValueError(f"parameters has no weight matrices W1, W2, ... (keys: {sorted(weights)})")
    else:
        arrays = list(weights)
    total = 0.0
    for i, W in enumerate(arrays):
        W = as_float(f"weights[{i}]", W)
        total += float(np.sum(W * W))
    return lambd / (2 * m) * total


def l2_grad(W, lambd: float, m: int) -> np.ndarray:
    """``(lambd / m) W``: the penalty's gradient, to add to ``dW`` (same shape and dtype as W)."""
    lambd, m = _check_lambd(lambd), check_positive_int("m (the number of training examples)", m)
    W = as_float("W", W)
    return W * W.dtype.type(lambd / m)
