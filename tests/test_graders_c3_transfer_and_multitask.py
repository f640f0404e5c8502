"""The Course 3 transfer / multi-task graders accept correct answers and reject plausible bugs.

The generic guarantees (not implemented, wrong types, a replayed answer table, in-place damage, hint
levels, the worked solutions) are covered for every chapter by ``tests/test_graders_core.py``; the
solutions, the mistakes tables and a few learner-style answers with switches for the bugs are here.
"""
import numpy as np
import pytest

from dlcourse.graders import GraderError
from dlcourse.graders import c3_transfer_and_multitask as grader

EXERCISES = list(grader.chapter.exercises.values())
NAMES = [ex.name for ex in EXERCISES]


@pytest.fixture(autouse=True)
def fresh_session():
    grader.chapter.failures.clear()
    yield


def _check(name):
    return getattr(grader, f"check_{name}")


# --- learner-style answers, written independently of the grader, with switches for the bugs ----------------

def make_cost(use_mask=True, divide="m", stable=True):
    def masked_cost(Z, Y, mask):
        if stable:
            losses = np.logaddexp(0, Z) - Z * Y  # log(1 + e^z) - z y, another stable form
        else:
            A = 1 / (1 + np.exp(-Z))
            losses = -(Y * np.log(A) + (1 - Y) * np.log(1 - A))
        if use_mask:
            losses = losses * mask
        d = {"m": Z.shape[1], "labelled": mask.sum(), "all": Z.size}[divide]
        return float(losses.sum() / d)
    return masked_cost


def make_backward(use_mask=True, divide=True, sign=1.0):
    def masked_cost_backward(Z, Y, mask):
        dZ = sign * (1 / (1 + np.exp(-Z)) - Y)
        if use_mask:
            dZ = dZ * mask
        return dZ / Z.shape[1] if divide else dZ
    return masked_cost_backward


def make_frozen(from_end=False, in_place=False):
    def update_with_frozen_layers(parameters, grads, learning_rate, n_frozen):
        L = len(parameters) // 2
        out = parameters if in_place else {k: v.copy() for k, v in parameters.items()}
        for l in range(1, L + 1):
            frozen = l > L - n_frozen if from_end else l <= n_frozen
            if not frozen:
                out[f"W{l}"] = out[f"W{l}"] - learning_rate * grads[f"dW{l}"]
                out[f"b{l}"] = out[f"b{l}"] - learning_rate * grads[f"db{l}"]
        return out
    return update_with_frozen_layers


def test_learner_style_answers_pass(capsys):
    grader.check_masked_cost(make_cost())
    grader.check_masked_cost_backward(make_backward())
    grader.check_update_with_frozen_layers(make_frozen())
    out = capsys.readouterr().out
    for name in NAMES:
        assert f"[pass] {name}: all " in out


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("fn,needle", [
    (make_cost(use_mask=False), "multiply the per-entry losses by the mask"),
    (make_cost(divide="labelled"), "not by the number of labelled entries"),
    (make_cost(divide="all"), "not by K \\* m"),
    (make_cost(stable=False), "stable form"),
])
def test_masked_cost_rejects_bugs(fn, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_masked_cost(fn)


@pytest.mark.parametrize("fn,needle", [
    (make_backward(use_mask=False), "multiply by the mask"),
    (make_backward(divide=False), "carries the 1/m"),
    (make_backward(sign=-1.0), "the sign"),
])
def test_masked_cost_backward_rejects_bugs(fn, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_masked_cost_backward(fn)


def test_frozen_update_rejects_bugs():
    with pytest.raises(GraderError, match="freeze the \\*first\\* n_frozen layers"):
        grader.check_update_with_frozen_layers(make_frozen(from_end=True))
    with pytest.raises(GraderError, match="changed|in place|modif"):
        grader.check_update_with_frozen_layers(make_frozen(in_place=True))


def test_the_reference_matches_the_package_kernels():
    """The frozen-layer reference is gradient descent on the unfrozen layers, the cost the mean-loss kernel."""
    ex = grader.chapter.exercises["update_with_frozen_layers"]
    rng = np.random.default_rng(0)
    p = {"W1": rng.standard_normal((2, 3)), "b1": np.zeros((2, 1)), "W2": rng.standard_normal((1, 2)),
         "b2": np.ones((1, 1))}
    g = {"d" + k: np.ones_like(v) for k, v in p.items()}
    new = ex.reference(p, g, 0.5, 1)
    assert np.array_equal(new["W1"], p["W1"]) and np.array_equal(new["W2"], p["W2"] - 0.5)
    assert new["W1"] is not p["W1"]


# --- every entry of every mistakes table fails with its own sentence -------------------------------------------

MISTAKES = [(ex.name, i) for ex in EXERCISES for i in range(len(ex.mistakes))]


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("name,i", MISTAKES, ids=[f"{n}-{i}" for n, i in MISTAKES])
def test_every_mistake_fails_with_its_sentence(name, i):
    wrong, sentence = grader.chapter.exercises[name].mistakes[i]
    with pytest.raises(GraderError) as err:
        _check(name)(wrong)
    assert f"Likely cause: {sentence}" in str(err.value)


