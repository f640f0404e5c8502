"""Graders for Course 2, "Optimization methods" (week 2).

The chapter writes the update rules and schedules of :mod:`dlcourse.optim` in the course's dict style:
gradient descent, mini-batches, momentum, Adam, and two learning-rate decays. Every reference below is
the library's own code (``sgd_update``, ``random_mini_batches``, ``Momentum``, ``Adam``,
``inverse_time_decay``, ``schedule_lr_decay``), called on the chapter's dicts; the velocity and the
moments ``v``, ``s`` are keyed like the gradients (``dW1``, ``db1``, ...). Each exercise has a table of
typical mistakes (no bias correction, ``t`` counted from 0, ``epsilon`` inside the root, ``beta`` and
``1 - beta`` swapped, ``X`` and ``Y`` shuffled with different permutations, the last mini-batch dropped,
decaying every epoch instead of every interval, ...); the shared machinery and the hint levels are
described in :mod:`dlcourse.graders._core`.
"""
from __future__ import annotations

import math

import numpy as np

from .. import optim
from .solutions import c2_optimization as _solutions
from ._core import Chapter, _describe, check_signature
from ._core import binary_labels as _labels
from ._dense import update_mistakes

__all__ = [
    "check_update_parameters_with_gd", "check_random_mini_batches", "check_initialize_velocity",
    "check_update_parameters_with_momentum", "check_initialize_adam", "check_update_parameters_with_adam",
    "check_update_lr", "check_schedule_lr_decay", "hint", "show_solution",
]

chapter = Chapter(__name__)
hint, show_solution = chapter.hint, chapter.show_solution
_rng = np.random.default_rng


def _params(dims, rng, scale: float = 1.0) -> dict:
    """Random W1, b1, ..., WL, bL for layer sizes ``dims`` (biases non-zero, so that they are seen)."""
    rng = _rng(rng) if isinstance(rng, int) else rng
    out = {}
    for l in range(1, len(dims)):
        out[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1])) * scale
        out[f"b{l}"] = rng.standard_normal((dims[l], 1)) * scale
    return out


def _grads(params: dict, rng, scale: float = 1.0) -> dict:
    rng = _rng(rng) if isinstance(rng, int) else rng
    return {"d" + k: rng.standard_normal(v.shape) * scale for k, v in params.items()}


def _moments(params: dict, rng, square: bool = False, scale: float = 0.1) -> dict:
    """A velocity (or, with ``square``, a non-negative second moment) keyed like the gradients."""
    rng = _rng(rng) if isinstance(rng, int) else rng
    return {"d" + k: (rng.standard_normal(v.shape) * scale) ** (2 if square else 1) for k, v in params.items()}


def _random_dims(rng) -> list:
    return [int(n) for n in rng.integers(1, 7, int(rng.integers(2, 5)))]


def _is_dict(got, *_):
    return None if isinstance(got, dict) else f"return a dict of arrays keyed dW1, db1, ..., got {_describe(got)}."


# --- Exercise 1: update_parameters_with_gd --------------------------------------------------------------

def _gd_fresh(rng):
    p = _params(_random_dims(rng), rng)
    return "random layer sizes, learning_rate=0.05", (p, _grads(p, rng), 0.05), {}


@chapter.exercise(
    "update_parameters_with_gd", lambda parameters, grads, learning_rate: optim.sgd_update(parameters, grads,
                                                                                           learning_rate),
    fresh=lambda rng: _gd_fresh(rng),
    concept="one step of gradient descent moves every parameter of every layer, weights and biases, a small step "
            "against its own gradient, scaled by the learning rate. Return a new dict and leave the caller's "
            "parameters untouched.",
    mistakes=update_mistakes(0.01),
    formula="for l in range(1, L + 1) with L = len(parameters) // 2: W{l} = W{l} - learning_rate * dW{l} and "
            "b{l} = b{l} - learning_rate * db{l}, written into a new dict.",
    solution=_solutions.update_parameters_with_gd)
