"""Contract-style dense and loss layers (Course 2 onwards): the kernels the autograd tape calls.

These follow the package's kernel contract (see DESIGN.md): a backward is the plain chain
rule for the upstream gradient it is given, with no hidden ``1/m``; the average over the
``m`` examples is taken exactly once, in the loss.

* :func:`affine_forward` / :func:`affine_backward`: ``Z = W A_prev + b`` in the course's dense
  layout, ``A_prev`` (n_in, m), ``W`` (n_out, n_in), ``b`` (n_out, 1), ``Z`` (n_out, m).
  ``affine_backward(dZ, cache)`` returns ``dA_prev = W^T dZ``, ``dW = dZ A_prev^T``,
  ``db = sum_i dZ(i)``.
* :func:`sigmoid_cross_entropy_loss_forward` (logits ``Z`` (1, m), labels ``Y`` (1, m)) and
  :func:`softmax_cross_entropy_loss_forward` (``Z`` (C, m), one-hot ``Y`` (C, m)) return the **mean**
  cost ``J`` over the m examples; their backwards return ``dJ/dZ = dJ * (a - y) / m``. (The
  ``_loss_`` in the names tells them from :mod:`~dlcourse.functional.losses`'
  ``softmax_cross_entropy_backward(Z, Y)``, which returns the per-example ``a - y``.)
  The forwards call the costs of :mod:`dlcourse.functional.losses` (which check ``Z`` and ``Y``
  and use the stable softplus / log-sum-exp forms); the backwards form the same per-example
  ``a - y`` as that module's backwards, from the cached (already checked) ``Z`` and ``Y`` with
  :func:`~dlcourse.functional.activations.sigmoid` / ``softmax``, then scale it by ``dJ / m``.

Where the two conventions meet. Course 1's :func:`~dlcourse.functional.dense.linear_backward`
takes the per-example gradients ``dZ(i) = dL(i)/dZ`` (what ``a - y`` is) and puts the ``1/m`` in
``dW`` and ``db``, as the original course does. Here ``dZ`` is already the gradient of the mean,
``dZ = (a - y) / m``, so::

    linear_backward(dZ_per_example, cache)  gives the same dW, db as
    affine_backward(dZ_per_example / m, cache)

while their ``dA_prev`` differ by the factor ``m`` (Course 1's ``dA_prev`` is per example).
Mixing the two in one network counts the ``1/m`` twice or not at all; use one family per model.

All arrays of one call must share a dtype (float32 or float64): a float32 input to a float64
layer would silently upcast every later array, so it is refused with a message naming both.
"""
from __future__ import annotations

import numpy as np

from .._validate import as_float, check_nonempty, check_same_dtype, check_shape  # noqa: F401 (re-exported)
from ._cache import Cache, open_cache
from .activations import sigmoid, softmax
from .losses import (
    _masked_inputs,
    masked_sigmoid_cross_entropy_with_logits,
    sigmoid_cross_entropy_with_logits,
    softmax_cross_entropy,
)

__all__ = [
    "affine_forward", "affine_backward",
    "sigmoid_cross_entropy_loss_forward", "sigmoid_cross_entropy_loss_backward",
    "softmax_cross_entropy_loss_forward", "softmax_cross_entropy_loss_backward",
    "masked_sigmoid_cross_entropy_loss_forward", "masked_sigmoid_cross_entropy_loss_backward",
]


def _checked_labels(Y, Z) -> np.ndarray:
    """Labels the loss function has just validated, in Z's dtype (kept for the backward)."""
    return as_float("Y", Y).astype(Z.dtype, copy=False)


def _upstream_scalar(dout, dtype) -> float:
    """The upstream gradient of a scalar loss (1.0 when the loss is the final cost)."""
    d = np.asarray(dout)
    if d.size != 1 or d.dtype.kind not in "biuf":
        raise ValueError(f"the upstream gradient of a scalar loss must be one number, got shape {d.shape}")
    return dtype.type(d.reshape(()))


# --- affine (dense) layer -------------------------------------------------------------------------

def affine_forward(A_prev, W, b):
    """Z = W A_prev + b; returns ``(Z, cache)``.

    Shapes: A_prev (n_in, m), W (n_out, n_in), b (n_out, 1) -> Z (n_out, m), m > 0.
    """
    sizes: dict = {}
    W = check_shape("W", as_float("W", W), ("n_out", "n_in"), sizes)
    A_prev = as_float("A_prev", A_prev)
    try:
        check_shape("A_prev", A_prev, ("n_in", "m"), sizes)
    except ValueError as exc:
        hint = " (did you pass the transpose? examples are columns: A_prev is (n_in, m))" \
            if A_prev.ndim == 2 and A_prev.shape[1] == W.shape[1] else ""
        raise ValueError(f"{exc}{hint}") from None
    check_nonempty("A_prev", A_prev)
    b = check_shape("b", as_float("b", b), ("n_out", 1), sizes)
    check_same_dtype(W=W, A_prev=A_prev, b=b)
    return _affine(A_prev, W, b), Cache("affine", A_prev=A_prev, W=W)


def _affine(A_prev, W, b):
    """The forward arithmetic, for callers that have checked the arguments (the autograd tape)."""
    Z = W @ A_prev
    Z += b
    return Z


