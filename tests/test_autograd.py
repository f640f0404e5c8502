"""The tape: every op gradchecked against central differences (float64), graph mechanics, dtypes."""
import sys

import numpy as np
import pytest

from dlcourse import autograd as ag
from dlcourse.autograd import Tensor, no_grad
from dlcourse.gradcheck import check_gradients

TOL = 1e-7


def gradcheck(fn, *arrays, seed=0):
    """Max relative difference between the tape's gradients of sum(G * fn(...)) and central differences."""
    leaves = [Tensor(a, requires_grad=True) for a in arrays]
    out = fn(*leaves)
    G = np.random.default_rng(seed).standard_normal(out.shape)
    out.backward(G)

    def f():
        with no_grad():
            return float(np.sum(G * fn(*leaves).data))
    errs = check_gradients(f, {str(i): t.data for i, t in enumerate(leaves)},
                           {str(i): t.grad for i, t in enumerate(leaves)})
    return max(errs.values())


def away_from_kinks(rng, shape):
    Z = rng.standard_normal(shape)
    return np.where(np.abs(Z) < 0.05, 0.3, Z)


def one_hot(labels, C):
    return np.eye(C)[labels].T


OPS = {
    "add_broadcast": (lambda a, b: a + b, [(3, 4), (3, 1)]),
    "add_rank": (lambda a, b: a + b, [(2, 3, 4), (4,)]),
    "sub": (lambda a, b: a - b, [(3, 4), (1, 4)]),
    "rsub_scalar": (lambda a: 2.0 - a, [(3, 2)]),
    "mul": (lambda a, b: a * b, [(3, 4), (3, 1)]),
    "div": (lambda a, b: a / (b * b + 1.0), [(3, 4), (1, 4)]),
    "neg": (lambda a: -a, [(2, 2)]),
    "pow": (lambda a: (a * a + 1.0) ** 1.5, [(3, 3)]),
    "exp": (lambda a: ag.exp(a), [(3, 2)]),
    "log": (lambda a: ag.log(a * a + 0.5), [(3, 2)]),
    "matmul": (lambda a, b: a @ b, [(3, 4), (4, 5)]),
    "matmul_batched": (lambda a, b: a @ b, [(2, 3, 4), (4, 2)]),
    "sum_all": (lambda a: a.sum(), [(3, 4)]),
    "sum_axis": (lambda a: a.sum(axis=1), [(3, 4)]),
    "sum_keepdims": (lambda a: a.sum(axis=0, keepdims=True), [(3, 4)]),
    "mean_all": (lambda a: a.mean(), [(3, 4)]),
    "mean_axis": (lambda a: a.mean(axis=1, keepdims=True), [(3, 4)]),
    "reshape": (lambda a: a.reshape(4, 3) * 2.0, [(3, 4)]),
    "transpose": (lambda a: a.T, [(3, 4)]),
    "transpose_axes": (lambda a: a.transpose(2, 0, 1), [(2, 3, 4)]),
    "getitem_slice": (lambda a: a[:, 1:3], [(3, 4)]),
    "getitem_repeat": (lambda a: a[np.array([0, 2, 0])], [(3, 4)]),
    "concat": (lambda a, b: ag.concat([a, b], axis=1), [(3, 2), (3, 4)]),
    # Inception's channel concatenation of image branches (m, n_H, n_W, C_k), on the last axis
    "concat_channels": (lambda a, b, c: ag.concat([a, b * 2.0, c], axis=-1), [(2, 3, 3, 2), (2, 3, 3, 1), (2, 3, 3, 3)]),
    "relu": (lambda a: ag.relu(a), [(4, 5)]),
    "leaky_relu": (lambda a: ag.leaky_relu(a, 0.1), [(4, 5)]),
    "sigmoid": (lambda a: ag.sigmoid(a), [(4, 5)]),
    "tanh": (lambda a: ag.tanh(a), [(4, 5)]),
    "softmax": (lambda a: ag.softmax(a), [(4, 5)]),
    "affine": (lambda x, W, b: ag.affine(x, W, b), [(4, 6), (3, 4), (3, 1)]),
    "dropout": (lambda a: ag.dropout(a, 0.6, rng=5), [(4, 6)]),
    "dropout_eval": (lambda a: ag.dropout(a, 0.6, train=False), [(4, 6)]),
    "batchnorm": (lambda x, g, b: ag.batchnorm(x, g, b), [(3, 7), (3, 1), (3, 1)]),
    "l2_penalty": (lambda W1, W2: ag.l2_penalty([W1, W2], 0.3, 7), [(3, 2), (1, 3)]),
}


@pytest.mark.parametrize("name", sorted(OPS))
def test_op_gradcheck(rng, name):
    fn, shapes = OPS[name]
    assert gradcheck(fn, *[away_from_kinks(rng, s) for s in shapes]) < TOL


