"""Optimisers working on ``(parameters, grads)`` dicts in the course's naming
(``W1, b1, ...`` and ``dW1, db1, ...``).

Course 1 needs plain batch gradient descent; Course 2 adds momentum, RMSprop, Adam,
mini-batches and learning-rate schedules here.
"""
from __future__ import annotations

import numpy as np

from ._validate import check_positive_number

__all__ = ["sgd_update", "matching_grads"]


def matching_grads(parameters: dict, grads: dict) -> dict:
    """Return ``{name: grad}`` pairing each parameter ``p`` with ``grads['d' + p]``.

    Raises ``ValueError`` for a missing gradient or a gradient of the wrong shape.
    """
    paired = {}
    for name, value in parameters.items():
        key = "d" + name
        if key not in grads:
            raise ValueError(f"grads has no {key!r} for parameter {name!r} (grads keys: {sorted(grads)})")
        if np.shape(grads[key]) != np.shape(value):
            raise ValueError(f"{key} has shape {np.shape(grads[key])} but {name} has shape {np.shape(value)}")
        paired[name] = grads[key]
    return paired


def sgd_update(parameters: dict, grads: dict, learning_rate: float) -> dict:
    """One step of gradient descent, theta <- theta - alpha * d theta. Returns a new dict."""
    lr = check_positive_number("learning_rate", learning_rate)
    paired = matching_grads(parameters, grads)
    return {name: value - lr * paired[name] for name, value in parameters.items()}
