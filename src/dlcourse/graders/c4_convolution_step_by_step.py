"""Graders for Course 4, "Convolution step by step".

Eight exercises written as the course's loops: zero padding, one convolution step, the forward and
backward passes of a convolutional layer, max and average pooling forward, and the pieces of the pooling
backward pass (a mask of the maximum, an average distributed over a window) put together. The references
are the vectorized kernels of :mod:`dlcourse.functional` (``zero_pad``, ``conv_forward``/``conv_backward``
by im2col, ``pool_forward``/``pool_backward`` by strided offsets), in the course's layout (m, H, W, C).

Two conventions meet here and the grader reconciles them:

* the course's loops use ``n_H = floor((n_H_prev + 2 pad - f) / stride) + 1`` and silently skip the last
  rows when the stride does not tile the input; the kernels refuse such geometry. The references crop
  the (padded) input to the rows the loops read, so those cases can be graded too;
* the learner's caches are the course's plain tuples ``(A_prev, W, b, hparameters)`` and
  ``(A_prev, hparameters)``; the references rebuild the kernels' opaque caches from them.

Max-pool backward sends each window's gradient to ONE input, the first maximum in row-major order, as
the kernel does (``np.argmax``); the course's ``x == np.max(x)`` sends it to every tied entry, which
multiplies the gradient (ties are common after a ReLU). The shared machinery and the hint levels are
described in :mod:`dlcourse.graders._core`.
"""
from __future__ import annotations

import numpy as np

from .. import functional as F
from .solutions import c4_convolution_step_by_step as _solutions
from ._core import Chapter, check_signature

__all__ = ["check_zero_pad", "check_conv_single_step", "check_conv_forward", "check_pool_forward",
           "check_conv_backward", "check_create_mask_from_window", "check_distribute_value",
           "check_pool_backward", "hint", "show_solution"]

chapter = Chapter(__name__)
hint, show_solution = chapter.hint, chapter.show_solution
_rng = np.random.default_rng


# --- references: the kernels, with the course's floor and caches -------------------------------------------

def _used(n: int, f: int, stride: int) -> int:
    """How many rows (or columns) of an input of size n the floor formula's windows read."""
    return ((n - f) // stride) * stride + f


def _crop(A_pad, f, stride):
    return A_pad[:, :_used(A_pad.shape[1], f, stride), :_used(A_pad.shape[2], f, stride), :]


def _kernel_conv(A_prev, W, b, hparameters):
    stride, pad = hparameters["stride"], hparameters["pad"]
    A_pad = F.zero_pad(A_prev, pad)
    return F.conv_forward(_crop(A_pad, W.shape[0], stride), W, b, {"stride": stride, "pad": 0}), A_pad.shape


def _ref_zero_pad(X, pad):
    return F.zero_pad(X, pad)


def _ref_conv_single_step(a_slice_prev, W, b):
    Z, _ = F.conv_forward(a_slice_prev[np.newaxis], W[..., np.newaxis], np.reshape(b, (1, 1, 1, 1)),
                          {"stride": 1, "pad": 0})
    return float(Z[0, 0, 0, 0])


def _ref_conv_forward(A_prev, W, b, hparameters):
    (Z, _), _ = _kernel_conv(A_prev, W, b, hparameters)
    return Z, (A_prev, W, b, hparameters)


def _ref_conv_backward(dZ, cache):
    A_prev, W, b, hparameters = cache
    pad = hparameters["pad"]
    (_, kernel_cache), padded_shape = _kernel_conv(A_prev, W, b, hparameters)
    dA_used, dW, db = F.conv_backward(dZ, kernel_cache)
    dA_pad = np.zeros(padded_shape, dA_used.dtype)
    dA_pad[:, :dA_used.shape[1], :dA_used.shape[2]] = dA_used   # rows the windows never read get no gradient
    return dA_pad[:, pad:pad + A_prev.shape[1], pad:pad + A_prev.shape[2]], dW, db


def _kernel_pool(A_prev, hparameters, mode):
    f, stride = hparameters["f"], hparameters["stride"]
    return F.pool_forward(_crop(A_prev, f, stride), {"f": f, "stride": stride}, mode)


def _ref_pool_forward(A_prev, hparameters, mode="max"):
    A, _ = _kernel_pool(A_prev, hparameters, mode)
    return A, (A_prev, hparameters)


def _ref_pool_backward(dA, cache, mode="max"):
    A_prev, hparameters = cache
    _, kernel_cache = _kernel_pool(A_prev, hparameters, mode)
    d_used = F.pool_backward(dA, kernel_cache)
    dA_prev = np.zeros(A_prev.shape, d_used.dtype)
    dA_prev[:, :d_used.shape[1], :d_used.shape[2]] = d_used
    return dA_prev


def _ref_mask(x):
    """The kernel's rule, max_pool backward on the single window x: one True at its first maximum.

    A rectangular window is made square by filling with a value below its minimum, which is never a
    maximum and keeps the row-major order of the original entries.
    """
    x = np.asarray(x, dtype=float)
    n = max(x.shape)
    square = np.full((n, n), np.min(x) - 1.0)
    square[:x.shape[0], :x.shape[1]] = x
    _, cache = F.pool_forward(square[np.newaxis, :, :, np.newaxis], {"f": n, "stride": 1}, "max")
    return F.pool_backward(np.ones((1, 1, 1, 1)), cache)[0, :x.shape[0], :x.shape[1], 0] == 1


def _ref_distribute(dz, shape):
    n_H, n_W = shape
    return np.full(shape, dz / (n_H * n_W), dtype=float)


# --- learner-style loops with one plausible bug each (the mistakes tables) ---------------------------------

def _pad_hw(X, pad):
    return np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))


