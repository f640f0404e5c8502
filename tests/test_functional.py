"""Every backward kernel is checked against central-difference numerical gradients."""
import numpy as np
import pytest

from dlcourse import functional as F
from dlcourse.gradcheck import check_gradients, gradient_difference, numerical_gradient

TOL = 1e-7

ACTS = ["sigmoid", "relu", "tanh", "leaky_relu", "softmax", "linear"]


def away_from_kinks(rng, shape):
    Z = rng.standard_normal(shape)
    return np.where(np.abs(Z) < 0.05, 0.3, Z)  # no numerical step crosses ReLU's kink


@pytest.mark.parametrize("name", ACTS)
def test_activation_backward_matches_numerical_gradient(rng, name):
    Z = away_from_kinks(rng, (4, 6))
    G = rng.standard_normal((4, 6))
    fwd, bwd = F.ACTIVATIONS[name]
    A, cache = fwd(Z)
    dZ = bwd(G, cache)
    err = check_gradients(lambda: np.sum(G * fwd(Z)[0]), {"Z": Z}, {"Z": dZ})
    assert err["Z"] < TOL


@pytest.mark.parametrize("name", ACTS)
def test_linear_activation_backward(rng, name):
    A_prev = rng.standard_normal((5, 7))
    W = rng.standard_normal((3, 5))
    b = rng.standard_normal((3, 1))
    G = rng.standard_normal((3, 7))
    m = A_prev.shape[1]
    A, cache = F.linear_activation_forward(A_prev, W, b, name)
    dA_prev, dW, db = F.linear_activation_backward(G, cache, name)

    def f():
        return np.sum(G * F.linear_activation_forward(A_prev, W, b, name)[0])

    # dW, db are gradients of the mean (f / m); dA_prev is per-example (gradient of f).
    errs = check_gradients(lambda: f() / m, {"W": W, "b": b}, {"W": dW, "b": db})
    errs.update(check_gradients(f, {"A_prev": A_prev}, {"A_prev": dA_prev}))
    assert max(errs.values()) < TOL, errs


def test_linear_forward_values_and_shapes():
    A = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    W = np.array([[1.0, 0.0, -1.0]])
    b = np.array([[0.5]])
    Z, cache = F.linear_forward(A, W, b)
    np.testing.assert_allclose(Z, [[-3.5, -3.5]])
    assert cache[0] is A


@pytest.mark.parametrize(
    "A_shape,W_shape,b_shape,needle",
    [((4, 3), (2, 5), (2, 1), "A_prev"), ((5, 3), (2, 5), (5, 1), "b"), ((5, 3), (2, 5), (2,), "b")],
)
def test_linear_forward_rejects_bad_shapes(A_shape, W_shape, b_shape, needle):
    with pytest.raises(ValueError, match=needle):
        F.linear_forward(np.zeros(A_shape), np.zeros(W_shape), np.zeros(b_shape))


def test_linear_backward_rejects_bad_dZ(rng):
    _, cache = F.linear_forward(rng.standard_normal((3, 4)), rng.standard_normal((2, 3)), np.zeros((2, 1)))
    with pytest.raises(ValueError, match=r"dZ has shape \(2, 5\)"):
        F.linear_backward(np.zeros((2, 5)), cache)


def test_unknown_activation_is_an_error():
    with pytest.raises(ValueError, match="unknown activation 'swish'"):
        F.activation_forward(np.zeros((1, 1)), "swish")


def test_activation_backward_rejects_mismatched_dA(rng):
    _, cache = F.relu_forward(rng.standard_normal((3, 4)))
    with pytest.raises(ValueError, match="same shape"):
        F.relu_backward(np.zeros((4, 3)), cache)


