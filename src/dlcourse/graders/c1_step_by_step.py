"""Graders for Course 1, "Building a deep neural network, step by step".

The chapter builds an L-layer network ``[LINEAR -> RELU] * (L-1) -> LINEAR -> SIGMOID`` from
single-layer building blocks. Every check compares the learner's function with the
:mod:`dlcourse` reference (``dlcourse.init.random_normal``, ``dlcourse.functional``,
``dlcourse.models``) on fixed cases, edge cases included (one example, one unit, a single
layer, saturated activations), and on one case drawn fresh on every call. Forward functions
are compared together with their caches, in the layout the backward functions read:

* ``linear_forward`` -> ``(Z, linear_cache)`` with ``linear_cache = (A_prev, W, b)``;
* ``linear_activation_forward`` -> ``(A, (linear_cache, activation_cache))`` where the ReLU's
  activation cache is ``Z`` and the sigmoid's is ``A``;
* ``L_model_forward`` -> ``(AL, caches)``, one such cache per layer, in layer order.

A wrong answer is also compared with a table of typical mistakes (a missing ``1/m``, a wrong
transpose, ``keepdims`` forgotten, the activations in the wrong order, shifted ``dA`` indices...),
so the message can name the likely cause; see :mod:`dlcourse.graders._core` for the hint levels.
"""
from __future__ import annotations

import numpy as np

from ..functional import binary_cross_entropy_backward, relu_backward, sigmoid
from ..functional import linear_activation_backward as _ref_lin_act_backward
from ..functional import linear_activation_forward as _ref_lin_act_forward
from ..functional import linear_backward as _ref_linear_backward
from ..functional import linear_forward as _ref_linear_forward
from ..init import random_normal
from ..models import L_model_backward as _ref_L_backward
from ..models import L_model_forward as _ref_L_forward
from ..models import compute_cost as _ref_cost
from ..models import update_parameters as _ref_update
from .solutions import c1_step_by_step as _solutions
from ._core import COST_CONCEPT, Chapter, cross_entropy_cost_mistakes
from ._dense import INIT_CONCEPT, init_mistakes, update_mistakes
from ._core import binary_labels as _labels

__all__ = [
    "check_initialize_parameters", "check_initialize_parameters_deep", "check_linear_forward",
    "check_linear_activation_forward", "check_L_model_forward", "check_compute_cost", "check_linear_backward",
    "check_linear_activation_backward", "check_L_model_backward", "check_update_parameters",
    "hint", "show_solution",
]

chapter = Chapter(__name__)
hint, show_solution = chapter.hint, chapter.show_solution
_rng = np.random.default_rng


