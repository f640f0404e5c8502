"""Graders for Course 1, "Deep neural network application: image classification".

Both exercises are training loops. They are checked on small synthetic problems (a few
features, a few dozen examples, a few hundred iterations) against the reference
:func:`dlcourse.models.L_layer_model` with ``init="xavier", seed=seed``, so a check takes a
fraction of a second while still pinning down the initialisation, every update and the
cost-recording cadence.
"""
from __future__ import annotations

import contextlib
import inspect
import io
from typing import Callable

import numpy as np

from ..init import xavier
from ..models import L_layer_model
from ._core import GraderError, _copy, _describe, compare, passed

__all__ = ["check_two_layer_model", "check_L_layer_model"]

_RTOL, _ATOL = 1e-5, 1e-8
_DEFAULTS = {"learning_rate": 0.0075, "num_iterations": 3000, "print_cost": False, "seed": 1}

_HINT_INIT = ("the cost at iteration 0 only depends on the initial parameters. Initialise with "
              "dlcourse.init.xavier(layers_dims, seed=seed) -- W = standard_normal / sqrt(n_prev), b = 0 -- "
              "once, before the loop, passing the function's own seed argument.")
_HINT_CADENCE = ("record the cost when i % 100 == 0, i.e. at iterations 0, 100, 200, ...: "
                 "num_iterations = N gives ceil(N / 100) recorded costs. Record the cost of the forward pass "
                 "of iteration i, before that iteration's update.")
_HINT_UPDATE = ("each iteration must do forward -> cost -> backward -> update, and the update "
                "W := W - learning_rate * dW (same for b) must use the learning_rate argument and keep the new "
                "parameters for the next iteration.")


def _problem(seed: int, n_x: int, m: int):
    """A small, learnable binary problem: X (n_x, m) in [0, 1] like pixel values, Y (1, m)."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(0.0, 1.0, size=(n_x, m))
    w = rng.standard_normal((1, n_x))
    score = w @ (X - 0.5) + 0.3 * np.sin(3.0 * X[:1])
    Y = (score > np.median(score)).astype(int)
    return X, Y


def _reference(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False, seed=1):
    return L_layer_model(X, Y, list(layers_dims), learning_rate=learning_rate, num_iterations=num_iterations,
                         init="xavier", seed=seed)


def _as_cost_list(exercise, case, costs):
    if isinstance(costs, np.ndarray):
        costs = list(np.ravel(costs))
    if not isinstance(costs, (list, tuple)):
        raise GraderError(f"{exercise}, {case}: costs must be a list of numbers, got {_describe(costs)}.")
    return list(costs)


def _check_signature(exercise: str, fn: Callable) -> None:
    """The keyword arguments and their defaults are part of the contract."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):  # builtins, some C callables: nothing to inspect
        return
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return
    for name, default in _DEFAULTS.items():
        if name not in params:
            raise GraderError(f"{exercise}: the function has no argument {name!r}; the signature must be "
                              f"{exercise}(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, "
                              f"print_cost=False, seed=1).")
        got = params[name].default
        if got is inspect.Parameter.empty:
            raise GraderError(f"{exercise}: argument {name!r} needs the default value {default!r}.")
        if got is not default and got != default:
            raise GraderError(f"{exercise}: argument {name!r} should default to {default!r}, got {got!r}.")