def test_sigmoid_is_stable_and_correct():
    z = np.array([-1000.0, -20.0, 0.0, 3.0, 1000.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = F.sigmoid(z)
    np.testing.assert_allclose(s, 1 / (1 + np.exp(-np.clip(z, -700, 700))), rtol=1e-12, atol=1e-300)
    assert s[2] == 0.5


def test_plain_derivatives_match_numerical(rng):
    z = away_from_kinks(rng, (10,))
    for f, df in [(F.sigmoid, F.sigmoid_derivative), (F.tanh, F.tanh_derivative),
                  (F.relu, F.relu_derivative), (F.leaky_relu, F.leaky_relu_derivative)]:
        G = np.ones_like(z)
        num = numerical_gradient(lambda: np.sum(G * f(z)), z)
        assert gradient_difference(df(z), num) < TOL, f.__name__


def test_softmax_columns_sum_to_one_and_is_shift_invariant(rng):
    Z = rng.standard_normal((4, 5)) * 50
    A = F.softmax(Z)
    np.testing.assert_allclose(A.sum(axis=0), 1.0)
    np.testing.assert_allclose(F.softmax(Z + 1000.0), A)


def test_binary_cross_entropy_value_and_gradient(rng):
    A = rng.uniform(0.05, 0.95, (1, 8))
    Y = (rng.uniform(size=(1, 8)) > 0.5).astype(float)
    expected = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    assert F.binary_cross_entropy(A, Y) == pytest.approx(expected, rel=1e-12)
    m = A.shape[1]
    dA = F.binary_cross_entropy_backward(A, Y)  # per example = m * dJ/dA
    err = check_gradients(lambda: F.binary_cross_entropy(A, Y) * m, {"A": A}, {"A": dA})
    assert err["A"] < TOL


def test_binary_cross_entropy_saturated_prediction_is_finite():
    cost = F.binary_cross_entropy(np.array([[1.0, 0.0]]), np.array([[0, 1]]))
    assert np.isfinite(cost) and cost > 30


@pytest.mark.parametrize("A,Y,needle", [
    (np.array([[0.5, 0.5]]), np.array([[1, 0, 1]]), r"Y has shape \(1, 3\) but A has shape \(1, 2\)"),
    (np.array([[1.5, 0.5]]), np.array([[1, 0]]), "probabilities"),
    (np.array([[0.5, 0.5]]), np.array([[2, 0]]), "0/1 labels"),
])
def test_binary_cross_entropy_rejects_bad_input(A, Y, needle):
    with pytest.raises(ValueError, match=needle):
        F.binary_cross_entropy(A, Y)


def test_sigmoid_cross_entropy_with_logits_matches_and_grads(rng):
    Z = rng.standard_normal((1, 9)) * 3
    Y = (rng.uniform(size=(1, 9)) > 0.5).astype(float)
    assert F.sigmoid_cross_entropy_with_logits(Z, Y) == pytest.approx(F.binary_cross_entropy(F.sigmoid(Z), Y))
    dZ = F.sigmoid_cross_entropy_with_logits_backward(Z, Y)
    err = check_gradients(lambda: 9 * F.sigmoid_cross_entropy_with_logits(Z, Y), {"Z": Z}, {"Z": dZ})
    assert err["Z"] < TOL
    assert np.isfinite(F.sigmoid_cross_entropy_with_logits(np.array([[1e4, -1e4]]), np.array([[0, 1]])))


def test_softmax_and_categorical_cross_entropy_gradients(rng):
    C, m = 4, 6
    Z = rng.standard_normal((C, m))
    Y = np.eye(C)[rng.integers(0, C, m)].T
    A = F.softmax(Z)
    assert F.softmax_cross_entropy(Z, Y) == pytest.approx(F.categorical_cross_entropy(A, Y))
    dZ = F.softmax_cross_entropy_backward(Z, Y)
    assert check_gradients(lambda: m * F.softmax_cross_entropy(Z, Y), {"Z": Z}, {"Z": dZ})["Z"] < TOL
    Ap = rng.uniform(0.1, 0.9, (C, m))
    dA = F.categorical_cross_entropy_backward(Ap, Y)
    assert check_gradients(lambda: m * F.categorical_cross_entropy(Ap, Y), {"A": Ap}, {"A": dA})["A"] < TOL
    # chaining softmax_backward with the categorical loss gives the fused gradient
    np.testing.assert_allclose(F.softmax_backward(F.categorical_cross_entropy_backward(A, Y), A), dZ, atol=1e-12)


def test_one_hot_is_validated():
    with pytest.raises(ValueError, match="one-hot"):
        F.softmax_cross_entropy(np.zeros((3, 2)), np.array([[1, 1], [1, 0], [0, 0]]))


# --- regressions from the bad-input battery (issue 5) -------------------------------------------

def test_small_integer_inputs_are_converted_before_arithmetic():
    z = np.array([3, 200], np.uint8)
    np.testing.assert_allclose(F.sigmoid(z), 1 / (1 + np.exp(-np.array([3.0, 200.0]))))
    np.testing.assert_allclose(F.softmax(np.array([[3], [200]], np.uint8)).ravel(), [np.exp(-197.0), 1.0])
    assert F.relu_derivative(np.array([-1, 1], np.int8)).tolist() == [0.0, 1.0]
    assert F.binary_cross_entropy(np.array([[True, False]]), np.array([[1, 0]], np.uint8)) < 1e-12


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_outputs_follow_the_float_dtype(rng, dtype):
    Z = rng.standard_normal((3, 4)).astype(dtype)
    for name, (fwd, bwd) in F.ACTIVATIONS.items():
        A, cache = fwd(Z)
        assert A.dtype == dtype and bwd(np.ones_like(Z), cache).dtype == dtype, name
    for f in (F.sigmoid, F.sigmoid_derivative, F.relu, F.relu_derivative, F.tanh, F.tanh_derivative,
              F.leaky_relu, F.leaky_relu_derivative, F.softmax):
        assert f(Z).dtype == dtype, f.__name__
    row, Y = F.sigmoid(Z[:1]), (Z[:1] > 0).astype(int)
    assert F.binary_cross_entropy_backward(row, Y).dtype == dtype
    assert F.sigmoid_cross_entropy_with_logits_backward(Z[:1], Y).dtype == dtype
    Yh = np.eye(3)[[0, 1, 2, 0]].T
    assert F.softmax_cross_entropy_backward(Z, Yh).dtype == dtype
    assert F.categorical_cross_entropy_backward(F.softmax(Z), Yh).dtype == dtype


@pytest.mark.parametrize("loss", [F.binary_cross_entropy, F.binary_cross_entropy_backward,
                                  F.sigmoid_cross_entropy_with_logits, F.sigmoid_cross_entropy_with_logits_backward])
def test_binary_losses_refuse_a_column_of_predictions(loss):
    with pytest.raises(ValueError, match=r"shape \(1, m\), got shape \(4, 1\) \(did you pass the transpose"):
        loss(np.full((4, 1), 0.5), np.array([[1], [0], [1], [0]]))
    assert F.binary_cross_entropy(np.full((1, 4), 0.5), np.array([[1, 0, 1, 0]])) == pytest.approx(np.log(2))


@pytest.mark.parametrize("Y", [np.array([[0, 1]]), np.array([[1, 0]])])
def test_float32_saturated_prediction_is_finite(Y):
    A = np.array([[1.0, 0.0]], np.float32)
    assert np.isfinite(F.binary_cross_entropy(A, Y))
    assert np.all(np.isfinite(F.binary_cross_entropy_backward(A, Y)))
    assert np.isfinite(F.categorical_cross_entropy(np.array([[1.0], [0.0]], np.float32), np.array([[0], [1]])))


def test_float64_clipping_margin_is_unchanged():
    # chapter 1.5's grader and stored costs use 1e-15: -log(1e-15) for a confident wrong prediction
    assert F.binary_cross_entropy(np.array([[1.0]]), np.array([[0]])) == -np.log(1 - (1 - 1e-15))


@pytest.mark.parametrize("A,needle", [
    (np.array([[np.nan, 0.5]]), r"A contains NaN/inf \(check the input data / learning rate\)"),
    (np.array([[np.inf, 0.5]]), r"A contains NaN/inf"),
    (np.array([[3.2, 0.5]]), r"did you pass logits"),
])
@pytest.mark.parametrize("loss", [F.binary_cross_entropy, F.binary_cross_entropy_backward])
def test_bad_predictions_are_named(loss, A, needle):
    with pytest.raises(ValueError, match=needle):
        loss(A, np.array([[1, 0]]))


def test_binary_backward_checks_labels():
    with pytest.raises(ValueError, match="0/1 labels"):
        F.binary_cross_entropy_backward(np.array([[0.5, 0.5]]), np.array([[2, 0]]))
    with pytest.raises(ValueError, match="0/1 labels"):
        F.sigmoid_cross_entropy_with_logits_backward(np.array([[0.5, 0.5]]), np.array([[-1, 0]]))


def test_binary_cross_entropy_backward_is_bitwise_the_course_formula(rng):
    A, Y = rng.uniform(0.01, 0.99, (1, 50)), (rng.random((1, 50)) > 0.5).astype(float)
    assert np.array_equal(F.binary_cross_entropy_backward(A, Y), -(Y / A - (1 - Y) / (1 - A)))


def test_sigmoid_is_the_exact_formula_in_its_range(rng):
    z = rng.uniform(-700, 700, 1000)
    np.testing.assert_allclose(F.sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-15, atol=0)
    z32 = rng.uniform(-80, 80, 1000).astype(np.float32)
    np.testing.assert_allclose(F.sigmoid(z32), 1 / (1 + np.exp(-z32.astype(float))), rtol=1e-6)


# --- caches --------------------------------------------------------------------------------------

def test_course_caches_keep_their_plain_layout(rng):
    Z = rng.standard_normal((2, 3))
    assert F.relu_forward(Z)[1] is not None and np.array_equal(F.relu_forward(Z)[1], Z)
    A, cache = F.sigmoid_forward(Z)
    assert isinstance(cache, np.ndarray) and np.array_equal(cache, A)
    A, cache = F.tanh_forward(Z)
    assert isinstance(cache, np.ndarray) and np.array_equal(cache, A)
    A, (lin, act) = F.linear_activation_forward(Z, rng.standard_normal((4, 2)), np.zeros((4, 1)), "relu")
    assert isinstance(lin, tuple) and len(lin) == 3 and lin[0] is Z and isinstance(act, np.ndarray)
    # chapter 1.5 passes hand-built caches to the package's backwards
    np.testing.assert_array_equal(F.relu_backward(np.ones_like(Z), Z), (Z > 0).astype(float))
    s = F.sigmoid(Z)
    np.testing.assert_allclose(F.sigmoid_backward(np.ones_like(Z), s), s * (1 - s))


def test_tagged_caches_refuse_another_kernel(rng):
    Z = rng.standard_normal((3, 4))
    _, leaky = F.leaky_relu_forward(Z)
    _, soft = F.softmax_forward(Z)
    _, ident = F.activation_forward(Z, "linear")
    with pytest.raises(TypeError, match="softmax_backward was given the cache of leaky_relu_forward"):
        F.softmax_backward(np.ones_like(Z), leaky)
    with pytest.raises(TypeError, match="leaky_relu_backward was given the cache of softmax_forward"):
        F.leaky_relu_backward(np.ones_like(Z), soft)
    for bwd in (F.relu_backward, F.sigmoid_backward, F.tanh_backward):
        with pytest.raises(TypeError, match="was given the cache of identity_forward"):
            bwd(np.ones_like(Z), ident)
    with pytest.raises(TypeError, match="expects the cache returned by leaky_relu_forward"):
        F.leaky_relu_backward(np.ones_like(Z), Z)


def test_plain_caches_are_checked_where_their_values_allow(rng):
    Z = rng.standard_normal((3, 4)) * 3
    with pytest.raises(ValueError, match=r"tanh_backward holds values in .*relu_forward caches Z"):
        F.tanh_backward(np.ones_like(Z), Z)
    with pytest.raises(ValueError, match="columns do not sum to 1"):
        F.softmax_backward(np.ones_like(Z), np.abs(np.tanh(Z)))
    with pytest.raises(ValueError, match="contains NaN/inf"):
        F.tanh_backward(np.ones((1, 2)), np.array([[np.nan, 0.0]]))
    with pytest.raises(TypeError, match="whole layer cache"):
        F.relu_backward(np.ones_like(Z), ((Z, Z, Z), Z))


def test_model_backward_with_the_wrong_activation_is_refused():
    from dlcourse import init, models
    rng = np.random.default_rng(3)
    X = rng.standard_normal((4, 6)) * 3
    Y = (rng.random((1, 6)) > 0.5).astype(int)
    params = init.xavier([4, 5, 1], seed=2)
    params["W1"] = params["W1"] * 5  # |Z1| > 1 somewhere: not a tanh output
    AL, caches = models.L_model_forward(X, params)  # relu hidden layers
    with pytest.raises((ValueError, TypeError), match="tanh"):
        models.L_model_backward(AL, Y, caches, "tanh")


def test_linear_backward_checks_its_cache(rng):
    A, W, b = rng.standard_normal((3, 4)), rng.standard_normal((2, 3)), np.zeros((2, 1))
    _, lin = F.linear_forward(A, W, b)
    _, soft = F.softmax_forward(rng.standard_normal((2, 4)))
    with pytest.raises(TypeError, match="linear_backward expects linear_cache = \\(A_prev, W, b\\)"):
        F.linear_backward(np.zeros((2, 4)), (lin, A))
    with pytest.raises(TypeError, match="cache of softmax_forward"):
        F.linear_backward(np.zeros((2, 4)), soft)
    with pytest.raises(ValueError, match=r"the cached A_prev has shape \(4, 3\)"):
        F.linear_backward(np.zeros((2, 4)), (A.T, W, b))
    with pytest.raises(TypeError, match="layer cache \\(linear_cache, activation_cache\\)"):
        F.linear_activation_backward(np.zeros((2, 4)), lin, "relu")


def test_leaky_relu_alpha_is_validated_and_used(rng):
    Z = rng.standard_normal((2, 5))
    np.testing.assert_allclose(F.leaky_relu(Z, 0.2), np.where(Z > 0, Z, 0.2 * Z))
    np.testing.assert_allclose(F.leaky_relu(Z, 3.0), np.where(Z > 0, Z, 3.0 * Z))  # alpha > 1 still right
    with pytest.raises(ValueError, match="alpha"):
        F.leaky_relu(Z, float("nan"))


@pytest.mark.parametrize("name", ACTS)
def test_float32_backward_agrees_with_float64(rng, name):
    # a float32 numerical gradient is too coarse for TOL; the float64 one (above) is checked,
    # and the float32 kernels must give the same derivative to float32 precision
    Z = away_from_kinks(rng, (4, 6))
    G = rng.standard_normal((4, 6))
    fwd, bwd = F.ACTIVATIONS[name]
    d64 = bwd(G, fwd(Z)[1])
    d32 = bwd(G.astype(np.float32), fwd(Z.astype(np.float32))[1])
    assert d32.dtype == np.float32
    np.testing.assert_allclose(d32, d64, rtol=1e-5, atol=1e-6)


def test_float32_loss_gradients_agree_with_float64(rng):
    A = rng.uniform(0.05, 0.95, (1, 8))
    Y = (rng.random((1, 8)) > 0.5).astype(int)
    np.testing.assert_allclose(F.binary_cross_entropy_backward(A.astype(np.float32), Y),
                               F.binary_cross_entropy_backward(A, Y), rtol=1e-5)
    Z = rng.standard_normal((3, 5))
    Yh = np.eye(3)[rng.integers(0, 3, 5)].T
    np.testing.assert_allclose(F.softmax_cross_entropy_backward(Z.astype(np.float32), Yh),
                               F.softmax_cross_entropy_backward(Z, Yh), rtol=1e-5, atol=1e-6)


def test_categorical_labels_one_hot_or_distributions():
    Z = np.array([[1.0, 2.0], [0.5, -1.0], [0.0, 0.0]])
    soft = np.array([[0.9, 0.05], [0.05, 0.9], [0.05, 0.05]])
    z = Z - Z.max(0)
    expected = -np.mean(np.sum(soft * (z - np.log(np.exp(z).sum(0))), 0))
    assert F.softmax_cross_entropy(Z, soft) == pytest.approx(expected, rel=1e-12)
    for bad in (np.array([[2, 0], [-1, 1], [0, 0]]), np.array([[1, 0], [1, 0], [0, 1]]), np.array([[0, 1, 2]])):
        with pytest.raises(ValueError, match="Y must be one-hot"):
            F.softmax_cross_entropy(Z, bad)
