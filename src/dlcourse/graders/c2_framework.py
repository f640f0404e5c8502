"""Graders for Course 2, "Multi-class classification and a framework of our own".

The chapter writes softmax regression by hand (the softmax, one-hot labels, the cross-entropy cost over
C classes and its gradient ``dZ = A - Y``), then one op of the :mod:`dlcourse.autograd` tape and a
training loop on :mod:`dlcourse.nn` modules. Every check compares the learner's function with a
reference assembled from the package (``dlcourse.functional.softmax``, ``one_hot``,
``softmax_cross_entropy``, the ``affine`` / ``softmax_cross_entropy_loss`` kernels, ``dlcourse.autograd``
and ``dlcourse.optim``) on fixed cases, edge cases included (huge logits, one example, a class no
example has), and on one case drawn fresh on every call. A wrong answer is compared with a table of
plausible bugs (no max subtraction, the softmax over the wrong axis, a missing ``1/m``, labels as a
row instead of one-hot columns, a diagonal-only softmax Jacobian, gradients never reset, ...).
"""
from __future__ import annotations

import numpy as np

from .. import autograd as ag
from .. import functional as F
from .. import nn, optim
from .solutions import c2_framework as _solutions
from ._core import Chapter, _describe

__all__ = [
    "check_softmax", "check_one_hot", "check_softmax_cost", "check_softmax_regression_grads", "check_softmax_op",
    "check_train_steps", "hint", "show_solution",
]

chapter = Chapter(__name__)
hint, show_solution = chapter.hint, chapter.show_solution
_rng = np.random.default_rng


def _labels(rng, C, m):
    """Random class indices (1, m) in 0..C-1, every class present when m >= C."""
    y = rng.integers(0, C, m)
    y[: min(C, m)] = np.arange(min(C, m))
    return rng.permutation(y).reshape(1, m)


def _one_hot_cols(rng, C, m):
    return F.one_hot(_labels(rng, C, m), C)


# --- Exercise 1: softmax ----------------------------------------------------------------------------------

def _naive_softmax(Z, axis=0, shift=None):
    if shift == "global":
        Z = Z - np.max(Z)
    elif shift == "columns":
        Z = Z - np.max(Z, axis=0, keepdims=True)
    elif shift == "rows":
        Z = Z - np.max(Z, axis=1, keepdims=True)
    E = np.exp(Z)
    return E / np.sum(E, axis=axis, keepdims=True)


_WHOLE_SUM = "divide by each column's own sum (axis=0, keepdims=True), not by the sum of the whole array."


@chapter.exercise(
    "softmax", lambda Z: F.softmax(Z, axis=0),
    fresh=lambda rng: ("Z (5, 7)", (rng.standard_normal((5, 7)) * 3,), {}),
    concept="the softmax turns each column of scores (one example, one row per class) into probabilities: "
            "positive, summing to 1 down the column. exp overflows for scores above about 709, so shift each "
            "column by a constant first -- the result does not change, only the overflow goes away.",
    mistakes=[
        (lambda Z: _naive_softmax(Z),
         "exp overflowed (inf / inf is nan): subtract each column's max first, Z - np.max(Z, axis=0, keepdims=True)."),
        (lambda Z: _naive_softmax(Z, axis=1, shift="rows"),
         "the classes are the rows: take the max and the sum of each column (axis=0), not of each row (axis=1)."),
        (lambda Z: _naive_softmax(Z, axis=1, shift="columns"),
         "normalize each column: divide by np.sum(E, axis=0, keepdims=True); the sum over axis=1 adds up the "
         "examples of one class."),
        (lambda Z: _naive_softmax(Z, axis=None), _WHOLE_SUM),
        (lambda Z: _naive_softmax(Z, axis=None, shift="columns"), _WHOLE_SUM),
        (lambda Z: _naive_softmax(Z, shift="rows"),
         "subtract each column's max (axis=0): a shift is harmless only when it is the same for every class "
         "of an example, and np.max(Z, axis=1) differs between the rows."),
        (lambda Z: _naive_softmax(Z, shift="global"),
         "one global max leaves columns far below it with exp(...) = 0 everywhere (0 / 0 is nan): subtract each "
         "column's own max, np.max(Z, axis=0, keepdims=True)."),
    ],
    formula="E = np.exp(Z - np.max(Z, axis=0, keepdims=True)); return E / np.sum(E, axis=0, keepdims=True).",
    solution=_solutions.softmax)
