"""The Course 2 framework-chapter graders accept correct answers and reject plausible bugs.

The generic guarantees (not implemented, wrong types, a replayed answer table, in-place damage, three
hint levels, the worked solutions) are covered for every chapter by ``tests/test_graders_core.py``.
"""
import copy

import numpy as np
import pytest

from dlcourse import autograd as ag
from dlcourse import functional as F
from _grading import grading
from dlcourse.graders import GraderError
from dlcourse.graders import c2_framework as grader

EXERCISES = list(grader.chapter.exercises.values())
NAMES = [ex.name for ex in EXERCISES]


_check, _passes = grading(grader)


# --- learner-style answers, written independently of the grader, with switches for the bugs ----------------

def make_softmax(shift="columns", axis=0):
    def softmax(Z):
        if shift == "columns":
            Z = Z - Z.max(axis=0, keepdims=True)
        elif shift == "global":
            Z = Z - Z.max()
        E = np.exp(Z)
        return E / E.sum(axis=axis, keepdims=True)
    return softmax


def make_one_hot(transpose=False, C_from_labels=False, minus_one=False):
    def one_hot(labels, C):
        y = np.asarray(labels).ravel()
        C = int(y.max()) + 1 if C_from_labels else C
        Y = np.eye(C)[y - 1 if minus_one else y]
        return Y if transpose else Y.T
    return one_hot


def make_cost(divide=True, stable=True, mean_all=False):
    def softmax_cost(Z, Y):
        m = Z.shape[1]
        if stable:
            S = Z - Z.max(axis=0, keepdims=True)
            log_A = S - np.log(np.exp(S).sum(axis=0, keepdims=True))
        else:
            log_A = np.log(np.exp(Z) / np.exp(Z).sum(axis=0, keepdims=True))
        if mean_all:
            return float(-np.mean(Y * log_A))
        return float(-np.sum(Y * log_A) / (m if divide else 1))
    return softmax_cost


def make_grads(divide=True, sign=1.0, keepdims=True, transpose_dw=False):
    softmax = make_softmax()

    def softmax_regression_grads(W, b, X, Y):
        m = X.shape[1] if divide else 1
        dZ = sign * (softmax(W @ X + b) - Y)
        dW = (X @ dZ.T) / m if transpose_dw else dZ @ X.T / m
        return {"dW": dW, "db": dZ.sum(axis=1, keepdims=keepdims) / m}
    return softmax_regression_grads


def make_op(kind="right", record=True, as_tuple=True):
    softmax = make_softmax()

    def softmax_op(z):
        A = softmax(z.data)

        def backward(g):
            if kind == "diagonal":
                dz = g * A * (1 - A)
            else:
                dz = A * (g - (g * A).sum(axis=0, keepdims=True))
            return (dz,) if as_tuple else dz
        return ag.record(A, (z,), backward) if record else ag.Tensor(A)
    return softmax_op


def make_train_steps(zero_grad="optimizer", step=True, double_softmax=False, item=True):
    def train_steps(model, optimizer, X, Y, num_steps):
        costs = []
        for _ in range(num_steps):
            if zero_grad == "optimizer":
                optimizer.zero_grad()
            elif zero_grad == "model":
                model.zero_grad()
            out = model(X)
            cost = ag.softmax_cross_entropy(ag.softmax(out) if double_softmax else out, Y)
            cost.backward()
            if step:
                optimizer.step()
            costs.append(cost.item() if item else cost)
        return costs
    return train_steps


# --- each exercise: correct answers pass ----------------------------------------------------------------------

@pytest.mark.parametrize("fn", [make_softmax(), lambda Z: F.softmax(Z, axis=0)], ids=["learner-style", "dlcourse"])
def test_softmax_accepts_correct(fn, capsys):
    _passes("softmax", fn, capsys)


@pytest.mark.parametrize("fn", [make_one_hot(), F.one_hot, lambda labels, C: make_one_hot()(labels, C).astype(int)],
                         ids=["learner-style", "dlcourse", "integer dtype"])
def test_one_hot_accepts_correct(fn, capsys):
    _passes("one_hot", fn, capsys)


