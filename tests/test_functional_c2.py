"""Course 2 kernels: dropout, batch norm, L2 terms, contract-style affine and mean-loss layers.

Every backward is checked against central differences (float64); float32 inputs give float32
outputs; bad inputs (shapes, m = 0, another kernel's cache, mixed dtypes) raise clear errors.
"""
import numpy as np
import pytest

from dlcourse import functional as F
from dlcourse.gradcheck import check_gradients

TOL = 1e-7


def one_hot(labels, C):
    return np.eye(C)[labels].T


# --- affine ---------------------------------------------------------------------------------------

def test_affine_backward_is_the_plain_chain_rule(rng):
    A, W, b = rng.standard_normal((5, 7)), rng.standard_normal((3, 5)), rng.standard_normal((3, 1))
    G = rng.standard_normal((3, 7))
    Z, cache = F.affine_forward(A, W, b)
    np.testing.assert_allclose(Z, W @ A + b)
    dA, dW, db = F.affine_backward(G, cache)
    errs = check_gradients(lambda: np.sum(G * F.affine_forward(A, W, b)[0]), {"A": A, "W": W, "b": b},
                           {"A": dA, "W": dW, "b": db})
    assert max(errs.values()) < TOL, errs
    assert F.affine_backward(G, cache, compute_dA_prev=False)[0] is None


def test_affine_meets_course1_linear_backward(rng):
    """linear_backward(dZ) == affine_backward(dZ / m) for dW, db; dA_prev differs by m."""
    A, W, b = rng.standard_normal((4, 6)), rng.standard_normal((2, 4)), rng.standard_normal((2, 1))
    dZ = rng.standard_normal((2, 6))
    m = A.shape[1]
    dA1, dW1, db1 = F.linear_backward(dZ, F.linear_forward(A, W, b)[1])
    dA2, dW2, db2 = F.affine_backward(dZ / m, F.affine_forward(A, W, b)[1])
    np.testing.assert_allclose(dW1, dW2, rtol=1e-12)
    np.testing.assert_allclose(db1, db2, rtol=1e-12)
    np.testing.assert_allclose(dA1, m * dA2, rtol=1e-12)


def test_affine_errors(rng):
    W, b = rng.standard_normal((3, 5)), np.zeros((3, 1))
    with pytest.raises(ValueError, match="transpose"):
        F.affine_forward(rng.standard_normal((7, 5)), W, b)
    with pytest.raises(ValueError, match="m \\(the number of examples\\) is 0"):
        F.affine_forward(np.zeros((5, 0)), W, b)
    with pytest.raises(TypeError, match="float32"):
        F.affine_forward(rng.standard_normal((5, 2)).astype(np.float32), W, b)
    Z, cache = F.affine_forward(rng.standard_normal((5, 2)), W, b)
    with pytest.raises(ValueError, match="dZ has shape"):
        F.affine_backward(np.zeros((2, 3)), cache)
    _, relu_cache = F.leaky_relu_forward(Z)
    with pytest.raises(TypeError, match="leaky_relu_forward"):
        F.affine_backward(Z, relu_cache)
    # integer data is converted to float64 (and a float64 layer accepts it)
    Zi, _ = F.affine_forward(np.ones((5, 2), dtype=np.int64), W, b)
    assert Zi.dtype == np.float64


# --- mean losses ----------------------------------------------------------------------------------

def test_sigmoid_cross_entropy_loss_is_the_mean_and_backward_its_gradient(rng):
    Z = rng.standard_normal((1, 9))
    Y = (rng.random((1, 9)) > 0.5).astype(float)
    J, cache = F.sigmoid_cross_entropy_loss_forward(Z, Y)
    assert J == pytest.approx(F.sigmoid_cross_entropy_with_logits(Z, Y), rel=1e-15)
    A = 1 / (1 + np.exp(-Z))
    assert J == pytest.approx(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)), rel=1e-12)
    dZ = F.sigmoid_cross_entropy_loss_backward(1.0, cache)
    np.testing.assert_allclose(dZ, (A - Y) / 9, rtol=1e-12)
    np.testing.assert_allclose(dZ, F.sigmoid_cross_entropy_with_logits_backward(Z, Y) / 9, rtol=1e-15)
    err = check_gradients(lambda: F.sigmoid_cross_entropy_loss_forward(Z, Y)[0], {"Z": Z}, {"Z": dZ})
    assert err["Z"] < TOL
    np.testing.assert_allclose(F.sigmoid_cross_entropy_loss_backward(2.5, cache), 2.5 * dZ, rtol=1e-14)