def check_softmax():
    """``softmax(Z) -> A``, Z and A of shape (C, m); each column of A sums to 1."""
    rng = _rng(1)
    return [
        ("Z (3, 4)", (rng.standard_normal((3, 4)),), {}),
        ("one example, Z = [[1], [2], [3]]", (np.array([[1.0], [2.0], [3.0]]),), {}),
        ("six classes, m = 10", (rng.standard_normal((6, 10)) * 2,), {}),
        ("huge scores (1000 and more)", (np.array([[1000.0, 1002.0], [1001.0, 1002.0], [999.0, 1010.0]]),), {}),
        ("columns far apart (+800 and -800)", (np.array([[800.0, -800.0], [801.0, -802.0], [799.0, -801.0]]),), {}),
        ("ties: equal scores give equal probabilities", (np.zeros((4, 3)),), {}),
        ("a single class (C = 1): probability 1", (rng.standard_normal((1, 5)),), {}),
    ]


# --- Exercise 2: one_hot ------------------------------------------------------------------------------------

@chapter.exercise(
    "one_hot", lambda labels, C: F.one_hot(labels, C),
    fresh=lambda rng: ("C = 6, m = 15", (_labels(rng, 6, 15), 6), {}),
    concept="one-hot labels have one column per example and one row per class: a column holds a single 1, "
            "in the row of that example's class, and 0 in the C - 1 other rows. C comes from the argument, "
            "not from the labels (a batch may miss the last class).",
    mistakes=[
        (lambda labels, C: np.eye(C)[np.ravel(labels)],
         "one column per example: the result is (C, m); np.eye(C)[labels] has one row per example, transpose it."),
        (lambda labels, C: np.eye(C)[labels],
         "flatten the (1, m) labels first (np.ravel or reshape(-1)); indexing with the row gives shape (1, m, C)."),
        (lambda labels, C: np.eye(int(np.max(labels)) + 1)[np.ravel(labels)].T,
         "use the number of classes C given as the argument, not max(labels) + 1: a set of labels may miss the "
         "last classes."),
        (lambda labels, C: np.eye(C)[np.ravel(labels) - 1].T,
         "the classes are numbered from 0: label k goes to row k (no - 1)."),
    ],
    formula="Y = np.zeros((C, m)); Y[labels.reshape(-1), np.arange(m)] = 1 (or np.eye(C)[labels.reshape(-1)].T).",
    solution=_solutions.one_hot)
def check_one_hot():
    """``one_hot(labels, C) -> Y (C, m)`` for integer labels of shape (1, m)."""
    return [
        ("labels [[1, 2, 3, 0, 2, 1]], C = 4", (np.array([[1, 2, 3, 0, 2, 1]]), 4), {}),
        ("the six hand signs, one of each", (np.array([[5, 4, 3, 2, 1, 0]]), 6), {}),
        ("a batch missing the last classes: labels in 0..2, C = 6", (np.array([[0, 2, 1, 1, 0]]), 6), {}),
        ("one example, label 0, C = 3", (np.array([[0]]), 3), {}),
        ("two classes (binary labels as one-hot)", (np.array([[1, 0, 0, 1]]), 2), {}),
    ]


# --- Exercise 3: softmax_cost ---------------------------------------------------------------------------------

def _naive_log_softmax(Z):
    E = np.exp(Z)
    return np.log(E / np.sum(E, axis=0, keepdims=True))


def _stable_log_softmax(Z):
    S = Z - np.max(Z, axis=0, keepdims=True)
    return S - np.log(np.sum(np.exp(S), axis=0, keepdims=True))


def _cost_case(rng, C, m, scale=1.0):
    return rng.standard_normal((C, m)) * scale, _one_hot_cols(rng, C, m)