def _net(layer_dims, rng, scale: float = 1.0) -> dict:
    """Parameters with random (nonzero) biases, so that a forgotten b shows."""
    rng = _rng(rng) if isinstance(rng, int) else rng
    out = {}
    for l in range(1, len(layer_dims)):
        out[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * scale / np.sqrt(layer_dims[l - 1])
        out[f"b{l}"] = rng.standard_normal((layer_dims[l], 1)) * 0.5 * scale
    return out


def _L(parameters) -> int:
    return len(parameters) // 2


# --- Exercises 1 and 2: initialisation -----------------------------------------------------------------

@chapter.exercise(
    "initialize_parameters", lambda n_x, n_h, n_y, seed=1: random_normal([n_x, n_h, n_y], seed=seed, scale=0.01),
    fresh=lambda rng: ("random sizes and seed", tuple(int(n) for n in rng.integers(1, 9, 3)),
                       {"seed": int(rng.integers(0, 10 ** 6))}),
    concept=INIT_CONCEPT, mistakes=init_mistakes(True),
    formula="rng = np.random.default_rng(seed); W1 = rng.standard_normal((n_h, n_x)) * 0.01; b1 = np.zeros((n_h, 1)); "
            "W2 = rng.standard_normal((n_y, n_h)) * 0.01; b2 = np.zeros((n_y, 1)).",
    solution=_solutions.initialize_parameters)
def check_initialize_parameters():
    """``initialize_parameters(n_x, n_h, n_y, seed=1) -> {"W1", "b1", "W2", "b2"}``, as ``random_normal(..., scale=0.01)``."""
    return [
        ("n_x=3, n_h=2, n_y=1", (3, 2, 1), {"seed": 1}),
        ("n_x=2, n_h=4, n_y=1, seed=3", (2, 4, 1), {"seed": 3}),
        ("n_x=1, n_h=1, n_y=1 (smallest network)", (1, 1, 1), {"seed": 1}),
        ("cat images: n_x=12288, n_h=7, n_y=1", (12288, 7, 1), {"seed": 1}),
    ]


def _ref_init_deep(layer_dims, seed=1):
    return random_normal(list(layer_dims), seed=seed, scale=0.01)


def _missing_last(layer_dims, seed=1):
    L = len(layer_dims) - 1
    return {k: v for k, v in _ref_init_deep(layer_dims, seed).items() if k not in (f"W{L}", f"b{L}")}


@chapter.exercise(
    "initialize_parameters_deep", _ref_init_deep,
    fresh=lambda rng: ("random layer_dims and seed", ([int(n) for n in rng.integers(1, 8, int(rng.integers(3, 6)))],),
                       {"seed": int(rng.integers(0, 10 ** 6))}),
    concept=INIT_CONCEPT + " There are L = len(layer_dims) - 1 layers with parameters.",
    mistakes=[(_missing_last, "loop over l = 1, ..., L, i.e. range(1, len(layer_dims)): the last layer is "
               "missing. There are L = len(layer_dims) - 1 layers with parameters."), *init_mistakes(False)],
    formula="rng = np.random.default_rng(seed) once; then for l in range(1, len(layer_dims)): "
            "W{l} = rng.standard_normal((layer_dims[l], layer_dims[l-1])) * 0.01 and b{l} = np.zeros((layer_dims[l], 1)).",
    solution=_solutions.initialize_parameters_deep)
def check_initialize_parameters_deep():
    """``initialize_parameters_deep(layer_dims, seed=1)``: every W^[l] drawn in layer order from one generator."""
    return [
        ("layer_dims=[5, 4, 3]", ([5, 4, 3],), {"seed": 1}),
        ("a single layer: layer_dims=[3, 1]", ([3, 1],), {"seed": 1}),
        ("one unit per layer: layer_dims=[1, 1, 1, 1, 1]", ([1, 1, 1, 1, 1],), {"seed": 5}),
        ("the chapter's network: [12288, 20, 7, 5, 1]", ([12288, 20, 7, 5, 1],), {"seed": 1}),
    ]


# --- Exercises 3-5: forward ----------------------------------------------------------------------------

def _linear_case(rng, n_in, n_out, m, scale=1.0, b_scale=1.0):
    return (scale * rng.standard_normal((n_in, m)), rng.standard_normal((n_out, n_in)),
            b_scale * rng.standard_normal((n_out, 1)))


def _linear_cases(seed: int):
    rng = _rng(seed)
    return [
        ("A_prev (3, 2), W (1, 3), b (1, 1)", _linear_case(rng, 3, 1, 2), {}),
        ("one example: A_prev (5, 1), W (2, 5)", _linear_case(rng, 5, 2, 1), {}),
        ("square W (3, 3), m = 3", _linear_case(rng, 3, 3, 3), {}),
        ("large values, A_prev (2, 6) * 1e3", _linear_case(rng, 2, 4, 6, 1e3, 10.0), {}),
    ]


@chapter.exercise(
    "linear_forward", _ref_linear_forward,
    fresh=lambda rng: ("A_prev (4, 5), W (3, 4), b (3, 1)", _linear_case(rng, 4, 3, 5), {}),
    concept="the linear part of a layer is a matrix product of the weights with the previous activations plus "
            "the bias, broadcast over the m columns (examples); the cache keeps the three inputs, in order, "
            "for the backward pass.",
    mistakes=[
        (lambda A, W, b: (W @ A, (A, W, b)), "add the bias: Z = W @ A_prev + b."),
        (lambda A, W, b: (W.T @ A + b, (A, W, b)), "W already has shape (n_out, n_in): Z = W @ A_prev + b, no transpose."),
        (lambda A, W, b: (A @ W + b, (A, W, b)), "the order matters: Z = W @ A_prev + b (W on the left)."),
        (lambda A, W, b: (W * A + b, (A, W, b)), "use the matrix product W @ A_prev (or np.dot), not the elementwise W * A_prev."),
        (lambda A, W, b: (W @ A + b, (W, A, b)),
         "the cache must be the tuple (A_prev, W, b), in that order: linear_backward unpacks it so."),
        (lambda A, W, b: (W @ A + b, (A, W, b, W @ A + b)), "the cache holds exactly (A_prev, W, b); Z is not part of it."),
    ],
    formula="Z = W @ A_prev + b; return Z, (A_prev, W, b).",
    solution=_solutions.linear_forward)
def check_linear_forward():
    """``linear_forward(A_prev, W, b) -> (Z, (A_prev, W, b))`` with ``Z = W A_prev + b``."""
    return _linear_cases(3)


def _lin_act_cases(order=("sigmoid", "relu")):
    out = []
    for activation in order:
        rng = _rng(4 if activation == "sigmoid" else 5)
        shapes = [("A_prev (3, 2), W (1, 3)", (3, 1, 2)), ("A_prev (4, 6), W (5, 4)", (4, 5, 6)),
                  ("one example", (3, 2, 1))]
        for name, (n_in, n_out, m) in shapes:
            if activation == "relu" and m == 6:  # this one is the fresh case
                continue
            out.append((f"{activation}, {name}", (*_linear_case(rng, n_in, n_out, m), activation), {}))
        out.append((f"{activation}, large |Z| (saturated)",
                    (50 * rng.standard_normal((3, 4)), rng.standard_normal((2, 3)), np.zeros((2, 1)), activation), {}))
    return out


def _lin_act_fresh(rng):
    return "relu, A_prev (4, 6), W (5, 4)", (*_linear_case(rng, 4, 5, 6), "relu"), {}


def _lin_act_mistake(swap=False, cache_as="right", no_act=False, order="right"):
    def f(A_prev, W, b, activation):
        act = {"sigmoid": "relu", "relu": "sigmoid"}[activation] if swap else activation
        Z = W @ A_prev + b
        A = Z.copy() if no_act else (sigmoid(Z) if act == "sigmoid" else np.maximum(0, Z))
        act_cache = (A if activation == "sigmoid" else Z) if cache_as == "right" else (A if cache_as == "A" else Z)
        lin = (A_prev, W, b)
        return A, ((act_cache, lin) if order == "swapped" else (lin, act_cache))
    return f


@chapter.exercise(
    "linear_activation_forward", _ref_lin_act_forward, fresh=_lin_act_fresh,
    concept="a layer is its linear part followed by the activation named by the argument; the cache is the pair "
            "(linear_cache, activation_cache) with the activation cache that the activation's forward returns, "
            "which is what its backward reads.",
    mistakes=[
        (_lin_act_mistake(swap=True), "the activations are swapped: 'sigmoid' must apply sigmoid_forward and "
                                      "'relu' relu_forward."),
        (_lin_act_mistake(no_act=True), "apply the activation to Z: A, activation_cache = relu_forward(Z) (or sigmoid_forward)."),
        (_lin_act_mistake(order="swapped"), "the cache is (linear_cache, activation_cache), in that order."),
        (_lin_act_mistake(cache_as="Z"), "keep the activation cache that sigmoid_forward returns: for the sigmoid it "
                                         "is A (sigmoid_backward computes dA * A * (1 - A) from it), not Z."),
        (_lin_act_mistake(cache_as="A"), "keep the activation cache that relu_forward returns: for ReLU it is Z "
                                         "(relu_backward needs the sign of Z), not A."),
    ],
    formula="Z, linear_cache = linear_forward(A_prev, W, b); A, activation_cache = sigmoid_forward(Z) or "
            "relu_forward(Z); return A, (linear_cache, activation_cache).",
    solution=_solutions.linear_activation_forward)
def check_linear_activation_forward():
    """``linear_activation_forward(A_prev, W, b, activation) -> (A, (linear_cache, activation_cache))``."""
    return _lin_act_cases()


def _forward_cases():
    rng = _rng(6)
    return [
        ("layer_dims [3, 2, 1] (2 layers), m = 7", (rng.standard_normal((3, 7)), _net([3, 2, 1], 61)), {}),
        ("a single layer [4, 1] (logistic regression), m = 3", (rng.standard_normal((4, 3)), _net([4, 1], 62)), {}),
        ("layer_dims [6, 5, 4, 3, 2, 1] (5 layers), m = 5",
         (rng.standard_normal((6, 5)), _net([6, 5, 4, 3, 2, 1], 63)), {}),
        ("one example, [4, 3, 1]", (rng.standard_normal((4, 1)), _net([4, 3, 1], 64)), {}),
        ("large weights (saturated sigmoid), [3, 4, 1], m = 6",
         (rng.standard_normal((3, 6)), _net([3, 4, 1], 65, scale=30.0)), {}),
    ]


def _forward_fresh(rng):
    return "layer_dims [5, 4, 3, 1], m = 4", (rng.standard_normal((5, 4)), _net([5, 4, 3, 1], rng)), {}


def _forward_mistake(hidden="relu", output="sigmoid", skip_last=False):
    def f(X, parameters):
        L, A, caches = _L(parameters), X, []
        for l in range(1, (L - 1 if skip_last else L) + 1):
            A, cache = _ref_lin_act_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], hidden if l < L else output)
            caches.append(cache)
        return A, caches
    return f


