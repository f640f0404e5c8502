"""Graders for Course 1, "Logistic regression as a neural network: a cat recognizer".

Each ``check_<exercise>(fn)`` runs the learner's function on fixed inputs (the course's small
worked examples, random problems of several shapes, edge cases) and one input drawn fresh on
every call, compares the result with the :mod:`dlcourse` reference --
:func:`dlcourse.functional.sigmoid`, :func:`dlcourse.models.initialize_with_zeros`,
:func:`~dlcourse.models.propagate`, :func:`~dlcourse.models.optimize`,
:func:`~dlcourse.models.predict_logistic`, :func:`~dlcourse.models.logistic_regression_model` --
and prints ``[pass] ...`` or raises :class:`~dlcourse.graders.GraderError` naming the likely
mistake (see :mod:`dlcourse.graders._core` for the shared machinery and the hint levels).

Inputs are chosen so that a plain ``1 / (1 + np.exp(-z))`` and a plain ``np.log`` give the right
answer: the reference clips probabilities before taking logs, the checks never need it.
"""
from __future__ import annotations

import numpy as np

from ..functional import sigmoid as _sigmoid
from ..models import initialize_with_zeros as _initialize_with_zeros
from ..models import logistic_regression_model as _model
from ..models import optimize as _optimize
from ..models import predict_logistic as _predict
from ..models import propagate as _propagate
from .solutions import c1_logistic_regression as _solutions
from ._core import Chapter, _describe, cost_list

__all__ = ["check_sigmoid", "check_initialize_with_zeros", "check_propagate", "check_optimize",
           "check_predict", "check_model", "hint", "show_solution"]

chapter = Chapter(__name__)
hint, show_solution = chapter.hint, chapter.show_solution
_SEED = 2024


def _problem(rng, n_x: int, m: int, scale: float = 1.0):
    """A small random logistic-regression problem: w (n_x, 1), b, X (n_x, m), Y (1, m) of 0/1."""
    rng = np.random.default_rng(rng) if isinstance(rng, int) else rng
    X = rng.standard_normal((n_x, m)) * scale
    w = rng.standard_normal((n_x, 1)) * 0.5
    b = float(rng.normal(0.0, 0.5))
    return w, b, X, (rng.random((1, m)) < 0.5).astype(int)


def _separable(rng, n_x: int, m: int):
    """Features in [0, 1] (like scaled pixels) with labels from a hidden linear rule."""
    rng = np.random.default_rng(rng) if isinstance(rng, int) else rng
    X = rng.uniform(0.0, 1.0, size=(n_x, m))
    score = rng.standard_normal((1, n_x)) @ (X - 0.5)
    return X, (score > np.median(score)).astype(int)


def _single_number(name: str, value, why: str) -> str | None:
    if isinstance(value, np.ndarray) and value.ndim > 0:
        return f"{name} should be a single number, got {_describe(value)}. {why}"
    return None


# The course's worked example (values known from the original assignment).
_W0, _B0 = np.array([[1.0], [2.0]]), 2.0
_X0, _Y0 = np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]]), np.array([[1, 0, 1]])


# --- Exercise 1: sigmoid ----------------------------------------------------------------------------

def _ref_sigmoid(z):
    s = _sigmoid(z)
    return float(s) if np.ndim(z) == 0 else s


@chapter.exercise(
    "sigmoid", _ref_sigmoid, atol=1e-12,
    fresh=lambda rng: ("z of shape (3, 4)", (rng.standard_normal((3, 4)) * 3.0,), {}),
    concept="the sigmoid maps any real number into (0, 1), 1/2 at z = 0, and must work elementwise on numbers "
            "and on numpy arrays of any shape alike (numpy functions do, math.exp does not).",
    mistakes=[(lambda z: 1 / (1 + np.exp(z)), "you computed sigmoid(-z) = 1 / (1 + exp(z)): mind the sign.")],
    formula="sigmoid(z) = 1 / (1 + np.exp(-z)).",
    solution=_solutions.sigmoid)
def check_sigmoid():
    """Check ``sigmoid(z)`` on scalars and arrays of any shape, including saturated values."""
    return [
        ("z = 0 (a Python number)", (0,), {}),
        ("z = 2.5", (2.5,), {}),
        ("z = [-1, 0, 1, 2] (1-D array)", (np.array([-1.0, 0.0, 1.0, 2.0]),), {}),
        ("z = [0, 2] (integer array)", (np.array([0, 2]),), {}),
        ("z of shape (1, 5)", (np.random.default_rng(_SEED).standard_normal((1, 5)),), {}),
        ("saturated z = [-700, -40, 40, 700]", (np.array([-700.0, -40.0, 40.0, 700.0]),), {}),
    ]


