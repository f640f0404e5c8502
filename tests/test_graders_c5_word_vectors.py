"""The Course 5 word-vector graders accept correct answers and reject plausible bugs."""
import pytest
from _grading import grading

from dlcourse import wordvec
from dlcourse.graders import GraderError
from dlcourse.graders import c5_word_vectors as grader
from dlcourse.graders.solutions import c5_word_vectors as solutions

_check, _passes = grading(grader)
NAMES = ["cosine_similarity", "complete_analogy", "neutralize", "equalize"]


@pytest.mark.parametrize("name", NAMES)
def test_reference_and_learner_solution_pass(name, capsys):
    check = getattr(grader, f"check_{name}")
    for fn in (getattr(wordvec, name), getattr(solutions, name)):
        check(fn)
    assert f"[pass] {name}" in capsys.readouterr().out


@pytest.mark.parametrize("name", NAMES)
def test_every_mistake_fails_with_its_sentence(name):
    exercise = grader.chapter._get(name)
    assert len(exercise.mistakes) >= 4
    for wrong, sentence in exercise.mistakes:
        with pytest.raises(GraderError) as info:
            getattr(grader, f"check_{name}")(wrong, seed=0)
        assert sentence in str(info.value), sentence
