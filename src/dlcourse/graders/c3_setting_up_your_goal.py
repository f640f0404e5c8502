"""Graders for Course 3, "Setting up your goal".

The chapter turns the course's advice on evaluation metrics into measurements: precision, recall and
F1 as one number, a weighted error that counts unacceptable mistakes more, and the choice of a model by
an optimizing metric under a satisficing budget. Each check compares the learner's function with the
:mod:`dlcourse.metrics` reference (or a two-line reference here) on fixed cases, edge cases included,
and one case drawn fresh on every call; a wrong answer is matched against a table of typical mistakes.
"""
from __future__ import annotations

import numpy as np

from ..metrics import precision_recall_f1 as _reference_prf
from ..metrics import weighted_error as _reference_weighted_error
from .solutions import c3_setting_up_your_goal as _solutions
from ._core import Chapter

__all__ = ["check_precision_recall_f1", "check_weighted_error", "check_choose_under_budget", "hint",
           "show_solution"]

chapter = Chapter(__name__)
hint, show_solution = chapter.hint, chapter.show_solution
_rng = np.random.default_rng


def _pair(rng, m: int, p_cat: float = 0.5, agree: float = 0.8):
    y = (rng.random((1, m)) < p_cat).astype(int)
    keep = rng.random((1, m)) < agree
    p = np.where(keep, y, 1 - y)
    return p, y


# --- Exercise 1: precision_recall_f1 --------------------------------------------------------------------

def _counts(p, y):
    p, y = np.ravel(p), np.ravel(y)
    return np.sum((p == 1) & (y == 1)), np.sum((p == 1) & (y == 0)), np.sum((p == 0) & (y == 1))


def _safe(a, b) -> float:
    return float(a / b) if b else 0.0


def _prf_swapped(p, y):
    tp, fp, fn = _counts(p, y)
    pr, rc = _safe(tp, tp + fn), _safe(tp, tp + fp)
    return pr, rc, _safe(2 * pr * rc, pr + rc)


def _prf_mean(p, y):
    tp, fp, fn = _counts(p, y)
    pr, rc = _safe(tp, tp + fp), _safe(tp, tp + fn)
    return pr, rc, (pr + rc) / 2


def _prf_negative_class(p, y):
    return _reference_prf(1 - np.asarray(p), 1 - np.asarray(y))


def _prf_accuracy(p, y):
    acc = float(np.mean(np.asarray(p) == np.asarray(y)))
    return acc, acc, acc


def _prf_no_guard(p, y):
    tp, fp, fn = _counts(p, y)
    with np.errstate(all="ignore"):
        pr, rc = np.float64(tp) / (tp + fp), np.float64(tp) / (tp + fn)
        return float(pr), float(rc), float(2 * pr * rc / (pr + rc))


@chapter.exercise(
    "precision_recall_f1", _reference_prf,
    fresh=lambda rng: ("m=60", _pair(rng, 60), {}),
    concept="precision asks: of the pictures the classifier calls cats, how many are cats? Recall asks: of the "
            "cats, how many does it find? F1 combines the two in their harmonic mean, which is low as soon as "
            "either is low. A fraction whose denominator is 0 counts as 0.",
    mistakes=[
        (_prf_swapped, "precision and recall are swapped: precision = TP / (TP + FP) (among the predicted cats), "
                       "recall = TP / (TP + FN) (among the true cats)."),
        (_prf_mean, "F1 is the harmonic mean 2 P R / (P + R), not the arithmetic mean (P + R) / 2."),
        (_prf_negative_class, "the positive class is 1 (cat): count TP where prediction == 1 and label == 1."),
        (_prf_accuracy, "these are three different fractions; accuracy (all correct / m) is none of them."),
        (_prf_no_guard, "when no picture is predicted a cat (TP + FP = 0), precision is defined as 0 here, "
                        "not NaN; the same for recall and F1."),
    ],
    formula="TP = sum((p == 1) & (y == 1)), FP = sum((p == 1) & (y == 0)), FN = sum((p == 0) & (y == 1)); "
            "P = TP / (TP + FP), R = TP / (TP + FN), F1 = 2 P R / (P + R), each 0 when its denominator is 0; "
            "return three floats.",
    returns=("precision", "recall", "f1"),
    solution=_solutions.precision_recall_f1)
def check_precision_recall_f1():
    """``precision_recall_f1(predictions, labels) -> (precision, recall, f1)`` for 0/1 arrays (1, m)."""
    rng = _rng(31)
    few = (np.array([[1, 1, 0, 0, 1, 0, 1, 1]]), np.array([[1, 0, 0, 1, 1, 0, 1, 0]]))
    return [
        ("8 pictures: TP=3, FP=2, FN=1", few, {}),
        ("200 pictures, a third cats", _pair(rng, 200, p_cat=1 / 3, agree=0.85), {}),
        ("a classifier that never says cat", (np.zeros((1, 10), int), np.array([[1, 0] * 5])), {}),
        ("a perfect classifier", (np.array([[1, 0, 1, 1, 0]]), np.array([[1, 0, 1, 1, 0]])), {}),
        ("labels of shape (m,)", tuple(a.ravel() for a in _pair(rng, 30)), {}),
    ]