def check_update_parameters_with_gd():
    """``update_parameters_with_gd(parameters, grads, learning_rate) -> parameters``."""
    p2, p3, p1 = _params([3, 2, 3], 1), _params([2, 5, 2, 1], 2), _params([4, 1], 3)
    return [
        ("2 layers [3, 2, 3], learning_rate=0.01", (p2, _grads(p2, 11), 0.01), {}),
        ("the chapter's network [2, 5, 2, 1], learning_rate=0.0007", (p3, _grads(p3, 12), 0.0007), {}),
        ("one layer [4, 1], learning_rate=0.5", (p1, _grads(p1, 13), 0.5), {}),
        ("learning_rate passed by keyword", (p3, _grads(p3, 14)), {"learning_rate": 0.1}),
    ]


# --- Exercise 2: random_mini_batches ---------------------------------------------------------------------

def _batches_mistake(same_permutation=True, keep_last=True, overlap_last=False, shuffle=True, legacy=False,
                     replace=False, fixed_seed=None):
    def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
        m = X.shape[1]
        s = seed if fixed_seed is None else fixed_seed
        if legacy:  # the original's np.random.seed(seed); np.random.permutation(m)
            perm = np.random.RandomState(s).permutation(m)
        else:
            rng = np.random.default_rng(s)
            perm = (rng.choice(m, size=m, replace=True) if replace else rng.permutation(m)) if shuffle \
                else np.arange(m)
        perm_Y = perm if same_permutation else rng.permutation(m)
        sX, sY = X[:, perm], Y[:, perm_Y]
        out = []
        n_full = m // mini_batch_size
        for k in range(n_full):
            out.append((sX[:, k * mini_batch_size:(k + 1) * mini_batch_size],
                        sY[:, k * mini_batch_size:(k + 1) * mini_batch_size]))
        if m % mini_batch_size and keep_last:
            start = m - mini_batch_size if overlap_last and m >= mini_batch_size else n_full * mini_batch_size
            out.append((sX[:, start:], sY[:, start:]))
        return out
    return random_mini_batches


def _xy(rng, n_x: int, m: int, n_y: int = 1):
    rng = _rng(rng) if isinstance(rng, int) else rng
    Y = _labels(rng, m) if n_y == 1 else rng.integers(0, 2, (n_y, m))
    return rng.standard_normal((n_x, m)), Y


def _is_list_of_pairs(got, *_):
    if not isinstance(got, (list, tuple)) or not all(isinstance(b, (list, tuple)) and len(b) == 2 for b in got):
        return (f"return a list of (mini_batch_X, mini_batch_Y) pairs, got {_describe(got)}.")
    return None


def _mini_batch_fresh(rng):
    m, size = int(rng.integers(20, 200)), int(rng.choice([8, 16, 32, 64]))
    return f"m={m}, mini_batch_size={size}", (*_xy(rng, 3, m), size), {"seed": int(rng.integers(0, 10 ** 6))}


