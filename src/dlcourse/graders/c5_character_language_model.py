"""Graders for Course 5, "Character-level language model" (the original's "Dinosaur Island").

The chapter trains an RNN that reads a name one character at a time and predicts the next one. Its three
exercises: ``clip(gradients, max_value)`` (the course's elementwise clip; reference
:func:`dlcourse.functional.clip_gradients`), ``sample(parameters, char_to_ix, seed, temperature=1.0)``
(draw a name one character at a time, feeding each drawn character back in; the reference
:func:`sample_indices` below) and ``optimize(X, Y, a_prev, parameters, learning_rate, max_value)`` (one
step of training on one name: forward with :func:`dlcourse.functional.rnn_forward`, the summed
cross-entropy, backward through the output layer and :func:`dlcourse.functional.rnn_backward`, clip,
update; the reference :func:`optimize_step` below). Unlike the original, ``optimize`` returns new
parameters instead of changing the caller's dict in place. The tables of mistakes hold the plausible bugs:
a one-sided clip, a norm clip, the greedy argmax instead of a draw, the drawn character not fed back,
the temperature multiplied instead of divided, the mean loss instead of the sum, no clipping, the
output layer's gradient not sent back into the hidden states, the first hidden state returned instead of
the last, ...
"""
from __future__ import annotations

import numpy as np

from ..functional import clip_gradients, rnn_backward, rnn_forward, softmax
from .solutions import c5_character_language_model as _solutions
from ._core import Chapter, _describe

__all__ = ["check_clip", "check_sample", "check_optimize", "sample_indices", "optimize_step", "one_hot_sequence",
           "hint", "show_solution", "MAX_LENGTH"]

chapter = Chapter(__name__)
hint, show_solution = chapter.hint, chapter.show_solution
_rng = np.random.default_rng
GRAD_KEYS = ("dWax", "dWaa", "dWya", "dba", "dby")
MAX_LENGTH = 50  # sample stops after this many characters (the original's 50)


# --- references -------------------------------------------------------------------------------------------

def sample_indices(parameters, char_to_ix, seed, temperature=1.0):
    """The chapter's ``sample``: the indices of one name drawn from the model, ending with the newline's."""
    Waa, Wax, Wya, by, ba = (parameters[k] for k in ("Waa", "Wax", "Wya", "by", "ba"))
    vocab_size, n_a = by.shape[0], Waa.shape[1]
    rng = np.random.default_rng(seed)
    x = np.zeros((vocab_size, 1))
    a_prev = np.zeros((n_a, 1))
    newline = char_to_ix["\n"]
    indices, idx = [], -1
    while idx != newline and len(indices) < MAX_LENGTH:
        a = np.tanh(Wax @ x + Waa @ a_prev + ba)
        y = softmax((Wya @ a + by) / temperature, axis=0)
        idx = int(rng.choice(vocab_size, p=y.ravel()))
        indices.append(idx)
        x = np.zeros((vocab_size, 1))
        x[idx] = 1
        a_prev = a
    if idx != newline:
        indices.append(newline)
    return indices


def one_hot_sequence(X, vocab_size, dtype=np.float64):
    """(vocab_size, 1, T_x) one-hot inputs of the index list ``X``; ``None`` (the first input) is the zero vector."""
    x = np.zeros((vocab_size, 1, len(X)), dtype=dtype)
    for t, ix in enumerate(X):
        if ix is not None:
            x[ix, 0, t] = 1
    return x


def optimize_step(X, Y, a_prev, parameters, learning_rate=0.01, max_value=5.0):
    """The chapter's ``optimize``: ``(loss, gradients, new_parameters, a_last)`` of one SGD step on one name."""
    Wya, by = parameters["Wya"], parameters["by"]
    vocab_size, T = by.shape[0], len(X)
    x = one_hot_sequence(X, vocab_size, Wya.dtype)
    a, y_hat, cache = rnn_forward(x, a_prev, parameters)
    steps = np.arange(T)
    loss = float(-np.sum(np.log(y_hat[Y, 0, steps])))
    dz = y_hat[:, 0, :].copy()                      # (vocab_size, T): d loss / d logits of every step
    dz[Y, steps] -= 1
    a2 = a[:, 0, :]                                   # (n_a, T)
    grads = rnn_backward((Wya.T @ dz)[:, None, :], cache)
    gradients = {"dWax": grads["dWax"], "dWaa": grads["dWaa"], "dWya": dz @ a2.T,
                 "dba": grads["dba"], "dby": dz.sum(axis=1, keepdims=True)}
    gradients = clip_gradients(gradients, max_value)
    new = {k: parameters[k] - learning_rate * gradients["d" + k] for k in ("Wax", "Waa", "Wya", "ba", "by")}
    return loss, gradients, new, a[:, :, -1]


# --- cases --------------------------------------------------------------------------------------------------

