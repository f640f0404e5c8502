"""Sequence modules on the tape (Course 5). Layout: sequences are ``(n_x, m, T_x)``, the course's.

==========================================  ===================================  ===================================
module                                      parameters (shape)                   forward
==========================================  ===================================  ===================================
``RNN(n_x, n_a)``                           ``Wax`` (n_a, n_x), ``Waa`` (n_a,    (n_x, m, T_x) -> (n_a, m, T_x), or
                                            n_a), ``ba`` (n_a, 1)                (n_a, m) with
                                                                                 ``return_sequences=False``
``LSTM(n_x, n_a)``                          ``Wf, Wi, Wc, Wo`` (n_a, n_a + n_x)  the same; the memory ``c`` is
                                            on ``[a<t-1>; x<t>]``, ``bf, bi,``   internal (``bf`` starts at 1)
                                            ``bc, bo`` (n_a, 1)
``GRU(n_x, n_a)``                           ``Wu, Wr, Wc`` (n_a, n_a + n_x),     the same (the lecture's GRU)
                                            ``bu, br, bc`` (n_a, 1)
``..., bidirectional=True``                 the above, and the same names under  (2 n_a, m, T_x) or (2 n_a, m):
                                            ``reverse.`` for the right-to-left   the forward direction's states
                                            direction                            first, then the backward's
``Embedding(V, n_e)``                       ``E`` (n_e, V) (a buffer when        integer indices (m, T_x) ->
                                            frozen)                              (n_e, m, T_x)
``TimeDistributed(module)``                 those of ``module``                  (n, m, T_x) -> (n', m, T_x):
                                                                                 ``module`` on every step
==========================================  ===================================  ===================================

**Layouts.** Everything stays in the course's sequence layout ``(n_x, m, T_x)`` (features, examples,
time), so a dense module's ``(features, m)`` is one time step ``x[:, :, t]``, and the recurrent
modules hand back exactly what :func:`~dlcourse.functional.rnn_forward` and friends compute. The one
exception is the input of :class:`Embedding`: integer word indices ``(m, T_x)``, one row per sentence,
as the Emojify assignment's ``sentences_to_indices`` builds them (a numpy integer array; it is not
wrapped in a Tensor, whose data are floats). Its matrix ``E`` is the lecture's ``(n_e, V)``, one
*column* per word (``e_j = E o_j``); a GloVe-style ``emb_matrix`` with one row per word is ``E.T``::

    model = Sequential(Embedding.from_pretrained(emb_matrix.T),           # (m, T_x) -> (50, m, T_x)
                       LSTM(50, 128, return_sequences=False, rng=g),      # -> (128, m)
                       Linear(128, 5, init="xavier", rng=g))              # -> (5, m) logits

and the logits go to ``ag.softmax_cross_entropy`` with one-hot labels (5, m). For one prediction per
step (a character model, a tagger), keep the sequences and apply a dense layer at every step,
``TimeDistributed(Linear(n_a, n_y, rng=g))`` -> (n_y, m, T_x) logits, whose cost is
``ag.sequence_softmax_cross_entropy(logits, Y, mask)`` with class indices ``Y`` (m, T_x) and
``mask`` (m, T_x) 0 at padding steps.

**States.** ``module(x, a0)`` (and ``c0`` for the LSTM) starts from given states (n_a, m) (2 n_a rows
for a bidirectional module: the forward direction's, then the backward's), zeros by default; the
gradient reaches them if they require it (e.g. a decoder started from an encoder's state).
``return_sequences=False`` returns the last hidden state ``a<T_x>`` (for a bidirectional module,
the forward direction's ``a<T_x>`` stacked on the backward direction's state after reading the
whole sequence right to left, at ``t = 1``, as Keras' ``Bidirectional`` does).

**Initial weights.** Drawn from ``rng`` (an int seed or a Generator shared by the model's layers, in
the order they are built): each weight entry uniform in ``[-1/sqrt(n_a), 1/sqrt(n_a)]`` (PyTorch's
default for recurrent layers), biases 0 except the LSTM's forget gate ``bf = 1`` (Keras'
``unit_forget_bias``: the memory is kept at the start of training). ``Embedding``: uniform in
``[-0.05, 0.05]`` (Keras' default).

Every op is one :mod:`dlcourse.autograd` node per whole sequence over a :mod:`dlcourse.functional`
kernel pair (``rnn_forward`` / ``rnn_backward``, ``lstm_forward`` / ``lstm_backward``, ``gru_forward`` /
``gru_backward``, ``embedding_forward`` / ``embedding_backward``); the Python loop over time is the
kernels', not the tape's. Models save and load to h5 like every :class:`~dlcourse.nn.Module`.
"""
from __future__ import annotations

