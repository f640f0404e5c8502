"""A small reverse-mode automatic differentiation tape on numpy arrays (Course 2, "what a framework does").

The idea (as in Karpathy's micrograd, with arrays instead of scalars): every operation on
:class:`Tensor` objects computes its output with a functional kernel and records, in the output,
the inputs it came from and a function that turns the gradient of the output into the gradients
of the inputs (the kernel's backward, with the cache it saved). :meth:`Tensor.backward` visits the
recorded graph from the output back to the inputs in reverse topological order and applies those
functions: the chain rule, applied mechanically.

    x = Tensor(X)                                    # data: no gradient wanted
    W = Tensor(W0, requires_grad=True)               # a leaf we want dJ/dW of
    b = Tensor(b0, requires_grad=True)
    J = sigmoid_cross_entropy(affine(x, W, b), Y)    # a scalar Tensor: the mean cost
    J.backward()                                     # fills W.grad and b.grad (dJ/dW, dJ/db)

Conventions:

* the layer ops call the kernels of :mod:`dlcourse.functional` (``affine`` -> ``affine_forward`` /
  ``affine_backward``, ``relu`` -> ``relu_forward`` / ``relu_backward``, ...); no math is written twice.
  The elementwise arithmetic (``+``, ``*``, ``sum``, ``@``, ...) is written here: it *is* the tape's.
* gradients follow the kernel contract: plain chain rule, the 1/m only in the mean losses.
* dense layout ``(features, m)`` as everywhere in the course; broadcasting as numpy's (the gradient
  of a broadcast input is summed back to its shape). Image ops (``conv2d``, ``max_pool2d``,
  ``avg_pool2d``, ``batchnorm2d``, ``pad2d``) take and return ``(m, n_H, n_W, n_C)``; ``flatten`` and
  ``global_avg_pool`` are the bridge from images to the dense layout (they return ``(features, m)``).
  Sequence ops (``rnn``, ``lstm``, ``gru``: one tape node per whole sequence) take ``(n_x, m, T_x)``
  and return the hidden states ``(n_a, m, T_x)``; ``embedding`` turns integer indices ``(m, T_x)``
  into ``(n_e, m, T_x)``; ``sequence_softmax_cross_entropy`` is the masked mean cost over time.
* dtypes: a Tensor is float32 or float64 (bool/int data become float64); an op never mixes the two
  (TypeError), a Python number takes the Tensor's dtype, so float32 stays float32.
* gradients accumulate in the leaves' ``.grad`` (call :meth:`Tensor.zero_grad` or the optimiser's
  ``zero_grad`` between steps); an intermediate node's ``.grad`` holds its gradient from the last
  ``backward`` call (overwritten, for inspection).
* ``with no_grad():`` computes without recording anything (evaluation, the optimiser's update).
* :func:`record` makes a new op from any forward/backward pair in a few lines.
* ``ag.sum`` (or ``t.sum()``) is not in ``__all__``, so ``from dlcourse.autograd import *`` does not
  hide Python's built-in ``sum``.

The graph is walked iteratively (no recursion), so a long chain (an RNN unrolled over many
steps) does not hit Python's recursion limit.
"""
from __future__ import annotations

import contextlib
import heapq
import itertools

import numpy as np

from . import functional as F
from ._validate import as_float
from .functional.batchnorm import DEFAULT_EPS
from .functional.layers import _affine, _affine_grads, check_same_dtype

__all__ = [
    "Tensor", "record", "no_grad", "is_grad_enabled", "tensor",
    "add", "sub", "mul", "div", "neg", "matmul", "power", "exp", "log", "mean",
    "reshape", "transpose", "concat",
    "affine", "relu", "leaky_relu", "sigmoid", "tanh", "softmax", "dropout", "batchnorm",
    "sigmoid_cross_entropy", "softmax_cross_entropy", "masked_sigmoid_cross_entropy", "l2_penalty",
    "pad2d", "conv2d", "max_pool2d", "avg_pool2d", "batchnorm2d", "flatten", "global_avg_pool",
    "rnn", "lstm", "gru", "embedding", "sequence_softmax_cross_entropy",
]

_GRAD_ENABLED = True
#: Creation order of Tensors: an op's output is always created after its inputs, so visiting
#: nodes by decreasing creation number visits every node after all the nodes computed from it.
_COUNTER = itertools.count()