def test_softmax_cross_entropy_loss_gradcheck(rng):
    Z = rng.standard_normal((4, 6))
    Y = one_hot(rng.integers(0, 4, 6), 4)
    J, cache = F.softmax_cross_entropy_loss_forward(Z, Y)
    assert J == pytest.approx(F.softmax_cross_entropy(Z, Y), rel=1e-15)
    dZ = F.softmax_cross_entropy_loss_backward(1.0, cache)
    np.testing.assert_allclose(dZ, F.softmax_cross_entropy_backward(Z, Y) / 6, rtol=1e-15)
    err = check_gradients(lambda: F.softmax_cross_entropy_loss_forward(Z, Y)[0], {"Z": Z}, {"Z": dZ})
    assert err["Z"] < TOL


def test_loss_errors(rng):
    with pytest.raises(ValueError, match="transpose"):
        F.sigmoid_cross_entropy_loss_forward(np.zeros((5, 1)), np.zeros((5, 1)))
    with pytest.raises(ValueError, match="is 0"):
        F.softmax_cross_entropy_loss_forward(np.zeros((3, 0)), np.zeros((3, 0)))
    _, cache = F.sigmoid_cross_entropy_loss_forward(np.zeros((1, 3)), np.ones((1, 3)))
    with pytest.raises(TypeError, match="sigmoid_cross_entropy_loss_forward"):
        F.softmax_cross_entropy_loss_backward(1.0, cache)
    with pytest.raises(ValueError, match="one number"):
        F.sigmoid_cross_entropy_loss_backward(np.ones(3), cache)


# --- dropout --------------------------------------------------------------------------------------

def test_dropout_mask_scaling_and_gradcheck(rng):
    A = rng.standard_normal((50, 40))
    out, cache = F.dropout_forward(A, 0.8, rng=np.random.default_rng(3))
    kept = out != 0
    np.testing.assert_allclose(out[kept], A[kept] / 0.8, rtol=1e-15)
    assert 0.75 < kept.mean() < 0.85  # 2000 draws: the kept fraction is 0.8 +- 0.03 (3.4 sigma)
    # the same seed gives the same mask; the mask does not depend on the dtype
    out2, _ = F.dropout_forward(A.astype(np.float32), 0.8, rng=3)
    assert np.array_equal(out2 != 0, kept) and out2.dtype == np.float32
    G = rng.standard_normal(A.shape)
    dA = F.dropout_backward(G, cache)
    np.testing.assert_array_equal(dA, G * kept / 0.8)
    small = A[:4, :5].copy()
    f = lambda: np.sum(G[:4, :5] * F.dropout_forward(small, 0.5, rng=7)[0])  # noqa: E731
    _, c = F.dropout_forward(small, 0.5, rng=7)
    assert check_gradients(f, {"A": small}, {"A": F.dropout_backward(G[:4, :5], c)})["A"] < TOL


def test_dropout_eval_mode_is_identity_and_draws_nothing(rng):
    A = rng.standard_normal((3, 4))
    gen = np.random.default_rng(0)
    state = gen.bit_generator.state
    out, cache = F.dropout_forward(A, 0.5, rng=gen, train=False)
    assert out is A and gen.bit_generator.state == state
    G = rng.standard_normal((3, 4))
    assert np.array_equal(F.dropout_backward(G, cache), G)


