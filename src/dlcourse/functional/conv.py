"""2-D convolution as a matrix product (im2col), in the course's layout.

Shapes (Course 4, "Convolutional Model: step by step"):

* ``A_prev``: ``(m, n_H_prev, n_W_prev, n_C_prev)``, images with channels last;
* ``W``: ``(f, f, n_C_prev, n_C)``, one ``f x f x n_C_prev`` filter per output channel;
* ``b``: ``(1, 1, 1, n_C)``;
* ``hparameters = {"stride": s, "pad": p}``;
* ``Z``: ``(m, n_H, n_W, n_C)`` with ``n_H = (n_H_prev + 2p - f) / s + 1`` (likewise ``n_W``).

Every output number is the dot product of one window of the padded input, an
``(f, f, n_C_prev)`` block, with one filter. Lay each window out as a row (``im2col``)
and the whole layer is one matrix product::

    columns (m*n_H*n_W, f*f*n_C_prev)  @  W reshaped (f*f*n_C_prev, n_C)  =  Z (m*n_H*n_W, n_C)

The window rows are a strided *view* of the padded input (:func:`windows`): nothing is
copied until the rows are packed into a buffer for the matrix product. That buffer holds
a block of examples at a time (about ``BLOCK_BYTES``), so it stays in the CPU cache
instead of making a copy ``f*f`` times the size of the input; each block is one large
matrix product, the loop is over blocks, never over pixels.

Backward, for the same blocks:

* ``db`` sums ``dZ`` over examples and positions;
* ``dW = columns^T @ dZ`` (the same packed rows, recomputed rather than cached);
* ``dA_prev``: ``dcolumns = dZ @ W^T`` holds, for every window, the gradient of each of its
  ``f*f*n_C_prev`` entries; ``col2im`` adds them back where the windows were read. Windows
  overlap, so this is a sum, done as ``f*f`` strided slice additions, one per kernel offset
  ``(i, j)``, each covering every window at once.

Gradients follow the plain chain rule (no 1/m): with ``J = sum(G * Z)``, ``conv_backward(G, cache)``
returns ``dJ/dA_prev, dJ/dW, dJ/db``.
"""
from __future__ import annotations

import numpy as np

from ._cache import Cache, open_cache
from ._images import as_dtype, check_images, compute_dtype, hyper_int, output_size, windows

__all__ = ["zero_pad", "conv_forward", "conv_backward", "BLOCK_BYTES"]

#: Size of the packed im2col buffer per block of examples (bytes). About the size of a
#: core's L2 cache: the buffer is written and read back while it is still in cache.
BLOCK_BYTES = 2 ** 21


def zero_pad(X, pad):
    """Pad the height and width of a batch of images with ``pad`` zeros on each side.

    ``X`` (m, n_H, n_W, n_C) -> (m, n_H + 2 pad, n_W + 2 pad, n_C); the dtype is kept.
    """
    X = check_images("X", X, compute_dtype(X))
    pad = hyper_int({"pad": pad}, "pad", minimum=0)
    return _pad(X, pad)


def _pad(X, pad):
    if pad == 0:
        return X
    m, n_H, n_W, n_C = X.shape
    X_pad = np.zeros((m, n_H + 2 * pad, n_W + 2 * pad, n_C), X.dtype)
    X_pad[:, pad:pad + n_H, pad:pad + n_W, :] = X
    return X_pad


def conv_forward(A_prev, W, b, hparameters):
    """Convolve ``A_prev`` with the filters ``W``, add ``b``: returns ``(Z, cache)``.

    A_prev (m, n_H_prev, n_W_prev, n_C_prev), W (f, f, n_C_prev, n_C), b (1, 1, 1, n_C),
    hparameters {"stride": s, "pad": p} -> Z (m, n_H, n_W, n_C), in the dtype of the inputs.
    """
    dtype = compute_dtype(A_prev, W, b)
    W = as_dtype("W", W, dtype, "A_prev")
    if W.ndim != 4 or W.shape[0] != W.shape[1]:
        raise ValueError(f"W must have shape (f, f, n_C_prev, n_C), got {W.shape}")
    f, _, n_C_prev, n_C = W.shape
    b = as_dtype("b", b, dtype, "A_prev")
    if b.shape != (1, 1, 1, n_C):
        raise ValueError(
            f"b has shape {b.shape} but expected (1, 1, 1, n_C={n_C}), one bias per filter of W "
            f"(a flat vector? use b.reshape(1, 1, 1, -1))"
        )
    A_prev = check_images("A_prev", A_prev, dtype, n_C_prev, "W.shape[2], W's n_C_prev")
    stride = hyper_int(hparameters, "stride")
    pad = hyper_int(hparameters, "pad", minimum=0)
    n_H, n_W = output_size("conv_forward", A_prev.shape, f, stride, pad)

    A_pad = _pad(A_prev, pad)
    W_col = W.reshape(f * f * n_C_prev, n_C)  # row (i, j, c) matches column (i, j, c) of a window
    Z = np.empty((A_prev.shape[0], n_H, n_W, n_C), dtype)
    for block, columns in _packed_windows(A_pad, f, stride, n_H, n_W):
        np.matmul(columns, W_col, out=Z[block].reshape(-1, n_C))
    Z += b
    return Z, Cache("conv", A_pad=A_pad, W=W, stride=stride, pad=pad, shape=A_prev.shape)


