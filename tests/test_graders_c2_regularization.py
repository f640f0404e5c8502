"""Graders of Course 2, "Regularization": the reference and learner-style answers pass, every listed mistake fails
with its sentence, and the references agree with the course's formulas."""
import numpy as np
import pytest

from dlcourse import init
from dlcourse.functional import dropout_backward, dropout_cache, dropout_forward, dropout_mask
from dlcourse.graders import GraderError
from dlcourse.graders import c2_regularization as grader
from dlcourse.graders.solutions import c2_regularization as solutions
from dlcourse.models import compute_cost

EXERCISES = ["compute_cost_with_regularization", "backward_propagation_with_regularization",
             "forward_propagation_with_dropout", "backward_propagation_with_dropout"]


def _check(name):
    return getattr(grader, f"check_{name}")


@pytest.fixture(autouse=True)
def fresh_session():
    grader.chapter.failures.clear()
    yield


@pytest.mark.parametrize("name", EXERCISES)
def test_reference_and_learner_style_solution_pass(name, capsys):
    _check(name)(grader.chapter.exercises[name].reference)
    _check(name)(getattr(solutions, name))
    out = capsys.readouterr().out
    assert out.count(f"[pass] {name}: all 5 checks passed.") == 2


MISTAKES = [(name, i) for name in EXERCISES for i in range(len(grader.chapter.exercises[name].mistakes))]


@pytest.mark.parametrize("name,i", MISTAKES, ids=[f"{n}-{i}" for n, i in MISTAKES])
def test_every_mistake_fails_with_its_sentence(name, i):
    wrong, sentence = grader.chapter.exercises[name].mistakes[i]
    with pytest.raises(GraderError) as err:
        _check(name)(wrong)
    assert sentence in str(err.value)


def test_each_mistakes_table_names_the_usual_slips():
    text = {name: " ".join(s for _, s in grader.chapter.exercises[name].mistakes) for name in EXERCISES}
    assert "divide the penalty by m" in text["compute_cost_with_regularization"]
    assert "has a 1/2" in text["compute_cost_with_regularization"]
    assert "do not penalize the biases" in text["compute_cost_with_regularization"]
    assert "biases are not regularized" in text["backward_propagation_with_regularization"]
    assert "divide by keep_prob" in text["forward_propagation_with_dropout"]
    assert "same units at every iteration" in text["forward_propagation_with_dropout"]
    assert "own mask" in text["backward_propagation_with_dropout"]


def test_bool_masks_and_extra_keys_are_accepted(capsys):
    def bool_masks(X, parameters, keep_prob, rng):
        A3, cache = solutions.forward_propagation_with_dropout(X, parameters, keep_prob, rng)
        cache = list(cache)
        cache[1], cache[6] = cache[1].astype(bool), cache[6].astype(bool)
        return A3, tuple(cache)

    grader.check_forward_propagation_with_dropout(bool_masks)
    assert "[pass]" in capsys.readouterr().out


def test_global_random_state_is_not_accepted():
    def global_rng(X, parameters, keep_prob, rng):
        return solutions.forward_propagation_with_dropout(X, parameters, keep_prob, np.random.default_rng())

    with pytest.raises(GraderError, match="wrong values"):
        grader.check_forward_propagation_with_dropout(global_rng)


def test_forgotten_mask_in_backward_is_caught_by_dA_only():
    """With ReLU, (A2 > 0) already zeroes the dropped units: only dA1/dA2 show a forgotten mask."""
    wrong = grader.chapter.exercises["backward_propagation_with_dropout"].mistakes[3][0]
    _, args, _ = grader.chapter.exercises["backward_propagation_with_dropout"].cases()[0]
    got, ref = wrong(*args), grader._ref_backward_dropout(*args)
    for k in ("dW1", "dW2", "dW3"):
        np.testing.assert_allclose(got[k], ref[k], rtol=1e-12, atol=1e-15)
    assert not np.allclose(got["dA2"], ref["dA2"])


def test_references_agree_with_the_course_formulas():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((2, 9))
    Y = (rng.uniform(size=(1, 9)) > 0.5).astype(int)
    params = init.xavier([2, 20, 3, 1], seed=3)
    A3, cache = grader.forward_propagation(X, params)
    cost = grader.chapter.exercises["compute_cost_with_regularization"].reference(A3, Y, params, 0.7)
    expected = compute_cost(A3, Y) + 0.7 / 18 * sum(np.sum(params[k] ** 2) for k in ("W1", "W2", "W3"))
    assert cost == pytest.approx(expected, rel=1e-12)
    ref = grader._ref_backward_reg(X, Y, cache, 0.7)
    mine = solutions.backward_propagation_with_regularization(X, Y, cache, 0.7)
    for k in ref:
        np.testing.assert_allclose(mine[k], ref[k], rtol=1e-10, atol=1e-14)


def test_dropout_reference_draws_the_course_masks_in_order():
    rng = np.random.default_rng(5)
    X = rng.standard_normal((2, 7))
    params = init.xavier([2, 20, 3, 1], seed=3)
    _, (Z1, D1, A1, *_rest) = grader._ref_forward_dropout(X, params, 0.8, np.random.default_rng(42))
    D2 = _rest[3]
    u = np.random.default_rng(42)
    np.testing.assert_array_equal(D1, u.random((20, 7)) < 0.8)
    np.testing.assert_array_equal(D2, u.random((3, 7)) < 0.8)
    np.testing.assert_allclose(A1, np.maximum(Z1, 0) * D1 / 0.8)


def test_dropout_cache_round_trips_through_the_kernel():
    A = np.arange(1.0, 13.0).reshape(3, 4)
    out, cache = dropout_forward(A, 0.5, 3)
    D = dropout_mask(cache)
    dout = np.ones_like(A)
    np.testing.assert_array_equal(dropout_backward(dout, dropout_cache(D.astype(bool), 0.5)),
                                  dropout_backward(dout, cache))
    assert dropout_mask(dropout_forward(A, 0.5, train=False)[1]).tolist() == np.ones((3, 4)).tolist()
    with pytest.raises(ValueError, match="0s and 1s"):
        dropout_cache(np.full((2, 2), 0.5), 0.5)
    with pytest.raises(ValueError, match="keep_prob"):
        dropout_cache(np.ones((2, 2)), 0.0)


@pytest.mark.parametrize("name", EXERCISES)
def test_not_implemented_and_non_functions(name):
    def todo(*args, **kwargs):
        raise NotImplementedError()

    with pytest.raises(GraderError, match="not implemented yet"):
        _check(name)(todo)
    with pytest.raises(GraderError, match="expected a function"):
        _check(name)(42)


def test_checks_are_fast():
    import time

    start = time.perf_counter()
    for name in EXERCISES:
        _check(name)(getattr(solutions, name))
    assert time.perf_counter() - start < 5.0