@chapter.exercise(
    "random_mini_batches", lambda X, Y, mini_batch_size=64, seed=0: optim.random_mini_batches(X, Y, mini_batch_size,
                                                                                             seed),
    fresh=_mini_batch_fresh, rules=[_is_list_of_pairs],
    before=check_signature({"mini_batch_size": 64, "seed": 0}, "random_mini_batches(X, Y, mini_batch_size=64, seed=0)"),
    concept="shuffle the examples (the columns) with one random permutation drawn from a generator seeded with the "
            "seed argument, applied to X and to Y alike so that every example keeps its label; then cut the "
            "shuffled columns into consecutive pieces of mini_batch_size. When m is not a multiple of the size, "
            "the last piece is smaller and holds the examples left over: keep it.",
    mistakes=[
        (_batches_mistake(same_permutation=False),
         "shuffle X and Y with the SAME permutation (draw it once and index both with it); two draws give two "
         "different orders, and the examples lose their labels."),
        (_batches_mistake(keep_last=False),
         "keep the last, smaller mini-batch: when m % mini_batch_size != 0 it holds the examples left over; "
         "without it they are never trained on."),
        (_batches_mistake(overlap_last=True),
         "the last mini-batch holds only the examples left over, shuffled_X[:, num_complete * mini_batch_size:]; "
         "taking the last mini_batch_size columns repeats examples of the previous mini-batch."),
        (_batches_mistake(shuffle=False), "shuffle the examples first: rng.permutation(m) gives the new order."),
        (_batches_mistake(replace=True),
         "use a permutation, which takes every example exactly once; rng.choice(m, m) draws with replacement."),
        (_batches_mistake(legacy=True),
         "use the new generator API, rng = np.random.default_rng(seed) and rng.permutation(m), not np.random.seed "
         "/ np.random.permutation: they produce a different order."),
        (_batches_mistake(fixed_seed=0), "use the seed argument, not a fixed seed."),
    ],
    formula="rng = np.random.default_rng(seed); permutation = rng.permutation(m); shuffled_X = X[:, permutation]; "
            "shuffled_Y = Y[:, permutation]; for k in range(m // mini_batch_size) append the columns "
            "k * mini_batch_size to (k + 1) * mini_batch_size; if m % mini_batch_size != 0 append the rest, "
            "shuffled_X[:, (m // mini_batch_size) * mini_batch_size:] (same for Y).",
    solution=_solutions.random_mini_batches)
def check_random_mini_batches():
    """``random_mini_batches(X, Y, mini_batch_size=64, seed=0)`` -> list of ``(mini_batch_X, mini_batch_Y)``."""
    return [
        ("m=148, mini_batch_size=64 (2 full mini-batches and one of 20)", (*_xy(1, 4, 148), 64), {"seed": 0}),
        ("m=300 (the moons), mini_batch_size=64, seed=11", (*_xy(2, 2, 300), 64), {"seed": 11}),
        ("m=128, a multiple of mini_batch_size=32", (*_xy(3, 3, 128), 32), {"seed": 5}),
        ("m=10 < mini_batch_size: a single mini-batch", (*_xy(4, 2, 10),), {"seed": 2}),
        ("mini_batch_size=1 (stochastic gradient descent), m=7", (*_xy(5, 2, 7), 1), {"seed": 3}),
        ("two outputs, Y of shape (2, 50), mini_batch_size=16", (*_xy(6, 3, 50, n_y=2), 16), {"seed": 7}),
    ]


# --- Exercise 3: initialize_velocity ---------------------------------------------------------------------

def _zeros_mistake(keys="grad", skip_bias=False, skip_last=False, ones=False):
    def init(parameters):
        L = len(parameters) // 2
        out = {}
        for l in range(1, L if skip_last else L + 1):
            for p in ("W",) if skip_bias else ("W", "b"):
                key = f"{p}{l}" if keys == "param" else f"d{p}{l}"
                out[key] = (np.ones_like if ones else np.zeros_like)(parameters[f"{p}{l}"])
        return out
    return init


def _zeros_mistakes() -> list:
    return [
        (_zeros_mistake(keys="param"), "name the entries like the gradients they average: v['dW1'], v['db1'], ... "
                                       "(not 'W1', 'b1')."),
        (_zeros_mistake(skip_bias=True), "the biases need a velocity too: v['db' + str(l)] = zeros like b{l}."),
        (_zeros_mistake(skip_last=True), "initialise every layer l = 1, ..., L: range(1, L + 1) with "
                                         "L = len(parameters) // 2."),
        (_zeros_mistake(ones=True), "the averages start at zero: np.zeros_like(parameters['W1']), ..."),
    ]


_ZEROS_CASES = [("2 layers [3, 2, 3]", [3, 2, 3], 1), ("the chapter's network [2, 5, 2, 1]", [2, 5, 2, 1], 2),
                ("one layer [5, 1]", [5, 1], 3)]


