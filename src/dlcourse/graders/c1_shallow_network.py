"""Graders for Course 1, "A shallow neural network: planar data classification".

The chapter builds a 2-layer network ``LINEAR -> TANH -> LINEAR -> SIGMOID`` piece by piece.
Every check compares the learner's function with a reference assembled from the
:mod:`dlcourse` kernels (``dlcourse.init.random_normal``, ``dlcourse.functional``,
``dlcourse.models``) on fixed cases, edge cases included, and one case drawn fresh on every
call. A wrong answer is also compared with a table of typical mistakes (a missing ``1/m``,
the wrong derivative of ``tanh``, ...), so the message can name the likely cause; the shared
machinery and the hint levels are described in :mod:`dlcourse.graders._core`.
"""
from __future__ import annotations

import numpy as np

from ..functional import linear_backward, linear_forward, sigmoid, sigmoid_forward, tanh_backward, tanh_forward
from ..init import random_normal
from ..models import L_layer_model, compute_cost as _reference_cost, update_parameters as _reference_update
from .solutions import c1_shallow_network as _solutions
from ._core import COST_CONCEPT, Chapter, _describe, check_signature, cross_entropy_cost_mistakes, matches
from ._core import binary_labels as _labels
from ._dense import INIT_CONCEPT, init_mistakes, update_mistakes

__all__ = [
    "check_layer_sizes", "check_initialize_parameters", "check_forward_propagation", "check_compute_cost",
    "check_backward_propagation", "check_update_parameters", "check_nn_model", "check_predict",
    "hint", "show_solution",
]

chapter = Chapter(__name__)
hint, show_solution = chapter.hint, chapter.show_solution
_PARAM_KEYS = ("W1", "b1", "W2", "b2")
_rng = np.random.default_rng


def _params(n_x: int, n_h: int, n_y: int, rng, scale: float = 1.0) -> dict:
    rng = _rng(rng) if isinstance(rng, int) else rng
    return {"W1": rng.standard_normal((n_h, n_x)) * scale, "b1": rng.standard_normal((n_h, 1)) * scale,
            "W2": rng.standard_normal((n_y, n_h)) * scale, "b2": rng.standard_normal((n_y, 1)) * scale}


# --- Exercise 1: layer_sizes ------------------------------------------------------------------------

@chapter.exercise(
    "layer_sizes", lambda X, Y: (int(X.shape[0]), 4, int(Y.shape[0])),
    fresh=lambda rng: ("random sizes", (rng.standard_normal((int(rng.integers(1, 9)), 13)),
                                        rng.standard_normal((int(rng.integers(1, 4)), 13))), {}),
    concept="in the course's layout a data matrix has one row per feature and one column per example, so the "
            "layer sizes are numbers of rows; the hidden layer has 4 units.",
    mistakes=[
        (lambda X, Y: (X.shape[1], 4, Y.shape[1]),
         "the sizes are the numbers of rows: X.shape[0] and Y.shape[0]. X.shape[1] is m, the number of examples."),
        (lambda X, Y: (X.shape[0], 4, Y.shape[1]), "n_y is Y.shape[0] (rows = outputs), not Y.shape[1]."),
        (lambda X, Y: (X.shape[1], 4, Y.shape[0]), "n_x is X.shape[0] (rows = features), not X.shape[1]."),
    ],
    formula="return (X.shape[0], 4, Y.shape[0]).",
    solution=_solutions.layer_sizes)
def check_layer_sizes():
    """``layer_sizes(X, Y) -> (n_x, n_h, n_y)`` with ``n_h = 4``."""
    rng = _rng(1)
    return [
        ("X (5, 3), Y (2, 3)", (rng.standard_normal((5, 3)), rng.standard_normal((2, 3))), {}),
        ("the flower: X (2, 400), Y (1, 400)", (rng.standard_normal((2, 400)), _labels(rng, 400)), {}),
        ("one example: X (7, 1), Y (1, 1)", (rng.standard_normal((7, 1)), np.ones((1, 1))), {}),
    ]


# --- Exercise 2: initialize_parameters -----------------------------------------------------------------

def _ref_init(n_x, n_h, n_y, seed=1):
    return random_normal([n_x, n_h, n_y], seed=seed, scale=0.01)