import numpy as np

from .. import autograd as ag
from .._validate import as_float, check_positive_int
from ..autograd import Tensor
from ..functional.embedding import check_indices
from .layers import _float_dtype, _init_seed
from .module import Module, Parameter

__all__ = ["RNN", "LSTM", "GRU", "Embedding", "TimeDistributed"]

LAYOUT = "(n_x, m, T_x)"


def check_sequence_input(module: Module, x, n_x: int) -> None:
    """Refuse anything but a batch of sequences ``(n_x, m, T_x)`` with ``n_x`` features, naming the
    module and the likely mistake (examples or time first, one time step, word indices)."""
    shape = x.shape
    if len(shape) == 3 and shape[0] == n_x:
        if shape[1] == 0:
            raise ValueError(f"{module!r} got input of shape {shape}: m (the number of examples) is 0")
        if shape[2] == 0:
            raise ValueError(f"{module!r} got input of shape {shape}: T_x (the number of time steps) is 0")
        return
    hint = ""
    if len(shape) == 3 and shape[2] == n_x:
        hint = " (did you pass (m, T_x, n_x), Keras' layout? use x.transpose(2, 0, 1))"
    elif len(shape) == 3 and shape[1] == n_x:
        hint = " (did you pass (m, n_x, T_x)? use x.transpose(1, 0, 2))"
    elif len(shape) == 2:
        hint = (" (one time step (n_x, m)? add the time axis: x[:, :, None]; word indices (m, T_x)? "
                "put an Embedding first)")
    raise ValueError(f"{module!r} expects sequences of shape (n_x={n_x}, m, T_x), got {shape}{hint}")


def _generator(module: str, rng) -> np.random.Generator:
    if rng is None:
        raise ValueError(f"{module} needs rng (a np.random.Generator shared by the model's layers, or an int "
                         f"seed) to draw its initial weights reproducibly")
    if isinstance(rng, np.random.Generator):
        return np.random.default_rng(_init_seed(rng))
    return np.random.default_rng(rng)


