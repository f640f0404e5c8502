"""The Course 1 logistic-regression graders accept correct answers and reject plausible bugs."""
import math

import numpy as np
import pytest

from dlcourse.functional import sigmoid as reference_sigmoid
from dlcourse.graders import GraderError
from dlcourse.graders import c1_logistic_regression as grader
from dlcourse.models import initialize_with_zeros, logistic_regression_model, optimize, predict_logistic, propagate


# --- learner-style solutions, with switches for the bugs the graders must catch -------------------------

def naive_sigmoid(z):
    return 1 / (1 + np.exp(-z))


def make_propagate(sign=1.0, divide_by_m=True, cost_sign=1.0, db_keepdims=False, dw_transposed=False,
                   swap_return=False, cost_mean_axis=False, in_place=False):
    def learner_propagate(w, b, X, Y):
        m = X.shape[1]
        A = naive_sigmoid(w.T @ X + b)
        cost = -cost_sign * np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
        if cost_mean_axis:
            cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A), axis=1, keepdims=True)
        dZ = sign * (A - Y)
        scale = 1 / m if divide_by_m else 1.0
        dw = scale * (X @ dZ.T)
        if dw_transposed:
            dw = dw.T
        db = scale * (np.sum(dZ, axis=1, keepdims=True) if db_keepdims else np.sum(dZ))
        if in_place:
            X *= 1.0
            w -= 0.0 * w + 1.0
        grads = {"dw": dw, "db": db}
        return (cost, grads) if swap_return else (grads, cost)
    return learner_propagate


def make_optimize(record=lambda i: i % 100 == 0, fixed_lr=None, update_b=True, ascent=False, update=True,
                  cost_after_update=False, costs_as_array=False, in_place=False):
    prop = make_propagate()

    def learner_optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
        lr = learning_rate if fixed_lr is None else fixed_lr
        if not in_place:
            w = w.copy()
        costs = []
        grads = None
        for i in range(num_iterations):
            grads, cost = prop(w, b, X, Y)
            step = -lr if ascent else lr
            if update:
                w -= step * grads["dw"]
                if update_b:
                    b = b - step * grads["db"]
            if cost_after_update:
                _, cost = prop(w, b, X, Y)
            if record(i):
                costs.append(cost)
                if print_cost:
                    print(f"Cost after iteration {i}: {cost:.6f}")
        return {"w": w, "b": b}, grads, (np.array(costs) if costs_as_array else costs)
    return learner_optimize


def make_predict(ge=False, flat=False, on_z=False, floats=False, probabilities=False):
    def learner_predict(w, b, X):
        Z = w.T @ X + b
        A = naive_sigmoid(Z)
        if probabilities:
            return A
        score = Z if on_z else A
        pred = (score >= 0.5) if ge else (score > 0.5)
        pred = pred.astype(float if floats else int)
        return pred.ravel() if flat else pred
    return learner_predict


def make_model(init="zeros", pass_lr=True, percent=False, swap=False, missing_key=None):
    opt = make_optimize()
    pred = make_predict()

    def learner_model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
        n_x = X_train.shape[0]
        w = np.zeros((n_x, 1)) if init == "zeros" else np.random.default_rng(0).standard_normal((n_x, 1)) * 0.01
        b = 0.0
        params, _, costs = opt(w, b, X_train, Y_train, num_iterations, learning_rate if pass_lr else 0.5,
                               print_cost)
        w, b = params["w"], params["b"]
        p_train, p_test = pred(w, b, X_train), pred(w, b, X_test)
        scale = 100 if percent else 1
        out = {"costs": costs, "w": w, "b": b, "Y_prediction_train": p_train, "Y_prediction_test": p_test,
               "train_accuracy": scale * np.mean(p_train == Y_train),
               "test_accuracy": scale * np.mean(p_test == Y_test),
               "learning_rate": learning_rate, "num_iterations": num_iterations}
        if swap:
            out["Y_prediction_train"], out["Y_prediction_test"] = p_test, p_train
        if missing_key:
            del out[missing_key]
        return out
    return learner_model


# --- sigmoid ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fn", [reference_sigmoid, naive_sigmoid, lambda z: 0.5 * (1 + np.tanh(np.asarray(z) / 2))],
                         ids=["reference", "naive", "tanh-form"])
def test_sigmoid_accepts_correct(fn, capsys):
    grader.check_sigmoid(fn)
    assert "[pass] sigmoid: all 7 checks passed." in capsys.readouterr().out


