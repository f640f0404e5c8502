"""Numerical gradient checking (Course 2, "Gradient Checking").

The two-sided difference ``(J(theta + eps) - J(theta - eps)) / (2 eps)`` approximates the
derivative with error O(eps^2). We compare it with an analytic gradient through

    difference = ||grad - approx||_2 / (||grad||_2 + ||approx||_2)

which is below ~1e-7 for a correct backward pass in float64. In float32 the function itself is
only resolved to ~6e-8, so the step grows to ~5e-3 and a correct gradient scores ~1e-3; the
check warns (:class:`GradcheckPrecisionWarning`) and suggests running it in float64.
"""
from __future__ import annotations

from typing import Callable

import warnings

import numpy as np

__all__ = [
    "numerical_gradient", "GradcheckPrecisionWarning", "EPS64", "EPS32", "gradient_difference", "dictionary_to_vector", "vector_to_dictionary",
    "check_gradients", "verdict", "VERDICT_BANDS",
]


#: Default step for float64 arrays: its O(eps^2) truncation error and the rounding error of
#: ``f`` divided by eps (~1e-16 / eps) are both ~1e-10 relative.
EPS64 = 1e-6
#: float32 resolves only ~6e-8 relative, so a 1e-6 step is below the noise of ``f`` and the
#: estimate is ~10% off; the step that balances truncation and rounding is ~eps_machine^(1/3).
EPS32 = float(np.cbrt(np.finfo(np.float32).eps))


class GradcheckPrecisionWarning(UserWarning):
    """A gradient check runs in a dtype whose resolution limits its accuracy (float32)."""


def _step_for(x: np.ndarray, eps) -> float:
    """The perturbation for ``x``: ``eps`` if given, else a step suited to its dtype (see EPS32)."""
    if x.dtype == np.float64:
        return EPS64 if eps is None else float(eps)
    if x.dtype == np.float32:
        step = EPS32 if eps is None else float(eps)
        warnings.warn(
            f"gradient check in float32 with step {step:.1e}: float32 resolves ~6e-8, so expect a relative "
            f"difference near 1e-3 for a correct gradient (not 1e-7); for a sharp check build the arrays "
            f"in float64 (x.astype(np.float64)) and run it there", GradcheckPrecisionWarning, stacklevel=3)
        if step < 100 * np.finfo(np.float32).eps:
            warnings.warn(f"step {step:.1e} is below float32's resolution: the estimate is noise; use eps=None "
                          f"(a step of {EPS32:.1e}) or float64 arrays", GradcheckPrecisionWarning, stacklevel=3)
        return step
    raise TypeError(f"x has dtype {x.dtype}: a gradient check needs float32 or float64 (float16 cannot resolve "
                    f"the perturbation)")


def numerical_gradient(f: Callable[[], float], x: np.ndarray, eps: float | None = None) -> np.ndarray:
    """Central-difference gradient of the scalar ``f()`` with respect to the array ``x``.

    ``x`` is perturbed **in place** (one entry at a time) and restored, so ``f`` should read
    the very array object it depends on. ``x`` is restored even when ``f`` raises.

    ``eps=None`` picks the step from the dtype of ``x``: 1e-6 in float64, ~4.9e-3 (the cube
    root of float32's machine epsilon) in float32, where a :class:`GradcheckPrecisionWarning`
    says the check is only good to ~1e-3 and suggests float64. In float32 the difference is
    divided by the step actually taken (``x + eps`` rounded to float32), not by ``2 eps``.
    """
    if not isinstance(x, np.ndarray) or not np.issubdtype(x.dtype, np.floating):
        raise TypeError("x must be a floating-point numpy array (it is perturbed in place)")
    if eps is not None and (isinstance(eps, bool) or not np.isfinite(eps) or eps <= 0):
        raise ValueError(f"eps must be a positive number or None, got {eps!r}")
    step = _step_for(x, eps)
    exact = x.dtype == np.float64
    grad = np.zeros_like(x, dtype=float)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        try:
            x[idx] = old + step
            hi = float(x[idx])
            plus = float(f())
            x[idx] = old - step
            lo = float(x[idx])
            minus = float(f())
        finally:
            x[idx] = old
        if not (np.isfinite(plus) and np.isfinite(minus)):
            raise ValueError(f"f() is not finite ({plus}, {minus}) with entry {idx} of x moved by +/-{step:g}")
        grad[idx] = (plus - minus) / (2 * step if exact else hi - lo)
    return grad


def gradient_difference(grad, approx) -> float:
    """Relative difference ``||grad - approx|| / (||grad|| + ||approx||)`` (0 when both are 0)."""
    grad = np.ravel(np.asarray(grad, dtype=float))
    approx = np.ravel(np.asarray(approx, dtype=float))
    if grad.shape != approx.shape:
        raise ValueError(f"gradients have different sizes: {grad.shape} vs {approx.shape}")
    denom = np.linalg.norm(grad) + np.linalg.norm(approx)
    return 0.0 if denom == 0 else float(np.linalg.norm(grad - approx) / denom)


#: The course's reading of a float64 relative difference: (upper bound, verdict), in increasing order.
VERDICT_BANDS = (
    (1e-7, "below 1e-7: ok"),
    (1e-5, "between 1e-7 and 1e-5: probably ok, look closer"),
    (1e-3, "between 1e-5 and 1e-3: suspicious, look closer"),
    (np.inf, "above 1e-3: WRONG"),
)


def verdict(difference) -> str:
    """The course's verdict on a float64 relative difference (see :data:`VERDICT_BANDS`).

    A difference is a property of the rounding errors below ~1e-7, so its digits change from one
    CPU or BLAS to another; a verdict does not, as long as the difference stays far from a band's
    edge. NaN (a non-finite cost) is ``"not a number: WRONG"``. For float32 checks, which score 1e-6
    to 1e-3 when correct, compare with a float64 run instead.
    """
    d = float(difference)
    if np.isnan(d):
        return "not a number: WRONG"
    if d < 0:
        raise ValueError(f"a relative difference is >= 0, got {d!r} (did the denominator lose its norms?)")
    for bound, text in VERDICT_BANDS:
        if d < bound:
            return text
    return VERDICT_BANDS[-1][1]


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


def check_gradients(f: Callable[[], float], arrays: dict, analytic: dict, eps: float | None = None) -> dict:
    """Compare analytic gradients with numerical ones for each named array.

    ``f()`` computes the scalar objective from the arrays in ``arrays`` (perturbed in place);
    ``analytic[name]`` is the claimed gradient of ``f`` with respect to ``arrays[name]``.
    Returns ``{name: relative difference}``. The step follows each array's dtype unless ``eps``
    is given (see :func:`numerical_gradient`; float32 arrays warn that the check is coarse).
    """
    out = {}
    for name, x in arrays.items():
        if name not in analytic:
            raise KeyError(f"no analytic gradient given for {name!r}")
        if np.shape(analytic[name]) != np.shape(x):
            raise ValueError(f"analytic gradient for {name!r} has shape {np.shape(analytic[name])}, expected {np.shape(x)}")
        num = numerical_gradient(f, x, eps)
        out[name] = gradient_difference(analytic[name], num)
    return out