@chapter.exercise(
    "softmax_cost", lambda Z, Y: F.softmax_cross_entropy(Z, Y),
    fresh=lambda rng: ("C = 6, m = 20", _cost_case(rng, 6, 20, 2.0), {}),
    concept="the cross-entropy of one example is minus the log of the probability the softmax gives its true "
            "class; the cost averages it over the m examples (columns). Work with the log of the softmax "
            "directly: shifting the scores of a column by its max keeps exp from overflowing, and the log then "
            "never sees a probability that has rounded to 0.",
    mistakes=[
        (lambda Z, Y: float(-np.sum(Y * _stable_log_softmax(Z))), "divide the sum by m = Z.shape[1]: the cost is a mean "
                                                                  "over the examples."),
        (lambda Z, Y: float(np.sum(Y * _stable_log_softmax(Z)) / Z.shape[1]),
         "mind the sign: J = -(1/m) sum over examples and classes of y log a (a log-probability is negative)."),
        (lambda Z, Y: float(-np.mean(Y * _stable_log_softmax(Z))),
         "np.mean over the whole (C, m) array divides by C * m: divide the sum by m only."),
        (lambda Z, Y: float(-np.sum(Y * _naive_log_softmax(Z)) / Z.shape[1]),
         "exp overflowed or a probability rounded to 0 (log 0 = -inf, and 0 * -inf is nan): compute the log of "
         "the softmax stably, log_A = S - log(sum(exp(S))) with S = Z - max(Z, axis=0)."),
        (lambda Z, Y: float(-np.sum(Y * _stable_log_softmax(Z.T).T) / Z.shape[1]),
         "the classes are the rows: take the softmax (its max and its sum) over axis 0."),
    ],
    formula="S = Z - np.max(Z, axis=0, keepdims=True); log_A = S - np.log(np.sum(np.exp(S), axis=0, keepdims=True)); "
            "J = -np.sum(Y * log_A) / m, returned as a float.",
    solution=_solutions.softmax_cost)
def check_softmax_cost():
    """``softmax_cost(Z, Y) -> float``: mean cross-entropy of softmax(Z) (C, m) against one-hot Y (C, m)."""
    rng = _rng(3)
    Y2 = np.array([[1.0, 0.0], [0.0, 0.0], [0.0, 1.0]])
    return [
        ("C = 3, m = 5", _cost_case(rng, 3, 5), {}),
        ("one example, uniform scores: cost log(4)", (np.zeros((4, 1)), np.array([[0.0], [0.0], [1.0], [0.0]])), {}),
        ("six classes, m = 12", _cost_case(rng, 6, 12, 2.0), {}),
        ("huge scores (1000 and more)", (np.array([[1000.0, 990.0], [1001.0, 995.0], [999.0, 1000.0]]), Y2), {}),
        ("confident and right: a probability rounds to 0",
         (np.array([[800.0, -800.0], [0.0, 0.0], [-800.0, 800.0]]), Y2), {}),
        ("confident and wrong: a large finite cost",
         (np.array([[-400.0, 10.0], [0.0, 0.0], [400.0, -10.0]]), Y2), {}),
    ]


# --- Exercise 4: softmax_regression_grads ---------------------------------------------------------------------

def _ref_grads(W, b, X, Y):
    Z, affine_cache = F.affine_forward(X, W, b)
    _, loss_cache = F.softmax_cross_entropy_loss_forward(Z, Y)
    dZ = F.softmax_cross_entropy_loss_backward(1.0, loss_cache)  # (A - Y) / m: the gradient of the mean cost
    _, dW, db = F.affine_backward(dZ, affine_cache, compute_dA_prev=False)
    return {"dW": dW, "db": db}


def _grads_mistake(divide=True, sign=1.0, extra=None, axis=0, keepdims=True):
    def grads(W, b, X, Y):
        m = X.shape[1] if divide else 1
        Z = W @ X + b
        A = _naive_softmax(Z, axis=1, shift="rows") if axis == 1 else F.softmax(Z, axis=0)
        dZ = sign * (A - Y)
        if extra == "sigmoid":
            dZ = dZ * A * (1 - A)
        elif extra == "labels":
            dZ = A - np.argmax(Y, axis=0, keepdims=True)
        return {"dW": dZ @ X.T / m, "db": np.sum(dZ, axis=1, keepdims=keepdims) / m}
    return grads


