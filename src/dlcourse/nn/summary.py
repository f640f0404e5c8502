"""``summary(model, input_shape)``: each layer's output shape, parameters and multiply-adds (Keras'
``model.summary()``).

The shapes are worked out without computing anything: every module of a known type is replaced, for the
duration of the call, by its shape rule (a zero array of the right shape comes out), and the model's own
``forward`` runs on one example. So VGG-16 at 224 x 224 is summarized in milliseconds, and a model of
your own (an Inception module that concatenates branches, a ``Residual``) works as long as it is built
from these modules; any other module without sub-modules is run for real, on zeros.

Counting rules (per example):

* parameters: the numbers a module learns (its :class:`~dlcourse.nn.Parameter` s), bias included;
  buffers (batch norm's running averages, which Keras lists as "non-trainable params") are counted
  apart, in ``Summary.buffers``;
* multiply-adds: ``Conv2d`` ``n_H' n_W' C_out (f f C_in)``, ``Linear`` ``n_out n_in``: one multiply and
  one add per weight use (a "FLOP count" is often twice this); the bias additions, pooling, batch norm
  and activations cost a few operations per output value and are left out, as is usual.
"""
from __future__ import annotations

import numpy as np

from ..autograd import Tensor, no_grad
from .conv import AvgPool2d, BatchNorm2d, Conv2d, Flatten, GlobalAvgPool2d, MaxPool2d, ZeroPad2d, \
    check_image_input
from .layers import BatchNorm1d, Dropout, LeakyReLU, Linear, ReLU, Sigmoid, Tanh
from .module import Module

__all__ = ["summary", "Summary"]


def _window(n: int, f: int, s: int, pad, what: str, module: Module) -> int:
    """Output size of one axis for a window ``f`` with stride ``s`` and padding ``pad`` (an int or "same")."""
    if pad == "same":
        return -(-n // s)
    span = n + 2 * pad - f
    if span < 0:
        raise ValueError(f"{module!r}: the window ({f}) is larger than the padded {what} ({n + 2 * pad})")
    if span % s:
        raise ValueError(f"{module!r}: stride {s} does not tile the {what}: ({n} + 2*{pad} - {f}) = {span} is not "
                         f"a multiple of {s}; use padding='same' or another size")
    return span // s + 1


def _conv(module: Conv2d, shape):
    m, n_H, n_W, _ = shape
    f, s = module.kernel_size, module.stride
    out = (m, _window(n_H, f, s, module.padding, "height", module), _window(n_W, f, s, module.padding, "width", module),
           module.out_channels)
    return out, out[1] * out[2] * out[3] * f * f * module.in_channels


def _pool(module, shape):
    m, n_H, n_W, C = shape
    f, s = module.kernel_size, module.stride
    pad = "same" if module.padding == "same" else 0
    return (m, _window(n_H, f, s, pad, "height", module), _window(n_W, f, s, pad, "width", module), C), 0


def _linear(module: Linear, shape):
    if len(shape) != 2 or shape[0] != module.in_features:
        raise ValueError(f"{module!r} expects input of shape (in_features={module.in_features}, m), got {shape}")
    return (module.out_features, shape[1]), module.out_features * module.in_features


def _pad(module: ZeroPad2d, shape):
    top, bottom, left, right = module.pads
    m, n_H, n_W, C = shape
    return (m, n_H + top + bottom, n_W + left + right, C), 0


def _same(module, shape):
    return tuple(shape), 0


RULES = {
    Conv2d: _conv, MaxPool2d: _pool, AvgPool2d: _pool, ZeroPad2d: _pad, Linear: _linear,
    Flatten: lambda module, s: ((int(np.prod(s[1:])), s[0]), 0),
    GlobalAvgPool2d: lambda module, s: ((s[3], s[0]), 0),
    BatchNorm2d: _same, BatchNorm1d: _same, ReLU: _same, LeakyReLU: _same, Tanh: _same, Sigmoid: _same, Dropout: _same,
}
_IMAGE_INPUT = (Conv2d, MaxPool2d, AvgPool2d, ZeroPad2d, Flatten, GlobalAvgPool2d, BatchNorm2d)


def _example_shape(shape) -> tuple:
    """One example's part of a batch shape: drop m (axis 0 of images, axis 1 of dense columns)."""
    return tuple(shape[1:]) if len(shape) == 4 else (shape[0], *shape[2:])


class Summary:
    """What :func:`summary` returns: ``rows`` (one dict per layer call, in order: ``name``, ``type``,
    ``output_shape`` of one example, ``params``, ``macs``) and the totals ``params`` (learned numbers,
    each shared parameter once), ``buffers`` (saved, not learned) and ``macs`` (multiply-adds per example).
    ``str(summary)`` is a table."""

    def __init__(self, model: Module, rows: list, output_shape: tuple):
        self.rows = rows
        self.output_shape = output_shape
        self.params = int(sum(p.data.size for p in model.parameters()))
        self.buffers = int(sum(b.size for _, b in model.named_buffers()))
        self.macs = int(sum(r["macs"] for r in rows))

    def __str__(self) -> str:
        table = [("layer", "type", "output shape", "parameters", "multiply-adds")]
        table += [(r["name"], r["type"], str(r["output_shape"]), f"{r['params']:,}", f"{r['macs']:,}")
                  for r in self.rows]
        widths = [max(len(row[i]) for row in table) for i in range(5)]
        lines = ["  ".join(c.ljust(w) if i < 3 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths)))
                 for row in table]
        lines.insert(1, "-" * len(lines[0]))
        lines.append("-" * len(lines[0]))
        lines.append(f"total: {self.params:,} parameters ({self.buffers:,} more numbers in buffers), "
                     f"{self.macs:,} multiply-adds per example")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)


