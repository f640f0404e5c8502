"""Property tests: the functional kernels over input dtypes and shapes, good and bad.

For every dtype a learner's data may come in (bool, uint8, int8, int64, float32, float64) and
for shapes including m = 0 and the wrong orientation, a kernel either returns a finite result
in the promised dtype that agrees with a float64 reference, or raises ValueError/TypeError
naming the offending argument. Small runs (the unit tests live in test_functional.py).
"""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from dlcourse import functional as F

DTYPES = [np.bool_, np.uint8, np.int8, np.int64, np.float32, np.float64]
SETTINGS = settings(max_examples=25, deadline=None)


def out_dtype(dtype):
    """What the kernels promise: float dtypes kept, bool/int computed in float64."""
    return np.dtype(dtype) if np.dtype(dtype).kind == "f" else np.dtype(np.float64)


def tol(dtype):
    return dict(rtol=2e-5, atol=1e-6) if out_dtype(dtype) == np.float32 else dict(rtol=1e-12, atol=1e-300)


def elements(dtype, lo=-60, hi=60):
    dtype = np.dtype(dtype)
    if dtype.kind == "b":
        return st.booleans()
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        return st.integers(int(info.min), int(info.max))  # uint8 200 and int8 -128 must not wrap
    return st.floats(lo, hi, width=dtype.itemsize * 8)


@st.composite
def arrays(draw, dtypes=DTYPES, min_m=1, min_n=1, **bounds):
    dtype = draw(st.sampled_from(dtypes))
    shape = (draw(st.integers(min_n, 4)), draw(st.integers(min_m, 6)))
    return draw(hnp.arrays(dtype, shape, elements=elements(dtype, **bounds)))


def ref(x):
    return np.asarray(x, dtype=np.float64)


def ref_sigmoid(z):
    with np.errstate(over="ignore"):  # exp(1000) = inf gives the right limit, 0
        return 1 / (1 + np.exp(-z))


ACTIVATION_REFS = {
    "sigmoid": (ref_sigmoid, lambda z, g: g * ref_sigmoid(z) * (1 - ref_sigmoid(z))),
    "relu": (lambda z: np.maximum(z, 0), lambda z, g: g * (z > 0)),
    "tanh": (np.tanh, lambda z, g: g * (1 - np.tanh(z) ** 2)),
    "leaky_relu": (lambda z: np.where(z > 0, z, 0.01 * z), lambda z, g: g * np.where(z > 0, 1, 0.01)),
    "softmax": (lambda z: np.exp(z - z.max(0)) / np.exp(z - z.max(0)).sum(0),
                lambda z, g: (lambda a: a * (g - (g * a).sum(0)))(np.exp(z - z.max(0)) / np.exp(z - z.max(0)).sum(0))),
    "linear": (lambda z: z, lambda z, g: g),
}


@SETTINGS
@given(Z=arrays(), name=st.sampled_from(sorted(ACTIVATION_REFS)), data=st.data())
def test_activation_pairs_any_dtype(Z, name, data):
    fwd, bwd = F.ACTIVATIONS[name]
    want = out_dtype(Z.dtype)
    A, cache = fwd(Z)
    assert A.dtype == want and A.shape == Z.shape and np.all(np.isfinite(A))
    ref_f, ref_b = ACTIVATION_REFS[name]
    with np.errstate(over="ignore"):
        np.testing.assert_allclose(A, ref_f(ref(Z)), **tol(Z.dtype))
    G = data.draw(hnp.arrays(want, Z.shape, elements=st.floats(-3, 3, width=want.itemsize * 8)))
    dZ = bwd(G, cache)
    assert dZ.dtype == want and dZ.shape == Z.shape and np.all(np.isfinite(dZ))
    with np.errstate(over="ignore"):
        expected = ref_b(ref(Z), ref(G))
    np.testing.assert_allclose(dZ, expected, rtol=tol(Z.dtype)["rtol"] * 10, atol=max(tol(Z.dtype)["atol"], 1e-12))


@SETTINGS
@given(z=arrays(lo=-1000, hi=1000))
def test_plain_functions_keep_dtype_and_never_warn(z):
    want = out_dtype(z.dtype)
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # even for |z| ~ 1000
        for f in (F.sigmoid, F.sigmoid_derivative, F.relu, F.relu_derivative, F.tanh, F.tanh_derivative,
                  F.leaky_relu, F.leaky_relu_derivative, F.softmax):
            out = f(z)
            assert out.dtype == want, f.__name__
            assert np.all(np.isfinite(out)), f.__name__
    s = F.sigmoid(z)
    assert np.all((s >= 0) & (s <= 1))


