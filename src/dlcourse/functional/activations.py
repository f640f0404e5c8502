"""Activation functions as forward/backward pairs.

Every ``*_forward(Z)`` returns ``(A, cache)`` and every ``*_backward(dA, cache)`` returns
``dZ = dA * g'(Z)``, elementwise. The cache is whatever the backward pass needs (here ``Z``
or ``A``). Plain functions (``sigmoid``, ``relu``...) and their derivatives are also exported
for the chapters that introduce them one at a time.
"""
from __future__ import annotations

import numpy as np

from .._validate import as_array, check_same_shape

__all__ = [
    "sigmoid", "sigmoid_derivative", "relu", "relu_derivative", "tanh", "tanh_derivative",
    "leaky_relu", "leaky_relu_derivative", "softmax",
    "sigmoid_forward", "sigmoid_backward", "relu_forward", "relu_backward",
    "tanh_forward", "tanh_backward", "leaky_relu_forward", "leaky_relu_backward",
    "softmax_forward", "softmax_backward", "ACTIVATIONS", "activation_forward", "activation_backward",
]


# --- plain functions -----------------------------------------------------------------------

def sigmoid(z):
    """Logistic sigmoid 1 / (1 + exp(-z)), computed without overflow for large |z|."""
    z = as_array("z", z)
    # exp(-|z|) never overflows, and neither branch subtracts nearly equal numbers.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def relu(z):
    return np.maximum(0, as_array("z", z))


def relu_derivative(z):
    """ReLU'(z): 1 where z > 0, else 0 (the subgradient 0 is used at z == 0)."""
    return (as_array("z", z) > 0).astype(float)


def tanh(z):
    return np.tanh(as_array("z", z))


def tanh_derivative(z):
    return 1.0 - np.tanh(as_array("z", z)) ** 2


def leaky_relu(z, alpha: float = 0.01):
    z = as_array("z", z)
    return np.where(z > 0, z, alpha * z)


def leaky_relu_derivative(z, alpha: float = 0.01):
    return np.where(as_array("z", z) > 0, 1.0, alpha)


def softmax(z, axis: int = 0):
    """Softmax along ``axis`` (classes are rows, axis 0, in the course's layout)."""
    z = as_array("z", z)
    shifted = z - np.max(z, axis=axis, keepdims=True)  # exp never overflows
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


# --- forward / backward pairs ----------------------------------------------------------------

def sigmoid_forward(Z):
    A = sigmoid(Z)
    return A, A


def sigmoid_backward(dA, cache):
    A = cache
    check_same_shape("dA", dA, "cached activation", A)
    return dA * A * (1.0 - A)


def relu_forward(Z):
    Z = as_array("Z", Z)
    return np.maximum(0, Z), Z


def relu_backward(dA, cache):
    Z = cache
    check_same_shape("dA", dA, "cached Z", Z)
    return np.where(Z > 0, dA, 0.0)


def tanh_forward(Z):
    A = np.tanh(as_array("Z", Z))
    return A, A


def tanh_backward(dA, cache):
    A = cache
    check_same_shape("dA", dA, "cached activation", A)
    return dA * (1.0 - A ** 2)


def leaky_relu_forward(Z, alpha: float = 0.01):
    Z = as_array("Z", Z)
    return np.where(Z > 0, Z, alpha * Z), (Z, alpha)


def leaky_relu_backward(dA, cache):
    Z, alpha = cache
    check_same_shape("dA", dA, "cached Z", Z)
    return np.where(Z > 0, dA, alpha * dA)


def softmax_forward(Z):
    """Softmax over the classes axis (axis 0): Z has shape (C, m)."""
    Z = as_array("Z", Z, ndim=2)
    A = softmax(Z, axis=0)
    return A, A


def softmax_backward(dA, cache):
    """Full softmax Jacobian-vector product: dZ = A * (dA - sum(dA * A, axis=0))."""
    A = cache
    check_same_shape("dA", dA, "cached activation", A)
    return A * (dA - np.sum(dA * A, axis=0, keepdims=True))


ACTIVATIONS = {
    "sigmoid": (sigmoid_forward, sigmoid_backward),
    "relu": (relu_forward, relu_backward),
    "tanh": (tanh_forward, tanh_backward),
    "leaky_relu": (leaky_relu_forward, leaky_relu_backward),
    "softmax": (softmax_forward, softmax_backward),
    "linear": (lambda Z: (as_array("Z", Z), None), lambda dA, cache: dA),
}


def _lookup(name: str):
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(f"unknown activation {name!r}; choose one of {sorted(ACTIVATIONS)}") from None


def activation_forward(Z, name: str):
    return _lookup(name)[0](Z)


def activation_backward(dA, cache, name: str):
    return _lookup(name)[1](dA, cache)