def _size(n, f, stride, pad, kind):
    if kind == "no pad":
        return (n - f) // stride + 1
    if kind == "float":
        return (n + 2 * pad - f) / stride + 1          # range() and np.zeros() refuse the float
    if kind == "ceil":
        return int(np.ceil((n + 2 * pad - f) / stride)) + 1
    if kind == "no stride":
        return n + 2 * pad - f + 1
    return (n + 2 * pad - f) // stride + 1


def _conv_loops(size="floor", stride_slice=True, bias=True, flip=False, pad_fn=_pad_hw, window_channel=False):
    def conv_forward(A_prev, W, b, hparameters):
        m, n_H_prev, n_W_prev, _ = A_prev.shape
        f, _, _, n_C = W.shape
        stride, pad = hparameters["stride"], hparameters["pad"]
        n_H, n_W = _size(n_H_prev, f, stride, pad, size), _size(n_W_prev, f, stride, pad, size)
        Z = np.zeros((m, n_H, n_W, n_C))
        A_pad = pad_fn(A_prev, pad)
        step = stride if stride_slice else 1
        for i in range(m):
            for h in range(n_H):
                for w in range(n_W):
                    for c in range(n_C):
                        vs, hs = h * step, w * step
                        a = A_pad[i, vs:vs + f, hs:hs + f, c] if window_channel else A_pad[i, vs:vs + f, hs:hs + f, :]
                        weights = W[::-1, ::-1, :, c] if flip else W[:, :, :, c]
                        Z[i, h, w, c] = np.sum(a * weights) + (float(b[0, 0, 0, c]) if bias else 0.0)
        return Z, (A_prev, W, b, hparameters)
    return conv_forward


def _pool_loops(size="floor", stride_slice=True, channels=False, average="mean", ignore_mode=False):
    def pool_forward(A_prev, hparameters, mode="max"):
        m, n_H_prev, n_W_prev, n_C = A_prev.shape
        f, stride = hparameters["f"], hparameters["stride"]
        n_H, n_W = _size(n_H_prev, f, stride, 0, size), _size(n_W_prev, f, stride, 0, size)
        A = np.zeros((m, n_H, n_W, n_C))
        step = stride if stride_slice else 1
        for i in range(m):
            for h in range(n_H):
                for w in range(n_W):
                    for c in range(n_C):
                        vs, hs = h * step, w * step
                        win = A_prev[i, vs:vs + f, hs:hs + f, :] if channels else A_prev[i, vs:vs + f, hs:hs + f, c]
                        if mode == "max" or ignore_mode:
                            A[i, h, w, c] = np.max(win)
                        elif average == "sum":
                            A[i, h, w, c] = np.sum(win)
                        elif average == "f":
                            A[i, h, w, c] = np.sum(win) / f
                        else:
                            A[i, h, w, c] = np.mean(win)
        return A, (A_prev, hparameters)
    return pool_forward


def _conv_backward_loops(stride_slice=True, accumulate=True, unpad="slice", divide_m=False, unpadded_window=False,
                         db_all_channels=False):
    def conv_backward(dZ, cache):
        A_prev, W, b, hparameters = cache
        m, n_H_prev, n_W_prev, _ = A_prev.shape
        f, _, _, n_C = W.shape
        stride, pad = hparameters["stride"], hparameters["pad"]
        _, n_H, n_W, _ = dZ.shape
        dA_prev, dW, db = np.zeros(A_prev.shape), np.zeros(W.shape), np.zeros(b.shape)
        A_pad, dA_pad = _pad_hw(A_prev, pad), _pad_hw(dA_prev, pad)
        step = stride if stride_slice else 1
        for i in range(m):
            a_prev = A_prev[i] if unpadded_window else A_pad[i]
            for h in range(n_H):
                for w in range(n_W):
                    for c in range(n_C):
                        vs, hs = h * step, w * step
                        share = W[:, :, :, c] * dZ[i, h, w, c]
                        if accumulate:
                            dA_pad[i, vs:vs + f, hs:hs + f, :] += share
                        else:
                            dA_pad[i, vs:vs + f, hs:hs + f, :] = share
                        dW[:, :, :, c] += a_prev[vs:vs + f, hs:hs + f, :] * dZ[i, h, w, c]
                        if db_all_channels:
                            db[:, :, :, :] += dZ[i, h, w, c]
                        else:
                            db[:, :, :, c] += dZ[i, h, w, c]
            if unpad == "slice":
                dA_prev[i] = dA_pad[i, pad:pad + n_H_prev, pad:pad + n_W_prev, :]
            elif unpad == "negative":
                dA_prev[i] = dA_pad[i, pad:-pad, pad:-pad, :]
        if unpad == "none":
            dA_prev = dA_pad
        if divide_m:
            dW, db = dW / m, db / m
        return dA_prev, dW, db
    return conv_backward


