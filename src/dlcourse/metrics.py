"""Classification metrics for (1, m) or (m,) label arrays.

Predictions and labels must be class labels (integers, or bools); probabilities are refused with a
hint to threshold them first, since comparing 0.73 with 1 silently counts as a mistake.
"""
from __future__ import annotations

import numpy as np

from ._validate import as_array, check_positive_int, check_same_shape

__all__ = ["accuracy", "confusion_matrix", "precision_recall_f1"]


def _class_labels(name: str, x) -> np.ndarray:
    """``x`` as an integer array of class labels; refuse fractions, NaN and negative values."""
    x = as_array(name, x)
    if x.dtype.kind in "biu":
        values = x
    else:
        if x.dtype.kind == "c" or not np.all(np.isfinite(x)) or not np.all(x == np.round(x)):
            bad = x[~(np.isfinite(x) & (x == np.round(x)))] if x.dtype.kind != "c" else x.ravel()
            probs = x.dtype.kind == "f" and np.all(np.isfinite(x)) and np.all((x >= 0) & (x <= 1))
            hint = (" -- these look like probabilities: threshold them first, e.g. (A > 0.5).astype(int)"
                    if probs else "")
            raise ValueError(f"{name} must hold class labels (integers such as 0/1), found {bad.ravel()[:4]}{hint}")
        values = x.astype(np.int64)
    if values.size and values.min() < 0:
        raise ValueError(f"{name} must hold class labels >= 0, found {values.min()}")
    return values


def accuracy(predictions, labels) -> float:
    """Fraction of predictions equal to labels (a number in [0, 1]); both must be class labels."""
    check_same_shape("predictions", predictions, "labels", labels)
    if np.size(labels) == 0:
        raise ValueError("accuracy of an empty set is undefined (m = 0)")
    p = _class_labels("predictions", predictions)
    y = _class_labels("labels", labels)
    return float(np.mean(p == y))


def confusion_matrix(predictions, labels, n_classes: int = 2) -> np.ndarray:
    """``C[i, j]`` counts examples with true class ``i`` predicted as class ``j``."""
    n_classes = check_positive_int("n_classes", n_classes)
    check_same_shape("predictions", predictions, "labels", labels)
    p = np.ravel(_class_labels("predictions", predictions))
    y = np.ravel(_class_labels("labels", labels))
    for name, v in (("predictions", p), ("labels", y)):
        if v.size and v.max() >= n_classes:
            raise ValueError(f"{name} hold class {v.max()}, but n_classes = {n_classes}: labels must be integers "
                             f"in [0, {n_classes})")
    # one bincount over the pair index y * n + p (no np.add.at)
    return np.bincount(y * n_classes + p, minlength=n_classes * n_classes).reshape(n_classes, n_classes).astype(int)


def precision_recall_f1(predictions, labels):
    """Binary precision, recall and F1 for the positive class 1."""
    C = confusion_matrix(predictions, labels, 2)
    tp, fp, fn = C[1, 1], C[0, 1], C[1, 0]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return float(precision), float(recall), float(f1)
