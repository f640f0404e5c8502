"""Graders for Course 3, "Transfer learning, multi-task learning, end-to-end learning".

The chapter writes the multi-task cost with missing labels (one sigmoid per task, the labelled entries
summed, the mean over the examples), its gradient, and a gradient-descent step that leaves the first
layers of a network frozen (fine-tuning only the last ones). Every check compares the learner's function
with a reference from the package (:func:`dlcourse.functional.masked_sigmoid_cross_entropy_with_logits`,
its mean-loss kernel ``masked_sigmoid_cross_entropy_loss_forward`` / ``_backward``, and
:func:`dlcourse.optim.sgd_update`) on fixed cases, edge cases included (no missing label, every label of
a task missing, huge logits, one example), and on one case drawn fresh on every call. A wrong answer is
compared with a table of plausible bugs (missing labels counted as negatives, the mean over all entries
or over the labelled ones instead of over the examples, an unstable log of the sigmoid, frozen layers
counted from the wrong end, ...).
"""
from __future__ import annotations

import numpy as np

from .. import functional as F
from ..optim import sgd_update
from .solutions import c3_transfer_and_multitask as _solutions
from ._core import Chapter

__all__ = ["check_masked_cost", "check_masked_cost_backward", "check_update_with_frozen_layers", "hint",
           "show_solution"]

chapter = Chapter(__name__)
hint, show_solution = chapter.hint, chapter.show_solution
_rng = np.random.default_rng


def _case(rng, K, m, p_missing=0.3, scale=2.0):
    Z = rng.standard_normal((K, m)) * scale
    Y = (rng.random((K, m)) < 0.5).astype(float)
    mask = (rng.random((K, m)) >= p_missing).astype(float)
    mask[:, 0] = 1.0  # every task has a label somewhere
    return Z, Y * mask, mask


def _sigmoid(Z):
    return 1 / (1 + np.exp(-Z))


def _terms(Z, Y, stable=True):
    if stable:
        return np.maximum(Z, 0) - Z * Y + np.log1p(np.exp(-np.abs(Z)))
    A = _sigmoid(Z)
    return -(Y * np.log(A) + (1 - Y) * np.log(1 - A))


_MASK_CONCEPT = ("a missing label says nothing about the picture: it must add nothing to the cost (and send no "
                 "gradient back). Each task has its own sigmoid and its own cross-entropy; the cost adds the "
                 "labelled entries of every task and averages over the m examples (the columns).")


# --- Exercise 1: masked_cost -------------------------------------------------------------------------------

@chapter.exercise(
    "masked_cost", lambda Z, Y, mask: F.masked_sigmoid_cross_entropy_with_logits(Z, Y, mask),
    fresh=lambda rng: ("K = 4 tasks, m = 11 (random case)", _case(rng, 4, 11), {}),
    concept=_MASK_CONCEPT,
    mistakes=[
        (lambda Z, Y, mask: float(np.sum(_terms(Z, Y)) / Z.shape[1]),
         "multiply the per-entry losses by the mask: a missing label (mask 0) is not a negative label, it "
         "must add nothing."),
        (lambda Z, Y, mask: float(np.sum(mask * _terms(Z, Y)) / np.sum(mask)),
         "divide by m, the number of examples (Z.shape[1]), not by the number of labelled entries: the "
         "course's cost is the mean over examples of the sum over the labelled tasks."),
        (lambda Z, Y, mask: float(np.sum(mask * _terms(Z, Y)) / Z.size),
         "divide by m = Z.shape[1] (the examples), not by K * m (every entry): the tasks are summed."),
        (lambda Z, Y, mask: float(np.sum(mask * _terms(Z, Y, stable=False)) / Z.shape[1]),
         "log(sigmoid(z)) overflows for large |z| (log 0 = -inf): use the stable form "
         "max(z, 0) - z*y + log(1 + exp(-|z|))."),
        (lambda Z, Y, mask: float(np.sum(mask * -(Y * np.log(_sigmoid(Z)))) / Z.shape[1]),
         "the cross-entropy has two terms: -(y log a + (1 - y) log(1 - a)); the negatives count too."),
        (lambda Z, Y, mask: float(np.sum(mask * _terms(Z, Y))),
         "divide the sum by m = Z.shape[1]: the cost is a mean over the examples."),
    ],
    formula="losses = np.maximum(Z, 0) - Z * Y + np.log1p(np.exp(-np.abs(Z))); "
            "return float(np.sum(mask * losses) / Z.shape[1]).",
    solution=_solutions.masked_cost)
