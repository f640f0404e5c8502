"""Bad input to the models, gradcheck and metrics: a clear error naming the culprit, never a wrong answer.

Each test is one class of bug found by a bad-input battery (project issue 5); the property tests
sweep shapes so that a check that only works for one example cannot pass.
"""
import copy
import pickle
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlcourse import gradcheck, init, metrics, models
from dlcourse.functional import linear_activation_forward


def _data(rng, n_x=4, m=9, dtype=np.float64):
    X = rng.standard_normal((n_x, m)).astype(dtype)
    Y = (rng.random((1, m)) > 0.5).astype(int)
    Y[0, :2] = (1, 0)
    return X, Y


def _net(layer_dims, seed=2):
    return init.he(layer_dims, seed=seed)


# --- 1 and 9: m = 0 is refused everywhere ---------------------------------------------------------------

def test_zero_examples_are_refused_everywhere():
    X0, Y0 = np.zeros((3, 0)), np.zeros((1, 0), dtype=int)
    params = _net([3, 2, 1])
    w = np.zeros((3, 1))
    calls = {
        "compute_cost": lambda: models.compute_cost(np.zeros((1, 0)), Y0),
        "propagate": lambda: models.propagate(w, 0.0, X0, Y0),
        "optimize": lambda: models.optimize(w, 0.0, X0, Y0, num_iterations=3),
        "predict_logistic": lambda: models.predict_logistic(w, 0.0, X0),
        "logistic_regression_model": lambda: models.logistic_regression_model(X0, Y0, X0, Y0, num_iterations=2),
        "L_model_forward": lambda: models.L_model_forward(X0, params),
        "predict": lambda: models.predict(X0, params),
        "predict_proba": lambda: models.predict_proba(X0, params),
        "L_layer_model": lambda: models.L_layer_model(X0, Y0, [3, 2, 1], num_iterations=2),
        "accuracy": lambda: metrics.accuracy(Y0, Y0),
    }
    for name, call in calls.items():
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a RuntimeWarning + NaN is exactly the old bug
            with pytest.raises(ValueError, match=r"m|0|empty") as err:
                call()
        assert "nan" not in str(err.value).lower(), name


# --- 2: gradcheck in float32, and x restored when f raises ----------------------------------------------

def _logistic_cost_and_grad(dtype, rng):
    X, Y = _data(rng, 6, 30, dtype)
    w = (rng.standard_normal((6, 1)) * 0.5).astype(dtype)
    grads, _ = models.propagate(w, 0.1, X, Y)
    return (lambda: models.propagate(w, 0.1, X, Y)[1]), w, grads["dw"]


def test_gradcheck_float32_uses_a_dtype_aware_step_and_warns(rng):
    cost, w, dw = _logistic_cost_and_grad(np.float32, rng)
    assert w.dtype == dw.dtype == np.float32
    with pytest.warns(gradcheck.GradcheckPrecisionWarning, match="float64"):
        coarse = gradcheck.check_gradients(cost, {"w": w}, {"w": dw}, eps=1e-6)["w"]  # the old behaviour
    with pytest.warns(gradcheck.GradcheckPrecisionWarning, match="float32"):
        good = gradcheck.check_gradients(cost, {"w": w}, {"w": dw})["w"]
    with pytest.warns(gradcheck.GradcheckPrecisionWarning):
        bad = gradcheck.check_gradients(cost, {"w": w}, {"w": dw * 1.05})["w"]
    assert coarse > 1e-2          # a 1e-6 step is below float32 resolution: an estimate several % off
    assert good < 2e-3 < bad      # the float32 step separates a correct gradient from a 5% error


def test_gradcheck_float64_is_unchanged_and_silent(rng):
    cost, w, dw = _logistic_cost_and_grad(np.float64, rng)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        auto = gradcheck.check_gradients(cost, {"w": w}, {"w": dw})["w"]
    assert auto == gradcheck.check_gradients(cost, {"w": w}, {"w": dw}, eps=1e-6)["w"] < 1e-7


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_gradcheck_restores_the_array_when_f_raises(dtype):
    x = np.linspace(-1, 1, 6, dtype=dtype).reshape(2, 3)
    x0 = x.copy()
    calls = []

    def f():
        calls.append(1)
        if len(calls) == 4:  # the second perturbation of the second entry
            raise RuntimeError("cost failed")
        return float(np.sum(x ** 2))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", gradcheck.GradcheckPrecisionWarning)
        with pytest.raises(RuntimeError, match="cost failed"):
            gradcheck.numerical_gradient(f, x)
    np.testing.assert_array_equal(x, x0)