# --- Exercise 2: initialize_with_zeros --------------------------------------------------------------

def _float_w(got, expected, args, kwargs):
    w = got[0]
    if isinstance(w, np.ndarray) and w.shape == expected[0].shape and not np.issubdtype(w.dtype, np.floating):
        return (f"w has dtype {w.dtype}; it must hold floats (np.zeros gives float64 by default), or gradient "
                f"steps could be truncated to integers.")
    return None


@chapter.exercise(
    "initialize_with_zeros", lambda dim: _initialize_with_zeros(dim), returns=("w", "b"),
    fresh=lambda rng: ("a random dim", (int(rng.integers(3, 50_000)),), {}),
    rules=[_float_w, lambda got, *_: _single_number("b", got[1], "b is the number 0.0, not an array.")],
    concept="logistic regression can start from all-zero parameters (one weight per feature, in a column "
            "vector like the features of one example, and one bias number).",
    mistakes=[(lambda dim: (np.zeros(dim), 0.0), "w is a column vector: np.zeros((dim, 1)), not np.zeros(dim)."),
              (lambda dim: (np.zeros((1, dim)), 0.0), "w is a column vector: np.zeros((dim, 1)), not a row (1, dim).")],
    formula="w = np.zeros((dim, 1)); b = 0.0.",
    solution=_solutions.initialize_with_zeros)
def check_initialize_with_zeros():
    """Check ``initialize_with_zeros(dim) -> (w, b)``: w zeros of shape (dim, 1), b the number 0."""
    return [(f"dim = {dim}", (dim,), {}) for dim in (1, 2, 12288)]


# --- Exercise 3: propagate --------------------------------------------------------------------------

def _grads_shape(got, expected, args, kwargs):
    grads, cost = got
    if not isinstance(grads, dict):
        if isinstance(cost, dict):
            return "return (grads, cost) in this order, not (cost, grads)."
        return f"grads must be a dict {{'dw': ..., 'db': ...}}, got {_describe(grads)}."
    missing = sorted({"dw", "db"} - set(grads))
    if missing:
        return f"grads is missing the keys {missing}."
    dw, w = grads["dw"], args[0]
    if isinstance(dw, np.ndarray) and dw.shape != w.shape:
        return f"dw has shape {dw.shape}, expected {w.shape} (the shape of w): dw = (1/m) X (A - Y)^T is (n_x, m) @ (m, 1)."
    return (_single_number("cost", cost, "Sum the losses over the m examples and divide by m (np.sum gives a "
                                         "number; squeeze a (1, 1) result).")
            or _single_number("db", grads["db"], "db = np.sum(A - Y) / m; do not keep a (1, 1) array."))


def _propagate_mistake(grad_scale=lambda m: 1.0, cost_sign=1.0):
    def propagate(w, b, X, Y):
        grads, cost = _propagate(w, b, X, Y)
        k = grad_scale(X.shape[1])
        return {"dw": k * grads["dw"], "db": k * grads["db"]}, cost_sign * cost
    return propagate


@chapter.exercise(
    "propagate", _propagate, returns=("grads", "cost"), rules=[_grads_shape],
    fresh=lambda rng: ("random problem, n_x = 5, m = 7", _problem(rng, 5, 7), {}),
    concept="one forward pass computes the probabilities A for all m examples at once and the cost, their mean "
            "cross-entropy (a positive number); the backward pass gives the gradient of that mean with respect "
            "to w (same shape as w) and b (one number), starting from dZ = A - Y.",
    mistakes=[
        (_propagate_mistake(grad_scale=lambda m: float(m)),
         lambda w, b, X, Y: f"your gradients are exactly m = {X.shape[1]} times too large: divide the sums over "
                            f"examples by m."),
        (_propagate_mistake(grad_scale=lambda m: -1.0), "your gradients have the wrong sign: dz = a - y (not y - a)."),
        (_propagate_mistake(cost_sign=-1.0), "your cost has the wrong sign; the cross-entropy is "
                                             "J = -(1/m) sum(y log a + (1 - y) log(1 - a)) >= 0."),
        (lambda w, b, X, Y: _propagate(w, 0.0, X, Y), "add the bias: A = sigmoid(w.T @ X + b)."),
    ],
    formula="A = sigmoid(w.T @ X + b); cost = -(1/m) * np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)); "
            "dw = (1/m) * X @ (A - Y).T; db = (1/m) * np.sum(A - Y).",
    solution=_solutions.propagate)
