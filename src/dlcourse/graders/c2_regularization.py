"""Graders for Course 2, "Regularization" (L2 regularization and inverted dropout).

The chapter's network is the course's ``LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID`` with the
course's cache tuples (``(Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)``, and with the dropout masks
``D1, D2`` after ``Z1`` and ``Z2`` when dropout is on). Every reference is assembled from the
:mod:`dlcourse` kernels: :func:`~dlcourse.functional.l2_cost` / :func:`~dlcourse.functional.l2_grad`,
:func:`~dlcourse.functional.dropout_forward` / :func:`~dlcourse.functional.dropout_backward`, the dense
kernels and :func:`dlcourse.models.compute_cost`. Dropout masks come from the ``rng`` argument (a
``np.random.Generator``): layer 1's mask first, ``D = rng.random(A.shape) < keep_prob``. The mistakes tables
hold the usual slips: a missing ``1/m`` or ``1/2``, regularized biases, no rescaling by ``keep_prob``, the
mask of the wrong layer, re-seeding inside the function.
"""
from __future__ import annotations

import numpy as np

from ..functional import (dropout_backward, dropout_cache, dropout_forward, dropout_mask, l2_cost, l2_grad,
                          linear_backward, linear_forward, relu_backward, relu_forward, sigmoid,
                          sigmoid_cross_entropy_with_logits_backward)
from ..init import xavier
from ..models import compute_cost
from .solutions import c2_regularization as _solutions
from ._core import Chapter
from ._core import binary_labels as _labels

__all__ = [
    "check_compute_cost_with_regularization", "check_backward_propagation_with_regularization",
    "check_forward_propagation_with_dropout", "check_backward_propagation_with_dropout",
    "hint", "show_solution", "forward_propagation", "backward_propagation",
]

chapter = Chapter(__name__)
hint, show_solution = chapter.hint, chapter.show_solution
_rng = np.random.default_rng
_WEIGHTS = ("W1", "W2", "W3")


def _params(dims, rng, bias_scale: float = 0.5) -> dict:
    """Xavier-scaled weights and non-zero biases (so that a regularized bias is visible)."""
    rng = _rng(rng) if isinstance(rng, int) else rng
    p = xavier(dims, seed=int(rng.integers(10 ** 6)))
    for l in range(1, len(dims)):
        p[f"b{l}"] = rng.standard_normal((dims[l], 1)) * bias_scale
    return p


# --- the chapter's forward pass (given code, built from the kernels) ---------------------------------------

def forward_propagation(X, parameters):
    """LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID; returns ``(A3, cache)`` in the course's layout."""
    W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    Z1, _ = linear_forward(X, W1, b1)
    A1, _ = relu_forward(Z1)
    Z2, _ = linear_forward(A1, W2, b2)
    A2, _ = relu_forward(Z2)
    Z3, _ = linear_forward(A2, W3, b3)
    A3 = sigmoid(Z3)
    return A3, (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)


# --- Exercise 1: compute_cost_with_regularization ----------------------------------------------------------

def _ref_cost(A3, Y, parameters, lambd):
    return compute_cost(A3, Y) + l2_cost(parameters, lambd, Y.shape[1])


def _cost_mistake(scale=lambda m: 1 / (2 * m), square=True, biases=False, cross_entropy=True, mean=False):
    def cost(A3, Y, parameters, lambd):
        m = Y.shape[1]
        names = [k for k in parameters if k[0] == "W" or (biases and k[0] == "b")]
        if mean:
            total = sum(np.mean(np.square(parameters[k])) for k in names)
        elif square:
            total = sum(np.sum(np.square(parameters[k])) for k in names)
        else:
            total = sum(np.sqrt(np.sum(np.square(parameters[k]))) for k in names)
        return (compute_cost(A3, Y) if cross_entropy else 0.0) + lambd * scale(m) * total
    return cost