def check_masked_cost():
    """``masked_cost(Z, Y, mask) -> J`` (a float), Z, Y, mask of shape (K, m)."""
    rng = _rng(1)
    Z, Y, M = _case(rng, 3, 5)
    Z2, Y2, _ = _case(rng, 4, 6)
    Z3, Y3, M3 = _case(rng, 2, 4)
    M3[1] = 0.0
    Y3[1] = 0.0
    return [
        ("K = 3 tasks, m = 5, some labels missing", (Z, Y, M), {}),
        ("no label missing (mask of ones)", (Z2, Y2, np.ones_like(Y2)), {}),
        ("every label of task 2 missing", (Z3, Y3, M3), {}),
        ("huge logits (|z| = 800)", (np.array([[800.0, -800.0, 3.0], [-800.0, 800.0, -1.0]]),
                                     np.array([[1.0, 0.0, 1.0], [1.0, 0.0, 0.0]]),
                                     np.array([[1.0, 1.0, 1.0], [1.0, 1.0, 0.0]])), {}),
        ("one example, one task", (np.array([[0.5]]), np.array([[1.0]]), np.array([[1.0]])), {}),
    ]


# --- Exercise 2: masked_cost_backward --------------------------------------------------------------------

def _ref_backward(Z, Y, mask):
    _, cache = F.masked_sigmoid_cross_entropy_loss_forward(Z, Y, mask)
    return F.masked_sigmoid_cross_entropy_loss_backward(1.0, cache)


@chapter.exercise(
    "masked_cost_backward", _ref_backward,
    fresh=lambda rng: ("K = 4 tasks, m = 9 (random case)", _case(rng, 4, 9), {}),
    concept=_MASK_CONCEPT + " The derivative of one entry's loss with respect to its logit is a - y; the "
            "cost's derivative scales it by that entry's mask and by 1/m.",
    mistakes=[
        (lambda Z, Y, mask: (_sigmoid(Z) - Y) / Z.shape[1],
         "multiply by the mask: a missing label must send no gradient back (dZ = 0 there)."),
        (lambda Z, Y, mask: mask * (_sigmoid(Z) - Y),
         "the cost is a mean over the m examples, so its gradient carries the 1/m: divide by Z.shape[1]."),
        (lambda Z, Y, mask: mask * (_sigmoid(Z) - Y) / np.sum(mask),
         "divide by m = Z.shape[1] (the examples), not by the number of labelled entries."),
        (lambda Z, Y, mask: mask * (Y - _sigmoid(Z)) / Z.shape[1],
         "the sign: dJ/dz = (a - y) / m, with a = sigmoid(z); you computed (y - a)."),
        (lambda Z, Y, mask: mask * (_sigmoid(Z) - Y) * _sigmoid(Z) * (1 - _sigmoid(Z)) / Z.shape[1],
         "with the cross-entropy on a sigmoid the a(1 - a) factors cancel: dJ/dz = (a - y) / m."),
    ],
    formula="A = 1 / (1 + np.exp(-Z)); return mask * (A - Y) / Z.shape[1].",
    solution=_solutions.masked_cost_backward)
def check_masked_cost_backward():
    """``masked_cost_backward(Z, Y, mask) -> dZ`` of shape (K, m): the gradient of :func:`masked_cost`."""
    rng = _rng(2)
    Z, Y, M = _case(rng, 3, 5)
    Z2, Y2, _ = _case(rng, 2, 7)
    return [
        ("K = 3 tasks, m = 5, some labels missing", (Z, Y, M), {}),
        ("no label missing (mask of ones)", (Z2, Y2, np.ones_like(Y2)), {}),
        ("one task, one example", (np.array([[-1.5]]), np.array([[0.0]]), np.array([[1.0]])), {}),
    ]