@contextlib.contextmanager
def no_grad():
    """Within this block operations record nothing (no graph, no caches kept for a backward)."""
    global _GRAD_ENABLED
    previous, _GRAD_ENABLED = _GRAD_ENABLED, False
    try:
        yield
    finally:
        _GRAD_ENABLED = previous


def is_grad_enabled() -> bool:
    return _GRAD_ENABLED


class Tensor:
    """A numpy array ``data`` with, when ``requires_grad``, a ``grad`` of the same shape and dtype."""

    __slots__ = ("data", "grad", "requires_grad", "_parents", "_backward", "_seq", "name", "__weakref__")
    __array_priority__ = 1000  # ndarray + Tensor calls Tensor.__radd__

    def __init__(self, data, requires_grad: bool = False, name: str | None = None):
        if isinstance(data, Tensor):
            data = data.data
        self.data = as_float(name or "data", data)
        self.grad = None
        self.requires_grad = bool(requires_grad)
        self._parents = ()
        self._backward = None
        self._seq = next(_COUNTER)
        self.name = name

    # --- properties ---------------------------------------------------------------------------
    shape = property(lambda self: self.data.shape)
    dtype = property(lambda self: self.data.dtype)
    ndim = property(lambda self: self.data.ndim)
    size = property(lambda self: self.data.size)
    T = property(lambda self: transpose(self))

    def __repr__(self) -> str:
        label = f", name={self.name!r}" if self.name else ""
        grad = ", requires_grad=True" if self.requires_grad else ""
        return f"Tensor(shape={self.shape}, dtype={self.dtype}{grad}{label})"

    def __len__(self) -> int:
        return len(self.data)

    def item(self) -> float:
        return self.data.item()

    def numpy(self) -> np.ndarray:
        return self.data

    def detach(self) -> "Tensor":
        """The same data, cut from the graph (requires_grad False)."""
        return Tensor(self.data)

    def zero_grad(self) -> None:
        self.grad = None

    # --- the backward pass ----------------------------------------------------------------------
    def backward(self, grad=None) -> None:
        """Accumulate d(self)/d(leaf) into every leaf's ``.grad``.

        ``grad`` is the upstream gradient (default 1 for a one-element Tensor such as a cost).
        """
        if not self.requires_grad:
            raise RuntimeError("backward() on a Tensor that does not require grad: no input of the computation "
                               "had requires_grad=True, or it was computed under no_grad()")
        if grad is None:
            if self.data.size != 1:
                raise ValueError(f"backward() without an upstream gradient needs a one-element Tensor (a cost), "
                                 f"got shape {self.shape}; pass grad= of that shape")
            grad = np.ones_like(self.data)
        else:
            grad = as_float("grad", grad.data if isinstance(grad, Tensor) else grad)
            if grad.shape != self.shape:
                raise ValueError(f"grad has shape {grad.shape} but the Tensor has shape {self.shape}")
            check_same_dtype(tensor=self.data, grad=grad)
        # Reverse topological order without a separate sort: pop the most recently created node
        # first (a max-heap on the creation number); a node is pushed when its first gradient arrives.
        pending = {id(self): grad}
        heap = [(-self._seq, self)]
        while heap:
            node = heapq.heappop(heap)[1]
            g = pending.pop(id(node))
            if node._backward is None:  # a leaf: accumulate
                node.grad = g if node.grad is None else node.grad + g
                continue
            node.grad = g
            for parent, pg in zip(node._parents, node._backward(g)):
                if pg is None or not parent.requires_grad:
                    continue
                key = id(parent)
                if key in pending:
                    pending[key] = pending[key] + pg
                else:
                    pending[key] = pg
                    heapq.heappush(heap, (-parent._seq, parent))

    # --- operators -------------------------------------------------------------------------------
    def __add__(self, other):
        return add(self, other)

    def __radd__(self, other):
        return add(other, self)

    def __sub__(self, other):
        return sub(self, other)

    def __rsub__(self, other):
        return sub(other, self)

    def __mul__(self, other):
        return mul(self, other)

    def __rmul__(self, other):
        return mul(other, self)

    def __truediv__(self, other):
        return div(self, other)

    def __rtruediv__(self, other):
        return div(other, self)

    def __neg__(self):
        return neg(self)

    def __matmul__(self, other):
        return matmul(self, other)

    def __rmatmul__(self, other):
        return matmul(other, self)

    def __pow__(self, exponent):
        return power(self, exponent)

    def __getitem__(self, index):
        return _getitem(self, index)

    def sum(self, axis=None, keepdims: bool = False):
        return sum(self, axis, keepdims)

    def mean(self, axis=None, keepdims: bool = False):
        return mean(self, axis, keepdims)

    def reshape(self, *shape):
        return reshape(self, shape[0] if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape)

    def transpose(self, *axes):
        return transpose(self, axes or None)

    def relu(self):
        return relu(self)

    def sigmoid(self):
        return sigmoid(self)

    def tanh(self):
        return tanh(self)

    def exp(self):
        return exp(self)

    def log(self):
        return log(self)