def check_propagate():
    """Check ``propagate(w, b, X, Y) -> (grads, cost)`` with ``grads = {"dw": (n_x, 1), "db": number}``."""
    w, b, X, _ = _problem(_SEED + 4, 3, 6)
    return [
        ("the course's example (w = [[1], [2]], b = 2)", (_W0, _B0, _X0, _Y0), {}),
        ("one feature and one example (n_x = 1, m = 1)", _problem(_SEED + 1, 1, 1), {}),
        ("n_x = 20, m = 50", _problem(_SEED + 2, 20, 50, scale=0.5), {}),
        ("more features than examples (n_x = 30, m = 4)", _problem(_SEED + 3, 30, 4, scale=0.3), {}),
        ("every label 1", (w, b, X, np.ones((1, 6), dtype=int)), {}),
        ("every label 0, b = -1.5", (w, -1.5, X, np.zeros((1, 6), dtype=int)), {}),
        ("large scores (|z| up to about 12)", _problem(_SEED + 5, 4, 8, scale=4.0), {}),
    ]


# --- Exercise 4: optimize ---------------------------------------------------------------------------

_RECORD = ("append the cost when i % 100 == 0, i.e. at iterations 0, 100, 200, ... (the cost that propagate "
           "returned in iteration i, before that iteration's update): N iterations record ceil(N / 100) costs.")


def _n_costs(got_costs, expected_costs, n_iter, advice: bool = True) -> str | None:
    got_costs = cost_list(got_costs)
    if not isinstance(got_costs, list):
        return f"costs must be a list of numbers, got {_describe(got_costs)}."
    if len(got_costs) != len(expected_costs):
        return (f"num_iterations = {n_iter} should record {len(expected_costs)} costs, got {len(got_costs)}."
                + (" Record the cost when i % 100 == 0: ceil(N / 100) costs for N iterations." if advice else ""))
    return None


def _optimize_rules(got, expected, args, kwargs):
    params, grads, costs = got
    for label, value, keys in (("params", params, "{'w': w, 'b': b}"), ("grads", grads, "{'dw': dw, 'db': db}")):
        if not isinstance(value, dict):
            return f"{label} must be a dict {keys}, got {_describe(value)}."
    w0 = args[0]
    if isinstance(params.get("w"), np.ndarray) and params["w"].shape == w0.shape and np.array_equal(params["w"], w0):
        return "the returned w is the initial one: it was never updated."
    return _n_costs(costs, expected[2], kwargs["num_iterations"])


def _with_costs_list(got, index):
    if isinstance(got, (tuple, list)) and len(got) > index:
        got = list(got)
        got[index] = cost_list(got[index])
        return tuple(got)
    return got


def _optimize_mistake(fixed_lr=None, update_b=True, sign=1.0, cost_after_update=False):
    def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
        lr = sign * (learning_rate if fixed_lr is None else fixed_lr)
        costs, w = [], np.array(w, dtype=float)
        for i in range(num_iterations):
            grads, cost = _propagate(w, b, X, Y)
            w = w - lr * grads["dw"]
            b = b - lr * grads["db"] if update_b else b
            if i % 100 == 0:
                costs.append(_propagate(w, b, X, Y)[1] if cost_after_update else cost)
        return {"w": w, "b": b}, grads, costs
    return optimize


@chapter.exercise(
    "optimize", lambda w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False:
        _optimize(w, b, X, Y, num_iterations, learning_rate),
    returns=("params", "grads", "recorded costs"), rules=[_optimize_rules], time_limit=60.0, atol=1e-9,
    prepare=lambda got: _with_costs_list(got, 2),
    fresh=lambda rng: ("250 iterations, learning_rate = 0.002", _problem(rng, 4, 12),
                       {"num_iterations": 250, "learning_rate": 0.002}),
    concept="gradient descent repeats: compute the gradients at the current parameters (propagate), step both w "
            "and b against them scaled by the learning_rate argument, and keep the new values for the next "
            "iteration; every 100 iterations, record the cost. Return the last parameters, the last gradients "
            "and the recorded costs.",
    mistakes=[
        (_optimize_mistake(cost_after_update=True),
         "record the cost that propagate returned in iteration i, computed before that iteration's update."),
        (_optimize_mistake(fixed_lr=0.009), "use the learning_rate argument, not a fixed 0.009."),
        (_optimize_mistake(update_b=False), "update b too: b = b - learning_rate * db."),
        (_optimize_mistake(sign=-1.0), "gradient *descent* subtracts: w = w - learning_rate * dw (you added)."),
    ],
    formula="for i in range(num_iterations): grads, cost = propagate(w, b, X, Y); w = w - learning_rate * "
            "grads['dw']; b = b - learning_rate * grads['db']; if i % 100 == 0: costs.append(cost). "
            "Return {'w': w, 'b': b}, {'dw': dw, 'db': db}, costs.",
    solution=_solutions.optimize)
