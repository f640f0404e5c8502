"""Loss functions: each returns the scalar cost (mean over examples) and has a backward.

Backward functions return per-example derivatives (one column per example, not divided
by ``m``), matching the convention documented in :mod:`dlcourse.functional.dense`.

Binary losses take one row of predictions, shape ``(1, m)``; categorical losses take
``(C, m)`` with one-hot labels. Every loss refuses ``m = 0``, converts bool/integer inputs to
float before any arithmetic, and works in the dtype of its predictions (float32 stays float32,
clipped with a margin representable in float32).
"""
from __future__ import annotations

import numpy as np

from .._validate import as_array, as_float, check_nonempty, check_positive_int, eps_for
from .activations import sigmoid, softmax

__all__ = [
    "binary_cross_entropy", "binary_cross_entropy_backward",
    "sigmoid_cross_entropy_with_logits", "sigmoid_cross_entropy_with_logits_backward",
    "masked_sigmoid_cross_entropy_with_logits", "masked_sigmoid_cross_entropy_with_logits_backward",
    "categorical_cross_entropy", "categorical_cross_entropy_backward",
    "softmax_cross_entropy", "softmax_cross_entropy_backward",
    "one_hot", "EPS",
]

#: Probabilities are kept inside [EPS, 1 - EPS] before taking logs, so a saturated
#: prediction gives a large finite cost instead of ``inf``/``nan`` (float64; float32 uses
#: ``eps_for(float32)``, since ``1 - 1e-15`` rounds to 1 there).
EPS = 1e-15


def _eps(dtype) -> float:
    return EPS if dtype == np.float64 else eps_for(dtype)


def _row(name: str, x, what: str) -> np.ndarray:
    """A (1, m) row of ``what``, m > 0, as float."""
    x = as_float(name, x)
    if x.ndim != 2 or x.shape[0] != 1:
        hint = " (did you pass the transpose? use .T)" if x.ndim == 2 and x.shape[1] == 1 else \
            " (reshape it to (1, m))" if x.ndim == 1 else ""
        raise ValueError(f"{name} must be a row of {what} of shape (1, m), got shape {x.shape}{hint}")
    return check_nonempty(name, x)


def _finite_range(name: str, x, lo: float | None, hi: float | None, hint: str) -> tuple[float, float]:
    """Refuse NaN/inf (one message) and finite values outside [lo, hi] (another), with two reductions.

    Returns ``(min, max)``, which tells the caller whether clipping can change anything.
    """
    x_min, x_max = float(np.min(x)), float(np.max(x))
    if not (np.isfinite(x_min) and np.isfinite(x_max)):
        raise ValueError(f"{name} contains NaN/inf (check the input data / learning rate)")
    if (lo is not None and x_min < lo) or (hi is not None and x_max > hi):
        raise ValueError(f"{name} must hold {hint}, found values in [{x_min:.3g}, {x_max:.3g}]")
    return x_min, x_max


def _probs(name: str, A, binary: bool = True) -> np.ndarray:
    """Probabilities, clipped to [eps, 1 - eps] (binary) or [eps, 1] when clipping changes anything."""
    A = _row(name, A, "probabilities") if binary else _columns(name, A)
    a_min, a_max = _finite_range(name, A, 0.0, 1.0,
                                 "probabilities in [0, 1] (did you pass logits? apply the sigmoid/softmax first)")
    eps = _eps(A.dtype)
    if a_min < eps or (binary and a_max > 1 - eps):
        A = np.clip(A, eps, 1 - eps) if binary else np.maximum(A, eps)
    return A


def _columns(name: str, x) -> np.ndarray:
    x = as_float(name, x)
    if x.ndim != 2:
        raise ValueError(f"{name} must be 2-D (classes C, examples m), got shape {x.shape}")
    return check_nonempty(name, x)