def tensor(data, requires_grad: bool = False, name: str | None = None) -> Tensor:
    """Shorthand for ``Tensor(data, requires_grad, name)``."""
    return Tensor(data, requires_grad, name)


def record(data: np.ndarray, parents: tuple, backward) -> Tensor:
    """The output Tensor of an op: ``data`` computed from the Tensors ``parents``.

    ``backward(g)`` gets the gradient of the output (an array shaped like ``data``) and returns
    one gradient (or ``None``) per parent, in order. Nothing is recorded under :func:`no_grad` or
    when no parent requires grad. This is how every op below is written; use it to add one.
    """
    out = Tensor.__new__(Tensor)
    out.data, out.grad, out.name, out._seq = data, None, None, next(_COUNTER)
    if _GRAD_ENABLED and any(p.requires_grad for p in parents):
        out.requires_grad, out._parents, out._backward = True, parents, backward
    else:
        out.requires_grad, out._parents, out._backward = False, (), None
    return out


def _lift(x, like: Tensor | None = None, name: str = "operand") -> Tensor:
    """``x`` as a Tensor: Tensors pass; numbers and int/bool arrays take ``like``'s dtype."""
    if isinstance(x, Tensor):
        return x
    if like is not None and (np.isscalar(x) or (isinstance(x, np.ndarray) and x.dtype.kind in "biu")):
        return Tensor(np.asarray(x, dtype=like.dtype), name=name)
    return Tensor(x, name=name)


def _pair(a, b) -> tuple[Tensor, Tensor]:
    a = _lift(a, b if isinstance(b, Tensor) else None, "left operand")
    b = _lift(b, a, "right operand")
    check_same_dtype(left_operand=a.data, right_operand=b.data)
    return a, b


def _unbroadcast(g: np.ndarray, shape: tuple) -> np.ndarray:
    """Sum ``g`` over the axes numpy broadcast to reach it from ``shape``."""
    if g.shape == shape:
        return g
    extra = g.ndim - len(shape)
    if extra:
        g = g.sum(axis=tuple(range(extra)))
    axes = tuple(i for i, n in enumerate(shape) if n == 1 and g.shape[i] != 1)
    return g.sum(axis=axes, keepdims=True) if axes else g


# --- elementwise arithmetic ---------------------------------------------------------------------------

def add(a, b) -> Tensor:
    a, b = _pair(a, b)
    return record(a.data + b.data, (a, b), lambda g: (_unbroadcast(g, a.shape), _unbroadcast(g, b.shape)))


def sub(a, b) -> Tensor:
    a, b = _pair(a, b)
    return record(a.data - b.data, (a, b), lambda g: (_unbroadcast(g, a.shape), _unbroadcast(-g, b.shape)))


def neg(a) -> Tensor:
    a = _lift(a)
    return record(-a.data, (a,), lambda g: (-g,))


def mul(a, b) -> Tensor:
    a, b = _pair(a, b)
    return record(a.data * b.data, (a, b),
                  lambda g: (_unbroadcast(g * b.data, a.shape) if a.requires_grad else None,
                             _unbroadcast(g * a.data, b.shape) if b.requires_grad else None))


def div(a, b) -> Tensor:
    a, b = _pair(a, b)
    out = a.data / b.data
    return record(out, (a, b),
                  lambda g: (_unbroadcast(g / b.data, a.shape) if a.requires_grad else None,
                             _unbroadcast(-g * out / b.data, b.shape) if b.requires_grad else None))


