"""Graders for Course 5, "Music generation with an LSTM".

Three exercises: the one-step-ahead inputs of a window of targets (``one_step_ahead``), the forward pass and
loss of the melody model (``music_model_forward``, the course's ``djmodel`` as a function) and the sampling loop
(``sample_melodies``, the course's ``music_inference_model``). The references are :mod:`dlcourse.music`'s
functions (built on :func:`dlcourse.functional.lstm_forward` and ``lstm_cell_forward``). The sampling is made
checkable by handing the function its random numbers: ``U[:, t]`` decides step ``t`` (the first token whose
cumulative probability exceeds it, what ``rng.choice(n, p=p)`` does), so the learner's loop and the reference
draw the same melodies. The shared machinery and the hint levels are described in
:mod:`dlcourse.graders._core`.
"""
from __future__ import annotations

import numpy as np

from .. import music
from ..functional import lstm_cell_forward, lstm_forward, softmax
from .solutions import c5_music_generation as _solutions
from ._core import Chapter

__all__ = ["check_one_step_ahead", "check_music_model_forward", "check_sample_melodies", "hint", "show_solution"]

chapter = Chapter(__name__)
hint, show_solution = chapter.hint, chapter.show_solution
_rng = np.random.default_rng


def _params(rng, n_values, n_a):
    p = music.init_music_lstm(n_values, n_a, rng)
    for k in ("bf", "bi", "bc", "bo", "by"):
        p[k] = p[k] + 0.3 * rng.standard_normal(p[k].shape)
    return p


def _tokens(rng, n_values, m, T):
    return rng.integers(0, n_values, (m, T))


# --- Exercise 1: one_step_ahead ------------------------------------------------------------------------------------

def _ref_one_step_ahead(Y, n_values):
    return music.one_step_ahead(np.asarray(Y), n_values)


def _one_hot_steps(Y, n_values, source):
    m, T = Y.shape
    X = np.zeros((n_values, m, T))
    for t in range(T):
        s = source(t, T)
        if s is not None:
            X[Y[:, s], np.arange(m), t] = 1
    return X


@chapter.exercise(
    "one_step_ahead", _ref_one_step_ahead, returns="X",
    fresh=lambda rng: ("random window", (_tokens(rng, int(rng.integers(3, 9)), int(rng.integers(1, 5)),
                                                 int(rng.integers(2, 9))),), {"n_values": 9}),
    concept="the model reads one token and predicts the next, so the input at step t is the token of step t - 1 "
            "(one-hot), and the input at the first step is a vector of zeros: nothing has been played yet. The "
            "target of the last step is never an input.",
    mistakes=[
        (lambda Y, n_values: _one_hot_steps(Y, n_values, lambda t, T: t),
         "no shift: x<t> is one_hot(y<t>), so the model would see the answer it must predict; x<t> = one_hot(y<t-1>)."),
        (lambda Y, n_values: _one_hot_steps(Y, n_values, lambda t, T: t + 1 if t + 1 < T else None),
         "shifted the wrong way: x<t> = one_hot(y<t+1>) is the future; the input is the token before, y<t-1>."),
        (lambda Y, n_values: _one_hot_steps(Y, n_values, lambda t, T: t - 1 if t else T - 1),
         "np.roll wraps around: x<1> became one_hot(y<T_x>); the first input must stay the zero vector."),
        (lambda Y, n_values: np.concatenate([np.eye(n_values)[:, [0] * Y.shape[0]][:, :, None],
                                             _one_hot_steps(Y, n_values, lambda t, T: t - 1)[:, :, 1:]], axis=2),
         "x<1> is the zero vector (a start signal), not one_hot(0): token 0 is HOLD, a real token."),
    ],
    formula="X = np.zeros((n_values, m, T_x)); for t in 1..T_x-1: X[Y[:, t-1], np.arange(m), t] = 1.",
    solution=_solutions.one_step_ahead)
def check_one_step_ahead():
    """``one_step_ahead(Y, n_values) -> X`` (n_values, m, T_x) float, Y (m, T_x) int tokens."""
    rng = _rng(5)
    return [
        ("one window of 6 tokens, 5 values", (np.array([[1, 3, 0, 0, 4, 2]]), 5), {}),
        ("3 windows of 8 tokens, 24 values", (_tokens(rng, 24, 3, 8), 24), {}),
        ("a window of one step (only the start vector)", (np.array([[2], [0]]), 4), {}),
    ]


# --- Exercise 2: music_model_forward -----------------------------------------------------------------------------

def _ref_forward(X, Y, parameters):
    loss, _, y = music.music_loss(parameters, X, np.asarray(Y))
    return loss, y


def _forward_with(loss_of):
    def music_model_forward(X, Y, parameters):
        n_values, m, T = X.shape
        a, y, _, _ = lstm_forward(X, np.zeros((parameters["Wy"].shape[1], m)), parameters)
        p = y[Y.T, np.arange(m)[None, :], np.arange(T)[:, None]]
        return loss_of(p, y, m, T), y
    return music_model_forward


def _forward_random_a0(X, Y, parameters):
    n_values, m, T = X.shape
    a0 = np.random.default_rng(0).standard_normal((parameters["Wy"].shape[1], m))
    _, y, _, _ = lstm_forward(X, a0, parameters)
    return -float(np.mean(np.log(y[Y.T, np.arange(m)[None, :], np.arange(T)[:, None]]))), y


def _forward_case(rng, name, n_values, n_a, m, T):
    Y = _tokens(rng, n_values, m, T)
    return name, (music.one_step_ahead(Y, n_values), Y, _params(rng, n_values, n_a)), {}


