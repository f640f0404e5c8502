"""Sequence ops and modules: the tape against the kernels, gradients, dtypes, errors, training, h5."""
import numpy as np
import pytest

from dlcourse import autograd as ag
from dlcourse import functional as F
from dlcourse import nn, optim
from dlcourse.gradcheck import check_gradients

N_X, N_A, M, T = 3, 4, 5, 6
MODULES = [nn.RNN, nn.LSTM, nn.GRU]
KERNELS = {nn.RNN: (F.rnn_forward, F.rnn_backward), nn.LSTM: (F.lstm_forward, F.lstm_backward),
           nn.GRU: (F.gru_forward, F.gru_backward)}


def _x(rng, dtype=np.float64, n_x=N_X):
    return rng.standard_normal((n_x, M, T)).astype(dtype)


def _numeric_check(model, x, w, tol=1e-6, a0=None):
    """Gradients of sum(w * model(x)) on the tape against central differences, every parameter and x."""
    xt = ag.Tensor(x, requires_grad=True)
    a0t = None if a0 is None else ag.Tensor(a0, requires_grad=True)
    model.zero_grad()
    (model(xt, a0t) * w).sum().backward()

    def f():
        with ag.no_grad():
            return float(np.sum(w * model(x, a0).data))
    arrays = {k: p.data for k, p in model.named_parameters()}
    grads = {k: p.grad for k, p in model.named_parameters()}
    arrays["x"], grads["x"] = x, xt.grad
    if a0 is not None:
        arrays["a0"], grads["a0"] = a0, a0t.grad
    diffs = check_gradients(f, arrays, grads)
    assert max(diffs.values()) < tol, diffs


@pytest.mark.parametrize("cls", MODULES)
def test_tape_gradients_are_the_kernels(cls):
    rng = np.random.default_rng(0)
    model = cls(N_X, N_A, rng=1)
    x = _x(rng)
    a0 = rng.standard_normal((N_A, M))
    w = rng.standard_normal((N_A, M, T))
    xt, a0t = ag.Tensor(x, requires_grad=True), ag.Tensor(a0, requires_grad=True)
    out = model(xt, a0t)
    (out * w).sum().backward()
    forward, backward = KERNELS[cls]
    params = {k: p.data for k, p in model.named_parameters()}
    res = forward(x, a0, params)
    np.testing.assert_array_equal(out.data, res[0])
    assert res[1] is None  # no output layer: no prediction
    g = backward(w, res[-1])
    np.testing.assert_array_equal(xt.grad, g["dx"])
    np.testing.assert_array_equal(a0t.grad, g["da0"])
    for k, p in model.named_parameters():
        np.testing.assert_array_equal(p.grad, g[f"d{k}"])


@pytest.mark.parametrize("cls", MODULES)
@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("return_sequences", [True, False])
def test_module_gradcheck(cls, bidirectional, return_sequences):
    rng = np.random.default_rng(1)
    model = cls(N_X, N_A, return_sequences=return_sequences, bidirectional=bidirectional, rng=2)
    n_out = 2 * N_A if bidirectional else N_A
    w = rng.standard_normal((n_out, M, T) if return_sequences else (n_out, M))
    a0 = rng.standard_normal((n_out, M))
    _numeric_check(model, _x(rng), w, a0=a0)


def test_lstm_c0_and_dc_gradients():
    rng = np.random.default_rng(3)
    model = nn.LSTM(N_X, N_A, rng=4)
    x, c0 = _x(rng), rng.standard_normal((N_A, M))
    w = rng.standard_normal((N_A, M, T))
    c0t = ag.Tensor(c0, requires_grad=True)
    (model(x, None, c0t) * w).sum().backward()

    def f():
        with ag.no_grad():
            return float(np.sum(w * model(x, None, c0).data))
    assert check_gradients(f, {"c0": c0}, {"c0": c0t.grad})["c0"] < 1e-7
    # the kernel's optional dc: gradient arriving at the memory cells of every step
    p = {k: q.data for k, q in model.named_parameters()}
    wc = rng.standard_normal((N_A, M, T))
    a0 = rng.standard_normal((N_A, M))
    _, _, c, cache = F.lstm_forward(x, a0, p, c0)
    g = F.lstm_backward(w, cache, dc=wc)

    def f2():
        a, _, c, _ = F.lstm_forward(x, a0, p, c0)
        return float(np.sum(w * a) + np.sum(wc * c))
    arrays = {"dx": x, "da0": a0, "dc0": c0, **{f"d{k}": v for k, v in p.items()}}
    diffs = check_gradients(f2, arrays, g)
    assert max(diffs.values()) < 1e-7, diffs