def _mask_mistake(kind):
    def create_mask_from_window(x):
        if kind == "ties":
            return x == np.max(x)
        if kind == "min":
            mask = np.zeros(x.shape, bool)
            mask[np.unravel_index(np.argmin(x), x.shape)] = True
            return mask
        mask = np.zeros(x.shape, bool)
        if kind == "last":
            flat = x.size - 1 - int(np.argmax(x.ravel()[::-1]))
            mask[np.unravel_index(flat, x.shape)] = True
        else:  # "column-major": the first maximum going down the columns
            mask[np.unravel_index(np.argmax(x.T), x.T.shape)[::-1]] = True
        return mask
    return create_mask_from_window


def _distribute_mistake(kind):
    def distribute_value(dz, shape):
        n_H, n_W = shape
        if kind == "no divide":
            return np.ones(shape) * dz
        if kind == "n_H":
            return np.ones(shape) * dz / n_H
        if kind == "sum":
            return np.ones(shape) * dz / (n_H + n_W)
        out = np.zeros(shape)
        out[0, 0] = dz
        return out
    return distribute_value


def _pool_backward_loops(mask=_ref_mask, distribute=_ref_distribute, accumulate=True, stride_slice=True,
                         ignore_mode=False):
    def pool_backward(dA, cache, mode="max"):
        A_prev, hparameters = cache
        f, stride = hparameters["f"], hparameters["stride"]
        m, n_H, n_W, n_C = dA.shape
        dA_prev = np.zeros(A_prev.shape)
        step = stride if stride_slice else 1
        for i in range(m):
            for h in range(n_H):
                for w in range(n_W):
                    for c in range(n_C):
                        vs, hs = h * step, w * step
                        if mode == "max" or ignore_mode:
                            share = mask(A_prev[i, vs:vs + f, hs:hs + f, c]) * dA[i, h, w, c]
                        else:
                            share = distribute(dA[i, h, w, c], (f, f))
                        if accumulate:
                            dA_prev[i, vs:vs + f, hs:hs + f, c] += share
                        else:
                            dA_prev[i, vs:vs + f, hs:hs + f, c] = share
        return dA_prev
    return pool_backward


# --- Exercise 1: zero_pad -------------------------------------------------------------------------------------

@chapter.exercise(
    "zero_pad", _ref_zero_pad,
    fresh=lambda rng: ("random batch", (rng.standard_normal(tuple(int(n) for n in rng.integers(1, 5, 4))),
                                        int(rng.integers(1, 4))), {}),
    concept="padding adds a border of zeros around each image, on its height and width only: the number of "
            "examples and of channels do not change. pad zeros go before the first row and after the last, "
            "likewise for the columns.",
    mistakes=[
        (lambda X, pad: np.pad(X, pad), "pad only the height and width axes: np.pad(X, pad) pads all four axes, "
         "adding examples and channels (pad_width ((0, 0), (pad, pad), (pad, pad), (0, 0)))."),
        (lambda X, pad: np.pad(X, ((0, 0), (0, 0), (pad, pad), (pad, pad))),
         "the layout is (m, n_H, n_W, n_C), channels last: pad axes 1 and 2, not 2 and 3."),
        (lambda X, pad: np.pad(X, ((pad, pad), (pad, pad), (0, 0), (0, 0))),
         "the layout is (m, n_H, n_W, n_C): pad axes 1 and 2 (height, width), not the examples axis 0."),
        (lambda X, pad: np.pad(X, ((0, 0), (0, pad), (0, pad), (0, 0))),
         "pad both sides: pad zeros before the first row/column and pad after the last, (pad, pad)."),
        (lambda X, pad: np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)), mode="edge"),
         "the border is zeros (mode='constant', constant_values=0), not copies of the edge pixels."),
    ],
    formula="return np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)), mode='constant', constant_values=0).",
    solution=_solutions.zero_pad)
