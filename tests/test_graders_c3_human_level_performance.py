"""The Course 3 "human-level performance" graders accept correct answers and reject plausible bugs."""
import pytest

from dlcourse.graders import GraderError
from dlcourse.graders import c3_human_level_performance as grader
from dlcourse.graders.solutions import c3_human_level_performance as solutions
from dlcourse.metrics import avoidable_bias_variance, what_to_work_on


def make_split(swap=False, raw_train=False, sign=1.0, from_human=False):
    def avoidable_bias_variance(human_error, train_error, dev_error):
        bias = train_error if raw_train else sign * (train_error - human_error)
        variance = dev_error - (human_error if from_human else train_error)
        return (variance, bias) if swap else (bias, variance)
    return avoidable_bias_variance


def make_decision(ignore_human=False, swap=False, tie="variance", from_human=False):
    def what_to_work_on(human_error, train_error, dev_error):
        bias = train_error if ignore_human else train_error - human_error
        variance = dev_error - (human_error if from_human else train_error)
        if swap:
            bias, variance = variance, bias
        if bias == variance:
            return tie
        return "bias" if bias > variance else "variance"
    return what_to_work_on


@pytest.mark.parametrize("fn", [make_split(), solutions.avoidable_bias_variance, avoidable_bias_variance])
def test_avoidable_bias_variance_accepts_correct(fn, capsys):
    grader.check_avoidable_bias_variance(fn)
    assert "[pass] avoidable_bias_variance: all 5 checks passed." in capsys.readouterr().out


@pytest.mark.parametrize("fn, needle", [
    (make_split(swap=True), "avoidable bias first"),
    (make_split(raw_train=True), "measured from human level"),
    (make_split(sign=-1.0), "positive while the training error"),
    (make_split(from_human=True), "not from human level"),
])
def test_avoidable_bias_variance_rejects_bugs(fn, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_avoidable_bias_variance(fn)


@pytest.mark.parametrize("fn", [make_decision(), solutions.what_to_work_on, what_to_work_on])
def test_what_to_work_on_accepts_correct(fn, capsys):
    grader.check_what_to_work_on(fn)
    assert "[pass] what_to_work_on: all 7 checks passed." in capsys.readouterr().out


@pytest.mark.parametrize("fn, needle", [
    (make_decision(ignore_human=True), "human-level error cannot be removed"),
    (make_decision(swap=True), "the answers are swapped"),
    (make_decision(tie="bias"), "on a tie"),
    (make_decision(from_human=True), "not dev_error - human_error"),
])
def test_what_to_work_on_rejects_bugs(fn, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_what_to_work_on(fn)


def test_the_course_examples():
    assert what_to_work_on(0.01, 0.08, 0.10) == "bias"
    assert what_to_work_on(0.075, 0.08, 0.10) == "variance"
    bias, variance = avoidable_bias_variance(0.05, 0.03, 0.09)
    assert bias == pytest.approx(-0.02) and variance == pytest.approx(0.06)
    with pytest.raises(ValueError, match="fraction"):
        avoidable_bias_variance(5, 8, 10)
