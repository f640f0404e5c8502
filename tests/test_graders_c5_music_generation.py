"""Course 5, "Music generation": the graders accept the references and learner-style solutions and reject every
mistake of their tables (with its sentence)."""
import numpy as np
import pytest

from dlcourse import music
from dlcourse.graders import GraderError
from dlcourse.graders import c5_music_generation as grader
from dlcourse.graders.solutions import c5_music_generation as solutions

EXERCISES = list(grader.chapter.exercises)
MISTAKES = [(name, i) for name, ex in grader.chapter.exercises.items() for i in range(len(ex.mistakes))]


@pytest.fixture(autouse=True)
def fresh_session():
    grader.chapter.failures.clear()
    yield


def _check(name):
    return getattr(grader, f"check_{name}")


@pytest.mark.parametrize("name", EXERCISES)
def test_the_learner_style_solutions_pass(name, capsys):
    for seed in range(4):
        _check(name)(getattr(solutions, name), seed=seed)
    assert capsys.readouterr().out.count(f"[pass] {name}: all ") == 4


def test_the_package_functions_pass(capsys):
    grader.check_one_step_ahead(lambda Y, n_values: music.one_step_ahead(Y, n_values))
    grader.check_sample_melodies(music.sample_tokens)
    assert capsys.readouterr().out.count("[pass]") == 2


@pytest.mark.parametrize("name,index", MISTAKES, ids=[f"{n}-{i}" for n, i in MISTAKES])
def test_every_tabled_mistake_fails_with_its_sentence(name, index):
    wrong, sentence = grader.chapter.exercises[name].mistakes[index]
    with pytest.raises(GraderError) as err:
        _check(name)(wrong)
    assert f"Likely cause: {sentence}" in str(err.value)


def test_other_bugs_fail():
    with pytest.raises(GraderError):   # (m, T_x, n_values) layout
        grader.check_one_step_ahead(lambda Y, n: np.moveaxis(solutions.one_step_ahead(Y, n), 0, 2))
    with pytest.raises(GraderError):   # the sampler ignores the temperature
        grader.check_sample_melodies(lambda p, U, temperature: solutions.sample_melodies(p, U, 1.0))
    with pytest.raises(GraderError):   # returns the probabilities of the window instead of y
        grader.check_music_model_forward(lambda X, Y, p: (solutions.music_model_forward(X, Y, p)[0], X))