def check_zero_pad():
    """``zero_pad(X, pad) -> X_pad`` of shape (m, n_H + 2 pad, n_W + 2 pad, n_C)."""
    rng = _rng(1)
    return [
        ("X (4, 3, 3, 2), pad 3 (the course's case)", (rng.standard_normal((4, 3, 3, 2)), 3), {}),
        ("X (2, 4, 5, 3), pad 1", (rng.standard_normal((2, 4, 5, 3)), 1), {}),
        ("one image, one channel, X (1, 2, 6, 1), pad 2", (rng.standard_normal((1, 2, 6, 1)), 2), {}),
        ("pad 0 changes nothing", (rng.standard_normal((2, 3, 3, 2)), 0), {}),
    ]


# --- Exercise 2: conv_single_step ---------------------------------------------------------------------------

def _single_fresh(rng):
    f, c = int(rng.integers(1, 5)), int(rng.integers(1, 5))
    return f"a {f}x{f}x{c} window", (rng.standard_normal((f, f, c)), rng.standard_normal((f, f, c)),
                                     rng.standard_normal((1, 1, 1))), {}


@chapter.exercise(
    "conv_single_step", _ref_conv_single_step, fresh=_single_fresh,
    concept="one output number of a convolution: multiply the window of the input by the filter entry by entry "
            "(every row, column and channel of the window), add all the products up, then add the filter's bias. "
            "The result is a single number.",
    mistakes=[
        (lambda a, W, b: float(np.sum(a * W)), "add the bias b after the sum: Z = np.sum(a_slice_prev * W) + b."),
        (lambda a, W, b: float(np.mean(a * W) + b.item()), "sum the products (np.sum), do not average them."),
        (lambda a, W, b: float(np.sum(a * W) - b.item()), "add the bias, do not subtract it."),
        (lambda a, W, b: np.sum(a * W, axis=(0, 1)) + b.item(),
         "sum over every entry of the window, the channels included: np.sum(a_slice_prev * W) is one number."),
        (lambda a, W, b: float(np.sum(a * W[::-1, ::-1]) + b.item()),
         "do not flip the filter: in deep learning a 'convolution' multiplies window[i, j] by W[i, j] "
         "(mathematically, a cross-correlation)."),
    ],
    formula="s = a_slice_prev * W; Z = np.sum(s); Z = Z + float(b) (b has shape (1, 1, 1)); return Z.",
    solution=_solutions.conv_single_step)
def check_conv_single_step():
    """``conv_single_step(a_slice_prev, W, b) -> float``; the window and the filter are (f, f, n_C_prev)."""
    rng = _rng(2)
    return [
        ("a 4x4x3 window (the course's shapes)", (rng.standard_normal((4, 4, 3)), rng.standard_normal((4, 4, 3)),
                                                  rng.standard_normal((1, 1, 1))), {}),
        ("a 1x1x1 window", (np.array([[[2.0]]]), np.array([[[-3.0]]]), np.array([[[0.5]]])), {}),
        ("a 3x3x2 window, zero bias", (rng.standard_normal((3, 3, 2)), rng.standard_normal((3, 3, 2)),
                                       np.zeros((1, 1, 1))), {}),
        ("an asymmetric filter on a ramp", (np.arange(18.0).reshape(3, 3, 2), np.arange(18.0).reshape(3, 3, 2) ** 2 / 10,
                                            np.array([[[-1.0]]])), {}),
    ]


# --- Exercise 3: conv_forward ---------------------------------------------------------------------------------

def _conv_case(rng, name, shape, f, n_C, stride, pad):
    A = rng.standard_normal(shape)
    W = rng.standard_normal((f, f, shape[3], n_C))
    b = rng.standard_normal((1, 1, 1, n_C))
    return name, (A, W, b, {"pad": pad, "stride": stride}), {}


_CONV_CASES = [  # (name, shape, f, n_C, stride, pad)
    ("A_prev (2, 5, 7, 4), 8 filters 3x3, pad 1, stride 2 (the course's shapes)", (2, 5, 7, 4), 3, 8, 2, 1),
    ("'valid': pad 0, stride 1, 2x2 filters", (1, 4, 5, 3), 2, 2, 1, 0),
    ("'same': pad 1, stride 1, 3x3 filters", (2, 4, 4, 2), 3, 3, 1, 1),
    ("stride 2 that does not tile the height: floor((6 - 3) / 2) + 1 = 2", (1, 6, 5, 1), 3, 2, 2, 0),
    ("1x1 filters", (2, 3, 3, 4), 1, 2, 1, 0),
    ("stride 3, pad 2, one filter: floor((7 + 4 - 3) / 3) + 1 = 3", (1, 7, 7, 2), 3, 1, 3, 2),
]