@chapter.exercise(
    "music_model_forward", _ref_forward, returns=("loss", "y"),
    fresh=lambda rng: _forward_case(rng, "random model", int(rng.integers(3, 8)), int(rng.integers(2, 6)),
                                    int(rng.integers(1, 4)), int(rng.integers(2, 7))),
    concept="run the LSTM over the whole window from a zero hidden state (lstm_forward gives y, the softmax "
            "distribution over the next token at every step), then average the cross-entropy -log y[target] "
            "over every example AND every time step.",
    mistakes=[
        (_forward_with(lambda p, y, m, T: -np.sum(np.log(p)) / m),
         "the loss is summed over the time steps: take the mean over the m * T_x predictions, not over m only."),
        (_forward_with(lambda p, y, m, T: -np.sum(np.log(p))),
         "the loss is the mean cross-entropy over every example and step, not the sum."),
        (_forward_with(lambda p, y, m, T: -np.mean(np.log(np.max(y, axis=0)))),
         "the cross-entropy takes the probability of the target token y[Y[i, t], i, t], not the largest one."),
        (_forward_with(lambda p, y, m, T: -np.mean(np.sum(np.log(y), axis=0))),
         "the cross-entropy of a one-hot target keeps only the target's log-probability, not the sum over tokens."),
        (_forward_random_a0, "the hidden state starts at zeros (a0 = np.zeros((n_a, m))), as in the course."),
    ],
    formula="a, y, c, cache = lstm_forward(X, np.zeros((n_a, m)), parameters); "
            "p = y[Y.T, np.arange(m)[None, :], np.arange(T_x)[:, None]]; loss = -np.mean(np.log(p)).",
    solution=_solutions.music_model_forward)
def check_music_model_forward():
    """``music_model_forward(X, Y, parameters) -> (loss, y)``: mean cross-entropy (a number), y (n_values, m, T_x)."""
    rng = _rng(6)
    return [
        _forward_case(rng, "24 values, n_a 5, 3 windows of 6 steps", 24, 5, 3, 6),
        _forward_case(rng, "one window of one step", 4, 3, 1, 1),
        _forward_case(rng, "7 values, n_a 2, 2 windows of 9 steps", 7, 2, 2, 9),
    ]


# --- Exercise 3: sample_melodies -----------------------------------------------------------------------------------

def _ref_sample(parameters, U, temperature):
    return music.sample_tokens(parameters, U, temperature)


def _sampler(pick="sample", temp="divide", feed=True, start="zeros", u_step=True):
    def sample_melodies(parameters, U, temperature):
        Wy, by = parameters["Wy"], parameters["by"]
        n_values, n_a = Wy.shape
        m, T = U.shape
        x = np.zeros((n_values, m))
        if start == "hold":
            x[0] = 1
        a, c = np.zeros((n_a, m)), np.zeros((n_a, m))
        out = np.zeros((m, T), dtype=int)
        for t in range(T):
            a, c, _, _ = lstm_cell_forward(x, a, c, parameters)
            z = Wy @ a + by
            p = softmax(z / temperature if temp == "divide" else z * temperature, axis=0)
            u = U[:, t] if u_step else U[:, 0]
            idx = np.argmax(p, axis=0) if pick == "argmax" else \
                np.minimum((np.cumsum(p, axis=0) <= u).sum(axis=0), n_values - 1)
            out[:, t] = idx
            x = np.zeros((n_values, m))
            if feed:
                x[idx, np.arange(m)] = 1
        return out
    return sample_melodies


def _sample_case(rng, name, n_values, n_a, m, T, temperature):
    return name, (_params(rng, n_values, n_a), rng.random((m, T)), temperature), {}


@chapter.exercise(
    "sample_melodies", _ref_sample, returns="tokens",
    fresh=lambda rng: _sample_case(rng, "random model", int(rng.integers(3, 8)), int(rng.integers(2, 6)),
                                   int(rng.integers(1, 5)), int(rng.integers(2, 9)),
                                   float(rng.choice([0.5, 1.0, 1.5]))),
    concept="start from a zero input and zero hidden and memory states; at every step run one LSTM cell, turn "
            "(Wy a + by) / temperature into probabilities with a softmax, pick a token with this step's uniform "
            "number (the first token whose cumulative probability exceeds it) and feed that token, one-hot, as "
            "the next input.",
    mistakes=[
        (_sampler(pick="argmax"), "the token is drawn with U[:, t], not taken as the most likely one (argmax "
                                  "gives the same melody every time)."),
        (_sampler(temp="multiply"), "divide the scores by the temperature (a low temperature sharpens the "
                                    "distribution), do not multiply them."),
        (_sampler(feed=False), "the sampled token must become the next input x (one-hot); the loop fed zeros."),
        (_sampler(start="hold"), "the first input is the zero vector (as in training), not one_hot(0)."),
        (_sampler(u_step=False), "each step uses its own uniform number U[:, t], not U[:, 0] every time."),
    ],
    formula="a, c, _, _ = lstm_cell_forward(x, a, c, parameters); p = softmax((Wy @ a + by) / temperature); "
            "idx = np.minimum((np.cumsum(p, axis=0) <= U[:, t]).sum(axis=0), n_values - 1); "
            "x = zeros; x[idx, np.arange(m)] = 1.",
    solution=_solutions.sample_melodies)
def check_sample_melodies():
    """``sample_melodies(parameters, U, temperature) -> tokens`` (m, T_y) int, U (m, T_y) uniform in [0, 1)."""
    rng = _rng(7)
    return [
        _sample_case(rng, "24 values, n_a 6, 3 melodies of 10 steps, temperature 1", 24, 6, 3, 10, 1.0),
        _sample_case(rng, "temperature 0.5", 8, 4, 2, 8, 0.5),
        _sample_case(rng, "temperature 2", 8, 4, 2, 8, 2.0),
    ]
