"""Fully connected (dense) layer kernels in the course's layout.

Activations are column-stacked: ``A`` has shape ``(n_features, m)``; a layer holds
``W`` of shape ``(n_out, n_in)`` and ``b`` of shape ``(n_out, 1)``.

Gradient convention (the course's): the cost is the mean of the per-example losses,
``J = (1/m) sum_i L(i)``. Activation gradients such as ``dZ`` and ``dA`` hold the
per-example derivatives ``dL(i)/dZ`` (one column per example, *not* divided by ``m``);
the ``1/m`` of the mean is applied once, where the parameter gradients are formed:
``dW = (1/m) dZ A_prev^T`` and ``db = (1/m) sum_i dZ(i)``. ``dW`` and ``db`` are
therefore the true gradients of ``J``.

Caches keep the course's plain layout, which chapter 1.5 and its graders build by hand:
``linear_cache = (A_prev, W, b)`` and a layer's cache ``(linear_cache, activation_cache)``
(see :mod:`dlcourse.functional.activations` for the activation caches).
"""
from __future__ import annotations

import numpy as np

from .._validate import as_float, check_nonempty, check_shape
from ._cache import Cache
from .activations import activation_backward, activation_forward

__all__ = ["linear_forward", "linear_backward", "linear_activation_forward", "linear_activation_backward"]


def linear_forward(A_prev, W, b):
    """Z = W A_prev + b.

    Shapes: A_prev (n_in, m), W (n_out, n_in), b (n_out, 1) -> Z (n_out, m).
    Returns ``(Z, cache)`` with ``cache = (A_prev, W, b)``.
    """
    sizes: dict = {}
    W = check_shape("W", as_float("W", W), ("n_out", "n_in"), sizes)
    try:
        A_prev = check_shape("A_prev", as_float("A_prev", A_prev), ("n_in", "m"), sizes)
    except ValueError as exc:
        A = np.asarray(A_prev)
        hint = " (did you pass the transpose? examples are columns: A_prev is (n_in, m))" \
            if A.ndim == 2 and A.shape[1] == W.shape[1] else ""
        raise ValueError(f"{exc}{hint}") from None
    b = check_shape("b", as_float("b", b), ("n_out", 1), sizes)
    Z = W @ A_prev + b
    return Z, (A_prev, W, b)


def _open_linear_cache(cache):
    if isinstance(cache, Cache):
        raise TypeError(f"linear_backward was given the cache of {cache.kernel}_forward: pass the linear_cache "
                        f"(A_prev, W, b) that linear_forward returned for this layer")
    if not isinstance(cache, (tuple, list)) or len(cache) != 3:
        what = f"a {type(cache).__name__} of {len(cache)} items" if isinstance(cache, (tuple, list)) \
            else type(cache).__name__
        raise TypeError(f"linear_backward expects linear_cache = (A_prev, W, b) from linear_forward, got {what} "
                        f"(did you pass the layer cache (linear_cache, activation_cache) instead of its first part?)")
    sizes: dict = {}
    A_prev, W, b = cache
    W = check_shape("the cached W", W, ("n_out", "n_in"), sizes)
    A_prev = check_shape("the cached A_prev", A_prev, ("n_in", "m"), sizes)
    check_shape("the cached b", b, ("n_out", 1), sizes)
    check_nonempty("the cached A_prev", A_prev)
    return A_prev, W


def linear_backward(dZ, cache, compute_dA_prev: bool = True):
    """Backward pass of ``linear_forward``.

    dZ (n_out, m) -> dA_prev (n_in, m), dW (n_out, n_in), db (n_out, 1).
    With ``compute_dA_prev=False`` (the first layer during training, whose input is the data)
    ``dA_prev`` is returned as ``None``: for image inputs it is the largest product of the pass.
    """
    A_prev, W = _open_linear_cache(cache)
    m = A_prev.shape[1]
    dZ = check_shape("dZ", as_float("dZ", dZ), (W.shape[0], m))
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
    if not isinstance(cache, (tuple, list)) or len(cache) != 2:
        what = f"a {type(cache).__name__} of {len(cache)} items" if isinstance(cache, (tuple, list)) \
            else type(cache).__name__
        raise TypeError(f"linear_activation_backward expects the layer cache (linear_cache, activation_cache) "
                        f"from linear_activation_forward, got {what}")
    linear_cache, activation_cache = cache
    dZ = activation_backward(dA, activation_cache, activation)
    return linear_backward(dZ, linear_cache, compute_dA_prev)