def _named_geometry(rng):
    f, stride, pad = int(rng.integers(1, 4)), int(rng.integers(1, 3)), int(rng.integers(0, 2))
    shape = (int(rng.integers(1, 3)), int(rng.integers(f, 6)), int(rng.integers(f, 6)), int(rng.integers(1, 4)))
    n_C = int(rng.integers(1, 4))
    return f"A_prev {shape}, {n_C} filters {f}x{f}, stride {stride}, pad {pad}", shape, f, n_C, stride, pad


def _conv_fresh(rng):
    return _conv_case(rng, *_named_geometry(rng))


_SIZE_FORMULA = "n_H = floor((n_H_prev + 2 pad - f) / stride) + 1, likewise n_W"


@chapter.exercise(
    "conv_forward", _ref_conv_forward, returns=("Z", "cache"), fresh=_conv_fresh,
    concept="pad the input, then for every example, output position and filter take the f x f window of the padded "
            "input (all its channels) that starts stride pixels further for each step of the output, and apply "
            "conv_single_step with that filter and its bias. The output size follows from how many windows fit. "
            "Return Z and the cache (A_prev, W, b, hparameters).",
    mistakes=[
        (_conv_loops(stride_slice=False),
         "the stride is ignored in the slicing: the window of output (h, w) starts at vert_start = h * stride, "
         "horiz_start = w * stride."),
        (_conv_loops(bias=False), "the bias is forgotten: add b[:, :, :, c] to every output of filter c."),
        (_conv_loops(size="no pad"), f"wrong output-size formula: the padding adds 2 pad rows, {_SIZE_FORMULA}."),
        (_conv_loops(size="float"),
         f"the output size must be an integer: floor the division, {_SIZE_FORMULA} (int(...) or //)."),
        (_conv_loops(size="ceil"), f"round the division down (floor), not up: {_SIZE_FORMULA}; a window that would "
         "stick out of the padded input is not computed."),
        (_conv_loops(size="no stride"), f"wrong output-size formula: divide by the stride, {_SIZE_FORMULA}."),
        (_conv_loops(pad_fn=lambda X, pad: np.pad(X, pad)),
         "padding on the wrong axes: pad only height and width, zero_pad(A_prev, pad), not np.pad(A_prev, pad)."),
        (_conv_loops(pad_fn=lambda X, pad: X), "pad the input first: A_prev_pad = zero_pad(A_prev, pad), and take "
         "the windows from A_prev_pad."),
        (_conv_loops(window_channel=True),
         "channels mixed: a window spans every input channel, a_prev_pad[vert_start:vert_end, "
         "horiz_start:horiz_end, :]; c indexes the filters (output channels), W[:, :, :, c]."),
        (_conv_loops(flip=True), "do not flip the filters: window entry (i, j) is multiplied by W[i, j]."),
    ],
    formula="n_H = (n_H_prev + 2*pad - f) // stride + 1 (same for n_W); Z = np.zeros((m, n_H, n_W, n_C)); "
            "A_prev_pad = zero_pad(A_prev, pad); for i, h, w, c: vert_start = h*stride, vert_end = vert_start + f "
            "(same for horiz with w); a_slice_prev = A_prev_pad[i, vert_start:vert_end, horiz_start:horiz_end, :]; "
            "Z[i, h, w, c] = conv_single_step(a_slice_prev, W[:, :, :, c], b[:, :, :, c]); "
            "cache = (A_prev, W, b, hparameters).",
    solution=_solutions.conv_forward)
def check_conv_forward():
    """``conv_forward(A_prev, W, b, hparameters) -> (Z, cache)``, cache = ``(A_prev, W, b, hparameters)``."""
    rng = _rng(3)
    return [_conv_case(rng, *case) for case in _CONV_CASES]


# --- Exercise 4: pool_forward -------------------------------------------------------------------------------

def _relu_ties(rng, shape):
    """After a ReLU: about half the entries are exactly 0, so some windows are all zeros (ties)."""
    return np.maximum(rng.standard_normal(shape), 0.0)


def _pool_cases(rng):
    A1 = rng.standard_normal((2, 5, 5, 3))
    return [
        ("max, A_prev (2, 5, 5, 3), f=3, stride 1 (the course's case 1)", (A1, {"stride": 1, "f": 3}), {}),
        ("average, the same", (A1, {"stride": 1, "f": 3}), {"mode": "average"}),
        ("max, f=3, stride 2 (the course's case 2)", (A1, {"stride": 2, "f": 3}), {"mode": "max"}),
        ("average, f=3, stride 2", (A1, {"stride": 2, "f": 3}), {"mode": "average"}),
        ("max after a ReLU (ties), f=2, stride 2", (_relu_ties(rng, (1, 4, 4, 2)), {"stride": 2, "f": 2}), {}),
        ("average, 5x7 input, f=2, stride 2: floor((5 - 2) / 2) + 1 = 2", (rng.standard_normal((1, 5, 7, 2)),
                                                                           {"stride": 2, "f": 2}), {"mode": "average"}),
    ]