def power(a, exponent) -> Tensor:
    """``a ** exponent`` for a constant number ``exponent``."""
    a = _lift(a)
    if isinstance(exponent, Tensor) or not np.isscalar(exponent):
        raise TypeError("power(a, exponent) takes a constant number as the exponent")
    p = a.dtype.type(exponent)
    return record(a.data ** p, (a,), lambda g: (g * p * a.data ** (p - 1),))


def exp(a) -> Tensor:
    a = _lift(a)
    out = np.exp(a.data)
    return record(out, (a,), lambda g: (g * out,))


def log(a) -> Tensor:
    a = _lift(a)
    return record(np.log(a.data), (a,), lambda g: (g / a.data,))


def matmul(a, b) -> Tensor:
    """``a @ b`` for 2-D (or stacked, batched) matrices."""
    a, b = _pair(a, b)
    if a.ndim < 2 or b.ndim < 2:
        raise ValueError(f"matmul needs matrices (2-D or more), got shapes {a.shape} and {b.shape}; "
                         f"reshape vectors to (n, 1) columns as the course does")
    if a.shape[-1] != b.shape[-2]:
        raise ValueError(f"matmul of shapes {a.shape} @ {b.shape}: the inner sizes {a.shape[-1]} and "
                         f"{b.shape[-2]} differ (a transposed operand?)")

    def backward(g):
        ga = _unbroadcast(g @ np.swapaxes(b.data, -1, -2), a.shape) if a.requires_grad else None
        gb = _unbroadcast(np.swapaxes(a.data, -1, -2) @ g, b.shape) if b.requires_grad else None
        return ga, gb
    return record(a.data @ b.data, (a, b), backward)


# --- reductions and shapes ------------------------------------------------------------------------------

def _expand(g: np.ndarray, shape: tuple, axis, keepdims: bool) -> np.ndarray:
    """The gradient of a sum over ``axis``: ``g`` copied back along the summed axes."""
    if axis is not None and not keepdims:
        g = np.expand_dims(g, axis)
    return np.broadcast_to(g, shape).copy()


def sum(a, axis=None, keepdims: bool = False) -> Tensor:  # noqa: A001 (the tape's sum, like np.sum)
    a = _lift(a)
    return record(np.sum(a.data, axis=axis, keepdims=keepdims), (a,),
                  lambda g: (_expand(g, a.shape, axis, keepdims),))


def mean(a, axis=None, keepdims: bool = False) -> Tensor:
    a = _lift(a)
    out = np.mean(a.data, axis=axis, keepdims=keepdims)
    n = a.data.size // max(out.size, 1)
    return record(out, (a,), lambda g: (_expand(g / a.dtype.type(n), a.shape, axis, keepdims),))


def reshape(a, shape) -> Tensor:
    a = _lift(a)
    return record(a.data.reshape(shape), (a,), lambda g: (g.reshape(a.shape),))


def transpose(a, axes=None) -> Tensor:
    a = _lift(a)
    inverse = None if axes is None else tuple(np.argsort(axes))
    return record(np.transpose(a.data, axes), (a,), lambda g: (np.transpose(g, inverse),))


def _basic_index(index) -> bool:
    items = index if isinstance(index, tuple) else (index,)
    return all(isinstance(i, (int, np.integer, slice)) or i is None or i is Ellipsis for i in items)


def _getitem(a: Tensor, index) -> Tensor:
    def backward(g):
        out = np.zeros_like(a.data)
        if _basic_index(index):
            out[index] = g
        else:  # repeated integer indices add up
            np.add.at(out, index, g)
        return (out,)
    return record(a.data[index], (a,), backward)


def concat(tensors, axis: int = 0) -> Tensor:
    """``np.concatenate`` of Tensors along ``axis``; the gradient is split back."""
    tensors = [_lift(t) for t in tensors]
    if not tensors:
        raise ValueError("concat needs at least one Tensor")
    check_same_dtype(**{f"tensors[{i}]": t.data for i, t in enumerate(tensors)})
    bounds = np.cumsum([t.shape[axis] for t in tensors])[:-1]
    return record(np.concatenate([t.data for t in tensors], axis=axis), tuple(tensors),
                  lambda g: tuple(np.split(g, bounds, axis=axis)))


# --- layers: the functional kernels on the tape ---------------------------------------------------------