def _rnn_params(rng, n_a, vocab_size, scale=0.5):
    rng = _rng(rng) if isinstance(rng, int) else rng
    return {"Wax": rng.standard_normal((n_a, vocab_size)) * scale, "Waa": rng.standard_normal((n_a, n_a)) * scale,
            "Wya": rng.standard_normal((vocab_size, n_a)) * scale, "ba": rng.standard_normal((n_a, 1)) * scale,
            "by": rng.standard_normal((vocab_size, 1)) * scale}


def _grads(rng, n_a, vocab_size, scale):
    p = _rnn_params(rng, n_a, vocab_size, scale)
    return {"d" + k: v for k, v in p.items()}


def _is_grad_dict(got, *_):
    if not isinstance(got, dict) or set(got) != set(GRAD_KEYS):
        return f"return a dict with the keys {', '.join(GRAD_KEYS)}, got {_describe(got)}."
    return None


# --- Exercise 1: clip -----------------------------------------------------------------------------------------

def _clip_mistake(kind):
    def clip(gradients, max_value):
        out = {}
        for k, g in gradients.items():
            if kind == "upper":
                out[k] = np.minimum(g, max_value)
            elif kind == "nonneg":
                out[k] = np.clip(g, 0, max_value)
            elif kind == "weights_only":
                out[k] = np.clip(g, -max_value, max_value) if k.startswith("dW") else g.copy()
            elif kind == "norm":
                n = np.linalg.norm(g)
                out[k] = g * (max_value / n) if n > max_value else g.copy()
        return out
    return clip


def _clip_fresh(rng):
    n_a, v = int(rng.integers(2, 8)), int(rng.integers(3, 10))
    mv = float(rng.choice([1.0, 5.0, 10.0]))
    return f"n_a={n_a}, vocab_size={v}, max_value={mv:g}", (_grads(rng, n_a, v, 6.0), mv), {}


@chapter.exercise(
    "clip", lambda gradients, max_value: clip_gradients(gradients, max_value),
    fresh=_clip_fresh, rules=[_is_grad_dict],
    concept="exploding gradients are tamed by clipping: every entry of every gradient that lies outside "
            "[-max_value, max_value] is replaced by the nearest bound, the others are kept. Return a new dict "
            "of new arrays and leave the caller's gradients untouched.",
    formula="for each key k of gradients: clipped[k] = np.clip(gradients[k], -max_value, max_value).",
    mistakes=[(_clip_mistake("upper"), "only the upper bound is applied: large negative entries must be clipped "
                                       "to -max_value too."),
              (_clip_mistake("nonneg"), "the lower bound must be -max_value, not 0: negative gradients are "
                                        "legitimate."),
              (_clip_mistake("weights_only"), "the bias gradients dba and dby must be clipped too."),
              (_clip_mistake("norm"), "this clips each gradient's norm; the course clips every entry "
                                      "separately (np.clip).")],
    solution=_solutions.clip)
def check_clip():
    """``clip(gradients, max_value) -> clipped gradients``."""
    return [
        ("n_a=5, vocab_size=3, entries up to +-30, max_value=10", (_grads(3, 5, 3, 10.0), 10.0), {}),
        ("the chapter's sizes n_a=50, vocab_size=27, max_value=5", (_grads(4, 50, 27, 3.0), 5.0), {}),
        ("all entries inside the bounds (nothing changes)", (_grads(5, 4, 6, 0.1), 5.0), {}),
        ("max_value passed by keyword", (_grads(6, 3, 4, 4.0),), {"max_value": 1.0}),
    ]


# --- Exercise 2: sample ---------------------------------------------------------------------------------------

def _sample_mistake(kind):
    def sample(parameters, char_to_ix, seed, temperature=1.0):
        Waa, Wax, Wya, by, ba = (parameters[k] for k in ("Waa", "Wax", "Wya", "by", "ba"))
        vocab_size, n_a = by.shape[0], Waa.shape[1]
        rng = np.random.default_rng(seed)
        x, a_prev = np.zeros((vocab_size, 1)), np.zeros((n_a, 1))
        newline = char_to_ix["\n"]
        if kind == "start_newline":
            x[newline] = 1
        indices, idx = [], -1
        while idx != newline and len(indices) < MAX_LENGTH:
            a = np.tanh(Wax @ x + Waa @ a_prev + ba)
            z = Wya @ a + by
            z = z * temperature if kind == "times_t" else z if kind == "no_t" else z / temperature
            y = softmax(z, axis=0)
            idx = int(np.argmax(y)) if kind == "argmax" else int(rng.choice(vocab_size, p=y.ravel()))
            indices.append(idx)
            if kind != "no_feedback":
                x = np.zeros((vocab_size, 1))
                x[idx] = 1
            if kind != "no_state":
                a_prev = a
        if idx != newline and kind != "no_newline":
            indices.append(newline)
        return indices
    return sample


