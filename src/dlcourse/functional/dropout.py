"""Inverted dropout (Course 2, week 1, "Regularization").

During training every unit of ``A`` is kept with probability ``keep_prob`` and zeroed
otherwise; the kept units are divided by ``keep_prob`` so that the expected value of each
unit is unchanged and nothing needs rescaling at test time ("inverted" dropout)::

    D = (U < keep_prob),  U ~ Uniform[0, 1) of A's shape
    out = A * D / keep_prob                    (training)
    out = A                                    (evaluation: train=False)
    dA  = dout * D / keep_prob                 (backward: the same mask)

The 0/1 mask ``D`` (in A's dtype) is cached; both passes multiply by ``D`` and then divide by
``keep_prob``, in the course's order of operations, so the numbers agree bit for bit with the
course's ``A = A * D; A = A / keep_prob``. Random numbers come from an
explicit ``np.random.Generator`` (or an integer seed), never from numpy's global state:
a seed fixes the mask. The uniforms are always drawn in float64, so a float32 and a
float64 network given the same generator drop the same units.

Works for any layout (dense ``(features, m)``, images ``(m, H, W, C)``, ...): the mask has
the shape of ``A``. No 1/m anywhere (plain chain rule).
"""
from __future__ import annotations

import numpy as np

from .._validate import as_float
from ._cache import Cache, open_cache

__all__ = ["dropout_forward", "dropout_backward", "dropout_cache", "dropout_mask", "as_generator"]


def as_generator(rng, name: str = "rng") -> np.random.Generator:
    """``rng`` as a ``np.random.Generator``: a Generator is used as is, an int seeds a new one."""
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool) and rng >= 0:
        return np.random.default_rng(int(rng))
    raise TypeError(f"{name} must be a np.random.Generator or a non-negative int seed, got {rng!r} "
                    f"(numpy's global random state is not used: pass rng=np.random.default_rng(seed))")


def _check_keep_prob(keep_prob) -> float:
    if isinstance(keep_prob, bool) or not isinstance(keep_prob, (int, float, np.integer, np.floating)) \
            or not 0 < keep_prob <= 1:
        raise ValueError(f"keep_prob (the probability of keeping a unit) must be in (0, 1], got {keep_prob!r}"
                         + (" (did you pass the drop probability? keep_prob = 1 - p)" if keep_prob == 0 else ""))
    return float(keep_prob)


def dropout_forward(A, keep_prob: float, rng=None, train: bool = True):
    """Inverted dropout of ``A`` (any shape); returns ``(out, cache)``.

    ``rng``: a ``np.random.Generator`` or an int seed; required when ``train`` is true and
    ``keep_prob < 1``. With ``train=False`` (or ``keep_prob == 1``) the layer is the identity
    and draws nothing.
    """
    A = as_float("A", A)
    keep_prob = _check_keep_prob(keep_prob)
    if A.size == 0:
        raise ValueError(f"A has shape {A.shape}: there are no units to drop")
    if not train or keep_prob == 1.0:
        return A, Cache("dropout", mask=None, shape=A.shape)
    if rng is None:
        raise ValueError("dropout_forward in training mode needs rng (a np.random.Generator or an int seed), "
                         "so that the mask is reproducible; pass train=False at test time")
    u = as_generator(rng).random(A.shape)
    mask = np.less(u, keep_prob).astype(A.dtype)
    out = A * mask
    out /= A.dtype.type(keep_prob)
    return out, Cache("dropout", mask=mask, keep_prob=A.dtype.type(keep_prob), shape=A.shape)


def dropout_backward(dout, cache):
    """dA = dout * D / keep_prob (the cached mask), or dout in evaluation mode."""
    values = open_cache(cache, "dropout")
    dout = as_float("dout", dout)
    if dout.shape != values["shape"]:
        raise ValueError(f"dout has shape {dout.shape} but the dropout layer's output had shape {values['shape']} "
                         f"(cache of another layer?)")
    mask = values["mask"]
    if mask is None:
        return dout
    dA = dout * mask
    dA /= values["keep_prob"]
    return dA



def dropout_mask(cache) -> np.ndarray:
    """The 0/1 mask ``D`` a training-mode :func:`dropout_forward` drew (all ones in evaluation mode)."""
    values = open_cache(cache, "dropout")
    mask = values["mask"]
    return np.ones(values["shape"]) if mask is None else mask


def dropout_cache(D, keep_prob: float):
    """The cache :func:`dropout_backward` takes, for a 0/1 mask ``D`` kept by hand (the course's ``D1, D2``).

    ``D`` may be bool or 0/1 numbers; it is stored as float (0/1) and checked to hold only 0 and 1.
    """
    D = as_float("D", D)
    keep_prob = _check_keep_prob(keep_prob)
    if D.size == 0 or not np.all((D == 0) | (D == 1)):
        raise ValueError("D must be a non-empty mask of 0s and 1s (D = rng.random(A.shape) < keep_prob)")
    return Cache("dropout", mask=D, keep_prob=D.dtype.type(keep_prob), shape=D.shape)
