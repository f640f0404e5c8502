"""The grader of "Hyperparameter tuning and batch normalization": right answers pass (the learner-style
solutions and wrappers around the dlcourse kernels), every entry of each mistakes table fails with its own
sentence, and a few other plausible bugs fail too."""
import re

import numpy as np
import pytest

from dlcourse import functional as F
from _grading import grading
from dlcourse.graders import GraderError
from dlcourse.graders import c2_batchnorm as grader
from dlcourse.graders.solutions import c2_batchnorm as solutions

EXERCISES = ["sample_log_uniform", "batchnorm_forward", "batchnorm_backward", "batchnorm_inference"]


_check, _passes = grading(grader)


# --- right answers ----------------------------------------------------------------------------------------

def kernel_forward(Z, gamma, beta, eps=1e-5):
    """A learner who wraps the package kernel and unpacks its statistics into the tuple cache."""
    out, _ = F.batchnorm_forward(Z, gamma, beta, train=True, eps=eps)
    mu = Z.mean(axis=1, keepdims=True)
    var = Z.var(axis=1, keepdims=True)
    return out, ((Z - mu) / np.sqrt(var + eps), gamma, mu, var, eps)


def kernel_inference(Z, gamma, beta, running_mean, running_var, eps=1e-5):
    return F.batchnorm_forward(Z, gamma, beta, train=False, running_mean=running_mean, running_var=running_var,
                               eps=eps)[0]


def staged_backward(dout, cache):
    """The backward written in the staged form (through Z_hat, var and mu one after the other), as CS231n does."""
    Z_hat, gamma, mu, var, eps = cache
    m = dout.shape[1]
    std = np.sqrt(var + eps)
    Zc = Z_hat * std  # Z - mu
    dZ_hat = dout * gamma
    dvar = np.sum(dZ_hat * Zc, axis=1, keepdims=True) * -0.5 * std ** -3
    dmu = np.sum(-dZ_hat / std, axis=1, keepdims=True) + dvar * np.mean(-2 * Zc, axis=1, keepdims=True)
    dZ = dZ_hat / std + dvar * 2 * Zc / m + dmu / m
    return dZ, np.sum(dout * Z_hat, axis=1, keepdims=True), np.sum(dout, axis=1, keepdims=True)


def exp_ln_sampler(low, high, size, seed=0):
    """Natural logarithms and exp give the same values as log10 and 10 ** r (same uniform draws)."""
    rng = np.random.default_rng(seed)
    return np.exp(rng.uniform(np.log(low), np.log(high), size))


@pytest.mark.parametrize("name,fn", [
    ("sample_log_uniform", solutions.sample_log_uniform),
    ("sample_log_uniform", exp_ln_sampler),
    ("batchnorm_forward", solutions.batchnorm_forward),
    ("batchnorm_forward", kernel_forward),
    ("batchnorm_backward", solutions.batchnorm_backward),
    ("batchnorm_backward", staged_backward),
    ("batchnorm_inference", solutions.batchnorm_inference),
    ("batchnorm_inference", kernel_inference),
], ids=["sampler", "sampler exp/ln", "forward", "forward via kernel", "backward", "backward staged",
        "inference", "inference via kernel"])
def test_right_answers_pass(name, fn, capsys):
    _passes(name, fn, capsys)


@pytest.mark.parametrize("name", EXERCISES)
def test_the_reference_passes_its_own_check_and_fresh_cases_replay(name, capsys):
    ex = grader.chapter.exercises[name]
    _check(name)(ex.reference)
    _check(name)(ex.reference, seed=12345)
    assert capsys.readouterr().out.count(f"[pass] {name}") == 2


# --- the mistakes tables ------------------------------------------------------------------------------------

MISTAKES = [(name, i) for name in EXERCISES for i in range(len(grader.chapter.exercises[name].mistakes))]


@pytest.mark.parametrize("name,i", MISTAKES, ids=[f"{n}-{i}" for n, i in MISTAKES])
def test_every_mistake_fails_with_its_sentence(name, i):
    wrong, sentence = grader.chapter.exercises[name].mistakes[i]
    with pytest.raises(GraderError) as err:
        _check(name)(wrong)
    assert f"Likely cause: {sentence}" in str(err.value), str(err.value)


def test_the_tables_are_not_empty():
    assert all(len(grader.chapter.exercises[name].mistakes) >= 5 for name in EXERCISES)


# --- other plausible bugs ------------------------------------------------------------------------------------

def test_sampler_returning_a_list_or_the_exponents_fails():
    with pytest.raises(GraderError, match="expected a numpy array"):
        grader.check_sample_log_uniform(lambda low, high, size, seed=0: list(solutions.sample_log_uniform(
            low, high, size, seed)))
    with pytest.raises(GraderError, match="wrong values"):
        grader.check_sample_log_uniform(lambda low, high, size, seed=0: np.log10(solutions.sample_log_uniform(
            low, high, size, seed)))


def test_sampler_with_a_fixed_seed_fails():
    with pytest.raises(GraderError, match="wrong values"):
        grader.check_sample_log_uniform(lambda low, high, size, seed=0: solutions.sample_log_uniform(
            low, high, size, 0))