def test_gradcheck_refuses_bad_arguments():
    x = np.ones(3)
    with pytest.raises(ValueError, match="eps"):
        gradcheck.numerical_gradient(lambda: 0.0, x, eps=0)
    with pytest.raises(TypeError, match="float16"):
        gradcheck.numerical_gradient(lambda: 0.0, x.astype(np.float16))
    with np.errstate(invalid="ignore"), pytest.raises(ValueError, match="not finite"):
        gradcheck.numerical_gradient(lambda: float(np.log(x[0] - 1)), x)
    with pytest.raises(ValueError, match="shape"):
        gradcheck.check_gradients(lambda: 0.0, {"x": x}, {"x": np.ones(4)})


# --- 3: caches carry what they came from -------------------------------------------------------------

def _forward(rng, dims=(4, 5, 3, 1), hidden="relu"):
    X, Y = _data(rng, dims[0], 7)
    params = _net(list(dims))
    AL, caches = models.L_model_forward(X, params, hidden)
    return X, Y, params, AL, caches


def test_caches_are_labelled_tuples_the_chapters_can_unpack(rng):
    X, Y, params, AL, caches = _forward(rng)
    assert len(caches) == 3 and all(isinstance(c, tuple) and len(c) == 2 for c in caches)
    (A_prev, W, b), activation_cache = caches[0]
    assert A_prev is X and W is params["W1"] and b is params["b1"]
    assert [(c.layer, c.num_layers, c.activation) for c in caches] == [(1, 3, "relu"), (2, 3, "relu"),
                                                                      (3, 3, "sigmoid")]
    for clone in (pickle.loads(pickle.dumps(caches)), copy.deepcopy(caches)):
        assert [c.layer for c in clone] == [1, 2, 3] and clone[2].activation == "sigmoid"


def test_backward_refuses_caches_of_another_activation(rng):
    _, Y, _, AL, caches = _forward(rng)
    with pytest.raises(ValueError, match=r"caches\[0\] \(layer 1\) comes from a 'relu'.*hidden_activation='tanh'"):
        models.L_model_backward(AL, Y, caches, "tanh")
    with pytest.raises(ValueError, match="output_activation='tanh'"):
        models.L_model_backward(AL, Y, caches, "relu", output_activation="tanh")


def test_backward_refuses_empty_sliced_or_reordered_caches(rng):
    _, Y, _, AL, caches = _forward(rng)
    with pytest.raises(ValueError, match="caches is empty"):
        models.L_model_backward(AL, Y, [])
    with pytest.raises(ValueError, match=r"caches\[0\] is the cache of layer 2 of a 3-layer.*sliced"):
        models.L_model_backward(AL, Y, caches[1:])
    with pytest.raises(ValueError, match="sliced"):
        models.L_model_backward(AL, Y, caches[:-1])
    with pytest.raises(ValueError, match="out of order"):
        models.L_model_backward(AL, Y, caches[::-1])
    with pytest.raises(ValueError, match="layer cache"):
        models.L_model_backward(AL, Y, [caches[0][0]])
    with pytest.raises(ValueError, match="single layer's cache"):
        models.L_model_backward(AL, Y, caches[0])
    with pytest.raises(TypeError, match="list of layer caches"):
        models.L_model_backward(AL, Y, {"caches": caches})


def test_backward_accepts_a_learners_plain_caches(rng):
    X, Y, params, AL, caches = _forward(rng)
    labelled = models.L_model_backward(AL, Y, caches)
    # what a learner's own L_model_forward builds: plain tuples from linear_activation_forward
    A, plain = X, []
    for l, act in ((1, "relu"), (2, "relu"), (3, "sigmoid")):
        A, cache = linear_activation_forward(A, params[f"W{l}"], params[f"b{l}"], act)
        plain.append(cache)
    assert type(plain[0]) is tuple
    got = models.L_model_backward(A, Y, plain)
    assert set(got) == set(labelled)
    for k in got:
        np.testing.assert_array_equal(got[k], labelled[k])
    # ... but even plain caches must chain: a reversed learner list is refused
    with pytest.raises(ValueError, match="not one forward pass in layer order"):
        models.L_model_backward(A, Y, plain[::-1])


def test_backward_checks_AL_against_the_caches(rng):
    _, Y, _, AL, caches = _forward(rng)
    with pytest.raises(ValueError, match=r"AL has shape \(1, 6\)"):
        models.L_model_backward(AL[:, :6], Y[:, :6], caches)
    with pytest.raises(ValueError, match="AL holds NaN"):
        models.L_model_backward(np.full_like(AL, np.nan), Y, caches)


