"""Course 3's diagnostics: error analysis by category, label-error accounting, the error-gap table.

* :func:`category_masks` / :func:`error_tally`: which pictures fall into each of the error-analysis
  categories (from catgen's metadata: what a picture shows and its hard conditions), and how many of a
  model's mistakes fall into each one. The categories overlap, as in the course's spreadsheet: a dark
  picture of a dog counts as a dog *and* as dark; ``"other"`` counts the mistakes in no category.
* :func:`label_error_breakdown`: the course's "overall dev error = errors due to incorrect labels +
  errors due to other causes", when the true labels are known.
* :func:`error_gaps`: avoidable bias, variance, data mismatch and overfitting to the dev set, from the
  human-level, training, train-dev, dev and test errors.
"""
from __future__ import annotations

import numpy as np

__all__ = ["ERROR_CATEGORIES", "category_masks", "error_tally", "label_error_breakdown", "error_gaps"]

#: The error-analysis categories, in the order the chapters show them.
ERROR_CATEGORIES = ("dog", "big cat", "cat-like object", "whole-body cat", "small or hidden cat",
                    "blurry", "dark", "low contrast")


def _strings(name: str, x) -> np.ndarray:
    x = np.asarray(x)
    if x.ndim != 1 or x.dtype.kind not in "US":
        raise ValueError(f"{name} must be a 1-D array of strings, got {x.dtype} {x.shape}")
    return x.astype(str)


def category_masks(kinds, tags) -> dict:
    """``{category: bool array (m,)}`` for :data:`ERROR_CATEGORIES`.

    ``kinds``: what each picture shows (``'cat/face/ginger'``, ``'dog/side/floppy'``, ``'lion'``, ...);
    ``tags``: comma-separated hard conditions (``'small'``, ``'occluded'``, ``'blurry'``, ``'dark'``,
    ``'low_contrast'``, or ``''``).
    """
    kinds, tags = _strings("kinds", kinds), _strings("tags", tags)
    if kinds.shape != tags.shape:
        raise ValueError(f"kinds {kinds.shape} and tags {tags.shape} must have the same length")
    tag_sets = [set(t.split(",")) if t else set() for t in tags]

    def has(*names):
        return np.array([bool(s.intersection(names)) for s in tag_sets], dtype=bool)

    layout = np.array([k.split("/")[1] if k.startswith("cat/") else "" for k in kinds])
    return {
        "dog": np.char.startswith(kinds, "dog/"),
        "big cat": np.isin(kinds, ["lion", "tiger"]),
        "cat-like object": np.isin(kinds, ["teddy_bear", "cushion"]),
        "whole-body cat": np.isin(layout, ["sitting", "side", "lying"]),
        "small or hidden cat": has("small", "occluded"),
        "blurry": has("blurry"),
        "dark": has("dark"),
        "low contrast": has("low_contrast"),
    }


def error_tally(mistakes, kinds, tags) -> dict:
    """How many of the mistakes fall in each category: ``{category: int}`` plus ``"other"`` (in none).

    ``mistakes``: bool array (m,), True where the model is wrong. A mistake can count in several
    categories; the counts are therefore not a partition of the mistakes (``"other"`` aside).
    """
    mistakes = np.asarray(mistakes)
    if mistakes.dtype != bool or mistakes.ndim != 1:
        raise ValueError(f"mistakes must be a 1-D bool array, got {mistakes.dtype} {mistakes.shape}")
    masks = category_masks(kinds, tags)
    if mistakes.shape != next(iter(masks.values())).shape:
        raise ValueError(f"mistakes {mistakes.shape} and kinds {np.shape(kinds)} must have the same length")
    tally = {name: int(np.sum(mistakes & mask)) for name, mask in masks.items()}
    tally["other"] = int(np.sum(mistakes & ~np.any(list(masks.values()), axis=0)))
    return tally


def label_error_breakdown(predictions, given, true) -> dict:
    """Split the measured error (predictions vs the ``given`` labels) by its cause.

    Returns fractions of the m examples: ``"overall"`` (predictions != given), ``"incorrect labels"``
    (mistakes whose given label is wrong: the model agrees with the truth) and ``"other causes"`` (the
    rest of the mistakes). A model that is wrong on a mislabelled example agrees with the wrong label,
    so that example does not appear among the mistakes at all.
    """
    p, g, t = (np.asarray(a).ravel() for a in (predictions, given, true))
    if not (p.shape == g.shape == t.shape) or p.size == 0:
        raise ValueError(f"predictions, given and true must be non-empty and of one length, got "
                         f"{p.shape}, {g.shape}, {t.shape}")
    wrong = p != g
    bad_label = g != t
    m = p.size
    return {"overall": float(np.sum(wrong)) / m, "incorrect labels": float(np.sum(wrong & bad_label)) / m,
            "other causes": float(np.sum(wrong & ~bad_label)) / m}


def error_gaps(human, train, train_dev, dev, test=None) -> dict:
    """The course's table of gaps between successive errors (fractions or percentages, as given).

    ``avoidable bias = train - human``, ``variance = train_dev - train``, ``data mismatch = dev -
    train_dev`` and, with ``test``, ``overfitting to dev = test - dev``.
    """
    values = [human, train, train_dev, dev] + ([] if test is None else [test])
    for name, v in zip(("human", "train", "train_dev", "dev", "test"), values):
        if isinstance(v, bool) or not isinstance(v, (int, float, np.number)) or not np.isfinite(v):
            raise ValueError(f"{name} must be a finite number, got {v!r}")
    out = {"avoidable bias": float(train - human), "variance": float(train_dev - train),
           "data mismatch": float(dev - train_dev)}
    if test is not None:
        out["overfitting to dev"] = float(test - dev)
    return out
