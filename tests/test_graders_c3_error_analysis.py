"""The Course 3 error-analysis graders accept correct answers and reject plausible bugs."""
import numpy as np
import pytest

from dlcourse.diagnostics import error_tally, label_error_breakdown
from dlcourse.graders import GraderError
from dlcourse.graders import c3_error_analysis as grader
from dlcourse.graders.solutions import c3_error_analysis as solutions

EXERCISES = {"error_tally": (error_tally, solutions.error_tally),
             "label_error_breakdown": (label_error_breakdown, solutions.label_error_breakdown)}


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


def test_tally_counts_overlaps_and_other():
    mistakes = np.array([True, True, True, False])
    kinds = np.array(["dog/face/pointy", "car", "cat/sitting/black", "lion"])
    tags = np.array(["dark", "", "blurry", ""])
    t = error_tally(mistakes, kinds, tags)
    assert t["dog"] == 1 and t["dark"] == 1 and t["whole-body cat"] == 1 and t["blurry"] == 1
    assert t["other"] == 1 and t["big cat"] == 0


def test_breakdown_adds_up():
    rng = np.random.default_rng(0)
    p, g, y = rng.integers(0, 2, (3, 50))
    b = label_error_breakdown(p, g, y)
    assert b["overall"] == pytest.approx(b["incorrect labels"] + b["other causes"])