@pytest.mark.parametrize("fn,needle", [
    (lambda z: 1 / (1 + np.exp(z)), "sigmoid\\(-z\\)"),
    (lambda z: 1 / (2 + np.exp(-z)), "wrong values|got"),
    (lambda z: 1 / (1 + math.exp(-z)), "raised TypeError"),
    (lambda z: np.exp(-z) / (1 + np.exp(-z)), "sigmoid\\(-z\\)|got"),
    (lambda z: np.atleast_2d(naive_sigmoid(z)), "wrong shape|number"),
    (lambda z: np.tanh(z), "wrong values|got"),
    (None, "expected a function"),
])
def test_sigmoid_rejects_bugs(fn, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_sigmoid(fn)


def test_sigmoid_rejects_in_place_modification():
    def in_place(z):
        if isinstance(z, np.ndarray) and z.dtype.kind == "f":
            z *= -1.0
            np.exp(z, out=z)
            z += 1.0
            np.reciprocal(z, out=z)
            return z
        return naive_sigmoid(z)

    with pytest.raises(GraderError, match="modified its input z"):
        grader.check_sigmoid(in_place)


# --- initialize_with_zeros -------------------------------------------------------------------------------

def test_initialize_with_zeros_accepts_correct(capsys):
    grader.check_initialize_with_zeros(initialize_with_zeros)
    grader.check_initialize_with_zeros(lambda dim: (np.zeros((dim, 1)), 0))
    grader.check_initialize_with_zeros(lambda dim: (np.zeros(shape=(dim, 1)), np.float64(0)))
    assert capsys.readouterr().out.count("[pass] initialize_with_zeros") == 3


@pytest.mark.parametrize("fn,needle", [
    (lambda dim: (np.zeros(dim), 0.0), "wrong shape"),
    (lambda dim: (np.zeros((1, dim)), 0.0), "wrong shape"),
    (lambda dim: (np.zeros((dim, 1), dtype=int), 0.0), "dtype"),
    (lambda dim: (np.zeros((dim, 1)), np.zeros((1, 1))), "single number"),
    (lambda dim: (np.ones((dim, 1)), 0.0), "wrong values"),
    (lambda dim: (np.zeros((dim, 1)), 1.0), "b"),
    (lambda dim: np.zeros((dim, 1)), "return the pair"),
    (lambda dim: (0.0, np.zeros((dim, 1))), "numpy array|single number"),
])
def test_initialize_with_zeros_rejects_bugs(fn, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_initialize_with_zeros(fn)


# --- propagate -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fn", [propagate, make_propagate()], ids=["reference", "learner-style"])
def test_propagate_accepts_correct(fn, capsys):
    grader.check_propagate(fn)
    assert "[pass] propagate: all 8 checks passed." in capsys.readouterr().out


def test_propagate_course_example_values():
    """The grader's first case is the original assignment's example; check the known answer."""
    grads, cost = propagate(np.array([[1.0], [2.0]]), 2.0, np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]]),
                            np.array([[1, 0, 1]]))
    np.testing.assert_allclose(grads["dw"], [[0.99845601], [2.39507239]], rtol=1e-7)
    assert grads["db"] == pytest.approx(0.00145557813678)
    assert cost == pytest.approx(5.801545319394553)


@pytest.mark.parametrize("bug,needle", [
    (dict(sign=-1.0), "wrong sign: dz = a - y"),
    (dict(divide_by_m=False), "m = 3 times too large"),
    (dict(cost_sign=-1.0), "cost has the wrong sign"),
    (dict(db_keepdims=True), "db should be a single number"),
    (dict(dw_transposed=True), "dw has shape \\(1, 2\\)"),
    (dict(swap_return=True), "not \\(cost, grads\\)"),
    (dict(cost_mean_axis=True), "cost should be a single number"),
    (dict(in_place=True), "modified its input"),
])
def test_propagate_rejects_bugs(bug, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_propagate(make_propagate(**bug))


def test_propagate_rejects_a_missing_bias_and_bad_returns():
    def no_bias(w, b, X, Y):
        return make_propagate()(w, 0.0, X, Y)

    with pytest.raises(GraderError, match="wrong values|got"):
        grader.check_propagate(no_bias)
    with pytest.raises(GraderError, match="return the pair"):
        grader.check_propagate(lambda w, b, X, Y: propagate(w, b, X, Y)[0])
    with pytest.raises(GraderError, match="missing the keys \\['db'\\]"):
        grader.check_propagate(lambda w, b, X, Y: ({"dw": propagate(w, b, X, Y)[0]["dw"]},
                                                   propagate(w, b, X, Y)[1]))


# --- optimize --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fn", [optimize, make_optimize(), make_optimize(costs_as_array=True)],
                         ids=["reference", "learner-style", "costs-as-array"])
def test_optimize_accepts_correct(fn, capsys):
    grader.check_optimize(fn)
    out = capsys.readouterr().out
    assert "[pass] optimize: all 5 checks passed." in out
    assert "Cost after" not in out