def test_batchnorm_inference_op_gradcheck_and_running_stats(rng):
    rm, rv = rng.standard_normal((3, 1)), rng.random((3, 1)) + 0.5
    fn = lambda x, g, b: ag.batchnorm(x, g, b, train=False, running_mean=rm, running_var=rv)  # noqa: E731
    assert gradcheck(fn, rng.standard_normal((3, 5)), rng.standard_normal((3, 1)), rng.standard_normal((3, 1))) < TOL
    X = rng.standard_normal((3, 6))
    mean0, var0 = rm.copy(), rv.copy()
    ag.batchnorm(Tensor(X), Tensor(np.ones((3, 1))), Tensor(np.zeros((3, 1))), running_mean=rm, running_var=rv)
    np.testing.assert_allclose(rm, 0.9 * mean0 + 0.1 * X.mean(axis=1, keepdims=True), rtol=1e-12)
    np.testing.assert_allclose(rv, 0.9 * var0 + 0.1 * X.var(axis=1, keepdims=True), rtol=1e-12)


@pytest.mark.parametrize("loss", ["sigmoid", "softmax"])
def test_loss_ops_gradcheck(rng, loss):
    if loss == "sigmoid":
        Z, Y = rng.standard_normal((1, 8)), (rng.random((1, 8)) > 0.5).astype(float)
        fn = lambda z: ag.sigmoid_cross_entropy(z, Y)  # noqa: E731
    else:
        Z, Y = rng.standard_normal((3, 8)), one_hot(rng.integers(0, 3, 8), 3)
        fn = lambda z: ag.softmax_cross_entropy(z, Tensor(Y))  # noqa: E731
    z = Tensor(Z, requires_grad=True)
    J = fn(z)
    assert J.shape == () and J.dtype == np.float64
    J.backward()
    err = check_gradients(lambda: float(fn(Tensor(Z)).data), {"Z": Z}, {"Z": z.grad})
    assert err["Z"] < TOL


def test_whole_mlp_gradcheck(rng):
    """Two affine layers, tanh, dropout, batch norm and the loss, against central differences on every weight."""
    X, Y = rng.standard_normal((3, 10)), (rng.random((1, 10)) > 0.5).astype(float)
    arrays = {"W1": rng.standard_normal((5, 3)), "b1": rng.standard_normal((5, 1)),
              "g": rng.standard_normal((5, 1)) + 1, "be": rng.standard_normal((5, 1)),
              "W2": rng.standard_normal((1, 5)), "b2": rng.standard_normal((1, 1))}
    leaves = {k: Tensor(v, requires_grad=True) for k, v in arrays.items()}

    def cost(t):
        A1 = ag.tanh(ag.batchnorm(ag.affine(Tensor(X), t["W1"], t["b1"]), t["g"], t["be"]))
        A1 = ag.dropout(A1, 0.7, rng=3)
        return ag.sigmoid_cross_entropy(ag.affine(A1, t["W2"], t["b2"]), Y) + ag.l2_penalty([t["W1"], t["W2"]], 0.1, 10)

    cost(leaves).backward()

    def f():
        with no_grad():
            return float(cost(leaves).data)
    # b1 feeds batch norm, which subtracts the batch mean: J does not depend on b1 at all
    assert np.max(np.abs(leaves["b1"].grad)) < 1e-12
    checked = {k: t for k, t in leaves.items() if k != "b1"}
    errs = check_gradients(f, {k: t.data for k, t in checked.items()}, {k: t.grad for k, t in checked.items()})
    assert max(errs.values()) < TOL, errs


def test_tape_matches_the_kernels_by_hand(rng):
    """The tape's gradients are the kernels' own, composed by hand."""
    from dlcourse import functional as F
    X, Y = rng.standard_normal((2, 9)), (rng.random((1, 9)) > 0.5).astype(float)
    W1, b1, W2, b2 = rng.standard_normal((4, 2)), np.zeros((4, 1)), rng.standard_normal((1, 4)), np.zeros((1, 1))
    Z1, c1 = F.affine_forward(X, W1, b1)
    A1, c2 = F.relu_forward(Z1)
    Z2, c3 = F.affine_forward(A1, W2, b2)
    J, c4 = F.sigmoid_cross_entropy_loss_forward(Z2, Y)
    dZ2 = F.sigmoid_cross_entropy_loss_backward(1.0, c4)
    dA1, dW2, db2 = F.affine_backward(dZ2, c3)
    _, dW1, db1 = F.affine_backward(F.relu_backward(dA1, c2), c1)
    t = [Tensor(a, requires_grad=True) for a in (W1, b1, W2, b2)]
    Jt = ag.sigmoid_cross_entropy(ag.affine(ag.relu(ag.affine(Tensor(X), t[0], t[1])), t[2], t[3]), Y)
    Jt.backward()
    assert float(Jt.data) == float(J)
    for tensor, expected in zip(t, (dW1, db1, dW2, db2)):
        np.testing.assert_array_equal(tensor.grad, expected)