def _unary_kernel(forward, backward):
    def op(x):
        x = _lift(x)
        out, cache = forward(x.data)
        return record(out, (x,), lambda g: (backward(g, cache),))
    op.__doc__ = f"``{forward.__name__}`` / ``{backward.__name__}`` on the tape."
    return op


relu = _unary_kernel(F.relu_forward, F.relu_backward)
sigmoid = _unary_kernel(F.sigmoid_forward, F.sigmoid_backward)
tanh = _unary_kernel(F.tanh_forward, F.tanh_backward)
softmax = _unary_kernel(F.softmax_forward, F.softmax_backward)


def leaky_relu(x, alpha: float = 0.01) -> Tensor:
    x = _lift(x)
    out, cache = F.leaky_relu_forward(x.data, alpha)
    return record(out, (x,), lambda g: (F.leaky_relu_backward(g, cache),))


def affine(x, W, b) -> Tensor:
    """Z = W x + b, layout (features, m): ``affine_forward`` / ``affine_backward``."""
    x, W, b = _lift(x), _lift(W), _lift(b)
    xd, Wd, bd = x.data, W.data, b.data
    if not (xd.ndim == 2 and Wd.ndim == 2 and xd.shape[0] == Wd.shape[1] and xd.shape[1] > 0
            and bd.shape == (Wd.shape[0], 1) and xd.dtype == Wd.dtype == bd.dtype):
        out, cache = F.affine_forward(xd, Wd, bd)  # raises the kernel's error for what is wrong
        return record(out, (x, W, b), lambda g: F.affine_backward(g, cache, compute_dA_prev=x.requires_grad))
    # Tensors hold float arrays and the shapes were just checked: the kernel's arithmetic without
    # its argument checks (the tape hands each backward a gradient of its output's shape and dtype).
    return record(_affine(xd, Wd, bd), (x, W, b), lambda g: _affine_grads(g, xd, Wd, x.requires_grad))


def dropout(x, keep_prob: float, rng=None, train: bool = True) -> Tensor:
    """Inverted dropout (``dropout_forward`` / ``dropout_backward``); the identity when ``train`` is false."""
    x = _lift(x)
    out, cache = F.dropout_forward(x.data, keep_prob, rng=rng, train=train)
    return record(out, (x,), lambda g: (F.dropout_backward(g, cache),))


def batchnorm(x, gamma, beta, train: bool = True, running_mean=None, running_var=None,
              momentum: float = 0.9, eps: float = DEFAULT_EPS) -> Tensor:
    """Batch norm over the examples of ``x`` (features, m) (``batchnorm_forward`` / ``batchnorm_backward``).

    In training mode, ``running_mean`` and ``running_var`` (arrays of shape (features, 1)), when
    given, are updated **in place** with ``batchnorm_running_update``; with ``train=False`` they are
    the statistics used.
    """
    x, gamma, beta = _lift(x), _lift(gamma), _lift(beta)
    out, cache = F.batchnorm_forward(x.data, gamma.data, beta.data, train=train, running_mean=running_mean,
                                     running_var=running_var, eps=eps)
    if train and running_mean is not None and running_var is not None:
        new_mean, new_var = F.batchnorm_running_update(running_mean, running_var, cache, momentum)
        running_mean[...] = new_mean
        running_var[...] = new_var
    return record(out, (x, gamma, beta), lambda g: F.batchnorm_backward(g, cache))


def _labels(Y):
    return Y.data if isinstance(Y, Tensor) else Y


def sigmoid_cross_entropy(logits, Y) -> Tensor:
    """Mean binary cross-entropy of sigmoid(logits) (1, m) against 0/1 labels Y (1, m): a scalar Tensor."""
    logits = _lift(logits)
    J, cache = F.sigmoid_cross_entropy_loss_forward(logits.data, _labels(Y))
    return record(np.asarray(J), (logits,), lambda g: (F.sigmoid_cross_entropy_loss_backward(g, cache),))


def softmax_cross_entropy(logits, Y) -> Tensor:
    """Mean cross-entropy of softmax(logits) (C, m) against one-hot labels Y (C, m): a scalar Tensor."""
    logits = _lift(logits)
    J, cache = F.softmax_cross_entropy_loss_forward(logits.data, _labels(Y))
    return record(np.asarray(J), (logits,), lambda g: (F.softmax_cross_entropy_loss_backward(g, cache),))