@SETTINGS
@given(Z=arrays(min_m=0), name=st.sampled_from(sorted(ACTIVATION_REFS)))
def test_backward_refuses_dA_of_another_shape(Z, name):
    fwd, bwd = F.ACTIVATIONS[name]
    _, cache = fwd(Z)
    with pytest.raises(ValueError, match=r"dA has shape"):
        bwd(np.zeros((Z.shape[0] + 1, Z.shape[1])), cache)


@st.composite
def binary_case(draw, dtypes=DTYPES):
    """(A or Z, Y) rows of shape (1, m) in any dtype; A holds probabilities, Y labels."""
    m = draw(st.integers(1, 8))
    a_dtype, y_dtype = draw(st.sampled_from(dtypes)), draw(st.sampled_from(DTYPES))
    if np.dtype(a_dtype).kind == "f":
        A = draw(hnp.arrays(a_dtype, (1, m), elements=st.floats(0, 1, width=np.dtype(a_dtype).itemsize * 8)))
    else:
        A = draw(hnp.arrays(a_dtype, (1, m), elements=st.integers(0, 1) if a_dtype is not np.bool_ else st.booleans()))
    Y = draw(hnp.arrays(y_dtype, (1, m), elements=st.booleans() if y_dtype is np.bool_ else st.integers(0, 1)))
    return A, Y


def ref_bce(A, Y, eps):
    A = np.clip(ref(A), eps, 1 - eps)
    Y = ref(Y)
    return -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)), -(Y / A - (1 - Y) / (1 - A))


@SETTINGS
@given(case=binary_case())
def test_binary_cross_entropy_any_dtype(case):
    A, Y = case
    want = out_dtype(A.dtype)
    eps = F.EPS if want == np.float64 else float(np.finfo(want).eps) * 10
    cost, dA = F.binary_cross_entropy(A, Y), F.binary_cross_entropy_backward(A, Y)
    assert np.isfinite(cost) and dA.dtype == want and np.all(np.isfinite(dA))
    # the reference clips the float32-rounded prediction, as the kernel does
    ref_cost, ref_dA = ref_bce(A.astype(want), Y, eps)
    assert cost == pytest.approx(ref_cost, rel=1e-5 if want == np.float32 else 1e-12)
    np.testing.assert_allclose(dA, ref_dA, rtol=1e-5 if want == np.float32 else 1e-12)


@SETTINGS
@given(Z=arrays(), data=st.data())
def test_sigmoid_cross_entropy_with_logits_any_dtype(Z, data):
    Z = Z[:1]
    Y = data.draw(hnp.arrays(np.int64, Z.shape, elements=st.integers(0, 1)))
    want = out_dtype(Z.dtype)
    z = ref(Z)
    expected = np.mean(np.maximum(z, 0) - z * Y + np.log1p(np.exp(-np.abs(z))))
    assert F.sigmoid_cross_entropy_with_logits(Z, Y) == pytest.approx(expected, rel=1e-5, abs=1e-6)
    dZ = F.sigmoid_cross_entropy_with_logits_backward(Z, Y)
    assert dZ.dtype == want
    np.testing.assert_allclose(dZ, ref_sigmoid(z) - Y, rtol=1e-5, atol=1e-6)


@st.composite
def categorical_case(draw):
    C, m = draw(st.integers(1, 5)), draw(st.integers(1, 6))
    dtype = draw(st.sampled_from([np.float32, np.float64, np.int64, np.uint8]))
    Z = draw(hnp.arrays(dtype, (C, m), elements=elements(dtype, -30, 30)))
    labels = draw(hnp.arrays(np.int64, (m,), elements=st.integers(0, C - 1)))
    Y = np.eye(C, dtype=draw(st.sampled_from(DTYPES)))[labels].T
    return Z, Y


@SETTINGS
@given(case=categorical_case())
def test_categorical_losses_any_dtype(case):
    Z, Y = case
    want = out_dtype(Z.dtype)
    z = ref(Z)
    logp = z - z.max(0) - np.log(np.exp(z - z.max(0)).sum(0))
    assert F.softmax_cross_entropy(Z, Y) == pytest.approx(-np.mean(np.sum(ref(Y) * logp, 0)), rel=1e-5, abs=1e-5)
    dZ = F.softmax_cross_entropy_backward(Z, Y)
    assert dZ.dtype == want
    np.testing.assert_allclose(dZ, np.exp(logp) - Y, rtol=1e-5, atol=1e-6)
    A = F.softmax(Z)
    assert np.isfinite(F.categorical_cross_entropy(A, Y))
    dA = F.categorical_cross_entropy_backward(A, Y)
    assert dA.dtype == want and np.all(np.isfinite(dA))


