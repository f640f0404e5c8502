"""Max and average pooling, and global average pooling, in the course's layout (m, n_H, n_W, n_C).

``pool_forward(A_prev, {"f": f, "stride": s}, mode)`` looks at every ``f x f`` window, as a
convolution does, and keeps its maximum (or mean) per channel. Rather than looping over
windows, the kernels loop over the ``f*f`` *offsets* ``(i, j)`` inside a window: the
entries at offset ``(i, j)`` of all windows form one strided slice of the input
(:func:`dlcourse.functional._images.offset`), so each step is one array operation.

Max-pool backward sends each window's gradient to exactly one input: the *first* maximum
of the window in row-major order (offset (0, 0), (0, 1), ..., (1, 0), ...). Ties are common
(a window of zeros after a ReLU); giving the gradient to every tied entry would multiply it.
Overlapping windows (stride < f) add their contributions.
"""
from __future__ import annotations

import numpy as np

from ._cache import Cache, open_cache
from ._images import as_dtype, check_images, compute_dtype, hyper_int, offset, output_size

__all__ = ["pool_forward", "pool_backward", "global_avg_pool_forward", "global_avg_pool_backward"]

MODES = ("max", "average")

#: Input bytes per block of examples in the backward pass: its masks and gradient shares (a
#: quarter of that for 2x2 windows) stay in the CPU cache while the f*f offsets are visited.
BLOCK_BYTES = 2 ** 19


def pool_forward(A_prev, hparameters, mode: str = "max"):
    """Pool ``A_prev`` (m, n_H_prev, n_W_prev, n_C) with {"f", "stride"}: returns ``(A, cache)``.

    A has shape (m, n_H, n_W, n_C), ``n_H = (n_H_prev - f) / stride + 1``; mode "max" or "average".
    The cache keeps references to ``A_prev`` and ``A``: do not modify them in place before the backward.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    A_prev = check_images("A_prev", A_prev, compute_dtype(A_prev))
    f = hyper_int(hparameters, "f")
    stride = hyper_int(hparameters, "stride")
    n_H, n_W = output_size("pool_forward", A_prev.shape, f, stride)
    offsets = [(i, j) for i in range(f) for j in range(f)]
    if mode == "max" and stride == f and f > 1:
        # Windows tile the input: first the max over the f rows of each window, on whole image rows
        # (A_prev[:, i::f] has contiguous rows of n_W_prev * n_C numbers, so numpy's inner loops are
        # long), then over the f columns of that half-size result. The maximum is the same number;
        # only which of two tied zeros (+0.0, -0.0) is kept may differ from offset order, and the
        # backward finds the first maximum itself (with ==, for which the two zeros are equal).
        rows = np.maximum(A_prev[:, 0::f], A_prev[:, 1::f])
        for i in range(2, f):
            np.maximum(rows, A_prev[:, i::f], out=rows)
        A = np.maximum(rows[:, :, 0::f], rows[:, :, 1::f])
        for j in range(2, f):
            np.maximum(A, rows[:, :, j::f], out=A)
        return A, Cache("pool", A_prev=A_prev, A=A, f=f, stride=stride, mode=mode)
    A = offset(A_prev, 0, 0, stride, n_H, n_W).copy()
    combine = np.maximum if mode == "max" else np.add
    for i, j in offsets[1:]:
        combine(A, offset(A_prev, i, j, stride, n_H, n_W), out=A)
    if mode == "average":
        A *= A.dtype.type(1.0 / (f * f))
    return A, Cache("pool", A_prev=A_prev, A=A, f=f, stride=stride, mode=mode)


def pool_backward(dA, cache, mode: str | None = None):
    """Gradient of ``pool_forward`` with respect to ``A_prev``: returns ``dA_prev``.

    ``mode`` may be omitted (the cache knows it); if given it must match the forward's.
    """
    saved = open_cache(cache, "pool")
    if mode is not None and mode != saved["mode"]:
        raise ValueError(f"pool_backward(mode={mode!r}) was given the cache of a mode={saved['mode']!r} pool_forward")
    A_prev, A, f, stride = saved["A_prev"], saved["A"], saved["f"], saved["stride"]
    dA = as_dtype("dA", dA, A.dtype, "the layer")
    if dA.shape != A.shape:
        raise ValueError(f"dA has shape {dA.shape} but pool_forward returned A of shape {A.shape}")
    m, n_H, n_W, _ = A.shape
    offsets = [(i, j) for i in range(f) for j in range(f)]
    # With stride == f (and output_size guarantees the windows tile) every input entry is in
    # exactly one window: each offset's slice is written once. Otherwise slices overlap (or
    # leave gaps): start from zeros and add.
    disjoint = stride == f
    dA_prev = np.empty_like(A_prev) if disjoint else np.zeros_like(A_prev)
    # A block of examples at a time (about BLOCK_BYTES of input), so that the window masks and the
    # gradient shares stay in the CPU cache between the f*f passes over the offsets.
    step = max(1, min(m, BLOCK_BYTES // max(1, A_prev[0].nbytes)))
    average = saved["mode"] == "average"
    if average:
        share_buffer = np.empty((step,) + A.shape[1:], A.dtype)
    else:
        free_buffer = np.empty((step,) + A.shape[1:], bool)  # windows whose gradient has not been sent yet
        hit_buffer = np.empty((step,) + A.shape[1:], bool)
    def send(target, i, j, values, mask=None):
        """Write (disjoint windows) or add ``values`` (times ``mask``) into offset (i, j) of ``target``."""
        where = offset(target, i, j, stride, n_H, n_W)
        if disjoint:
            np.multiply(values, mask, out=where) if mask is not None else np.copyto(where, values)
        else:
            where += values if mask is None else values * mask

    for start in range(0, m, step):
        block = slice(start, min(start + step, m))
        n = block.stop - start
        X, out, grad, target = A_prev[block], A[block], dA[block], dA_prev[block]
        if average:
            share = np.multiply(grad, grad.dtype.type(1.0 / (f * f)), out=share_buffer[:n])
            for i, j in offsets:
                send(target, i, j, share)
            continue
        free, hit = free_buffer[:n], hit_buffer[:n]
        free.fill(True)
        for i, j in offsets[:-1]:
            np.equal(offset(X, i, j, stride, n_H, n_W), out, out=hit)
            hit &= free   # a maximum, and the first one of its window
            free ^= hit
            send(target, i, j, grad, hit)
        # Every window has a maximum, so a window still free has its first maximum at the last offset.
        send(target, *offsets[-1], grad, free)
    return dA_prev


def global_avg_pool_forward(A_prev):
    """Mean over height and width: (m, n_H, n_W, n_C) -> (m, n_C). Returns ``(A, cache)``."""
    A_prev = check_images("A_prev", A_prev, compute_dtype(A_prev))
    A = A_prev.mean(axis=(1, 2))
    return A, Cache("global_avg_pool", shape=A_prev.shape, dtype=A_prev.dtype)


def global_avg_pool_backward(dA, cache):
    """(m, n_C) -> (m, n_H, n_W, n_C): each position receives dA / (n_H n_W)."""
    saved = open_cache(cache, "global_avg_pool")
    m, n_H, n_W, n_C = saved["shape"]
    dA = as_dtype("dA", dA, saved["dtype"], "the layer")
    if dA.shape != (m, n_C):
        raise ValueError(f"dA has shape {dA.shape} but global_avg_pool_forward returned shape {(m, n_C)}")
    share = dA * dA.dtype.type(1.0 / (n_H * n_W))
    return np.broadcast_to(share[:, None, None, :], saved["shape"]).copy()
