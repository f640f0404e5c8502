"""Numerical gradient checking (Course 2, "Gradient Checking").

The two-sided difference ``(J(theta + eps) - J(theta - eps)) / (2 eps)`` approximates the
derivative with error O(eps^2). We compare it with an analytic gradient through

    difference = ||grad - approx||_2 / (||grad||_2 + ||approx||_2)

which is below ~1e-7 for a correct backward pass in float64.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

__all__ = [
    "numerical_gradient", "gradient_difference", "dictionary_to_vector", "vector_to_dictionary",
    "check_gradients",
]


def numerical_gradient(f: Callable[[], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central-difference gradient of the scalar ``f()`` with respect to the array ``x``.

    ``x`` is perturbed **in place** (one entry at a time) and restored, so ``f`` should read
    the very array object it depends on.
    """
    if not isinstance(x, np.ndarray) or not np.issubdtype(x.dtype, np.floating):
        raise TypeError("x must be a floating-point numpy array (it is perturbed in place)")
    grad = np.zeros_like(x, dtype=float)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    for _ in it:
        idx = it.multi_index
        old = x[idx]
        x[idx] = old + eps
        plus = float(f())
        x[idx] = old - eps
        minus = float(f())
        x[idx] = old
        grad[idx] = (plus - minus) / (2 * eps)
    return grad


def gradient_difference(grad, approx) -> float:
    """Relative difference ``||grad - approx|| / (||grad|| + ||approx||)`` (0 when both are 0)."""
    grad = np.ravel(np.asarray(grad, dtype=float))
    approx = np.ravel(np.asarray(approx, dtype=float))
    if grad.shape != approx.shape:
        raise ValueError(f"gradients have different sizes: {grad.shape} vs {approx.shape}")
    denom = np.linalg.norm(grad) + np.linalg.norm(approx)
    return 0.0 if denom == 0 else float(np.linalg.norm(grad - approx) / denom)


def dictionary_to_vector(params: dict, keys=None):
    """Flatten ``params[k]`` for ``k`` in ``keys`` into one column vector; return it and the layout."""
    keys = list(params) if keys is None else list(keys)
    layout = [(k, np.shape(params[k])) for k in keys]
    vec = np.concatenate([np.ravel(params[k]) for k in keys]).reshape(-1, 1)
    return vec, layout


def vector_to_dictionary(vec, layout) -> dict:
    """Inverse of :func:`dictionary_to_vector`."""
    vec = np.ravel(vec)
    total = sum(int(np.prod(shape)) for _, shape in layout)
    if vec.size != total:
        raise ValueError(f"vector has {vec.size} entries but the layout needs {total}")
    out, start = {}, 0
    for key, shape in layout:
        n = int(np.prod(shape))
        out[key] = vec[start:start + n].reshape(shape)
        start += n
    return out


def check_gradients(f: Callable[[], float], arrays: dict, analytic: dict, eps: float = 1e-6) -> dict:
    """Compare analytic gradients with numerical ones for each named array.

    ``f()`` computes the scalar objective from the arrays in ``arrays`` (perturbed in place);
    ``analytic[name]`` is the claimed gradient of ``f`` with respect to ``arrays[name]``.
    Returns ``{name: relative difference}``.
    """
    out = {}
    for name, x in arrays.items():
        if name not in analytic:
            raise KeyError(f"no analytic gradient given for {name!r}")
        num = numerical_gradient(f, x, eps)
        if np.shape(analytic[name]) != x.shape:
            raise ValueError(f"analytic gradient for {name!r} has shape {np.shape(analytic[name])}, expected {x.shape}")
        out[name] = gradient_difference(analytic[name], num)
    return out