@chapter.exercise(
    "initialize_parameters", _ref_init,
    fresh=lambda rng: ("random sizes and seed", tuple(int(n) for n in rng.integers(1, 9, 3)),
                       {"seed": int(rng.integers(0, 10 ** 6))}),
    concept=INIT_CONCEPT, mistakes=init_mistakes(True),
    formula="rng = np.random.default_rng(seed); W1 = rng.standard_normal((n_h, n_x)) * 0.01; b1 = zeros (n_h, 1); "
            "then W2 = rng.standard_normal((n_y, n_h)) * 0.01; b2 = zeros (n_y, 1).",
    solution=_solutions.initialize_parameters)
def check_initialize_parameters():
    """``initialize_parameters(n_x, n_h, n_y, seed=1) -> {"W1", "b1", "W2", "b2"}``."""
    return [
        ("n_x=2, n_h=4, n_y=1 (the flower network)", (2, 4, 1), {"seed": 1}),
        ("n_x=3, n_h=5, n_y=2", (3, 5, 2), {"seed": 1}),
        ("n_x=1, n_h=1, n_y=1 (smallest network)", (1, 1, 1), {"seed": 1}),
        ("n_x=2, n_h=50, n_y=1, seed=3", (2, 50, 1), {"seed": 3}),
    ]


# --- Exercise 3: forward_propagation -------------------------------------------------------------------