def _binary_labels(Y, like: np.ndarray, like_name: str) -> np.ndarray:
    """0/1 labels of the shape of ``like``, in its dtype (bool/uint8 labels must not wrap in 1 - Y)."""
    Y = as_float("Y", Y)
    if Y.shape != like.shape:
        hint = " (did you pass the transpose? use Y.T)" if Y.shape == like.shape[::-1] else \
            " (reshape it to (1, m))" if Y.ndim == 1 and Y.size == like.size else ""
        raise ValueError(f"Y has shape {Y.shape} but {like_name} has shape {like.shape}: "
                         f"expected Y of shape (1, m={like.shape[1]}){hint}")
    # every nonzero entry equal to 1 <=> only 0/1 labels (NaN is nonzero and not 1)
    if np.count_nonzero(Y) != np.count_nonzero(Y == 1):
        bad = Y[(Y != 0) & (Y != 1)]
        raise ValueError(f"Y must hold only 0/1 labels, found values {np.unique(bad)[:6]}")
    return Y.astype(like.dtype, copy=False)


def binary_cross_entropy(A, Y) -> float:
    """J = -(1/m) sum[ y log a + (1 - y) log(1 - a) ] for A, Y of shape (1, m)."""
    A = _probs("A", A)
    Y = _binary_labels(Y, A, "A")
    m = A.shape[1]
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)


def binary_cross_entropy_backward(A, Y):
    """dL/dA = -(y/a - (1-y)/(1-a)), per example."""
    A = _probs("A", A)
    Y = _binary_labels(Y, A, "A")
    # -(y/a - (1-y)/(1-a)) is -1/a for y = 1 and 1/(1-a) for y = 0, i.e. 1 / ((1-y) - a),
    # bit for bit: (1-y) is exactly 0 or 1, so (1-y) - a is exactly -a or the same 1 - a.
    dA = np.subtract(1, Y)
    dA -= A
    return np.reciprocal(dA, out=dA)


def _logits(name: str, Z, binary: bool = True) -> np.ndarray:
    Z = _row(name, Z, "logits") if binary else _columns(name, Z)
    # One reduction: a finite sum means every entry is finite (NaN and inf propagate). A sum that
    # overflowed from finite logits is not an error: the min/max check decides, and raises only on NaN/inf.
    with np.errstate(over="ignore", invalid="ignore"):
        total = float(np.sum(Z))
    if not np.isfinite(total):
        _finite_range(name, Z, None, None, "")
    return Z


def sigmoid_cross_entropy_with_logits(Z, Y) -> float:
    """Binary cross-entropy of sigmoid(Z), computed from the logits without overflow."""
    Z = _logits("Z", Z)
    Y = _binary_labels(Y, Z, "Z")
    m = Z.shape[1]
    return float(np.sum(_sigmoid_cross_entropy_terms(Z, Y)) / m)


def _sigmoid_cross_entropy_terms(Z, Y) -> np.ndarray:
    """The per-entry losses -[y log s(z) + (1-y) log(1-s(z))] of checked logits and labels (any shape)."""
    # -[y log s(z) + (1-y) log(1-s(z))] = max(z,0) - z y + log(1 + exp(-|z|))
    softplus = np.abs(Z)
    np.negative(softplus, out=softplus)
    np.exp(softplus, out=softplus)
    np.log1p(softplus, out=softplus)
    losses = np.maximum(Z, 0)
    losses -= Z * Y
    losses += softplus
    return losses


