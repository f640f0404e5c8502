"""init, optim, gradcheck, metrics and the Course 1 models."""
import numpy as np
import pytest

from dlcourse import gradcheck, init, metrics, models, optim
from dlcourse.gradcheck import check_gradients

TOL = 1e-7


# --- init ------------------------------------------------------------------------------------

@pytest.mark.parametrize("method,std", [("random", 0.01), ("xavier", np.sqrt(1 / 400)), ("he", np.sqrt(2 / 400))])
def test_initializers_shapes_and_scale(method, std):
    p = init.initialize_parameters([400, 300, 1], method=method, seed=3)
    assert p["W1"].shape == (300, 400) and p["b1"].shape == (300, 1) and p["W2"].shape == (1, 300)
    assert not p["b1"].any()
    assert p["W1"].std() == pytest.approx(std, rel=0.05)


def test_initializers_are_deterministic_and_seeded():
    a = init.he([3, 4, 1], seed=5)
    b = init.he([3, 4, 1], seed=5)
    c = init.he([3, 4, 1], seed=6)
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert not np.array_equal(a["W1"], c["W1"])


def test_zeros_initializer_and_bad_dims():
    assert not any(v.any() for v in init.zeros([2, 3, 1]).values())
    for bad in ([3], [3, 0, 1], [3, 2.5, 1], "31"):
        with pytest.raises(ValueError):
            init.initialize_parameters(bad)
    with pytest.raises(ValueError, match="unknown initialisation"):
        init.initialize_parameters([2, 1], method="orthogonal")


# --- optim -----------------------------------------------------------------------------------

def test_sgd_update_and_errors():
    p = {"W1": np.ones((2, 2)), "b1": np.zeros((2, 1))}
    g = {"dW1": np.full((2, 2), 2.0), "db1": np.ones((2, 1)), "dA0": np.zeros(5)}
    new = optim.sgd_update(p, g, 0.5)
    np.testing.assert_allclose(new["W1"], 0.0)
    np.testing.assert_allclose(new["b1"], -0.5)
    assert p["W1"][0, 0] == 1.0  # inputs untouched
    with pytest.raises(ValueError, match="dW1"):
        optim.sgd_update(p, {"db1": g["db1"]}, 0.1)
    with pytest.raises(ValueError, match="shape"):
        optim.sgd_update(p, {"dW1": np.ones((2, 3)), "db1": g["db1"]}, 0.1)
    with pytest.raises(ValueError, match="learning_rate"):
        optim.sgd_update(p, g, -1)


# --- gradcheck -------------------------------------------------------------------------------

def test_numerical_gradient_of_quadratic_and_restores_input(rng):
    x = rng.standard_normal((3, 2))
    x0 = x.copy()
    grad = gradcheck.numerical_gradient(lambda: np.sum(x ** 3), x)
    np.testing.assert_allclose(grad, 3 * x0 ** 2, rtol=1e-6)
    np.testing.assert_array_equal(x, x0)


def test_gradient_check_detects_a_wrong_gradient(rng):
    x = rng.standard_normal(5)
    good = check_gradients(lambda: np.sum(np.sin(x)), {"x": x}, {"x": np.cos(x)})["x"]
    bad = check_gradients(lambda: np.sum(np.sin(x)), {"x": x}, {"x": np.cos(x) * 1.01})["x"]
    assert good < 1e-8 and bad > 1e-3


def test_dictionary_vector_roundtrip(rng):
    p = init.he([3, 2, 1], seed=0)
    vec, layout = gradcheck.dictionary_to_vector(p)
    assert vec.shape == (3 * 2 + 2 + 2 + 1, 1)
    back = gradcheck.vector_to_dictionary(vec, layout)
    assert all(np.array_equal(back[k], p[k]) for k in p)
    with pytest.raises(ValueError):
        gradcheck.vector_to_dictionary(vec[:-1], layout)


def test_verdict_bands():
    assert gradcheck.verdict(2.9e-10) == "below 1e-7: ok"
    assert gradcheck.verdict(1.2e-7).startswith("between 1e-7 and 1e-5")
    assert gradcheck.verdict(1e-5).startswith("between 1e-5 and 1e-3")
    assert gradcheck.verdict(0.285) == "above 1e-3: WRONG"
    assert gradcheck.verdict(np.inf) == "above 1e-3: WRONG"
    assert gradcheck.verdict(np.nan) == "not a number: WRONG"
    assert gradcheck.verdict(np.float64(0.0)) == "below 1e-7: ok"
    with pytest.raises(ValueError, match="norms"):
        gradcheck.verdict(-0.1)


# --- metrics ---------------------------------------------------------------------------------

def test_metrics():
    p = np.array([[1, 0, 1, 1, 0]])
    y = np.array([[1, 0, 0, 1, 1]])
    assert metrics.accuracy(p, y) == pytest.approx(0.6)
    np.testing.assert_array_equal(metrics.confusion_matrix(p, y), [[1, 1], [1, 2]])
    prec, rec, f1 = metrics.precision_recall_f1(p, y)
    assert (prec, rec) == pytest.approx((2 / 3, 2 / 3)) and f1 == pytest.approx(2 / 3)
    with pytest.raises(ValueError):
        metrics.accuracy(p, y[:, :3])