def test_optimize_course_example_values():
    params, grads, costs = optimize(np.array([[1.0], [2.0]]), 2.0, np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]]),
                                    np.array([[1, 0, 1]]), num_iterations=100, learning_rate=0.009)
    np.testing.assert_allclose(params["w"], [[0.19033591], [0.12259159]], rtol=1e-6)
    assert params["b"] == pytest.approx(1.92535983008)
    np.testing.assert_allclose(grads["dw"], [[0.67752042], [1.41625495]], rtol=1e-6)
    assert grads["db"] == pytest.approx(0.219194504541)
    assert costs == [pytest.approx(5.801545319394553)]


@pytest.mark.parametrize("bug,needle", [
    (dict(record=lambda i: True), "should record"),
    (dict(record=lambda i: i % 100 == 99), "should record|recorded costs"),
    (dict(record=lambda i: i % 10 == 0), "should record"),
    (dict(fixed_lr=0.009), "params"),
    (dict(update_b=False), "params"),
    (dict(ascent=True), "params"),
    (dict(update=False), "never updated"),
    (dict(cost_after_update=True), "recorded costs"),
    (dict(in_place=True), "modified its input w"),
])
def test_optimize_rejects_bugs(bug, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_optimize(make_optimize(**bug))


def test_optimize_rejects_bad_returns():
    with pytest.raises(GraderError, match="return the 3 values \\(params, grads, recorded costs\\)"):
        grader.check_optimize(lambda w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False:
                              optimize(w, b, X, Y, num_iterations, learning_rate)[:2])
    with pytest.raises(GraderError, match="params must be a dict"):
        grader.check_optimize(lambda w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False:
                              ((lambda p, g, c: ((p["w"], p["b"]), g, c))(
                                  *optimize(w, b, X, Y, num_iterations, learning_rate))))


# --- predict ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fn", [predict_logistic, make_predict(), make_predict(floats=True)],
                         ids=["reference", "learner-style", "float-labels"])
def test_predict_accepts_correct(fn, capsys):
    grader.check_predict(fn)
    assert "[pass] predict: all 6 checks passed." in capsys.readouterr().out


def test_predict_course_example_values():
    pred = predict_logistic(np.array([[0.1124579], [0.23106775]]), -0.3,
                            np.array([[1.0, -1.1, -3.2], [1.2, 2.0, 0.1]]))
    np.testing.assert_array_equal(pred, [[1, 1, 0]])


@pytest.mark.parametrize("bug,needle", [
    (dict(ge=True), "A > 0.5, not A >= 0.5"),
    (dict(flat=True), "wrong shape"),
    (dict(on_z=True), "wrong values"),
    (dict(probabilities=True), "must be 0 or 1"),
])
def test_predict_rejects_bugs(bug, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_predict(make_predict(**bug))


# --- model -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fn", [logistic_regression_model, make_model()], ids=["reference", "learner-style"])
def test_model_accepts_correct(fn, capsys):
    grader.check_model(fn)
    assert "[pass] model: all 3 checks passed." in capsys.readouterr().out


@pytest.mark.parametrize("bug,needle", [
    (dict(init="random"), "initialize_with_zeros"),
    (dict(pass_lr=False), "fixed learning_rate = 0.5: pass num_iterations and learning_rate on to optimize"),
    (dict(percent=True), "looks like a percentage"),
    (dict(swap=True), "Y_prediction_train"),
    (dict(missing_key="test_accuracy"), "missing the keys \\['test_accuracy'\\]"),
])
def test_model_rejects_bugs(bug, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_model(make_model(**bug))


def test_model_that_does_not_pass_its_arguments_on_gets_that_hint():
    """Not passing num_iterations / learning_rate to optimize changes the number of recorded costs; the hint
    must name the arguments, not the recording cadence."""
    opt = make_optimize()

    def forgets_arguments(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
        out = make_model()(X_train, Y_train, X_test, Y_test, num_iterations, learning_rate)
        params, _, costs = opt(np.zeros((X_train.shape[0], 1)), 0.0, X_train, Y_train)  # optimize's defaults
        w, b = params["w"], params["b"]
        p_train, p_test = make_predict()(w, b, X_train), make_predict()(w, b, X_test)
        out.update(costs=costs, w=w, b=b, Y_prediction_train=p_train, Y_prediction_test=p_test,
                   train_accuracy=np.mean(p_train == Y_train), test_accuracy=np.mean(p_test == Y_test))
        return out

    with pytest.raises(GraderError) as err:
        grader.check_model(forgets_arguments)
    message = str(err.value)
    assert "Likely cause: optimize ran with its own defaults: pass num_iterations and learning_rate" in message
    assert "i % 100 == 0" not in message.split("Hint:")[0]


def test_model_rejects_non_dict():
    with pytest.raises(GraderError, match="return a dict"):
        grader.check_model(lambda *a, **k: logistic_regression_model(*a, **k)["w"])