@chapter.exercise(
    "L_model_forward", _ref_L_forward, fresh=_forward_fresh,
    concept="the network is L layers applied one after the other, each one's output the next one's input: ReLU "
            "in the L-1 hidden layers, the sigmoid in the output layer L so that AL is a probability. Keep every "
            "layer's cache, in layer order, for the backward pass.",
    mistakes=[
        (_forward_mistake(hidden="sigmoid", output="relu"),
         "the activations are in the wrong order: ReLU for layers 1..L-1, sigmoid for the output layer L."),
        (_forward_mistake(hidden="sigmoid"), "the hidden layers use ReLU ('relu'); only the output layer uses the sigmoid."),
        (_forward_mistake(output="relu"), "the output layer L uses the sigmoid, so that AL is a probability."),
        (_forward_mistake(skip_last=True),
         "the loop for l in range(1, L) covers only the hidden layers: after it, apply the output layer "
         "LINEAR -> SIGMOID with W{L}, b{L}. L = len(parameters) // 2."),
        (lambda X, p: (lambda AL, caches: (AL, caches[::-1]))(*_ref_L_forward(X, p)),
         "append each layer's cache as you go, so caches[0] is layer 1 and caches[L-1] is layer L."),
    ],
    formula="L = len(parameters) // 2; A = X; for l in 1..L-1: A, cache = linear_activation_forward(A, W{l}, b{l}, "
            "'relu') and append cache; then AL, cache = linear_activation_forward(A, W{L}, b{L}, 'sigmoid'), append.",
    solution=_solutions.L_model_forward)