def _affine_grads(dZ, A_prev, W, compute_dA_prev: bool = True):
    """The backward arithmetic, for callers that have checked the arguments (the autograd tape)."""
    dW = dZ @ A_prev.T
    db = np.sum(dZ, axis=1, keepdims=True)
    return (W.T @ dZ if compute_dA_prev else None), dW, db


def affine_backward(dZ, cache, compute_dA_prev: bool = True):
    """Backward of :func:`affine_forward`: ``(dA_prev, dW, db)``, plain chain rule (no 1/m).

    dZ (n_out, m) -> dA_prev = W^T dZ (n_in, m), dW = dZ A_prev^T (n_out, n_in),
    db = dZ summed over examples (n_out, 1). With ``compute_dA_prev=False`` (the input is
    the data) ``dA_prev`` is ``None``.
    """
    values = open_cache(cache, "affine")
    A_prev, W = values["A_prev"], values["W"]
    dZ = as_float("dZ", dZ)
    if dZ.shape != (W.shape[0], A_prev.shape[1]):
        raise ValueError(f"dZ has shape {dZ.shape} but the layer's output Z had shape "
                         f"(n_out={W.shape[0]}, m={A_prev.shape[1]}) (cache of another layer?)")
    check_same_dtype(W=W, dZ=dZ)
    return _affine_grads(dZ, A_prev, W, compute_dA_prev)


# --- mean loss layers -----------------------------------------------------------------------------

def sigmoid_cross_entropy_loss_forward(Z, Y):
    """Mean binary cross-entropy of sigmoid(Z) from logits Z (1, m) and 0/1 labels Y (1, m).

    Returns ``(J, cache)``; ``J`` is a numpy scalar of Z's dtype.
    """
    Z = as_float("Z", Z)
    J = sigmoid_cross_entropy_with_logits(Z, Y)  # validates Z (1, m), m > 0, and Y
    return Z.dtype.type(J), Cache("sigmoid_cross_entropy_loss", Z=Z, Y=_checked_labels(Y, Z))


def sigmoid_cross_entropy_loss_backward(dJ, cache):
    """dJ/dZ = dJ * (sigmoid(Z) - Y) / m, shape (1, m)."""
    values = open_cache(cache, "sigmoid_cross_entropy_loss")
    Z = values["Z"]
    dZ = sigmoid(Z)  # the per-example a - y of losses.sigmoid_cross_entropy_with_logits_backward
    dZ -= values["Y"]
    dZ *= _upstream_scalar(dJ, Z.dtype) / Z.dtype.type(Z.shape[1])
    return dZ


def softmax_cross_entropy_loss_forward(Z, Y):
    """Mean cross-entropy of softmax(Z) from logits Z (C, m) and one-hot (or soft) labels Y (C, m).

    Returns ``(J, cache)``; ``J`` is a numpy scalar of Z's dtype.
    """
    Z = as_float("Z", Z)
    J = softmax_cross_entropy(Z, Y)  # validates Z (C, m), m > 0, and Y
    return Z.dtype.type(J), Cache("softmax_cross_entropy_loss", Z=Z, Y=_checked_labels(Y, Z))


def softmax_cross_entropy_loss_backward(dJ, cache):
    """dJ/dZ = dJ * (softmax(Z) - Y) / m, shape (C, m)."""
    values = open_cache(cache, "softmax_cross_entropy_loss")
    Z = values["Z"]
    dZ = softmax(Z, axis=0)  # the per-example a - y of losses.softmax_cross_entropy_backward
    dZ -= values["Y"]
    dZ *= _upstream_scalar(dJ, Z.dtype) / Z.dtype.type(Z.shape[1])
    return dZ


def masked_sigmoid_cross_entropy_loss_forward(Z, Y, mask):
    """Multi-task cost with missing labels from logits Z (K, m), 0/1 labels Y (K, m) and a 0/1 ``mask``
    (K, m) (1 = labelled): ``J = (1/m) sum_i sum_j mask_ji L(sigmoid(z_ji), y_ji)``, the mean over the m
    examples of the sum over the labelled tasks. Returns ``(J, cache)``; ``J`` is a numpy scalar of Z's dtype.
    """
    Z = as_float("Z", Z)
    J = masked_sigmoid_cross_entropy_with_logits(Z, Y, mask)  # validates Z (K, m), m > 0, Y and mask
    Z, Y, mask = _masked_inputs(Z, Y, mask)
    return Z.dtype.type(J), Cache("masked_sigmoid_cross_entropy_loss", Z=Z, Y=Y, mask=mask)


def masked_sigmoid_cross_entropy_loss_backward(dJ, cache):
    """dJ/dZ = dJ * mask * (sigmoid(Z) - Y) / m, shape (K, m): no gradient flows from a missing label."""
    values = open_cache(cache, "masked_sigmoid_cross_entropy_loss")
    Z = values["Z"]
    dZ = sigmoid(Z)
    dZ -= values["Y"]
    dZ *= values["mask"]
    dZ *= _upstream_scalar(dJ, Z.dtype) / Z.dtype.type(Z.shape[1])
    return dZ
