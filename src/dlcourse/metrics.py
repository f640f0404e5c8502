"""Classification metrics for (1, m) or (m,) label arrays."""
from __future__ import annotations

import numpy as np

from ._validate import check_same_shape

__all__ = ["accuracy", "confusion_matrix", "precision_recall_f1"]


def accuracy(predictions, labels) -> float:
    """Fraction of predictions equal to labels (a number in [0, 1])."""
    check_same_shape("predictions", predictions, "labels", labels)
    if np.size(labels) == 0:
        raise ValueError("accuracy of an empty set is undefined")
    return float(np.mean(np.asarray(predictions) == np.asarray(labels)))


def confusion_matrix(predictions, labels, n_classes: int = 2) -> np.ndarray:
    """``C[i, j]`` counts examples with true class ``i`` predicted as class ``j``."""
    check_same_shape("predictions", predictions, "labels", labels)
    p = np.ravel(predictions).astype(int)
    y = np.ravel(labels).astype(int)
    if p.min(initial=0) < 0 or y.min(initial=0) < 0 or max(p.max(initial=0), y.max(initial=0)) >= n_classes:
        raise ValueError(f"labels must be integers in [0, {n_classes})")
    C = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(C, (y, p), 1)
    return C


def precision_recall_f1(predictions, labels):
    """Binary precision, recall and F1 for the positive class 1."""
    C = confusion_matrix(predictions, labels, 2)
    tp, fp, fn = C[1, 1], C[0, 1], C[1, 0]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return float(precision), float(recall), float(f1)
