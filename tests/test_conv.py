"""Conv / pool / spatial kernels: naive-loop references, gradient checks, ties, bad input."""
import numpy as np
import pytest

from dlcourse import functional as F
from dlcourse.gradcheck import gradient_difference

TOL = 1e-7


def naive_conv(A_prev, W, b, stride, pad):
    """The course's loops."""
    m, H, Wd, C = A_prev.shape
    f, _, _, n_C = W.shape
    A = np.pad(A_prev, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    n_H, n_W = (H + 2 * pad - f) // stride + 1, (Wd + 2 * pad - f) // stride + 1
    Z = np.zeros((m, n_H, n_W, n_C))
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C):
                    win = A[i, h * stride:h * stride + f, w * stride:w * stride + f, :]
                    Z[i, h, w, c] = np.sum(win * W[..., c]) + b[0, 0, 0, c]
    return Z


def naive_pool(A_prev, f, stride, mode):
    m, H, Wd, C = A_prev.shape
    n_H, n_W = (H - f) // stride + 1, (Wd - f) // stride + 1
    out = np.zeros((m, n_H, n_W, C))
    red = np.max if mode == "max" else np.mean
    for h in range(n_H):
        for w in range(n_W):
            out[:, h, w, :] = red(A_prev[:, h * stride:h * stride + f, w * stride:w * stride + f, :], axis=(1, 2))
    return out


def num_grad(f, x, rng, n=25, eps=1e-6):
    """Central differences on a random subset of entries of x: returns (indices, values)."""
    idx = [tuple(rng.integers(0, s) for s in x.shape) for _ in range(n)]
    vals = []
    for k in idx:
        old = x[k]
        x[k] = old + eps
        p = f()
        x[k] = old - eps
        q = f()
        x[k] = old
        vals.append((p - q) / (2 * eps))
    return idx, np.array(vals)


def check(f, x, grad, rng):
    idx, approx = num_grad(f, x, rng)
    assert gradient_difference(np.array([grad[k] for k in idx]), approx) < TOL


CONV_CASES = [  # (shape, f, n_C, stride, pad)
    ((2, 5, 7, 3), 3, 4, 1, 1),
    ((2, 5, 7, 3), 3, 4, 2, 1),
    ((1, 6, 4, 2), 2, 3, 2, 0),
    ((2, 4, 5, 3), 3, 2, 1, 2),
    ((3, 7, 5, 2), 3, 3, 2, 2),
    ((2, 3, 3, 4), 1, 5, 1, 0),
]