def _cost_case(rng, name, dims, m, lambd):
    rng = _rng(rng) if isinstance(rng, int) else rng
    return name, (rng.uniform(0.05, 0.95, (1, m)), _labels(rng, m), _params(dims, rng), lambd), {}


@chapter.exercise(
    "compute_cost_with_regularization", _ref_cost,
    fresh=lambda rng: _cost_case(rng, "random network, m=9, lambd=0.3",
                                 [int(rng.integers(1, 6)), int(rng.integers(2, 9)), 3, 1], 9, 0.3),
    concept="the regularized cost is the cross-entropy cost plus a penalty on the size of the weights: the sum, "
            "over the three weight matrices, of the sum of their squared entries, scaled by lambd over twice the "
            "number of examples. The biases are not penalized.",
    mistakes=[
        (_cost_mistake(scale=lambda m: 0.5), "divide the penalty by m (Y.shape[1]): it is lambd / (2 m) times the "
                                             "sum of squares, not lambd / 2."),
        (_cost_mistake(scale=lambda m: 1 / m), "the penalty has a 1/2: lambd / (2 m) times the sum of squares (the "
                                               "1/2 makes its gradient (lambd / m) W)."),
        (_cost_mistake(biases=True), "do not penalize the biases: only W1, W2 and W3 enter the sum of squares."),
        (_cost_mistake(square=False), "the penalty uses the squared Frobenius norm: np.sum(np.square(W)), not the "
                                      "norm itself (np.linalg.norm) or its square root."),
        (_cost_mistake(mean=True), "sum the squares of all the entries (np.sum(np.square(W))), do not average them."),
        (_cost_mistake(cross_entropy=False), "return the cross-entropy cost plus the penalty, not the penalty alone."),
        (lambda A3, Y, parameters, lambd: compute_cost(A3, Y), "add the L2 penalty to the cross-entropy cost."),
    ],
    formula="m = Y.shape[1]; L2 = lambd / (2 * m) * (np.sum(np.square(W1)) + np.sum(np.square(W2)) + "
            "np.sum(np.square(W3))); return compute_cost(A3, Y) + L2.",
    solution=_solutions.compute_cost_with_regularization)
def check_compute_cost_with_regularization():
    """``compute_cost_with_regularization(A3, Y, parameters, lambd) -> float``."""
    return [
        _cost_case(1, "the course's network [2, 20, 3, 1], m=5, lambd=0.1", [2, 20, 3, 1], 5, 0.1),
        _cost_case(2, "[3, 2, 2, 1], m=5, lambd=0.7", [3, 2, 2, 1], 5, 0.7),
        _cost_case(3, "one example, lambd=2.0", [2, 4, 3, 1], 1, 2.0),
        _cost_case(4, "lambd=0 (no regularization)", [2, 5, 3, 1], 6, 0.0),
    ]


# --- Exercise 2: backward_propagation_with_regularization --------------------------------------------------

