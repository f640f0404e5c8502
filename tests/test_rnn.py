"""Recurrent kernels: gradients against central differences, cells against full sequences, validation."""
import numpy as np
import pytest

from dlcourse import functional as F
from dlcourse.gradcheck import check_gradients

N_X, N_A, N_Y, M, T = 3, 4, 2, 5, 4


def rnn_params(rng, dtype=np.float64):
    p = {"Wax": rng.standard_normal((N_A, N_X)), "Waa": rng.standard_normal((N_A, N_A)) * 0.5,
         "Wya": rng.standard_normal((N_Y, N_A)), "ba": rng.standard_normal((N_A, 1)),
         "by": rng.standard_normal((N_Y, 1))}
    return {k: v.astype(dtype) for k, v in p.items()}


def lstm_params(rng, dtype=np.float64):
    p = {}
    for g in "fico":
        p[f"W{g}"] = rng.standard_normal((N_A, N_A + N_X)) * 0.7
        p[f"b{g}"] = rng.standard_normal((N_A, 1))
    p["Wy"] = rng.standard_normal((N_Y, N_A))
    p["by"] = rng.standard_normal((N_Y, 1))
    return {k: v.astype(dtype) for k, v in p.items()}


def data(rng, dtype=np.float64):
    return (rng.standard_normal((N_X, M, T)).astype(dtype), rng.standard_normal((N_A, M)).astype(dtype))


# --- gradient checks (float64) ---------------------------------------------------------------------

def test_rnn_cell_backward_gradcheck():
    rng = np.random.default_rng(0)
    p = rnn_params(rng)
    x, a_prev = data(rng)
    xt = x[:, :, 0].copy()
    w = rng.standard_normal((N_A, M))
    a, _, cache = F.rnn_cell_forward(xt, a_prev, p)
    g = F.rnn_cell_backward(w, cache)
    f = lambda: float(np.sum(w * F.rnn_cell_forward(xt, a_prev, p)[0]))  # noqa: E731
    arrays = {"dxt": xt, "da_prev": a_prev, "dWax": p["Wax"], "dWaa": p["Waa"], "dba": p["ba"]}
    diffs = check_gradients(f, arrays, g)
    assert max(diffs.values()) < 1e-7, diffs


def test_rnn_backward_gradcheck():
    rng = np.random.default_rng(1)
    p = rnn_params(rng)
    x, a0 = data(rng)
    w = rng.standard_normal((N_A, M, T))
    _, _, cache = F.rnn_forward(x, a0, p)
    g = F.rnn_backward(w, cache)
    f = lambda: float(np.sum(w * F.rnn_forward(x, a0, p)[0]))  # noqa: E731
    arrays = {"dx": x, "da0": a0, "dWax": p["Wax"], "dWaa": p["Waa"], "dba": p["ba"]}
    diffs = check_gradients(f, arrays, g)
    assert max(diffs.values()) < 1e-7, diffs


def test_lstm_cell_backward_gradcheck():
    rng = np.random.default_rng(2)
    p = lstm_params(rng)
    x, a_prev = data(rng)
    xt = x[:, :, 0].copy()
    c_prev = rng.standard_normal((N_A, M))
    wa, wc = rng.standard_normal((N_A, M)), rng.standard_normal((N_A, M))
    _, _, _, cache = F.lstm_cell_forward(xt, a_prev, c_prev, p)
    g = F.lstm_cell_backward(wa, wc, cache)

    def f():
        a, c, _, _ = F.lstm_cell_forward(xt, a_prev, c_prev, p)
        return float(np.sum(wa * a) + np.sum(wc * c))

    arrays = {"dxt": xt, "da_prev": a_prev, "dc_prev": c_prev}
    arrays.update({f"d{k}": p[k] for k in ("Wf", "bf", "Wi", "bi", "Wc", "bc", "Wo", "bo")})
    diffs = check_gradients(f, arrays, g)
    assert max(diffs.values()) < 1e-7, diffs


def test_lstm_backward_gradcheck():
    rng = np.random.default_rng(3)
    p = lstm_params(rng)
    x, a0 = data(rng)
    c0 = rng.standard_normal((N_A, M))
    w = rng.standard_normal((N_A, M, T))
    _, _, _, cache = F.lstm_forward(x, a0, p, c0=c0)
    g = F.lstm_backward(w, cache)
    f = lambda: float(np.sum(w * F.lstm_forward(x, a0, p, c0=c0)[0]))  # noqa: E731
    arrays = {"dx": x, "da0": a0, "dc0": c0}
    arrays.update({f"d{k}": p[k] for k in ("Wf", "bf", "Wi", "bi", "Wc", "bc", "Wo", "bo")})
    diffs = check_gradients(f, arrays, g)
    assert max(diffs.values()) < 1e-7, diffs