def _pool_fresh(rng):
    f, stride = int(rng.integers(1, 4)), int(rng.integers(1, 3))
    shape = (int(rng.integers(1, 3)), int(rng.integers(f, 7)), int(rng.integers(f, 7)), int(rng.integers(1, 4)))
    mode = ("max", "average")[int(rng.integers(0, 2))]
    return f"{mode}, A_prev {shape}, f={f}, stride {stride}", (rng.standard_normal(shape),
                                                               {"stride": stride, "f": f}), {"mode": mode}


_POOL_USAGE = 'pool_forward(A_prev, hparameters, mode="max")'


@chapter.exercise(
    "pool_forward", _ref_pool_forward, returns=("A", "cache"), fresh=_pool_fresh,
    before=check_signature({"mode": "max"}, _POOL_USAGE),
    concept="pooling looks at every f x f window, as a convolution does (no padding, no weights), and keeps the "
            "largest value (mode 'max') or the mean (mode 'average'), separately for each channel: the number of "
            "channels does not change. Return A and the cache (A_prev, hparameters).",
    mistakes=[
        (_pool_loops(channels=True),
         "channels mixed: pool each channel on its own, A_prev[i, vert_start:vert_end, horiz_start:horiz_end, c]; "
         "with ':' the window's maximum or mean is taken over every channel at once."),
        (_pool_loops(stride_slice=False),
         "the stride is ignored in the slicing: vert_start = h * stride, horiz_start = w * stride."),
        (_pool_loops(size="no stride"),
         "wrong output-size formula: n_H = floor((n_H_prev - f) / stride) + 1, divided by the stride."),
        (_pool_loops(size="float"),
         "the output size must be an integer: n_H = (n_H_prev - f) // stride + 1 (or int(...))."),
        (_pool_loops(ignore_mode=True), "mode='average' takes the mean of the window, np.mean; only 'max' takes "
         "the maximum."),
        (_pool_loops(average="sum"), "average pooling takes the mean of the window, np.mean, not its sum."),
        (_pool_loops(average="f"), "the mean of an f x f window divides by f * f, not by f: use np.mean."),
    ],
    formula="n_H = (n_H_prev - f) // stride + 1 (same for n_W), n_C = n_C_prev; for i, h, w, c: "
            "a_prev_slice = A_prev[i, h*stride:h*stride + f, w*stride:w*stride + f, c]; A[i, h, w, c] = "
            "np.max(a_prev_slice) if mode == 'max' else np.mean(a_prev_slice); cache = (A_prev, hparameters).",
    solution=_solutions.pool_forward)
def check_pool_forward():
    """``pool_forward(A_prev, hparameters, mode="max") -> (A, cache)``, cache = ``(A_prev, hparameters)``."""
    return _pool_cases(_rng(4))


# --- Exercise 5: conv_backward --------------------------------------------------------------------------------

def _backward_case(rng, name, shape, f, n_C, stride, pad):
    name, args, _ = _conv_case(rng, name, shape, f, n_C, stride, pad)
    Z, cache = _ref_conv_forward(*args)
    return name, (rng.standard_normal(Z.shape), cache), {}


_CONV_BACKWARD_CASES = [
    ("A_prev (2, 5, 7, 4), 8 filters 3x3, pad 1, stride 2 (overlapping windows)", (2, 5, 7, 4), 3, 8, 2, 1),
    ("pad 0, stride 1, 2x2 filters", (1, 4, 5, 3), 2, 2, 1, 0),
    ("pad 2, stride 1, 3x3 filters", (2, 4, 4, 2), 3, 3, 1, 2),
    ("stride 2 that does not tile: the last row gets no gradient", (1, 6, 5, 1), 3, 2, 2, 0),
]