def check_L_model_forward():
    """``L_model_forward(X, parameters) -> (AL, caches)``: [LINEAR->RELU]*(L-1) -> LINEAR->SIGMOID."""
    return _forward_cases()


# --- Exercise 6: compute_cost ----------------------------------------------------------------------------

@chapter.exercise(
    "compute_cost", _ref_cost,
    fresh=lambda rng: ("m = 50", (rng.uniform(0.01, 0.99, (1, 50)), _labels(rng, 50)), {}),
    concept=COST_CONCEPT, mistakes=cross_entropy_cost_mistakes("AL"),
    formula="J = -(1/m) * np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)), with AL clipped to [1e-15, 1 - 1e-15], "
            "returned as a float.",
    solution=_solutions.compute_cost)
def check_compute_cost():
    """``compute_cost(AL, Y) -> float``: binary cross-entropy averaged over the m examples."""
    Y_sat = np.array([[1, 0, 1, 0]])
    return [
        ("m = 3", (np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 0]])), {}),
        ("one example, y = 1", (np.array([[0.3]]), np.array([[1]])), {}),
        ("one example, y = 0", (np.array([[0.3]]), np.array([[0]])), {}),
        ("confident and wrong, AL = 1e-9 / 1 - 1e-9", (np.array([[1e-9, 1 - 1e-9, 0.5, 0.5]]), Y_sat), {}),
        ("saturated sigmoid: AL exactly 1.0 and 0.0, all right", (np.array([[1.0, 0.0, 1.0, 0.0]]), Y_sat), {}),
    ]


