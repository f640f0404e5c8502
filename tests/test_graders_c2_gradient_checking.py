"""The Course 2 "Gradient checking" grader: correct answers pass, each known mistake fails with its sentence."""
import re

import numpy as np
import pytest

from dlcourse.gradcheck import dictionary_to_vector, gradient_difference, numerical_gradient, vector_to_dictionary
from dlcourse.graders import GraderError
from dlcourse.graders import c2_gradient_checking as grader
from dlcourse.graders.solutions import c2_gradient_checking as solutions


def _passes(check, fn, capsys, name):
    check(fn)
    assert f"[pass] {name}" in capsys.readouterr().out


# --- learner-style variants ------------------------------------------------------------------------------

def gradient_check_abs(x, theta, epsilon=1e-7, print_msg=False, forward=solutions.forward_propagation,
                       backward=solutions.backward_propagation):
    """Scalars: abs instead of norms, and the difference divided in another order (other rounding)."""
    gradapprox = (forward(x, theta + epsilon) - forward(x, theta - epsilon)) / 2 / epsilon
    grad = backward(x, theta)
    return abs(gradapprox - grad) / (abs(grad) + abs(gradapprox))


def gradient_check_n_loop(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False, forward=None):
    """Perturbs one copy in place and restores it; gradients assembled block by block; prints its verdict."""
    values, layout = dictionary_to_vector(parameters)
    grad = np.concatenate([gradients["d" + k].reshape(-1, 1) for k in parameters])
    theta = values.copy()
    approx = np.zeros_like(values)
    for i in range(values.size):
        old = theta[i, 0]
        theta[i, 0] = old + epsilon
        plus = forward(X, Y, vector_to_dictionary(theta, layout))[0]
        theta[i, 0] = old - epsilon
        minus = forward(X, Y, vector_to_dictionary(theta, layout))[0]
        theta[i, 0] = old
        approx[i, 0] = 0.5 * (plus - minus) / epsilon
    difference = np.linalg.norm(approx - grad) / (np.linalg.norm(approx) + np.linalg.norm(grad))
    if print_msg:
        print(f"difference {difference:.3e}")
    return difference


def gradient_check_n_dlcourse(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False, forward=None):
    """The library's own numerical_gradient on the flattened vector."""
    values, layout = dictionary_to_vector(parameters)
    grad, _ = dictionary_to_vector(gradients, keys=["d" + k for k in parameters])
    approx = numerical_gradient(lambda: forward(X, Y, vector_to_dictionary(values, layout))[0], values, epsilon)
    return gradient_difference(grad, approx)


# --- forward / backward ------------------------------------------------------------------------------------

@pytest.mark.parametrize("fn", [solutions.forward_propagation, lambda x, theta: np.multiply(x, theta)])
def test_forward_propagation_accepts_correct(fn, capsys):
    _passes(grader.check_forward_propagation, fn, capsys, "forward_propagation")


@pytest.mark.parametrize("fn,needle", [
    (lambda x, theta: theta + x, "not the sum"),
    (lambda x, theta: x, "forward propagation returns J"),
    (lambda x, theta: theta, "multiply by the input x"),
    (lambda x, theta: theta * x * 2, "got"),
])
def test_forward_propagation_rejects_bugs(fn, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_forward_propagation(fn)


@pytest.mark.parametrize("fn", [solutions.backward_propagation, lambda x, theta: x * 1.0])
def test_backward_propagation_accepts_correct(fn, capsys):
    _passes(grader.check_backward_propagation, fn, capsys, "backward_propagation")


@pytest.mark.parametrize("fn,needle", [
    (lambda x, theta: theta, "is x, not theta"),
    (lambda x, theta: theta * x, "is J itself"),
    (lambda x, theta: 1.0, "not 1"),
])
def test_backward_propagation_rejects_bugs(fn, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_backward_propagation(fn)


# --- gradient_check (1-D) ------------------------------------------------------------------------------------

@pytest.mark.parametrize("fn", [solutions.gradient_check, gradient_check_abs, grader._ref_gradient_check],
                         ids=["learner-style", "abs, other rounding", "reference"])
def test_gradient_check_accepts_correct(fn, capsys):
    _passes(grader.check_gradient_check, fn, capsys, "gradient_check")


@pytest.mark.parametrize("kind", list(grader._ONE_D_MISTAKES))
def test_gradient_check_rejects_each_mistake(kind):
    with pytest.raises(GraderError) as info:
        grader.check_gradient_check(grader._gc_mistake(kind))
    assert "Likely cause: " + grader._ONE_D_MISTAKES[kind] in str(info.value)


def test_gradient_check_says_when_the_verdict_is_reversed():
    def always_agrees(x, theta, epsilon=1e-7, print_msg=False, forward=None, backward=None):
        return 0.0

    with pytest.raises(GraderError, match="says the gradients agree, but they do not"):
        grader.check_gradient_check(always_agrees)

    def never_agrees(x, theta, epsilon=1e-7, print_msg=False, forward=None, backward=None):
        return 0.5

    with pytest.raises(GraderError, match="these gradients agree"):
        grader.check_gradient_check(never_agrees)


# --- gradient_check_n ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fn", [solutions.gradient_check_n, gradient_check_n_loop, gradient_check_n_dlcourse,
                                grader._ref_gradient_check_n],
                         ids=["learner-style", "restore in place", "dlcourse", "reference"])