@pytest.mark.parametrize("shape,f,n_C,stride,pad", CONV_CASES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_conv_forward_matches_loops(rng, shape, f, n_C, stride, pad, dtype):
    A = rng.standard_normal(shape).astype(dtype)
    W = rng.standard_normal((f, f, shape[3], n_C)).astype(dtype)
    b = rng.standard_normal((1, 1, 1, n_C)).astype(dtype)
    Z, _ = F.conv_forward(A, W, b, {"stride": stride, "pad": pad})
    assert Z.dtype == dtype
    tol = 1e-4 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(Z, naive_conv(A.astype(float), W.astype(float), b.astype(float), stride, pad), rtol=tol, atol=tol)


@pytest.mark.parametrize("shape,f,n_C,stride,pad", CONV_CASES)
def test_conv_backward_gradcheck(rng, shape, f, n_C, stride, pad, monkeypatch):
    monkeypatch.setattr(F.conv, "BLOCK_BYTES", 64)  # several blocks: exercise the block loop
    A = rng.standard_normal(shape)
    W = rng.standard_normal((f, f, shape[3], n_C))
    b = rng.standard_normal((1, 1, 1, n_C))
    hp = {"stride": stride, "pad": pad}
    Z, cache = F.conv_forward(A, W, b, hp)
    G = rng.standard_normal(Z.shape)
    dA, dW, db = F.conv_backward(G, cache)
    assert dA.shape == A.shape and dW.shape == W.shape and db.shape == b.shape

    def J():
        return float(np.sum(G * F.conv_forward(A, W, b, hp)[0]))
    for x, g in ((A, dA), (W, dW), (b, db)):
        check(J, x, g, rng)
    assert F.conv_backward(G, cache, compute_dA_prev=False)[0] is None


def test_conv_float32_backward_stays_float32(rng):
    A = rng.standard_normal((2, 6, 6, 3)).astype(np.float32)
    W = rng.standard_normal((3, 3, 3, 4)).astype(np.float32)
    Z, cache = F.conv_forward(A, W, np.zeros((1, 1, 1, 4), np.float32), {"stride": 1, "pad": 1})
    assert all(g.dtype == np.float32 for g in F.conv_backward(np.ones_like(Z), cache))
    Z8, _ = F.conv_forward((A > 0).astype(np.uint8), W, np.zeros((1, 1, 1, 4), np.float32), {"stride": 1, "pad": 1})
    assert Z8.dtype == np.float32


def test_zero_pad(rng):
    X = rng.standard_normal((2, 3, 4, 2)).astype(np.float32)
    P = F.zero_pad(X, 2)
    assert P.shape == (2, 7, 8, 2) and P.dtype == np.float32
    np.testing.assert_array_equal(P, np.pad(X, ((0, 0), (2, 2), (2, 2), (0, 0))))


@pytest.mark.parametrize("mode", ["max", "average"])
@pytest.mark.parametrize("shape,f,stride", [((2, 5, 5, 3), 3, 1), ((2, 5, 7, 3), 3, 2), ((2, 4, 6, 2), 2, 2),
                                             ((1, 7, 4, 2), 1, 3)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_pool_forward_matches_loops(rng, mode, shape, f, stride, dtype):
    A = rng.standard_normal(shape).astype(dtype)
    out, _ = F.pool_forward(A, {"f": f, "stride": stride}, mode=mode)
    assert out.dtype == dtype
    np.testing.assert_allclose(out, naive_pool(A.astype(float), f, stride, mode), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("mode", ["max", "average"])
@pytest.mark.parametrize("shape,f,stride", [((2, 5, 5, 3), 3, 1), ((2, 5, 7, 3), 3, 2), ((2, 4, 6, 2), 2, 2),
                                             ((1, 7, 4, 2), 1, 3)])
def test_pool_backward_gradcheck(rng, mode, shape, f, stride):
    A = rng.permutation(np.arange(np.prod(shape), dtype=float)).reshape(shape) * 0.1  # distinct: no ties
    hp = {"f": f, "stride": stride}
    out, cache = F.pool_forward(A, hp, mode=mode)
    G = rng.standard_normal(out.shape)
    dA = F.pool_backward(G, cache, mode=mode)
    check(lambda: float(np.sum(G * F.pool_forward(A, hp, mode=mode)[0])), A, dA, rng)


@pytest.mark.parametrize("stride", [1, 2])
def test_max_pool_ties_go_to_the_first_maximum(stride):
    A = np.zeros((1, 4, 4, 2))  # all zeros after a ReLU: every entry ties
    A[0, 1, 1, 1] = 5.0
    hp = {"f": 2, "stride": stride}
    out, cache = F.pool_forward(A, hp)
    dA = F.pool_backward(np.ones_like(out), cache)
    # each window sends exactly its gradient (1) to one entry: the totals are conserved
    assert dA.sum() == out.size
    n = out.shape[1]
    expect = np.zeros((4, 4))
    for h in range(n):
        for w in range(n):
            expect[h * stride, w * stride] += 1  # first entry of an all-zero window
    np.testing.assert_array_equal(dA[0, :, :, 0], expect)
    # channel 1: windows containing the 5 route to it, the others to their first zero
    assert dA[0, 1, 1, 1] == sum(1 for h in range(n) for w in range(n)
                                  if h * stride <= 1 < h * stride + 2 and w * stride <= 1 < w * stride + 2)


def test_global_avg_pool_and_flatten(rng):
    A = rng.standard_normal((3, 4, 5, 2))
    out, cache = F.global_avg_pool_forward(A)
    np.testing.assert_allclose(out, A.mean(axis=(1, 2)))
    G = rng.standard_normal(out.shape)
    check(lambda: float(np.sum(G * F.global_avg_pool_forward(A)[0])), A, F.global_avg_pool_backward(G, cache), rng)
    flat, cache = F.flatten_forward(A)
    assert flat.shape == (3, 40) and np.array_equal(flat[1], A[1].ravel())
    assert F.to_columns(flat).shape == (40, 3)
    np.testing.assert_array_equal(F.flatten_backward(F.to_rows(F.to_columns(flat)), cache), A)
    with pytest.raises(ValueError, match="to_rows"):
        F.flatten_backward(F.to_columns(flat), cache)


def test_spatial_batchnorm(rng):
    X = rng.standard_normal((3, 4, 5, 2)) * 3 + 1
    gamma = rng.standard_normal((1, 1, 1, 2))
    beta = rng.standard_normal((1, 1, 1, 2))
    out, cache = F.spatial_batchnorm_forward(X, gamma, beta, {"mode": "train"})
    Xh = (out - beta) / gamma
    np.testing.assert_allclose(Xh.mean(axis=(0, 1, 2)), 0, atol=1e-12)
    np.testing.assert_allclose(Xh.var(axis=(0, 1, 2)), 1, rtol=1e-4)
    G = rng.standard_normal(X.shape)
    dX, dg, db = F.spatial_batchnorm_backward(G, cache)

    def J():
        return float(np.sum(G * F.spatial_batchnorm_forward(X, gamma, beta, {"mode": "train"})[0]))
    for x, g in ((X, dX), (gamma, dg), (beta, db)):
        check(J, x, g, rng)
    p = {"mode": "train", "momentum": 0.0}
    F.spatial_batchnorm_forward(X, gamma, beta, p)
    p["mode"] = "test"
    out_t, cache_t = F.spatial_batchnorm_forward(X, gamma, beta, p)
    np.testing.assert_allclose(out_t, out, rtol=1e-10, atol=1e-10)
    dX_t = F.spatial_batchnorm_backward(G, cache_t)[0]
    check(lambda: float(np.sum(G * F.spatial_batchnorm_forward(X, gamma, beta, p)[0])), X, dX_t, rng)


def test_bad_inputs_raise_clear_errors(rng):
    A = rng.standard_normal((2, 6, 6, 3))
    W = rng.standard_normal((3, 3, 3, 4))
    b = np.zeros((1, 1, 1, 4))
    hp = {"stride": 1, "pad": 1}
    with pytest.raises(ValueError, match=r"channels-first \(m, C, H, W\)"):
        F.conv_forward(A.transpose(0, 3, 1, 2), W, b, hp)
    with pytest.raises(ValueError, match="n_C_prev"):
        F.conv_forward(rng.standard_normal((2, 6, 6, 5)), W, b, hp)
    with pytest.raises(ValueError, match="larger than"):
        F.conv_forward(rng.standard_normal((2, 2, 2, 3)), W, b, {"stride": 1, "pad": 0})
    with pytest.raises(ValueError, match="does not tile"):
        F.conv_forward(A, W, b, {"stride": 2, "pad": 1})
    with pytest.raises(ValueError, match="b.reshape"):
        F.conv_forward(A, W, np.zeros(4), hp)
    with pytest.raises(TypeError, match="float32"):
        F.conv_forward(A.astype(np.float32), W, b, hp)
    with pytest.raises(ValueError, match="m \\(the number of examples\\) is 0"):
        F.conv_forward(A[:0], W, b, hp)
    with pytest.raises(ValueError, match="4-D"):
        F.conv_forward(A[0], W, b, hp)
    with pytest.raises(KeyError, match="pad"):
        F.conv_forward(A, W, b, {"stride": 1})
    with pytest.raises(ValueError, match="does not tile"):
        F.pool_forward(rng.standard_normal((1, 5, 5, 1)), {"f": 2, "stride": 2})
    with pytest.raises(ValueError, match="mode"):
        F.pool_forward(A, {"f": 2, "stride": 2}, mode="min")
    Z, conv_cache = F.conv_forward(A, W, b, hp)
    with pytest.raises(ValueError, match="dZ has shape"):
        F.conv_backward(Z[:, :-1], conv_cache)


def test_backward_refuses_another_kernels_cache(rng):
    A = rng.standard_normal((1, 4, 4, 2))
    out, pool_cache = F.pool_forward(A, {"f": 2, "stride": 2})
    _, conv_cache = F.conv_forward(A, rng.standard_normal((3, 3, 2, 2)), np.zeros((1, 1, 1, 2)), {"stride": 1, "pad": 1})
    with pytest.raises(TypeError, match="cache of pool_forward"):
        F.conv_backward(np.ones((1, 4, 4, 2)), pool_cache)
    with pytest.raises(TypeError, match="cache of conv_forward"):
        F.pool_backward(out, conv_cache)
    with pytest.raises(TypeError, match="expects the cache"):
        F.conv_backward(np.ones((1, 4, 4, 2)), (A, None))
    with pytest.raises(ValueError, match="mode='max'"):
        F.pool_backward(out, pool_cache, mode="average")


def _first_max_pool_backward_loops(A, G, f, stride, mode):
    """The definition, window by window: max sends the gradient to the first maximum (row-major)."""
    out = np.zeros_like(A)
    for i in range(G.shape[0]):
        for h in range(G.shape[1]):
            for w in range(G.shape[2]):
                for c in range(G.shape[3]):
                    win = A[i, h * stride:h * stride + f, w * stride:w * stride + f, c]
                    if mode == "max":
                        r, s = np.unravel_index(np.argmax(win), win.shape)
                        out[i, h * stride + r, w * stride + s, c] += G[i, h, w, c]
                    else:
                        out[i, h * stride:h * stride + f, w * stride:w * stride + f, c] += G[i, h, w, c] / (f * f)
    return out


@pytest.mark.parametrize("block_bytes", [1, 300, 2 ** 19])  # one example per block, a few, all at once
@pytest.mark.parametrize("mode", ["max", "average"])
@pytest.mark.parametrize("shape,f,stride", [((5, 4, 6, 3), 2, 2), ((3, 5, 5, 2), 3, 1), ((4, 5, 7, 3), 3, 2),
                                             ((3, 6, 6, 2), 3, 3)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_pool_backward_in_blocks_matches_the_definition(rng, monkeypatch, block_bytes, mode, shape, f, stride, dtype):
    from dlcourse.functional import pool

    monkeypatch.setattr(pool, "BLOCK_BYTES", block_bytes)
    A = np.maximum(np.round(rng.standard_normal(shape), 1), 0).astype(dtype)  # after a ReLU, rounded: many ties
    hp = {"f": f, "stride": stride}
    out, cache = F.pool_forward(A, hp, mode=mode)
    G = rng.standard_normal(out.shape).astype(dtype)
    dA = F.pool_backward(G, cache)
    assert dA.dtype == dtype
    expected = _first_max_pool_backward_loops(A.astype(float), G.astype(float), f, stride, mode)
    if mode == "max" and stride == f:
        np.testing.assert_array_equal(dA, expected.astype(dtype))  # every gradient copied to exactly one entry
    else:
        tol = 1e-6 if dtype == np.float32 else 1e-13
        np.testing.assert_allclose(dA, expected, rtol=tol, atol=tol)