# --- Exercises 7-9: backward ---------------------------------------------------------------------------------

def _lin_backward_case(rng, name, A_prev, W, b):
    return name, (rng.standard_normal((W.shape[0], A_prev.shape[1])), (A_prev, W, b)), {}


def _lin_backward_mistake(divide=True, keepdims=True, db_axis=1, dW_T=False, dA_wrong=None):
    def f(dZ, cache):
        A_prev, W, b = cache
        m = A_prev.shape[1] if divide else 1
        dW = (A_prev @ dZ.T if dW_T else dZ @ A_prev.T) / m
        db = np.sum(dZ, axis=db_axis, keepdims=keepdims) / m
        dA_prev = W @ dZ if dA_wrong == "W" else W.T @ dZ / A_prev.shape[1] if dA_wrong == "divided" else W.T @ dZ
        return dA_prev, dW, db
    return f


_BACKWARD_CONCEPT = ("the backward pass applies the chain rule: each gradient has the shape of the quantity it "
                     "differentiates (dW like W, db like b, dA_prev like A_prev); the parameter gradients average "
                     "over the m examples, which are the columns.")


@chapter.exercise(
    "linear_backward", lambda dZ, cache: _ref_linear_backward(dZ, cache),
    fresh=lambda rng: _lin_backward_case(rng, "A_prev (4, 5), W (3, 4), b (3, 1)", *_linear_case(rng, 4, 3, 5)),
    concept=_BACKWARD_CONCEPT,
    mistakes=[
        (_lin_backward_mistake(divide=False), "average over the examples: dW = (1/m) dZ A_prev^T and db = (1/m) sum(dZ)."),
        (_lin_backward_mistake(keepdims=False),
         "db must be a column (n_out, 1) like b: np.sum(dZ, axis=1, keepdims=True) / m."),
        (_lin_backward_mistake(db_axis=0),
         "db sums over the examples, which are the columns: axis=1 (with keepdims=True), not axis=0."),
        (_lin_backward_mistake(dW_T=True), "wrong transpose: dW = dZ @ A_prev.T / m, shape (n_out, n_in) like W."),
        (_lin_backward_mistake(dA_wrong="W"), "wrong transpose: dA_prev = W.T @ dZ, shape (n_in, m) like A_prev."),
        (_lin_backward_mistake(dA_wrong="divided"),
         "dA_prev = W.T @ dZ is a per-example gradient: do not divide it by m (only dW and db are averaged)."),
    ],
    formula="A_prev, W, b = cache; m = A_prev.shape[1]; dW = dZ @ A_prev.T / m; "
            "db = np.sum(dZ, axis=1, keepdims=True) / m; dA_prev = W.T @ dZ.",
    solution=_solutions.linear_backward)
def check_linear_backward():
    """``linear_backward(dZ, cache) -> (dA_prev, dW, db)`` with ``cache = (A_prev, W, b)``."""
    return [_lin_backward_case(_rng(80 + i), name, *args) for i, (name, args, _) in enumerate(_linear_cases(8))]


