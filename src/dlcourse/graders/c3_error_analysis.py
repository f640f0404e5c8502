"""Graders for Course 3, "Error analysis".

Two exercises: the error-analysis tally (how many of a model's mistakes fall in each category, from the
pictures' metadata) and the split of a measured dev error into errors due to incorrect labels and errors
due to other causes. The references are :func:`dlcourse.diagnostics.error_tally` and
:func:`dlcourse.diagnostics.label_error_breakdown`; the cases are made of catgen-style metadata.
"""
from __future__ import annotations

import numpy as np

from ..diagnostics import ERROR_CATEGORIES, category_masks, error_tally as _ref_tally
from ..diagnostics import label_error_breakdown as _ref_breakdown
from .solutions import c3_error_analysis as _solutions
from ._core import Chapter

__all__ = ["check_error_tally", "check_label_error_breakdown", "hint", "show_solution"]

chapter = Chapter(__name__)
hint, show_solution = chapter.hint, chapter.show_solution
_rng = np.random.default_rng

_KINDS = ["cat/face/ginger", "cat/face/black", "cat/sitting/white", "cat/side/tabby", "cat/lying/grey",
          "cat/tiny/calico", "cat/peek/tuxedo", "dog/face/pointy", "dog/side/floppy", "lion", "tiger",
          "teddy_bear", "cushion", "car", "owl", "house", "fruit"]
_TAGS = ["", "", "", "small", "occluded", "blurry", "dark", "low_contrast", "blurry,dark", "small,blurry",
         "occluded,low_contrast", "dark,low_contrast"]


def _metadata(rng, m, p_wrong=0.4):
    kinds = np.array([_KINDS[i] for i in rng.integers(len(_KINDS), size=m)])
    tags = np.array([_TAGS[i] for i in rng.integers(len(_TAGS), size=m)])
    return rng.random(m) < p_wrong, kinds, tags


def _every_combination():
    """Every kind with every tag list, every other one a mistake: every category and every overlap."""
    kinds = np.repeat(_KINDS, len(_TAGS))
    tags = np.tile(_TAGS, len(_KINDS))
    return np.arange(kinds.size) % 2 == 0, kinds, tags


# --- Exercise 1: error_tally -------------------------------------------------------------------------

def _tally_with(masks_fn=None, other_all=False, exclusive=False, ignore_mistakes=False):
    def tally(mistakes, kinds, tags):
        masks = (masks_fn or category_masks)(kinds, tags)
        wrong = np.ones_like(mistakes) if ignore_mistakes else mistakes
        out, taken = {}, np.zeros(len(wrong), bool)
        for name in ERROR_CATEGORIES:
            hit = wrong & masks[name] & (~taken if exclusive else True)
            out[name] = int(hit.sum())
            taken |= hit
        out["other"] = int(wrong.sum()) if other_all else int((wrong & ~np.any(list(masks.values()), 0)).sum())
        return out
    return tally


def _masks_changed(**changes):
    def masks(kinds, tags):
        out = category_masks(kinds, tags)
        kinds, tags = np.asarray(kinds).astype(str), np.asarray(tags).astype(str)
        for name, rule in changes.items():
            out[name] = rule(kinds, tags)
        return out
    return masks


def _has(tags, *names):
    return np.array([bool(set(t.split(",")).intersection(names)) for t in tags], bool)


@chapter.exercise(
    "error_tally", _ref_tally,
    fresh=lambda rng: ("random metadata, m = 60", _metadata(rng, 60), {}),
    concept="go through the mistakes only; a mistake can belong to several categories at once (a dark picture "
            "of a dog counts as a dog and as dark), and 'other' collects the mistakes that fall in none.",
    formula="for each mistake: categories = [the ones whose rule matches its kind or its tag list "
            "(tags.split(','))]; add 1 to each of them, or to 'other' if the list is empty. Kinds: 'dog/...', "
            "'lion' / 'tiger', 'teddy_bear' / 'cushion', 'cat/sitting/...', 'cat/side/...', 'cat/lying/...'.",
    mistakes=[
        (_tally_with(ignore_mistakes=True),
         "you counted every picture of each category, not only the mistakes: filter with `mistakes` first."),
        (_tally_with(other_all=True),
         "'other' counts the mistakes that fall in no category, not all the mistakes."),
        (_tally_with(exclusive=True),
         "each mistake counts in every category it belongs to (the categories overlap), not only in the first."),
        (_tally_with(_masks_changed(dog=lambda k, t: k == "dog")),
         "dogs have kinds such as 'dog/face/pointy': test kind.startswith('dog/'), not kind == 'dog'."),
        (_tally_with(_masks_changed(**{"low contrast": lambda k, t: _has(t, "low contrast")})),
         "the tag is spelled 'low_contrast' (with an underscore) in the metadata."),
        (_tally_with(_masks_changed(**{"small or hidden cat": lambda k, t: _has(t, "small")})),
         "'small or hidden cat' covers two tags: 'small' and 'occluded'."),
        (_tally_with(_masks_changed(**{"whole-body cat": lambda k, t: np.char.startswith(k, "cat/")
                                       & ~np.char.startswith(k, "cat/face/")})),
         "'whole-body cat' is the sitting, side and lying layouts only; tiny and peeking cats are tagged "
         "'small' / 'occluded' instead."),
        (_tally_with(_masks_changed(**{"big cat": lambda k, t: k == "lion"})),
         "big cats are lions and tigers."),
    ],
    solution=_solutions.error_tally)
