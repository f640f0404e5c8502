"""Activation functions as forward/backward pairs.

Every ``*_forward(Z)`` returns ``(A, cache)`` and every ``*_backward(dA, cache)`` returns
``dZ = dA * g'(Z)``, elementwise. Plain functions (``sigmoid``, ``relu``...) and their
derivatives are also exported for the chapters that introduce them one at a time.

Caches. Course 1 (chapters 1.4-1.5 and their graders) builds and inspects activation caches
by hand, so the three activations it teaches keep the course's plain caches: ``relu_forward``
caches the array ``Z``, ``sigmoid_forward`` and ``tanh_forward`` the array ``A``. The others
return a tagged :class:`~dlcourse.functional._cache.Cache`: ``leaky_relu`` (``Z``, ``alpha``),
``softmax`` (``A``) and the identity (``"linear"`` in ACTIVATIONS; its shape only). Every backward accepts its own
tagged cache and refuses one tagged by another kernel; relu/sigmoid/tanh/softmax backwards also
accept a plain array in the course's convention, checked as far as its values allow without
breaking the course's graders: a tanh cache must lie in [-1, 1] (so ReLU's Z given to
``tanh_backward`` is refused), a softmax cache must hold probability columns. A sigmoid cache is
not range-checked (chapter 1.5's grader feeds ReLU's Z to ``sigmoid_backward`` on purpose, to
recognise swapped activations), and ReLU's Z can hold any value.

Dtypes: bool and integer inputs are converted to float64 before any arithmetic; float32 and
float64 inputs give outputs of the same dtype. Masks are applied by multiplication and the
work is done in preallocated buffers, so each kernel costs about what the bare numpy
expression of its formula costs (``scripts/benchmark.py`` measures the ratio).
"""
from __future__ import annotations

import numpy as np

from .._validate import as_float
from ._cache import Cache, open_cache

__all__ = [
    "sigmoid", "sigmoid_derivative", "relu", "relu_derivative", "tanh", "tanh_derivative",
    "leaky_relu", "leaky_relu_derivative", "softmax",
    "sigmoid_forward", "sigmoid_backward", "relu_forward", "relu_backward",
    "tanh_forward", "tanh_backward", "leaky_relu_forward", "leaky_relu_backward",
    "softmax_forward", "softmax_backward", "identity_forward",
    "identity_backward", "ACTIVATIONS", "activation_forward", "activation_backward",
]


def _check_alpha(alpha) -> None:
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float, np.integer, np.floating)) \
            or not np.isfinite(alpha):
        raise ValueError(f"alpha (the leaky ReLU's negative slope) must be a finite real number, got {alpha!r}")


# --- plain functions -----------------------------------------------------------------------

def sigmoid(z):
    """Logistic sigmoid 1 / (1 + exp(-z)), computed without overflow for large |z|.

    With e = exp(-|z|), which never overflows, sigmoid(z) is 1 / (1 + e) for z >= 0 and
    e / (1 + e) for z < 0; neither subtracts nearly equal numbers. The numerator is selected
    without a branch as max(e, [z >= 0]) (e <= 1), in preallocated buffers.
    """
    z = as_float("z", z)
    e = np.abs(z, out=np.empty_like(z))  # an explicit buffer: a 0-D input stays an array
    np.negative(e, out=e)
    np.exp(e, out=e)
    out = np.add(e, 1, out=np.empty_like(z))
    np.maximum(e, np.greater_equal(z, 0), out=e)
    return np.divide(e, out, out=out)


def sigmoid_derivative(z):
    """sigmoid'(z) = s (1 - s) with s = sigmoid(z)."""
    s = sigmoid(z)
    d = np.subtract(1, s, out=np.empty_like(s))
    d *= s
    return d


def relu(z):
    z = as_float("z", z)
    return np.maximum(z, 0)


def relu_derivative(z):
    """ReLU'(z): 1 where z > 0, else 0 (the subgradient 0 is used at z == 0)."""
    z = as_float("z", z)
    return np.greater(z, 0).astype(z.dtype)


def tanh(z):
    return np.tanh(as_float("z", z))


def tanh_derivative(z):
    t = np.tanh(as_float("z", z))
    np.multiply(t, t, out=t)
    return np.subtract(1, t, out=t)