def masked_sigmoid_cross_entropy(logits, Y, mask) -> Tensor:
    """Multi-task cost with missing labels: one sigmoid per row of logits (K, m), 0/1 labels Y (K, m),
    ``mask`` (K, m) 1 where a label is known; the mean over examples of the sum over labelled tasks
    (``masked_sigmoid_cross_entropy_loss_forward`` / ``_backward``): a scalar Tensor."""
    logits = _lift(logits)
    J, cache = F.masked_sigmoid_cross_entropy_loss_forward(logits.data, _labels(Y), _labels(mask))
    return record(np.asarray(J), (logits,),
                  lambda g: (F.masked_sigmoid_cross_entropy_loss_backward(g, cache),))


def l2_penalty(weights, lambd: float, m: int) -> Tensor:
    """The course's L2 term ``lambd / (2 m) * sum ||W||^2`` of the weight Tensors (``l2_cost`` / ``l2_grad``)."""
    weights = tuple(_lift(W) for W in weights)
    if not weights:
        raise ValueError("l2_penalty needs at least one weight Tensor")
    check_same_dtype(**{f"weights[{i}]": W.data for i, W in enumerate(weights)})
    cost = np.asarray(F.l2_cost([W.data for W in weights], lambd, m), dtype=weights[0].dtype)
    return record(cost, weights, lambda g: tuple(g * F.l2_grad(W.data, lambd, m) for W in weights))


# --- image layers (Course 4): layout (m, n_H, n_W, n_C), the kernels of functional/conv, pool, spatial --------

def pad2d(x, top: int, bottom: int, left: int, right: int, value: float = 0.0) -> Tensor:
    """Images x (m, n_H, n_W, n_C) with ``top``/``bottom`` rows and ``left``/``right`` columns of ``value``
    added around each picture (``zero_pad`` pads symmetrically; this is the general, possibly asymmetric
    case, e.g. Keras' "same" padding of an even filter, or ``-inf`` before a max pool). The gradient is
    the slice of the upstream gradient where ``x`` was copied."""
    x = _lift(x)
    sizes = (top, bottom, left, right)
    if any(isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 0 for k in sizes):
        raise ValueError(f"pad2d needs integers >= 0 for top, bottom, left, right, got {sizes}")
    if x.ndim != 4:
        raise ValueError(f"pad2d takes images (m, n_H, n_W, n_C), got shape {x.shape}")
    m, n_H, n_W, n_C = x.shape
    out = np.full((m, n_H + top + bottom, n_W + left + right, n_C), value, x.dtype)
    inside = (slice(None), slice(top, top + n_H), slice(left, left + n_W))
    out[inside] = x.data
    return record(out, (x,), lambda g: (g[inside].copy(),))


def conv2d(x, W, b=None, stride: int = 1, pad: int = 0) -> Tensor:
    """2-D convolution (``conv_forward`` / ``conv_backward``): x (m, n_H, n_W, n_C_prev),
    W (f, f, n_C_prev, n_C), b (1, 1, 1, n_C) or ``None`` (no bias) -> (m, n_H', n_W', n_C).

    The input gradient is only computed when ``x`` requires it (a first layer skips a third of the work).
    """
    x, W = _lift(x), _lift(W)
    if b is None:
        b_data = np.zeros((1, 1, 1, W.shape[-1]) if W.ndim == 4 else (1, 1, 1, 1), W.dtype)
        parents = (x, W)
    else:
        b = _lift(b)
        b_data, parents = b.data, (x, W, b)
    out, cache = F.conv_forward(x.data, W.data, b_data, {"stride": stride, "pad": pad})

    def backward(g):
        dx, dW, db = F.conv_backward(g, cache, compute_dA_prev=x.requires_grad)
        return (dx, dW) if b is None else (dx, dW, db)
    return record(out, parents, backward)


def _pool(x, f: int, stride, mode: str) -> Tensor:
    x = _lift(x)
    out, cache = F.pool_forward(x.data, {"f": f, "stride": f if stride is None else stride}, mode=mode)
    return record(out, (x,), lambda g: (F.pool_backward(g, cache),))