@chapter.exercise(
    "conv_backward", _ref_conv_backward, returns=("dA_prev", "dW", "db"),
    fresh=lambda rng: _backward_case(rng, *_named_geometry(rng)),
    concept="run the forward loops again; each output Z[i, h, w, c] was computed from one window of the padded input "
            "with filter c, so its gradient dZ[i, h, w, c] flows back to that window (times the filter), to the "
            "filter (times the window) and to the bias. Windows overlap, so contributions add up; at the end the "
            "padding is cut off dA_prev. No 1/m: the backward applies the chain rule to the dZ it is given.",
    mistakes=[
        (_conv_backward_loops(stride_slice=False),
         "the stride is ignored in the slicing: the window of output (h, w) starts at h * stride, w * stride."),
        (_conv_backward_loops(accumulate=False),
         "windows overlap (and every filter c reads the same window): add with +=, do not assign with =."),
        (_conv_backward_loops(unpad="negative"),
         "with pad = 0, da_prev_pad[pad:-pad] is empty: strip the padding with pad:pad + n_H_prev (and "
         "pad:pad + n_W_prev)."),
        (_conv_backward_loops(unpad="none"),
         "strip the padding: dA_prev has the shape of A_prev, dA_prev[i] = da_prev_pad[pad:pad + n_H_prev, "
         "pad:pad + n_W_prev, :]."),
        (_conv_backward_loops(divide_m=True),
         "no 1/m here: the backward applies the chain rule to the dZ it is given (the mean over examples is taken "
         "once, in the cost)."),
        (_conv_backward_loops(unpadded_window=True),
         "dW multiplies dZ by the window of the PADDED input, a_prev_pad[vert_start:vert_end, horiz_start:horiz_end, :]."),
        (_conv_backward_loops(db_all_channels=True),
         "one bias per filter: db[:, :, :, c] += dZ[i, h, w, c], channel by channel."),
    ],
    formula="dA_prev, dW, db = zeros like A_prev, W, b; A_prev_pad = zero_pad(A_prev, pad); dA_prev_pad = "
            "zero_pad(dA_prev, pad); for i, h, w, c (window at h*stride, w*stride, size f): "
            "da_prev_pad[window, :] += W[:, :, :, c] * dZ[i, h, w, c]; dW[:, :, :, c] += a_slice * dZ[i, h, w, c]; "
            "db[:, :, :, c] += dZ[i, h, w, c]; after each example dA_prev[i] = "
            "da_prev_pad[pad:pad + n_H_prev, pad:pad + n_W_prev, :].",
    solution=_solutions.conv_backward)
def check_conv_backward():
    """``conv_backward(dZ, cache) -> (dA_prev, dW, db)``, shaped like ``A_prev, W, b``."""
    rng = _rng(5)
    return [_backward_case(rng, *case) for case in _CONV_BACKWARD_CASES]


# --- Exercise 6: create_mask_from_window --------------------------------------------------------------------

@chapter.exercise(
    "create_mask_from_window", _ref_mask,
    fresh=lambda rng: ("a random 3x3 window", (np.round(rng.standard_normal((3, 3)), 0),), {}),
    concept="the mask marks the one entry of the window that max pooling kept: True there, False everywhere else. "
            "If several entries share the maximum, only the first one in row-major order (row by row, left to "
            "right) is marked, so the gradient is passed on once, not once per tied entry.",
    mistakes=[
        (_mask_mistake("ties"),
         "ties routed to several cells: x == np.max(x) marks every entry equal to the maximum, and each of them "
         "would receive the whole gradient. Mark only the first maximum: np.argmax(x) (then np.unravel_index)."),
        (_mask_mistake("last"), "mark the FIRST maximum in row-major order (what np.argmax returns), not the last."),
        (_mask_mistake("column-major"),
         "row-major order: the first maximum going along the first row, then the second row, ... (np.argmax on x, "
         "not on x.T)."),
        (_mask_mistake("min"), "mark the maximum, not the minimum."),
    ],
    formula="mask = np.zeros(x.shape, dtype=bool); mask[np.unravel_index(np.argmax(x), x.shape)] = True; "
            "return mask.",
    solution=_solutions.create_mask_from_window)
def check_create_mask_from_window():
    """``create_mask_from_window(x) -> mask`` with one True, at the first maximum of x in row-major order."""
    rng = _rng(6)
    return [
        ("a 2x3 window (the course's case)", (rng.standard_normal((2, 3)),), {}),
        ("a 2x2 window of zeros after a ReLU (a four-way tie)", (np.zeros((2, 2)),), {}),
        ("a 3x3 window whose maximum appears twice", (np.array([[0.0, 2.0, -1.0], [2.0, 1.0, 0.5], [0.0, 2.0, 1.0]]),), {}),
        ("a tie in the first column (row-major order)", (np.array([[0.0, 1.0], [3.0, 3.0], [3.0, 0.0]]),), {}),
        ("negative values only", (-np.abs(rng.standard_normal((3, 3))) - 1.0,), {}),
        ("a 1x1 window", (np.array([[0.7]]),), {}),
    ]


# --- Exercise 7: distribute_value ---------------------------------------------------------------------------

@chapter.exercise(
    "distribute_value", _ref_distribute,
    fresh=lambda rng: ("random dz and shape", (float(rng.standard_normal()),
                                               tuple(int(n) for n in rng.integers(1, 5, 2))), {}),
    concept="average pooling computed a mean of n_H * n_W inputs, each weighed equally, so the gradient of that "
            "mean is shared out equally: every entry of the window gets the same fraction of dz.",
    mistakes=[
        (_distribute_mistake("no divide"),
         "average distributed without dividing: each of the n_H * n_W entries gets dz / (n_H * n_W), not dz."),
        (_distribute_mistake("n_H"), "divide by the number of entries of the window, n_H * n_W, not by n_H."),
        (_distribute_mistake("sum"), "the window has n_H * n_W entries (a product, not n_H + n_W)."),
        (_distribute_mistake("corner"), "every entry of the window contributed to the mean: share dz out over all "
         "of them, not into one corner."),
    ],
    formula="n_H, n_W = shape; average = dz / (n_H * n_W); return np.ones(shape) * average.",
    solution=_solutions.distribute_value)
