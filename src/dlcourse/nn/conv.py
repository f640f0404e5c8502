"""Image modules on the tape (Course 4). Layout: images are ``(m, n_H, n_W, n_C)``, channels last.

==============================  ====================================  ======================================
module                          parameters (shape)                    forward
==============================  ====================================  ======================================
``Conv2d(C_in, C_out, f)``      ``W`` (f, f, C_in, C_out),            (m, n_H, n_W, C_in) ->
                                ``b`` (1, 1, 1, C_out) (``bias``)     (m, n_H', n_W', C_out),
                                                                      ``n_H' = (n_H + 2p - f) / s + 1``
``MaxPool2d(f, stride=f)``      -                                     (m, n_H, n_W, C) ->
``AvgPool2d(f, stride=f)``                                            (m, (n_H - f) / s + 1, ..., C)
``BatchNorm2d(C)``              ``gamma``, ``beta`` (1, 1, 1, C);     normalizes each channel over its
                                buffers ``running_mean``,             m n_H n_W numbers (training) or with
                                ``running_var`` (1, 1, 1, C)          the running averages (evaluation)
``ZeroPad2d(p)``                -                                     (m, n_H, n_W, C) ->
                                                                      (m, n_H + 2p, n_W + 2p, C)
``Flatten()``                   -                                     (m, n_H, n_W, C) -> (n_H n_W C, m)
``GlobalAvgPool2d()``           -                                     (m, n_H, n_W, C) -> (C, m)
==============================  ====================================  ======================================

**The bridge to dense layers.** The course's dense layout puts examples in *columns*,
``(features, m)`` (what :class:`~dlcourse.nn.Linear` takes), while images put the example index
*first*. :class:`Flatten` and :class:`GlobalAvgPool2d` do the switch: each example's
``n_H x n_W x C`` block becomes one column (entries in row-major order, channel fastest: what
``A.reshape(m, -1)`` gives, and Keras' ``Flatten``, but transposed), so a classifier is::

    Sequential(Conv2d(3, 8, 3, padding=1, rng=g), BatchNorm2d(8), ReLU(), MaxPool2d(2),
               Flatten(), Linear(8 * 16 * 16, 6, rng=g))      # (m, 32, 32, 3) -> (6, m) logits

and its logits ``(C, m)`` go to ``ag.softmax_cross_entropy`` with one-hot labels ``(C, m)``, as in
Courses 1-2. The elementwise modules (``ReLU``, ``Tanh``, ``Dropout``, ...) take any layout.

Skip connections (ResNets): :class:`~dlcourse.nn.Residual` adds a branch and a shortcut, both
modules, so the identity block and the convolutional block (a 1x1 strided ``Conv2d`` and a
``BatchNorm2d`` as the projection shortcut) are::

    identity = Sequential(Residual(Sequential(Conv2d(C, C, 3, padding=1, bias=False, rng=g), BatchNorm2d(C),
                                              ReLU(), Conv2d(C, C, 3, padding=1, bias=False, rng=g),
                                              BatchNorm2d(C))), ReLU())
    conv_block = Sequential(Residual(branch, shortcut=Sequential(Conv2d(C, 2 * C, 1, stride=2, rng=g),
                                                                 BatchNorm2d(2 * C))), ReLU())

**Padding.** ``padding`` is an int ``p`` (``p`` zeros on every side, convolutions only) or ``"valid"``
(none): then, as in the kernels, the stride must tile the input (``(n + 2p - f) / s`` an integer; the
course's formula would floor it and silently drop the last rows). ``padding="same"`` is Keras'
(the course's programming assignments use it): the output has ``ceil(n / s)`` rows and columns, and
the ``(n_out - 1) s + f - n`` padding rows are split with the extra one at the bottom (right), so an
even filter or a stride works on any size (a window smaller than the stride, such as ResNet's 1x1
convolution with stride 2 on an even size, ends before the last row: that row is cropped, as Keras
ignores it). Convolutions pad with zeros; ``MaxPool2d`` with ``-inf``
(padding never wins a maximum) and ``AvgPool2d`` averages the real entries only, as Keras does.
When "same" is symmetric the kernel pads by itself; otherwise :func:`dlcourse.autograd.pad2d` pads
first (one copy of the input).

Every op is an :mod:`dlcourse.autograd` op over a :mod:`dlcourse.functional` kernel (``conv_forward``,
``pool_forward``, ``spatial_batchnorm_forward``, ``flatten_forward``, ``global_avg_pool_forward``).
"""
from __future__ import annotations

