"""The Course 3 "setting up your goal" graders accept correct answers and reject plausible bugs."""
import numpy as np
import pytest

from dlcourse.graders import GraderError
from dlcourse.graders import c3_setting_up_your_goal as grader
from dlcourse.graders.solutions import c3_setting_up_your_goal as solutions
from dlcourse.metrics import precision_recall_f1, weighted_error


# --- learner-style solutions (as in the chapter), with switches for the bugs -------------------------

def make_prf(swap=False, mean=False, negative=False, accuracy=False, guard=True):
    def precision_recall_f1(predictions, labels):
        p, t = np.ravel(predictions), np.ravel(labels)
        if negative:
            p, t = 1 - p, 1 - t
        if accuracy:
            a = float(np.mean(p == t))
            return a, a, a
        tp = np.sum((p == 1) & (t == 1))
        fp = np.sum((p == 1) & (t == 0))
        fn = np.sum((p == 0) & (t == 1))
        with np.errstate(all="ignore"):
            if guard:
                precision = tp / (tp + fp) if tp + fp > 0 else 0.0
                recall = tp / (tp + fn) if tp + fn > 0 else 0.0
            else:
                precision, recall = np.float64(tp) / (tp + fp), np.float64(tp) / (tp + fn)
            if swap:
                precision, recall = recall, precision
            if mean:
                f1 = (precision + recall) / 2
            elif guard:
                f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
            else:
                f1 = 2 * precision * recall / (precision + recall)
        return float(precision), float(recall), float(f1)
    return precision_recall_f1


def make_weighted(by_m=False, no_weights=False, correct=False):
    def weighted_error(predictions, labels, weights):
        wrong = (predictions == labels) if correct else (predictions != labels)
        w = np.ones_like(weights) if no_weights else weights
        return float(np.sum(w * wrong) / (np.size(labels) if by_m else np.sum(w)))
    return weighted_error


def make_choose(ignore_budget=False, strict=False, cheapest=False, first=False, largest=False):
    def choose_under_budget(errors, costs, budget):
        if ignore_budget:
            return int(np.argmin(errors))
        ok = [i for i in range(len(errors)) if (costs[i] < budget if strict else costs[i] <= budget)]
        if not ok:
            return None
        if first:
            return ok[0]
        if cheapest:
            return int(np.argmin(costs))
        key = (lambda i: -errors[i]) if largest else (lambda i: errors[i])
        return min(ok, key=key)
    return choose_under_budget


# --- tests ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fn", [make_prf(), solutions.precision_recall_f1, precision_recall_f1])
def test_precision_recall_f1_accepts_correct(fn, capsys):
    grader.check_precision_recall_f1(fn)
    assert "[pass] precision_recall_f1: all 6 checks passed." in capsys.readouterr().out


@pytest.mark.parametrize("fn, needle", [
    (make_prf(swap=True), "precision and recall are swapped"),
    (make_prf(mean=True), "harmonic mean"),
    (make_prf(negative=True), "the positive class is 1"),
    (make_prf(accuracy=True), "accuracy"),
    (make_prf(guard=False), "not NaN"),
])
def test_precision_recall_f1_rejects_bugs(fn, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_precision_recall_f1(fn)


@pytest.mark.parametrize("fn", [make_weighted(), solutions.weighted_error, weighted_error])
def test_weighted_error_accepts_correct(fn, capsys):
    grader.check_weighted_error(fn)
    assert "[pass] weighted_error: all 5 checks passed." in capsys.readouterr().out


@pytest.mark.parametrize("fn, needle", [
    (make_weighted(by_m=True), "divide by the sum of the weights"),
    (make_weighted(no_weights=True), "the weights are missing"),
    (make_weighted(correct=True), "count the mistakes"),
])
def test_weighted_error_rejects_bugs(fn, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_weighted_error(fn)


@pytest.mark.parametrize("fn", [make_choose(), solutions.choose_under_budget])
def test_choose_under_budget_accepts_correct(fn, capsys):
    grader.check_choose_under_budget(fn)
    assert "[pass] choose_under_budget: all 6 checks passed." in capsys.readouterr().out


@pytest.mark.parametrize("fn, needle", [
    (make_choose(ignore_budget=True), "over the budget is not acceptable"),
    (make_choose(strict=True), "use <=, not <"),
    (make_choose(cheapest=True), "not the lowest cost"),
    (make_choose(first=True), "do not stop at the first model"),
    (make_choose(largest=True), "not the highest"),
])
def test_choose_under_budget_rejects_bugs(fn, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_choose_under_budget(fn)


def test_the_course_example_picks_the_middle_classifier():
    assert make_choose()([0.10, 0.08, 0.05], [80, 95, 1500], 100) == 1
