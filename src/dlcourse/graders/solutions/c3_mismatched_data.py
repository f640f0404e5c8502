"""Worked solutions of the exercises of "Mismatched training and dev/test data".

``grader.show_solution("<exercise>")`` prints them. They are the learner-style answers (each checked by its grader in the tests), not the library kernels.
"""
import numpy as np


def error_gaps(human, train, train_dev, dev, test=None):
    gaps = {"avoidable bias": train - human, "variance": train_dev - train, "data mismatch": dev - train_dev}
    if test is not None:
        gaps["overfitting to dev"] = test - dev
    return gaps


def relight(images, exposure, gain, vignette=0.35):
    centres = (np.arange(32) + 0.5) / 32
    r2 = (centres[:, None] - 0.5) ** 2 + (centres[None, :] - 0.5) ** 2
    light = 1 - vignette * r2 / 0.5
    return images * exposure * np.asarray(gain) * light[:, :, None]