def _backward_core(X, Y, Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, W3, b3, dA_hooks=(None, None)):
    """The chain rule of the three layers from the kernels; ``dA_hooks`` transform dA2 and dA1 (dropout)."""
    dZ3 = sigmoid_cross_entropy_with_logits_backward(Z3, Y)  # A3 - Y
    dA2, dW3, db3 = linear_backward(dZ3, (A2, W3, b3))
    if dA_hooks[0] is not None:
        dA2 = dA_hooks[0](dA2)
    dZ2 = relu_backward(dA2, Z2)
    dA1, dW2, db2 = linear_backward(dZ2, (A1, W2, b2))
    if dA_hooks[1] is not None:
        dA1 = dA_hooks[1](dA1)
    dZ1 = relu_backward(dA1, Z1)
    _, dW1, db1 = linear_backward(dZ1, (X, W1, b1), compute_dA_prev=False)
    return {"dA1": dA1, "dA2": dA2, "dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2, "dW3": dW3, "db3": db3}


_PARAM_GRADS = ("dW1", "db1", "dW2", "db2", "dW3", "db3")


def backward_propagation(X, Y, cache):
    """Plain backpropagation of :func:`forward_propagation`'s network (no regularization): the gradients
    ``dA1, dA2, dW1, db1, dW2, db2, dW3, db3`` of the cross-entropy cost, from the dense kernels."""
    Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3 = cache
    return _backward_core(X, Y, Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, W3, b3)


def _ref_backward_reg(X, Y, cache, lambd):
    Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3 = cache
    g = _backward_core(X, Y, Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, W3, b3)
    m = X.shape[1]
    for l, W in ((1, W1), (2, W2), (3, W3)):
        g[f"dW{l}"] = g[f"dW{l}"] + l2_grad(W, lambd, m)
    return {k: g[k] for k in _PARAM_GRADS}


def _backward_reg_mistake(w_term=lambda lambd, m, W: lambd / m * W, b_term=None, layers=(1, 2, 3)):
    def backward(X, Y, cache, lambd):
        Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3 = cache
        g = _backward_core(X, Y, Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, W3, b3)
        m = X.shape[1]
        for l, W, b in ((1, W1, b1), (2, W2, b2), (3, W3, b3)):
            if l in layers:
                g[f"dW{l}"] = g[f"dW{l}"] + w_term(lambd, m, W)
            if b_term is not None:
                g[f"db{l}"] = g[f"db{l}"] + b_term(lambd, m, b)
        return {k: g[k] for k in _PARAM_GRADS}
    return backward


def _backward_reg_case(rng, name, dims, m, lambd):
    rng = _rng(rng) if isinstance(rng, int) else rng
    X = rng.standard_normal((dims[0], m))
    params = _params(dims, rng)
    return name, (X, _labels(rng, m), forward_propagation(X, params)[1], lambd), {}


@chapter.exercise(
    "backward_propagation_with_regularization", _ref_backward_reg,
    fresh=lambda rng: _backward_reg_case(rng, "random network, m=8, lambd=0.4",
                                         [int(rng.integers(1, 5)), int(rng.integers(2, 9)), 3, 1], 8, 0.4),
    concept="the penalty adds to each weight gradient the derivative of lambd / (2m) times the sum of squared "
            "weights, which is proportional to the weight matrix itself; the bias gradients and the rest of "
            "backpropagation are unchanged.",
    mistakes=[
        (_backward_reg_mistake(w_term=lambda lambd, m, W: lambd * W),
         "the regularization term is (lambd / m) * W: divide by m."),
        (_backward_reg_mistake(w_term=lambda lambd, m, W: lambd / (2 * m) * W),
         "the derivative of lambd / (2m) * W**2 is (lambd / m) * W: the 2 of the square cancels the 1/2."),
        (_backward_reg_mistake(w_term=lambda lambd, m, W: 2 * lambd / m * W),
         "the term is (lambd / m) * W, not 2 lambd / m * W: the 1/2 of the cost cancels the 2 of the square."),
        (_backward_reg_mistake(w_term=lambda lambd, m, W: -lambd / m * W),
         "add the term, (lambd / m) * W; do not subtract it (the penalty grows with the weights)."),
        (_backward_reg_mistake(b_term=lambda lambd, m, b: lambd / m * b),
         "the biases are not regularized: db1, db2, db3 stay as in backpropagation without L2."),
        (_backward_reg_mistake(layers=(3,)), "add (lambd / m) * W to every weight gradient: dW1 and dW2 too."),
        (_backward_reg_mistake(layers=(2, 3)), "add (lambd / m) * W1 to dW1 as well."),
        (_backward_reg_mistake(layers=()), "add the regularization term (lambd / m) * W to dW1, dW2 and dW3."),
    ],
    formula="dZ3 = A3 - Y; dW3 = 1/m * dZ3 @ A2.T + lambd / m * W3; db3 = 1/m * np.sum(dZ3, axis=1, keepdims=True); "
            "dA2 = W3.T @ dZ3; dZ2 = dA2 * (A2 > 0); dW2 = 1/m * dZ2 @ A1.T + lambd / m * W2; ... the same for "
            "layer 1 with X; return the dict of dW1, db1, dW2, db2, dW3, db3 (and the dZ/dA you computed).",
    solution=_solutions.backward_propagation_with_regularization)
def check_backward_propagation_with_regularization():
    """``backward_propagation_with_regularization(X, Y, cache, lambd) -> grads`` (dW1..db3 checked)."""
    return [
        _backward_reg_case(11, "the course's network [2, 20, 3, 1], m=5, lambd=0.7", [2, 20, 3, 1], 5, 0.7),
        _backward_reg_case(12, "[3, 2, 2, 1], m=5, lambd=0.7", [3, 2, 2, 1], 5, 0.7),
        _backward_reg_case(13, "one example, lambd=1.5", [2, 4, 3, 1], 1, 1.5),
        _backward_reg_case(14, "lambd=0 (plain backpropagation)", [2, 6, 3, 1], 7, 0.0),
    ]


# --- Exercise 3: forward_propagation_with_dropout ------------------------------------------------------------

def _ref_forward_dropout(X, parameters, keep_prob, rng):
    W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    Z1, _ = linear_forward(X, W1, b1)
    A1, _ = relu_forward(Z1)
    A1, c1 = dropout_forward(A1, keep_prob, rng)
    Z2, _ = linear_forward(A1, W2, b2)
    A2, _ = relu_forward(Z2)
    A2, c2 = dropout_forward(A2, keep_prob, rng)
    Z3, _ = linear_forward(A2, W3, b3)
    A3 = sigmoid(Z3)
    return A3, (Z1, dropout_mask(c1), A1, W1, b1, Z2, dropout_mask(c2), A2, W2, b2, Z3, A3, W3, b3)


def _forward_dropout_mistake(rescale=lambda A, kp: A / kp, keep=lambda U, kp: U < kp, layers=(1, 2),
                             reseed=None, mask_shape=None):
    def forward(X, parameters, keep_prob, rng):
        if reseed is not None:
            rng = np.random.default_rng(reseed)
        W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
        Z1 = W1 @ X + b1
        A1 = np.maximum(Z1, 0)
        D1 = np.ones(A1.shape)
        if 1 in layers:
            D1 = keep(rng.random(W1.shape if mask_shape == "W" else A1.shape), keep_prob).astype(float)
            A1 = rescale(A1 * D1, keep_prob)
        Z2 = W2 @ A1 + b2
        A2 = np.maximum(Z2, 0)
        D2 = np.ones(A2.shape)
        if 2 in layers:
            D2 = keep(rng.random(W2.shape if mask_shape == "W" else A2.shape), keep_prob).astype(float)
            A2 = rescale(A2 * D2, keep_prob)
        Z3 = W3 @ A2 + b3
        A3 = sigmoid(Z3)
        return A3, (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
    return forward


def _forward_dropout_case(seed, name, dims, m, keep_prob, rng_seed):
    rng = _rng(seed) if isinstance(seed, int) else seed
    X = rng.standard_normal((dims[0], m))
    return name, (X, _params(dims, rng), keep_prob, np.random.default_rng(rng_seed)), {}


@chapter.exercise(
    "forward_propagation_with_dropout", _ref_forward_dropout, returns=("A3", "cache"),
    fresh=lambda rng: _forward_dropout_case(rng, "random network, m=6, keep_prob=0.7",
                                            [int(rng.integers(1, 5)), int(rng.integers(3, 9)), 3, 1], 6, 0.7,
                                            int(rng.integers(2, 10 ** 6))),
    concept="after each hidden layer's ReLU, shut down every unit independently with probability 1 - keep_prob "
            "(a 0/1 mask with the shape of the activations, drawn from the rng you are given, layer 1's first), "
            "then divide the surviving activations by keep_prob so that their expected value does not change. "
            "The output layer gets no dropout; keep the masks in the cache for the backward pass.",
    mistakes=[
        (_forward_dropout_mistake(rescale=lambda A, kp: A),
         "after A1 = A1 * D1, divide by keep_prob (A1 = A1 / keep_prob), and the same for A2: that is what makes "
         "it inverted dropout."),
        (_forward_dropout_mistake(rescale=lambda A, kp: A * kp),
         "divide the kept activations by keep_prob (A1 / keep_prob), do not multiply by it."),
        (_forward_dropout_mistake(keep=lambda U, kp: U > kp),
         "keep a unit where the draw is below keep_prob: D1 = (rng.random(A1.shape) < keep_prob); with > you keep "
         "only a fraction 1 - keep_prob."),
        (_forward_dropout_mistake(keep=lambda U, kp: U > 1 - kp),
         "keep a unit where the draw is below keep_prob: D1 = (rng.random(A1.shape) < keep_prob) (same "
         "probability, but not the same units)."),
        (_forward_dropout_mistake(layers=(1,)), "apply dropout to the second hidden layer too (D2, A2 = A2 * D2 / "
                                                "keep_prob)."),
        (_forward_dropout_mistake(layers=(2,)), "apply dropout to the first hidden layer too (D1, A1 = A1 * D1 / "
                                                "keep_prob)."),
        (_forward_dropout_mistake(mask_shape="W"),
         "each mask has the shape of the activations it multiplies, one entry per unit and example: "
         "rng.random(A1.shape), not W1.shape."),
        (_forward_dropout_mistake(reseed=0), "draw the masks from the rng argument; a generator seeded inside the "
                                             "function would shut down the same units at every iteration."),
        (_forward_dropout_mistake(reseed=1), "draw the masks from the rng argument; a generator seeded inside the "
                                             "function would shut down the same units at every iteration."),
    ],
    formula="Z1 = W1 @ X + b1; A1 = relu(Z1); D1 = rng.random(A1.shape) < keep_prob; A1 = A1 * D1; "
            "A1 = A1 / keep_prob; the same for Z2, A2, D2; Z3 = W3 @ A2 + b3; A3 = sigmoid(Z3); "
            "cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3).",
    solution=_solutions.forward_propagation_with_dropout)
def check_forward_propagation_with_dropout():
    """``forward_propagation_with_dropout(X, parameters, keep_prob, rng) -> (A3, cache)``."""
    return [
        _forward_dropout_case(21, "the course's network [2, 20, 3, 1], m=5, keep_prob=0.7", [2, 20, 3, 1], 5, 0.7, 7),
        _forward_dropout_case(22, "[3, 4, 4, 1], m=6, keep_prob=0.5", [3, 4, 4, 1], 6, 0.5, 8),
        _forward_dropout_case(23, "one example, keep_prob=0.86", [2, 20, 3, 1], 1, 0.86, 9),
        _forward_dropout_case(24, "keep_prob=1 (no unit dropped)", [2, 5, 3, 1], 4, 1.0, 10),
    ]


# --- Exercise 4: backward_propagation_with_dropout -----------------------------------------------------------

_DROPOUT_GRADS = ("dA1", "dA2") + _PARAM_GRADS


def _ref_backward_dropout(X, Y, cache, keep_prob):
    Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3 = cache
    hooks = (lambda dA2: dropout_backward(dA2, dropout_cache(D2, keep_prob)),
             lambda dA1: dropout_backward(dA1, dropout_cache(D1, keep_prob)))
    g = _backward_core(X, Y, Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, W3, b3, hooks)
    return {k: g[k] for k in _DROPOUT_GRADS}


def _backward_dropout_mistake(mask=True, rescale=lambda dA, kp: dA / kp, swap=False):
    def backward(X, Y, cache, keep_prob):
        Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3 = cache
        m = X.shape[1]
        M1, M2 = (D2, D1) if swap else (D1, D2)
        dZ3 = A3 - Y
        dW3, db3 = dZ3 @ A2.T / m, np.sum(dZ3, axis=1, keepdims=True) / m
        dA2 = rescale(W3.T @ dZ3 * (M2 if mask else 1), keep_prob)
        dZ2 = dA2 * (A2 > 0)
        dW2, db2 = dZ2 @ A1.T / m, np.sum(dZ2, axis=1, keepdims=True) / m
        dA1 = rescale(W2.T @ dZ2 * (M1 if mask else 1), keep_prob)
        dZ1 = dA1 * (A1 > 0)
        dW1, db1 = dZ1 @ X.T / m, np.sum(dZ1, axis=1, keepdims=True) / m
        return {"dA1": dA1, "dA2": dA2, "dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2, "dW3": dW3, "db3": db3}
    return backward


def _backward_dropout_case(seed, name, dims, m, keep_prob, rng_seed):
    _, (X, params, kp, rng), _ = _forward_dropout_case(seed, name, dims, m, keep_prob, rng_seed)
    labels_rng = _rng(seed + 1000) if isinstance(seed, int) else seed
    return name, (X, _labels(labels_rng, m), _ref_forward_dropout(X, params, kp, rng)[1], kp), {}


@chapter.exercise(
    "backward_propagation_with_dropout", _ref_backward_dropout,
    fresh=lambda rng: _backward_dropout_case(rng, "random network, m=6, keep_prob=0.8",
                                             [int(rng.integers(1, 5)), int(rng.integers(3, 9)), 3, 1], 6, 0.8,
                                             int(rng.integers(2, 10 ** 6))),
    concept="the forward pass multiplied each hidden activation by its mask and divided it by keep_prob; "
            "backpropagation goes through the same operation, so the gradient of each hidden activation is "
            "multiplied by the same layer's mask (from the cache) and divided by keep_prob, before the ReLU's "
            "derivative. Everything else is plain backpropagation.",
    mistakes=[
        (_backward_dropout_mistake(rescale=lambda dA, kp: dA),
         "divide dA1 and dA2 by keep_prob after applying the masks: the forward pass divided A1 and A2 by it."),
        (_backward_dropout_mistake(rescale=lambda dA, kp: dA * kp),
         "divide dA1 and dA2 by keep_prob, do not multiply by it (the forward pass divided)."),
        (_backward_dropout_mistake(swap=True),
         "use each layer's own mask: dA2 = dA2 * D2 and dA1 = dA1 * D1 (not D1 for dA2)."),
        (_backward_dropout_mistake(mask=False),
         "shut down the same units in the backward pass: dA2 = dA2 * D2 and dA1 = dA1 * D1, then divide by "
         "keep_prob."),
    ],
    formula="dZ3 = A3 - Y; dW3 = 1/m * dZ3 @ A2.T; db3 = 1/m * np.sum(dZ3, axis=1, keepdims=True); "
            "dA2 = W3.T @ dZ3; dA2 = dA2 * D2; dA2 = dA2 / keep_prob; dZ2 = dA2 * (A2 > 0); ... ; "
            "dA1 = W2.T @ dZ2; dA1 = dA1 * D1; dA1 = dA1 / keep_prob; dZ1 = dA1 * (A1 > 0); dW1 = 1/m * dZ1 @ X.T; ...",
    solution=_solutions.backward_propagation_with_dropout)
def check_backward_propagation_with_dropout():
    """``backward_propagation_with_dropout(X, Y, cache, keep_prob) -> grads`` (dA1, dA2, dW1..db3 checked)."""
    return [
        _backward_dropout_case(31, "the course's network [2, 20, 3, 1], m=5, keep_prob=0.8", [2, 20, 3, 1], 5, 0.8, 3),
        _backward_dropout_case(32, "[3, 4, 4, 1] (both masks of one shape), m=6, keep_prob=0.6", [3, 4, 4, 1], 6,
                               0.6, 4),
        _backward_dropout_case(33, "one example, keep_prob=0.86", [2, 20, 3, 1], 1, 0.86, 5),
        _backward_dropout_case(34, "keep_prob=1 (nothing dropped)", [2, 5, 3, 1], 4, 1.0, 6),
    ]
