"""Graders for Course 1, "Logistic regression as a neural network: a cat recognizer".

Each ``check_<exercise>(fn)`` runs the learner's function on a few deterministic inputs (the
course's small worked examples, random problems of several shapes, edge cases), compares the
result with the :mod:`dlcourse` reference -- :func:`dlcourse.functional.sigmoid` and
:func:`dlcourse.models.initialize_with_zeros`, :func:`~dlcourse.models.propagate`,
:func:`~dlcourse.models.optimize`, :func:`~dlcourse.models.predict_logistic`,
:func:`~dlcourse.models.logistic_regression_model` -- and prints ``[pass] ...`` or raises
:class:`GraderError` with a hint aimed at the most likely mistake.

Inputs are chosen so that a plain ``1 / (1 + np.exp(-z))`` and a plain ``np.log`` give the right
answer: the reference clips probabilities before taking logs, the checks never need it.
"""
from __future__ import annotations

import contextlib
import io
from typing import Callable

import numpy as np

from ..functional import sigmoid as _sigmoid
from ..models import initialize_with_zeros as _initialize_with_zeros
from ..models import logistic_regression_model as _model
from ..models import optimize as _optimize
from ..models import predict_logistic as _predict
from ..models import propagate as _propagate
from ._core import GraderError, _copy, _describe, compare, passed
from ._core import require_callable as _require_callable

__all__ = ["check_sigmoid", "check_initialize_with_zeros", "check_propagate", "check_optimize",
           "check_predict", "check_model"]

_SEED = 2024


# --- shared helpers ---------------------------------------------------------------------------------

def _call(exercise: str, case: str, fn: Callable, args, kwargs=None, hint: str = ""):
    """Call the learner's function on copies of the inputs; report exceptions as failed checks.

    Anything the function prints (``print_cost=True``) is swallowed: it is not graded.
    """
    args, kwargs = _copy(args), _copy(kwargs or {})
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            return fn(*args, **kwargs), args
    except GraderError:
        raise
    except Exception as exc:
        raise GraderError(f"{exercise}, {case}: your function raised {type(exc).__name__}: {exc}"
                          + (f"\nHint: {hint}" if hint else "")) from exc


def _check_untouched(exercise: str, case: str, before, after, names) -> None:
    for name, a, b in zip(names, before, after):
        if isinstance(a, np.ndarray) and not np.array_equal(a, b):
            raise GraderError(f"{exercise}, {case}: your function modified its input {name} in place; "
                              f"the caller's arrays must stay untouched (write w = w - ..., not w -= ...).")


def _check_scalar(exercise: str, case: str, name: str, value, hint: str) -> None:
    if isinstance(value, bool) or not (isinstance(value, (int, float, np.number))
                                       or (isinstance(value, np.ndarray) and value.ndim == 0)):
        raise GraderError(f"{exercise}, {case}: {name} should be a single number, got {_describe(value)}.\n"
                          f"Hint: {hint}")


def _ratio_hint(got, expected, m: int) -> str:
    """Recognise the two classic gradient bugs: a missing 1/m and a flipped sign."""
    got = np.asarray(got, dtype=float)
    expected = np.asarray(expected, dtype=float)
    if got.shape != expected.shape or not np.all(np.isfinite(got)):
        return ""
    if m > 1 and np.allclose(got, m * expected, rtol=1e-6, atol=1e-10):
        return f"your value is exactly m = {m} times too large: divide the sum over examples by m."
    if np.allclose(got, -expected, rtol=1e-6, atol=1e-10):
        return "your value has the wrong sign: dz = a - y (not y - a)."
    return ""


def _problem(seed: int, n_x: int, m: int, scale: float = 1.0):
    """A small random logistic-regression problem: w (n_x, 1), b, X (n_x, m), Y (1, m) of 0/1."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_x, m)) * scale
    w = rng.standard_normal((n_x, 1)) * 0.5
    b = float(rng.normal(0.0, 0.5))
    Y = (rng.random((1, m)) < 0.5).astype(int)
    return w, b, X, Y


def _separable(seed: int, n_x: int, m: int):
    """Features in [0, 1] (like scaled pixels) with labels from a hidden linear rule."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(0.0, 1.0, size=(n_x, m))
    v = rng.standard_normal((1, n_x))
    score = v @ (X - 0.5)
    Y = (score > np.median(score)).astype(int)
    return X, Y


# The course's worked example (values known from the original assignment).
_W0 = np.array([[1.0], [2.0]])
_B0 = 2.0
_X0 = np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]])
_Y0 = np.array([[1, 0, 1]])