@settings(max_examples=40, deadline=None)
@given(dims=st.lists(st.integers(1, 5), min_size=2, max_size=5), m=st.integers(1, 6), start=st.integers(1, 3))
def test_any_slice_of_the_caches_is_refused(dims, m, start):
    dims[-1] = 1
    rng = np.random.default_rng(len(dims) * 10 + m)
    X = rng.standard_normal((dims[0], m))
    Y = (rng.random((1, m)) > 0.5).astype(int)
    AL, caches = models.L_model_forward(X, _net(dims))
    models.L_model_backward(AL, Y, caches)  # the whole list works
    if start < len(caches):
        with pytest.raises(ValueError, match="sliced"):
            models.L_model_backward(AL, Y, caches[start:])


# --- 4: the message names the real culprit ------------------------------------------------------------

def test_nan_in_X_is_blamed_on_X_not_on_A(rng):
    X, Y = _data(rng)
    X[2, 5] = np.nan
    params = _net([4, 3, 1])
    for call in (lambda: models.L_model_forward(X, params), lambda: models.predict(X, params),
                 lambda: models.predict_proba(X, params), lambda: models.propagate(np.zeros((4, 1)), 0.0, X, Y),
                 lambda: models.L_layer_model(X, Y, [4, 3, 1], num_iterations=2),
                 lambda: models.logistic_regression_model(X, Y, X, Y, num_iterations=2)):
        with pytest.raises(ValueError, match=r"X\w* holds NaN .*index \(2, 5\)") as err:
            call()
        assert "logits" not in str(err.value)
    X[2, 5] = np.inf
    with pytest.raises(ValueError, match="X holds inf"):
        models.predict(X, params)


def test_transposed_X_is_reported_as_such(rng):
    X, Y = _data(rng, 4, 9)
    with pytest.raises(ValueError, match=r"X has shape \(9, 4\).*did you transpose X"):
        models.propagate(np.zeros((4, 1)), 0.0, X.T, Y)
    with pytest.raises(ValueError, match=r"X has shape \(9, 4\).*did you transpose X"):
        models.L_layer_model(X.T, Y, [4, 3, 1], num_iterations=2)
    with pytest.raises(ValueError, match="did you transpose X"):
        models.L_model_forward(X.T, _net([4, 3, 1]))
    with pytest.raises(ValueError, match="did you transpose X_train"):
        models.logistic_regression_model(X.T, Y, X, Y, num_iterations=2)
    with pytest.raises(ValueError, match="did you transpose w"):
        models.propagate(np.zeros((1, 4)), 0.0, X, Y)
    with pytest.raises(ValueError, match="did you transpose Y"):
        models.propagate(np.zeros((4, 1)), 0.0, X, Y.T)


@settings(max_examples=40, deadline=None)
@given(n_x=st.integers(1, 8), m=st.integers(1, 8))
def test_transposed_X_is_named_for_any_shape(n_x, m):
    X = np.ones((m, n_x))
    Y = np.zeros((1, m), dtype=int)
    if n_x == m:
        models.propagate(np.zeros((n_x, 1)), 0.0, X, Y)  # a square X cannot be told apart: it is accepted
        return
    for call in (lambda: models.propagate(np.zeros((n_x, 1)), 0.0, X, Y),
                 lambda: models.L_layer_model(X, Y, [n_x, 2, 1], num_iterations=1)):
        with pytest.raises(ValueError, match="did you transpose X"):
            call()


def test_wrong_W_names_the_layer(rng):
    X, _ = _data(rng)
    params = _net([4, 3, 2, 1])
    params["W2"] = params["W2"].T
    with pytest.raises(ValueError, match=r"parameters\['W2'\] has shape \(3, 2\), expected \(n2, n1\) = \(2, 3\)"
                                         r".*did you transpose W2"):
        models.L_model_forward(X, params)
    params = _net([4, 3, 2, 1])
    params["b3"] = params["b3"].ravel()
    with pytest.raises(ValueError, match=r"parameters\['b3'\].*reshape"):
        models.predict(X, params)
    params = _net([4, 3, 2, 1])
    params["W3"][0, 1] = np.nan
    with pytest.raises(ValueError, match=r"parameters\['W3'\] holds NaN.*diverged"):
        models.predict(X, params)