def leaky_relu(z, alpha: float = 0.01):
    """max(z, alpha z) for 0 <= alpha <= 1; in general z where z > 0, alpha z elsewhere."""
    _check_alpha(alpha)
    z = as_float("z", z)
    if 0 <= alpha <= 1:
        out = np.multiply(z, alpha)
        return np.maximum(z, out, out=out)
    return z * leaky_relu_derivative(z, alpha)


def leaky_relu_derivative(z, alpha: float = 0.01):
    """1 where z > 0, ``alpha`` elsewhere."""
    _check_alpha(alpha)
    z = as_float("z", z)
    g = np.greater(z, 0).astype(z.dtype)
    if 0 <= alpha <= 1:
        return np.maximum(g, alpha, out=g)  # 1 where z > 0, alpha elsewhere, exactly
    return np.where(g > 0, g, np.asarray(alpha, z.dtype))


def softmax(z, axis: int = 0):
    """Softmax along ``axis`` (classes are rows, axis 0, in the course's layout)."""
    z = as_float("z", z)
    if z.ndim == 0:
        raise ValueError("z must be an array of scores (softmax of a scalar is always 1), got a 0-D value")
    if z.shape[axis] == 0:
        raise ValueError(f"z has shape {z.shape}: there are no classes along axis {axis} to take the softmax over")
    out = np.subtract(z, np.max(z, axis=axis, keepdims=True))  # exp never overflows
    np.exp(out, out=out)
    out /= np.sum(out, axis=axis, keepdims=True)
    return out


# --- checking what a backward is given --------------------------------------------------------

def _grad(dA, cached, what: str) -> np.ndarray:
    dA = as_float("dA", dA)
    if dA.shape != cached.shape:
        raise ValueError(
            f"dA has shape {dA.shape} but the cache holds {what} of shape {cached.shape}: dA and the "
            f"layer's output must have the same shape (cache of another layer, or a transposed dA?)")
    return dA


def _plain_cache(cache, kernel: str, key: str):
    """The cached array: a Cache tagged ``kernel`` (values[key]) or a plain array (course convention)."""
    if isinstance(cache, Cache):
        return as_float(f"the cached {key}", open_cache(cache, kernel)[key]), True
    if isinstance(cache, (tuple, list)):
        raise TypeError(
            f"{kernel}_backward expects the activation cache, got a {type(cache).__name__} of {len(cache)} items: "
            f"did you pass the whole layer cache (linear_cache, activation_cache) instead of its activation part?")
    if not isinstance(cache, np.ndarray):
        raise TypeError(f"{kernel}_backward expects the cache returned by {kernel}_forward, got {type(cache).__name__}")
    return as_float("cache", cache), False


def _check_range(A, kernel: str, lo: float, hi: float, what: str) -> None:
    """A plain cache must look like the activation's output; a NaN/inf or a value outside [lo, hi] cannot be."""
    if A.size == 0:
        return
    a_min, a_max = float(np.min(A)), float(np.max(A))
    if a_min >= lo and a_max <= hi:
        return
    if not (np.isfinite(a_min) and np.isfinite(a_max)):
        raise ValueError(f"the cache given to {kernel}_backward contains NaN/inf "
                         f"(check the input data / learning rate)")
    raise ValueError(
        f"the cache given to {kernel}_backward holds values in [{a_min:.3g}, {a_max:.3g}], but {kernel}_forward "
        f"caches {what}, which lies in [{lo:g}, {hi:g}]: is this another activation's cache (relu_forward "
        f"caches Z) or was the layer's activation different?")


# --- forward / backward pairs ----------------------------------------------------------------

def sigmoid_forward(Z):
    """A = sigmoid(Z); the cache is the array A (the course's convention)."""
    A = sigmoid(Z)
    return A, A


def sigmoid_backward(dA, cache):
    """dZ = dA * A * (1 - A), with A the cached sigmoid output."""
    # A plain cache is not range-checked here: chapter 1.5's grader computes the answer of a learner
    # who swapped the activations (sigmoid_backward given ReLU's Z) to name that mistake.
    A, _ = _plain_cache(cache, "sigmoid", "A")
    dA = _grad(dA, A, "A")
    dZ = np.multiply(dA, A)
    dZ *= np.subtract(1, A)  # (dA * A) * (1 - A), the course's order of operations
    return dZ


def relu_forward(Z):
    """A = max(Z, 0); the cache is the array Z (the course's convention)."""
    Z = as_float("Z", Z)
    return np.maximum(Z, 0), Z