def _ref_forward(X, parameters):
    Z1, _ = linear_forward(X, parameters["W1"], parameters["b1"])
    A1, _ = tanh_forward(Z1)
    Z2, _ = linear_forward(A1, parameters["W2"], parameters["b2"])
    A2, _ = sigmoid_forward(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def _forward_mistake(hidden=np.tanh, use_b=True):
    def forward(X, parameters):
        W1, b1, W2, b2 = (parameters[k] for k in _PARAM_KEYS)
        Z1 = W1 @ X + (b1 if use_b else 0)
        A1 = hidden(Z1)
        Z2 = W2 @ A1 + (b2 if use_b else 0)
        return sigmoid(Z2), {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": sigmoid(Z2)}
    return forward


def _forward_cases():
    rng = _rng(10)
    return [
        ("the flower network (2, 4, 1), m=5", (rng.standard_normal((2, 5)), _params(2, 4, 1, 11)), {}),
        ("one example, (2, 4, 1)", (rng.standard_normal((2, 1)), _params(2, 4, 1, 12)), {}),
        ("one hidden unit, (4, 1, 1), m=3", (rng.standard_normal((4, 3)), _params(4, 1, 1, 13)), {}),
        ("large weights (saturated tanh), m=6", (rng.standard_normal((2, 6)) * 5, _params(2, 4, 1, 14, scale=4.0)), {}),
    ]


def _forward_fresh(rng):
    return "(3, 5, 1), m=7", (rng.standard_normal((3, 7)), _params(3, 5, 1, rng)), {}


@chapter.exercise(
    "forward_propagation", _ref_forward, fresh=_forward_fresh,
    concept="each layer is a linear step (weights times input plus bias, over all m columns at once) followed "
            "by its activation: tanh in the hidden layer, the sigmoid at the output so that A2 is a probability. "
            "Return A2 and a cache dict of the four intermediate arrays.",
    mistakes=[
        (_forward_mistake(hidden=sigmoid), "the hidden layer uses tanh: A1 = np.tanh(Z1); sigmoid is for the output."),
        (_forward_mistake(hidden=lambda z: np.maximum(z, 0)), "the hidden layer uses tanh here, not ReLU."),
        (_forward_mistake(use_b=False), "add the biases: Z1 = W1 @ X + b1 and Z2 = W2 @ A1 + b2."),
    ],
    formula="Z1 = W1 @ X + b1, A1 = tanh(Z1), Z2 = W2 @ A1 + b2, A2 = sigmoid(Z2); return A2 and the dict "
            "{'Z1': Z1, 'A1': A1, 'Z2': Z2, 'A2': A2}.",
    solution=_solutions.forward_propagation)
def check_forward_propagation():
    """``forward_propagation(X, parameters) -> (A2, cache)``, cache = ``{"Z1", "A1", "Z2", "A2"}``."""
    return _forward_cases()


# --- Exercise 4: compute_cost --------------------------------------------------------------------------

@chapter.exercise(
    "compute_cost", lambda A2, Y: _reference_cost(A2, Y),
    fresh=lambda rng: ("m=40", (rng.uniform(0.01, 0.99, (1, 40)), _labels(rng, 40)), {}),
    concept=COST_CONCEPT, mistakes=cross_entropy_cost_mistakes("A2"),
    formula="J = -(1/m) * np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)), returned as a float.",
    solution=_solutions.compute_cost)
def check_compute_cost():
    """``compute_cost(A2, Y) -> float``: binary cross-entropy averaged over the m examples."""
    rng = _rng(4)
    Y_sat = np.array([[1, 0, 1, 0]])
    return [
        ("m=5", (rng.uniform(0.05, 0.95, (1, 5)), _labels(rng, 5)), {}),
        ("one example, y=1", (np.array([[0.8]]), np.array([[1]])), {}),
        ("one example, y=0", (np.array([[0.8]]), np.array([[0]])), {}),
        ("confident and right, A2 = 1 - 1e-9 / 1e-9", (np.array([[1 - 1e-9, 1e-9, 1 - 1e-9, 1e-9]]), Y_sat), {}),
        ("confident and wrong, A2 = 1e-9 / 1 - 1e-9", (np.array([[1e-9, 1 - 1e-9, 0.5, 0.5]]), Y_sat), {}),
        ("saturated sigmoid: A2 exactly 1.0 and 0.0, all right", (np.array([[1.0, 0.0, 1.0, 0.0]]), Y_sat), {}),
    ]


# --- Exercise 5: backward_propagation ------------------------------------------------------------------

def _ref_backward(parameters, cache, X, Y):
    dZ2 = cache["A2"] - Y  # the derivative of cross-entropy(sigmoid(Z2)) with respect to Z2
    dA1, dW2, db2 = linear_backward(dZ2, (cache["A1"], parameters["W2"], parameters["b2"]))
    dZ1 = tanh_backward(dA1, cache["A1"])
    _, dW1, db1 = linear_backward(dZ1, (X, parameters["W1"], parameters["b1"]), compute_dA_prev=False)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def _backward_mistake(g_prime=lambda A1: 1 - A1 ** 2, divide=True):
    def backward(parameters, cache, X, Y):
        m = X.shape[1] if divide else 1
        dZ2 = cache["A2"] - Y
        dZ1 = (parameters["W2"].T @ dZ2) * g_prime(cache["A1"])
        return {"dW1": dZ1 @ X.T / m, "db1": np.sum(dZ1, axis=1, keepdims=True) / m,
                "dW2": dZ2 @ cache["A1"].T / m, "db2": np.sum(dZ2, axis=1, keepdims=True) / m}
    return backward


def _backward_case(rng, name, X, params):
    return name, (params, _ref_forward(X, params)[1], X, _labels(rng, X.shape[1])), {}


@chapter.exercise(
    "backward_propagation", _ref_backward,
    fresh=lambda rng: _backward_case(rng, _forward_fresh(rng)[0], *_forward_fresh(rng)[1]),
    concept="backpropagation applies the chain rule from the output back: at the sigmoid output with the "
            "cross-entropy cost dZ2 is simply A2 - Y; the hidden layer multiplies the gradient coming back through "
            "W2 elementwise by the derivative of tanh, written with A1. Every gradient has the shape of its "
            "parameter, and the parameter gradients average over the m examples.",
    mistakes=[
        (_backward_mistake(divide=False), "average over the examples: dW = (1/m) dZ A_prev^T, db = (1/m) sum(dZ)."),
        (_backward_mistake(g_prime=lambda A1: 1 - A1),
         "tanh'(z) = 1 - tanh(z)^2, so g'(Z1) = 1 - A1**2 (squared), not 1 - A1."),
        (_backward_mistake(g_prime=lambda A1: A1 * (1 - A1)),
         "A1(1 - A1) is the derivative of the sigmoid; the hidden layer is tanh, whose derivative is 1 - A1**2."),
        (_backward_mistake(g_prime=lambda A1: 1.0),
         "multiply elementwise by g'(Z1) = 1 - A1**2: dZ1 = (W2.T @ dZ2) * (1 - A1**2)."),
        (_backward_mistake(g_prime=lambda A1: 1 - np.tanh(A1) ** 2),
         "A1 is already tanh(Z1): g'(Z1) = 1 - A1**2, do not apply tanh again."),
    ],
    formula="dZ2 = A2 - Y; dW2 = dZ2 @ A1.T / m; db2 = np.sum(dZ2, axis=1, keepdims=True) / m; "
            "dZ1 = (W2.T @ dZ2) * (1 - A1**2); dW1 = dZ1 @ X.T / m; db1 = np.sum(dZ1, axis=1, keepdims=True) / m.",
    solution=_solutions.backward_propagation)
def check_backward_propagation():
    """``backward_propagation(parameters, cache, X, Y) -> {"dW1", "db1", "dW2", "db2"}``."""
    return [_backward_case(_rng(100 + i), name, *args) for i, (name, args, _) in enumerate(_forward_cases())]


# --- Exercise 6: update_parameters ---------------------------------------------------------------------

def _grads_for(params, rng):
    return {"d" + k: rng.standard_normal(v.shape) for k, v in params.items()}


def _update_fresh(rng):
    p = _params(3, 7, 1, rng)
    return "learning_rate=0.01, (3, 7, 1)", (p, _grads_for(p, rng), 0.01), {}


@chapter.exercise(
    "update_parameters", lambda parameters, grads, learning_rate=1.2: _reference_update(parameters, grads, learning_rate),
    fresh=_update_fresh,
    concept="gradient descent moves every parameter (both layers, weights and biases) a small step against its "
            "gradient, scaled by the learning rate; return a new dict of new arrays and leave the caller's "
            "parameters untouched.",
    mistakes=update_mistakes(1.2),
    formula="for each of W1, b1, W2, b2: new = old - learning_rate * grads['d' + name]; return the new dict.",
    solution=_solutions.update_parameters)
def check_update_parameters():
    """``update_parameters(parameters, grads, learning_rate=1.2)``: theta := theta - learning_rate * d theta."""
    p1, p3 = _params(2, 4, 1, 20), _params(1, 1, 1, 22)
    return [
        ("learning_rate=1.2, (2, 4, 1)", (p1, _grads_for(p1, _rng(30)), 1.2), {}),
        ("learning_rate=0.5 passed by keyword, (1, 1, 1)", (p3, _grads_for(p3, _rng(32))), {"learning_rate": 0.5}),
        ("learning_rate=2.0, large gradients", (p1, {k: 1e3 * v for k, v in _grads_for(p1, _rng(33)).items()}, 2.0), {}),
    ]


# --- Exercise 7: nn_model --------------------------------------------------------------------------------

_NN_USAGE = "nn_model(X, Y, n_h, num_iterations=10000, learning_rate=1.2, print_cost=False, seed=1)"


def _ref_nn_model(X, Y, n_h, num_iterations=10000, learning_rate=1.2, print_cost=False, seed=1):
    params, _ = L_layer_model(X, Y, [X.shape[0], n_h, Y.shape[0]], learning_rate=learning_rate,
                              num_iterations=num_iterations, hidden_activation="tanh", init="random", seed=seed,
                              scale=0.01)
    return params


def _problem(rng, m: int):
    """Two interleaved noisy half-moons in 2-D: X (2, m), Y (1, m)."""
    rng = _rng(rng) if isinstance(rng, int) else rng
    t = rng.uniform(0, np.pi, m)
    Y = (rng.uniform(size=m) > 0.5).astype(int)
    x1 = np.where(Y == 1, np.cos(t), 1 - np.cos(t))
    x2 = np.where(Y == 1, np.sin(t), 0.5 - np.sin(t))
    return np.stack([x1, x2]) + 0.15 * rng.standard_normal((2, m)), Y.reshape(1, m)


def _nn_mistake(fixed_lr=None, fixed_seed=None, n_iter_offset=0):
    def nn_model(X, Y, n_h, num_iterations=10000, learning_rate=1.2, print_cost=False, seed=1):
        params = random_normal([X.shape[0], n_h, Y.shape[0]], seed=seed if fixed_seed is None else fixed_seed,
                               scale=0.01)
        alpha = learning_rate if fixed_lr is None else fixed_lr
        for _ in range(num_iterations + n_iter_offset):
            grads = _ref_backward(params, _ref_forward(X, params)[1], X, Y)
            params = {k: v - alpha * grads["d" + k] for k, v in params.items()}
        return params
    return nn_model


def _never_updated(got, expected, args, kwargs):
    start = random_normal([args[0].shape[0], args[2], args[1].shape[0]], seed=kwargs.get("seed", 1), scale=0.01)
    if matches(got, start) and not matches(expected, start):
        return "the returned parameters are the initial ones: they were never updated."
    return None


@chapter.exercise(
    "nn_model", _ref_nn_model, time_limit=60.0, rtol=1e-5, returns="returned parameters",
    fresh=lambda rng: ("150 iterations, n_h=7, learning_rate=0.5, 50 random points",
                       (*_problem(rng, 50), 7), {"num_iterations": 150, "learning_rate": 0.5}),
    before=check_signature({"num_iterations": 10000, "learning_rate": 1.2, "print_cost": False, "seed": 1}, _NN_USAGE),
    rules=[lambda got, *_: None if isinstance(got, dict) else
           f"return the parameters dict {{'W1', 'b1', 'W2', 'b2'}}, got {_describe(got)}.", _never_updated],
    concept="training is a loop: initialise once (with the seed argument), then num_iterations times run "
            "forward -> cost -> backward -> update with the learning_rate argument, each iteration starting from "
            "the parameters the previous one returned.",
    mistakes=[
        (_nn_mistake(fixed_lr=1.2), "pass the learning_rate argument to update_parameters instead of a fixed 1.2."),
        (_nn_mistake(fixed_seed=1), "pass the seed argument on to initialize_parameters."),
        (_nn_mistake(n_iter_offset=1), "do exactly num_iterations updates: for i in range(num_iterations)."),
        (_nn_mistake(n_iter_offset=-1), "do exactly num_iterations updates: for i in range(num_iterations)."),
    ],
    formula="parameters = initialize_parameters(n_x, n_h, n_y, seed); for i in range(num_iterations): "
            "A2, cache = forward_propagation(X, parameters); cost = compute_cost(A2, Y); "
            "grads = backward_propagation(parameters, cache, X, Y); "
            "parameters = update_parameters(parameters, grads, learning_rate).",
    solution=_solutions.nn_model)
def check_nn_model():
    """``nn_model(X, Y, n_h, num_iterations=10000, learning_rate=1.2, print_cost=False, seed=1) -> parameters``.

    Checked on small problems against ``dlcourse.models.L_layer_model(X, Y, [n_x, n_h, n_y],
    hidden_activation="tanh", init="random", ...)``.
    """
    X, Y = _problem(0, 30)
    X2, Y2 = _problem(1, 50)
    return [
        ("one iteration, n_h=4", (X, Y, 4), {"num_iterations": 1}),
        ("200 iterations, n_h=4", (X, Y, 4), {"num_iterations": 200}),
        ("100 iterations, n_h=1", (X2, Y2, 1), {"num_iterations": 100}),
        ("120 iterations, n_h=3, seed=4", (X2, Y2, 3), {"num_iterations": 120, "seed": 4}),
    ]


# --- Exercise 8: predict ---------------------------------------------------------------------------------

def _ref_predict(parameters, X):
    return (_ref_forward(X, parameters)[0] > 0.5).astype(int)


def _centred(params, X):
    """Shift b2 so that A2 spreads on both sides of 0.5 (half the examples in each class)."""
    params["b2"] = params["b2"] - np.median(_ref_forward(X, params)[1]["Z2"]) + 1e-3
    return params, X


def _as_int(pred):
    """Accept boolean predictions (A2 > 0.5) as well as 0/1 integers."""
    return pred.astype(int) if isinstance(pred, np.ndarray) and pred.dtype == bool else pred


@chapter.exercise(
    "predict", _ref_predict, prepare=_as_int,
    fresh=lambda rng: ("(3, 5, 1), m=30", _centred(_params(3, 5, 1, rng), rng.standard_normal((3, 30))), {}),
    concept="the network's output A2 is the probability of class 1; the prediction is 1 where it is strictly "
            "above one half and 0 elsewhere, one label per example, shape (1, m).",
    mistakes=[
        (lambda parameters, X: (_ref_forward(X, parameters)[0] >= 0.5).astype(int),
         "predict 1 only where A2 > 0.5 (strictly greater): A2 = 0.5 is predicted 0."),
        (lambda parameters, X: _ref_forward(X, parameters)[0], "return 0/1 labels, not probabilities: (A2 > 0.5).astype(int)."),
        (lambda parameters, X: _ref_predict(parameters, X).ravel(), "keep the shape (1, m): do not flatten the predictions."),
    ],
    formula="A2, _ = forward_propagation(X, parameters); return (A2 > 0.5).astype(int), shape (1, m).",
    solution=_solutions.predict)
def check_predict():
    """``predict(parameters, X) -> (1, m)`` array of 0/1: 1 where A2 > 0.5."""
    rng = _rng(8)
    half = _params(2, 4, 1, 40)
    half["W2"], half["b2"] = np.zeros_like(half["W2"]), np.zeros_like(half["b2"])
    return [
        ("(2, 4, 1), m=40", _centred(_params(2, 4, 1, 41), rng.standard_normal((2, 40))), {}),
        ("small weights: A2 close to 0.5, m=20",
         _centred(_params(2, 4, 1, 44, scale=0.3), rng.standard_normal((2, 20))), {}),
        ("one example", (_params(2, 4, 1, 43), rng.standard_normal((2, 1))), {}),
        ("A2 exactly 0.5 (W2 = 0, b2 = 0): predict 0", (half, rng.standard_normal((2, 5))), {}),
    ]
