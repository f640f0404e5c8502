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
    "compute_dtype", "as_dtype", "check_same_dtype",
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


# --- one precision per computation -------------------------------------------------------------------
# A float32 array meeting a float64 one makes numpy compute, and return, float64: a float32 model would
# silently run (and train) in float64. Every kernel therefore computes in one precision and refuses a
# mix, with a TypeError that names both arrays and says how to cast. Two entry points, one rule:
#
# * compute_dtype / as_dtype (the image kernels, which also take integer pictures): the precision is
#   that of the first floating-point argument; integer and bool arrays are converted to it, another
#   float precision is refused;
# * check_same_dtype (the dense and batch-norm kernels, the autograd tape), for arrays that are already
#   float (after as_float): all must share the first one's dtype.
#
# (They lived in functional/_images.py and functional/layers.py, which re-export them; the messages are
# unchanged.)

def compute_dtype(*arrays) -> np.dtype:
    """The precision a kernel computes in: that of its first floating-point argument.

    Integer and bool arguments (uint8 pictures, say) follow the float arguments; when
    nothing is floating the kernel computes in float64, as :func:`as_float` does.
    """
    for x in arrays:
        dtype = np.asarray(x).dtype
        if dtype.kind == "f":
            return np.dtype(np.float32) if dtype.itemsize < 4 else dtype
    return np.dtype(np.float64)


def as_dtype(name: str, x, dtype: np.dtype, other: str) -> np.ndarray:
    """``x`` as a ``dtype`` array; integers are converted, a different float precision is refused.

    Mixing float32 and float64 would make numpy silently compute (and return) float64.
    """
    x = as_array(name, x)
    if x.dtype.kind in "biu":
        return x.astype(dtype)
    x = as_float(name, x)
    if x.dtype != dtype:
        raise TypeError(
            f"{name} is {x.dtype} but {other} is {dtype}: a kernel computes in one precision, "
            f"cast one of them (e.g. {name}.astype(np.{dtype}))"
        )
    return x


def check_same_dtype(**arrays) -> np.dtype:
    """Refuse arrays of different float dtypes (mixing would upcast float32 to float64 silently)."""
    items = list(arrays.items())
    first_name, first = items[0]
    for name, x in items[1:]:
        if x.dtype != first.dtype:
            raise TypeError(
                f"{first_name} is {first.dtype} but {name} is {x.dtype}: one layer computes in one dtype "
                f"(cast the data with .astype({first_name}.dtype), or build the model in {x.dtype})")
    return first.dtype


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
