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
