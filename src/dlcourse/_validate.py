"""Argument checking shared by every public function.

The course's conventions are strict (dense data is (features, examples)), and a wrong
shape in numpy usually broadcasts silently into a wrong answer. Every public kernel
therefore checks its inputs and raises ``ValueError`` naming the expected and the
actual shape.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

__all__ = [
    "as_array", "as_float", "eps_for", "check_nonempty", "check_shape", "check_same_shape",
    "check_positive_int", "check_positive_number", "check_labels",
]


def as_float(name: str, x, ndim: int | None = None) -> np.ndarray:
    """Return ``x`` as a float32/float64 array; bool and integer arrays become float64.

    The output dtype follows the input for floating arrays (float16 is widened to float32,
    since its resolution defeats every tolerance in the package). This runs before any
    arithmetic, so ``uint8`` images can never wrap around (``-np.uint8(3)`` is 253).
    """
    x = as_array(name, x, ndim)
    kind = x.dtype.kind
    if kind == "f":
        return x.astype(np.float32) if x.dtype.itemsize < 4 else x
    if kind in "biu":
        return x.astype(np.float64)
    raise TypeError(f"{name} must hold real numbers, got dtype {x.dtype}")


def eps_for(dtype) -> float:
    """A clipping margin that is representable next to 1.0 in ``dtype``.

    ``1 - 1e-15`` rounds to exactly 1.0 in float32, so a fixed 1e-15 does not keep
    ``log(1 - a)`` finite; ten machine epsilons of the array's own dtype do.
    """
    dtype = np.dtype(dtype)
    return 10.0 * float(np.finfo(dtype if dtype.kind == "f" else np.float64).eps)


def check_nonempty(name: str, x, axis: int = -1, what: str = "m (the number of examples)") -> np.ndarray:
    """Refuse an array whose ``axis`` has length 0 (a mean over zero examples is NaN)."""
    if x.ndim == 0 or x.shape[axis] == 0:
        raise ValueError(f"{name} has shape {x.shape}: {what} is 0; an average over no examples is undefined")
    return x


def as_array(name: str, x, ndim: int | None = None) -> np.ndarray:
    """Return ``x`` as a floating/integer numpy array, checking its number of dimensions."""
    if not isinstance(x, np.ndarray):
        if np.isscalar(x) or isinstance(x, (list, tuple)):
            x = np.asarray(x)
        else:
            raise TypeError(f"{name} must be a numpy array, got {type(x).__name__}")
    if x.dtype.kind not in "biufc":  # bool, int, uint, float, complex (a cheap test: it runs every call)
        raise TypeError(f"{name} must hold numbers, got dtype {x.dtype}")
    if ndim is not None and x.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D, got shape {x.shape}")
    return x


def check_shape(name: str, x, expected: Sequence, sizes: dict | None = None) -> np.ndarray:
    """Check ``x.shape`` against ``expected``.

    ``expected`` holds ints (exact size), ``None`` (any size) or strings (a named size that
    must agree everywhere it appears, e.g. ``"m"``). Named sizes are recorded in ``sizes`` so
    that several arrays can be checked against one another.
    """
    x = as_array(name, x, ndim=len(expected))
    sizes = {} if sizes is None else sizes
    for axis, (want, got) in enumerate(zip(expected, x.shape)):
        if want is None:
            continue
        if isinstance(want, str):
            if want in sizes and sizes[want] != got:
                raise ValueError(
                    f"{name} has shape {x.shape} but expected {_fmt(expected, sizes)}: "
                    f"axis {axis} ({want}) should be {sizes[want]}"
                )
            sizes.setdefault(want, got)
        elif got != want:
            raise ValueError(f"{name} has shape {x.shape} but expected {_fmt(expected, sizes)}")
    return x


def check_same_shape(name_a: str, a, name_b: str, b) -> None:
    if np.shape(a) != np.shape(b):
        raise ValueError(f"{name_a} and {name_b} must have the same shape, got {np.shape(a)} and {np.shape(b)}")


def check_positive_int(name: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value <= 0:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def check_positive_number(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)) or not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return float(value)


def check_labels(name: str, y, shape: Sequence | None = None, sizes: dict | None = None) -> np.ndarray:
    """Check that ``y`` only holds 0/1 labels."""
    y = check_shape(name, y, shape, sizes) if shape is not None else as_array(name, y)
    if not np.all((y == 0) | (y == 1)):
        raise ValueError(f"{name} must hold only 0/1 labels, found values {np.unique(y)[:6]}")
    return y


def _fmt(expected: Sequence, sizes: dict) -> str:
    parts = []
    for want in expected:
        if isinstance(want, str) and want in sizes:
            parts.append(f"{want}={sizes[want]}")
        else:
            parts.append("any" if want is None else str(want))
    return "(" + ", ".join(parts) + ")"
