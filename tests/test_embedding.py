"""Embedding lookup and the masked softmax cross-entropy over time: gradients, dtypes, bad input."""
import numpy as np
import pytest

from dlcourse import autograd as ag
from dlcourse import functional as F
from dlcourse.gradcheck import check_gradients

N_E, V, M, T, C = 3, 7, 4, 5, 6


def test_embedding_forward_is_the_lectures_E_times_one_hot():
    rng = np.random.default_rng(0)
    E = rng.standard_normal((N_E, V))
    idx = rng.integers(0, V, (M, T))
    out, _ = F.embedding_forward(idx, E)
    assert out.shape == (N_E, M, T)
    for i in range(M):
        for t in range(T):
            o = np.zeros((V, 1))
            o[idx[i, t]] = 1
            np.testing.assert_array_equal(out[:, i, t:t + 1], E @ o)


@pytest.mark.parametrize("vocab", [V, 1000])  # bincount (small vocabulary) and sort + reduceat (large)
def test_embedding_backward_is_a_scatter_add(vocab):
    rng = np.random.default_rng(1)
    E = rng.standard_normal((N_E, vocab))
    idx = rng.integers(0, 3, (M, T))  # many repeats, most columns unused
    out, cache = F.embedding_forward(idx, E)
    dout = rng.standard_normal(out.shape)
    dE = F.embedding_backward(dout, cache)
    ref = np.zeros_like(E)
    np.add.at(ref.T, idx.ravel(), dout.reshape(N_E, -1).T)  # the slow reference, in the test only
    np.testing.assert_allclose(dE, ref, rtol=1e-14, atol=1e-14)
    assert np.all(dE[:, 3:] == 0)


def test_embedding_backward_gradcheck():
    rng = np.random.default_rng(2)
    E = rng.standard_normal((N_E, V))
    idx = rng.integers(0, V, (M, T))
    w = rng.standard_normal((N_E, M, T))
    _, cache = F.embedding_forward(idx, E)
    dE = F.embedding_backward(w, cache)
    diffs = check_gradients(lambda: float(np.sum(w * F.embedding_forward(idx, E)[0])), {"dE": E}, {"dE": dE})
    assert diffs["dE"] < 1e-7, diffs


@pytest.mark.parametrize("vocab", [V, 120])
def test_embedding_float32_and_integer_dtypes(vocab):
    rng = np.random.default_rng(3)
    E = rng.standard_normal((N_E, vocab)).astype(np.float32)
    for dt in (np.int8, np.uint16, np.int32, np.int64):
        idx = rng.integers(0, V, (M, T)).astype(dt)
        out, cache = F.embedding_forward(idx, E)
        assert out.dtype == np.float32
        dE = F.embedding_backward(np.ones_like(out), cache)
        assert dE.dtype == np.float32
        np.testing.assert_array_equal(dE[0], np.bincount(idx.ravel().astype(int), minlength=vocab))
    with pytest.raises(TypeError, match="float64"):
        F.embedding_backward(np.ones((N_E, M, T)), cache)


@pytest.mark.parametrize("indices, error, match", [
    (np.zeros((M, T)), TypeError, "integer word indices.*astype"),
    (np.zeros((M, T), bool), TypeError, "integer"),
    (np.full((M, T), V), ValueError, r"\[0, 7\).*\[7, 7\]"),
    (np.full((M, T), -1), ValueError, "padding marked with -1"),
    (np.zeros(T, int), ValueError, "one sentence"),
    (np.zeros((0, T), int), ValueError, "m .* is 0"),
    (np.zeros((M, 0), int), ValueError, "T_x .* is 0"),
    ("abc", TypeError, "numpy array"),
])
def test_embedding_bad_indices(indices, error, match):
    with pytest.raises(error, match=match):
        F.embedding_forward(indices, np.ones((N_E, V)))


def test_embedding_bad_matrix_and_cache():
    with pytest.raises(ValueError, match="n_e, V"):
        F.embedding_forward(np.zeros((M, T), int), np.ones(V))
    _, cache = F.embedding_forward(np.zeros((M, T), int), np.ones((N_E, V)))
    with pytest.raises(ValueError, match="cache of another layer"):
        F.embedding_backward(np.ones((N_E, M, T + 1)), cache)
    _, other = F.affine_forward(np.ones((2, 2)), np.ones((1, 2)), np.ones((1, 1)))
    with pytest.raises(TypeError, match="cache"):
        F.embedding_backward(np.ones((N_E, M, T)), other)


def test_embedding_op_on_the_tape():
    rng = np.random.default_rng(4)
    E = ag.Tensor(rng.standard_normal((N_E, V)), requires_grad=True)
    idx = rng.integers(0, V, (M, T))
    w = rng.standard_normal((N_E, M, T))
    (ag.embedding(idx, E) * w).sum().backward()
    _, cache = F.embedding_forward(idx, E.data)
    np.testing.assert_array_equal(E.grad, F.embedding_backward(w, cache))
    with pytest.raises(TypeError, match="not a Tensor"):
        ag.embedding(ag.Tensor(idx), E)