# --- Exercise 1: sigmoid ----------------------------------------------------------------------------

_HINT_SIGMOID = "sigmoid(z) = 1 / (1 + np.exp(-z)), applied elementwise with numpy (not math.exp)."


def check_sigmoid(sigmoid: Callable) -> None:
    """Check ``sigmoid(z)`` on scalars and arrays of any shape, including saturated values."""
    ex = "sigmoid"
    _require_callable(ex, sigmoid)
    rng = np.random.default_rng(_SEED)
    cases = [
        ("z = 0 (a Python number)", 0, True),
        ("z = 2.5", 2.5, True),
        ("z = [-1, 0, 1, 2] (1-D array)", np.array([-1.0, 0.0, 1.0, 2.0]), False),
        ("z = [0, 2] (integer array)", np.array([0, 2]), False),
        ("z of shape (3, 4)", rng.standard_normal((3, 4)) * 3.0, False),
        ("z of shape (1, 5)", rng.standard_normal((1, 5)), False),
        ("saturated z = [-700, -40, 40, 700]", np.array([-700.0, -40.0, 40.0, 700.0]), False),
    ]
    for name, z, scalar in cases:
        expected = _sigmoid(z)
        got, args = _call(ex, name, sigmoid, (z,), hint=_HINT_SIGMOID)
        if np.shape(got) == expected.shape and isinstance(got, (np.ndarray, float, np.floating)) \
                and not np.allclose(got, expected) and np.allclose(got, 1.0 - expected):
            raise GraderError(f"{ex}, {name}: you computed sigmoid(-z) = 1 / (1 + exp(z)).\n"
                              f"Hint: {_HINT_SIGMOID}")
        if scalar:
            compare(ex, name, got, float(expected), hint=_HINT_SIGMOID)
        else:
            compare(ex, name, got, expected, rtol=1e-6, atol=1e-12, hint=_HINT_SIGMOID)
        _check_untouched(ex, name, (z,), args, ("z",))
    passed(ex, len(cases))


# --- Exercise 2: initialize_with_zeros --------------------------------------------------------------

def check_initialize_with_zeros(initialize_with_zeros: Callable) -> None:
    """Check ``initialize_with_zeros(dim) -> (w, b)``: w zeros of shape (dim, 1), b the number 0."""
    ex = "initialize_with_zeros"
    _require_callable(ex, initialize_with_zeros)
    dims = [1, 2, 7, 12288]
    for dim in dims:
        case = f"dim = {dim}"
        w_exp, b_exp = _initialize_with_zeros(dim)
        got, _ = _call(ex, case, initialize_with_zeros, (dim,))
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            raise GraderError(f"{ex}, {case}: return the pair (w, b), got {_describe(got)}.")
        w, b = got
        compare(ex, f"{case}, w", w, w_exp,
                hint="w is a column vector: np.zeros((dim, 1)), not np.zeros(dim) or np.zeros((1, dim)).")
        if not np.issubdtype(w.dtype, np.floating):
            raise GraderError(f"{ex}, {case}: w has dtype {w.dtype}; it must hold floats (np.zeros gives "
                              f"float64 by default), or gradient steps could be truncated to integers.")
        _check_scalar(ex, case, "b", b, "b is the single number 0.0, not an array.")
        compare(ex, f"{case}, b", b, b_exp, hint="b starts at 0.0.")
    passed(ex, len(dims))


# --- Exercise 3: propagate --------------------------------------------------------------------------

_HINT_PROPAGATE = ("A = sigmoid(w.T @ X + b); cost = -(1/m) * sum(Y*log(A) + (1-Y)*log(1-A)); "
                   "dw = (1/m) * X @ (A - Y).T; db = (1/m) * sum(A - Y).")


def _propagate_cases():
    rng_cases = [
        ("random problem, n_x = 5, m = 7", _problem(_SEED, 5, 7)),
        ("one feature and one example (n_x = 1, m = 1)", _problem(_SEED + 1, 1, 1)),
        ("n_x = 20, m = 50", _problem(_SEED + 2, 20, 50, scale=0.5)),
        ("more features than examples (n_x = 30, m = 4)", _problem(_SEED + 3, 30, 4, scale=0.3)),
    ]
    w, b, X, _ = _problem(_SEED + 4, 3, 6)
    return [
        ("the course's example (w = [[1], [2]], b = 2)", (_W0, _B0, _X0, _Y0)),
        *[(name, p) for name, p in rng_cases],
        ("every label 1", (w, b, X, np.ones((1, 6), dtype=int))),
        ("every label 0, b = -1.5", (w, -1.5, X, np.zeros((1, 6), dtype=int))),
        ("large scores (|z| up to about 12)", _problem(_SEED + 5, 4, 8, scale=4.0)),
    ]