def _lin_act_backward_case(rng, name, A_prev, W, b, activation):
    if "saturated" in name:  # moderate values: the saturated sigmoid's gradient vanishes
        A_prev = A_prev / 25
    _, cache = _ref_lin_act_forward(A_prev, W, b, activation)
    return name, (rng.standard_normal((W.shape[0], A_prev.shape[1])), cache, activation), {}


def _lin_act_backward_mistake(swap=False, skip_act=False, sigmoid_of_A=False):
    def f(dA, cache, activation):
        linear_cache, activation_cache = cache
        act = {"sigmoid": "relu", "relu": "sigmoid"}[activation] if swap else activation
        if skip_act:
            dZ = dA
        elif act == "relu":
            dZ = relu_backward(dA, activation_cache) if not swap else np.where(activation_cache > 0, dA, 0.0)
        else:
            s = sigmoid(activation_cache) if sigmoid_of_A else activation_cache  # the cache holds A, not Z
            dZ = dA * s * (1 - s)
        return _ref_linear_backward(dZ, linear_cache)
    return f


@chapter.exercise(
    "linear_activation_backward", lambda dA, cache, activation: _ref_lin_act_backward(dA, cache, activation),
    fresh=lambda rng: _lin_act_backward_case(rng, "sigmoid, A_prev (4, 6), W (5, 4)",
                                             *_linear_case(rng, 4, 5, 6), "sigmoid"),
    concept="going backward through a layer undoes its forward steps in reverse order: first through the "
            "activation (dZ from dA and the activation cache), then through the linear part.",
    mistakes=[
        (_lin_act_backward_mistake(swap=True),
         "the activations are swapped: 'relu' needs relu_backward, 'sigmoid' needs sigmoid_backward."),
        (_lin_act_backward_mistake(skip_act=True),
         "go through the activation first: dZ = relu_backward(dA, activation_cache) (or sigmoid_backward), "
         "then linear_backward(dZ, linear_cache)."),
        (_lin_act_backward_mistake(sigmoid_of_A=True),
         "the sigmoid's activation cache already holds A = sigmoid(Z): dZ = dA * A * (1 - A). "
         "sigmoid_backward(dA, activation_cache) does it."),
    ],
    formula="linear_cache, activation_cache = cache; dZ = relu_backward(dA, activation_cache) or "
            "sigmoid_backward(dA, activation_cache); return linear_backward(dZ, linear_cache).",
    solution=_solutions.linear_activation_backward)
def check_linear_activation_backward():
    """``linear_activation_backward(dA, cache, activation) -> (dA_prev, dW, db)``."""
    # ReLU first: on a sigmoid layer, a swapped activation (relu_backward of the positive cached A)
    # and a skipped one (dZ = dA) give the same answer, so the ReLU cases tell them apart
    cases = [_lin_act_backward_case(_rng(90 + i), name, *args)
             for i, (name, args, _) in enumerate(_lin_act_cases(order=("relu", "sigmoid")))]
    # a ReLU layer with some Z exactly 0 and some negative: the gradient there is 0
    _, cache = _ref_lin_act_forward(np.array([[1.0, -1.0, 0.0, 2.0]]), np.array([[1.0], [-1.0]]), np.zeros((2, 1)),
                                    "relu")
    return cases + [("relu with Z = 0 and Z < 0 entries", (_rng(99).standard_normal((2, 4)), cache, "relu"), {})]


def _L_backward_case(rng, name, X, parameters):
    AL, caches = _ref_L_forward(X, parameters)
    return name, (AL, _labels(rng, X.shape[1]), caches), {}


def _backward_mistake(sign=1.0, shift=0, hidden="relu", output="sigmoid"):
    def f(AL, Y, caches):
        L, grads = len(caches), {}
        dA = sign * binary_cross_entropy_backward(AL, Y)
        for l in range(L, 0, -1):
            dA, dW, db = _ref_lin_act_backward(dA, caches[l - 1], hidden if l < L else output)
            grads[f"dA{l - 1 + shift}"], grads[f"dW{l}"], grads[f"db{l}"] = dA, dW, db
        return grads
    return f