def sigmoid_cross_entropy_with_logits_backward(Z, Y):
    """dL/dZ = sigmoid(Z) - Y, per example.

    The checks (Z finite, Y only 0/1) run on cache-sized blocks just before each block's gradient,
    as in ``categorical_cross_entropy_backward``; a failed check hands over to the whole-array checks.
    """
    Z_in, Y_in = Z, Y
    Z = _row("Z", Z, "logits")
    Y = as_float("Y", Y)
    if Y.shape != Z.shape or Y.dtype != Z.dtype or not (Z.flags.c_contiguous and Y.flags.c_contiguous):
        Z = _logits("Z", Z_in)
        Y = _binary_labels(Y_in, Z, "Z")
        dZ = sigmoid(Z)
        dZ -= Y
        return dZ
    z_all, y_all = Z.reshape(-1), Y.reshape(-1)
    dZ = np.empty_like(Z)
    d_all = dZ.reshape(-1)
    step = max(1, BLOCK_BYTES // Z.itemsize)
    for start in range(0, z_all.size, step):
        z, y, out = z_all[start:start + step], y_all[start:start + step], d_all[start:start + step]
        with np.errstate(over="ignore", invalid="ignore"):
            finite = np.isfinite(np.sum(z))
        if not finite and not np.isfinite(z).all() or np.count_nonzero(y) != np.count_nonzero(y == 1):
            Z = _logits("Z", Z_in)
            _binary_labels(Y_in, Z, "Z")
            raise AssertionError("sigmoid_cross_entropy_with_logits_backward: a blockwise check failed "
                                 "but the whole-array checks passed")
        # sigmoid(z) as activations.sigmoid computes it, then - y
        np.abs(z, out=out)
        np.negative(out, out=out)
        np.exp(out, out=out)
        denominator = np.add(out, 1)
        np.maximum(out, np.greater_equal(z, 0), out=out)
        np.divide(out, denominator, out=out)
        out -= y
    return dZ


def _masked_inputs(Z, Y, mask):
    """Checked logits (K, m), 0/1 labels and 0/1 mask of Z's shape, in Z's dtype."""
    Z = _columns("Z", Z)
    _finite_range("Z", Z, None, None, "")
    arrays = []
    for name, x in (("Y", Y), ("mask", mask)):
        x = as_float(name, x)
        if x.shape != Z.shape:
            hint = f" (did you pass the transpose? use {name}.T)" if x.shape == Z.shape[::-1] else ""
            raise ValueError(f"{name} has shape {x.shape} but Z has shape {Z.shape}: expected one entry per "
                             f"task and example, (K={Z.shape[0]}, m={Z.shape[1]}){hint}")
        if np.count_nonzero(x) != np.count_nonzero(x == 1):
            bad = x[(x != 0) & (x != 1)]
            what = "0/1 labels (a missing label is any value with mask 0, e.g. 0)" if name == "Y" else \
                "0/1 flags (1 = labelled, 0 = missing)"
            raise ValueError(f"{name} must hold only {what}, found values {np.unique(bad)[:6]}")
        arrays.append(x.astype(Z.dtype, copy=False))
    return Z, arrays[0], arrays[1]


def masked_sigmoid_cross_entropy_with_logits(Z, Y, mask) -> float:
    """Multi-task cost with missing labels: J = (1/m) sum_i sum_j mask_ji L(sigmoid(z_ji), y_ji).

    Z, Y, mask of shape (K tasks, m examples); ``mask`` is 1 where the label ``y_ji`` is known and 0
    where it is missing (those entries add nothing, whatever ``Y`` holds there). One sigmoid per task
    (several labels can be 1 at once), the sum over tasks and the mean over the m examples, as in the
    course. With K = 1 and a mask of ones it is :func:`sigmoid_cross_entropy_with_logits`.
    """
    Z, Y, mask = _masked_inputs(Z, Y, mask)
    terms = _sigmoid_cross_entropy_terms(Z, Y)
    terms *= mask
    return float(np.sum(terms) / Z.shape[1])


def masked_sigmoid_cross_entropy_with_logits_backward(Z, Y, mask):
    """dL/dZ = mask * (sigmoid(Z) - Y), per example (0 where a label is missing)."""
    Z, Y, mask = _masked_inputs(Z, Y, mask)
    dZ = sigmoid(Z)
    dZ -= Y
    dZ *= mask
    return dZ


def _check_one_hot(Y, like: np.ndarray, like_name: str):
    Y = as_float("Y", Y)
    if Y.shape != like.shape:
        hint = " (did you pass the transpose? use Y.T)" if Y.shape == like.shape[::-1] else ""
        raise ValueError(f"Y must be one-hot with the shape of {like_name}, (classes C={like.shape[0]}, "
                         f"m={like.shape[1]}), got {Y.shape}{hint}")
    # entries >= 0 and columns summing to 1: one-hot labels, or soft labels (label smoothing),
    # for which the cross-entropy and its gradients hold unchanged
    # (nonnegative entries in columns summing to 1 cannot exceed 1: two reductions suffice)
    tol = 1e3 * float(np.finfo(like.dtype).eps)
    if not float(np.min(Y)) >= 0 or not np.all(np.abs(Y.sum(axis=0) - 1) <= tol):
        raise ValueError("Y must be one-hot (or hold label probabilities): each column (example) holds values "
                         "in [0, 1] summing to 1 (did you pass class indices? np.eye(C)[y].T makes one-hot "
                         "columns; or the transpose?)")
    return Y.astype(like.dtype, copy=False)


def one_hot(labels, C: int, dtype=np.float64) -> np.ndarray:
    """One-hot columns (C, m) of integer class labels 0..C-1 of shape (m,) or (1, m) (the course's layout).

    Column ``i`` holds a 1 in row ``labels[i]`` and 0 elsewhere (the course's ``convert_to_one_hot``).
    """
    C = check_positive_int("C", C)
    y = as_array("labels", labels)
    if y.ndim == 2 and y.shape[0] == 1:
        y = y[0]
    if y.ndim != 1:
        raise ValueError(f"labels must be a row (1, m) or a vector (m,) of class indices, got shape {y.shape}")
    check_nonempty("labels", y)
    if y.dtype.kind == "f" and np.all(y == np.round(y)):
        y = y.astype(np.int64)
    if y.dtype.kind not in "iu" or y.min() < 0 or y.max() >= C:
        raise ValueError(f"labels must be integers in 0..C-1 = 0..{C - 1}, got dtype {y.dtype} with values in "
                         f"[{y.min()}, {y.max()}] (is C the number of classes?)")
    out = np.zeros((C, y.shape[0]), dtype=np.dtype(dtype))
    out[y, np.arange(y.shape[0])] = 1
    return out


def categorical_cross_entropy(A, Y) -> float:
    """J = -(1/m) sum_i sum_k y_k log a_k for A (probabilities), Y one-hot, both (C, m)."""
    A = _probs("A", A, binary=False)
    Y = _check_one_hot(Y, A, "A")
    return float(-np.sum(Y * np.log(A)) / A.shape[1])


#: Bytes of A per block in categorical_cross_entropy_backward: A's, Y's and dA's blocks stay in the CPU cache.
BLOCK_BYTES = 2 ** 19


def categorical_cross_entropy_backward(A, Y):
    """dL/dA = -Y / A per example (A clipped to [eps, 1] where it is below eps).

    The checks of ``_probs`` and ``_check_one_hot`` (A finite in [0, 1], Y >= 0 with columns summing
    to 1) run on blocks of rows while they are in the CPU cache, just before the block's gradient: the
    four reductions then cost a fraction of four passes over memory. Any failed check hands over to
    the whole-array checks, which raise the usual message (the first check in their order).
    """
    A_in, Y_in = A, Y
    A = _columns("A", A)
    Y = as_float("Y", Y)
    if Y.shape != A.shape or Y.dtype != A.dtype or not (A.flags.c_contiguous and Y.flags.c_contiguous):
        A = _probs("A", A_in, binary=False)
        Y = _check_one_hot(Y_in, A, "A")
        dA = np.divide(Y, A)
        return np.negative(dA, out=dA)
    eps = _eps(A.dtype)
    tol = 1e3 * float(np.finfo(A.dtype).eps)
    dA = np.empty_like(A)
    column_sums = np.zeros(A.shape[1], A.dtype)
    rows = max(1, BLOCK_BYTES // A[0].nbytes)
    ok = True
    for start in range(0, A.shape[0], rows):
        a, y, out = A[start:start + rows], Y[start:start + rows], dA[start:start + rows]
        a_min, a_max = a.min(), a.max()
        if not (a_min >= 0 and a_max <= 1 and y.min() >= 0):  # also False for NaN
            ok = False
            break
        column_sums += y.sum(axis=0)
        if a_min < eps:
            a = np.maximum(a, eps)
        np.divide(y, a, out=out)
        np.negative(out, out=out)
    if not ok or not np.all(np.abs(column_sums - 1) <= tol):
        A = _probs("A", A_in, binary=False)
        _check_one_hot(Y_in, A, "A")
        raise AssertionError("categorical_cross_entropy_backward: a blockwise check failed but the whole-array checks passed")
    return dA


def softmax_cross_entropy(Z, Y) -> float:
    """Cross-entropy of softmax(Z) from logits Z (C, m), computed stably with log-sum-exp."""
    Z = _logits("Z", Z, binary=False)
    Y = _check_one_hot(Y, Z, "Z")
    shifted = Z - Z.max(axis=0, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True))
    log_probs *= Y
    return float(-np.sum(log_probs) / Z.shape[1])


def softmax_cross_entropy_backward(Z, Y):
    """dL/dZ = softmax(Z) - Y, per example."""
    Z = _logits("Z", Z, binary=False)
    Y = _check_one_hot(Y, Z, "Z")
    dZ = softmax(Z, axis=0)
    dZ -= Y
    return dZ