# --- 5: b as a number or a (1, 1) array ----------------------------------------------------------------

@pytest.mark.parametrize("b_in", [np.array([[0.3]]), np.array([0.3]), np.array(0.3)])
def test_b_may_be_a_size_one_array_and_comes_back_in_its_form(rng, b_in):
    X, Y = _data(rng)
    w = rng.standard_normal((4, 1))
    g_num, c_num = models.propagate(w, 0.3, X, Y)
    g_arr, c_arr = models.propagate(w, b_in, X, Y)
    assert c_arr == c_num and isinstance(g_num["db"], float)
    assert isinstance(g_arr["db"], np.ndarray) and g_arr["db"].shape == b_in.shape and g_arr["db"] == g_num["db"]
    p_num, _, costs_num = models.optimize(w, 0.3, X, Y, num_iterations=20, learning_rate=0.1)
    p_arr, _, costs_arr = models.optimize(w, b_in, X, Y, num_iterations=20, learning_rate=0.1)
    assert costs_arr == costs_num and p_arr["b"].shape == b_in.shape and p_arr["b"] == p_num["b"]
    np.testing.assert_array_equal(p_arr["w"], p_num["w"])
    assert models.predict_logistic(p_arr["w"], p_arr["b"], X).tolist() == \
        models.predict_logistic(p_num["w"], p_num["b"], X).tolist()


def test_bad_b_is_refused(rng):
    X, Y = _data(rng)
    w = np.zeros((4, 1))
    with pytest.raises(ValueError, match=r"b must be a number or a \(1, 1\) array.*\(2, 1\)"):
        models.propagate(w, np.zeros((2, 1)), X, Y)
    with pytest.raises(TypeError, match="b must be a number"):
        models.propagate(w, "0", X, Y)
    with pytest.raises(ValueError, match="b holds NaN"):
        models.propagate(w, float("nan"), X, Y)


# --- 6: labels and predictions are checked on both sides ------------------------------------------------

def test_logistic_regression_model_checks_the_test_split(rng):
    X, Y = _data(rng)
    with pytest.raises(ValueError, match=r"X_test has shape \(3, 9\): 3 features, but expected n_x = 4"):
        models.logistic_regression_model(X, Y, X[:3], Y, num_iterations=2)
    with pytest.raises(ValueError, match="Y_test must hold only 0/1"):
        models.logistic_regression_model(X, Y, X, Y * 2, num_iterations=2)
    with pytest.raises(ValueError, match=r"Y_test has shape \(1, 5\)"):
        models.logistic_regression_model(X, Y, X, Y[:, :5], num_iterations=2)


def test_accuracy_refuses_probabilities():
    labels = np.array([[1, 0, 1]])
    with pytest.raises(ValueError, match=r"predictions must hold class labels.*threshold"):
        metrics.accuracy(np.array([[0.9, 0.2, 0.7]]), labels)
    with pytest.raises(ValueError, match="labels must hold class labels"):
        metrics.accuracy(labels, np.array([[1.0, np.nan, 1.0]]))
    assert metrics.accuracy(np.array([[1.0, 0.0, 0.0]]), labels) == pytest.approx(2 / 3)  # integral floats
    assert metrics.accuracy(np.array([[True, False, True]]), labels) == 1.0


def test_confusion_matrix_refuses_fractions_and_out_of_range_classes():
    y = np.array([0, 1, 1, 0])
    with pytest.raises(ValueError, match=r"predictions must hold class labels.*\[0.7\]"):
        metrics.confusion_matrix(np.array([0.0, 1.0, 0.7, 0.0]), y)
    with pytest.raises(ValueError, match="labels hold class 2, but n_classes = 2"):
        metrics.confusion_matrix(y, np.array([0, 2, 1, 0]))
    with pytest.raises(ValueError, match=">= 0"):
        metrics.confusion_matrix(np.array([0, -1, 1, 0]), y)
    with pytest.raises(ValueError, match="n_classes"):
        metrics.confusion_matrix(y, y, n_classes=0)
    np.testing.assert_array_equal(metrics.confusion_matrix(np.array([0, 2, 1, 1]), np.array([0, 1, 1, 2]), 3),
                                  [[1, 0, 0], [0, 1, 1], [0, 1, 0]])