# --- cells agree with the full-sequence kernels -----------------------------------------------------

def test_rnn_cells_match_sequence():
    rng = np.random.default_rng(4)
    p = rnn_params(rng)
    x, a0 = data(rng)
    da = rng.standard_normal((N_A, M, T))
    a, y, cache = F.rnn_forward(x, a0, p)
    assert a.shape == (N_A, M, T) and y.shape == (N_Y, M, T)
    a_prev, caches = a0, []
    for t in range(T):
        a_prev, yt, c = F.rnn_cell_forward(x[:, :, t], a_prev, p)
        caches.append(c)
        np.testing.assert_allclose(a[:, :, t], a_prev, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(y[:, :, t], yt, rtol=1e-12, atol=1e-12)
    g = F.rnn_backward(da, cache)
    carry = np.zeros((N_A, M))
    total = {k: 0.0 for k in ("dWax", "dWaa", "dba")}
    for t in reversed(range(T)):
        gt = F.rnn_cell_backward(da[:, :, t] + carry, caches[t])
        np.testing.assert_allclose(g["dx"][:, :, t], gt["dxt"], rtol=1e-10, atol=1e-12)
        carry = gt["da_prev"]
        for k in total:
            total[k] = total[k] + gt[k]
    np.testing.assert_allclose(g["da0"], carry, rtol=1e-10, atol=1e-12)
    for k in total:
        np.testing.assert_allclose(g[k], total[k], rtol=1e-10, atol=1e-12)


def test_lstm_cells_match_sequence():
    rng = np.random.default_rng(5)
    p = lstm_params(rng)
    x, a0 = data(rng)
    da = rng.standard_normal((N_A, M, T))
    a, y, c, cache = F.lstm_forward(x, a0, p)
    assert a.shape == c.shape == (N_A, M, T) and y.shape == (N_Y, M, T)
    a_prev, c_prev, caches = a0, np.zeros((N_A, M)), []
    for t in range(T):
        a_prev, c_prev, yt, ch = F.lstm_cell_forward(x[:, :, t], a_prev, c_prev, p)
        caches.append(ch)
        np.testing.assert_allclose(a[:, :, t], a_prev, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(c[:, :, t], c_prev, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(y[:, :, t], yt, rtol=1e-12, atol=1e-12)
    g = F.lstm_backward(da, cache)
    da_c, dc_c = np.zeros((N_A, M)), np.zeros((N_A, M))
    keys = ("dWf", "dbf", "dWi", "dbi", "dWc", "dbc", "dWo", "dbo")
    total = {k: 0.0 for k in keys}
    for t in reversed(range(T)):
        gt = F.lstm_cell_backward(da[:, :, t] + da_c, dc_c, caches[t])
        np.testing.assert_allclose(g["dx"][:, :, t], gt["dxt"], rtol=1e-10, atol=1e-12)
        da_c, dc_c = gt["da_prev"], gt["dc_prev"]
        for k in keys:
            total[k] = total[k] + gt[k]
    np.testing.assert_allclose(g["da0"], da_c, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(g["dc0"], dc_c, rtol=1e-10, atol=1e-12)
    for k in keys:
        np.testing.assert_allclose(g[k], total[k], rtol=1e-10, atol=1e-12)


def test_lstm_cell_matches_the_course_formulas():
    rng = np.random.default_rng(6)
    p = lstm_params(rng)
    x, a_prev = data(rng)
    xt, c_prev = x[:, :, 0], rng.standard_normal((N_A, M))
    sig = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    concat = np.concatenate([a_prev, xt])
    ft, it = sig(p["Wf"] @ concat + p["bf"]), sig(p["Wi"] @ concat + p["bi"])
    cct, ot = np.tanh(p["Wc"] @ concat + p["bc"]), sig(p["Wo"] @ concat + p["bo"])
    c_next = ft * c_prev + it * cct
    a_next = ot * np.tanh(c_next)
    a, c, _, _ = F.lstm_cell_forward(xt, a_prev, c_prev, p)
    np.testing.assert_allclose(a, a_next, rtol=1e-12)
    np.testing.assert_allclose(c, c_next, rtol=1e-12)


# --- dtypes ----------------------------------------------------------------------------------------

def test_float32_stays_float32():
    rng = np.random.default_rng(7)
    x, a0 = data(rng, np.float32)
    p = rnn_params(rng, np.float32)
    a, y, cache = F.rnn_forward(x, a0, p)
    assert a.dtype == y.dtype == np.float32
    g = F.rnn_backward(np.ones_like(a), cache)
    assert all(v.dtype == np.float32 for v in g.values())
    a1, y1, c1 = F.rnn_cell_forward(x[:, :, 0], a0, p)
    assert a1.dtype == y1.dtype == np.float32
    assert all(v.dtype == np.float32 for v in F.rnn_cell_backward(np.ones_like(a1), c1).values())
    q = lstm_params(rng, np.float32)
    a, y, c, cache = F.lstm_forward(x, a0, q)
    assert a.dtype == y.dtype == c.dtype == np.float32
    assert all(v.dtype == np.float32 for v in F.lstm_backward(np.ones_like(a), cache).values())
    a1, c1, y1, ch = F.lstm_cell_forward(x[:, :, 0], a0, a0, q)
    assert a1.dtype == c1.dtype == y1.dtype == np.float32
    assert all(v.dtype == np.float32 for v in F.lstm_cell_backward(a1, c1, ch).values())


def test_integer_inputs_are_converted():
    rng = np.random.default_rng(8)
    p = rnn_params(rng)
    x = rng.integers(0, 2, (N_X, M, T))
    a0 = np.zeros((N_A, M), dtype=bool)
    a, _, _ = F.rnn_forward(x, a0, p)
    ref, _, _ = F.rnn_forward(x.astype(float), a0.astype(float), p)
    assert a.dtype == np.float64
    np.testing.assert_array_equal(a, ref)
    a32, _, _ = F.rnn_forward(x, a0, {k: v.astype(np.float32) for k, v in p.items()})
    assert a32.dtype == np.float32


def test_mixed_float_precisions_refused():
    rng = np.random.default_rng(9)
    x, a0 = data(rng, np.float32)
    with pytest.raises(TypeError, match="float32"):
        F.lstm_forward(x, a0, lstm_params(rng))


# --- caches and shapes -----------------------------------------------------------------------------

def test_cache_of_another_kernel_refused():
    rng = np.random.default_rng(10)
    x, a0 = data(rng)
    a, _, rcache = F.rnn_forward(x, a0, rnn_params(rng))
    _, _, _, lcache = F.lstm_forward(x, a0, lstm_params(rng))
    _, _, ccache = F.rnn_cell_forward(x[:, :, 0], a0, rnn_params(rng))
    with pytest.raises(TypeError, match="rnn_forward"):
        F.lstm_backward(a, rcache)
    with pytest.raises(TypeError, match="lstm_forward"):
        F.rnn_backward(a, lcache)
    with pytest.raises(TypeError, match="rnn_cell_forward"):
        F.rnn_backward(a, ccache)
    with pytest.raises(TypeError, match="rnn_forward"):
        F.rnn_cell_backward(a0, rcache)
    with pytest.raises(TypeError, match="lstm_cell_backward expects"):
        F.lstm_cell_backward(a0, a0, (a0, a0))


def test_shape_errors():
    rng = np.random.default_rng(11)
    x, a0 = data(rng)
    p, q = rnn_params(rng), lstm_params(rng)
    with pytest.raises(ValueError, match=r"\(m, T_x, n_x\)"):
        F.rnn_forward(x.transpose(1, 2, 0), a0, p)
    with pytest.raises(ValueError, match="one time step"):
        F.lstm_forward(x[:, :, 0], a0, q)
    with pytest.raises(ValueError, match="did you transpose xt"):
        F.rnn_cell_forward(x[:, :, 0].T, a0, p)
    with pytest.raises(ValueError, match="did you transpose a0"):
        F.rnn_forward(x, a0.T, p)
    with pytest.raises(ValueError, match="m \\(the number of examples\\) is 0"):
        F.rnn_forward(x[:, :0], a0[:, :0], p)
    with pytest.raises(ValueError, match="T_x"):
        F.lstm_forward(x[:, :, :0], a0, q)
    with pytest.raises(ValueError, match="Waa"):
        F.rnn_forward(x, a0, {**p, "Waa": p["Waa"][:, :2]})
    with pytest.raises(ValueError, match="Wi"):
        F.lstm_forward(x, a0, {**q, "Wi": q["Wi"][:, 1:]})
    with pytest.raises(KeyError, match="Wo"):
        F.lstm_forward(x, a0, {k: v for k, v in q.items() if k != "Wo"})
    a, _, cache = F.rnn_forward(x, a0, p)
    with pytest.raises(ValueError, match="da has shape"):
        F.rnn_backward(a[:, :, :-1], cache)
    _, _, _, lcache = F.lstm_forward(x, a0, q)
    with pytest.raises(ValueError, match="da has shape"):
        F.lstm_backward(a.transpose(1, 0, 2), lcache)


def test_exported():
    for name in ("rnn_cell_forward", "rnn_cell_backward", "rnn_forward", "rnn_backward",
                 "lstm_cell_forward", "lstm_cell_backward", "lstm_forward", "lstm_backward",
                 "gru_forward", "gru_backward", "clip_gradients"):
        assert name in F.__all__ and callable(getattr(F, name))


# --- GRU -------------------------------------------------------------------------------------------

def gru_params(rng, dtype=np.float64):
    p = {}
    for g in "urc":
        p[f"W{g}"] = rng.standard_normal((N_A, N_A + N_X)) * 0.7
        p[f"b{g}"] = rng.standard_normal((N_A, 1))
    p["Wy"] = rng.standard_normal((N_Y, N_A))
    p["by"] = rng.standard_normal((N_Y, 1))
    return {k: v.astype(dtype) for k, v in p.items()}


def gru_naive(x, a0, p):
    """The lecture's equations, one step and one example-batch at a time."""
    sig = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    c, out = a0, []
    for t in range(x.shape[2]):
        xt = x[:, :, t]
        u = sig(p["Wu"] @ np.concatenate([c, xt]) + p["bu"])
        r = sig(p["Wr"] @ np.concatenate([c, xt]) + p["br"])
        cc = np.tanh(p["Wc"] @ np.concatenate([r * c, xt]) + p["bc"])
        c = u * cc + (1 - u) * c
        out.append(c)
    return np.stack(out, axis=2)


def test_gru_forward_matches_the_lecture():
    rng = np.random.default_rng(12)
    p = gru_params(rng)
    x, a0 = data(rng)
    a, y, _ = F.gru_forward(x, a0, p)
    np.testing.assert_allclose(a, gru_naive(x, a0, p), rtol=1e-12, atol=1e-14)
    ref_y = [F.softmax(p["Wy"] @ a[:, :, t] + p["by"]) for t in range(T)]
    np.testing.assert_allclose(y, np.stack(ref_y, axis=2), rtol=1e-12)


def test_gru_backward_gradcheck():
    rng = np.random.default_rng(13)
    p = gru_params(rng)
    x, a0 = data(rng)
    w = rng.standard_normal((N_A, M, T))
    _, _, cache = F.gru_forward(x, a0, p)
    g = F.gru_backward(w, cache)
    f = lambda: float(np.sum(w * F.gru_forward(x, a0, p)[0]))  # noqa: E731
    arrays = {"dx": x, "da0": a0}
    arrays.update({f"d{k}": p[k] for k in ("Wu", "bu", "Wr", "br", "Wc", "bc")})
    diffs = check_gradients(f, arrays, g)
    assert max(diffs.values()) < 1e-7, diffs


def test_gru_dtype_cache_and_shapes():
    rng = np.random.default_rng(14)
    x, a0 = data(rng, np.float32)
    a, y, cache = F.gru_forward(x, a0, gru_params(rng, np.float32))
    assert a.dtype == y.dtype == np.float32
    assert all(v.dtype == np.float32 for v in F.gru_backward(np.ones_like(a), cache).values())
    _, _, rcache = F.rnn_forward(x, a0, rnn_params(rng, np.float32))
    with pytest.raises(TypeError, match="rnn_forward"):
        F.gru_backward(a, rcache)
    with pytest.raises(TypeError, match="gru_forward"):
        F.rnn_backward(a, cache)
    with pytest.raises(ValueError, match=r"\(m, T_x, n_x\)"):
        F.gru_forward(x.transpose(1, 2, 0), a0, gru_params(rng, np.float32))
    with pytest.raises(ValueError, match="Wr"):
        p = gru_params(rng, np.float32)
        F.gru_forward(x, a0, {**p, "Wr": p["Wr"].T})


# --- gradient clipping -----------------------------------------------------------------------------

def test_clip_gradients():
    g = {"dWaa": np.array([[-12.0, 0.5], [3.0, 10.0]]), "db": np.array([[7.0]], dtype=np.float32),
         "dn": np.array([[-3, 2]])}
    before = {k: v.copy() for k, v in g.items()}
    out = F.clip_gradients(g, 5)
    np.testing.assert_array_equal(out["dWaa"], [[-5.0, 0.5], [3.0, 5.0]])
    np.testing.assert_array_equal(out["db"], [[5.0]])
    assert out["db"].dtype == np.float32 and out["dn"].dtype == np.float64
    for k in g:
        np.testing.assert_array_equal(g[k], before[k])  # inputs untouched
        assert out[k] is not g[k]
    same = F.clip_gradients({"d": np.array([1.0, -2.0])}, 10.0)
    np.testing.assert_array_equal(same["d"], [1.0, -2.0])
    for bad in (0, -1.0, np.inf, True):
        with pytest.raises(ValueError, match="max_value"):
            F.clip_gradients(g, bad)
    with pytest.raises(TypeError, match="dict"):
        F.clip_gradients([g["dWaa"]], 5)


# --- the original assignment's expected outputs (np.random.seed(1) set-ups of its test cells) ------

def test_rnn_cell_reproduces_the_course_output():
    np.random.seed(1)
    xt, a_prev = np.random.randn(3, 10), np.random.randn(5, 10)
    p = {"Waa": np.random.randn(5, 5), "Wax": np.random.randn(5, 3), "Wya": np.random.randn(2, 5)}
    p["ba"], p["by"] = np.random.randn(5, 1), np.random.randn(2, 1)
    a_next, yt_pred, _ = F.rnn_cell_forward(xt, a_prev, p)
    np.testing.assert_allclose(a_next[4], [0.59584544, 0.18141802, 0.61311866, 0.99808218, 0.85016201,
                                           0.99980978, -0.18887155, 0.99815551, 0.6531151, 0.82872037], atol=1e-8)
    np.testing.assert_allclose(yt_pred[1], [0.9888161, 0.01682021, 0.21140899, 0.36817467, 0.98988387,
                                            0.88945212, 0.36920224, 0.9966312, 0.9982559, 0.17746526], atol=1e-8)


def test_lstm_cell_reproduces_the_course_output():
    np.random.seed(1)
    xt, a_prev, c_prev = np.random.randn(3, 10), np.random.randn(5, 10), np.random.randn(5, 10)
    p = {}
    for k in ("Wf", "bf", "Wi", "bi", "Wo", "bo", "Wc", "bc"):
        p[k] = np.random.randn(5, 8 if k[0] == "W" else 1)
    p["Wy"], p["by"] = np.random.randn(2, 5), np.random.randn(2, 1)
    a_next, c_next, _, _ = F.lstm_cell_forward(xt, a_prev, c_prev, p)
    np.testing.assert_allclose(a_next[4], [-0.66408471, 0.0036921, 0.02088357, 0.22834167, -0.85575339,
                                           0.00138482, 0.76566531, 0.34631421, -0.00215674, 0.43827275], atol=1e-8)
    np.testing.assert_allclose(c_next[2], [0.63267805, 1.00570849, 0.35504474, 0.20690913, -1.64566718,
                                           0.11832942, 0.76449811, -0.0981561, -0.74348425, -0.26810932], atol=1e-8)


def test_upstream_gradients_int_converted_other_precision_refused():
    rng = np.random.default_rng(15)
    x, a0 = data(rng, np.float32)
    a, _, cache = F.rnn_forward(x, a0, rnn_params(rng, np.float32))
    g = F.rnn_backward(np.ones(a.shape, dtype=int), cache)
    assert g["dWaa"].dtype == np.float32
    np.testing.assert_array_equal(g["dWaa"], F.rnn_backward(np.ones_like(a), cache)["dWaa"])
    with pytest.raises(TypeError, match="float64"):
        F.rnn_backward(np.ones(a.shape), cache)
    with pytest.raises(TypeError, match="a0 is float64 but the model is float32"):
        F.rnn_forward(x, a0.astype(np.float64), rnn_params(rng, np.float32))