# --- softmax cross-entropy over time with a mask ---------------------------------------------------

def _case(rng, dtype=np.float64):
    Z = rng.standard_normal((C, M, T)).astype(dtype)
    Y = rng.integers(0, C, (M, T))
    mask = np.ones((M, T))
    mask[0, 3:] = 0
    mask[2, 1:] = 0
    return Z, Y, mask


def test_sequence_loss_is_the_mean_over_unmasked_steps():
    rng = np.random.default_rng(5)
    Z, Y, mask = _case(rng)
    J, _ = F.sequence_softmax_cross_entropy_loss_forward(Z, Y, mask)
    terms = [F.softmax_cross_entropy(Z[:, i, t:t + 1], np.eye(C)[Y[i, t]][:, None])
             for i in range(M) for t in range(T) if mask[i, t]]
    np.testing.assert_allclose(J, np.mean(terms), rtol=1e-13)
    # labels at padding steps are ignored, whatever they hold
    Y2 = np.where(mask == 1, Y, -1)
    assert F.sequence_softmax_cross_entropy_loss_forward(Z, Y2, mask.astype(bool))[0] == J
    # one-hot labels give the same cost; no mask = every step counts
    onehot = np.eye(C)[Y].transpose(2, 0, 1)
    np.testing.assert_allclose(F.sequence_softmax_cross_entropy_loss_forward(Z, onehot, mask)[0], J, rtol=1e-13)
    J_all, _ = F.sequence_softmax_cross_entropy_loss_forward(Z, Y)
    np.testing.assert_allclose(J_all, F.softmax_cross_entropy(Z.reshape(C, -1), onehot.reshape(C, -1)),
                               rtol=1e-13)


@pytest.mark.parametrize("labels", ["indices", "onehot"])
def test_sequence_loss_backward_gradcheck(labels):
    rng = np.random.default_rng(6)
    Z, Y, mask = _case(rng)
    if labels == "onehot":
        Y = np.eye(C)[Y].transpose(2, 0, 1)
    _, cache = F.sequence_softmax_cross_entropy_loss_forward(Z, Y, mask)
    dZ = F.sequence_softmax_cross_entropy_loss_backward(2.5, cache)
    diffs = check_gradients(lambda: 2.5 * float(F.sequence_softmax_cross_entropy_loss_forward(Z, Y, mask)[0]),
                            {"dZ": Z}, {"dZ": dZ})
    assert diffs["dZ"] < 1e-7, diffs
    assert np.all(dZ[:, 0, 3:] == 0) and np.all(dZ[:, 2, 1:] == 0)


def test_sequence_loss_float32_and_the_tape():
    rng = np.random.default_rng(7)
    Z, Y, mask = _case(rng, np.float32)
    J, cache = F.sequence_softmax_cross_entropy_loss_forward(Z, Y, mask)
    assert J.dtype == np.float32
    assert F.sequence_softmax_cross_entropy_loss_backward(1.0, cache).dtype == np.float32
    logits = ag.Tensor(Z, requires_grad=True)
    cost = ag.sequence_softmax_cross_entropy(logits, Y, mask)
    cost.backward()
    assert cost.dtype == np.float32 and logits.grad.dtype == np.float32
    np.testing.assert_array_equal(logits.grad, F.sequence_softmax_cross_entropy_loss_backward(1.0, cache))


@pytest.mark.parametrize("change, error, match", [
    (lambda Z, Y, k: (Z[:, :, 0], Y, k), ValueError, "one step"),
    (lambda Z, Y, k: (Z, Y.astype(float), k), TypeError, "integer class indices"),
    (lambda Z, Y, k: (Z, Y.T, k), ValueError, "class indices"),
    (lambda Z, Y, k: (Z, np.full_like(Y, C), k), ValueError, r"\[0, 6\)"),
    (lambda Z, Y, k: (Z, Y, k.T), ValueError, "transpose mask"),
    (lambda Z, Y, k: (Z, Y, 2 * k), ValueError, "0 .* and 1"),
    (lambda Z, Y, k: (Z, Y, 0 * k), ValueError, "no step"),
    (lambda Z, Y, k: (Z[:, :0], Y[:0], k[:0]), ValueError, "must be positive"),
    (lambda Z, Y, k: (Z * np.nan, Y, k), ValueError, "NaN"),
])
def test_sequence_loss_bad_input(change, error, match):
    Z, Y, mask = _case(np.random.default_rng(8))
    with pytest.raises(error, match=match):
        F.sequence_softmax_cross_entropy_loss_forward(*change(Z, Y, mask))


def test_exported():
    for name in ("embedding_forward", "embedding_backward", "sequence_softmax_cross_entropy_loss_forward",
                 "sequence_softmax_cross_entropy_loss_backward"):
        assert name in F.__all__
    for name in ("rnn", "lstm", "gru", "embedding", "sequence_softmax_cross_entropy"):
        assert name in ag.__all__