def test_reused_node_accumulates_and_leaves_accumulate_over_calls():
    x = Tensor(np.array([[2.0, -1.0]]), requires_grad=True)
    y = x * x + x  # x used three times
    y.sum().backward()
    np.testing.assert_allclose(x.grad, 2 * x.data + 1)
    z = (x * 3.0).sum()
    z.backward()
    np.testing.assert_allclose(x.grad, 2 * x.data + 1 + 3)
    x.zero_grad()
    assert x.grad is None
    # an intermediate's grad is overwritten (not accumulated) on a second backward
    h = x * 2.0
    out = h.sum()
    out.backward()
    out.backward()
    np.testing.assert_allclose(h.grad, 1.0)
    np.testing.assert_allclose(x.grad, 4.0)


def test_long_chain_has_no_recursion_limit():
    x = Tensor(np.ones((2, 2)), requires_grad=True)
    y = x
    for _ in range(3 * sys.getrecursionlimit()):
        y = y * 1.0 + 0.0
    y.sum().backward()
    np.testing.assert_allclose(x.grad, 1.0)


def test_no_grad_records_nothing():
    W = Tensor(np.ones((2, 2)), requires_grad=True)
    with no_grad():
        out = (W @ W).sum()
        assert not ag.is_grad_enabled()
    assert ag.is_grad_enabled()
    assert not out.requires_grad and out._parents == ()
    with pytest.raises(RuntimeError, match="no_grad"):
        out.backward()
    const = Tensor(np.ones((2, 2))) * 2.0
    assert not const.requires_grad


def test_float32_graph_stays_float32(rng):
    f32 = np.float32
    W = Tensor(rng.standard_normal((3, 2)).astype(f32), requires_grad=True)
    b = Tensor(np.zeros((3, 1), f32), requires_grad=True)
    g, be = Tensor(np.ones((3, 1), f32), requires_grad=True), Tensor(np.zeros((3, 1), f32), requires_grad=True)
    x = Tensor(rng.standard_normal((2, 5)).astype(f32))
    h = ag.batchnorm(ag.affine(x, W, b), g, be)
    h = ag.dropout(ag.relu(h) * 2.0 + 1.0, 0.8, rng=0)
    J = ag.softmax_cross_entropy(h, one_hot([0, 1, 2, 0, 1], 3)) + ag.l2_penalty([W], 0.1, 5) + (h ** 2).mean()
    assert J.dtype == f32
    J.backward()
    for t in (W, b, g, be):
        assert t.grad.dtype == f32


def test_bad_inputs_raise_clear_errors(rng):
    a32 = Tensor(np.ones((2, 2), np.float32))
    a64 = Tensor(np.ones((2, 2)), requires_grad=True)
    with pytest.raises(TypeError, match="float32"):
        a32 + a64
    with pytest.raises(TypeError, match="float32"):
        a64 * np.ones((2, 2), np.float32)
    assert (a32 + np.ones((2, 2), dtype=int)).dtype == np.float32  # int constants take the Tensor's dtype
    assert Tensor(np.array([[1, 2]])).dtype == np.float64  # int data becomes float64
    with pytest.raises(TypeError, match="numbers"):
        Tensor(np.array(["a"]))
    with pytest.raises(ValueError, match="inner sizes"):
        a64 @ Tensor(np.ones((3, 2)))
    with pytest.raises(ValueError, match="matrices"):
        a64 @ Tensor(np.ones(2))
    with pytest.raises(ValueError, match="one-element"):
        (a64 * 2.0).backward()
    with pytest.raises(ValueError, match="grad has shape"):
        (a64 * 2.0).backward(np.ones((3, 2)))
    with pytest.raises(ValueError, match="transpose"):
        ag.affine(Tensor(np.ones((5, 2))), a64, Tensor(np.zeros((2, 1))))
    with pytest.raises(ValueError, match="is 0"):
        ag.sigmoid_cross_entropy(Tensor(np.zeros((1, 0)), requires_grad=True), np.zeros((1, 0)))
    with pytest.raises(ValueError, match="m >= 2"):
        ag.batchnorm(Tensor(np.ones((2, 1))), Tensor(np.ones((2, 1))), Tensor(np.zeros((2, 1))))
    with pytest.raises(TypeError, match="constant number"):
        a64 ** a64


def test_record_makes_a_new_op(rng):
    """A chapter can add an op with record(): here the softplus log(1 + e^x)."""
    def softplus(x):
        return ag.record(np.logaddexp(0, x.data), (x,), lambda g: (g / (1 + np.exp(-x.data)),))
    assert gradcheck(softplus, rng.standard_normal((3, 3))) < TOL