def max_pool2d(x, f: int, stride: int | None = None) -> Tensor:
    """Max pooling over ``f x f`` windows (``pool_forward(mode="max")``); ``stride`` defaults to ``f``.

    The gradient of each window goes to its first maximum (row-major), as ``pool_backward`` does.
    """
    return _pool(x, f, stride, "max")


def avg_pool2d(x, f: int, stride: int | None = None) -> Tensor:
    """Average pooling over ``f x f`` windows (``pool_forward(mode="average")``); ``stride`` defaults to ``f``."""
    return _pool(x, f, stride, "average")


def batchnorm2d(x, gamma, beta, train: bool = True, running_mean=None, running_var=None,
                momentum: float = 0.9, eps: float = DEFAULT_EPS) -> Tensor:
    """Spatial batch norm of x (m, n_H, n_W, n_C) per channel over the m n_H n_W numbers that share it
    (``spatial_batchnorm_forward`` / ``spatial_batchnorm_backward``); gamma, beta (1, 1, 1, n_C).

    In training mode ``running_mean`` and ``running_var`` (arrays (1, 1, 1, n_C)), when given, are
    updated **in place** (weight ``momentum`` on the past); with ``train=False`` they are the statistics used.
    """
    x, gamma, beta = _lift(x), _lift(gamma), _lift(beta)
    bn_param = {"mode": "train" if train else "test", "momentum": momentum, "eps": eps}
    if running_mean is not None and running_var is not None:
        bn_param.update(running_mean=running_mean, running_var=running_var)
    elif not train:
        raise ValueError("batchnorm2d with train=False needs running_mean and running_var "
                         "(the averages collected during training)")
    out, cache = F.spatial_batchnorm_forward(x.data, gamma.data, beta.data, bn_param)
    return record(out, (x, gamma, beta), lambda g: F.spatial_batchnorm_backward(g, cache))


def flatten(x) -> Tensor:
    """Images (m, n_H, n_W, n_C) -> the dense layout (n_H*n_W*n_C, m): one **column** per example.

    ``flatten_forward`` (one row per example, entries in row-major order: channel fastest, then
    width, then height) followed by ``to_columns`` (the transpose), so the result feeds :func:`affine`
    (a ``Linear``) directly; the gradient goes back through ``to_rows`` and ``flatten_backward``.
    """
    x = _lift(x)
    rows, cache = F.flatten_forward(x.data)
    return record(F.to_columns(rows), (x,), lambda g: (F.flatten_backward(F.to_rows(g), cache),))


def global_avg_pool(x) -> Tensor:
    """The mean over height and width of x (m, n_H, n_W, n_C), in the dense layout: (n_C, m).

    ``global_avg_pool_forward`` gives (m, n_C) rows; like :func:`flatten` the op returns the columns
    (``to_columns``), ready for :func:`affine`.
    """
    x = _lift(x)
    rows, cache = F.global_avg_pool_forward(x.data)
    return record(F.to_columns(rows), (x,), lambda g: (F.global_avg_pool_backward(F.to_rows(g), cache),))


# --- sequence layers (Course 5): layout (n_x, m, T_x), the kernels of functional/rnn and embedding -------------

def _state(a, like: Tensor, n_a: int, name: str):
    """An initial state as a Tensor: zeros (n_a, m) of x's dtype when ``a`` is None."""
    if a is None:
        return Tensor(np.zeros((n_a, like.shape[1] if like.ndim == 3 else 0), like.dtype), name=name)
    return _lift(a, like, name)


def _sequence_op(forward, backward, x, a0, parameters: dict, names: tuple, extra: dict | None = None):
    """One tape node for a whole sequence: ``forward(x, a0, params, **extra)`` -> ``(a, ..., cache)``.

    Parents: x, a0, the initial states in ``extra`` and the parameters, in that order; the gradients
    are read from the kernel's dict by the names ``dx``, ``da0``, ``d<state>``, ``d<param>``.
    """
    if not isinstance(parameters, dict):
        raise TypeError(f"parameters must be a dict of Tensors with the keys {', '.join(names)}, "
                        f"got {type(parameters).__name__}")
    missing = [k for k in names if k not in parameters]
    if missing:
        raise KeyError(f"parameters lacks {', '.join(missing)} (expected the keys {', '.join(names)})")
    x = _lift(x, name="x")
    params = {k: _lift(parameters[k], x, k) for k in names}
    n_a = params[names[0]].shape[0]
    a0 = _state(a0, x, n_a, "a0")
    states = {k: _state(v, x, n_a, k) for k, v in (extra or {}).items()}
    outputs = forward(x.data, a0.data, {k: p.data for k, p in params.items()},
                      **{k: s.data for k, s in states.items()})
    a, cache = outputs[0], outputs[-1]
    keys = ("dx", "da0", *(f"d{k}" for k in states), *(f"d{k}" for k in names))

    def back(g):
        grads = backward(g, cache)
        return tuple(grads[k] for k in keys)
    return record(a, (x, a0, *states.values(), *params.values()), back)