def check_propagate(propagate: Callable) -> None:
    """Check ``propagate(w, b, X, Y) -> (grads, cost)`` with ``grads = {"dw": (n_x, 1), "db": number}``."""
    ex = "propagate"
    _require_callable(ex, propagate)
    cases = _propagate_cases()
    for name, args in cases:
        exp_grads, exp_cost = _propagate(*_copy(args))
        got, after = _call(ex, name, propagate, args, hint=_HINT_PROPAGATE)
        m = args[2].shape[1]
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            raise GraderError(f"{ex}, {name}: return the pair (grads, cost), got {_describe(got)}.")
        grads, cost = got
        if not isinstance(grads, dict):
            if isinstance(cost, dict):
                raise GraderError(f"{ex}, {name}: return (grads, cost) in this order, not (cost, grads).")
            raise GraderError(f"{ex}, {name}: grads must be a dict {{'dw': ..., 'db': ...}}, got {_describe(grads)}.")
        missing = {"dw", "db"} - set(grads)
        if missing:
            raise GraderError(f"{ex}, {name}: grads is missing the keys {sorted(missing)}.")
        _check_scalar(ex, name, "cost", cost, "the cost is one number: sum the losses over the m examples "
                      "and divide by m (np.sum gives a number; squeeze a (1, 1) result).")
        if np.isfinite(float(np.asarray(cost))) and np.isclose(float(np.asarray(cost)), -exp_cost, rtol=1e-6):
            raise GraderError(f"{ex}, {name}: your cost has the wrong sign; the cross-entropy is "
                              f"J = -(1/m) sum(y log a + (1 - y) log(1 - a)) >= 0.")
        compare(ex, f"{name}, cost", cost, exp_cost,
                hint=_ratio_hint(cost, exp_cost, m) or _HINT_PROPAGATE)
        dw = grads["dw"]
        if isinstance(dw, np.ndarray) and dw.shape != exp_grads["dw"].shape:
            raise GraderError(f"{ex}, {name}: dw has shape {dw.shape}, expected {exp_grads['dw'].shape} "
                              f"(the shape of w).\nHint: dw = (1/m) * X @ (A - Y).T is (n_x, m) @ (m, 1).")
        compare(ex, f"{name}, dw", dw, exp_grads["dw"],
                hint=_ratio_hint(dw, exp_grads["dw"], m) or _HINT_PROPAGATE)
        _check_scalar(ex, name, "db", grads["db"],
                      "db = np.sum(A - Y) / m is a single number; do not keep a (1, 1) array.")
        compare(ex, f"{name}, db", grads["db"], exp_grads["db"],
                hint=_ratio_hint(grads["db"], exp_grads["db"], m) or _HINT_PROPAGATE)
        _check_untouched(ex, name, args, after, ("w", "b", "X", "Y"))
    passed(ex, len(cases))


# --- Exercise 4: optimize ---------------------------------------------------------------------------

_HINT_UPDATE = ("each iteration calls propagate, then updates w = w - learning_rate * dw and "
                "b = b - learning_rate * db, using the learning_rate argument.")
_HINT_RECORD = ("append the cost when i % 100 == 0, i.e. at iterations 0, 100, 200, ... (the cost that "
                "propagate returned in iteration i, before that iteration's update): N iterations record "
                "ceil(N / 100) costs.")


def _as_cost_list(exercise: str, case: str, costs) -> list:
    if isinstance(costs, np.ndarray):
        costs = list(np.ravel(costs))
    if not isinstance(costs, (list, tuple)):
        raise GraderError(f"{exercise}, {case}: costs must be a list of numbers, got {_describe(costs)}.")
    return list(costs)


def _compare_costs(exercise: str, case: str, costs, expected, num_iterations: int) -> None:
    costs = _as_cost_list(exercise, case, costs)
    if len(costs) != len(expected):
        raise GraderError(f"{exercise}, {case}: num_iterations = {num_iterations} should record "
                          f"{len(expected)} costs, got {len(costs)}.\nHint: {_HINT_RECORD}")
    compare(exercise, f"{case}, recorded costs", costs, list(expected), hint=_HINT_RECORD)