# --- Exercise 3: update_with_frozen_layers ------------------------------------------------------------------

def _ref_frozen(parameters, grads, learning_rate, n_frozen):
    L = len(parameters) // 2
    tune = {k: v for k, v in parameters.items() if int(k[1:]) > n_frozen}
    tuned = sgd_update(tune, {"d" + k: grads["d" + k] for k in tune}, learning_rate) if tune else {}
    return {f"{p}{l}": (tuned[f"{p}{l}"] if l > n_frozen else parameters[f"{p}{l}"].copy())
            for l in range(1, L + 1) for p in ("W", "b")}


def _frozen_mistake(which):
    def update(parameters, grads, learning_rate, n_frozen):
        L = len(parameters) // 2
        out = {}
        for l in range(1, L + 1):
            frozen = {"last": l > L - n_frozen, "off_by_one": l < n_frozen, "one_more": l <= n_frozen + 1,
                      "none": False, "weights_only": l <= n_frozen}[which]
            for p in ("W", "b"):
                keep = frozen and not (which == "weights_only" and p == "b")
                out[f"{p}{l}"] = parameters[f"{p}{l}"].copy() if keep else \
                    parameters[f"{p}{l}"] - learning_rate * grads[f"d{p}{l}"]
        return out
    return update


def _params(rng, dims):
    p, g = {}, {}
    for l in range(1, len(dims)):
        p[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1]))
        p[f"b{l}"] = rng.standard_normal((dims[l], 1))
        g[f"dW{l}"] = rng.standard_normal((dims[l], dims[l - 1]))
        g[f"db{l}"] = rng.standard_normal((dims[l], 1))
    return p, g


@chapter.exercise(
    "update_with_frozen_layers", _ref_frozen,
    fresh=lambda rng: ("four layers, random n_frozen (random case)",
                       (*_params(rng, [5, 4, 4, 3, 1]), 0.05, int(rng.integers(0, 5))), {}),
    concept="fine-tuning a pre-trained network often keeps its first layers as they are (frozen: the general "
            "features learned on the large source task) and trains only the last ones on the small target "
            "task. Frozen layers keep their weights and biases; the others take an ordinary gradient-descent step.",
    mistakes=[
        (_frozen_mistake("last"),
         "freeze the *first* n_frozen layers (l = 1, ..., n_frozen, nearest to the input), not the last ones."),
        (_frozen_mistake("off_by_one"),
         "layers are numbered from 1: layer l is frozen when l <= n_frozen (you froze one layer too few)."),
        (_frozen_mistake("one_more"),
         "layer l is frozen when l <= n_frozen (you froze one layer too many)."),
        (_frozen_mistake("weights_only"), "a frozen layer keeps its bias b{l} too, not only W{l}."),
        (_frozen_mistake("none"), "leave the first n_frozen layers unchanged: only layers n_frozen + 1, ..., L "
                                  "take the step."),
    ],
    formula="for l in 1..L: W{l}, b{l} unchanged (copies) if l <= n_frozen, else "
            "W{l} - learning_rate * dW{l} and b{l} - learning_rate * db{l}.",
    solution=_solutions.update_with_frozen_layers)
def check_update_with_frozen_layers():
    """``update_with_frozen_layers(parameters, grads, learning_rate, n_frozen) -> new parameters``."""
    rng = _rng(3)
    p3, g3 = _params(rng, [4, 3, 3, 1])
    p2, g2 = _params(rng, [2, 5, 2])
    return [
        ("three layers, the first two frozen", (p3, g3, 0.01, 2), {}),
        ("three layers, the first one frozen", (p3, g3, 0.1, 1), {}),
        ("nothing frozen: ordinary gradient descent", (p2, g2, 0.5, 0), {}),
        ("everything frozen: nothing changes", (p2, g2, 0.5, 2), {}),
    ]