@chapter.exercise(
    "initialize_velocity", lambda parameters: {"d" + k: np.zeros_like(v) for k, v in parameters.items()},
    fresh=lambda rng: ("random layer sizes", (_params(_random_dims(rng), rng),), {}), rules=[_is_dict],
    concept="the velocity is an exponentially weighted average of the gradients, one array per parameter with the "
            "parameter's shape, keyed like the gradient it averages; before the first step nothing has been "
            "averaged yet, so every entry is zero.",
    mistakes=_zeros_mistakes(),
    formula="for l in range(1, L + 1): v['dW' + str(l)] = np.zeros_like(parameters['W' + str(l)]) and "
            "v['db' + str(l)] = np.zeros_like(parameters['b' + str(l)]).",
    solution=_solutions.initialize_velocity)
def check_initialize_velocity():
    """``initialize_velocity(parameters) -> v`` with ``v['dW1'], v['db1'], ...`` all zeros."""
    return [(name, (_params(dims, seed),), {}) for name, dims, seed in _ZEROS_CASES]


# --- Exercise 4: update_parameters_with_momentum -----------------------------------------------------------

def _ref_momentum(parameters, grads, v, beta, learning_rate):
    opt = optim.Momentum(learning_rate=learning_rate, beta=beta)
    opt.state = {k: {"v": v["d" + k]} for k in parameters}
    new = opt.step(parameters, grads)
    return new, {"d" + k: opt.state[k]["v"] for k in parameters}


def _momentum_mistake(swap=False, no_damping=False, use_grad=False, old_v=False, return_old_v=False,
                      skip_bias=False, sign=1.0):
    def update(parameters, grads, v, beta, learning_rate):
        new_p, new_v = dict(parameters), dict(v)
        for name in parameters:
            if skip_bias and name.startswith("b"):
                continue
            g, key = grads["d" + name], "d" + name
            if swap:
                new_v[key] = (1 - beta) * v[key] + beta * g
            elif no_damping:
                new_v[key] = beta * v[key] + g
            else:
                new_v[key] = beta * v[key] + (1 - beta) * g
            step = g if use_grad else v[key] if old_v else new_v[key]
            new_p[name] = parameters[name] - sign * learning_rate * step
        return new_p, (dict(v) if return_old_v else new_v)
    return update


def _momentum_case(name, dims, seed, beta, lr, zero_v=False):
    rng = _rng(seed)
    p = _params(dims, rng)
    v = {"d" + k: np.zeros_like(a) for k, a in p.items()} if zero_v else _moments(p, rng)
    return name, (p, _grads(p, rng), v, beta, lr), {}


@chapter.exercise(
    "update_parameters_with_momentum", _ref_momentum, returns=("parameters", "v"),
    fresh=lambda rng: _momentum_case("random layer sizes, beta=0.9, learning_rate=0.01", _random_dims(rng),
                                     int(rng.integers(10 ** 6)), 0.9, 0.01),
    concept="momentum first updates the velocity, a moving average that keeps the fraction beta of the old "
            "velocity and adds the fraction 1 - beta of the new gradient; the parameter then takes its step "
            "along the updated velocity instead of along the raw gradient. Return new dicts for the parameters "
            "and the velocity; the caller's stay untouched.",
    mistakes=[
        (_momentum_mistake(swap=True), "beta weighs the OLD velocity and 1 - beta the new gradient: "
                                       "v = beta * v + (1 - beta) * dW (you swapped them)."),
        (_momentum_mistake(no_damping=True),
         "this chapter uses the averaged form v = beta * v + (1 - beta) * dW; v = beta * v + dW is the other "
         "textbook form, which is the same only with a learning rate scaled by 1 - beta."),
        (_momentum_mistake(use_grad=True), "step along the velocity, not the gradient: W = W - learning_rate * v['dW1']."),
        (_momentum_mistake(old_v=True), "update the velocity first, then step with the NEW velocity."),
        (_momentum_mistake(return_old_v=True), "return the updated velocity dict, not the one you were given."),
        (_momentum_mistake(skip_bias=True), "update the biases too, with their own velocity v['db1'], ..."),
        (_momentum_mistake(sign=-1.0), "the step goes against the velocity: W = W - learning_rate * v['dW1'] (you added)."),
    ],
    formula="for each parameter P (W1, b1, ...) with gradient dP: v['dP'] = beta * v['dP'] + (1 - beta) * grads['dP']; "
            "P = P - learning_rate * v['dP']; build new dicts and return (parameters, v).",
    solution=_solutions.update_parameters_with_momentum)