def _grads_case(rng, C, n, m, scale=1.0):
    return (rng.standard_normal((C, n)) * scale, rng.standard_normal((C, 1)) * scale, rng.standard_normal((n, m)),
            _one_hot_cols(rng, C, m))


@chapter.exercise(
    "softmax_regression_grads", _ref_grads,
    fresh=lambda rng: ("C = 6, n = 8, m = 25", _grads_case(rng, 6, 8, 25), {}),
    concept="for the softmax output with the cross-entropy cost, the gradient of one example's loss with "
            "respect to its scores Z is simply its probabilities minus its one-hot label; the weights' and "
            "biases' gradients then follow from Z = W X + b as in logistic regression, averaged over the m "
            "examples, each with the shape of its parameter.",
    mistakes=[
        (_grads_mistake(divide=False), "average over the examples: dW = (1/m) dZ X^T and db = (1/m) sum(dZ)."),
        (_grads_mistake(sign=-1.0), "dZ = A - Y (probabilities minus labels), not Y - A: the gradient points uphill."),
        (_grads_mistake(extra="sigmoid"),
         "the softmax and the cross-entropy combine into dZ = A - Y exactly: no extra A * (1 - A) factor "
         "(that is the sigmoid's derivative, already accounted for)."),
        (_grads_mistake(extra="labels"), "Y is one-hot (C, m): subtract it directly, dZ = A - Y, not the class indices."),
        (_grads_mistake(axis=1), "the softmax runs over the classes, axis 0 (each column is an example)."),
        (_grads_mistake(keepdims=False), "keep db a column (C, 1): np.sum(dZ, axis=1, keepdims=True) / m."),
    ],
    formula="Z = W @ X + b; A = softmax(Z); dZ = A - Y; dW = dZ @ X.T / m; db = np.sum(dZ, axis=1, keepdims=True) / m; "
            "return {'dW': dW, 'db': db}.",
    solution=_solutions.softmax_regression_grads)
def check_softmax_regression_grads():
    """``softmax_regression_grads(W, b, X, Y) -> {"dW" (C, n), "db" (C, 1)}`` of the mean cross-entropy."""
    rng = _rng(4)
    return [
        ("C = 3, n = 4, m = 5", _grads_case(rng, 3, 4, 5), {}),
        ("one example, C = 6, n = 2", _grads_case(rng, 6, 2, 1), {}),
        ("zero weights (the first step): A is uniform", (np.zeros((4, 3)), np.zeros((4, 1)),
                                                          rng.standard_normal((3, 7)), _one_hot_cols(rng, 4, 7)), {}),
        ("large weights: saturated softmax", _grads_case(rng, 3, 5, 6, scale=30.0), {}),
    ]


# --- Exercise 5: softmax_op -----------------------------------------------------------------------------------

def _upstream(shape) -> np.ndarray:
    """A fixed upstream gradient of the given shape (the same for the reference and the learner)."""
    n = int(np.prod(shape))
    return np.cos(np.arange(n) * 1.7 + 0.3).reshape(shape) * 2.0


_NOT_A_TUPLE = "an array, not a tuple"


def _run_op(out):
    """What the tape needs from an op: its output values and the gradients its backward returns."""
    if not isinstance(out, ag.Tensor):
        return out
    backward = getattr(out, "_backward", None)
    if backward is None:
        return {"value": out.data, "grads": None}
    try:
        grads = backward(_upstream(out.shape))
    except Exception as exc:  # noqa: BLE001 -- reported by a rule, as the learner's error
        return {"value": out.data, "grads": f"raised {type(exc).__name__}: {exc}"}
    if isinstance(grads, np.ndarray):
        grads = _NOT_A_TUPLE
    elif isinstance(grads, list):
        grads = tuple(grads)
    return {"value": out.data, "grads": grads}


