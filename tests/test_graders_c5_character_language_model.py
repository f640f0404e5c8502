"""The Course 5 character-level language model graders accept correct answers and reject plausible bugs."""
import re

import numpy as np
import pytest
from _grading import grading

from dlcourse.graders import GraderError
from dlcourse.graders import c5_character_language_model as grader
from dlcourse.graders.solutions import c5_character_language_model as solutions

_check, _passes = grading(grader)
EXERCISES = {"clip": solutions.clip, "sample": solutions.sample, "optimize": solutions.optimize}


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_reference_and_learner_style_solution_pass(name, capsys):
    _passes(name, _check(name).exercise.reference, capsys)
    _passes(name, EXERCISES[name], capsys)


@pytest.mark.parametrize("name, index", [(n, i) for n in sorted(EXERCISES)
                                         for i in range(len(_check(n).exercise.mistakes))])
def test_every_mistake_fails_with_its_sentence(name, index):
    wrong, sentence = _check(name).exercise.mistakes[index]
    with pytest.raises(GraderError, match=re.escape(sentence)):
        _check(name)(wrong, seed=0)


def test_optimize_gradients_match_finite_differences():
    X, Y, a_prev, params = grader._optimize_args(5, 4, 5, 5, scale=0.5)
    loss, grads, _, _ = grader.optimize_step(X, Y, a_prev, params, learning_rate=0.0, max_value=1e9)
    h = 1e-6
    for k in ("Wax", "Waa", "Wya", "ba", "by"):
        num = np.zeros_like(params[k])
        for i in np.ndindex(params[k].shape):
            for s in (1, -1):
                p = {n: v.copy() for n, v in params.items()}
                p[k][i] += s * h
                num[i] += s * grader.optimize_step(X, Y, a_prev, p, 0.0, 1e9)[0] / (2 * h)
        assert np.max(np.abs(num - grads["d" + k])) < 1e-7, k


def test_optimize_float32_keeps_the_dtype():
    X, Y, a_prev, params = grader._optimize_args(6, 4, 5, 3)
    p32 = {k: v.astype(np.float32) for k, v in params.items()}
    loss, grads, new, a_last = grader.optimize_step(X, Y, a_prev.astype(np.float32), p32)
    assert all(g.dtype == np.float32 for g in grads.values()) and all(v.dtype == np.float32 for v in new.values())
    assert a_last.dtype == np.float32 and np.isfinite(loss)
    assert abs(loss - grader.optimize_step(X, Y, a_prev, params)[0]) < 1e-4


def test_sample_is_reproducible_and_temperature_sharpens():
    params = grader._rnn_params(4, 8, 10, 1.0)
    vocab = grader._vocab(10)
    assert grader.sample_indices(params, vocab, 1) == grader.sample_indices(params, vocab, 1)
    cold = [grader.sample_indices(params, vocab, s, temperature=0.01) for s in range(20)]
    assert all(c == cold[0] for c in cold)  # nearly greedy: the same name from every seed
    assert len(cold[0]) == grader.MAX_LENGTH + 1 and cold[0][-1] == 0  # cut at 50 characters, newline added
    warm = {tuple(grader.sample_indices(params, vocab, s)) for s in range(20)}
    assert len(warm) > 10