# --- models ----------------------------------------------------------------------------------

def test_logistic_propagate_gradients(rng):
    X = rng.standard_normal((4, 10))
    Y = (rng.uniform(size=(1, 10)) > 0.5).astype(int)
    w = rng.standard_normal((4, 1))
    b = np.array([0.3])
    grads, cost = models.propagate(w, b[0], X, Y)
    errs = check_gradients(lambda: models.propagate(w, b[0], X, Y)[1], {"w": w, "b": b},
                           {"w": grads["dw"], "b": np.array([grads["db"]])})
    assert max(errs.values()) < TOL


def test_logistic_propagate_known_values():
    # the course's worked example
    w, b = np.array([[1.0], [2.0]]), 2.0
    X = np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]])
    Y = np.array([[1, 0, 1]])
    grads, cost = models.propagate(w, b, X, Y)
    np.testing.assert_allclose(grads["dw"], [[0.99845601], [2.39507239]], rtol=1e-7)
    assert grads["db"] == pytest.approx(0.00145557813678, rel=1e-7)
    assert cost == pytest.approx(5.801545319394553, rel=1e-10)


def test_logistic_regression_learns_separable_data(rng):
    X = rng.standard_normal((2, 200))
    Y = (X[0:1] - 0.5 * X[1:2] > 0).astype(int)
    d = models.logistic_regression_model(X, Y, X, Y, num_iterations=500, learning_rate=0.5)
    assert d["train_accuracy"] > 0.95
    assert d["costs"][0] == pytest.approx(np.log(2)) and d["costs"][-1] < 0.3


@pytest.mark.parametrize("hidden", ["relu", "tanh", "sigmoid", "leaky_relu"])
def test_L_model_backward_matches_numerical_gradient(rng, hidden):
    layer_dims = [4, 5, 3, 1]
    X = rng.standard_normal((4, 7))
    Y = (rng.uniform(size=(1, 7)) > 0.5).astype(int)
    params = init.he(layer_dims, seed=2)
    for l in (1, 2, 3):  # nonzero biases keep every unit away from ReLU's kink at exactly 0
        params[f"b{l}"] = rng.uniform(0.1, 0.3, params[f"b{l}"].shape)
    AL, caches = models.L_model_forward(X, params, hidden)
    grads = models.L_model_backward(AL, Y, caches, hidden)

    def cost():
        return models.compute_cost(models.L_model_forward(X, params, hidden)[0], Y)

    errs = check_gradients(cost, params, {k: grads["d" + k] for k in params})
    # dA0 is per example: m * dJ/dX
    errs.update(check_gradients(lambda: 7 * cost(), {"X": X}, {"X": grads["dA0"]}))
    assert max(errs.values()) < 1e-6, errs


def test_L_layer_model_fits_xor_like_data(rng):
    X = rng.uniform(-1, 1, (2, 300))
    Y = ((X[0] * X[1]) > 0).astype(int).reshape(1, -1)
    params, costs = models.L_layer_model(X, Y, [2, 8, 4, 1], learning_rate=0.5, num_iterations=3000, init="he")
    assert costs[-1] < costs[0] / 3
    assert np.mean(models.predict(X, params) == Y) > 0.9


def test_model_input_validation():
    params = init.he([3, 2, 1])
    with pytest.raises(ValueError, match=r"parameters\['W1'\] has shape \(2, 3\).*X has 4 features"):
        models.L_model_forward(np.zeros((4, 5)), params)
    with pytest.raises(ValueError, match="W1, b1"):
        models.L_model_forward(np.zeros((3, 5)), {"W1": params["W1"]})
    with pytest.raises(ValueError, match="features"):
        models.L_layer_model(np.zeros((4, 5)), np.zeros((1, 5)), [3, 2, 1])
    with pytest.raises(ValueError, match="0/1 labels"):
        models.L_layer_model(np.zeros((3, 5)), np.full((1, 5), 2), [3, 2, 1])
    with pytest.raises(ValueError, match=r"Y has shape"):
        models.propagate(np.zeros((3, 1)), 0.0, np.zeros((3, 5)), np.zeros((1, 4)))


def test_training_gradients_skip_only_the_input_gradient(rng):
    X = rng.standard_normal((6, 5))
    Y = (rng.uniform(size=(1, 5)) > 0.5).astype(int)
    params = init.he([6, 4, 1], seed=3)
    AL, caches = models.L_model_forward(X, params)
    full = models.L_model_backward(AL, Y, caches)
    lean = models.L_model_backward(AL, Y, caches, input_grad=False)
    assert "dA0" in full and "dA0" not in lean
    assert set(full) - set(lean) == {"dA0"}
    for k in lean:
        np.testing.assert_array_equal(lean[k], full[k])