def check_distribute_value():
    """``distribute_value(dz, shape) -> array of shape (n_H, n_W)`` holding dz / (n_H n_W) everywhere."""
    return [
        ("dz = 2, shape (2, 2) (the course's case)", (2.0, (2, 2)), {}),
        ("dz = 1.5, shape (3, 3)", (1.5, (3, 3)), {}),
        ("dz = -0.6, shape (2, 4)", (-0.6, (2, 4)), {}),
        ("dz = 4, shape (1, 1)", (4.0, (1, 1)), {}),
        ("dz a numpy number", (np.float64(0.25), (2, 3)), {}),
    ]


# --- Exercise 8: pool_backward --------------------------------------------------------------------------------

def _pool_backward_case(rng, name, A_prev, hparameters, mode):
    A, cache = _ref_pool_forward(A_prev, hparameters, mode)
    return name, (rng.standard_normal(A.shape), cache), {"mode": mode}


def _pool_backward_fresh(rng):
    name, (A_prev, hp), kwargs = _pool_fresh(rng)
    if rng.uniform() < 0.5:
        A_prev = np.maximum(A_prev, 0.0)
        name += ", after a ReLU"
    return _pool_backward_case(rng, name, A_prev, hp, kwargs["mode"])


_POOL_BACKWARD_USAGE = 'pool_backward(dA, cache, mode="max")'


@chapter.exercise(
    "pool_backward", _ref_pool_backward, returns="dA_prev", fresh=_pool_backward_fresh,
    before=check_signature({"mode": "max"}, _POOL_BACKWARD_USAGE),
    concept="each pooled output came from one window of A_prev: with max pooling its gradient goes to the entry "
            "that was the maximum (the mask), with average pooling it is shared out equally over the window. "
            "Windows may overlap (stride < f), so contributions add up.",
    mistakes=[
        (_pool_backward_loops(mask=_mask_mistake("ties")),
         "argmax ties routed to several cells: with x == np.max(x) every tied entry (a window of zeros after a "
         "ReLU) receives the whole gradient. Use create_mask_from_window, which marks only the first maximum."),
        (_pool_backward_loops(distribute=_distribute_mistake("no divide")),
         "average distributed without dividing: each entry of the window gets dA / (f * f) (distribute_value)."),
        (_pool_backward_loops(accumulate=False),
         "windows overlap when stride < f: add each window's gradient with +=, do not assign it with =."),
        (_pool_backward_loops(stride_slice=False),
         "the stride is ignored in the slicing: the window of output (h, w) starts at h * stride, w * stride."),
        (_pool_backward_loops(ignore_mode=True),
         "mode='average' shares the gradient out with distribute_value; the mask is for mode='max' only."),
    ],
    formula="A_prev, hparameters = cache; dA_prev = np.zeros(A_prev.shape); for i, h, w, c (window at h*stride, "
            "w*stride, size f): if mode == 'max': mask = create_mask_from_window(A_prev[i, window, c]); "
            "dA_prev[i, window, c] += mask * dA[i, h, w, c]; else: dA_prev[i, window, c] += "
            "distribute_value(dA[i, h, w, c], (f, f)).",
    solution=_solutions.pool_backward)
def check_pool_backward():
    """``pool_backward(dA, cache, mode="max") -> dA_prev``, shaped like ``A_prev``."""
    rng = _rng(8)
    A1 = rng.standard_normal((2, 5, 3, 2))
    T = _relu_ties(rng, (2, 4, 4, 3))
    return [
        _pool_backward_case(rng, "max, A_prev (2, 5, 3, 2), f=2, stride 1 (overlapping)", A1, {"stride": 1, "f": 2}, "max"),
        _pool_backward_case(rng, "average, the same", A1, {"stride": 1, "f": 2}, "average"),
        _pool_backward_case(rng, "max after a ReLU (ties), f=2, stride 2", T, {"stride": 2, "f": 2}, "max"),
        _pool_backward_case(rng, "max after a ReLU (ties), f=3, stride 1", T, {"stride": 1, "f": 3}, "max"),
        _pool_backward_case(rng, "average, 5x5 input, f=2, stride 2 (the last row and column are not pooled)",
                            rng.standard_normal((1, 5, 5, 1)), {"stride": 2, "f": 2}, "average"),
        _pool_backward_case(rng, "max, the same geometry", rng.standard_normal((1, 5, 5, 1)), {"stride": 2, "f": 2},
                            "max"),
    ]