def _optimize_cases():
    w, b, X, Y = _problem(_SEED + 10, 4, 12)
    X2, Y2 = _separable(_SEED + 11, 8, 30)
    w2, b2 = np.zeros((8, 1)), 0.0
    return [
        ("the course's example, 100 iterations, learning_rate = 0.009",
         (_W0, _B0, _X0, _Y0), {"num_iterations": 100, "learning_rate": 0.009}),
        ("one iteration", (w, b, X, Y), {"num_iterations": 1, "learning_rate": 0.1}),
        ("101 iterations (two recorded costs)", (w, b, X, Y), {"num_iterations": 101, "learning_rate": 0.05}),
        ("350 iterations from zeros, learning_rate = 0.5", (w2, b2, X2, Y2),
         {"num_iterations": 350, "learning_rate": 0.5}),
        ("250 iterations, learning_rate = 0.002", (w, b, X, Y), {"num_iterations": 250, "learning_rate": 0.002}),
    ]


def check_optimize(optimize: Callable) -> None:
    """Check ``optimize(w, b, X, Y, num_iterations, learning_rate, print_cost) -> (params, grads, costs)``.

    ``params = {"w", "b"}`` after the last update, ``grads = {"dw", "db"}`` of the last iteration
    (computed before its update) and ``costs`` the cost every 100 iterations.
    """
    ex = "optimize"
    _require_callable(ex, optimize)
    cases = _optimize_cases()
    for name, args, kwargs in cases:
        exp_params, exp_grads, exp_costs = _optimize(*_copy(args), **kwargs)
        got, after = _call(ex, name, optimize, args, {**kwargs, "print_cost": False}, hint=_HINT_UPDATE)
        if not isinstance(got, (tuple, list)) or len(got) != 3:
            raise GraderError(f"{ex}, {name}: return (params, grads, costs), got {_describe(got)}.")
        params, grads, costs = got
        for label, value, keys in (("params", params, "{'w': w, 'b': b}"), ("grads", grads, "{'dw': dw, 'db': db}")):
            if not isinstance(value, dict):
                raise GraderError(f"{ex}, {name}: {label} must be a dict {keys}, got {_describe(value)}.")
        w0 = args[0]
        if isinstance(params.get("w"), np.ndarray) and params["w"].shape == w0.shape \
                and np.array_equal(params["w"], w0):
            raise GraderError(f"{ex}, {name}: the returned w is the initial one: it was never updated.\n"
                              f"Hint: {_HINT_UPDATE}")
        _compare_costs(ex, name, costs, exp_costs, kwargs["num_iterations"])
        compare(ex, f"{name}, params", params, exp_params, rtol=1e-6, atol=1e-9, hint=_HINT_UPDATE)
        compare(ex, f"{name}, grads", grads, exp_grads, rtol=1e-6, atol=1e-9,
                hint="return the grads of the last iteration, the ones used for the final update.")
        _check_untouched(ex, name, args, after, ("w", "b", "X", "Y"))
    passed(ex, len(cases))


# --- Exercise 5: predict ----------------------------------------------------------------------------

_HINT_PREDICT = ("A = sigmoid(w.T @ X + b) has shape (1, m); predict 1 where A > 0.5 and 0 elsewhere, "
                 "e.g. (A > 0.5).astype(int).")


def check_predict(predict: Callable) -> None:
    """Check ``predict(w, b, X) -> Y_prediction`` of shape (1, m) holding 0/1."""
    ex = "predict"
    _require_callable(ex, predict)
    w, b, X, _ = _problem(_SEED + 20, 4, 10)
    w1, b1, X1, _ = _problem(_SEED + 21, 6, 1)
    cases = [
        ("the course's example", (np.array([[0.1124579], [0.23106775]]), -0.3,
                                  np.array([[1.0, -1.1, -3.2], [1.2, 2.0, 0.1]]))),
        ("random problem, n_x = 4, m = 10", (w, b, X)),
        ("a single example (m = 1)", (w1, b1, X1)),
        ("large scores", (w * 20.0, b, X)),
        ("w = 0, b = 0: every probability is exactly 0.5, which predicts 0", (np.zeros((4, 1)), 0.0, X)),
        ("all positive", (np.zeros((4, 1)), 3.0, X)),
    ]
    for name, args in cases:
        expected = _predict(*_copy(args))
        got, after = _call(ex, name, predict, args, hint=_HINT_PREDICT)
        if isinstance(got, np.ndarray) and got.shape == expected.shape and got.size \
                and not np.all((got == 0) | (got == 1)):
            raise GraderError(f"{ex}, {name}: predictions must be 0 or 1, got values like {np.ravel(got)[:4]}.\n"
                              f"Hint: {_HINT_PREDICT}")
        hint = _HINT_PREDICT
        if "0.5" in name:
            hint = "a probability of exactly 0.5 is not above the threshold: use A > 0.5, not A >= 0.5."
        compare(ex, name, got, expected, hint=hint)
        _check_untouched(ex, name, args, after, ("w", "b", "X"))
    passed(ex, len(cases))