def check_update_parameters_with_momentum():
    """``update_parameters_with_momentum(parameters, grads, v, beta, learning_rate) -> (parameters, v)``."""
    return [
        _momentum_case("first step (v = 0), [3, 2, 3], beta=0.9, learning_rate=0.01", [3, 2, 3], 1, 0.9, 0.01,
                       zero_v=True),
        _momentum_case("later step (v != 0), [3, 2, 3], beta=0.9, learning_rate=0.01", [3, 2, 3], 2, 0.9, 0.01),
        _momentum_case("the chapter's network [2, 5, 2, 1], beta=0.5, learning_rate=0.1", [2, 5, 2, 1], 3, 0.5, 0.1),
        _momentum_case("beta=0: plain gradient descent", [4, 3, 1], 4, 0.0, 0.05),
        _momentum_case("beta=0.99, one layer [3, 2]", [3, 2], 5, 0.99, 0.02),
    ]


# --- Exercise 5: initialize_adam ----------------------------------------------------------------------------

def _ref_init_adam(parameters):
    zeros = {"d" + k: np.zeros_like(v) for k, v in parameters.items()}
    return zeros, {k: a.copy() for k, a in zeros.items()}


def _pair(init):
    return lambda parameters: (init(parameters), init(parameters))


@chapter.exercise(
    "initialize_adam", _ref_init_adam, returns=("v", "s"),
    fresh=lambda rng: ("random layer sizes", (_params(_random_dims(rng), rng),), {}),
    concept="Adam keeps two moving averages per parameter: v of the gradients (as momentum does) and s of the "
            "squared gradients (as RMSprop does). Both are arrays of the parameter's shape, keyed like the "
            "gradients, and both start at zero.",
    mistakes=[(_pair(wrong), text) for wrong, text in _zeros_mistakes()],
    formula="v and s are two dicts; for l in range(1, L + 1): v['dW' + str(l)] = np.zeros_like(parameters['W' + "
            "str(l)]), v['db' + str(l)] = np.zeros_like(parameters['b' + str(l)]), and the same for s; return v, s.",
    solution=_solutions.initialize_adam)
def check_initialize_adam():
    """``initialize_adam(parameters) -> (v, s)``, both dicts of zeros keyed ``dW1, db1, ...``."""
    return [(name, (_params(dims, seed),), {}) for name, dims, seed in _ZEROS_CASES]


# --- Exercise 6: update_parameters_with_adam ------------------------------------------------------------------

_ADAM_DEFAULTS = {"learning_rate": 0.01, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}
_ADAM_USAGE = ("update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, "
               "beta2=0.999, epsilon=1e-8)")


def _ref_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
    if isinstance(t, bool) or not isinstance(t, (int, np.integer)) or t < 1:
        raise ValueError(f"t counts the Adam steps taken, from 1; got {t!r}")
    opt = optim.Adam(learning_rate=learning_rate, beta1=beta1, beta2=beta2, epsilon=epsilon)
    opt.state = {k: {"v": v["d" + k], "s": s["d" + k]} for k in parameters}
    opt.t = int(t) - 1  # step() counts this step
    new = opt.step(parameters, grads)
    return new, {"d" + k: opt.state[k]["v"] for k in parameters}, {"d" + k: opt.state[k]["s"] for k in parameters}