def check_optimize():
    """``optimize(w, b, X, Y, num_iterations, learning_rate, print_cost) -> (params, grads, costs)``.

    ``params = {"w", "b"}`` after the last update, ``grads = {"dw", "db"}`` of the last iteration
    (computed before its update) and ``costs`` the cost every 100 iterations.
    """
    w, b, X, Y = _problem(_SEED + 10, 4, 12)
    X2, Y2 = _separable(_SEED + 11, 8, 30)
    return [
        ("the course's example, 100 iterations, learning_rate = 0.009",
         (_W0, _B0, _X0, _Y0), {"num_iterations": 100, "learning_rate": 0.009}),
        ("one iteration", (w, b, X, Y), {"num_iterations": 1, "learning_rate": 0.1}),
        ("101 iterations (two recorded costs)", (w, b, X, Y), {"num_iterations": 101, "learning_rate": 0.05}),
        ("350 iterations from zeros, learning_rate = 0.5", (np.zeros((8, 1)), 0.0, X2, Y2),
         {"num_iterations": 350, "learning_rate": 0.5}),
    ]


# --- Exercise 5: predict ----------------------------------------------------------------------------

def _zero_one(got, expected, args, kwargs):
    if isinstance(got, np.ndarray) and got.shape == expected.shape and got.size and got.dtype.kind in "biuf" \
            and not np.all((got == 0) | (got == 1)):
        return f"predictions must be 0 or 1, got values like {np.ravel(got)[:4]}."
    return None


@chapter.exercise(
    "predict", lambda w, b, X: _predict(w, b, X), rules=[_zero_one],
    fresh=lambda rng: ("random problem, n_x = 4, m = 10", _problem(rng, 4, 10)[:3], {}),
    concept="the model's output A = sigmoid(w^T X + b) is the probability of class 1 for each example; the "
            "prediction is 1 where it is strictly above one half, 0 elsewhere, with shape (1, m).",
    mistakes=[(lambda w, b, X: (_sigmoid(w.T @ X + b) >= 0.5).astype(int),
               "a probability of exactly 0.5 is not above the threshold: use A > 0.5, not A >= 0.5."),
              (lambda w, b, X: (w.T @ X + b > 0.5).astype(int),
               "threshold the probability A = sigmoid(w.T @ X + b), not the score w.T @ X + b.")],
    formula="A = sigmoid(w.T @ X + b); return (A > 0.5).astype(int).",
    solution=_solutions.predict)
def check_predict():
    """Check ``predict(w, b, X) -> Y_prediction`` of shape (1, m) holding 0/1."""
    w, b, X, _ = _problem(_SEED + 20, 4, 10)
    w1, b1, X1, _ = _problem(_SEED + 21, 6, 1)
    return [
        ("the course's example", (np.array([[0.1124579], [0.23106775]]), -0.3,
                                  np.array([[1.0, -1.1, -3.2], [1.2, 2.0, 0.1]])), {}),
        ("a single example (m = 1)", (w1, b1, X1), {}),
        ("large scores", (w * 20.0, b, X), {}),
        ("w = 0, b = 0: every probability is exactly 0.5, which predicts 0", (np.zeros((4, 1)), 0.0, X), {}),
        ("all positive", (np.zeros((4, 1)), 3.0, X), {}),
    ]


# --- Exercise 6: model ------------------------------------------------------------------------------

_MODEL_KEYS = ("costs", "w", "b", "Y_prediction_train", "Y_prediction_test", "train_accuracy", "test_accuracy",
               "learning_rate", "num_iterations")


