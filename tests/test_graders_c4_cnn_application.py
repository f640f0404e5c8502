"""The Course 4 "convolutional model application" graders accept correct answers and reject plausible bugs.

The generic guarantees (not implemented, wrong types, replayed answers, hint levels, solutions) are
covered for every exercise by ``tests/test_graders_core.py``; this file checks the chapter's own cases:
learner-style answers pass, every entry of every mistakes table fails with its sentence, and the
formula-based reference of ``layer_summary`` agrees with what the models really do.
"""
import copy
import math

import numpy as np
import pytest

from dlcourse import nn
from _grading import grading
from dlcourse.graders import GraderError
from dlcourse.graders import c4_cnn_application as grader
from dlcourse.graders.solutions import c4_cnn_application as solutions

EXERCISES = list(grader.chapter.exercises.values())
NAMES = [ex.name for ex in EXERCISES]


_check, _passes = grading(grader)


# --- learner-style answers, written independently of the grader ------------------------------------------------

def happy_layers_list(rng):
    layers = [nn.ZeroPad2d(((3, 3), (3, 3))), nn.Conv2d(3, 8, 7, padding="valid", rng=rng), nn.BatchNorm2d(8),
              nn.ReLU(), nn.MaxPool2d(4, stride=4), nn.Flatten()]
    layers.append(nn.Linear(2048, 1, rng=rng))
    return nn.Sequential(*layers)


def signs_with_formula(input_shape, rng):
    n_H, n_W, n_C = input_shape
    size = lambda n: -(-(-(-n // 8)) // 4)  # noqa: E731
    return nn.Sequential(nn.Conv2d(n_C, 8, 5, padding="same", rng=rng), nn.ReLU(), nn.MaxPool2d(8, 8, padding="same"),
                         nn.Conv2d(8, 16, 3, padding="same", rng=rng), nn.ReLU(), nn.MaxPool2d(4, 4, padding="same"),
                         nn.Flatten(), nn.Linear(size(n_H) * size(n_W) * 16, 6, rng=rng))


def summary_by_running(model, input_shape):
    """Not what the exercise asks (it asks for the formulas), but a correct answer all the same."""
    x = np.zeros((2, *input_shape))
    rows = []
    model = copy.deepcopy(model)
    model.eval()
    for layer in model:
        x = layer(x)
        shape = tuple(x.shape[1:]) if x.ndim == 4 else (x.shape[0],)
        rows.append((shape, sum(p.data.size for p in layer.parameters())))
    return rows


@pytest.mark.parametrize("name,fn", [("happy_model", solutions.happy_model), ("happy_model", happy_layers_list),
                                     ("convolutional_model", solutions.convolutional_model),
                                     ("convolutional_model", signs_with_formula),
                                     ("layer_summary", solutions.layer_summary),
                                     ("layer_summary", summary_by_running)],
                         ids=["happy-solution", "happy-list", "signs-solution", "signs-formula", "summary-solution",
                              "summary-running"])
def test_correct_answers_pass(name, fn, capsys):
    _passes(name, fn, capsys)


# --- every entry of every mistakes table fails with its own sentence -------------------------------------------

MISTAKES = [(ex.name, i) for ex in EXERCISES for i in range(len(ex.mistakes))]


@pytest.mark.parametrize("name,i", MISTAKES, ids=[f"{n}-{i}" for n, i in MISTAKES])
def test_every_mistake_fails_with_its_sentence(name, i):
    wrong, sentence = grader.chapter.exercises[name].mistakes[i]
    with pytest.raises(GraderError) as err:
        _check(name)(wrong)
    assert f"Likely cause: {sentence}" in str(err.value)


# --- other wrong answers get a precise message ------------------------------------------------------------------

def test_happy_model_names_a_missing_layer_and_a_wrong_shape():
    def no_pad(rng):
        return nn.Sequential(nn.Conv2d(3, 8, 7, rng=rng), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(4), nn.Flatten(),
                             nn.Linear(14 * 14 * 8, 1, rng=rng))
    with pytest.raises(GraderError, match=r"the layers are \['Conv2d'.*expected \['ZeroPad2d'"):
        grader.check_happy_model(no_pad)

    def five(rng):
        return nn.Sequential(nn.ZeroPad2d(2), nn.Conv2d(3, 8, 5, rng=rng), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(4),
                             nn.Flatten(), nn.Linear(2048, 1, rng=rng))
    with pytest.raises(GraderError, match=r"wrong shape: got 1.W \(5, 5, 3, 8\), expected 1.W \(7, 7, 3, 8\)"):
        grader.check_happy_model(five)

    def wrong_dense(rng):
        return nn.Sequential(nn.ZeroPad2d(3), nn.Conv2d(3, 8, 7, rng=rng), nn.BatchNorm2d(8), nn.ReLU(),
                             nn.MaxPool2d(4), nn.Flatten(), nn.Linear(4096, 1, rng=rng))
    with pytest.raises(GraderError, match="raised ValueError"):
        grader.check_happy_model(wrong_dense)


def test_models_that_are_not_sequential_are_refused():
    with pytest.raises(GraderError, match="must return the model"):
        grader.check_happy_model(lambda rng: [nn.ReLU()])
    with pytest.raises(GraderError, match="nn.Sequential"):
        grader.check_convolutional_model(lambda shape, rng: nn.Linear(3, 2, rng=rng))


def test_convolutional_model_with_64x64_hard_coded_fails():
    def hard_coded(input_shape, rng):
        return signs_with_formula((64, 64, 3), rng)
    with pytest.raises(GraderError, match="input_shape = \\(32, 40, 1\\)"):
        grader.check_convolutional_model(hard_coded)


# --- the reference of layer_summary is what the models really do ------------------------------------------------

def _cases_and_random(n_random=6):
    cases = [args for _, args, _ in grader.check_layer_summary.exercise.cases()]
    fresh = grader.check_layer_summary.exercise.fresh
    return cases + [fresh(np.random.default_rng(s))[1] for s in range(n_random)]


@pytest.mark.parametrize("args", _cases_and_random())
def test_summary_reference_matches_a_forward_pass(args):
    model, shape = args
    assert grader.chapter.exercises["layer_summary"].reference(model, shape) == summary_by_running(model, shape)


def test_the_chapter_models_have_the_stated_sizes():
    rows = solutions.layer_summary(solutions.happy_model(np.random.default_rng(0)), (64, 64, 3))
    assert rows[1] == ((64, 64, 8), 7 * 7 * 3 * 8 + 8) and rows[-1] == ((1,), 2048 + 1)
    rows = solutions.layer_summary(solutions.convolutional_model((64, 64, 3), np.random.default_rng(0)), (64, 64, 3))
    assert [r[0] for r in rows] == [(64, 64, 8), (64, 64, 8), (8, 8, 8), (8, 8, 16), (8, 8, 16), (2, 2, 16), (64,), (6,)]
    assert sum(r[1] for r in rows) == 5 * 5 * 3 * 8 + 8 + 3 * 3 * 8 * 16 + 16 + 64 * 6 + 6
    assert math.ceil(math.ceil(64 / 8) / 4) == 2


def test_checks_are_fast():
    import time

    start = time.perf_counter()
    for ex in EXERCISES:
        _check(ex.name)(ex.solution)
    assert time.perf_counter() - start < 10.0