def _op_rules():
    def is_tensor(got, expected, args, kwargs):
        if not isinstance(got, dict):
            return f"softmax_op must return the output Tensor that ag.record(...) makes, got {_describe(got)}."
        return None

    def recorded(got, expected, args, kwargs):
        grads = got["grads"]
        if grads is None:
            return ("the output is not on the tape (it has no backward function): build it with "
                    "ag.record(A, (z,), backward) instead of Tensor(A).")
        if isinstance(grads, str) and grads == _NOT_A_TUPLE:
            return ("backward(g) must return a tuple with one gradient per parent, (dz,), not a bare array "
                    "(the tape zips the parents with what backward returns).")
        if isinstance(grads, str):
            return f"calling your backward function with an upstream gradient g of the output's shape {grads}."
        if not isinstance(grads, tuple) or len(grads) != 1:
            return f"backward(g) must return a tuple of one gradient, (dz,), got {_describe(grads)}."
        return None
    return [is_tensor, recorded]


def _op_mistake(kind):
    def softmax_op(z):
        A = F.softmax(z.data, axis=0)
        if kind == "diagonal":
            return ag.record(A, (z,), lambda g: (g * A * (1 - A),))
        if kind == "no_keepdims_axis1":
            return ag.record(A, (z,), lambda g: (A * (g - np.sum(g * A, axis=1, keepdims=True)),))
        if kind == "identity":
            return ag.record(A, (z,), lambda g: (g,))
        if kind == "a_minus_g":
            return ag.record(A, (z,), lambda g: (A - g,))
        if kind == "sum_g":
            return ag.record(A, (z,), lambda g: (A * (g - np.sum(g, axis=0, keepdims=True)),))
        raise ValueError(kind)
    return softmax_op


def _op_case(rng, C, m, scale=1.0):
    return (ag.Tensor(rng.standard_normal((C, m)) * scale, requires_grad=True),)


@chapter.exercise(
    "softmax_op", lambda z: _run_op(ag.softmax(z)), prepare=_run_op, rules=_op_rules(),
    fresh=lambda rng: ("z (6, 9)", _op_case(rng, 6, 9, 2.0), {}),
    concept="an op computes its output from the input's data and records, with ag.record, the input it "
            "came from and a backward function; given the gradient g of the cost with respect to the output, "
            "backward returns the gradient with respect to the input. Every probability of a column depends on "
            "every score of that column, so the gradient of one score collects the contributions of all the "
            "outputs of its column.",
    mistakes=[
        (_op_mistake("diagonal"),
         "g * A * (1 - A) keeps only the diagonal of the softmax's Jacobian; each output also depends on the "
         "other scores of its column: dz = A * (g - np.sum(g * A, axis=0, keepdims=True))."),
        (_op_mistake("no_keepdims_axis1"), "sum over the classes of each column (axis=0), not over the examples."),
        (_op_mistake("identity"), "backward must apply the softmax's derivative to g, not pass g through unchanged."),
        (_op_mistake("a_minus_g"),
         "A - Y is the gradient of softmax *and* cross-entropy together, with respect to the scores; this op is the "
         "softmax alone: it gets the upstream gradient g and returns A * (g - sum(g * A, axis=0))."),
        (_op_mistake("sum_g"), "weight the sum by the probabilities: np.sum(g * A, axis=0, keepdims=True)."),
    ],
    formula="A = softmax(z.data); def backward(g): return (A * (g - np.sum(g * A, axis=0, keepdims=True)),); "
            "return ag.record(A, (z,), backward).",
    solution=_solutions.softmax_op)
def check_softmax_op():
    """``softmax_op(z) -> Tensor``: the softmax over axis 0 on the tape, with its backward."""
    rng = _rng(5)
    return [
        ("z (3, 4)", _op_case(rng, 3, 4), {}),
        ("one example, z (5, 1)", _op_case(rng, 5, 1), {}),
        ("huge scores", (ag.Tensor(np.array([[1000.0, 3.0], [1001.0, 2.0], [998.0, -1.0]]), requires_grad=True),), {}),
        ("two classes, m = 6", _op_case(rng, 2, 6, 3.0), {}),
    ]