def check_error_tally():
    """``error_tally(mistakes, kinds, tags) -> {category: int, ..., "other": int}``."""
    rng = _rng(31)
    m0 = np.zeros(len(_KINDS) * len(_TAGS), bool)
    _, k0, t0 = _every_combination()
    return [
        ("every kind with every tag, every other one a mistake", _every_combination(), {}),
        ("40 pictures, half of them mistakes", _metadata(rng, 40, 0.5), {}),
        ("no mistakes at all", (m0, k0, t0), {}),
        ("every picture a mistake", (~m0, k0, t0), {}),
    ]


# --- Exercise 2: label_error_breakdown ----------------------------------------------------------------

def _breakdown_case(rng, m, p_flip=0.1, p_err=0.15):
    true = rng.integers(0, 2, m)
    given = np.where(rng.random(m) < p_flip, 1 - true, true)
    pred = np.where(rng.random(m) < p_err, 1 - true, true)
    return pred, given, true


def _breakdown(all_label_errors=False, per_mistake=False, against_true=False, other_is_overall=False):
    def breakdown(predictions, given, true):
        p, g, t = (np.asarray(a).ravel() for a in (predictions, given, true))
        wrong = p != (t if against_true else g)
        bad = g != t
        denom = max(int(wrong.sum()), 1) if per_mistake else p.size
        labels = (bad.sum() if all_label_errors else (wrong & bad).sum()) / denom
        other = wrong.sum() / denom if other_is_overall else (wrong & ~bad).sum() / denom
        return {"overall": wrong.sum() / p.size, "incorrect labels": float(labels), "other causes": float(other)}
    return breakdown


@chapter.exercise(
    "label_error_breakdown", _ref_breakdown,
    fresh=lambda rng: ("random labels, m = 200", _breakdown_case(rng, 200), {}),
    concept="the measured error compares the predictions with the labels you were given; among those mistakes, "
            "some are examples whose given label is wrong (the model actually got them right). All three "
            "numbers are fractions of all m examples.",
    formula="wrong = predictions != given; mislabelled = given != true; overall = mean(wrong); "
            "incorrect labels = sum(wrong & mislabelled) / m; other causes = sum(wrong & ~mislabelled) / m.",
    mistakes=[
        (_breakdown(all_label_errors=True),
         "'incorrect labels' counts only the mislabelled examples that show up as mistakes; a mislabelled example "
         "on which the model is also wrong agrees with its wrong label and is not a mistake."),
        (_breakdown(per_mistake=True),
         "divide by m, the number of examples, not by the number of mistakes: the three numbers add up to the "
         "dev error."),
        (_breakdown(against_true=True),
         "the measured error compares the predictions with the labels you were *given*, not with the truth."),
        (_breakdown(other_is_overall=True),
         "'other causes' are the mistakes whose label is right: overall minus the incorrect-label part."),
    ],
    solution=_solutions.label_error_breakdown)
def check_label_error_breakdown():
    """``label_error_breakdown(predictions, given, true) -> {"overall", "incorrect labels", "other causes"}``."""
    rng = _rng(32)
    y = np.array([1, 0, 1, 1, 0, 0, 1, 0])
    return [
        ("m = 100, 10% of the labels wrong", _breakdown_case(rng, 100), {}),
        ("a hand-made case of 8 examples",
         (np.array([1, 0, 0, 1, 1, 0, 1, 1]), np.array([1, 1, 1, 1, 0, 0, 0, 0]), y), {}),
        ("no label errors", (np.array([1, 1, 0, 0]), np.array([1, 0, 1, 0]), np.array([1, 0, 1, 0])), {}),
        ("m = 500, 30% of the labels wrong", _breakdown_case(rng, 500, 0.3, 0.2), {}),
    ]