def relu_backward(dA, cache):
    """dZ = dA where Z > 0, 0 elsewhere (a multiplication by the mask Z > 0)."""
    Z, _ = _plain_cache(cache, "relu", "Z")
    dA = _grad(dA, Z, "Z")
    return dA * np.greater(Z, 0)


def tanh_forward(Z):
    """A = tanh(Z); the cache is the array A (the course's convention, as for the sigmoid)."""
    A = np.tanh(as_float("Z", Z))
    return A, A


def tanh_backward(dA, cache):
    """dZ = dA * (1 - A**2), with A the cached tanh output."""
    A, tagged = _plain_cache(cache, "tanh", "A")
    if not tagged:
        _check_range(A, "tanh", -1.0, 1.0, "A = tanh(Z)")
    dA = _grad(dA, A, "A")
    dZ = np.multiply(A, A)
    np.subtract(1, dZ, out=dZ)
    dZ *= dA
    return dZ


def leaky_relu_forward(Z, alpha: float = 0.01):
    Z = as_float("Z", Z)
    return leaky_relu(Z, alpha), Cache("leaky_relu", Z=Z, alpha=alpha)


def leaky_relu_backward(dA, cache):
    """dZ = dA where Z > 0, alpha * dA elsewhere."""
    if isinstance(cache, tuple) and len(cache) == 2 and isinstance(cache[0], np.ndarray):  # (Z, alpha), the old layout
        Z, alpha = as_float("the cached Z", cache[0]), cache[1]
    else:
        values = open_cache(cache, "leaky_relu")
        Z, alpha = values["Z"], values["alpha"]
    dA = _grad(dA, Z, "Z")
    g = leaky_relu_derivative(Z, alpha)
    g *= dA
    return g


def softmax_forward(Z):
    """Softmax over the classes axis (axis 0): Z has shape (C, m)."""
    Z = as_float("Z", Z)
    if Z.ndim != 2:
        raise ValueError(f"Z must be 2-D (classes C, examples m), got shape {Z.shape}")
    A = softmax(Z, axis=0)
    return A, Cache("softmax", A=A)


def softmax_backward(dA, cache):
    """Full softmax Jacobian-vector product: dZ = A * (dA - sum(dA * A, axis=0))."""
    A, tagged = _plain_cache(cache, "softmax", "A")
    if not tagged:
        if A.ndim != 2:
            raise ValueError(f"the softmax cache must be 2-D (C, m), got shape {A.shape}")
        _check_range(A, "softmax", 0.0, 1.0, "probabilities A = softmax(Z)")
        if A.size and not np.allclose(A.sum(axis=0), 1, rtol=0, atol=1e-3 if A.dtype == np.float32 else 1e-8):
            raise ValueError("the cache given to softmax_backward is not softmax_forward's output: "
                             "its columns do not sum to 1 (did you pass Z, or the transpose of A?)")
    dA = _grad(dA, A, "A")
    dZ = np.multiply(dA, A)
    s = np.sum(dZ, axis=0, keepdims=True)
    np.subtract(dA, s, out=dZ)
    dZ *= A
    return dZ


def identity_forward(Z):
    """The identity activation (``'linear'``): A = Z."""
    Z = as_float("Z", Z)
    return Z, Cache("identity", shape=Z.shape)


def identity_backward(dA, cache):
    """dZ = dA (checked against the shape the forward saw)."""
    if cache is None:  # the old, untagged identity cache
        return as_float("dA", dA)
    shape = open_cache(cache, "identity")["shape"]
    dA = as_float("dA", dA)
    if dA.shape != shape:
        raise ValueError(f"dA has shape {dA.shape} but the layer's output had shape {shape} (cache of another layer?)")
    return dA


ACTIVATIONS = {
    "sigmoid": (sigmoid_forward, sigmoid_backward),
    "relu": (relu_forward, relu_backward),
    "tanh": (tanh_forward, tanh_backward),
    "leaky_relu": (leaky_relu_forward, leaky_relu_backward),
    "softmax": (softmax_forward, softmax_backward),
    "linear": (identity_forward, identity_backward),
}


def _lookup(name: str):
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown activation {name!r}; choose one of {sorted(ACTIVATIONS)}") from None


def activation_forward(Z, name: str):
    return _lookup(name)[0](Z)


def activation_backward(dA, cache, name: str):
    return _lookup(name)[1](dA, cache)
