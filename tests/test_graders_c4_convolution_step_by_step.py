"""Course 4, "Convolution step by step": the graders accept the course's loops and the package's kernels,
and reject every mistake of their tables (with its sentence) and other plausible bugs."""
import numpy as np
import pytest

from dlcourse import functional as F
from _grading import grading
from dlcourse.graders import GraderError
from dlcourse.graders import c4_convolution_step_by_step as grader
from dlcourse.graders.solutions import c4_convolution_step_by_step as solutions

EXERCISES = list(grader.chapter.exercises)
MISTAKES = [(name, i) for name, ex in grader.chapter.exercises.items() for i in range(len(ex.mistakes))]


_check, _passes = grading(grader)


# --- right answers pass ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", EXERCISES)
def test_the_learner_style_loops_pass(name, capsys):
    _passes(name, getattr(solutions, name), capsys)


@pytest.mark.parametrize("name", EXERCISES)
def test_the_reference_passes_on_several_fresh_cases(name, capsys):
    for seed in range(5):
        _check(name)(getattr(solutions, name), seed=seed)
    assert capsys.readouterr().out.count("[pass]") == 5


def test_the_package_kernels_pass_where_they_apply(capsys):
    _passes("zero_pad", F.zero_pad, capsys)

    def pool_backward_kernel(dA, cache, mode="max"):  # the cache rebuilt, then the kernel alone
        A_prev, hp = cache
        _, kernel_cache = F.pool_forward(A_prev[:, :(A_prev.shape[1] - hp["f"]) // hp["stride"] * hp["stride"] + hp["f"],
                                                :(A_prev.shape[2] - hp["f"]) // hp["stride"] * hp["stride"] + hp["f"]],
                                         hp, mode)
        d = F.pool_backward(dA, kernel_cache)
        out = np.zeros_like(A_prev)
        out[:, :d.shape[1], :d.shape[2]] = d
        return out
    _passes("pool_backward", pool_backward_kernel, capsys)


def test_vectorized_learner_answers_pass(capsys):
    _passes("conv_single_step", lambda a, W, b: np.sum(a * W) + b, capsys)   # a (1, 1, 1) array is a number
    _passes("distribute_value", lambda dz, shape: np.full(shape, dz / np.prod(shape)), capsys)
    _passes("create_mask_from_window", lambda x: (np.arange(x.size).reshape(x.shape) == np.argmax(x)).astype(int),
            capsys)


def test_the_original_courses_numbers_come_out():
    """With the original's legacy generator and test shapes, the loops give its expected outputs."""
    rng = np.random.RandomState(1)
    A_prev, W, b = rng.randn(10, 5, 7, 4), rng.randn(3, 3, 4, 8), rng.randn(1, 1, 1, 8)
    Z, _ = solutions.conv_forward(A_prev, W, b, {"pad": 1, "stride": 2})
    assert abs(Z.mean() - 0.692360880758) < 1e-10
    rng = np.random.RandomState(1)
    A_prev, W, b = rng.randn(10, 4, 4, 3), rng.randn(2, 2, 3, 8), rng.randn(1, 1, 1, 8)
    Z, cache = solutions.conv_forward(A_prev, W, b, {"pad": 2, "stride": 2})
    dA, dW, db = grader._ref_conv_backward(Z, cache)
    np.testing.assert_allclose([dA.mean(), dW.mean(), db.mean()], [1.45243777754, 1.72699145831, 7.83923256462],
                               rtol=1e-10)


def test_the_references_follow_the_floor_formula_like_the_loops():
    rng = np.random.default_rng(0)
    A, W, b = rng.standard_normal((2, 7, 6, 3)), rng.standard_normal((3, 3, 3, 2)), rng.standard_normal((1, 1, 1, 2))
    hp = {"pad": 1, "stride": 3}  # (7 + 2 - 3) / 3 = 2 exactly, (6 + 2 - 3) / 3 = 1.67: the last column is skipped
    Z, cache = grader._ref_conv_forward(A, W, b, hp)
    Z_loops, _ = solutions.conv_forward(A, W, b, hp)
    assert Z.shape == (2, 3, 2, 2)
    np.testing.assert_allclose(Z, Z_loops, atol=1e-12)
    dZ = rng.standard_normal(Z.shape)
    for got, expected in zip(grader._ref_conv_backward(dZ, cache), solutions.conv_backward(dZ, cache)):
        np.testing.assert_allclose(got, expected, atol=1e-12)


def test_the_mask_reference_is_the_kernels_first_maximum():
    x = np.array([[1.0, 3.0, 3.0], [3.0, 0.0, 2.0]])
    assert grader._ref_mask(x).tolist() == [[False, True, False], [False, False, False]]
    assert grader._ref_mask(x.T).tolist() == [[False, True], [False, False], [False, False]]
    assert grader._ref_mask(np.zeros((2, 2))).sum() == 1


# --- every mistake of the tables fails with its sentence -------------------------------------------------------

@pytest.mark.parametrize("name,index", MISTAKES, ids=[f"{n}-{i}" for n, i in MISTAKES])
def test_every_tabled_mistake_fails_with_its_sentence(name, index):
    wrong, sentence = grader.chapter.exercises[name].mistakes[index]
    with pytest.raises(GraderError) as err:
        _check(name)(wrong)
    assert f"Likely cause: {sentence}" in str(err.value)


# --- and other bugs, written independently -----------------------------------------------------------------

def test_zero_pad_bugs():
    with pytest.raises(GraderError, match="wrong shape"):
        grader.check_zero_pad(lambda X, pad: np.pad(X, ((0, 0), (pad, pad), (0, 0), (0, 0))))
    with pytest.raises(GraderError, match="modified its input"):
        def in_place(X, pad):
            X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
            X[...] = 0.0
            return X_pad
        grader.check_zero_pad(in_place)


def _conv_forward_with(cache_order=False, transpose_hw=False):
    def conv_forward(A_prev, W, b, hparameters):
        Z, cache = solutions.conv_forward(A_prev, W, b, hparameters)
        if transpose_hw:
            Z = solutions.conv_forward(A_prev.transpose(0, 2, 1, 3), W.transpose(1, 0, 2, 3), b,
                                       hparameters)[0].transpose(0, 2, 1, 3)
        return Z, ((W, A_prev, b, hparameters) if cache_order else cache)
    return conv_forward


def test_conv_forward_bugs():
    with pytest.raises(GraderError, match=r"cache\[item 0\]: wrong shape"):
        grader.check_conv_forward(_conv_forward_with(cache_order=True))
    with pytest.raises(GraderError, match="return the pair \\(Z, cache\\)"):
        grader.check_conv_forward(lambda A_prev, W, b, hparameters: solutions.conv_forward(A_prev, W, b, hparameters)[0])

    def vert_stride_only(A_prev, W, b, hparameters):  # the width uses stride 1 in the slicing
        m, H, Wd, _ = A_prev.shape
        f, s, p = W.shape[0], hparameters["stride"], hparameters["pad"]
        n_H, n_W = (H + 2 * p - f) // s + 1, (Wd + 2 * p - f) // s + 1
        A = solutions.zero_pad(A_prev, p)
        Z = np.zeros((m, n_H, n_W, W.shape[3]))
        for i in range(m):
            for h in range(n_H):
                for w in range(n_W):
                    for c in range(W.shape[3]):
                        Z[i, h, w, c] = np.sum(A[i, h * s:h * s + f, w:w + f] * W[..., c]) + b[0, 0, 0, c]
        return Z, (A_prev, W, b, hparameters)
    with pytest.raises(GraderError, match="Z: wrong values"):
        grader.check_conv_forward(vert_stride_only)


def test_pool_forward_bugs():
    with pytest.raises(GraderError, match="argument 'mode' should default to 'max'"):
        grader.check_pool_forward(lambda A_prev, hparameters, mode="average": solutions.pool_forward(A_prev, hparameters, mode))
    with pytest.raises(GraderError, match="no argument 'mode'"):
        grader.check_pool_forward(lambda A_prev, hparameters: solutions.pool_forward(A_prev, hparameters))

    def minimum(A_prev, hparameters, mode="max"):
        A, cache = solutions.pool_forward(-A_prev, hparameters, mode)
        return (-A if mode == "max" else solutions.pool_forward(A_prev, hparameters, mode)[0]), (A_prev, hparameters)
    with pytest.raises(GraderError, match="A: wrong values"):
        grader.check_pool_forward(minimum)


def test_conv_backward_bugs():
    def no_dA(dZ, cache):
        dA_prev, dW, db = solutions.conv_backward(dZ, cache)
        return np.zeros_like(dA_prev), dW, db
    with pytest.raises(GraderError, match="dA_prev: wrong values"):
        grader.check_conv_backward(no_dA)

    def swapped(dZ, cache):
        dA_prev, dW, db = solutions.conv_backward(dZ, cache)
        return dA_prev, dW[::-1, ::-1], db  # the filter gradient flipped
    with pytest.raises(GraderError, match="dW: wrong values"):
        grader.check_conv_backward(swapped)


def test_mask_and_distribute_bugs():
    with pytest.raises(GraderError, match="wrong values"):
        grader.check_create_mask_from_window(lambda x: x > np.mean(x))
    with pytest.raises(GraderError, match="wrong shape"):
        grader.check_distribute_value(lambda dz, shape: np.ones(shape[::-1]) * dz / np.prod(shape))


def test_pool_backward_bugs():
    def halves_ties(dA, cache, mode="max"):  # ties share the gradient equally: right total, wrong routing
        A_prev, hp = cache
        f, s = hp["f"], hp["stride"]
        out = np.zeros(A_prev.shape)
        for i in range(dA.shape[0]):
            for h in range(dA.shape[1]):
                for w in range(dA.shape[2]):
                    for c in range(dA.shape[3]):
                        win = A_prev[i, h * s:h * s + f, w * s:w * s + f, c]
                        if mode == "max":
                            mask = win == win.max()
                            share = mask / mask.sum() * dA[i, h, w, c]
                        else:
                            share = np.full((f, f), dA[i, h, w, c] / (f * f))
                        out[i, h * s:h * s + f, w * s:w * s + f, c] += share
        return out
    with pytest.raises(GraderError, match="after a ReLU \\(ties\\).*wrong values"):
        grader.check_pool_backward(halves_ties)
    with pytest.raises(GraderError, match="argument 'mode' needs the default value 'max'"):
        grader.check_pool_backward(lambda dA, cache, mode: solutions.pool_backward(dA, cache, mode))


def test_checks_are_fast():
    import time

    start = time.perf_counter()
    for name in EXERCISES:
        _check(name)(getattr(solutions, name))
    assert time.perf_counter() - start < 10.0  # well under a second on a quiet machine
