"""Checks and strided views shared by the image kernels (conv, pool, spatial).

Images use the course's layout ``(m, n_H, n_W, n_C)``: examples, height, width, channels
(channels last, so one pixel's channels are adjacent in memory).
"""
from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import as_strided

from .._validate import as_dtype, check_nonempty, compute_dtype  # noqa: F401 (re-exported)

LAYOUT = "(m, n_H, n_W, n_C)"


def check_images(name: str, X, dtype: np.dtype, n_C: int | None = None, n_C_source: str = "") -> np.ndarray:
    """Check that ``X`` is a non-empty batch of images ``(m, n_H, n_W, n_C)`` of ``dtype``.

    With ``n_C`` given, the channel axis must have that size; ``n_C_source`` says where the
    expectation comes from (e.g. "W's n_C_prev"), and a channels-first array is diagnosed.
    """
    X = as_dtype(name, X, dtype, "the layer")
    if X.ndim != 4:
        hint = " (a single image? add the example axis: X[np.newaxis])" if X.ndim == 3 else ""
        raise ValueError(f"{name} must be a 4-D batch of images {LAYOUT}, got shape {X.shape}{hint}")
    check_nonempty(name, X, axis=0)
    if n_C is not None and X.shape[3] != n_C:
        hint = ""
        if X.shape[1] == n_C:
            hint = f"; did you pass channels-first (m, C, H, W)? use {name}.transpose(0, 2, 3, 1)"
        raise ValueError(
            f"{name} has shape {X.shape}: expected {LAYOUT} with n_C = {n_C} ({n_C_source}), "
            f"got {X.shape[3]} channels on the last axis{hint}"
        )
    return X


def hyper_int(hparameters, key: str, minimum: int = 1) -> int:
    """Read the integer hyperparameter ``hparameters[key]`` (at least ``minimum``)."""
    if not isinstance(hparameters, dict):
        raise TypeError(f"hparameters must be a dict such as {{'{key}': ...}}, got {type(hparameters).__name__}")
    if key not in hparameters:
        raise KeyError(f"hparameters has no {key!r} (it has {sorted(hparameters)})")
    value = hparameters[key]
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"hparameters[{key!r}] must be an integer >= {minimum}, got {value!r}")
    return int(value)


def output_size(what: str, shape, f: int, stride: int, pad: int = 0) -> tuple[int, int]:
    """``n_H, n_W = (n_H_prev + 2 pad - f) / stride + 1``, refusing geometry that does not tile.

    The course's formula floors the division, silently ignoring the last rows or columns
    when the stride does not divide ``n_H_prev + 2 pad - f``; here that is an error.
    """
    sizes = []
    for axis, n in (("height", shape[1]), ("width", shape[2])):
        padded = n + 2 * pad
        if f > padded:
            raise ValueError(
                f"{what}: the {f}x{f} window is larger than the input's {axis} {n}"
                + (f" padded to {padded}" if pad else "") + " (too many layers shrinking the image, or pad too small?)"
            )
        if (padded - f) % stride:
            raise ValueError(
                f"{what}: stride {stride} does not tile the {axis}: ({n} + 2*{pad} - {f}) = {padded - f} "
                f"is not a multiple of {stride}, so the last {(padded - f) % stride} row(s)/column(s) "
                f"would be ignored; change pad or f, or crop the input"
            )
        sizes.append((padded - f) // stride + 1)
    return sizes[0], sizes[1]


def windows(A: np.ndarray, f: int, stride: int, n_H: int, n_W: int) -> np.ndarray:
    """A read-only view ``V`` of shape ``(m, n_H, n_W, f, f, n_C)`` with ``V[i, h, w] = A[i, window (h, w)]``.

    No number is copied: output position ``(h, w)`` starts ``stride`` rows/columns further
    than its neighbour, and inside the window rows and columns step exactly as in ``A``.
    """
    s_m, s_h, s_w, s_c = A.strides
    m, _, _, n_C = A.shape
    return as_strided(A, shape=(m, n_H, n_W, f, f, n_C),
                      strides=(s_m, stride * s_h, stride * s_w, s_h, s_w, s_c), writeable=False)


def offset(X: np.ndarray, i: int, j: int, stride: int, n_H: int, n_W: int) -> np.ndarray:
    """The slice of ``X`` seen at offset ``(i, j)`` of every window: ``X[:, i + stride*h, j + stride*w]``.

    It is ``windows(X, ...)[:, :, :, i, j]``, but as a basic slice it can also be written to.
    """
    return X[:, i:i + stride * (n_H - 1) + 1:stride, j:j + stride * (n_W - 1) + 1:stride, :]
