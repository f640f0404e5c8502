"""The Course 3 mismatched-data graders accept correct answers and reject plausible bugs."""
import numpy as np
import pytest

from dlcourse.data.course3_mismatch import relight
from dlcourse.diagnostics import error_gaps
from dlcourse.graders import GraderError
from dlcourse.graders import c3_mismatched_data as grader
from dlcourse.graders.solutions import c3_mismatched_data as solutions

EXERCISES = {"error_gaps": (error_gaps, solutions.error_gaps), "relight": (relight, solutions.relight)}


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_reference_and_learner_solution_pass(name, capsys):
    check = getattr(grader, f"check_{name}")
    for fn in EXERCISES[name]:
        check(fn)
    assert f"[pass] {name}" in capsys.readouterr().out


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_every_mistake_fails_with_its_sentence(name):
    exercise = grader.chapter._get(name)
    assert len(exercise.mistakes) >= 4
    for wrong, sentence in exercise.mistakes:
        with pytest.raises(GraderError) as info:
            getattr(grader, f"check_{name}")(wrong, seed=0)
        assert sentence in str(info.value), sentence


def test_the_lecture_examples():
    assert error_gaps(0, 1, 9, 10) == pytest.approx({"avoidable bias": 1, "variance": 8, "data mismatch": 1})
    assert error_gaps(0, 10, 11, 20, 20)["overfitting to dev"] == 0


def test_relight_darkens_the_corners_only_by_the_vignette():
    out = relight(np.ones((32, 32, 3)), 1.0, np.ones(3), vignette=0.4)
    assert out[16, 16, 0] > 0.99 and 0.6 < out[0, 0, 0] < 0.63
