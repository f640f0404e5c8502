"""Graders for Course 1, "Building a deep neural network, step by step".

The chapter builds an L-layer network ``[LINEAR -> RELU] * (L-1) -> LINEAR -> SIGMOID`` from
single-layer building blocks. Every check compares the learner's function with the
:mod:`dlcourse` reference (``dlcourse.init.random_normal``, ``dlcourse.functional``,
``dlcourse.models``) on several deterministic cases, edge cases included (one example, one
unit, a single layer, saturated activations). Forward functions are compared together with
their caches, in the layout the backward functions read:

* ``linear_forward`` -> ``(Z, linear_cache)`` with ``linear_cache = (A_prev, W, b)``;
* ``linear_activation_forward`` -> ``(A, (linear_cache, activation_cache))`` where the ReLU's
  activation cache is ``Z`` and the sigmoid's is ``A``;
* ``L_model_forward`` -> ``(AL, caches)``, one such cache per layer, in layer order.

When an answer is wrong, it is also compared with a few typical mistakes (a missing ``1/m``,
a wrong transpose, ``keepdims`` forgotten, the activations in the wrong order, shifted ``dA``
indices...), so the message can name the likely cause.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from ..functional import (
    binary_cross_entropy_backward,
    linear_activation_backward as _ref_lin_act_backward,
    linear_activation_forward as _ref_lin_act_forward,
    linear_backward as _ref_linear_backward,
    linear_forward as _ref_linear_forward,
    relu_backward,
    sigmoid,
)
from ..init import random_normal
from ..models import L_model_backward as _ref_L_backward
from ..models import L_model_forward as _ref_L_forward
from ..models import compute_cost as _ref_cost
from ..models import update_parameters as _ref_update
from ._core import check_with_diagnosis as _check
from ._core import binary_labels as _labels, cross_entropy_cost_mistakes

__all__ = [
    "check_initialize_parameters", "check_initialize_parameters_deep", "check_linear_forward",
    "check_linear_activation_forward", "check_L_model_forward", "check_compute_cost", "check_linear_backward",
    "check_linear_activation_backward", "check_L_model_backward", "check_update_parameters",
]


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def _net(layer_dims, seed: int, scale: float = 1.0) -> dict:
    """Parameters with random (nonzero) biases, so that a forgotten b shows."""
    rng = _rng(seed)
    out = {}
    for l in range(1, len(layer_dims)):
        out[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * scale / np.sqrt(layer_dims[l - 1])
        out[f"b{l}"] = rng.standard_normal((layer_dims[l], 1)) * 0.5 * scale
    return out


def _L(parameters) -> int:
    return len(parameters) // 2


# --- Exercise 1: initialize_parameters (2 layers) ----------------------------------------------------

def _ref_init2(n_x, n_h, n_y, seed=1):
    return random_normal([n_x, n_h, n_y], seed=seed, scale=0.01)


def _init_mistake(scale=0.01, transpose=False, reverse=False, bias=False, fixed_seed=None, flat_bias=False,
                  new_rng_per_layer=False, legacy=False):
    def init(layer_dims, seed=1):
        s = seed if fixed_seed is None else fixed_seed
        rng = np.random.default_rng(s)
        legacy_rs = np.random.RandomState(s)  # what np.random.seed(s); np.random.randn(...) draws
        out = {}
        order = range(len(layer_dims) - 1, 0, -1) if reverse else range(1, len(layer_dims))
        for l in order:
            if new_rng_per_layer:
                rng = np.random.default_rng(s)
            shape = (layer_dims[l], layer_dims[l - 1])
            if legacy:
                W = legacy_rs.randn(*shape)
            elif transpose:
                W = rng.standard_normal(shape[::-1]).T
            else:
                W = rng.standard_normal(shape)
            out[f"W{l}"] = W * scale
            out[f"b{l}"] = rng.standard_normal((layer_dims[l], 1)) * scale if bias else np.zeros((layer_dims[l], 1))
            if flat_bias:
                out[f"b{l}"] = out[f"b{l}"].ravel()
        return out
    return init


def _init_mistakes(two_layer: bool):
    def adapt(init):
        if two_layer:
            return lambda n_x, n_h, n_y, seed=1: init([n_x, n_h, n_y], seed)
        return init
    first, second = ("W1", "W2") if two_layer else ("W1", "W2, W3, ...")
    return [
        (adapt(_init_mistake(scale=1.0)), "multiply the standard-normal draws by 0.01."),
        (adapt(_init_mistake(transpose=True)),
         "draw W^[l] with shape (n^[l], n^[l-1]) directly: rng.standard_normal((n[l], n[l-1])). Drawing the "
         "transposed shape and transposing gives the right shape but different numbers."),
        (adapt(_init_mistake(reverse=True)), f"draw {first} first, then {second}, in layer order."),
        (adapt(_init_mistake(bias=True)), "the biases start at zero: np.zeros((n[l], 1))."),
        (adapt(_init_mistake(new_rng_per_layer=True)),
         "create ONE generator, rng = np.random.default_rng(seed), before drawing the first layer, and draw "
         "every layer from it; a fresh generator per layer repeats the same numbers."),
        (adapt(_init_mistake(legacy=True)),
         "use the new generator API, rng = np.random.default_rng(seed) and rng.standard_normal(shape), "
         "not np.random.seed / np.random.randn: they produce different numbers."),
        (adapt(_init_mistake(fixed_seed=1)), "use the seed argument, not a fixed seed."),
        (adapt(_init_mistake(flat_bias=True)), "the biases are column vectors of shape (n[l], 1), not (n[l],)."),
    ]


def check_initialize_parameters(initialize_parameters: Callable) -> None:
    """``initialize_parameters(n_x, n_h, n_y, seed=1) -> {"W1", "b1", "W2", "b2"}``.

    Equal to ``dlcourse.init.random_normal([n_x, n_h, n_y], seed=seed, scale=0.01)``.
    """
    cases = [
        ("n_x=3, n_h=2, n_y=1", (3, 2, 1), {"seed": 1}),
        ("n_x=2, n_h=4, n_y=1, seed=3", (2, 4, 1), {"seed": 3}),
        ("n_x=1, n_h=1, n_y=1 (smallest network)", (1, 1, 1), {"seed": 1}),
        ("n_x=5, n_h=7, n_y=3, seed=0", (5, 7, 3), {"seed": 0}),
        ("cat images: n_x=12288, n_h=7, n_y=1", (12288, 7, 1), {"seed": 1}),
    ]
    _check("initialize_parameters", initialize_parameters, _ref_init2, cases,
           "rng = np.random.default_rng(seed); W1 = rng.standard_normal((n_h, n_x)) * 0.01; b1 = np.zeros((n_h, 1)); "
           "W2 = rng.standard_normal((n_y, n_h)) * 0.01; b2 = np.zeros((n_y, 1)).", _init_mistakes(True))


# --- Exercise 2: initialize_parameters_deep ----------------------------------------------------------

def _ref_init_deep(layer_dims, seed=1):
    return random_normal(list(layer_dims), seed=seed, scale=0.01)


def check_initialize_parameters_deep(initialize_parameters_deep: Callable) -> None:
    """``initialize_parameters_deep(layer_dims, seed=1) -> {"W1", "b1", ..., "WL", "bL"}``.

    Equal to ``dlcourse.init.random_normal(layer_dims, seed=seed, scale=0.01)``: every W^[l] drawn
    in layer order from one ``np.random.default_rng(seed)``.
    """
    cases = [
        ("layer_dims=[5, 4, 3]", ([5, 4, 3],), {"seed": 1}),
        ("layer_dims=[4, 3, 2, 1], seed=2", ([4, 3, 2, 1],), {"seed": 2}),
        ("a single layer: layer_dims=[3, 1]", ([3, 1],), {"seed": 1}),
        ("one unit per layer: layer_dims=[1, 1, 1, 1, 1]", ([1, 1, 1, 1, 1],), {"seed": 5}),
        ("the chapter's network: [12288, 20, 7, 5, 1]", ([12288, 20, 7, 5, 1],), {"seed": 1}),
    ]

    def missing_last(layer_dims, seed=1):
        full = _ref_init_deep(layer_dims, seed)
        L = len(layer_dims) - 1
        return {k: v for k, v in full.items() if k not in (f"W{L}", f"b{L}")}

    mistakes = [(missing_last, "loop over l = 1, ..., L, i.e. range(1, len(layer_dims)): the last layer is "
                 "missing. There are L = len(layer_dims) - 1 layers with parameters.")]
    mistakes += _init_mistakes(False)
    _check("initialize_parameters_deep", initialize_parameters_deep, _ref_init_deep, cases,
           "rng = np.random.default_rng(seed) once; then for l in range(1, len(layer_dims)): "
           "W{l} = rng.standard_normal((layer_dims[l], layer_dims[l-1])) * 0.01 and b{l} = np.zeros((layer_dims[l], 1)).",
           mistakes)


# --- Exercise 3: linear_forward ----------------------------------------------------------------------

def _linear_cases(seed: int):
    rng = _rng(seed)
    return [
        ("A_prev (3, 2), W (1, 3), b (1, 1)",
         (rng.standard_normal((3, 2)), rng.standard_normal((1, 3)), rng.standard_normal((1, 1))), {}),
        ("A_prev (4, 5), W (3, 4), b (3, 1)",
         (rng.standard_normal((4, 5)), rng.standard_normal((3, 4)), rng.standard_normal((3, 1))), {}),
        ("one example: A_prev (5, 1), W (2, 5)",
         (rng.standard_normal((5, 1)), rng.standard_normal((2, 5)), rng.standard_normal((2, 1))), {}),
        ("square W (3, 3), m = 3",
         (rng.standard_normal((3, 3)), rng.standard_normal((3, 3)), rng.standard_normal((3, 1))), {}),
        ("large values, A_prev (2, 6) * 1e3",
         (1e3 * rng.standard_normal((2, 6)), rng.standard_normal((4, 2)), 10 * rng.standard_normal((4, 1))), {}),
    ]


def check_linear_forward(linear_forward: Callable) -> None:
    """``linear_forward(A_prev, W, b) -> (Z, (A_prev, W, b))`` with ``Z = W A_prev + b``."""
    mistakes = [
        (lambda A, W, b: (W @ A, (A, W, b)), "add the bias: Z = W @ A_prev + b."),
        (lambda A, W, b: (W.T @ A + b, (A, W, b)), "W already has shape (n_out, n_in): Z = W @ A_prev + b, no transpose."),
        (lambda A, W, b: (A @ W + b, (A, W, b)), "the order matters: Z = W @ A_prev + b (W on the left)."),
        (lambda A, W, b: (W * A + b, (A, W, b)), "use the matrix product W @ A_prev (or np.dot), not the elementwise W * A_prev."),
        (lambda A, W, b: (W @ A + b, (W, A, b)),
         "the cache must be the tuple (A_prev, W, b), in that order: linear_backward unpacks it so."),
        (lambda A, W, b: (W @ A + b, (A, W, b, W @ A + b)), "the cache holds exactly (A_prev, W, b); Z is not part of it."),
    ]
    _check("linear_forward", linear_forward, _ref_linear_forward, _linear_cases(3),
           "Z = W @ A_prev + b (b broadcasts over the m columns); return Z, (A_prev, W, b).", mistakes)


# --- Exercise 4: linear_activation_forward -----------------------------------------------------------

def _lin_act_cases(order=("sigmoid", "relu")):
    out = []
    for activation in order:
        rng = _rng(4 if activation == "sigmoid" else 5)
        out += [
            (f"{activation}, A_prev (3, 2), W (1, 3)",
             (rng.standard_normal((3, 2)), rng.standard_normal((1, 3)), rng.standard_normal((1, 1)), activation), {}),
            (f"{activation}, A_prev (4, 6), W (5, 4)",
             (rng.standard_normal((4, 6)), rng.standard_normal((5, 4)), rng.standard_normal((5, 1)), activation), {}),
            (f"{activation}, one example",
             (rng.standard_normal((3, 1)), rng.standard_normal((2, 3)), rng.standard_normal((2, 1)), activation), {}),
            (f"{activation}, large |Z| (saturated)",
             (50 * rng.standard_normal((3, 4)), rng.standard_normal((2, 3)), np.zeros((2, 1)), activation), {}),
        ]
    return out


def _lin_act_mistake(swap=False, cache_as="right", no_act=False, order="right"):
    def f(A_prev, W, b, activation):
        act = {"sigmoid": "relu", "relu": "sigmoid"}[activation] if swap else activation
        Z = W @ A_prev + b
        A = Z.copy() if no_act else (sigmoid(Z) if act == "sigmoid" else np.maximum(0, Z))
        if cache_as == "right":
            act_cache = A if activation == "sigmoid" else Z
        else:
            act_cache = A if cache_as == "A" else Z
        lin = (A_prev, W, b)
        return A, ((act_cache, lin) if order == "swapped" else (lin, act_cache))
    return f


def check_linear_activation_forward(linear_activation_forward: Callable) -> None:
    """``linear_activation_forward(A_prev, W, b, activation) -> (A, (linear_cache, activation_cache))``.

    ``activation`` is ``"sigmoid"`` (activation cache ``A``) or ``"relu"`` (activation cache ``Z``).
    """
    mistakes = [
        (_lin_act_mistake(swap=True), "the activations are swapped: 'sigmoid' must apply sigmoid_forward and "
                                      "'relu' relu_forward."),
        (_lin_act_mistake(no_act=True), "apply the activation to Z: A, activation_cache = relu_forward(Z) (or sigmoid_forward)."),
        (_lin_act_mistake(order="swapped"), "the cache is (linear_cache, activation_cache), in that order."),
        (_lin_act_mistake(cache_as="Z"), "keep the activation cache that sigmoid_forward returns: for the sigmoid it "
                                         "is A (sigmoid_backward computes dA * A * (1 - A) from it), not Z."),
        (_lin_act_mistake(cache_as="A"), "keep the activation cache that relu_forward returns: for ReLU it is Z "
                                         "(relu_backward needs the sign of Z), not A."),
    ]
    _check("linear_activation_forward", linear_activation_forward, _ref_lin_act_forward, _lin_act_cases(),
           "Z, linear_cache = linear_forward(A_prev, W, b); A, activation_cache = sigmoid_forward(Z) or "
           "relu_forward(Z); return A, (linear_cache, activation_cache).", mistakes)


# --- Exercise 5: L_model_forward ---------------------------------------------------------------------

def _forward_cases():
    rng = _rng(6)
    return [
        ("layer_dims [5, 4, 3, 1], m = 4", (rng.standard_normal((5, 4)), _net([5, 4, 3, 1], 60)), {}),
        ("layer_dims [3, 2, 1] (2 layers), m = 7", (rng.standard_normal((3, 7)), _net([3, 2, 1], 61)), {}),
        ("a single layer [4, 1] (logistic regression), m = 3", (rng.standard_normal((4, 3)), _net([4, 1], 62)), {}),
        ("layer_dims [6, 5, 4, 3, 2, 1] (5 layers), m = 5",
         (rng.standard_normal((6, 5)), _net([6, 5, 4, 3, 2, 1], 63)), {}),
        ("one example, [4, 3, 1]", (rng.standard_normal((4, 1)), _net([4, 3, 1], 64)), {}),
        ("large weights (saturated sigmoid), [3, 4, 1], m = 6",
         (rng.standard_normal((3, 6)), _net([3, 4, 1], 65, scale=30.0)), {}),
    ]


def _forward_mistake(hidden="relu", output="sigmoid", skip_last=False):
    def f(X, parameters):
        L = _L(parameters)
        A, caches = X, []
        last = L - 1 if skip_last else L
        for l in range(1, last + 1):
            act = hidden if l < L else output
            A, cache = _ref_lin_act_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], act)
            caches.append(cache)
        return A, caches
    return f


def check_L_model_forward(L_model_forward: Callable) -> None:
    """``L_model_forward(X, parameters) -> (AL, caches)``: [LINEAR->RELU]*(L-1) -> LINEAR->SIGMOID.

    ``caches`` is a list of the L caches of ``linear_activation_forward``, layer 1 first.
    """
    def reference(X, parameters):
        return _ref_L_forward(X, parameters)

    def reversed_caches(X, parameters):
        AL, caches = _ref_L_forward(X, parameters)
        return AL, caches[::-1]

    mistakes = [
        (_forward_mistake(hidden="sigmoid", output="relu"),
         "the activations are in the wrong order: ReLU for layers 1..L-1, sigmoid for the output layer L."),
        (_forward_mistake(hidden="sigmoid"), "the hidden layers use ReLU ('relu'); only the output layer uses the sigmoid."),
        (_forward_mistake(output="relu"), "the output layer L uses the sigmoid, so that AL is a probability."),
        (_forward_mistake(skip_last=True),
         "the loop for l in range(1, L) covers only the hidden layers: after it, apply the output layer "
         "LINEAR -> SIGMOID with W{L}, b{L}. L = len(parameters) // 2."),
        (reversed_caches, "append each layer's cache as you go, so caches[0] is layer 1 and caches[L-1] is layer L."),
    ]
    _check("L_model_forward", L_model_forward, reference, _forward_cases(),
           "L = len(parameters) // 2; A = X; for l in 1..L-1: A, cache = linear_activation_forward(A, W{l}, b{l}, "
           "'relu') and append cache; then AL, cache = linear_activation_forward(A, W{L}, b{L}, 'sigmoid'), append.",
           mistakes)


# --- Exercise 6: compute_cost ------------------------------------------------------------------------

def check_compute_cost(compute_cost: Callable) -> None:
    """``compute_cost(AL, Y) -> float``: binary cross-entropy averaged over the m examples."""
    rng = _rng(7)
    Y_sat = np.array([[1, 0, 1, 0]])
    cases = [
        ("m = 3", (np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 0]])), {}),
        ("m = 50", (rng.uniform(0.01, 0.99, (1, 50)), _labels(rng, 50)), {}),
        ("one example, y = 1", (np.array([[0.3]]), np.array([[1]])), {}),
        ("one example, y = 0", (np.array([[0.3]]), np.array([[0]])), {}),
        ("confident and wrong, AL = 1e-9 / 1 - 1e-9", (np.array([[1e-9, 1 - 1e-9, 0.5, 0.5]]), Y_sat), {}),
        ("saturated sigmoid: AL exactly 1.0 and 0.0, all right", (np.array([[1.0, 0.0, 1.0, 0.0]]), Y_sat), {}),
    ]

    mistakes = cross_entropy_cost_mistakes("AL")
    _check("compute_cost", compute_cost, _ref_cost, cases,
           "J = -(1/m) * np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)), with AL clipped to [1e-15, 1 - 1e-15], "
           "returned as a float.", mistakes)


# --- Exercise 7: linear_backward ---------------------------------------------------------------------

def _lin_backward_cases():
    out = []
    for name, (A_prev, W, b), _ in _linear_cases(8):
        rng = _rng(80 + len(out))
        dZ = rng.standard_normal((W.shape[0], A_prev.shape[1]))
        out.append((name, (dZ, (A_prev, W, b)), {}))
    return out


def _lin_backward_mistake(divide=True, keepdims=True, db_axis=1, dW_T=False, dA_wrong=None):
    def f(dZ, cache):
        A_prev, W, b = cache
        m = A_prev.shape[1] if divide else 1
        dW = (A_prev @ dZ.T if dW_T else dZ @ A_prev.T) / m
        db = np.sum(dZ, axis=db_axis, keepdims=keepdims) / m
        if dA_wrong == "W":
            dA_prev = W @ dZ
        elif dA_wrong == "divided":
            dA_prev = W.T @ dZ / A_prev.shape[1]
        else:
            dA_prev = W.T @ dZ
        return dA_prev, dW, db
    return f


def check_linear_backward(linear_backward: Callable) -> None:
    """``linear_backward(dZ, cache) -> (dA_prev, dW, db)`` with ``cache = (A_prev, W, b)``."""
    def reference(dZ, cache):
        return _ref_linear_backward(dZ, cache)

    mistakes = [
        (_lin_backward_mistake(divide=False), "average over the examples: dW = (1/m) dZ A_prev^T and db = (1/m) sum(dZ)."),
        (_lin_backward_mistake(keepdims=False),
         "db must be a column (n_out, 1) like b: np.sum(dZ, axis=1, keepdims=True) / m."),
        (_lin_backward_mistake(db_axis=0),
         "db sums over the examples, which are the columns: axis=1 (with keepdims=True), not axis=0."),
        (_lin_backward_mistake(dW_T=True), "wrong transpose: dW = dZ @ A_prev.T / m, shape (n_out, n_in) like W."),
        (_lin_backward_mistake(dA_wrong="W"), "wrong transpose: dA_prev = W.T @ dZ, shape (n_in, m) like A_prev."),
        (_lin_backward_mistake(dA_wrong="divided"),
         "dA_prev = W.T @ dZ is a per-example gradient: do not divide it by m (only dW and db are averaged)."),
    ]
    _check("linear_backward", linear_backward, reference, _lin_backward_cases(),
           "A_prev, W, b = cache; m = A_prev.shape[1]; dW = dZ @ A_prev.T / m; db = np.sum(dZ, axis=1, keepdims=True) / m; "
           "dA_prev = W.T @ dZ.", mistakes)


# --- Exercise 8: linear_activation_backward ----------------------------------------------------------

def _lin_act_backward_cases():
    out = []
    # ReLU first: on a sigmoid layer, a swapped activation (relu_backward of the positive cached A)
    # and a skipped one (dZ = dA) give the same answer, so the ReLU cases tell them apart
    for name, (A_prev, W, b, activation), _ in _lin_act_cases(order=("relu", "sigmoid")):
        if "saturated" in name:  # moderate values: the saturated sigmoid's gradient vanishes
            A_prev = A_prev / 25
        rng = _rng(90 + len(out))
        _, cache = _ref_lin_act_forward(A_prev, W, b, activation)
        dA = rng.standard_normal((W.shape[0], A_prev.shape[1]))
        out.append((name, (dA, cache, activation), {}))
    # a ReLU layer with some Z exactly 0 and some negative: the gradient there is 0
    A_prev = np.array([[1.0, -1.0, 0.0, 2.0]])
    W, b = np.array([[1.0], [-1.0]]), np.zeros((2, 1))
    _, cache = _ref_lin_act_forward(A_prev, W, b, "relu")
    out.append(("relu with Z = 0 and Z < 0 entries", (_rng(99).standard_normal((2, 4)), cache, "relu"), {}))
    return out


def _lin_act_backward_mistake(swap=False, skip_act=False):
    def f(dA, cache, activation):
        linear_cache, activation_cache = cache
        act = {"sigmoid": "relu", "relu": "sigmoid"}[activation] if swap else activation
        if skip_act:
            dZ = dA
        elif act == "relu":
            dZ = np.where(activation_cache > 0, dA, 0.0)
        else:
            dZ = dA * activation_cache * (1 - activation_cache)
        return _ref_linear_backward(dZ, linear_cache)
    return f


def _lin_act_backward_sig_of_A(dA, cache, activation):
    linear_cache, activation_cache = cache
    if activation == "sigmoid":
        s = sigmoid(activation_cache)  # treats the cached A as if it were Z
        dZ = dA * s * (1 - s)
    else:
        dZ = relu_backward(dA, activation_cache)
    return _ref_linear_backward(dZ, linear_cache)


def check_linear_activation_backward(linear_activation_backward: Callable) -> None:
    """``linear_activation_backward(dA, cache, activation) -> (dA_prev, dW, db)``."""
    def reference(dA, cache, activation):
        return _ref_lin_act_backward(dA, cache, activation)

    mistakes = [
        (_lin_act_backward_mistake(swap=True),
         "the activations are swapped: 'relu' needs relu_backward, 'sigmoid' needs sigmoid_backward."),
        (_lin_act_backward_mistake(skip_act=True),
         "go through the activation first: dZ = relu_backward(dA, activation_cache) (or sigmoid_backward), "
         "then linear_backward(dZ, linear_cache)."),
        (_lin_act_backward_sig_of_A,
         "the sigmoid's activation cache already holds A = sigmoid(Z): dZ = dA * A * (1 - A). "
         "sigmoid_backward(dA, activation_cache) does it."),
    ]
    _check("linear_activation_backward", linear_activation_backward, reference, _lin_act_backward_cases(),
           "linear_cache, activation_cache = cache; dZ = relu_backward(dA, activation_cache) or "
           "sigmoid_backward(dA, activation_cache); return linear_backward(dZ, linear_cache).", mistakes)


# --- Exercise 9: L_model_backward --------------------------------------------------------------------

def _backward_cases():
    out = []
    for name, (X, parameters), _ in _forward_cases():
        if "saturated" in name:
            continue
        rng = _rng(100 + len(out))
        Y = _labels(rng, X.shape[1])
        AL, caches = _ref_L_forward(X, parameters)
        out.append((name, (AL, Y, caches), {}))
    return out


def _backward_mistake(sign=1.0, shift=0, hidden="relu", output="sigmoid", drop_dA0=False):
    def f(AL, Y, caches):
        L = len(caches)
        grads = {}
        dA = sign * binary_cross_entropy_backward(AL, Y)
        for l in range(L, 0, -1):
            act = hidden if l < L else output
            dA, dW, db = _ref_lin_act_backward(dA, caches[l - 1], act)
            grads[f"dA{l - 1 + shift}"] = dA
            grads[f"dW{l}"], grads[f"db{l}"] = dW, db
        if drop_dA0:
            grads.pop("dA0", None)
        return grads
    return f


def check_L_model_backward(L_model_backward: Callable) -> None:
    """``L_model_backward(AL, Y, caches) -> grads`` with ``dA0 .. dA{L-1}``, ``dW1 .. dWL``, ``db1 .. dbL``.

    ``grads["dA{l-1}"]`` is the gradient flowing out of layer l into its input ``A^[l-1]``.
    """
    def reference(AL, Y, caches):
        return _ref_L_backward(AL, Y, caches)

    mistakes = [
        (_backward_mistake(sign=-1.0), "dAL = -(Y / AL - (1 - Y) / (1 - AL)): mind the leading minus sign."),
        (_backward_mistake(shift=1),
         "wrong dA index: linear_activation_backward for layer l returns dA^[l-1], which goes into "
         "grads['dA' + str(l - 1)] (so the output layer L fills dA{L-1}, and layer 1 fills dA0)."),
        (_backward_mistake(hidden="sigmoid", output="relu"),
         "the activations are in the wrong order: the output layer L is 'sigmoid', layers L-1..1 are 'relu'."),
        (_backward_mistake(hidden="sigmoid"), "the hidden layers are 'relu'; only layer L is 'sigmoid'."),
        (_backward_mistake(output="relu"), "the output layer L is 'sigmoid': start with caches[L-1] and 'sigmoid'."),
    ]
    _check("L_model_backward", L_model_backward, reference, _backward_cases(),
           "dAL = -(Y / AL - (1 - Y) / (1 - AL)); for l = L, L-1, ..., 1: dA_prev, dW, db = "
           "linear_activation_backward(dA, caches[l-1], 'sigmoid' if l == L else 'relu'); store grads['dA' + str(l-1)], "
           "grads['dW' + str(l)], grads['db' + str(l)]; continue with dA = dA_prev.", mistakes, rtol=1e-5)


# --- Exercise 10: update_parameters ------------------------------------------------------------------

def check_update_parameters(update_parameters: Callable) -> None:
    """``update_parameters(parameters, grads, learning_rate)``: theta := theta - learning_rate * d theta."""
    def grads_for(params, seed, with_dA=True):
        rng = _rng(seed)
        g = {"d" + k: rng.standard_normal(v.shape) for k, v in params.items()}
        if with_dA:  # L_model_backward also returns dA0 .. dA{L-1}: they must be ignored
            g["dA0"] = rng.standard_normal((3, 2))
        return g

    p1, p2, p3 = _net([4, 3, 2, 1], 110), _net([3, 1], 111), _net([2, 5, 4, 3, 1], 112)
    cases = [
        ("3 layers, learning_rate = 0.1", (p1, grads_for(p1, 120), 0.1), {}),
        ("a single layer, learning_rate = 1.2", (p2, grads_for(p2, 121, with_dA=False), 1.2), {}),
        ("4 layers, learning_rate = 0.0075", (p3, grads_for(p3, 122), 0.0075), {}),
        ("learning_rate passed by keyword, large gradients", (p1, {k: 1e3 * v for k, v in grads_for(p1, 123).items()}),
         {"learning_rate": 0.5}),
    ]

    def reference(parameters, grads, learning_rate):
        return _ref_update(parameters, grads, learning_rate)

    def mistake(sign=1.0, lr=None, skip_bias=False, skip_last=False):
        def update(parameters, grads, learning_rate):
            alpha = learning_rate if lr is None else lr
            L = _L(parameters)
            out = {k: v.copy() for k, v in parameters.items()}
            for l in range(1, L if skip_last else L + 1):
                out[f"W{l}"] = parameters[f"W{l}"] - sign * alpha * grads[f"dW{l}"]
                if not skip_bias:
                    out[f"b{l}"] = parameters[f"b{l}"] - sign * alpha * grads[f"db{l}"]
            return out
        return update

    mistakes = [
        (mistake(sign=-1.0), "gradient *descent* subtracts: W = W - learning_rate * dW (you added)."),
        (mistake(skip_last=True), "update every layer l = 1, ..., L: range(1, L + 1) with L = len(parameters) // 2."),
        (mistake(skip_bias=True), "update the biases too: b{l} = b{l} - learning_rate * db{l}."),
        (mistake(lr=0.0075), "use the learning_rate argument, not a fixed value."),
    ]
    _check("update_parameters", update_parameters, reference, cases,
           "for l in range(1, L + 1): W{l} -= learning_rate * grads['dW{l}'] and b{l} -= learning_rate * grads['db{l}']; "
           "return the updated dict.", mistakes)