def test_dropout_errors(rng):
    A = rng.standard_normal((3, 4))
    for bad in (0, 1.5, -0.1, True):
        with pytest.raises(ValueError, match="keep_prob"):
            F.dropout_forward(A, bad, rng=0)
    with pytest.raises(ValueError, match="needs rng"):
        F.dropout_forward(A, 0.5)
    with pytest.raises(TypeError, match="Generator"):
        F.dropout_forward(A, 0.5, rng="seed")
    with pytest.raises(ValueError, match="no units"):
        F.dropout_forward(np.zeros((3, 0)), 0.5, rng=0)
    _, cache = F.dropout_forward(A, 0.5, rng=0)
    with pytest.raises(ValueError, match="dout has shape"):
        F.dropout_backward(A.T, cache)
    _, aff = F.affine_forward(A, np.ones((2, 3)), np.zeros((2, 1)))
    with pytest.raises(TypeError, match="affine_forward"):
        F.dropout_backward(A, aff)


# --- batch norm -----------------------------------------------------------------------------------

def test_batchnorm_train_forward_normalizes_and_backward_gradchecks(rng):
    Z = rng.standard_normal((4, 10)) * 3 + 2
    gamma, beta = rng.standard_normal((4, 1)), rng.standard_normal((4, 1))
    out, cache = F.batchnorm_forward(Z, gamma, beta)
    Z_hat = (out - beta) / gamma
    np.testing.assert_allclose(Z_hat.mean(axis=1), 0, atol=1e-12)
    np.testing.assert_allclose(Z_hat.var(axis=1), Z.var(axis=1) / (Z.var(axis=1) + 1e-5), rtol=1e-12)
    G = rng.standard_normal(Z.shape)
    dZ, dgamma, dbeta = F.batchnorm_backward(G, cache)
    errs = check_gradients(lambda: np.sum(G * F.batchnorm_forward(Z, gamma, beta)[0]),
                           {"Z": Z, "gamma": gamma, "beta": beta}, {"Z": dZ, "gamma": dgamma, "beta": dbeta})
    assert max(errs.values()) < TOL, errs


def test_batchnorm_inference_mode_and_running_update(rng):
    Z = rng.standard_normal((3, 8))
    gamma, beta = rng.standard_normal((3, 1)), rng.standard_normal((3, 1))
    rm, rv = rng.standard_normal((3, 1)), rng.random((3, 1)) + 0.5
    out, cache = F.batchnorm_forward(Z, gamma, beta, train=False, running_mean=rm, running_var=rv)
    np.testing.assert_allclose(out, gamma * (Z - rm) / np.sqrt(rv + 1e-5) + beta, rtol=1e-12)
    G = rng.standard_normal(Z.shape)
    dZ, dgamma, dbeta = F.batchnorm_backward(G, cache)
    f = lambda: np.sum(G * F.batchnorm_forward(Z, gamma, beta, False, rm, rv)[0])  # noqa: E731
    errs = check_gradients(f, {"Z": Z, "gamma": gamma, "beta": beta}, {"Z": dZ, "gamma": dgamma, "beta": dbeta})
    assert max(errs.values()) < TOL, errs
    # one example is fine at inference
    assert F.batchnorm_forward(Z[:, :1], gamma, beta, train=False, running_mean=rm, running_var=rv)[0].shape == (3, 1)
    # running update: 0.9 * old + 0.1 * batch statistics (biased variance)
    _, tcache = F.batchnorm_forward(Z, gamma, beta)
    new_m, new_v = F.batchnorm_running_update(rm, rv, tcache, momentum=0.9)
    np.testing.assert_allclose(new_m, 0.9 * rm + 0.1 * Z.mean(axis=1, keepdims=True), rtol=1e-12)
    np.testing.assert_allclose(new_v, 0.9 * rv + 0.1 * Z.var(axis=1, keepdims=True), rtol=1e-12)
    with pytest.raises(ValueError, match="training-mode"):
        F.batchnorm_running_update(rm, rv, cache)