def _check_training(exercise: str, fn: Callable, cases) -> None:
    if not callable(fn):
        raise GraderError(f"{exercise}: expected a function, got {_describe(fn)}")
    _check_signature(exercise, fn)
    for name, args, kwargs in cases:
        exp_params, exp_costs = _reference(*_copy(args), **_copy(kwargs))
        learner_args = _copy(args)
        try:
            with contextlib.redirect_stdout(io.StringIO()):  # print_cost output is not graded
                result = fn(*learner_args, **_copy(kwargs))
        except GraderError:
            raise
        except Exception as exc:
            raise GraderError(f"{exercise}, {name}: your function raised {type(exc).__name__}: {exc}\n"
                              f"Hint: build the loop from dlcourse.functional / dlcourse.models blocks and "
                              f"check the shapes you pass them.") from exc
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise GraderError(f"{exercise}, {name}: return (parameters, costs), got {_describe(result)}.")
        params, costs = result
        if not isinstance(params, dict):
            raise GraderError(f"{exercise}, {name}: parameters must be a dict "
                              f"{{'W1', 'b1', ...}}, got {_describe(params)}.")
        costs = _as_cost_list(exercise, name, costs)
        if len(costs) != len(exp_costs):
            n_it = kwargs.get("num_iterations", 3000)
            raise GraderError(
                f"{exercise}, {name}: num_iterations = {n_it} should record {len(exp_costs)} costs, "
                f"got {len(costs)}.\nHint: {_HINT_CADENCE}")
        compare(exercise, f"{name}, cost at iteration 0", costs[0], exp_costs[0], _RTOL, _ATOL, _HINT_INIT)
        dims = kwargs.get("layers_dims", args[2] if len(args) > 2 else None)
        init = xavier(list(dims), seed=kwargs.get("seed", 1))
        if set(params) == set(init) and all(
                np.shape(params[k]) == init[k].shape and np.allclose(params[k], init[k]) for k in init):
            raise GraderError(f"{exercise}, {name}: the returned parameters are the initial ones: they were "
                              f"never updated.\nHint: {_HINT_UPDATE}")
        compare(exercise, f"{name}, returned parameters", params, exp_params, _RTOL, _ATOL, _HINT_UPDATE)
        extra = sorted(set(params) - set(exp_params))
        if extra:
            raise GraderError(f"{exercise}, {name}: parameters should hold only "
                              f"{sorted(exp_params)}, got extra keys {extra}.")
        compare(exercise, f"{name}, recorded costs", costs, exp_costs, _RTOL, _ATOL,
                _HINT_CADENCE + " " + _HINT_UPDATE)
        if not (np.array_equal(learner_args[0], args[0]) and np.array_equal(learner_args[1], args[1])):
            raise GraderError(f"{exercise}, {name}: your function modified its input X or Y in place; "
                              f"the caller's data must stay untouched.")
    passed(exercise, len(cases))


def check_two_layer_model(two_layer_model: Callable) -> None:
    """Check ``two_layer_model(X, Y, layers_dims, learning_rate, num_iterations, print_cost, seed)``.

    LINEAR -> RELU -> LINEAR -> SIGMOID trained by batch gradient descent; returns
    ``(parameters, costs)`` with a cost every 100 iterations.
    """
    X, Y = _problem(0, 6, 24)
    X2, Y2 = _problem(1, 10, 40)
    cases = [
        ("one iteration, [6, 3, 1]", (X, Y, (6, 3, 1)), {"learning_rate": 0.05, "num_iterations": 1}),
        ("100 iterations, [6, 3, 1]", (X, Y, (6, 3, 1)), {"learning_rate": 0.1, "num_iterations": 100}),
        ("250 iterations, [10, 7, 1]", (X2, Y2, (10, 7, 1)), {"learning_rate": 0.0075, "num_iterations": 250}),
        ("301 iterations, learning_rate=0.3, [10, 4, 1]", (X2, Y2, (10, 4, 1)),
         {"learning_rate": 0.3, "num_iterations": 301}),
        ("seed=3, [10, 7, 1]", (X2, Y2, (10, 7, 1)), {"learning_rate": 0.1, "num_iterations": 150, "seed": 3}),
    ]
    _check_training("two_layer_model", two_layer_model, cases)


def check_L_layer_model(L_layer_model: Callable) -> None:
    """Check ``L_layer_model(X, Y, layers_dims, learning_rate, num_iterations, print_cost, seed)``.

    [LINEAR -> RELU] * (L-1) -> LINEAR -> SIGMOID for any ``len(layers_dims) - 1 = L``.
    """
    X, Y = _problem(2, 8, 30)
    X2, Y2 = _problem(3, 12, 40)
    cases = [
        ("one iteration, [8, 6, 4, 3, 1]", (X, Y, [8, 6, 4, 3, 1]), {"learning_rate": 0.05, "num_iterations": 1}),
        ("200 iterations, [8, 6, 4, 3, 1]", (X, Y, [8, 6, 4, 3, 1]),
         {"learning_rate": 0.1, "num_iterations": 200}),
        ("250 iterations, 2 layers [12, 5, 1]", (X2, Y2, [12, 5, 1]),
         {"learning_rate": 0.0075, "num_iterations": 250}),
        ("120 iterations, 1 layer [12, 1] (logistic regression)", (X2, Y2, [12, 1]),
         {"learning_rate": 0.5, "num_iterations": 120}),
        ("301 iterations, 5 layers [12, 10, 8, 6, 4, 1]", (X2, Y2, [12, 10, 8, 6, 4, 1]),
         {"learning_rate": 0.2, "num_iterations": 301}),
        ("seed=5, [8, 6, 4, 3, 1]", (X, Y, [8, 6, 4, 3, 1]),
         {"learning_rate": 0.1, "num_iterations": 150, "seed": 5}),
    ]
    _check_training("L_layer_model", L_layer_model, cases)
