"""Dense layers on the tape. Layout: every module here takes and returns ``(features, m)`` Tensors.

=====================  =================================  ===============================
module                 parameters (shape)                  forward, x of shape (n_in, m)
=====================  =================================  ===============================
``Linear(n_in, n_out)`` ``W`` (n_out, n_in), ``b`` (n_out, 1)  ``W x + b`` -> (n_out, m)
``ReLU``, ``LeakyReLU``, -                                 elementwise, same shape
``Tanh``, ``Sigmoid``
``Dropout(keep_prob)``  -                                  inverted dropout in training mode
``BatchNorm1d(n)``      ``gamma``, ``beta`` (n, 1);        normalizes each feature over the m
                        buffers ``running_mean``,          examples (training) or with the
                        ``running_var`` (n, 1)             running averages (evaluation)
``Sequential(*mods)``   those of its modules               ``mods[-1](...mods[0](x))``
``Residual(branch)``    those of ``branch`` (and           ``branch(x) + shortcut(x)`` (shortcut
                        ``shortcut``)                      defaults to the identity)
=====================  =================================  ===============================

Every op is an :mod:`dlcourse.autograd` op, i.e. a :mod:`dlcourse.functional` kernel pair.
Random numbers (initial weights, dropout masks) come from an explicit ``np.random.Generator``
or seed: give one Generator to all the layers of a model, in order, and the model is reproducible.
"""
from __future__ import annotations

import numpy as np

from .. import autograd as ag
from .._validate import check_positive_int
from ..functional.batchnorm import DEFAULT_EPS
from ..functional.dropout import _check_keep_prob, as_generator
from ..init import initialize_parameters
from .module import Module, Parameter

__all__ = ["Linear", "ReLU", "LeakyReLU", "Tanh", "Sigmoid", "Dropout", "BatchNorm1d", "Sequential", "Residual"]


def _float_dtype(dtype) -> np.dtype:
    dtype = np.dtype(dtype)
    if dtype not in (np.float32, np.float64):
        raise TypeError(f"dtype must be float32 or float64, got {dtype}")
    return dtype


def _init_seed(rng):
    """The seed handed to :func:`dlcourse.init.initialize_parameters`: ``rng`` itself (an int or None),
    or one drawn from ``rng`` (a Generator shared by the model's layers, in the order they are built)."""
    if rng is None or isinstance(rng, (int, np.integer)):
        return rng
    return int(as_generator(rng).integers(2 ** 63 - 1))


class Linear(Module):
    """``Z = W x + b`` (``affine_forward``), x of shape (in_features, m) -> (out_features, m).

    ``init`` is one of :data:`dlcourse.init.METHODS` (``"he"`` for ReLU networks, ``"xavier"`` for
    tanh/sigmoid, ``"random"``, ``"zeros"``); ``W`` is drawn by
    :func:`dlcourse.init.initialize_parameters` with the seed ``rng`` (an int), or with a seed drawn
    from ``rng`` (a Generator shared by the model's layers, used in the order they are built), so
    ``Linear(n_in, n_out, rng=s).W`` equals ``init.he([n_in, n_out], seed=s)["W1"]``. ``b`` is 0.
    """

    def __init__(self, in_features: int, out_features: int, init: str = "he", rng=None, dtype=np.float64):
        super().__init__()
        self.in_features = check_positive_int("in_features", in_features)
        self.out_features = check_positive_int("out_features", out_features)
        if rng is None and init != "zeros":
            raise ValueError("Linear needs rng (a np.random.Generator shared by the model's layers, or an int "
                             "seed) to draw its initial weights reproducibly")
        dtype = _float_dtype(dtype)
        params = initialize_parameters([self.in_features, self.out_features], init, seed=_init_seed(rng))
        self.init = init
        self.W = Parameter(params["W1"].astype(dtype, copy=False))
        self.b = Parameter(params["b1"].astype(dtype, copy=False))

    def forward(self, x):
        if x.ndim != 2 or x.shape[0] != self.in_features:
            hint = " (did you pass the transpose? examples are columns)" \
                if x.ndim == 2 and x.shape[1] == self.in_features else ""
            raise ValueError(f"{self!r} expects input of shape (in_features={self.in_features}, m), "
                             f"got {x.shape}{hint}")
        return ag.affine(x, self.W, self.b)

    def extra_repr(self) -> str:
        return f"{self.in_features} -> {self.out_features}, init={self.init!r}, dtype={self.W.dtype}"


class _Activation(Module):
    op = None

    def forward(self, x):
        return type(self).op(x)


class ReLU(_Activation):
    """max(x, 0) elementwise (``relu_forward`` / ``relu_backward``)."""
    op = staticmethod(ag.relu)


class Tanh(_Activation):
    """tanh(x) elementwise."""
    op = staticmethod(ag.tanh)