# --- Exercise 6: train_steps ------------------------------------------------------------------------------------

def _ref_train_steps(model, optimizer, X, Y, num_steps):
    costs = []
    for _ in range(num_steps):
        optimizer.zero_grad()
        cost = ag.softmax_cross_entropy(model(X), Y)
        cost.backward()
        optimizer.step()
        costs.append(float(cost.item()))
    return costs


def _steps_mistake(kind):
    def train_steps(model, optimizer, X, Y, num_steps):
        costs = []
        for _ in range(num_steps):
            if kind != "no_zero_grad":
                optimizer.zero_grad()
            out = model(X)
            if kind == "double_softmax":
                out = ag.softmax(out)
            cost = ag.softmax_cross_entropy(out, Y)
            if kind == "step_first":
                optimizer.step()
                cost.backward()
            else:
                if kind != "no_backward":
                    cost.backward()
                if kind != "no_step":
                    optimizer.step()
            if kind == "cost_after":
                with ag.no_grad():
                    cost = ag.softmax_cross_entropy(model(X), Y)
            costs.append(float(cost.item()))
        return costs
    return train_steps


def _model_case(rng, n_x, n_h, C, m, opt="adam", lr=0.05):
    model = nn.Sequential(nn.Linear(n_x, n_h, rng=rng), nn.ReLU(), nn.Linear(n_h, C, rng=rng))
    optimizer = optim.Adam(model.parameters(), learning_rate=lr) if opt == "adam" else \
        optim.SGD(model.parameters(), learning_rate=lr)
    return model, optimizer, rng.standard_normal((n_x, m)), _one_hot_cols(rng, C, m)


def _steps_rules():
    def floats(got, expected, args, kwargs):
        if isinstance(got, (list, tuple)) and any(isinstance(c, ag.Tensor) for c in got):
            return "append the cost as a number, cost.item(), not the Tensor itself."
        return None
    return [floats]


@chapter.exercise(
    "train_steps", _ref_train_steps, rules=_steps_rules(), rtol=1e-6, returns="list of costs",
    fresh=lambda rng: ("Adam, a (4, 6, 3) network, m = 10, 4 steps", (*_model_case(rng, 4, 6, 3, 10), 4), {}),
    concept="one step of training with a framework is always the same four moves: forget the gradients of "
            "the previous step, run the model forward and compute the cost from its output scores, run the "
            "tape backward to fill every parameter's .grad, and let the optimizer update the parameters. "
            "Record each step's cost (computed before its update) as a number.",
    mistakes=[
        (_steps_mistake("no_zero_grad"),
         "call optimizer.zero_grad() at the start of every step: .grad accumulates, so without it each step "
         "uses the sum of all the gradients so far."),
        (_steps_mistake("no_step"),
         "the costs never change, so the parameters were never updated: after the forward pass call "
         "cost.backward() (it fills the gradients), then optimizer.step() (it uses them), in that order."),
        (_steps_mistake("double_softmax"),
         "ag.softmax_cross_entropy takes the scores (logits) and applies the softmax itself; do not apply a "
         "softmax to the model's output first."),
        (_steps_mistake("cost_after"), "record the cost computed in the step, before the update (cost.item())."),
    ],
    formula="for each step: optimizer.zero_grad(); cost = ag.softmax_cross_entropy(model(X), Y); cost.backward(); "
            "optimizer.step(); costs.append(cost.item()); return costs.",
    solution=_solutions.train_steps)
def check_train_steps():
    """``train_steps(model, optimizer, X, Y, num_steps) -> [cost, ...]`` (num_steps floats)."""
    return [
        ("Adam, a (3, 5, 4) network, m = 8, 3 steps", (*_model_case(_rng(60), 3, 5, 4, 8), 3), {}),
        ("SGD, a (2, 4, 3) network, m = 6, 5 steps", (*_model_case(_rng(61), 2, 4, 3, 6, opt="sgd", lr=0.5), 5), {}),
        ("one step", (*_model_case(_rng(62), 4, 3, 2, 5), 1), {}),
    ]