def _vocab(v):
    chars = ["\n"] + [chr(ord("a") + i) for i in range(v - 1)]
    return {c: i for i, c in enumerate(chars)}


def _is_index_list(got, *_):
    if not isinstance(got, (list, tuple)) or not all(isinstance(i, (int, np.integer)) for i in got):
        return f"return the list of drawn indices (ints), got {_describe(got)}."
    return None


def _sample_fresh(rng):
    n_a, v = int(rng.integers(3, 12)), int(rng.integers(4, 12))
    t = float(rng.choice([0.5, 1.0, 2.0]))
    return (f"n_a={n_a}, vocab_size={v}, temperature={t:g}",
            (_rnn_params(rng, n_a, v, 0.8), _vocab(v), int(rng.integers(0, 10 ** 6))), {"temperature": t})


def _no_newline_params():
    p = _rnn_params(21, 6, 5, 0.3)
    p["by"][0] = -30.0  # the newline (index 0) is (almost) never drawn: the name is cut at MAX_LENGTH
    return p


@chapter.exercise(
    "sample", sample_indices, fresh=_sample_fresh, rules=[_is_index_list],
    concept="generate a name one character at a time: start from a zero input and a zero hidden state, run one "
            "RNN step, turn the scores into probabilities (sharper or flatter with the temperature), draw the "
            "next character at random from them, and feed the drawn character back in as the next input, until "
            "the newline is drawn or the name reaches 50 characters (then end it with a newline).",
    formula="a = tanh(Wax x + Waa a_prev + ba); y = softmax((Wya a + by) / temperature); "
            "idx = rng.choice(vocab_size, p=y.ravel()) with rng = np.random.default_rng(seed) made once; "
            "x = one-hot of idx; a_prev = a.",
    mistakes=[(_sample_mistake("argmax"), "the next character must be drawn at random with rng.choice(vocab_size, "
                                          "p=y.ravel()), not taken as the most likely one (argmax)."),
              (_sample_mistake("no_feedback"), "the drawn character must become the next input x (a one-hot "
                                               "vector), otherwise the model never sees what it wrote."),
              (_sample_mistake("no_state"), "set a_prev = a after every step: the hidden state carries the "
                                            "name so far."),
              (_sample_mistake("times_t"), "divide the scores by the temperature (z / temperature); multiplying "
                                           "turns low temperatures into flat distributions."),
              (_sample_mistake("no_t"), "the temperature is ignored: divide the scores z = Wya a + by by it "
                                        "before the softmax."),
              (_sample_mistake("start_newline"), "the first input is the zero vector, not the newline's one-hot."),
              (_sample_mistake("no_newline"), "a name cut at 50 characters must still end with the newline's "
                                              "index.")],
    solution=_solutions.sample)
def check_sample():
    """``sample(parameters, char_to_ix, seed, temperature=1.0) -> list of indices``."""
    big = _rnn_params(11, 50, 27, 0.3)
    return [
        ("n_a=5, vocab_size=6, seed=0", (_rnn_params(1, 5, 6, 1.0), _vocab(6), 0), {}),
        ("the chapter's sizes n_a=50, vocab_size=27, seed=7", (big, _vocab(27), 7), {}),
        ("temperature=0.5", (_rnn_params(2, 8, 10, 0.8), _vocab(10), 3), {"temperature": 0.5}),
        ("temperature=2", (_rnn_params(2, 8, 10, 0.8), _vocab(10), 4), {"temperature": 2.0}),
        ("the newline is improbable: the name stops at 50 characters", (_no_newline_params(), _vocab(5), 5), {}),
    ]


# --- Exercise 3: optimize -------------------------------------------------------------------------------------

def _optimize_mistake(kind):
    def optimize(X, Y, a_prev, parameters, learning_rate=0.01, max_value=5.0):
        Wya, by = parameters["Wya"], parameters["by"]
        vocab_size, T = by.shape[0], len(X)
        x = one_hot_sequence(X, vocab_size)
        a0 = np.zeros_like(a_prev) if kind == "zero_state" else a_prev
        a, y_hat, cache = rnn_forward(x, a0, parameters)
        steps = np.arange(T)
        loss = float(-np.sum(np.log(y_hat[Y, 0, steps])))
        if kind == "mean_loss":
            loss /= T
        dz = y_hat[:, 0, :].copy()
        dz[Y, steps] -= 1
        da = np.zeros((a.shape[0], 1, T)) if kind == "no_output_grad" else (Wya.T @ dz)[:, None, :]
        g = rnn_backward(da, cache)
        raw = {"dWax": g["dWax"], "dWaa": g["dWaa"], "dWya": dz @ a[:, 0, :].T, "dba": g["dba"],
               "dby": dz.sum(axis=1, keepdims=True)}
        clipped = raw if kind == "no_clip" else clip_gradients(raw, max_value)
        used = raw if kind == "clip_after" else clipped
        sign = -1.0 if kind == "ascent" else 1.0
        new = {k: parameters[k] - sign * learning_rate * used["d" + k] for k in ("Wax", "Waa", "Wya", "ba", "by")}
        return loss, clipped, new, a[:, :, 0] if kind == "first_state" else a[:, :, -1]
    return optimize


