"""Graders for Course 3, "Comparing to human-level performance".

The chapter measures avoidable bias (training error minus human-level error, the proxy for Bayes error)
and variance (dev error minus training error) and lets them decide what to work on. The checks compare
the learner's functions with :func:`dlcourse.metrics.avoidable_bias_variance` and
:func:`dlcourse.metrics.what_to_work_on` on the course's own examples, edge cases (a tie, a training error
below human level) and one fresh case per call; wrong answers are matched against typical mistakes.
"""
from __future__ import annotations

from ..metrics import avoidable_bias_variance as _reference_split
from ..metrics import what_to_work_on as _reference_decision
from .solutions import c3_human_level_performance as _solutions
from ._core import Chapter

__all__ = ["check_avoidable_bias_variance", "check_what_to_work_on", "hint", "show_solution"]

chapter = Chapter(__name__)
hint, show_solution = chapter.hint, chapter.show_solution


def _fresh(rng):
    human = float(rng.uniform(0.0, 0.1))
    train = human + float(rng.uniform(0.0, 0.1))
    dev = train + float(rng.uniform(0.0, 0.1))
    return "random errors", (human, train, dev), {}


_COURSE_CASES = [
    ("the course's cat example, humans at 1%", (0.01, 0.08, 0.10), {}),
    ("the course's cat example, humans at 7.5%", (0.075, 0.08, 0.10), {}),
    ("the course's X-ray example, a team of doctors at 0.5%", (0.005, 0.007, 0.008), {}),
    ("training error below human level (avoidable bias < 0)", (0.05, 0.03, 0.09), {}),
]


@chapter.exercise(
    "avoidable_bias_variance", _reference_split, fresh=_fresh,
    concept="human-level error stands in for Bayes error, the best any classifier can do. The gap from it to the "
            "training error is the bias you could still remove; the gap from the training error to the dev error "
            "is the variance. Both are differences of error rates, in the order given by the chain human -> train "
            "-> dev.",
    mistakes=[
        (lambda h, tr, dv: (dv - tr, tr - h), "return the avoidable bias first, then the variance."),
        (lambda h, tr, dv: (tr, dv - tr), "the avoidable bias is measured from human level: train_error - "
                                          "human_error, not the training error itself."),
        (lambda h, tr, dv: (h - tr, dv - tr), "the avoidable bias is train_error - human_error (positive while the "
                                              "training error is above human level)."),
        (lambda h, tr, dv: (tr - h, dv - h), "the variance is the gap between dev and training error, dev_error - "
                                             "train_error, not from human level."),
    ],
    formula="avoidable_bias = train_error - human_error; variance = dev_error - train_error; return both.",
    returns=("avoidable_bias", "variance"),
    solution=_solutions.avoidable_bias_variance)
def check_avoidable_bias_variance():
    """``avoidable_bias_variance(human_error, train_error, dev_error) -> (avoidable_bias, variance)``."""
    return list(_COURSE_CASES)


def _decide(bias, variance, tie="variance"):
    if bias == variance:
        return tie
    return "bias" if bias > variance else "variance"


@chapter.exercise(
    "what_to_work_on", _reference_decision, fresh=_fresh,
    concept="compare the two gaps of the previous exercise: whichever is larger is where the next improvement is "
            "most likely to come from. When they are equal, work on variance.",
    mistakes=[
        (lambda h, tr, dv: _decide(tr, dv - tr), "the bias to compare is the avoidable bias, train_error - "
                                                 "human_error: human-level error cannot be removed."),
        (lambda h, tr, dv: _decide(tr - h, dv - h), "the variance is dev_error - train_error, not dev_error - "
                                                    "human_error."),
        (lambda h, tr, dv: _decide(dv - tr, tr - h), "the answers are swapped: a larger avoidable bias means "
                                                     "\"bias\"."),
        (lambda h, tr, dv: _decide(tr - h, dv - tr, tie="bias"), "on a tie (equal gaps) the answer is \"variance\": "
                                                                 "use a strict > for \"bias\"."),
    ],
    formula='avoidable_bias = train_error - human_error; variance = dev_error - train_error; return "bias" if '
            'avoidable_bias > variance else "variance".',
    solution=_solutions.what_to_work_on)
def check_what_to_work_on():
    """``what_to_work_on(human_error, train_error, dev_error) -> "bias" or "variance"``."""
    # the order matters for the diagnosis: the first case tells a swapped answer from one that ignores
    # human level, the second and third tell those from one that always says "variance"
    return [("a large variance", (0.01, 0.02, 0.2), {}), _COURSE_CASES[1], _COURSE_CASES[0], *_COURSE_CASES[2:],
            ("equal gaps (exact in binary)", (0.0, 0.25, 0.5), {})]