# --- Exercise 6: model ------------------------------------------------------------------------------

_MODEL_KEYS = ("costs", "w", "b", "Y_prediction_train", "Y_prediction_test", "train_accuracy", "test_accuracy",
               "learning_rate", "num_iterations")


def check_model(model: Callable) -> None:
    """Check ``model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False)``.

    Returns a dict with the keys of :func:`dlcourse.models.logistic_regression_model`: ``costs``, ``w``, ``b``,
    ``Y_prediction_train``, ``Y_prediction_test``, ``train_accuracy`` and ``test_accuracy`` (fractions in
    [0, 1]), ``learning_rate`` and ``num_iterations``.
    """
    ex = "model"
    _require_callable(ex, model)
    X, Y = _separable(_SEED + 30, 6, 40)
    X_tr, Y_tr, X_te, Y_te = X[:, :30], Y[:, :30], X[:, 30:], Y[:, 30:]
    X2, Y2 = _separable(_SEED + 31, 15, 36)
    cases = [
        ("6 features, 30 training and 10 test examples, 200 iterations",
         (X_tr, Y_tr, X_te, Y_te), {"num_iterations": 200, "learning_rate": 0.5}),
        ("learning_rate = 0.05, 301 iterations", (X_tr, Y_tr, X_te, Y_te),
         {"num_iterations": 301, "learning_rate": 0.05}),
        ("15 features, 24 training and 12 test examples, 150 iterations",
         (X2[:, :24], Y2[:, :24], X2[:, 24:], Y2[:, 24:]), {"num_iterations": 150, "learning_rate": 1.0}),
    ]
    for name, args, kwargs in cases:
        exp = _model(*_copy(args), **kwargs)
        got, after = _call(ex, name, model, args, {**kwargs, "print_cost": False},
                           hint="initialise with initialize_with_zeros, train with optimize, predict with predict.")
        if not isinstance(got, dict):
            raise GraderError(f"{ex}, {name}: return a dict with keys {list(_MODEL_KEYS)}, got {_describe(got)}.")
        missing = [k for k in _MODEL_KEYS if k not in got]
        if missing:
            raise GraderError(f"{ex}, {name}: the returned dict is missing the keys {missing}.")
        for key in ("learning_rate", "num_iterations"):
            compare(ex, f"{name} [{key!r}]", got[key], exp[key], hint=f"store the {key} argument you trained with.")
        _compare_costs(ex, name, got["costs"], exp["costs"], kwargs["num_iterations"])
        hint_train = ("start from w, b = initialize_with_zeros(X_train.shape[0]) and pass num_iterations and "
                      "learning_rate on to optimize.")
        compare(ex, f"{name} ['w']", got["w"], exp["w"], rtol=1e-6, atol=1e-9, hint=hint_train)
        compare(ex, f"{name} ['b']", got["b"], exp["b"], rtol=1e-6, atol=1e-9, hint=hint_train)
        for split in ("train", "test"):
            compare(ex, f"{name} ['Y_prediction_{split}']", got[f"Y_prediction_{split}"],
                    exp[f"Y_prediction_{split}"],
                    hint=f"predict on X_{split} with the trained w and b.")
        for split in ("train", "test"):
            acc, exp_acc = got[f"{split}_accuracy"], exp[f"{split}_accuracy"]
            if isinstance(acc, (int, float, np.number)) and not isinstance(acc, bool) and exp_acc > 0 \
                    and np.isclose(acc, 100 * exp_acc):
                raise GraderError(f"{ex}, {name}: {split}_accuracy = {acc!r} looks like a percentage; return "
                                  f"the fraction of correct predictions, a number in [0, 1].")
            compare(ex, f"{name} ['{split}_accuracy']", acc, exp_acc,
                    hint=f"{split}_accuracy = np.mean(Y_prediction_{split} == Y_{split}), a fraction in [0, 1].")
        _check_untouched(ex, name, args, after, ("X_train", "Y_train", "X_test", "Y_test"))
    passed(ex, len(cases))