@pytest.mark.parametrize("fn", [make_cost(), F.softmax_cross_entropy,
                                lambda Z, Y: np.array(make_cost()(Z, Y))], ids=["learner-style", "dlcourse", "0-d array"])
def test_softmax_cost_accepts_correct(fn, capsys):
    _passes("softmax_cost", fn, capsys)


def test_softmax_regression_grads_accepts_correct(capsys):
    def via_tape(W, b, X, Y):
        W, b = ag.Tensor(W, requires_grad=True), ag.Tensor(b, requires_grad=True)
        ag.softmax_cross_entropy(ag.affine(ag.Tensor(X), W, b), Y).backward()
        return {"dW": W.grad, "db": b.grad}
    _passes("softmax_regression_grads", make_grads(), capsys)
    _passes("softmax_regression_grads", via_tape, capsys)


def test_softmax_op_accepts_correct(capsys):
    _passes("softmax_op", make_op(), capsys)
    _passes("softmax_op", ag.softmax, capsys)
    # a list instead of a tuple is fine for the tape (it zips parents with what backward returns)
    def list_op(z):
        out = make_op()(z)
        backward = out._backward
        out._backward = lambda g: list(backward(g))
        return out
    _passes("softmax_op", list_op, capsys)


@pytest.mark.parametrize("zero_grad", ["optimizer", "model"])
def test_train_steps_accepts_correct(zero_grad, capsys):
    _passes("train_steps", make_train_steps(zero_grad=zero_grad), capsys)


# --- each exercise: independently written bugs fail with the right sentence ---------------------------------