def test_forward_without_keepdims_or_with_a_dict_cache_fails():
    def flat(Z, gamma, beta, eps=1e-5):
        mu, var = Z.mean(axis=1), Z.var(axis=1)
        Z_hat = (Z - mu[:, None]) / np.sqrt(var[:, None] + eps)
        return gamma * Z_hat + beta, (Z_hat, gamma, mu, var, eps)

    with pytest.raises(GraderError, match=r"cache\[item 2\]: wrong shape"):
        grader.check_batchnorm_forward(flat)

    def as_dict(Z, gamma, beta, eps=1e-5):
        out, (Z_hat, g, mu, var, e) = solutions.batchnorm_forward(Z, gamma, beta, eps)
        return out, {"Z_hat": Z_hat, "gamma": g, "mu": mu, "var": var, "eps": e}

    with pytest.raises(GraderError, match="sequence of 5"):
        grader.check_batchnorm_forward(as_dict)

    with pytest.raises(GraderError, match=re.escape("return the pair (out, cache)")):
        grader.check_batchnorm_forward(lambda Z, gamma, beta, eps=1e-5: solutions.batchnorm_forward(Z, gamma, beta,
                                                                                                    eps)[0])


def test_forward_ignoring_the_eps_argument_fails():
    with pytest.raises(GraderError, match="eps = 1e-3"):
        grader.check_batchnorm_forward(lambda Z, gamma, beta, eps=1e-5: solutions.batchnorm_forward(Z, gamma, beta))


def test_forward_that_normalizes_in_place_fails():
    def in_place(Z, gamma, beta, eps=1e-5):
        out, cache = solutions.batchnorm_forward(Z, gamma, beta, eps)
        Z -= cache[2]
        return out, cache

    with pytest.raises(GraderError, match="modified its input Z in place"):
        grader.check_batchnorm_forward(in_place)


def test_backward_with_the_wrong_axis_fails():
    def axis0(dout, cache):
        dZ, _, _ = solutions.batchnorm_backward(dout, cache)
        return dZ, np.sum(dout * cache[0], axis=0, keepdims=True), np.sum(dout, axis=0, keepdims=True)

    with pytest.raises(GraderError, match="dgamma: wrong shape"):
        grader.check_batchnorm_backward(axis0)


def test_backward_that_averages_the_parameter_gradients_fails():
    def averaged(dout, cache):
        dZ, dgamma, dbeta = solutions.batchnorm_backward(dout, cache)
        m = dout.shape[1]
        return dZ, dgamma / m, dbeta / m

    with pytest.raises(GraderError, match="dgamma: wrong values"):
        grader.check_batchnorm_backward(averaged)


def test_inference_on_a_single_example_with_batch_statistics_names_the_cause():
    with pytest.raises(GraderError) as err:
        grader.check_batchnorm_inference(grader.chapter.exercises["batchnorm_inference"].mistakes[0][0])
    assert "one example (m = 1)" in str(err.value) and "running averages" in str(err.value)


# --- general ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", EXERCISES)
def test_every_check_rejects_non_functions_and_reports_exceptions(name):
    with pytest.raises(GraderError, match="expected a function"):
        _check(name)(42)

    def boom(*args, **kwargs):
        raise ZeroDivisionError("boom")

    with pytest.raises(GraderError, match="raised ZeroDivisionError"):
        _check(name)(boom)


def test_hints_escalate_and_the_solution_is_shown_on_request(capsys):
    wrong = grader.chapter.exercises["batchnorm_backward"].mistakes[0][0]
    with pytest.raises(GraderError) as first:
        grader.check_batchnorm_backward(wrong)
    assert "Formula:" not in str(first.value)
    with pytest.raises(GraderError) as second:
        grader.check_batchnorm_backward(wrong)
    assert "Formula:" in str(second.value)
    grader.show_solution("batchnorm_backward")
    assert "def batchnorm_backward(dout, cache):" in capsys.readouterr().out


def test_the_chapter_solutions_match_the_kernels_on_a_larger_batch():
    """The learner-style formulas and the package kernels agree (float64, m = 64)."""
    rng = np.random.default_rng(0)
    Z, gamma, beta = rng.standard_normal((7, 64)) * 3 + 2, rng.standard_normal((7, 1)), rng.standard_normal((7, 1))
    out, cache = solutions.batchnorm_forward(Z, gamma, beta)
    out_k, cache_k = F.batchnorm_forward(Z, gamma, beta)
    np.testing.assert_allclose(out, out_k, rtol=1e-12, atol=1e-12)
    dout = rng.standard_normal(Z.shape)
    for mine, kernel in zip(solutions.batchnorm_backward(dout, cache), F.batchnorm_backward(dout, cache_k)):
        np.testing.assert_allclose(mine, kernel, rtol=1e-10, atol=1e-12)


def test_checks_are_fast():
    import time

    start = time.perf_counter()
    grader.check_sample_log_uniform(solutions.sample_log_uniform)
    grader.check_batchnorm_forward(solutions.batchnorm_forward)
    grader.check_batchnorm_backward(solutions.batchnorm_backward)
    grader.check_batchnorm_inference(solutions.batchnorm_inference)
    assert time.perf_counter() - start < 5.0