BINARY_LOSSES = [
    ("A", F.binary_cross_entropy), ("A", F.binary_cross_entropy_backward),
    ("Z", F.sigmoid_cross_entropy_with_logits), ("Z", F.sigmoid_cross_entropy_with_logits_backward),
]


@SETTINGS
@given(m=st.integers(2, 8), which=st.sampled_from(BINARY_LOSSES), dtype=st.sampled_from(DTYPES))
def test_binary_losses_refuse_the_transposed_row(m, which, dtype):
    name, loss = which
    A = np.full((m, 1), 0.5).astype(dtype) if np.dtype(dtype).kind == "f" else np.ones((m, 1), dtype)
    Y = (np.arange(m) % 2).reshape(m, 1)
    with pytest.raises(ValueError, match=rf"{name} must be a row .* got shape \({m}, 1\).*transpose"):
        loss(A, Y)
    with pytest.raises(ValueError, match=r"Y has shape .*transpose"):
        loss(A.T, Y)


ALL_LOSSES = BINARY_LOSSES + [
    ("A", F.categorical_cross_entropy), ("A", F.categorical_cross_entropy_backward),
    ("Z", F.softmax_cross_entropy), ("Z", F.softmax_cross_entropy_backward),
]


@SETTINGS
@given(which=st.sampled_from(ALL_LOSSES), n=st.integers(1, 3), dtype=st.sampled_from(DTYPES))
def test_losses_refuse_zero_examples(which, n, dtype):
    name, loss = which
    n = 1 if loss in [f for _, f in BINARY_LOSSES] else n
    with pytest.raises(ValueError, match=rf"{name} has shape \({n}, 0\): m \(the number of examples\) is 0"):
        loss(np.zeros((n, 0), dtype), np.zeros((n, 0)))


@SETTINGS
@given(which=st.sampled_from(BINARY_LOSSES), bad=st.sampled_from([2, -1, 0.5, np.nan]))
def test_binary_losses_and_backwards_refuse_non_binary_labels(which, bad):
    _, loss = which
    with pytest.raises(ValueError, match="Y must hold only 0/1 labels"):
        loss(np.array([[0.3, 0.6, 0.9]]), np.array([[1.0, 0.0, bad]]))


@SETTINGS
@given(which=st.sampled_from(ALL_LOSSES), bad=st.sampled_from([np.nan, np.inf, -np.inf]),
       dtype=st.sampled_from([np.float32, np.float64]))
def test_losses_name_nan_and_inf(which, bad, dtype):
    name, loss = which
    X = np.array([[0.3, bad]], dtype)
    Y = np.array([[1, 0]]) if loss in [f for _, f in BINARY_LOSSES] else np.array([[1, 1]])
    with pytest.raises(ValueError, match=rf"{name} contains NaN/inf \(check the input data / learning rate\)"):
        loss(X, Y)


@SETTINGS
@given(m=st.integers(1, 5), n_in=st.integers(1, 4), n_out=st.integers(1, 4),
       dtype=st.sampled_from(DTYPES), data=st.data())
def test_linear_kernels_any_dtype(m, n_in, n_out, dtype, data):
    A = data.draw(hnp.arrays(dtype, (n_in, m), elements=elements(dtype, -5, 5)))
    W = data.draw(hnp.arrays(np.float64, (n_out, n_in), elements=st.floats(-2, 2)))
    b = np.zeros((n_out, 1))
    Z, cache = F.linear_forward(A, W, b)
    assert Z.dtype == np.float64 and np.all(np.isfinite(Z))
    np.testing.assert_allclose(Z, W @ ref(A), rtol=1e-12, atol=1e-9)
    dZ = np.ones_like(Z)
    dA, dW, db = F.linear_backward(dZ, cache)
    np.testing.assert_allclose(dW, dZ @ ref(A).T / m, rtol=1e-12, atol=1e-12)
    if n_in != m:  # examples given as rows
        with pytest.raises(ValueError, match=r"A_prev has shape .*transpose"):
            F.linear_forward(A.T, W, b)


def test_linear_backward_refuses_zero_examples():
    _, cache = F.linear_forward(np.zeros((3, 0)), np.zeros((2, 3)), np.zeros((2, 1)))
    with pytest.raises(ValueError, match=r"A_prev has shape \(3, 0\): m \(the number of examples\) is 0"):
        F.linear_backward(np.zeros((2, 0)), cache)