def _name_case(rng, vocab_size, length):
    rng = _rng(rng) if isinstance(rng, int) else rng
    ix = [int(i) for i in rng.integers(1, vocab_size, length)]
    return [None] + ix, ix + [0]


def _optimize_args(seed, n_a, vocab_size, length, scale=0.3, a_scale=0.5):
    rng = _rng(seed)
    X, Y = _name_case(rng, vocab_size, length)
    return X, Y, rng.standard_normal((n_a, 1)) * a_scale, _rnn_params(rng, n_a, vocab_size, scale)


def _optimize_fresh(rng):
    n_a, v, length = int(rng.integers(3, 12)), int(rng.integers(4, 12)), int(rng.integers(2, 9))
    lr = float(rng.choice([0.01, 0.05]))
    args = _optimize_args(int(rng.integers(0, 10 ** 6)), n_a, v, length, scale=1.0)
    return f"n_a={n_a}, vocab_size={v}, a name of {length} characters, learning_rate={lr:g}", args, \
        {"learning_rate": lr, "max_value": 1.0}


def _is_quadruple(got, *_):
    if not isinstance(got[1], dict) or set(got[1]) != set(GRAD_KEYS):
        return f"gradients must be a dict with the keys {', '.join(GRAD_KEYS)}, got {_describe(got[1])}."
    if not isinstance(got[2], dict) or set(got[2]) != {"Wax", "Waa", "Wya", "ba", "by"}:
        return f"the new parameters must be a dict with the keys Wax, Waa, Wya, ba, by, got {_describe(got[2])}."
    return None


@chapter.exercise(
    "optimize", optimize_step, fresh=_optimize_fresh, rules=[_is_quadruple],
    returns=("loss", "gradients", "parameters", "a_last"),
    concept="one step of training on one name: run the RNN forward over the name, add up the cross-entropy of "
            "the true next character at every step, send the error of the predictions back through the output "
            "layer into the hidden states and through time, clip the gradients, and take one gradient-descent "
            "step. Return new parameters (the caller's stay untouched) and the last hidden state.",
    formula="x = one_hot_sequence(X, vocab_size); a, y_hat, cache = rnn_forward(x, a_prev, parameters); "
            "loss = -sum_t log y_hat[Y[t], 0, t]; dz = y_hat[:, 0, :] with 1 subtracted at (Y[t], t); "
            "dWya = dz a[:, 0, :]^T, dby = sum of dz over t; da = (Wya^T dz)[:, None, :]; "
            "g = rnn_backward(da, cache); clip the five gradients; W = W - learning_rate * dW; "
            "a_last = a[:, :, -1].",
    mistakes=[(_optimize_mistake("mean_loss"), "the loss is the sum over the name's characters (as in the course), "
                                               "not the mean."),
              (_optimize_mistake("no_clip"), "clip the gradients (clip(gradients, max_value)) before the update."),
              (_optimize_mistake("clip_after"), "the update must use the clipped gradients, not the raw ones."),
              (_optimize_mistake("no_output_grad"), "the hidden states get their gradient from the output layer: "
                                                    "pass da = Wya^T dz for every step to rnn_backward, not zeros."),
              (_optimize_mistake("ascent"), "the update goes against the gradient: W - learning_rate * dW."),
              (_optimize_mistake("first_state"), "return the last hidden state a[:, :, -1] (it starts the next "
                                                 "name), not the first."),
              (_optimize_mistake("zero_state"), "the forward starts from the a_prev you are given, not from zeros.")],
    solution=_solutions.optimize)
def check_optimize():
    """``optimize(X, Y, a_prev, parameters, learning_rate=0.01, max_value=5.0) -> (loss, gradients,
    parameters, a_last)``."""
    return [
        ("n_a=5, vocab_size=6, a name of 4 characters", _optimize_args(1, 5, 6, 4), {}),
        ("the chapter's sizes n_a=50, vocab_size=27, 7 characters, learning_rate=0.01",
         _optimize_args(2, 50, 27, 7, scale=0.1), {"learning_rate": 0.01}),
        ("large weights: clipping matters (max_value=0.5)", _optimize_args(3, 6, 8, 6, scale=2.0),
         {"learning_rate": 0.1, "max_value": 0.5}),
        ("a one-character name", _optimize_args(4, 4, 5, 1), {}),
    ]