def summary(model: Module, input_shape) -> Summary:
    """The layers of ``model`` applied to one example of shape ``input_shape``: ``(n_H, n_W, n_C)`` for
    images, ``(n_x,)`` for the dense layout. Nothing is computed (see the module's docstring); the
    shapes are checked as the modules would check them, so a model that cannot run raises here too::

        model = Sequential(Conv2d(1, 6, 5, rng=0), ReLU(), Flatten(), Linear(6 * 28 * 28, 10, rng=0))
        print(summary(model, (32, 32, 1)))
    """
    if not isinstance(model, Module):
        raise TypeError(f"summary takes a Module, got {type(model).__name__}")
    input_shape = tuple(int(n) for n in input_shape)
    if len(input_shape) not in (1, 3) or min(input_shape) < 1:
        raise ValueError(f"input_shape is one example's shape, (n_H, n_W, n_C) or (n_x,), got {input_shape}")
    batch = (1, *input_shape) if len(input_shape) == 3 else (input_shape[0], 1)
    names = {id(m): name for name, m in model.named_modules()}
    rows, patched = [], []

    def rule_for(module):
        for cls in type(module).__mro__:
            if cls in RULES:
                return RULES[cls]
        return None

    def shape_only(module, rule):
        def forward(x, *args, **kwargs):
            if isinstance(module, _IMAGE_INPUT):
                check_image_input(module, x, getattr(module, "in_channels", getattr(module, "num_channels", None)))
            elif isinstance(module, BatchNorm1d) and (x.ndim != 2 or x.shape[0] != module.num_features):
                raise ValueError(f"{module!r} expects input of shape ({module.num_features}, m), got {x.shape}")
            out_shape, macs = rule(module, x.shape)
            rows.append({"name": names.get(id(module), "?"), "type": type(module).__name__,
                         "output_shape": _example_shape(out_shape),
                         "params": int(sum(p.data.size for p in module._parameters.values() if p is not None)),
                         "macs": int(macs)})
            return Tensor(np.zeros(out_shape, x.dtype))
        return forward

    for _, module in model.named_modules():
        rule = rule_for(module)
        if rule is not None and "forward" not in module.__dict__:
            object.__setattr__(module, "forward", shape_only(module, rule))
            patched.append(module)
    dtype = next((p.dtype for p in model.parameters()), np.float64)
    try:
        with no_grad():
            out = model(Tensor(np.zeros(batch, dtype)))
    finally:
        for module in patched:
            object.__delattr__(module, "forward")
    return Summary(model, rows, _example_shape(out.shape))