def test_batchnorm_errors(rng):
    Z, g, b = rng.standard_normal((3, 5)), np.ones((3, 1)), np.zeros((3, 1))
    with pytest.raises(ValueError, match="m >= 2"):
        F.batchnorm_forward(Z[:, :1], g, b)
    with pytest.raises(ValueError, match="gamma has shape"):
        F.batchnorm_forward(Z, np.ones(3), b)
    with pytest.raises(ValueError, match="running_mean and running_var"):
        F.batchnorm_forward(Z, g, b, train=False)
    with pytest.raises(TypeError, match="float32"):
        F.batchnorm_forward(Z.astype(np.float32), g, b)
    _, cache = F.batchnorm_forward(Z, g, b)
    with pytest.raises(ValueError, match="dout has shape"):
        F.batchnorm_backward(Z.T, cache)
    _, dcache = F.dropout_forward(Z, 0.5, rng=0)
    with pytest.raises(TypeError, match="dropout_forward"):
        F.batchnorm_backward(Z, dcache)
    with pytest.raises(ValueError, match="momentum"):
        F.batchnorm_running_update(b, g, cache, momentum=1.0)


# --- L2 -------------------------------------------------------------------------------------------

def test_l2_terms_match_the_course_formula_and_gradcheck(rng):
    params = {"W1": rng.standard_normal((3, 2)), "b1": rng.standard_normal((3, 1)),
              "W2": rng.standard_normal((1, 3)), "b2": rng.standard_normal((1, 1))}
    lambd, m = 0.7, 5
    expected = lambd / (2 * m) * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    assert F.l2_cost(params, lambd, m) == pytest.approx(expected, rel=1e-14)
    assert F.l2_cost([params["W1"], params["W2"]], lambd, m) == pytest.approx(expected, rel=1e-14)
    W1 = params["W1"]
    err = check_gradients(lambda: F.l2_cost(params, lambd, m), {"W1": W1}, {"W1": F.l2_grad(W1, lambd, m)})
    assert err["W1"] < TOL
    assert F.l2_grad(W1.astype(np.float32), lambd, m).dtype == np.float32
    with pytest.raises(ValueError, match="lambd"):
        F.l2_cost(params, -1, m)
    with pytest.raises(ValueError, match="m \\(the number of training examples\\)"):
        F.l2_grad(W1, 0.1, 0)
    with pytest.raises(ValueError, match="no weight matrices"):
        F.l2_cost({"b1": params["b1"]}, 0.1, 3)


# --- float32 everywhere ---------------------------------------------------------------------------

def test_float32_in_float32_out(rng):
    f32 = np.float32
    A = rng.standard_normal((4, 6)).astype(f32)
    W, b = rng.standard_normal((2, 4)).astype(f32), np.zeros((2, 1), f32)
    Z, c = F.affine_forward(A, W, b)
    assert Z.dtype == f32 and all(g.dtype == f32 for g in F.affine_backward(Z, c))
    out, c = F.dropout_forward(A, 0.7, rng=1)
    assert out.dtype == f32 and F.dropout_backward(out, c).dtype == f32
    g, be = np.ones((4, 1), f32), np.zeros((4, 1), f32)
    out, c = F.batchnorm_forward(A, g, be)
    assert out.dtype == f32 and all(x.dtype == f32 for x in F.batchnorm_backward(out, c))
    rm, rv = F.batchnorm_running_update(np.zeros((4, 1), f32), np.ones((4, 1), f32), c)
    assert rm.dtype == f32 and rv.dtype == f32
    J, c = F.sigmoid_cross_entropy_loss_forward(Z[:1], np.ones((1, 6)))
    assert J.dtype == f32 and F.sigmoid_cross_entropy_loss_backward(1.0, c).dtype == f32
    J, c = F.softmax_cross_entropy_loss_forward(Z, one_hot([0, 1, 1, 0, 1, 0], 2))
    assert J.dtype == f32 and F.softmax_cross_entropy_loss_backward(1.0, c).dtype == f32