class _Recurrent(Module):
    """Shared machinery of RNN, LSTM and GRU: parameters, states, directions, the last state."""

    _kind = ""
    _has_cell = False

    def __init__(self, input_size: int, hidden_size: int, return_sequences: bool = True,
                 bidirectional: bool = False, rng=None, dtype=np.float64):
        super().__init__()
        self.input_size = check_positive_int("input_size", input_size)
        self.hidden_size = check_positive_int("hidden_size", hidden_size)
        for name, flag in (("return_sequences", return_sequences), ("bidirectional", bidirectional)):
            if not isinstance(flag, (bool, np.bool_)):
                raise TypeError(f"{name} must be True or False, got {flag!r}")
        self.return_sequences = bool(return_sequences)
        self.bidirectional = bool(bidirectional)
        dtype = _float_dtype(dtype)
        gen = _generator(type(self).__name__, rng)
        n_a = self.hidden_size
        k = 1.0 / np.sqrt(n_a)
        for name, shape in self._shapes():
            if name.startswith("b"):
                value = np.full(shape, 1.0 if name == "bf" else 0.0)
            else:
                value = gen.uniform(-k, k, shape)
            setattr(self, name, Parameter(value.astype(dtype), name=name))
        if self.bidirectional:
            self.reverse = type(self)(input_size, hidden_size, rng=gen, dtype=dtype)

    def _shapes(self):
        raise NotImplementedError

    def _op(self, x, params, a0, c0):
        raise NotImplementedError

    def _params(self) -> dict:
        return {name: getattr(self, name) for name, _ in self._shapes()}

    def _halves(self, s, name: str):
        """A state for both directions (2 n_a, m) split into the forward and the backward one."""
        if s is None:
            return None, None
        s = s if isinstance(s, Tensor) else Tensor(s, name=name)
        n_a = self.hidden_size
        if s.ndim != 2 or s.shape[0] != 2 * n_a:
            raise ValueError(f"{self!r}: {name} has shape {s.shape} but a bidirectional module takes "
                             f"(2 n_a, m) = ({2 * n_a}, m): the forward direction's state, then the backward's")
        return s[:n_a], s[n_a:]

    def forward(self, x, a0=None, c0=None):
        check_sequence_input(self, x, self.input_size)
        if c0 is not None and not self._has_cell:
            raise TypeError(f"{type(self).__name__} has no memory cell: c0 is for the LSTM")
        if not self.bidirectional:
            a = self._op(x, self._params(), a0, c0)
            return a if self.return_sequences else a[:, :, -1]
        (a0f, a0b), (c0f, c0b) = self._halves(a0, "a0"), self._halves(c0, "c0")
        a = self._op(x, self._params(), a0f, c0f)
        ar = self._op(x[:, :, ::-1], self.reverse._params(), a0b, c0b)  # read right to left
        if self.return_sequences:
            return ag.concat([a, ar[:, :, ::-1]], axis=0)  # back in time order: both states of step t
        return ag.concat([a[:, :, -1], ar[:, :, -1]], axis=0)

    def extra_repr(self) -> str:
        extras = "" if self.return_sequences else ", return_sequences=False"
        extras += ", bidirectional=True" if self.bidirectional else ""
        return f"{self.input_size} -> {self.hidden_size}{extras}, dtype={self._params()[self._shapes()[0][0]].dtype}"

    def __repr__(self) -> str:  # the reverse direction is an implementation detail: one line
        return f"{type(self).__name__}({self.extra_repr()})"


class RNN(_Recurrent):
    """The basic RNN, ``a<t> = tanh(Wax x<t> + Waa a<t-1> + ba)`` (``rnn_forward``): x (n_x, m, T_x) ->
    a (n_a, m, T_x), or a<T_x> (n_a, m) with ``return_sequences=False``. See the module docstring."""

    def _shapes(self):
        n_a, n_x = self.hidden_size, self.input_size
        return [("Wax", (n_a, n_x)), ("Waa", (n_a, n_a)), ("ba", (n_a, 1))]

    def _op(self, x, params, a0, c0):
        return ag.rnn(x, params, a0)


class LSTM(_Recurrent):
    """The LSTM of the course (``lstm_forward``): gates ``f, i, o`` and candidate ``c~`` from
    ``[a<t-1>; x<t>]``, ``c<t> = f * c<t-1> + i * c~``, ``a<t> = o * tanh(c<t>)``. x (n_x, m, T_x) ->
    a (n_a, m, T_x), or a<T_x> (n_a, m) with ``return_sequences=False``; ``model(x, a0, c0)`` starts
    from given states. See the module docstring."""

    _has_cell = True

    def _shapes(self):
        n_a, n_ax = self.hidden_size, self.hidden_size + self.input_size
        return [(f"{p}{g}", (n_a, n_ax) if p == "W" else (n_a, 1)) for g in "fico" for p in "Wb"]

    def _op(self, x, params, a0, c0):
        return ag.lstm(x, params, a0, c0)


class GRU(_Recurrent):
    """The lecture's GRU (``gru_forward``): update gate ``u``, relevance gate ``r``, candidate
    ``c~ = tanh(Wc [r * c<t-1>; x<t>] + bc)``, ``c<t> = u * c~ + (1 - u) * c<t-1>`` (``a<t> = c<t>``).
    x (n_x, m, T_x) -> (n_a, m, T_x), or (n_a, m) with ``return_sequences=False``."""

    def _shapes(self):
        n_a, n_ax = self.hidden_size, self.hidden_size + self.input_size
        return [(f"{p}{g}", (n_a, n_ax) if p == "W" else (n_a, 1)) for g in "urc" for p in "Wb"]

    def _op(self, x, params, a0, c0):
        return ag.gru(x, params, a0)