@pytest.mark.parametrize("cls", MODULES)
def test_float32_model_stays_float32(cls):
    rng = np.random.default_rng(5)
    model = cls(N_X, N_A, bidirectional=True, rng=6, dtype=np.float32)
    out = model(_x(rng, np.float32))
    assert out.dtype == np.float32
    out.sum().backward()
    assert all(p.grad.dtype == np.float32 for p in model.parameters())
    with pytest.raises(TypeError, match="float64"):
        model(_x(rng))
    ref = cls(N_X, N_A, bidirectional=True, rng=6)
    np.testing.assert_allclose(ref(_x(np.random.default_rng(5))).data, out.data, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("cls", MODULES)
def test_bad_input(cls):
    model = cls(N_X, N_A, rng=0)
    x = np.ones((N_X, M, T))
    with pytest.raises(ValueError, match="Keras' layout"):
        model(np.ones((M, T, N_X)))
    with pytest.raises(ValueError, match=r"x\[:, :, None\]"):
        model(np.ones((N_X, M)))
    with pytest.raises(ValueError, match="m .* is 0"):
        model(np.ones((N_X, 0, T)))
    with pytest.raises(ValueError, match="T_x .* is 0"):
        model(np.ones((N_X, M, 0)))
    with pytest.raises(ValueError, match="a0"):
        model(x, np.ones((N_A, M + 1)))
    with pytest.raises(ValueError, match=r"\(2 n_a, m\)"):
        cls(N_X, N_A, bidirectional=True, rng=0)(x, np.ones((N_A, M)))
    with pytest.raises(ValueError, match="rng"):
        cls(N_X, N_A)
    with pytest.raises(ValueError, match="hidden_size"):
        cls(N_X, 0, rng=0)
    with pytest.raises(TypeError, match="return_sequences"):
        cls(N_X, N_A, return_sequences="last", rng=0)
    if cls is not nn.LSTM:
        with pytest.raises(TypeError, match="c0 is for the LSTM"):
            model(x, None, np.zeros((N_A, M)))


def test_return_last_state_and_bidirectional_layout():
    rng = np.random.default_rng(7)
    x = _x(rng)
    seq = nn.LSTM(N_X, N_A, bidirectional=True, rng=8)
    last = nn.LSTM(N_X, N_A, bidirectional=True, return_sequences=False, rng=8)
    a, h = seq(x).data, last(x).data
    assert a.shape == (2 * N_A, M, T) and h.shape == (2 * N_A, M)
    np.testing.assert_array_equal(h[:N_A], a[:N_A, :, -1])  # forward direction: its last step
    np.testing.assert_array_equal(h[N_A:], a[N_A:, :, 0])   # backward direction: done at t = 1
    # the backward direction is the same LSTM run on the reversed sequence
    p = {k: q.data for k, q in seq.reverse.named_parameters()}
    ar = F.lstm_forward(x[:, :, ::-1], np.zeros((N_A, M)), p)[0]
    np.testing.assert_allclose(a[N_A:], ar[:, :, ::-1], rtol=1e-14, atol=1e-15)


def test_time_distributed_is_the_linear_at_every_step():
    rng = np.random.default_rng(9)
    lin = nn.Linear(N_A, 2, rng=0)
    td = nn.TimeDistributed(lin)
    x = ag.Tensor(rng.standard_normal((N_A, M, T)), requires_grad=True)
    out = td(x)
    assert out.shape == (2, M, T)
    for t in range(T):
        np.testing.assert_allclose(out.data[:, :, t], lin(x.data[:, :, t]).data, rtol=1e-14)
    w = rng.standard_normal((2, M, T))
    (out * w).sum().backward()
    np.testing.assert_allclose(x.grad, np.einsum("ji,jmt->imt", lin.W.data, w), rtol=1e-12)
    np.testing.assert_allclose(lin.W.grad, np.einsum("jmt,imt->ji", w, x.data), rtol=1e-12)
    with pytest.raises(ValueError, match="one step"):
        td(np.ones((N_A, M)))
    with pytest.raises(TypeError, match="Module"):
        nn.TimeDistributed(np.ones(3))


def test_embedding_module_and_frozen_matrix():
    rng = np.random.default_rng(10)
    E = rng.standard_normal((N_X, 9))
    frozen = nn.Embedding.from_pretrained(E)
    assert frozen.parameters() == [] and set(frozen.state_dict()) == {"E"}
    idx = rng.integers(0, 9, (M, T))
    np.testing.assert_array_equal(frozen(idx).data, E[:, idx])
    learn = nn.Embedding.from_pretrained(E, freeze=False)
    assert [k for k, _ in learn.named_parameters()] == ["E"]
    E[0, 0] = 100.0  # a copy was taken
    assert frozen.E[0, 0] != 100.0
    with pytest.raises(TypeError, match="integer word indices"):
        frozen(idx.astype(float))
    with pytest.raises(TypeError, match="not a Tensor"):
        frozen(ag.Tensor(idx))
    with pytest.raises(ValueError, match=r"\[0, 9\)"):
        frozen(idx + 9)
    with pytest.raises(ValueError, match="emb_matrix.T"):
        nn.Embedding.from_pretrained(np.ones(4))
    with pytest.raises(ValueError, match="rng"):
        nn.Embedding(9, 3)
    f32 = nn.Embedding(9, 3, rng=0, dtype=np.float32)
    assert f32(idx).dtype == np.float32
    # a Sequential that starts with an Embedding takes the integer indices as they are
    model = nn.Sequential(frozen, nn.GRU(N_X, N_A, return_sequences=False, rng=1))
    assert model.takes_indices and model(idx).shape == (N_A, M)


def _classifier(seed, dtype=np.float64):
    g = np.random.default_rng(seed)
    return nn.Sequential(nn.Embedding(4, 8, rng=g, dtype=dtype),
                         nn.LSTM(8, 16, return_sequences=False, rng=g, dtype=dtype),
                         nn.Linear(16, 4, init="xavier", rng=g, dtype=dtype))


def test_a_tiny_lstm_learns_to_remember_the_first_token():
    """The label is the first of 10 tokens: the LSTM must carry it through 9 more steps."""
    g = np.random.default_rng(11)
    X = g.integers(0, 4, (256, 10))
    Y = np.eye(4)[X[:, 0]].T
    model = _classifier(0)
    before = nn.evaluate(model, X, Y)
    history = nn.fit(model, "softmax_cross_entropy", optim.Adam(model, learning_rate=0.01), X, Y, epochs=30,
                     batch_size=64, seed=0, progress=False)
    X_test = g.integers(0, 4, (200, 10))
    after = nn.evaluate(model, X_test, np.eye(4)[X_test[:, 0]].T)
    assert before["accuracy"] < 0.4 and history["loss"][-1] < 0.2 * history["loss"][0]
    assert after["accuracy"] > 0.85  # chance is 0.25


def test_sequence_tagger_with_masked_loss_trains():
    """Per-step outputs: predict the previous token at every step; padding steps are ignored."""
    g = np.random.default_rng(12)
    X = g.integers(1, 5, (64, 8))
    Y = np.concatenate([np.zeros((64, 1), int), X[:, :-1]], axis=1)
    mask = np.ones((64, 8))
    mask[:, 0] = 0
    mask[::2, 6:] = 0
    X[::2, 6:] = 0  # padded
    rng = np.random.default_rng(0)
    model = nn.Sequential(nn.Embedding(5, 6, rng=rng), nn.RNN(6, 16, rng=rng),
                          nn.TimeDistributed(nn.Linear(16, 5, init="xavier", rng=rng)))
    opt = optim.Adam(model, learning_rate=0.02)
    costs = []
    for _ in range(60):
        opt.zero_grad()
        J = ag.sequence_softmax_cross_entropy(model(X), Y, mask)
        J.backward()
        opt.step()
        costs.append(float(J.data))
    assert costs[-1] < 0.1 * costs[0]


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_save_load_roundtrip(tmp_path, dtype):
    g = np.random.default_rng(13)
    model = nn.Sequential(nn.Embedding(6, 3, rng=g, dtype=dtype),
                          nn.LSTM(3, 4, bidirectional=True, rng=g, dtype=dtype),
                          nn.GRU(8, 4, rng=g, dtype=dtype), nn.RNN(4, 5, return_sequences=False, rng=g, dtype=dtype),
                          nn.Linear(5, 2, rng=g, dtype=dtype))
    idx = g.integers(0, 6, (M, T))
    path = model.save(tmp_path / "seq.h5")
    fresh = nn.Sequential(nn.Embedding(6, 3, rng=1, dtype=dtype), nn.LSTM(3, 4, bidirectional=True, rng=2, dtype=dtype),
                          nn.GRU(8, 4, rng=3, dtype=dtype), nn.RNN(4, 5, return_sequences=False, rng=4, dtype=dtype),
                          nn.Linear(5, 2, rng=5, dtype=dtype)).load(path)
    np.testing.assert_array_equal(fresh(idx).data, model(idx).data)
    assert "1.reverse.Wf" in model.state_dict()
    # a frozen embedding saves E as well, and loads into a trainable one
    frozen = nn.Sequential(nn.Embedding.from_pretrained(g.standard_normal((3, 6)).astype(dtype)),
                           nn.LSTM(3, 4, rng=0, dtype=dtype))
    p = frozen.save(tmp_path / "frozen.h5")
    loaded = nn.Sequential(nn.Embedding(6, 3, rng=0, dtype=dtype), nn.LSTM(3, 4, rng=1, dtype=dtype)).load(p)
    np.testing.assert_array_equal(loaded(idx).data, frozen(idx).data)
    with pytest.raises(ValueError, match="shape"):
        nn.Sequential(nn.Embedding(6, 3, rng=0), nn.LSTM(3, 5, rng=1)).load(p)


def test_exported_and_repr():
    for name in ("RNN", "LSTM", "GRU", "Embedding", "TimeDistributed"):
        assert name in nn.__all__
    assert repr(nn.LSTM(3, 4, bidirectional=True, return_sequences=False, rng=0)) == \
        "LSTM(3 -> 4, return_sequences=False, bidirectional=True, dtype=float64)"
    assert nn.LSTM(3, 4, rng=0).bf.data.min() == 1.0  # Keras' unit_forget_bias