class Sigmoid(_Activation):
    """1 / (1 + exp(-x)) elementwise."""
    op = staticmethod(ag.sigmoid)


class LeakyReLU(Module):
    """x where x > 0, alpha x elsewhere."""

    def __init__(self, alpha: float = 0.01):
        super().__init__()
        self.alpha = alpha

    def forward(self, x):
        return ag.leaky_relu(x, self.alpha)

    def extra_repr(self) -> str:
        return f"alpha={self.alpha}"


class Dropout(Module):
    """Inverted dropout keeping each unit with probability ``keep_prob`` (the course's parameter,
    not the drop probability), drawing masks from ``rng``; the identity in evaluation mode."""

    def __init__(self, keep_prob: float, rng=None):
        super().__init__()
        self.keep_prob = _check_keep_prob(keep_prob)
        if rng is None and self.keep_prob < 1:
            raise ValueError("Dropout needs rng (a np.random.Generator or an int seed) for reproducible masks")
        self.rng = None if rng is None else as_generator(rng)

    def forward(self, x):
        return ag.dropout(x, self.keep_prob, rng=self.rng, train=self.training)

    def extra_repr(self) -> str:
        return f"keep_prob={self.keep_prob}"


class BatchNorm1d(Module):
    """Batch norm of dense activations (features, m): ``gamma`` (ones) and ``beta`` (zeros) of shape
    (features, 1); running averages (buffers) updated with weight ``momentum`` on the past in
    training mode and used in evaluation mode."""

    def __init__(self, num_features: int, momentum: float = 0.9, eps: float = DEFAULT_EPS, dtype=np.float64):
        super().__init__()
        n = self.num_features = check_positive_int("num_features", num_features)
        dtype = _float_dtype(dtype)
        if isinstance(momentum, bool) or not 0 <= momentum < 1:
            raise ValueError(f"momentum must be in [0, 1), got {momentum!r}")
        self.momentum, self.eps = float(momentum), eps
        self.gamma = Parameter(np.ones((n, 1), dtype))
        self.beta = Parameter(np.zeros((n, 1), dtype))
        self.register_buffer("running_mean", np.zeros((n, 1), dtype))
        self.register_buffer("running_var", np.ones((n, 1), dtype))

    def forward(self, x):
        return ag.batchnorm(x, self.gamma, self.beta, train=self.training, running_mean=self.running_mean,
                            running_var=self.running_var, momentum=self.momentum, eps=self.eps)

    def extra_repr(self) -> str:
        return f"{self.num_features}, momentum={self.momentum}"


class Sequential(Module):
    """Modules applied in order; their names (in ``state_dict``) are "0", "1", ..."""

    def __init__(self, *modules):
        super().__init__()
        if not modules:
            raise ValueError("Sequential needs at least one module")
        for i, m in enumerate(modules):
            if not isinstance(m, Module):
                raise TypeError(f"Sequential's argument {i} is a {type(m).__name__}, not a Module "
                                f"(did you pass the class, e.g. ReLU instead of ReLU()?)")
            setattr(self, str(i), m)

    @property
    def takes_indices(self) -> bool:
        """As its first module (a Sequential starting with an Embedding takes integer indices)."""
        return next(iter(self._modules.values())).takes_indices

    def forward(self, x):
        for m in self._modules.values():
            x = m(x)
        return x

    def __getitem__(self, i: int) -> Module:
        return list(self._modules.values())[i]

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules.values())


class Residual(Module):
    """``branch(x) + shortcut(x)``: a skip connection (Course 4's ResNets). ``shortcut=None`` is the
    identity, so ``branch`` must keep the shape; give a shortcut (e.g. a ``Linear``) to change it.

    Works for any layout: on images, ResNet's identity block is ``Residual(branch)`` and its
    convolutional block ``Residual(branch, shortcut=Sequential(Conv2d(C, C2, 1, stride=s, ...),
    BatchNorm2d(C2)))`` (a projection to the branch's shape); ResNet applies the ReLU after the
    addition: ``Sequential(Residual(...), ReLU())``. See :mod:`dlcourse.nn.conv`. Any other graph
    (several inputs, concatenations) is a small ``Module`` whose ``forward`` combines sub-modules."""

    def __init__(self, branch: Module, shortcut: Module | None = None):
        super().__init__()
        if not isinstance(branch, Module) or not (shortcut is None or isinstance(shortcut, Module)):
            raise TypeError("Residual(branch, shortcut=None) takes Modules")
        self.branch = branch
        if shortcut is not None:
            self.shortcut = shortcut

    def forward(self, x):
        out = self.branch(x)
        skip = self.shortcut(x) if "shortcut" in self._modules else x
        if out.shape != skip.shape:
            raise ValueError(f"Residual: the branch gives shape {out.shape} but the shortcut {skip.shape}; "
                             f"they are added, so give a shortcut module that maps x to the branch's shape")
        return out + skip