# --- 7: logistic regression keeps the dtype of X ---------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_logistic_regression_keeps_the_dtype_of_X(rng, dtype):
    X, Y = _data(rng, 5, 40, dtype)
    w0, b0 = models.initialize_with_zeros(5)
    params, grads, costs = models.optimize(w0, b0, X, Y, num_iterations=50, learning_rate=0.5)
    assert params["w"].dtype == grads["dw"].dtype == dtype
    assert np.asarray(params["b"]).dtype == np.asarray(grads["db"]).dtype == dtype
    d = models.logistic_regression_model(X, Y, X, Y, num_iterations=50, learning_rate=0.5)
    assert d["w"].dtype == dtype and np.asarray(d["b"]).dtype == dtype
    if dtype == np.float64:  # the float64 path returns Python floats, as before
        assert type(params["b"]) is float and type(grads["db"]) is float
    else:  # and float32 follows float64 closely
        X64 = X.astype(np.float64)
        ref, _, costs64 = models.optimize(w0, b0, X64, Y, num_iterations=50, learning_rate=0.5)
        np.testing.assert_allclose(params["w"], ref["w"], rtol=1e-3, atol=1e-5)
        np.testing.assert_allclose(costs, costs64, rtol=1e-5)


def test_L_layer_model_trains_in_the_dtype_of_X(rng):
    X, Y = _data(rng, 4, 30, np.float32)
    params, costs = models.L_layer_model(X, Y, [4, 3, 1], learning_rate=0.1, num_iterations=20)
    assert all(v.dtype == np.float32 for v in params.values())
    assert models.predict_proba(X, params).dtype == np.float32


# --- 9: update_parameters, L_layer_model and init -------------------------------------------------------

def test_update_parameters_refuses_non_finite_values():
    p = _net([3, 2, 1])
    g = {"d" + k: np.zeros_like(v) for k, v in p.items()}
    g["dW2"][0, 0] = np.inf
    with pytest.raises(ValueError, match=r"grads\['dW2'\] holds inf.*lower the learning rate"):
        models.update_parameters(p, g, 0.1)
    g["dW2"][0, 0] = 0.0
    p["b1"][1, 0] = np.nan
    with pytest.raises(ValueError, match=r"parameters\['b1'\] holds NaN"):
        models.update_parameters(p, g, 0.1)
    with pytest.raises(ValueError, match="learning_rate"):
        models.update_parameters(_net([3, 2, 1]), g, 0)


def test_L_layer_model_refuses_bad_arguments_and_divergence(rng):
    X, Y = _data(rng, 4, 12)
    with pytest.raises(ValueError, match=r"Y has shape \(12,\).*reshape\(1, -1\)"):
        models.L_layer_model(X, Y.ravel(), [4, 3, 1], num_iterations=2)
    with pytest.raises(ValueError, match="layer_dims"):
        models.L_layer_model(X, Y, [4], num_iterations=2)
    with pytest.raises(ValueError, match=r"parameters describe layers \[4, 5, 1\] but layer_dims is \[4, 3, 1\]"):
        models.L_layer_model(X, Y, [4, 3, 1], num_iterations=2, parameters=_net([4, 5, 1]))
    with pytest.raises(ValueError, match="learning_rate"):
        models.L_layer_model(X, Y, [4, 3, 1], num_iterations=2, learning_rate=float("nan"))
    # 1e308 overflows the first update to inf on any CPU; at 1e300 whether the ReLU units die before
    # anything overflows depends on the last bits of the sums (it raised on one machine, not on another)
    with np.errstate(all="ignore"), pytest.raises(ValueError, match="diverged"):
        models.L_layer_model(X * 1e3, Y, [4, 8, 1], learning_rate=1e308, num_iterations=200, init="he")


@pytest.mark.parametrize("dims, match", [
    ([4, 0, 1], r"layer_dims\[1\]"), ([4, -2, 1], r"layer_dims\[1\]"), ([4.0, 2, 1], r"layer_dims\[0\]"),
    ([4, True, 1], r"layer_dims\[1\]"), ({"n_x": 4}, "layer_dims"), (np.ones((2, 2), dtype=int), "flat"),
])
def test_init_names_the_bad_layer_size(dims, match):
    with pytest.raises(ValueError, match=match):
        init.initialize_parameters(dims)


def test_init_accepts_numpy_dims_and_checks_the_seed():
    a = init.he(np.array([3, 2, 1]), seed=np.int64(4))
    b = init.he([3, 2, 1], seed=4)
    assert all(np.array_equal(a[k], b[k]) for k in a)
    with pytest.raises(ValueError, match="seed"):
        init.he([3, 2, 1], seed=-1)
    with pytest.raises(ValueError, match="seed"):
        init.xavier([3, 2, 1], seed=1.5)
