"""Worked solutions of the exercises of "Setting up your goal".

``grader.show_solution("<exercise>")`` prints them. They are the learner-style answers (each checked by its grader in the tests), not the library kernels.
"""
import numpy as np


def precision_recall_f1(predictions, labels):
    p, y = np.ravel(predictions), np.ravel(labels)
    tp = np.sum((p == 1) & (y == 1))
    fp = np.sum((p == 1) & (y == 0))
    fn = np.sum((p == 0) & (y == 1))
    precision = tp / (tp + fp) if tp + fp > 0 else 0.0
    recall = tp / (tp + fn) if tp + fn > 0 else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return float(precision), float(recall), float(f1)


def weighted_error(predictions, labels, weights):
    wrong = (predictions != labels)
    return float(np.sum(weights * wrong) / np.sum(weights))


def choose_under_budget(errors, costs, budget):
    best = None
    for i in range(len(errors)):
        if costs[i] <= budget and (best is None or errors[i] < errors[best]):
            best = i
    return best