@chapter.exercise(
    "L_model_backward", lambda AL, Y, caches: _ref_L_backward(AL, Y, caches),
    fresh=lambda rng: _L_backward_case(rng, _forward_fresh(rng)[0], *_forward_fresh(rng)[1]),
    concept="the backward pass starts from the derivative of the cost with respect to AL and visits the layers "
            "from L down to 1, each with its own cache and activation (sigmoid for layer L, ReLU below); the "
            "gradient flowing out of layer l is dA^[l-1], the input of the next step.",
    rtol=1e-5,
    mistakes=[
        (_backward_mistake(sign=-1.0), "dAL = -(Y / AL - (1 - Y) / (1 - AL)): mind the leading minus sign."),
        (_backward_mistake(shift=1),
         "wrong dA index: linear_activation_backward for layer l returns dA^[l-1], which goes into "
         "grads['dA' + str(l - 1)] (so the output layer L fills dA{L-1}, and layer 1 fills dA0)."),
        (_backward_mistake(hidden="sigmoid", output="relu"),
         "the activations are in the wrong order: the output layer L is 'sigmoid', layers L-1..1 are 'relu'."),
        (_backward_mistake(hidden="sigmoid"), "the hidden layers are 'relu'; only layer L is 'sigmoid'."),
        (_backward_mistake(output="relu"), "the output layer L is 'sigmoid': start with caches[L-1] and 'sigmoid'."),
    ],
    formula="dAL = -(Y / AL - (1 - Y) / (1 - AL)); for l = L, L-1, ..., 1: dA_prev, dW, db = "
            "linear_activation_backward(dA, caches[l-1], 'sigmoid' if l == L else 'relu'); store grads['dA' + "
            "str(l-1)], grads['dW' + str(l)], grads['db' + str(l)]; continue with dA = dA_prev.",
    solution=_solutions.L_model_backward)
def check_L_model_backward():
    """``L_model_backward(AL, Y, caches) -> grads`` with ``dA0 .. dA{L-1}``, ``dW1 .. dWL``, ``db1 .. dbL``."""
    return [_L_backward_case(_rng(101 + i), name, *args)
            for i, (name, args, _) in enumerate(c for c in _forward_cases() if "saturated" not in c[0])]


# --- Exercise 10: update_parameters ------------------------------------------------------------------------

def _grads_for(params, rng, with_dA=True):
    g = {"d" + k: rng.standard_normal(v.shape) for k, v in params.items()}
    if with_dA:  # L_model_backward also returns dA0 .. dA{L-1}: they must be ignored
        g["dA0"] = rng.standard_normal((3, 2))
    return g


def _update_fresh(rng):
    p = _net([2, 5, 4, 3, 1], rng)
    return "4 layers, learning_rate = 0.0075", (p, _grads_for(p, rng), 0.0075), {}


@chapter.exercise(
    "update_parameters", lambda parameters, grads, learning_rate: _ref_update(parameters, grads, learning_rate),
    fresh=_update_fresh,
    concept="gradient descent moves every parameter a small step against its gradient, scaled by the learning "
            "rate, in every layer, weights and biases alike; return new arrays and leave the caller's untouched.",
    mistakes=update_mistakes(0.0075),
    formula="for l in range(1, L + 1): W{l} = W{l} - learning_rate * grads['dW{l}'] and "
            "b{l} = b{l} - learning_rate * grads['db{l}'], in a copy of the dict; return it.",
    solution=_solutions.update_parameters)
def check_update_parameters():
    """``update_parameters(parameters, grads, learning_rate)``: theta := theta - learning_rate * d theta."""
    p1, p2 = _net([4, 3, 2, 1], 110), _net([3, 1], 111)
    return [
        ("3 layers, learning_rate = 0.1", (p1, _grads_for(p1, _rng(120)), 0.1), {}),
        ("a single layer, learning_rate = 1.2", (p2, _grads_for(p2, _rng(121), with_dA=False), 1.2), {}),
        ("learning_rate passed by keyword, large gradients",
         (p1, {k: 1e3 * v for k, v in _grads_for(p1, _rng(123)).items()}), {"learning_rate": 0.5}),
    ]
