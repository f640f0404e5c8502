"""Loss functions: each returns the scalar cost (mean over examples) and has a backward.

Backward functions return per-example derivatives (one column per example, not divided
by ``m``), matching the convention documented in :mod:`dlcourse.functional.dense`.
"""
from __future__ import annotations

import numpy as np

from .._validate import as_array, check_labels, check_same_shape
from .activations import sigmoid, softmax

__all__ = [
    "binary_cross_entropy", "binary_cross_entropy_backward",
    "sigmoid_cross_entropy_with_logits", "sigmoid_cross_entropy_with_logits_backward",
    "categorical_cross_entropy", "categorical_cross_entropy_backward",
    "softmax_cross_entropy", "softmax_cross_entropy_backward",
    "EPS",
]

#: Probabilities are kept inside [EPS, 1 - EPS] before taking logs, so a saturated
#: prediction gives a large finite cost instead of ``inf``/``nan``.
EPS = 1e-15


def _check_probs(name, A):
    A = as_array(name, A)
    if np.any(~np.isfinite(A)) or np.any(A < 0) or np.any(A > 1):
        raise ValueError(f"{name} must hold probabilities in [0, 1] (did you pass logits?)")
    return A


def binary_cross_entropy(A, Y) -> float:
    """J = -(1/m) sum[ y log a + (1 - y) log(1 - a) ] for A, Y of shape (1, m)."""
    A = _check_probs("A", A)
    check_same_shape("A", A, "Y", Y)
    Y = check_labels("Y", Y)
    m = A.shape[-1]
    A = np.clip(A, EPS, 1 - EPS)
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)


def binary_cross_entropy_backward(A, Y):
    """dL/dA = -(y/a - (1-y)/(1-a)), per example."""
    A = _check_probs("A", A)
    check_same_shape("A", A, "Y", Y)
    A = np.clip(A, EPS, 1 - EPS)
    return -(Y / A - (1 - Y) / (1 - A))


def sigmoid_cross_entropy_with_logits(Z, Y) -> float:
    """Binary cross-entropy of sigmoid(Z), computed from the logits without overflow."""
    Z = as_array("Z", Z)
    check_same_shape("Z", Z, "Y", Y)
    Y = check_labels("Y", Y)
    m = Z.shape[-1]
    # -[y log s(z) + (1-y) log(1-s(z))] = max(z,0) - z y + log(1 + exp(-|z|))
    losses = np.maximum(Z, 0) - Z * Y + np.log1p(np.exp(-np.abs(Z)))
    return float(np.sum(losses) / m)


def sigmoid_cross_entropy_with_logits_backward(Z, Y):
    """dL/dZ = sigmoid(Z) - Y, per example."""
    check_same_shape("Z", Z, "Y", Y)
    return sigmoid(Z) - Y


def _check_one_hot(Y, shape):
    Y = as_array("Y", Y, ndim=2)
    if Y.shape != shape:
        raise ValueError(f"Y must be one-hot with shape {shape} (classes, m), got {Y.shape}")
    if not (np.all((Y == 0) | (Y == 1)) and np.all(Y.sum(axis=0) == 1)):
        raise ValueError("Y must be one-hot: each column holds a single 1")
    return Y


def categorical_cross_entropy(A, Y) -> float:
    """J = -(1/m) sum_i sum_k y_k log a_k for A (probabilities), Y one-hot, both (C, m)."""
    A = _check_probs("A", as_array("A", A, ndim=2))
    Y = _check_one_hot(Y, A.shape)
    return float(-np.sum(Y * np.log(np.clip(A, EPS, 1.0))) / A.shape[1])


def categorical_cross_entropy_backward(A, Y):
    A = _check_probs("A", as_array("A", A, ndim=2))
    Y = _check_one_hot(Y, A.shape)
    return -Y / np.clip(A, EPS, 1.0)


def softmax_cross_entropy(Z, Y) -> float:
    """Cross-entropy of softmax(Z) from logits Z (C, m), computed stably with log-sum-exp."""
    Z = as_array("Z", Z, ndim=2)
    Y = _check_one_hot(Y, Z.shape)
    shifted = Z - Z.max(axis=0, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True))
    return float(-np.sum(Y * log_probs) / Z.shape[1])


def softmax_cross_entropy_backward(Z, Y):
    """dL/dZ = softmax(Z) - Y, per example."""
    Z = as_array("Z", Z, ndim=2)
    Y = _check_one_hot(Y, Z.shape)
    return softmax(Z, axis=0) - Y
