"""Course 3 kernels: the masked multi-task sigmoid cross-entropy (missing labels ignored).

Gradients against central differences (float64); a missing label changes nothing whatever Y holds
there; with one task and no missing label it is the ordinary sigmoid cross-entropy; the tape's op;
float32 stays float32; bad inputs raise errors naming the argument.
"""
import numpy as np
import pytest

from dlcourse import autograd as ag
from dlcourse import functional as F
from dlcourse.autograd import Tensor
from dlcourse.gradcheck import check_gradients

TOL = 1e-7


def _case(rng, K=4, m=9):
    Z = rng.standard_normal((K, m)) * 2
    Y = (rng.random((K, m)) > 0.5).astype(float)
    M = (rng.random((K, m)) > 0.3).astype(float)
    return Z, Y, M


def test_masked_cost_is_the_course_formula_and_backward_its_gradient(rng):
    Z, Y, M = _case(rng)
    A = 1 / (1 + np.exp(-Z))
    want = -np.sum(M * (Y * np.log(A) + (1 - Y) * np.log(1 - A))) / Z.shape[1]
    assert F.masked_sigmoid_cross_entropy_with_logits(Z, Y, M) == pytest.approx(want, rel=1e-12)
    dZ = F.masked_sigmoid_cross_entropy_with_logits_backward(Z, Y, M)
    np.testing.assert_allclose(dZ, M * (A - Y), rtol=1e-12)
    J, cache = F.masked_sigmoid_cross_entropy_loss_forward(Z, Y, M)
    assert J == pytest.approx(want, rel=1e-12)
    dZm = F.masked_sigmoid_cross_entropy_loss_backward(1.0, cache)
    np.testing.assert_allclose(dZm, dZ / Z.shape[1], rtol=1e-14)
    err = check_gradients(lambda: F.masked_sigmoid_cross_entropy_loss_forward(Z, Y, M)[0], {"Z": Z}, {"Z": dZm})
    assert err["Z"] < TOL
    np.testing.assert_allclose(F.masked_sigmoid_cross_entropy_loss_backward(3.0, cache), 3 * dZm, rtol=1e-14)


def test_a_missing_label_changes_nothing(rng):
    Z, Y, M = _case(rng)
    flipped = np.where(M == 0, 1 - Y, Y)  # change every missing label
    assert F.masked_sigmoid_cross_entropy_with_logits(Z, flipped, M) == F.masked_sigmoid_cross_entropy_with_logits(Z, Y, M)
    dZ = F.masked_sigmoid_cross_entropy_with_logits_backward(Z, Y, M)
    assert np.all(dZ[M == 0] == 0)
    # and the logits of missing entries do not matter either
    Z2 = np.where(M == 0, 50.0, Z)
    assert F.masked_sigmoid_cross_entropy_with_logits(Z2, Y, M) == pytest.approx(
        F.masked_sigmoid_cross_entropy_with_logits(Z, Y, M), rel=1e-14)


def test_one_task_without_missing_labels_is_the_sigmoid_cross_entropy(rng):
    Z, Y, _ = _case(rng, K=1)
    assert F.masked_sigmoid_cross_entropy_with_logits(Z, Y, np.ones_like(Y)) == \
        F.sigmoid_cross_entropy_with_logits(Z, Y)
    np.testing.assert_array_equal(F.masked_sigmoid_cross_entropy_with_logits_backward(Z, Y, np.ones_like(Y)),
                                  F.sigmoid_cross_entropy_with_logits_backward(Z, Y))
    # with several tasks and no missing label: the sum of the per-task costs
    Z, Y, _ = _case(rng)
    total = sum(F.sigmoid_cross_entropy_with_logits(Z[j:j + 1], Y[j:j + 1]) for j in range(4))
    assert F.masked_sigmoid_cross_entropy_with_logits(Z, Y, np.ones_like(Y)) == pytest.approx(total, rel=1e-12)


def test_large_logits_stay_finite():
    Z = np.array([[1e4, -1e4], [-1e4, 1e4]])
    Y = np.array([[0, 1], [1, 1]])
    J = F.masked_sigmoid_cross_entropy_with_logits(Z, Y, np.ones((2, 2)))
    assert np.isfinite(J) and J == pytest.approx(1e4 * 3 / 2)


def test_tape_op_gradcheck_and_float32(rng):
    Z, Y, M = _case(rng)
    z = Tensor(Z, requires_grad=True)
    J = ag.masked_sigmoid_cross_entropy(z, Y, Tensor(M))
    assert J.shape == () and J.dtype == np.float64
    J.backward()
    err = check_gradients(lambda: float(ag.masked_sigmoid_cross_entropy(Tensor(Z), Y, M).data), {"Z": Z},
                          {"Z": z.grad})
    assert err["Z"] < TOL
    z32 = Tensor(Z.astype(np.float32), requires_grad=True)
    J32 = ag.masked_sigmoid_cross_entropy(z32, Y.astype(np.int8), M.astype(bool))
    J32.backward()
    assert J32.dtype == np.float32 and z32.grad.dtype == np.float32
    assert float(J32.data) == pytest.approx(float(J.data), rel=1e-5)


@pytest.mark.parametrize("bad, match", [
    (dict(Y=np.ones((9, 4))), "transpose"),
    (dict(mask=np.ones((4, 8))), "mask has shape"),
    (dict(Y=np.full((4, 9), -1.0)), "0/1 labels"),
    (dict(mask=np.full((4, 9), 0.5)), "0/1 flags"),
    (dict(Z=np.zeros((4, 0)), Y=np.zeros((4, 0)), mask=np.zeros((4, 0))), "m"),
    (dict(Z=np.full((4, 9), np.nan)), "NaN"),
])
def test_bad_inputs_name_the_argument(rng, bad, match):
    Z, Y, M = _case(rng)
    args = {"Z": Z, "Y": Y, "mask": M, **bad}
    with pytest.raises(ValueError, match=match):
        F.masked_sigmoid_cross_entropy_with_logits(args["Z"], args["Y"], args["mask"])
    with pytest.raises(ValueError, match=match):
        F.masked_sigmoid_cross_entropy_loss_forward(args["Z"], args["Y"], args["mask"])


def test_backward_refuses_another_cache(rng):
    Z, Y, M = _case(rng, K=1)
    _, cache = F.sigmoid_cross_entropy_loss_forward(Z, Y)
    with pytest.raises(TypeError, match="cache"):
        F.masked_sigmoid_cross_entropy_loss_backward(1.0, cache)