# --- Exercise 2: weighted_error --------------------------------------------------------------------------

def _weighted_case(rng, m: int, heavy: float = 10.0):
    p, y = _pair(rng, m, agree=0.85)
    w = np.where(rng.random((1, m)) < 0.15, heavy, 1.0)
    return p, y, w


@chapter.exercise(
    "weighted_error", _reference_weighted_error,
    fresh=lambda rng: ("m=50, weights 1 and 10", _weighted_case(rng, 50), {}),
    concept="each mistake costs its picture's weight; divide the total cost of the mistakes by the total weight of "
            "all pictures, so that the result stays a fraction between 0 and 1 (plain error when every weight is 1).",
    mistakes=[
        (lambda p, y, w: float(np.sum(w * (p != y)) / np.size(y)),
         "divide by the sum of the weights, np.sum(weights), not by the number of pictures m: otherwise the "
         "error can exceed 1."),
        (lambda p, y, w: float(np.mean(p != y)),
         "the weights are missing: multiply each mistake by its weight."),
        (lambda p, y, w: float(np.sum(w * (p == y)) / np.sum(w)),
         "count the mistakes (prediction != label), not the correct answers."),
    ],
    formula="np.sum(weights * (predictions != labels)) / np.sum(weights), as a float.",
    solution=_solutions.weighted_error)
def check_weighted_error():
    """``weighted_error(predictions, labels, weights) -> float``; all three of shape (1, m)."""
    rng = _rng(32)
    return [
        ("4 pictures, one heavy mistake", (np.array([[1, 0, 1, 1]]), np.array([[1, 0, 0, 1]]),
                                           np.array([[1.0, 1.0, 10.0, 1.0]])), {}),
        ("every weight 1 (plain error)", (*_pair(rng, 40), np.ones((1, 40))), {}),
        ("100 pictures, weights 1 and 10", _weighted_case(rng, 100), {}),
        ("no mistake", (np.array([[1, 0]]), np.array([[1, 0]]), np.array([[3.0, 1.0]])), {}),
    ]


# --- Exercise 3: choose_under_budget ---------------------------------------------------------------------

def _ref_choose(errors, costs, budget):
    ok = [i for i in range(len(errors)) if costs[i] <= budget]
    return min(ok, key=lambda i: (errors[i], i)) if ok else None


def _choose_case(rng, n: int):
    errors = [float(e) for e in np.round(rng.uniform(0.05, 0.3, n), 3)]
    costs = [int(c) for c in rng.integers(1, 100, n) * 1000]
    return errors, costs, int(np.median(costs))


def _choose_first_fit(errors, costs, budget):
    for i in range(len(errors)):
        if costs[i] <= budget:
            return i
    return None


@chapter.exercise(
    "choose_under_budget", _ref_choose,
    fresh=lambda rng: ("8 models", _choose_case(rng, 8), {}),
    concept="the cost is a satisficing metric: any model within the budget is acceptable, and among those the "
            "optimizing metric (the error) decides. A model exactly at the budget is within it. If no model fits, "
            "there is no choice to make.",
    mistakes=[
        (lambda e, c, b: int(np.argmin(e)), "a model over the budget is not acceptable, however accurate: "
                                            "keep only the models with cost <= budget."),
        (lambda e, c, b: _ref_choose(e, c, b - 1e-9) if any(ci <= b for ci in c) else None,
         "a model whose cost equals the budget satisfies it: use <=, not <."),
        (lambda e, c, b: int(np.argmin(c)), "among the models within the budget, pick the lowest error, not the "
                                            "lowest cost: the cost only has to be good enough."),
        (_choose_first_fit, "do not stop at the first model within the budget: compare the errors of all of them."),
        (lambda e, c, b: max((i for i in range(len(e)) if c[i] <= b), key=lambda i: e[i], default=None),
         "pick the lowest error (the optimizing metric is minimised), not the highest."),
    ],
    formula="candidates = [i for i in range(len(errors)) if costs[i] <= budget]; return the candidate with the "
            "smallest errors[i] (the first one on a tie), or None if there is none.",
    solution=_solutions.choose_under_budget)
def check_choose_under_budget():
    """``choose_under_budget(errors, costs, budget) -> index or None``."""
    rng = _rng(33)
    return [
        # the cheapest, the first and the least accurate acceptable models are three different ones
        ("5 models, budget 100", ([0.10, 0.07, 0.15, 0.12, 0.03], [90, 60, 70, 40, 500], 100), {}),
        ("the course's example (accuracy 90/92/95%, 80/95/1500 ms, budget 100 ms)",
         ([0.10, 0.08, 0.05], [80, 95, 1500], 100), {}),
        ("one model exactly at the budget", ([0.2, 0.1, 0.15], [10, 50, 20], 50), {}),
        ("no model fits", ([0.1, 0.2], [500, 600], 100), {}),
        ("6 models", _choose_case(rng, 6), {}),
    ]