import numpy as np

from .. import autograd as ag
from .. import functional as F
from .._validate import check_positive_int
from ..functional.batchnorm import DEFAULT_EPS
from ..init import initialize_parameters
from .layers import _float_dtype, _init_seed
from .module import Module, Parameter

__all__ = ["Conv2d", "MaxPool2d", "AvgPool2d", "BatchNorm2d", "ZeroPad2d", "Flatten", "GlobalAvgPool2d"]

LAYOUT = "(m, n_H, n_W, n_C)"


def check_image_input(module: Module, x, n_C: int | None = None) -> None:
    """Refuse anything but a batch of images ``(m, n_H, n_W, n_C)`` (with ``n_C`` channels, if given),
    naming ``module`` and the likely mistake (channels first, a dense (features, m) input, one image)."""
    shape = x.shape
    if len(shape) != 4:
        hint = ""
        if len(shape) == 2:
            hint = " (a dense (features, m) input? image modules come before Flatten / GlobalAvgPool2d)"
        elif len(shape) == 3:
            hint = " (a single image? add the example axis: x[np.newaxis])"
        raise ValueError(f"{module!r} expects images {LAYOUT}, got shape {shape}{hint}")
    if n_C is not None and shape[3] != n_C:
        hint = ""
        if shape[1] == n_C:
            hint = "; did you pass channels-first (m, C, H, W)? use x.transpose(0, 2, 3, 1)"
        raise ValueError(f"{module!r} expects {n_C} channels on the last axis of {LAYOUT}, got shape {shape}"
                         f" ({shape[3]} channels){hint}")


