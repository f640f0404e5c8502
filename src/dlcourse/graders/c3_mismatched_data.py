"""Graders for Course 3, "Mismatched training and dev/test data".

Two exercises: the table of gaps between human-level, training, train-dev, dev and test errors
(reference :func:`dlcourse.diagnostics.error_gaps`), and the phone's light, one piece of the camera
transform used to synthesize app-like pictures (reference :func:`dlcourse.data.course3_mismatch.relight`).
"""
from __future__ import annotations

import numpy as np

from ..data.course3_mismatch import relight as _ref_relight
from ..diagnostics import error_gaps as _ref_gaps
from .solutions import c3_mismatched_data as _solutions
from ._core import Chapter

__all__ = ["check_error_gaps", "check_relight", "hint", "show_solution"]

chapter = Chapter(__name__)
hint, show_solution = chapter.hint, chapter.show_solution
_rng = np.random.default_rng


# --- Exercise 1: error_gaps ------------------------------------------------------------------------------

def _gaps(bias=lambda h, tr: tr - h, variance=lambda tr, td: td - tr, mismatch=lambda tr, td, dv: dv - td,
          overfit=lambda td, dv, te: te - dv):
    def error_gaps(human, train, train_dev, dev, test=None):
        out = {"avoidable bias": bias(human, train), "variance": variance(train, train_dev),
               "data mismatch": mismatch(train, train_dev, dev)}
        if test is not None:
            out["overfitting to dev"] = overfit(train_dev, dev, test)
        return out
    return error_gaps


def _errors(rng):
    e = np.cumsum(rng.uniform(0.2, 6.0, 5))
    return tuple(float(v) for v in np.round(e, 1))


@chapter.exercise(
    "error_gaps", _ref_gaps,
    fresh=lambda rng: ("random errors (%)", _errors(rng), {}),
    concept="each gap is the difference between two successive errors of the table, each measuring one thing: "
            "how far the training error is from human level, how much worse unseen pictures of the training "
            "distribution are, how much worse the target distribution is, and how much worse the test set is "
            "than the dev set it was tuned on.",
    formula="avoidable bias = train - human; variance = train_dev - train; data mismatch = dev - train_dev; "
            "overfitting to dev = test - dev (only when test is given).",
    mistakes=[
        (_gaps(mismatch=lambda tr, td, dv: dv - tr),
         "data mismatch is dev - train_dev: the train-dev set already accounts for the variance."),
        (_gaps(variance=lambda tr, td: td),
         "variance is train_dev - train, the extra error on unseen pictures of the training distribution."),
        (_gaps(bias=lambda h, tr: tr),
         "avoidable bias is measured from human level (a proxy for the Bayes error): train - human."),
        (_gaps(bias=lambda h, tr: h - tr, variance=lambda tr, td: tr - td, mismatch=lambda tr, td, dv: td - dv,
               overfit=lambda td, dv, te: dv - te),
         "each gap is the later error minus the earlier one (train - human, ...), positive when things get worse."),
        (_gaps(overfit=lambda td, dv, te: te - td),
         "overfitting to the dev set is test - dev: both come from the same distribution."),
    ],
    solution=_solutions.error_gaps)
def check_error_gaps():
    """``error_gaps(human, train, train_dev, dev, test=None) -> {"avoidable bias", "variance", "data mismatch"[, "overfitting to dev"]}``."""
    return [
        ("the lecture's example (%)", (0.0, 1.0, 9.0, 10.0), {}),
        ("the lecture's data-mismatch example (%)", (0.0, 1.0, 1.5, 10.0), {}),
        ("fractions, with a test error", (0.04, 0.07, 0.10, 0.12, 0.2), {}),
        ("the dev set harder than the train-dev set, test given by keyword", (0.0, 10.0, 11.0, 20.0),
         {"test": 20.5}),
        ("dev easier than train-dev (negative mismatch)", (1.0, 2.0, 8.0, 6.0, 6.0), {}),
    ]


# --- Exercise 2: relight -----------------------------------------------------------------------------------

def _relight_with(centre_offset=0.5, divide=0.5, power=2, clip=False, use_exposure=True):
    def relight(images, exposure, gain, vignette=0.35):
        c = (np.arange(32) + centre_offset) / 32
        r2 = (c[:, None] - 0.5) ** 2 + (c[None, :] - 0.5) ** 2
        light = 1 - vignette * (r2 if power == 2 else np.sqrt(r2)) / divide
        out = images * (exposure if use_exposure else 1.0) * np.asarray(gain) * light[:, :, None]
        return np.clip(out, 0, 1) if clip else out
    return relight


def _picture(rng, m=None):
    return rng.random((32, 32, 3) if m is None else (m, 32, 32, 3))


@chapter.exercise(
    "relight", _ref_relight,
    fresh=lambda rng: ("random pictures and light", (_picture(rng, 2), float(rng.uniform(0.3, 1.5)),
                                                     rng.uniform(0.7, 1.3, 3)), {"vignette": float(rng.uniform(0, 0.6))}),
    concept="the light of every pixel is the exposure times one gain per colour channel times a vignette that "
            "darkens the picture away from its centre, as the square of the distance, with the corners losing "
            "the share 'vignette' of their light. Broadcasting does the rest.",
    formula="c = (np.arange(32) + 0.5) / 32; r2 = (c[:, None] - 0.5)**2 + (c[None, :] - 0.5)**2; "
            "return images * exposure * gain * (1 - vignette * r2 / 0.5)[:, :, None]",
    mistakes=[
        (_relight_with(centre_offset=0.0),
         "a pixel's centre is at (i + 0.5) / 32, not i / 32 (the vignette must be symmetric)."),
        (_relight_with(divide=1.0),
         "divide r^2 by 0.5 (its value at the corner of the frame), so that the corners lose the share 'vignette'."),
        (_relight_with(power=1),
         "the vignette falls with the square of the distance, r^2, not with r."),
        (_relight_with(clip=True),
         "do not clip: relight returns floats, and the camera clips once, after adding the noise."),
        (_relight_with(use_exposure=False),
         "multiply by the exposure as well as by the gains."),
    ],
    solution=_solutions.relight)
def check_relight():
    """``relight(images, exposure, gain, vignette=0.35)`` on float pictures (32, 32, 3) or (m, 32, 32, 3)."""
    rng = _rng(41)
    return [
        ("one grey picture, the app's light", (np.full((32, 32, 3), 0.5), 0.6, np.array([1.12, 1.0, 0.78])), {}),
        ("3 random pictures, exposure 1.8 (values above 1)", (_picture(rng, 3), 1.8, np.array([1.0, 1.1, 0.9])), {}),
        ("no vignette", (_picture(rng), 0.7, np.ones(3)), {"vignette": 0.0}),
        ("a strong vignette, gain as a list", (_picture(rng, 2), 1.0, [0.9, 1.0, 1.2]), {"vignette": 0.8}),
    ]
