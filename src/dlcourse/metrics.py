"""Classification metrics for (1, m) or (m,) label arrays.

Predictions and labels must be class labels (integers, or bools); probabilities are refused with a
hint to threshold them first, since comparing 0.73 with 1 silently counts as a mistake.
"""
from __future__ import annotations

import numpy as np

from ._validate import as_array, check_positive_int, check_same_shape

__all__ = ["accuracy", "confusion_matrix", "precision_recall_f1", "weighted_error", "group_errors",
           "avoidable_bias_variance", "what_to_work_on"]


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


def weighted_error(predictions, labels, weights) -> float:
    """``sum(w * (prediction != label)) / sum(w)``: an error in which some examples count more.

    Course 3's example: a cat classifier that lets unacceptable pictures through gets weight 10 on them.
    ``weights`` has the labels' shape, non-negative, not all zero.
    """
    check_same_shape("predictions", predictions, "labels", labels)
    check_same_shape("weights", weights, "labels", labels)
    p = _class_labels("predictions", predictions)
    y = _class_labels("labels", labels)
    w = as_array("weights", weights).astype(np.float64)
    if not np.all(np.isfinite(w)) or np.any(w < 0) or not np.any(w > 0):
        raise ValueError("weights must be finite, non-negative and not all zero")
    return float(np.sum(w * (p != y)) / np.sum(w))


def group_errors(predictions, labels, groups, n_groups: int) -> np.ndarray:
    """Error rate within each group (``groups`` holds integers in ``[0, n_groups)``), shape (n_groups,).

    A group without examples gets NaN. The plain mean of the result weights every group equally (the
    "average across regions" of Course 3), whatever its size.
    """
    n_groups = check_positive_int("n_groups", n_groups)
    check_same_shape("predictions", predictions, "labels", labels)
    check_same_shape("groups", groups, "labels", labels)
    p = np.ravel(_class_labels("predictions", predictions))
    y = np.ravel(_class_labels("labels", labels))
    g = np.ravel(_class_labels("groups", groups))
    if g.size and g.max() >= n_groups:
        raise ValueError(f"groups hold {g.max()}, but n_groups = {n_groups}")
    wrong = np.bincount(g, weights=(p != y).astype(np.float64), minlength=n_groups)
    count = np.bincount(g, minlength=n_groups).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, wrong / np.maximum(count, 1), np.nan)


def _rate(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not 0.0 <= float(value) <= 1.0:
        raise ValueError(f"{name} must be an error rate in [0, 1] (a fraction, not a percentage), got {value!r}")
    return float(value)


def avoidable_bias_variance(human_error, train_error, dev_error):
    """``(train - human, dev - train)``: the avoidable bias (human-level error as the proxy for Bayes error)
    and the variance of Course 3's error analysis; fractions in [0, 1]. The avoidable bias is negative
    once the training error is below the human level."""
    h, tr, dv = _rate("human_error", human_error), _rate("train_error", train_error), _rate("dev_error", dev_error)
    return tr - h, dv - tr


def what_to_work_on(human_error, train_error, dev_error) -> str:
    """``"bias"`` if the avoidable bias exceeds the variance, else ``"variance"`` (ties go to variance)."""
    bias, variance = avoidable_bias_variance(human_error, train_error, dev_error)
    return "bias" if bias > variance else "variance"