class Embedding(Module):
    """Word vectors: integer indices (m, T_x) -> (n_e, m, T_x) columns of ``E`` (n_e, V)
    (``embedding_forward``; the backward is a scatter-add into the columns that were looked up).

    ``Embedding(vocab_size, n_e, rng=g)`` learns ``E`` from a uniform start in [-0.05, 0.05];
    :meth:`from_pretrained` starts from a given matrix (GloVe vectors, say), by default *frozen*:
    then ``E`` is a buffer (saved and loaded with the model, converted by ``astype``, but not among
    the parameters an optimiser updates), as Keras' ``trainable=False``. The input is the numpy integer
    array itself (not a Tensor); indices outside [0, V) or floats are refused.
    """

    takes_indices = True

    def __init__(self, vocab_size: int, n_e: int, rng=None, dtype=np.float64, freeze: bool = False, _E=None):
        super().__init__()
        self.vocab_size = check_positive_int("vocab_size", vocab_size)
        self.n_e = check_positive_int("n_e", n_e)
        if not isinstance(freeze, (bool, np.bool_)):
            raise TypeError(f"freeze must be True or False, got {freeze!r}")
        self.freeze = bool(freeze)
        if _E is None:
            E = _generator("Embedding", rng).uniform(-0.05, 0.05, (self.n_e, self.vocab_size))
            E = E.astype(_float_dtype(dtype))
        else:
            E = _E
        if self.freeze:
            self.register_buffer("E", E)
        else:
            self.E = Parameter(E, name="E")

    @classmethod
    def from_pretrained(cls, E, freeze: bool = True) -> "Embedding":
        """An Embedding holding a copy of ``E`` (n_e, V) in E's dtype (float32 or float64; integers become
        float64), frozen by default. A matrix with one row per word (the assignments' ``emb_matrix``,
        (V, n_e)) is passed as ``emb_matrix.T``."""
        E = as_float("E", E)
        if E.ndim != 2 or 0 in E.shape:
            raise ValueError(f"E has shape {E.shape} but expected the embedding matrix (n_e, V), one column "
                             f"per word (pass emb_matrix.T if yours has one row per word)")
        return cls(E.shape[1], E.shape[0], freeze=freeze, _E=np.array(E))

    def __call__(self, indices, *args, **kwargs):
        return self.forward(indices, *args, **kwargs)

    def forward(self, indices):
        if isinstance(indices, Tensor):
            raise TypeError(f"{self!r} takes the integer word indices (m, T_x) as a numpy array, not a Tensor "
                            f"(a Tensor holds floats)")
        check_indices("indices", indices, self.vocab_size)
        return ag.embedding(indices, self.E)

    def extra_repr(self) -> str:
        frozen = ", frozen" if self.freeze else ""
        return f"V={self.vocab_size}, n_e={self.n_e}{frozen}, dtype={self.E.dtype}"


class TimeDistributed(Module):
    """Apply ``module`` (one that takes the dense layout (features, m), e.g. a ``Linear``) to every time
    step of a sequence (n, m, T_x) -> (n', m, T_x), with the same weights at every step (Keras'
    ``TimeDistributed(Dense(...))``). The m T_x steps go through ``module`` as one batch of columns
    (one matrix product, not a loop over time); a ``BatchNorm1d`` inside would normalise over them all."""

    def __init__(self, module: Module):
        super().__init__()
        if not isinstance(module, Module):
            raise TypeError(f"TimeDistributed takes a Module (e.g. Linear(n_a, n_y, rng=g)), got "
                            f"{type(module).__name__}")
        self.module = module

    def forward(self, x):
        if x.ndim != 3 or 0 in x.shape:
            hint = " (one step (n, m)? call the module itself)" if x.ndim == 2 else ""
            raise ValueError(f"TimeDistributed expects sequences (n, m, T_x) with m, T_x > 0, got {x.shape}{hint}")
        n, m, T = x.shape
        out = self.module(ag.reshape(x, (n, m * T)))
        if out.ndim != 2 or out.shape[1] != m * T:
            raise ValueError(f"TimeDistributed: {type(self.module).__name__} returned shape {out.shape} for "
                             f"{m * T} steps; it must map (features, m) columns to (features', m) columns")
        return ag.reshape(out, (out.shape[0], m, T))