def _model_rules(got, expected, args, kwargs):
    if not isinstance(got, dict):
        return f"return a dict with keys {list(_MODEL_KEYS)}, got {_describe(got)}."
    missing = [k for k in _MODEL_KEYS if k not in got]
    if missing:
        return f"the returned dict is missing the keys {missing}."
    for split in ("train", "test"):
        acc, exp_acc = got[f"{split}_accuracy"], expected[f"{split}_accuracy"]
        if isinstance(acc, (int, float, np.number)) and not isinstance(acc, bool) and exp_acc > 0 \
                and np.isclose(acc, 100 * exp_acc):
            return (f"{split}_accuracy = {acc!r} looks like a percentage; return the fraction of correct "
                    f"predictions, a number in [0, 1].")
    return _n_costs(got["costs"], expected["costs"], kwargs["num_iterations"], advice=False)


def _model_mistake(n_iter=None, lr=None, random_init=False):
    """A model that trains with the wrong settings but reports its arguments."""
    def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
        n_x = X_train.shape[0]
        w = np.random.default_rng(0).standard_normal((n_x, 1)) * 0.01 if random_init else np.zeros((n_x, 1))
        params, _, costs = _optimize(w, 0.0, X_train, Y_train, n_iter or num_iterations, lr or learning_rate)
        w, b = params["w"], params["b"]
        p_train, p_test = _predict(w, b, X_train), _predict(w, b, X_test)
        return {"costs": costs, "w": w, "b": b, "Y_prediction_train": p_train, "Y_prediction_test": p_test,
                "train_accuracy": float(np.mean(p_train == Y_train)), "test_accuracy": float(np.mean(p_test == Y_test)),
                "learning_rate": learning_rate, "num_iterations": num_iterations}
    return model


def _model_costs_list(got):
    if isinstance(got, dict) and "costs" in got:
        got = {**got, "costs": cost_list(got["costs"])}
    return got


_PASS_ON = "pass num_iterations and learning_rate on to optimize: optimize(w, b, X_train, Y_train, num_iterations, " \
           "learning_rate, print_cost)."


@chapter.exercise(
    "model", lambda X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False:
        _model(X_train, Y_train, X_test, Y_test, num_iterations, learning_rate),
    rules=[_model_rules], prepare=_model_costs_list, time_limit=60.0, atol=1e-9,
    fresh=lambda rng: ("15 features, 24 training and 12 test examples, 150 iterations",
                       (lambda X, Y: (X[:, :24], Y[:, :24], X[:, 24:], Y[:, 24:]))(*_separable(rng, 15, 36)),
                       {"num_iterations": 150, "learning_rate": 1.0}),
    concept="the model puts the pieces together: initialise w and b to zeros, train them with optimize using the "
            "model's own num_iterations and learning_rate, then predict on both sets and measure the accuracies "
            "(fractions of correct predictions). Return everything in one dict.",
    mistakes=[
        (_model_mistake(n_iter=100, lr=0.009), f"optimize ran with its own defaults: {_PASS_ON}"),
        (_model_mistake(n_iter=100), f"optimize ran with its default num_iterations = 100: {_PASS_ON}"),
        (_model_mistake(lr=0.009), f"optimize ran with its default learning_rate = 0.009: {_PASS_ON}"),
        (_model_mistake(n_iter=2000), f"the training used a fixed 2000 iterations: {_PASS_ON}"),
        (_model_mistake(lr=0.5), f"the training used a fixed learning_rate = 0.5: {_PASS_ON}"),
        (_model_mistake(random_init=True), "start from w, b = initialize_with_zeros(X_train.shape[0])."),
    ],
    formula="w, b = initialize_with_zeros(X_train.shape[0]); params, grads, costs = optimize(w, b, X_train, Y_train, "
            "num_iterations, learning_rate, print_cost); predict with params['w'], params['b'] on X_train and "
            "X_test; train_accuracy = np.mean(Y_prediction_train == Y_train), the same for test.",
    solution=_solutions.model)
def check_model():
    """Check ``model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False)``.

    Returns a dict with the keys of :func:`dlcourse.models.logistic_regression_model`.
    """
    X, Y = _separable(_SEED + 30, 6, 40)
    X_tr, Y_tr, X_te, Y_te = X[:, :30], Y[:, :30], X[:, 30:], Y[:, 30:]
    return [
        ("6 features, 30 training and 10 test examples, 200 iterations",
         (X_tr, Y_tr, X_te, Y_te), {"num_iterations": 200, "learning_rate": 0.5}),
        ("learning_rate = 0.05, 301 iterations", (X_tr, Y_tr, X_te, Y_te),
         {"num_iterations": 301, "learning_rate": 0.05}),
    ]