def test_gradient_check_n_accepts_correct(fn, capsys):
    _passes(grader.check_gradient_check_n, fn, capsys, "gradient_check_n")


@pytest.mark.parametrize("kind", list(grader._N_D_MISTAKES))
def test_gradient_check_n_rejects_each_mistake(kind):
    with pytest.raises(GraderError) as info, np.errstate(divide="ignore", invalid="ignore"):
        grader.check_gradient_check_n(grader._gcn_mistake(kind))
    assert "Likely cause: " + grader._N_D_MISTAKES[kind] in str(info.value)


def test_gradient_check_n_rejects_perturbing_the_callers_parameters():
    def in_the_dict(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False, forward=None):
        grad, _ = dictionary_to_vector(gradients, keys=["d" + k for k in parameters])
        approx = []
        for name, array in parameters.items():       # moves the caller's arrays and never restores them
            for idx in np.ndindex(array.shape):
                array[idx] += epsilon
                plus = forward(X, Y, parameters)[0]
                array[idx] -= 2 * epsilon
                minus = forward(X, Y, parameters)[0]
                approx.append((plus - minus) / (2 * epsilon))
        approx = np.array(approx).reshape(-1, 1)
        return np.linalg.norm(grad - approx) / (np.linalg.norm(grad) + np.linalg.norm(approx))

    with pytest.raises(GraderError, match="modified its input parameters"):
        grader.check_gradient_check_n(in_the_dict)


def test_every_reference_difference_is_far_from_the_agreement_line():
    """No fixed case sits near AGREE, where rounding could flip the learner's verdict against the reference's."""
    for check, ref, raw in [(grader.check_gradient_check, grader._ref_gradient_check, solutions.gradient_check),
                            (grader.check_gradient_check_n, grader._ref_gradient_check_n, solutions.gradient_check_n)]:
        for name, args, kwargs in check.exercise.cases():
            d = float(raw(*args, **{k: v for k, v in kwargs.items() if k != "print_msg"}))
            assert d < grader.AGREE / 100 or d > grader.AGREE * 10, (name, d)
            assert (ref(*args, **kwargs) == grader.AGREE) == (d < grader.AGREE)


def test_fresh_cases_replay_and_disagree(capsys):
    for seed in range(10):
        grader.check_gradient_check_n(solutions.gradient_check_n, seed=seed)
        grader.check_gradient_check(solutions.gradient_check, seed=seed)
        name, args, kwargs = grader._gcn_fresh(np.random.default_rng(seed))
        assert grader._ref_gradient_check_n(*args, **kwargs) > 1e-3, name
    assert capsys.readouterr().out.count("[pass]") == 20


def test_signatures_are_checked_first():
    def original_signature(x, theta, epsilon=1e-7, print_msg=False):
        return 0.0

    with pytest.raises(GraderError, match="no argument 'forward'.*keyword arguments"):
        grader.check_gradient_check(original_signature)

    def other_step(parameters, gradients, X, Y, epsilon=1e-6, print_msg=False, forward=None):
        return 0.0

    with pytest.raises(GraderError, match="'epsilon' should default to 1e-7"):
        grader.check_gradient_check_n(other_step)


CHECKS = [name for name in grader.__all__ if name.startswith("check_")]


@pytest.mark.parametrize("check", [getattr(grader, name) for name in CHECKS], ids=CHECKS)
def test_every_check_rejects_non_functions_and_reports_exceptions(check):
    with pytest.raises(GraderError, match="expected a function"):
        check(42)

    def boom(*args, **kwargs):
        raise ZeroDivisionError("boom")

    with pytest.raises(GraderError, match=re.escape("raised ZeroDivisionError")):
        check(boom)


def test_print_msg_still_returns_the_difference(capsys):
    X, Y, p = grader._network(4)
    grads = grader._net_gradients(X, Y, p, [("dW2", 2.0), ("db1", 4.0)])
    d = solutions.gradient_check_n(p, grads, X, Y, print_msg=True, forward=grader._net_forward)
    assert capsys.readouterr().out == "gradient check: above 1e-3: WRONG\n" and d > 0.1
    assert solutions.gradient_check(2, 4, print_msg=True) < 1e-7
    assert capsys.readouterr().out == "gradient check: below 1e-7: ok\n"