_RNN_NAMES = ("Waa", "Wax", "ba")
_LSTM_NAMES = ("Wf", "bf", "Wi", "bi", "Wc", "bc", "Wo", "bo")
_GRU_NAMES = ("Wu", "bu", "Wr", "br", "Wc", "bc")


def rnn(x, parameters: dict, a0=None) -> Tensor:
    """The basic RNN over a whole sequence (``rnn_forward`` / ``rnn_backward``), one tape node:
    x (n_x, m, T_x) -> the hidden states a (n_a, m, T_x). ``parameters``: ``Wax`` (n_a, n_x),
    ``Waa`` (n_a, n_a), ``ba`` (n_a, 1) (the output layer is a separate op); ``a0`` (n_a, m), zeros by
    default. Gradients flow to x, a0 and the parameters."""
    return _sequence_op(F.rnn_forward, F.rnn_backward, x, a0, parameters, _RNN_NAMES)


def lstm(x, parameters: dict, a0=None, c0=None) -> Tensor:
    """The LSTM over a whole sequence (``lstm_forward`` / ``lstm_backward``), one tape node:
    x (n_x, m, T_x) -> the hidden states a (n_a, m, T_x). ``parameters``: ``Wf, Wi, Wc, Wo``
    (n_a, n_a + n_x) on ``[a<t-1>; x<t>]`` and ``bf, bi, bc, bo`` (n_a, 1); ``a0``, ``c0`` (n_a, m),
    zeros by default. Gradients flow to x, a0, c0 and the parameters."""
    return _sequence_op(F.lstm_forward, F.lstm_backward, x, a0, parameters, _LSTM_NAMES, {"c0": c0})


def gru(x, parameters: dict, a0=None) -> Tensor:
    """The lecture's GRU over a whole sequence (``gru_forward`` / ``gru_backward``), one tape node:
    x (n_x, m, T_x) -> a (n_a, m, T_x). ``parameters``: ``Wu, Wr, Wc`` (n_a, n_a + n_x), ``bu, br, bc``
    (n_a, 1); ``a0`` (n_a, m), zeros by default."""
    return _sequence_op(F.gru_forward, F.gru_backward, x, a0, parameters, _GRU_NAMES)


def embedding(indices, E) -> Tensor:
    """Word vectors of integer ``indices`` (m, T_x) from the embedding matrix E (n_e, V): a sequence
    (n_e, m, T_x) (``embedding_forward`` / ``embedding_backward``, a scatter-add into E's columns).

    ``indices`` is a numpy integer array, not a Tensor (a Tensor holds floats; indices get no gradient)."""
    if isinstance(indices, Tensor):
        raise TypeError("embedding takes the integer indices as a numpy array, not a Tensor (a Tensor holds "
                        "floats, and indices get no gradient)")
    E = _lift(E, name="E")
    out, cache = F.embedding_forward(indices, E.data)
    return record(out, (E,), lambda g: (F.embedding_backward(g, cache),))


def sequence_softmax_cross_entropy(logits, Y, mask=None) -> Tensor:
    """Mean cross-entropy over the unmasked steps of logits (C, m, T_x) against class indices Y (m, T_x)
    (or one-hot (C, m, T_x)); ``mask`` (m, T_x), 0 at padding (``sequence_softmax_cross_entropy_loss_forward``
    / ``_backward``): a scalar Tensor."""
    logits = _lift(logits)
    J, cache = F.sequence_softmax_cross_entropy_loss_forward(logits.data, _labels(Y), _labels(mask))
    return record(np.asarray(J), (logits,),
                  lambda g: (F.sequence_softmax_cross_entropy_loss_backward(g, cache),))