def conv_backward(dZ, cache, compute_dA_prev: bool = True):
    """Gradients of ``conv_forward``: returns ``(dA_prev, dW, db)``, shaped like ``A_prev, W, b``.

    ``dZ`` (m, n_H, n_W, n_C) is the gradient of the cost with respect to ``Z``. With
    ``compute_dA_prev=False`` (a first layer, whose input is the data) ``dA_prev`` is ``None``
    and a third of the work is saved.
    """
    saved = open_cache(cache, "conv")
    A_pad, W, stride, pad = saved["A_pad"], saved["W"], saved["stride"], saved["pad"]
    m, n_H_prev, n_W_prev, _ = saved["shape"]
    f, _, n_C_prev, n_C = W.shape
    n_H = (A_pad.shape[1] - f) // stride + 1
    n_W = (A_pad.shape[2] - f) // stride + 1
    dZ = as_dtype("dZ", dZ, W.dtype, "the layer")
    if dZ.shape != (m, n_H, n_W, n_C):
        raise ValueError(f"dZ has shape {dZ.shape} but conv_forward returned Z of shape {(m, n_H, n_W, n_C)}")
    dZ = np.ascontiguousarray(dZ)

    db = dZ.reshape(-1, n_C).sum(axis=0).reshape(1, 1, 1, n_C)
    W_col = W.reshape(f * f * n_C_prev, n_C)
    dW_col = np.zeros_like(W_col)
    dW_part = np.empty_like(W_col)
    if compute_dA_prev:
        # Accumulate channels-first, (n_C_prev, m, n_H_pad, n_W_pad): each slice addition below
        # then moves runs of n_W numbers, instead of runs of n_C_prev numbers (often only 3 or 16).
        dA_pad = np.zeros((n_C_prev, m) + A_pad.shape[1:3], W.dtype)
        d_columns = np.empty(0, W.dtype)
    for block, columns in _packed_windows(A_pad, f, stride, n_H, n_W):
        dZ_rows = dZ[block].reshape(-1, n_C)
        dW_col += np.matmul(columns.T, dZ_rows, out=dW_part)
        if not compute_dA_prev:
            continue
        # dcolumns^T = W_col @ dZ_rows^T, laid out (i, j, c, example, h, w)
        if d_columns.size < columns.size:
            d_columns = np.empty(columns.size, W.dtype)
        dT = np.matmul(W_col, dZ_rows.T, out=d_columns[:columns.size].reshape(W_col.shape[0], -1))
        dT = dT.reshape(f, f, n_C_prev, -1, n_H, n_W)
        for i in range(f):  # col2im: window entry (i, j) was read from A_pad[:, i + s*h, j + s*w]
            for j in range(f):
                dA_pad[:, block, i:i + stride * (n_H - 1) + 1:stride, j:j + stride * (n_W - 1) + 1:stride] += dT[i, j]

    dW = dW_col.reshape(W.shape)
    if not compute_dA_prev:
        return None, dW, db
    dA_prev = dA_pad[:, :, pad:pad + n_H_prev, pad:pad + n_W_prev].transpose(1, 2, 3, 0).copy()
    return dA_prev, dW, db


def _packed_windows(A_pad, f, stride, n_H, n_W):
    """Yield ``(block, columns)``: a slice of examples and their windows packed as rows.

    ``columns`` has shape (examples in block * n_H * n_W, f * f * n_C) and is a reused
    buffer: use it before asking for the next block.
    """
    view = windows(A_pad, f, stride, n_H, n_W)  # (m, n_H, n_W, f, f, n_C), no copy
    m = view.shape[0]
    per_example = view[0].size * view.itemsize
    step = max(1, min(m, BLOCK_BYTES // per_example))
    buffer = np.empty((step,) + view.shape[1:], view.dtype)
    for start in range(0, m, step):
        block = slice(start, min(start + step, m))
        packed = buffer[:block.stop - start]
        np.copyto(packed, view[block])  # the im2col copy
        yield block, packed.reshape(-1, f * f * view.shape[-1])