def _adam_mistake(correct=True, t_shift=0, power_of_complement=False, eps_inside=False, no_sqrt=False,
                  swap_v=False, swap_s=False, s_of_grad=False, store_corrected=False, beta1_for_s=False):
    def update(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
        new_p, new_v, new_s = {}, {}, {}
        b2 = beta1 if beta1_for_s else beta2
        tt = t + t_shift
        for name in parameters:
            key, g = "d" + name, grads["d" + name]
            vk = (1 - beta1) * v[key] + beta1 * g if swap_v else beta1 * v[key] + (1 - beta1) * g
            g2 = g if s_of_grad else g ** 2
            sk = (1 - b2) * s[key] + b2 * g2 if swap_s else b2 * s[key] + (1 - b2) * g2
            if not correct:
                v_hat, s_hat = vk, sk
            elif power_of_complement:
                v_hat, s_hat = vk / (1 - beta1) ** tt, sk / (1 - b2) ** tt
            else:
                v_hat, s_hat = vk / (1 - beta1 ** tt), sk / (1 - b2 ** tt)
            with np.errstate(all="ignore"):
                denom = s_hat + epsilon if no_sqrt else np.sqrt(s_hat + epsilon) if eps_inside \
                    else np.sqrt(s_hat) + epsilon
                new_p[name] = parameters[name] - learning_rate * v_hat / denom
            new_v[key], new_s[key] = (v_hat, s_hat) if store_corrected else (vk, sk)
        return new_p, new_v, new_s
    return update


def _adam_case(name, dims, seed, t, kwargs=None, zero=False, grad_scale=1.0):
    rng = _rng(seed)
    p = _params(dims, rng)
    if zero:
        v = {"d" + k: np.zeros_like(a) for k, a in p.items()}
        s = {k: a.copy() for k, a in v.items()}
    else:
        v, s = _moments(p, rng, scale=0.1 * grad_scale), _moments(p, rng, square=True, scale=0.3 * grad_scale)
    return name, (p, _grads(p, rng, grad_scale), v, s, t), dict(kwargs or {})


@chapter.exercise(
    "update_parameters_with_adam", _ref_adam, returns=("parameters", "v", "s"),
    before=check_signature(_ADAM_DEFAULTS, _ADAM_USAGE),
    fresh=lambda rng: _adam_case("random layer sizes, t=3", _random_dims(rng), int(rng.integers(10 ** 6)), 3),
    concept="Adam updates two moving averages, v of the gradients (weight beta1) and s of the squared gradients "
            "(weight beta2), and keeps them uncorrected; because both start at zero they are too small in the "
            "first steps, so the update uses bias-corrected copies, rescaled by an amount that depends on the "
            "average's beta and on the step number t (counted from 1), large at first and fading as t grows. The "
            "step follows the corrected v, scaled down by the square root of the corrected s (epsilon added after "
            "the root) and by the learning rate. Return new dicts for the parameters, v and s.",
    mistakes=[
        (_adam_mistake(correct=False), "apply the bias correction: v_corrected = v / (1 - beta1**t) and "
                                       "s_corrected = s / (1 - beta2**t), and step with the corrected values."),
        (_adam_mistake(t_shift=-1), "t counts the steps from 1, and the correction uses t itself: 1 - beta1**t "
                                    "(with t - 1, the first step divides by 1 - beta1**0 = 0)."),
        (_adam_mistake(t_shift=1), "the correction uses the t you are given: 1 - beta1**t, not t + 1."),
        (_adam_mistake(power_of_complement=True), "the correction divides by 1 - beta1**t (one minus beta to the "
                                                  "power t), not by (1 - beta1)**t."),
        (_adam_mistake(eps_inside=True), "epsilon goes after the square root: np.sqrt(s_corrected) + epsilon, not "
                                         "np.sqrt(s_corrected + epsilon)."),
        (_adam_mistake(no_sqrt=True), "divide by the square ROOT of the corrected s: np.sqrt(s_corrected) + epsilon."),
        (_adam_mistake(swap_v=True), "beta1 weighs the old average: v = beta1 * v + (1 - beta1) * dW (you swapped "
                                     "beta1 and 1 - beta1)."),
        (_adam_mistake(swap_s=True), "beta2 weighs the old average: s = beta2 * s + (1 - beta2) * dW**2 (you "
                                     "swapped beta2 and 1 - beta2)."),
        (_adam_mistake(s_of_grad=True), "s averages the SQUARED gradients: (1 - beta2) * np.square(dW)."),
        (_adam_mistake(beta1_for_s=True), "s uses beta2 (0.999), v uses beta1 (0.9)."),
        (_adam_mistake(store_corrected=True), "keep the uncorrected averages in v and s (the correction is only "
                                              "for this step's update); storing the corrected ones compounds it."),
    ],
    formula="for each parameter P with gradient dP: v['dP'] = beta1 * v['dP'] + (1 - beta1) * dP; "
            "s['dP'] = beta2 * s['dP'] + (1 - beta2) * dP**2; v_corrected = v['dP'] / (1 - beta1**t); "
            "s_corrected = s['dP'] / (1 - beta2**t); P = P - learning_rate * v_corrected / (np.sqrt(s_corrected) "
            "+ epsilon); return (parameters, v, s), new dicts.",
    solution=_solutions.update_parameters_with_adam)
def check_update_parameters_with_adam():
    """``update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999,
    epsilon=1e-8) -> (parameters, v, s)``."""
    return [
        _adam_case("first step (t=1, v = s = 0), [3, 2, 3]", [3, 2, 3], 1, 1, zero=True),
        _adam_case("second step (t=2), [3, 2, 3]", [3, 2, 3], 2, 2),
        _adam_case("t=10, the chapter's network [2, 5, 2, 1], learning_rate=0.0007", [2, 5, 2, 1], 3, 10,
                   {"learning_rate": 0.0007}),
        _adam_case("t=50, tiny gradients (epsilon matters)", [3, 4, 1], 4, 50, grad_scale=1e-5),
        _adam_case("t=4, epsilon=0.1 and beta1=0.8, beta2=0.99 by keyword", [2, 3, 1], 5, 4,
                   {"epsilon": 0.1, "beta1": 0.8, "beta2": 0.99}),
    ]


# --- Exercise 7: update_lr -----------------------------------------------------------------------------------

@chapter.exercise(
    "update_lr", optim.inverse_time_decay,
    fresh=lambda rng: ("random values", (float(rng.uniform(0.001, 0.5)), int(rng.integers(1, 500)),
                                         float(rng.uniform(0.1, 2.0))), {}),
    concept="the learning rate shrinks in inverse proportion to time: it equals learning_rate0 at epoch 0, and "
            "the larger decay_rate, the faster it falls; after a number of epochs equal to the inverse of "
            "decay_rate it has halved.",
    mistakes=[
        (lambda learning_rate0, epoch_num, decay_rate: learning_rate0 * decay_rate ** epoch_num,
         "this exercise is the inverse-time decay lr0 / (1 + decay_rate * epoch_num); lr0 * decay_rate**epoch_num "
         "is the exponential decay."),
        (lambda learning_rate0, epoch_num, decay_rate: learning_rate0 / (decay_rate * epoch_num),
         "the denominator is 1 + decay_rate * epoch_num (with the 1, epoch 0 keeps learning_rate0)."),
        (lambda learning_rate0, epoch_num, decay_rate: learning_rate0 / (1 + decay_rate) * epoch_num,
         "mind the parentheses: learning_rate0 / (1 + decay_rate * epoch_num)."),
        (lambda learning_rate0, epoch_num, decay_rate: learning_rate0 * (1 + decay_rate * epoch_num),
         "divide by 1 + decay_rate * epoch_num: the rate must shrink."),
        (lambda learning_rate0, epoch_num, decay_rate: learning_rate0 / (1 + decay_rate) ** epoch_num,
         "the epoch number multiplies decay_rate, it is not an exponent: learning_rate0 / (1 + decay_rate * "
         "epoch_num)."),
    ],
    formula="return learning_rate0 / (1 + decay_rate * epoch_num).",
    solution=_solutions.update_lr)
def check_update_lr():
    """``update_lr(learning_rate0, epoch_num, decay_rate) -> float``: lr0 / (1 + decay_rate * epoch_num)."""
    return [
        ("epoch 0 keeps learning_rate0", (0.5, 0, 1.0), {}),
        ("learning_rate0=0.5, epoch 2, decay_rate=1", (0.5, 2, 1.0), {}),
        ("learning_rate0=0.01, epoch 100, decay_rate=0.3", (0.01, 100, 0.3), {}),
        ("decay_rate=0.5, epoch 7", (0.1, 7, 0.5), {}),
        ("decay_rate=0: no decay", (0.2, 10, 0.0), {}),
    ]


# --- Exercise 8: schedule_lr_decay -----------------------------------------------------------------------

_SCHEDULE_USAGE = "schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval=1000)"


def _schedule_mistake(steps):
    def schedule(learning_rate0, epoch_num, decay_rate, time_interval=1000):
        return learning_rate0 / (1 + decay_rate * steps(epoch_num, time_interval))
    return schedule


@chapter.exercise(
    "schedule_lr_decay", optim.schedule_lr_decay,
    before=check_signature({"time_interval": 1000}, _SCHEDULE_USAGE),
    fresh=lambda rng: ("random values", (float(rng.uniform(0.001, 0.5)), int(rng.integers(0, 10 ** 4)),
                                         float(rng.uniform(0.1, 2.0))), {"time_interval": int(rng.integers(7, 900))}),
    concept="the rate stays constant for time_interval epochs, then drops, then stays constant again: a staircase. "
            "It is the one-over-time decay of update_lr applied to the number of COMPLETE intervals elapsed "
            "instead of to the epoch number.",
    mistakes=[
        (_schedule_mistake(lambda e, k: e),
         "decay once every time_interval epochs, not every epoch: use np.floor(epoch_num / time_interval)."),
        (_schedule_mistake(lambda e, k: e / k),
         "round the number of intervals down, np.floor(epoch_num / time_interval): the rate stays constant "
         "within an interval."),
        (_schedule_mistake(lambda e, k: round(e / k)),
         "round down with np.floor, not to the nearest integer: the rate drops only when an interval is complete."),
        (_schedule_mistake(lambda e, k: math.ceil(e / k)),
         "round down with np.floor, not up: the first interval (epochs 0 to time_interval - 1) keeps learning_rate0."),
        (_schedule_mistake(lambda e, k: e // 1000), "use the time_interval argument, not a fixed 1000."),
        (lambda learning_rate0, epoch_num, decay_rate, time_interval=1000:
         learning_rate0 * decay_rate ** (epoch_num // time_interval),
         "the staircase follows the inverse-time rule: learning_rate0 / (1 + decay_rate * np.floor(epoch_num / "
         "time_interval)), not a power of decay_rate."),
    ],
    formula="return learning_rate0 / (1 + decay_rate * np.floor(epoch_num / time_interval)).",
    solution=_solutions.schedule_lr_decay)
def check_schedule_lr_decay():
    """``schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval=1000) -> float``."""
    return [
        ("epoch 0", (0.5, 0, 1.0), {}),
        ("epoch 1000 (first drop)", (0.5, 1000, 1.0), {}),
        ("epoch 1300, decay_rate=0.3", (0.5, 1300, 0.3), {}),
        ("epoch 1700, decay_rate=0.3", (0.5, 1700, 0.3), {}),
        ("epoch 999 (still the first interval)", (0.5, 999, 1.0), {}),
        ("epoch 2500", (0.1, 2500, 1.0), {}),
        ("time_interval=10, epoch 25, decay_rate=0.5", (0.2, 25, 0.5), {"time_interval": 10}),
        ("time_interval=400, epoch 1999 (the chapter's schedule)", (0.1, 1999, 1.0), {"time_interval": 400}),
    ]