@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # a notebook prints exp's overflow warning, it does not raise
@pytest.mark.parametrize("fn,needle", [
    (make_softmax(shift=None), "subtract each column's max first"),
    (make_softmax(axis=1), "normalize each column"),
    (lambda Z: np.exp(Z - Z.max(axis=1, keepdims=True)) / np.exp(Z - Z.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True),
     "the classes are the rows"),
    (make_softmax(shift="global"), "one global max"),
    (make_softmax(axis=None), "sum of the whole array"),
    (lambda Z: np.exp(Z) / np.exp(Z).sum(), "sum of the whole array"),
    (lambda Z: Z, "wrong values"),
])
def test_softmax_rejects_bugs(fn, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_softmax(fn)


@pytest.mark.parametrize("fn,needle", [
    (make_one_hot(transpose=True), "one column per example"),
    (make_one_hot(C_from_labels=True), "use the number of classes C"),
    (make_one_hot(minus_one=True), "numbered from 0"),
    (lambda labels, C: labels, "wrong shape"),
])
def test_one_hot_rejects_bugs(fn, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_one_hot(fn)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("fn,needle", [
    (make_cost(divide=False), "divide the sum by m"),
    (make_cost(stable=False), "compute the log of the softmax stably"),
    (make_cost(mean_all=True), "divides by C \\* m"),
    (lambda Z, Y: -make_cost()(Z, Y), "mind the sign"),
    (lambda Z, Y: float(-np.sum(Y * (Z - Z.max(1, keepdims=True)
                                     - np.log(np.exp(Z - Z.max(1, keepdims=True)).sum(1, keepdims=True)))) / Z.shape[1]),
     "the classes are the rows"),
])
def test_softmax_cost_rejects_bugs(fn, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_softmax_cost(fn)


def test_softmax_cost_rejects_integer_labels():
    """Labels given as class indices instead of one-hot columns: the cost function fails on a shape."""
    def indices(Z, Y):
        labels = np.argmax(Y, axis=0)
        return make_cost()(Z, labels.reshape(1, -1))  # broadcasts (1, m) against (C, m): a wrong number
    with pytest.raises(GraderError, match="softmax_cost, .*got .*expected"):
        grader.check_softmax_cost(indices)


@pytest.mark.parametrize("fn,needle", [
    (make_grads(divide=False), "average over the examples"),
    (make_grads(sign=-1.0), "not Y - A"),
    (make_grads(keepdims=False), "keep db a column"),
    (make_grads(transpose_dw=True), "wrong shape"),
])
def test_softmax_regression_grads_rejects_bugs(fn, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_softmax_regression_grads(fn)


@pytest.mark.parametrize("fn,needle", [
    (make_op(kind="diagonal"), "keeps only the diagonal"),
    (make_op(record=False), "not on the tape"),
    (make_op(as_tuple=False), "must return a tuple"),
    (lambda z: make_op()(z).data, "must return the output Tensor"),
    (lambda z: ag.record(make_softmax()(z.data), (z,), lambda g: (g, g)), "tuple of one gradient"),
    (lambda z: ag.record(make_softmax()(z.data), (z,), lambda g: (g @ np.ones((3, 3)),)), "backward .*raised ValueError"),
])
def test_softmax_op_rejects_bugs(fn, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_softmax_op(fn)


@pytest.mark.parametrize("fn,needle", [
    (make_train_steps(zero_grad=None), "call optimizer.zero_grad\\(\\)"),
    (make_train_steps(step=False), "never updated"),
    (make_train_steps(double_softmax=True), "do not apply a softmax"),
    (make_train_steps(item=False), "cost.item\\(\\), not the Tensor"),
])
def test_train_steps_rejects_bugs(fn, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_train_steps(fn)


def test_train_steps_under_no_grad_reports_the_error():
    def no_grad_steps(model, optimizer, X, Y, num_steps):
        with ag.no_grad():
            return make_train_steps()(model, optimizer, X, Y, num_steps)
    with pytest.raises(GraderError, match="raised RuntimeError: backward\\(\\) on a Tensor that does not require grad"):
        grader.check_train_steps(no_grad_steps)


# --- every entry of every mistakes table fails with its own sentence -------------------------------------------

MISTAKES = [(ex.name, i) for ex in EXERCISES for i in range(len(ex.mistakes))]


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("name,i", MISTAKES, ids=[f"{n}-{i}" for n, i in MISTAKES])
def test_every_mistake_fails_with_its_sentence(name, i):
    wrong, sentence = grader.chapter.exercises[name].mistakes[i]
    with pytest.raises(GraderError) as err:
        _check(name)(wrong)
    assert f"Likely cause: {sentence}" in str(err.value)


def test_the_model_cases_survive_copying():
    """The grader deep-copies (model, optimizer) together: the copy's optimizer updates the copy's model."""
    name, args, _ = grader.check_train_steps.exercise.cases()[0]
    model, optimizer, X, Y, n = copy.deepcopy(args)
    assert all(p is q for p, q in zip(optimizer.params, model.parameters()))
    before = [p.data.copy() for p in args[0].parameters()]
    make_train_steps()(model, optimizer, X, Y, n)
    assert all(np.array_equal(b, p.data) for b, p in zip(before, args[0].parameters()))  # the original is intact


def test_checks_are_fast():
    import time

    start = time.perf_counter()
    for ex in EXERCISES:
        _check(ex.name)(ex.solution)
    assert time.perf_counter() - start < 10.0


# --- the package's one_hot -----------------------------------------------------------------------------------

def test_one_hot_kernel():
    Y = F.one_hot(np.array([[2, 0, 1, 2]]), 3)
    np.testing.assert_array_equal(Y, [[0, 1, 0, 0], [0, 0, 1, 0], [1, 0, 0, 1]])
    assert Y.dtype == np.float64 and F.one_hot([1, 0], 2, dtype=np.float32).dtype == np.float32
    np.testing.assert_array_equal(F.one_hot(np.array([1.0, 0.0]), 2), [[0, 1], [1, 0]])  # integral floats
    assert F.softmax_cross_entropy(np.zeros((3, 4)), Y) == pytest.approx(np.log(3))
    for bad, needle in (([0, 3], "0..C-1"), ([-1, 0], "0..C-1"), ([0.5, 1], "integers"), (np.zeros((2, 2), int), "row"),
                        ([], "empty|m = 0|no examples")):
        with pytest.raises(ValueError, match=needle):
            F.one_hot(bad, 3)
    with pytest.raises(ValueError, match="C must be a positive integer"):
        F.one_hot([0], 0)
