"""Fully connected (dense) layer kernels in the course's layout.

Activations are column-stacked: ``A`` has shape ``(n_features, m)``; a layer holds
``W`` of shape ``(n_out, n_in)`` and ``b`` of shape ``(n_out, 1)``.

Gradient convention (the course's): the cost is the mean of the per-example losses,
``J = (1/m) sum_i L(i)``. Activation gradients such as ``dZ`` and ``dA`` hold the
per-example derivatives ``dL(i)/dZ`` (one column per example, *not* divided by ``m``);
the ``1/m`` of the mean is applied once, where the parameter gradients are formed:
``dW = (1/m) dZ A_prev^T`` and ``db = (1/m) sum_i dZ(i)``. ``dW`` and ``db`` are
therefore the true gradients of ``J``.
"""
from __future__ import annotations

import numpy as np

from .._validate import check_shape
from .activations import activation_backward, activation_forward

__all__ = ["linear_forward", "linear_backward", "linear_activation_forward", "linear_activation_backward"]


def linear_forward(A_prev, W, b):
    """Z = W A_prev + b.

    Shapes: A_prev (n_in, m), W (n_out, n_in), b (n_out, 1) -> Z (n_out, m).
    Returns ``(Z, cache)`` with ``cache = (A_prev, W, b)``.
    """
    sizes: dict = {}
    W = check_shape("W", W, ("n_out", "n_in"), sizes)
    A_prev = check_shape("A_prev", A_prev, ("n_in", "m"), sizes)
    b = check_shape("b", b, ("n_out", 1), sizes)
    Z = W @ A_prev + b
    return Z, (A_prev, W, b)


def linear_backward(dZ, cache, compute_dA_prev: bool = True):
    """Backward pass of ``linear_forward``.

    dZ (n_out, m) -> dA_prev (n_in, m), dW (n_out, n_in), db (n_out, 1).
    With ``compute_dA_prev=False`` (the first layer during training, whose input is the data)
    ``dA_prev`` is returned as ``None``: for image inputs it is the largest product of the pass.
    """
    A_prev, W, b = cache
    m = A_prev.shape[1]
    check_shape("dZ", dZ, (W.shape[0], m))
    dW = (dZ @ A_prev.T) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ if compute_dA_prev else None
    return dA_prev, dW, db


def linear_activation_forward(A_prev, W, b, activation: str):
    """A = g(W A_prev + b) for ``activation`` in ``ACTIVATIONS`` ('relu', 'sigmoid', 'tanh', ...).

    Returns ``(A, cache)`` with ``cache = (linear_cache, activation_cache)``.
    """
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, activation_cache = activation_forward(Z, activation)
    return A, (linear_cache, activation_cache)


def linear_activation_backward(dA, cache, activation: str, compute_dA_prev: bool = True):
    """Backward pass of ``linear_activation_forward``: returns ``(dA_prev, dW, db)``."""
    linear_cache, activation_cache = cache
    dZ = activation_backward(dA, activation_cache, activation)
    return linear_backward(dZ, linear_cache, compute_dA_prev)