def same_padding(n: int, f: int, stride: int) -> tuple[int, int]:
    """Keras' "same" padding of one axis of size ``n``: ``(before, after)`` so that an ``f``-window
    with ``stride`` gives ``ceil(n / stride)`` outputs; the odd row, if any, goes after."""
    n_out = -(-n // stride)
    total = max((n_out - 1) * stride + f - n, 0)
    return total // 2, total - total // 2


def _check_padding(padding, allow_int: bool):
    if padding in ("valid", "same"):
        return padding if padding == "same" else 0
    if allow_int and not isinstance(padding, bool) and isinstance(padding, (int, np.integer)) and padding >= 0:
        return int(padding)
    expected = "an integer >= 0, 'valid' or 'same'" if allow_int else "'valid' or 'same'"
    raise ValueError(f"padding must be {expected}, got {padding!r}")


def _run(module: Module, op, *args, **kwargs):
    """``op(...)`` with the kernel's error message prefixed by the module that called it."""
    try:
        return op(*args, **kwargs)
    except (ValueError, TypeError) as exc:
        message = str(exc.args[0]) if exc.args else str(exc)
        if "does not tile" in message:
            message += "; or use padding='same' (Keras' rule: ceil(n / stride) outputs)"
        raise type(exc)(f"{module!r}: {message}") from None


def _same_pads(x, f: int, stride: int):
    """(top, bottom, left, right) of Keras' "same" padding for images x."""
    return (*same_padding(x.shape[1], f, stride), *same_padding(x.shape[2], f, stride))


def _same_crop(x, f: int, stride: int):
    """With "same" and a window smaller than the stride (a 1x1 convolution with stride 2 on an even size),
    the ``ceil(n / s)`` windows end before the last rows: Keras ignores those rows, so crop them (on the
    tape; their gradient is 0) rather than let the kernel refuse a stride that does not tile."""
    n_H, n_W = ((-(-n // stride) - 1) * stride + f for n in x.shape[1:3])
    if n_H < x.shape[1] or n_W < x.shape[2]:
        return x[:, :min(n_H, x.shape[1]), :min(n_W, x.shape[2])]
    return x


class Conv2d(Module):
    """A convolution with ``out_channels`` filters of size ``kernel_size x kernel_size x in_channels``.

    ``padding`` is an int ``p`` (zeros on each side), ``"valid"`` (0) or ``"same"`` (Keras': the output
    has ``ceil(n / stride)`` rows and columns; ``(f - 1) / 2`` zeros on each side for stride 1 and an odd
    ``f``). ``bias=False`` leaves out ``b`` (a convolution followed by batch norm does not need one:
    the batch mean is subtracted).

    ``W`` is drawn by :func:`dlcourse.init.initialize_parameters` as for a dense layer whose input is
    one window, ``f*f*in_channels`` numbers (the fan-in: ``"he"`` scales by ``sqrt(2 / (f*f*C_in))``)::

        Conv2d(C_in, C_out, f, rng=s).W == init.he([f*f*C_in, C_out], seed=s)["W1"].T.reshape(f, f, C_in, C_out)

    (the row ``(i, j, c)`` of a window, as ``conv_forward`` lays it out). ``rng`` is an int seed or a
    Generator shared by the model's layers (a seed is drawn from it), as for ``Linear``; ``b`` starts at 0.
    """

    def __init__(self, in_channels: int, out_channels: int, kernel_size: int, stride: int = 1, padding=0,
                 bias: bool = True, init: str = "he", rng=None, dtype=np.float64):
        super().__init__()
        self.in_channels = check_positive_int("in_channels", in_channels)
        self.out_channels = check_positive_int("out_channels", out_channels)
        f = self.kernel_size = check_positive_int("kernel_size", kernel_size)
        self.stride = check_positive_int("stride", stride)
        self.padding = _check_padding(padding, allow_int=True)
        if rng is None and init != "zeros":
            raise ValueError("Conv2d needs rng (a np.random.Generator shared by the model's layers, or an int "
                             "seed) to draw its initial weights reproducibly")
        dtype = _float_dtype(dtype)
        fan_in = f * f * self.in_channels
        W = initialize_parameters([fan_in, self.out_channels], init, seed=_init_seed(rng))["W1"]
        self.init = init
        # C order (a reshape of the transpose is a strided view): the matrix products then take the same
        # BLAS path as for the weights of a loaded file, so the numbers agree bit for bit
        self.W = Parameter(np.ascontiguousarray(W.T.reshape(f, f, self.in_channels, self.out_channels), dtype=dtype))
        self.b = Parameter(np.zeros((1, 1, 1, self.out_channels), dtype)) if bias else None

    def forward(self, x):
        check_image_input(self, x, self.in_channels)
        pad = self.padding
        if pad == "same":
            x = _same_crop(x, self.kernel_size, self.stride)
            pads = _same_pads(x, self.kernel_size, self.stride)
            pad = pads[0]
            if pads != (pad,) * 4:  # asymmetric: pad first, the kernel adds none
                x, pad = ag.pad2d(x, *pads), 0
        return _run(self, ag.conv2d, x, self.W, self.b, stride=self.stride, pad=pad)

    def extra_repr(self) -> str:
        return (f"{self.in_channels} -> {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}, "
                f"padding={self.padding!r}, bias={self.b is not None}, dtype={self.W.dtype}")


class _Pool2d(Module):
    op = None

    def __init__(self, kernel_size: int, stride: int | None = None, padding: str = "valid"):
        super().__init__()
        self.kernel_size = check_positive_int("kernel_size", kernel_size)
        self.stride = self.kernel_size if stride is None else check_positive_int("stride", stride)
        self.padding = "same" if _check_padding(padding, allow_int=False) == "same" else "valid"

    def forward(self, x):
        check_image_input(self, x)
        if self.padding == "same":
            x = _same_crop(x, self.kernel_size, self.stride)
            pads = _same_pads(x, self.kernel_size, self.stride)
            if any(pads):
                return self._padded(x, pads)
        return _run(self, type(self).op, x, self.kernel_size, self.stride)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding!r}"


class MaxPool2d(_Pool2d):
    """The maximum of each ``f x f`` window, per channel; ``stride`` defaults to ``kernel_size``.
    The gradient of a window goes to its first maximum (row-major), as ``pool_backward`` does.
    ``padding="same"`` pads with ``-inf`` (Keras' rule, see the module's docstring)."""
    op = staticmethod(ag.max_pool2d)

    def _padded(self, x, pads):
        return _run(self, ag.max_pool2d, ag.pad2d(x, *pads, value=-np.inf), self.kernel_size, self.stride)


class AvgPool2d(_Pool2d):
    """The mean of each ``f x f`` window, per channel; ``stride`` defaults to ``kernel_size``.
    With ``padding="same"`` a window that overlaps the border averages its real entries only (Keras)."""
    op = staticmethod(ag.avg_pool2d)

    def _padded(self, x, pads):
        f, s = self.kernel_size, self.stride
        out = _run(self, ag.avg_pool2d, ag.pad2d(x, *pads), f, s)  # sums over f*f, padding counted as 0
        real = np.zeros((1, x.shape[1] + pads[0] + pads[1], x.shape[2] + pads[2] + pads[3], 1), x.dtype)
        real[:, pads[0]:pads[0] + x.shape[1], pads[2]:pads[2] + x.shape[2]] = 1
        fraction, _ = F.pool_forward(real, {"f": f, "stride": s}, mode="average")  # real entries / (f*f)
        return out * (1 / fraction)


class BatchNorm2d(Module):
    """Spatial batch norm of conv activations (m, n_H, n_W, C): each channel is normalized over the
    m n_H n_W numbers that share its filter. ``gamma`` (ones) and ``beta`` (zeros) have shape
    (1, 1, 1, C); the running averages (buffers, saved with the model) are updated with weight
    ``momentum`` on the past in training mode and used in evaluation mode, as in :class:`BatchNorm1d`."""

    def __init__(self, num_channels: int, momentum: float = 0.9, eps: float = DEFAULT_EPS, dtype=np.float64):
        super().__init__()
        n = self.num_channels = check_positive_int("num_channels", num_channels)
        dtype = _float_dtype(dtype)
        if isinstance(momentum, bool) or not isinstance(momentum, (int, float, np.floating)) or not 0 <= momentum < 1:
            raise ValueError(f"momentum must be in [0, 1), got {momentum!r}")
        if isinstance(eps, bool) or not isinstance(eps, (int, float, np.floating)) or not 0 < eps < np.inf:
            raise ValueError(f"eps must be a positive number, got {eps!r}")
        self.momentum, self.eps = float(momentum), float(eps)
        self.gamma = Parameter(np.ones((1, 1, 1, n), dtype))
        self.beta = Parameter(np.zeros((1, 1, 1, n), dtype))
        self.register_buffer("running_mean", np.zeros((1, 1, 1, n), dtype))
        self.register_buffer("running_var", np.ones((1, 1, 1, n), dtype))

    def forward(self, x):
        check_image_input(self, x, self.num_channels)
        return ag.batchnorm2d(x, self.gamma, self.beta, train=self.training, running_mean=self.running_mean,
                              running_var=self.running_var, momentum=self.momentum, eps=self.eps)

    def extra_repr(self) -> str:
        return f"{self.num_channels}, momentum={self.momentum}"


class ZeroPad2d(Module):
    """Zeros around each picture (Keras' ``ZeroPadding2D``, the first layer of its ResNet50):
    ``padding`` is an int ``p`` (every side) or ``((top, bottom), (left, right))``."""

    def __init__(self, padding):
        super().__init__()
        if not isinstance(padding, (tuple, list)):
            padding = ((padding, padding), (padding, padding))
        try:
            (top, bottom), (left, right) = padding
        except (TypeError, ValueError):
            raise ValueError(f"padding must be an int or ((top, bottom), (left, right)), got {padding!r}") from None
        pads = (top, bottom, left, right)
        if any(isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 0 for k in pads):
            raise ValueError(f"padding must hold integers >= 0, got {padding!r}")
        self.pads = tuple(int(k) for k in pads)

    def forward(self, x):
        check_image_input(self, x)
        return ag.pad2d(x, *self.pads)

    def extra_repr(self) -> str:
        top, bottom, left, right = self.pads
        return f"padding=(({top}, {bottom}), ({left}, {right}))"


class Flatten(Module):
    """Images (m, n_H, n_W, C) -> the dense layout (n_H*n_W*C, m): example i becomes column i,
    ``x[i].ravel()`` (row-major: channel fastest, then width, then height), ready for ``Linear``."""

    def forward(self, x):
        check_image_input(self, x)
        return ag.flatten(x)


class GlobalAvgPool2d(Module):
    """Images (m, n_H, n_W, C) -> (C, m): each channel's mean over height and width, one column per
    example (the dense layout, ready for ``Linear``; ResNet's head)."""

    def forward(self, x):
        check_image_input(self, x)
        return ag.global_avg_pool(x)
