"""Graders for Course 1, "A shallow neural network: planar data classification".

The chapter builds a 2-layer network ``LINEAR -> TANH -> LINEAR -> SIGMOID`` piece by piece.
Every check compares the learner's function with a reference assembled from the
:mod:`dlcourse` kernels (``dlcourse.init.random_normal``, ``dlcourse.functional``,
``dlcourse.models``) on several deterministic cases, edge cases included. When an answer is
wrong, the learner's output is also compared with a few typical mistakes (a missing ``1/m``,
the wrong derivative of ``tanh``, ...), so the message can name the likely cause.
"""
from __future__ import annotations

import inspect
from typing import Callable

import numpy as np

from ..functional import linear_backward, linear_forward, sigmoid, sigmoid_forward, tanh_backward, tanh_forward
from ..init import random_normal
from ..models import L_layer_model, compute_cost as _reference_cost, update_parameters as _reference_update
from ._core import GraderError, _copy, _describe, compare, passed
from ._core import check_with_diagnosis as _check, matches as _matches
from ._core import quiet_call as _quiet_call, require_callable as _require_callable
from ._core import binary_labels as _labels, cross_entropy_cost_mistakes

__all__ = [
    "check_layer_sizes", "check_initialize_parameters", "check_forward_propagation", "check_compute_cost",
    "check_backward_propagation", "check_update_parameters", "check_nn_model", "check_predict",
]

_PARAM_KEYS = ("W1", "b1", "W2", "b2")


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def _params(n_x: int, n_h: int, n_y: int, seed: int, scale: float = 1.0) -> dict:
    rng = _rng(seed)
    return {"W1": rng.standard_normal((n_h, n_x)) * scale, "b1": rng.standard_normal((n_h, 1)) * scale,
            "W2": rng.standard_normal((n_y, n_h)) * scale, "b2": rng.standard_normal((n_y, 1)) * scale}


# --- Exercise 1: layer_sizes ------------------------------------------------------------------------

def _ref_layer_sizes(X, Y):
    return (int(X.shape[0]), 4, int(Y.shape[0]))


def check_layer_sizes(layer_sizes: Callable) -> None:
    """``layer_sizes(X, Y) -> (n_x, n_h, n_y)`` with ``n_h = 4``."""
    rng = _rng(1)
    cases = [
        ("X (5, 3), Y (2, 3)", (rng.standard_normal((5, 3)), rng.standard_normal((2, 3))), {}),
        ("the flower: X (2, 400), Y (1, 400)", (rng.standard_normal((2, 400)), _labels(rng, 400)), {}),
        ("one example: X (7, 1), Y (1, 1)", (rng.standard_normal((7, 1)), np.ones((1, 1))), {}),
        ("more examples than features: X (3, 10), Y (1, 10)", (rng.standard_normal((3, 10)), _labels(rng, 10)), {}),
    ]
    mistakes = [
        (lambda X, Y: (X.shape[1], 4, Y.shape[1]),
         "the sizes are the numbers of rows: X.shape[0] and Y.shape[0]. X.shape[1] is m, the number of examples."),
        (lambda X, Y: (X.shape[0], 4, Y.shape[1]), "n_y is Y.shape[0] (rows = outputs), not Y.shape[1]."),
        (lambda X, Y: (X.shape[1], 4, Y.shape[0]), "n_x is X.shape[0] (rows = features), not X.shape[1]."),
    ]
    _check("layer_sizes", layer_sizes, _ref_layer_sizes, cases,
           "return the tuple (n_x, n_h, n_y) = (X.shape[0], 4, Y.shape[0]).", mistakes)


# --- Exercise 2: initialize_parameters -----------------------------------------------------------------

def _ref_init(n_x, n_h, n_y, seed=1):
    return random_normal([n_x, n_h, n_y], seed=seed, scale=0.01)


def _init_mistake(draw, scale=0.01, bias=False, order=("W1", "W2")):
    def init(n_x, n_h, n_y, seed=1):
        rng = np.random.default_rng(seed)
        shapes = {"W1": (n_h, n_x), "W2": (n_y, n_h)}
        out = {}
        for key in order:
            out[key] = draw(rng, shapes[key]) * scale
        out["b1"] = rng.standard_normal((n_h, 1)) * scale if bias else np.zeros((n_h, 1))
        out["b2"] = rng.standard_normal((n_y, 1)) * scale if bias else np.zeros((n_y, 1))
        return out
    return init


def check_initialize_parameters(initialize_parameters: Callable) -> None:
    """``initialize_parameters(n_x, n_h, n_y, seed=1) -> {"W1", "b1", "W2", "b2"}``.

    W1 (n_h, n_x) and W2 (n_y, n_h) are ``standard_normal * 0.01`` drawn in that order from
    ``np.random.default_rng(seed)``; b1 (n_h, 1) and b2 (n_y, 1) are zeros.
    """
    cases = [
        ("n_x=2, n_h=4, n_y=1 (the flower network)", (2, 4, 1), {"seed": 1}),
        ("n_x=3, n_h=5, n_y=2", (3, 5, 2), {"seed": 1}),
        ("n_x=1, n_h=1, n_y=1 (smallest network)", (1, 1, 1), {"seed": 1}),
        ("n_x=2, n_h=50, n_y=1, seed=3", (2, 50, 1), {"seed": 3}),
        ("n_x=6, n_h=2, n_y=1, seed=0", (6, 2, 1), {"seed": 0}),
    ]
    std = lambda rng, shape: rng.standard_normal(shape)  # noqa: E731
    mistakes = [
        (_init_mistake(std, scale=1.0),
         "multiply the standard-normal draws by 0.01: large weights saturate tanh and sigmoid."),
        (_init_mistake(lambda rng, shape: rng.standard_normal(shape[::-1]).T),
         "draw W1 with shape (n_h, n_x) directly: rng.standard_normal((n_h, n_x)). Drawing (n_x, n_h) and "
         "transposing gives the right shape but different numbers."),
        (_init_mistake(std, order=("W2", "W1")), "draw W1 first, then W2 (layer order) from the same generator."),
        (_init_mistake(std, bias=True), "the biases start at zero: np.zeros((n_h, 1)) and np.zeros((n_y, 1))."),
        (lambda n_x, n_h, n_y, seed=1: _ref_init(n_x, n_h, n_y, seed=1),
         "use the seed argument: rng = np.random.default_rng(seed), not a fixed seed."),
        (lambda n_x, n_h, n_y, seed=1: {k: v.reshape(-1) if k[0] == "b" else v
                                        for k, v in _ref_init(n_x, n_h, n_y, seed).items()},
         "the biases are column vectors: shape (n_h, 1) and (n_y, 1), not (n_h,)."),
    ]
    _check("initialize_parameters", initialize_parameters, _ref_init, cases,
           "rng = np.random.default_rng(seed); W1 = rng.standard_normal((n_h, n_x)) * 0.01; b1 = zeros (n_h, 1); "
           "then W2 = rng.standard_normal((n_y, n_h)) * 0.01; b2 = zeros (n_y, 1).", mistakes)


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
        A2 = sigmoid(Z2)
        return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return forward


def _forward_cases():
    rng = _rng(3)
    return [
        ("flower-sized net (2, 4, 1), m=5", (rng.standard_normal((2, 5)), _params(2, 4, 1, 10)), {}),
        ("(3, 6, 1), m=8", (rng.standard_normal((3, 8)), _params(3, 6, 1, 11)), {}),
        ("one example, (2, 4, 1)", (rng.standard_normal((2, 1)), _params(2, 4, 1, 12)), {}),
        ("one hidden unit, (4, 1, 1), m=3", (rng.standard_normal((4, 3)), _params(4, 1, 1, 13)), {}),
        ("large weights (saturated tanh), m=6", (rng.standard_normal((2, 6)) * 5, _params(2, 4, 1, 14, scale=4.0)), {}),
    ]


def check_forward_propagation(forward_propagation: Callable) -> None:
    """``forward_propagation(X, parameters) -> (A2, cache)``, cache = ``{"Z1", "A1", "Z2", "A2"}``."""
    mistakes = [
        (_forward_mistake(hidden=sigmoid), "the hidden layer uses tanh: A1 = np.tanh(Z1); sigmoid is for the output."),
        (_forward_mistake(hidden=lambda z: np.maximum(z, 0)), "the hidden layer uses tanh here, not ReLU."),
        (_forward_mistake(use_b=False), "add the biases: Z1 = W1 @ X + b1 and Z2 = W2 @ A1 + b2."),
    ]
    _check("forward_propagation", forward_propagation, _ref_forward, _forward_cases(),
           "Z1 = W1 @ X + b1, A1 = tanh(Z1), Z2 = W2 @ A1 + b2, A2 = sigmoid(Z2); return A2 and the dict "
           "{'Z1': Z1, 'A1': A1, 'Z2': Z2, 'A2': A2}.", mistakes)


# --- Exercise 4: compute_cost --------------------------------------------------------------------------

def check_compute_cost(compute_cost: Callable) -> None:
    """``compute_cost(A2, Y) -> float``: binary cross-entropy averaged over the m examples."""
    rng = _rng(4)
    Y5 = _labels(rng, 5)
    Y40 = _labels(rng, 40)
    Y_sat = np.array([[1, 0, 1, 0]])
    cases = [
        ("m=5", (rng.uniform(0.05, 0.95, (1, 5)), Y5), {}),
        ("m=40", (rng.uniform(0.01, 0.99, (1, 40)), Y40), {}),
        ("one example, y=1", (np.array([[0.8]]), np.array([[1]])), {}),
        ("one example, y=0", (np.array([[0.8]]), np.array([[0]])), {}),
        ("confident and right, A2 = 1 - 1e-9 / 1e-9", (np.array([[1 - 1e-9, 1e-9, 1 - 1e-9, 1e-9]]), Y_sat), {}),
        ("confident and wrong, A2 = 1e-9 / 1 - 1e-9", (np.array([[1e-9, 1 - 1e-9, 0.5, 0.5]]), Y_sat), {}),
        ("saturated sigmoid: A2 exactly 1.0 and 0.0, all right", (np.array([[1.0, 0.0, 1.0, 0.0]]), Y_sat), {}),
    ]

    mistakes = cross_entropy_cost_mistakes("A2")
    _check("compute_cost", compute_cost, _reference_cost, cases,
           "J = -(1/m) * np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)), returned as a float.", mistakes)


# --- Exercise 5: backward_propagation ------------------------------------------------------------------

def _ref_backward(parameters, cache, X, Y):
    # dZ2 = A2 - Y: the derivative of cross-entropy(sigmoid(Z2)) with respect to Z2
    dZ2 = cache["A2"] - Y
    dA1, dW2, db2 = linear_backward(dZ2, (cache["A1"], parameters["W2"], parameters["b2"]))
    dZ1 = tanh_backward(dA1, cache["A1"])
    _, dW1, db1 = linear_backward(dZ1, (X, parameters["W1"], parameters["b1"]), compute_dA_prev=False)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def _backward_mistake(g_prime=lambda A1: 1 - A1 ** 2, divide=True, db_axis=1):
    def backward(parameters, cache, X, Y):
        m = X.shape[1] if divide else 1
        W2, A1, A2 = parameters["W2"], cache["A1"], cache["A2"]
        dZ2 = A2 - Y
        dW2 = dZ2 @ A1.T / m
        db2 = np.sum(dZ2, axis=db_axis, keepdims=True) / m
        dZ1 = (W2.T @ dZ2) * g_prime(A1)
        dW1 = dZ1 @ X.T / m
        db1 = np.sum(dZ1, axis=db_axis, keepdims=True) / m
        return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
    return backward


def _backward_cases():
    out = []
    for name, (X, params), _ in _forward_cases():
        rng = _rng(100 + len(out))
        Y = _labels(rng, X.shape[1])
        _, cache = _ref_forward(X, params)
        out.append((name, (params, cache, X, Y), {}))
    return out


def check_backward_propagation(backward_propagation: Callable) -> None:
    """``backward_propagation(parameters, cache, X, Y) -> {"dW1", "db1", "dW2", "db2"}``."""
    mistakes = [
        (_backward_mistake(divide=False), "average over the examples: dW = (1/m) dZ A_prev^T, db = (1/m) sum(dZ)."),
        (_backward_mistake(g_prime=lambda A1: 1 - A1),
         "tanh'(z) = 1 - tanh(z)^2, so g'(Z1) = 1 - A1**2 (squared), not 1 - A1."),
        (_backward_mistake(g_prime=lambda A1: A1 * (1 - A1)),
         "A1(1 - A1) is the derivative of the sigmoid; the hidden layer is tanh, whose derivative is 1 - A1**2."),
        (_backward_mistake(g_prime=lambda A1: 1.0),
         "multiply elementwise by g'(Z1) = 1 - A1**2: dZ1 = (W2.T @ dZ2) * (1 - A1**2)."),
        (_backward_mistake(g_prime=lambda A1: 1 - np.tanh(A1) ** 2),
         "A1 is already tanh(Z1): g'(Z1) = 1 - A1**2, do not apply tanh again."),
    ]
    _check("backward_propagation", backward_propagation, _ref_backward, _backward_cases(),
           "dZ2 = A2 - Y; dW2 = dZ2 @ A1.T / m; db2 = np.sum(dZ2, axis=1, keepdims=True) / m; "
           "dZ1 = (W2.T @ dZ2) * (1 - A1**2); dW1 = dZ1 @ X.T / m; db1 = np.sum(dZ1, axis=1, keepdims=True) / m.",
           mistakes)


# --- Exercise 6: update_parameters ---------------------------------------------------------------------

def check_update_parameters(update_parameters: Callable) -> None:
    """``update_parameters(parameters, grads, learning_rate=1.2)``: theta := theta - learning_rate * d theta."""
    def grads_for(params, seed):
        rng = _rng(seed)
        return {"d" + k: rng.standard_normal(v.shape) for k, v in params.items()}

    p1, p2, p3 = _params(2, 4, 1, 20), _params(3, 7, 1, 21), _params(1, 1, 1, 22)
    cases = [
        ("learning_rate=1.2, (2, 4, 1)", (p1, grads_for(p1, 30), 1.2), {}),
        ("learning_rate=0.01, (3, 7, 1)", (p2, grads_for(p2, 31), 0.01), {}),
        ("learning_rate=0.5 passed by keyword, (1, 1, 1)", (p3, grads_for(p3, 32)), {"learning_rate": 0.5}),
        ("learning_rate=2.0, large gradients", (p1, {k: 1e3 * v for k, v in grads_for(p1, 33).items()}, 2.0), {}),
    ]

    def _reference(parameters, grads, learning_rate=1.2):
        return _reference_update(parameters, grads, learning_rate)

    def mistake(sign=1.0, lr=None, keys=_PARAM_KEYS):
        def update(parameters, grads, learning_rate=1.2):
            alpha = learning_rate if lr is None else lr
            return {k: v - sign * alpha * grads["d" + k] if k in keys else v for k, v in parameters.items()}
        return update

    mistakes = [
        (mistake(sign=-1.0), "gradient *descent* subtracts: W1 = W1 - learning_rate * dW1 (you added)."),
        (mistake(lr=1.2), "use the learning_rate argument instead of a fixed 1.2."),
        (mistake(keys=("W1", "W2")), "update the biases too: b1 = b1 - learning_rate * db1, same for b2."),
        (mistake(keys=("W1", "b1")), "update both layers: W2 and b2 as well as W1 and b1."),
    ]
    _check("update_parameters", update_parameters, _reference, cases,
           "for each of W1, b1, W2, b2: new = old - learning_rate * grads['d' + name]; return the new dict.", mistakes)


# --- Exercise 7: nn_model --------------------------------------------------------------------------------

_NN_DEFAULTS = {"num_iterations": 10000, "learning_rate": 1.2, "print_cost": False, "seed": 1}


def _ref_nn_model(X, Y, n_h, num_iterations=10000, learning_rate=1.2, print_cost=False, seed=1):
    params, _ = L_layer_model(X, Y, [X.shape[0], n_h, Y.shape[0]], learning_rate=learning_rate,
                              num_iterations=num_iterations, hidden_activation="tanh", init="random", seed=seed,
                              scale=0.01)
    return params


def _problem(seed: int, m: int):
    """Two interleaved noisy half-moons in 2-D: X (2, m), Y (1, m)."""
    rng = _rng(seed)
    t = rng.uniform(0, np.pi, m)
    Y = (rng.uniform(size=m) > 0.5).astype(int)
    x1 = np.where(Y == 1, np.cos(t), 1 - np.cos(t))
    x2 = np.where(Y == 1, np.sin(t), 0.5 - np.sin(t))
    X = np.stack([x1, x2]) + 0.15 * rng.standard_normal((2, m))
    return X, Y.reshape(1, m)


def _nn_mistake(fixed_lr=None, fixed_seed=None, n_iter_offset=0):
    def nn_model(X, Y, n_h, num_iterations=10000, learning_rate=1.2, print_cost=False, seed=1):
        s = seed if fixed_seed is None else fixed_seed
        params = random_normal([X.shape[0], n_h, Y.shape[0]], seed=s, scale=0.01)
        alpha = learning_rate if fixed_lr is None else fixed_lr
        for _ in range(num_iterations + n_iter_offset):
            _, cache = _ref_forward(X, params)
            grads = _ref_backward(params, cache, X, Y)
            params = {k: v - alpha * grads["d" + k] for k, v in params.items()}
        return params
    return nn_model


def _check_signature(exercise: str, fn: Callable, defaults: dict, usage: str) -> None:
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return
    for name, default in defaults.items():
        if name not in params:
            raise GraderError(f"{exercise}: the function has no argument {name!r}; the signature must be {usage}.")
        if params[name].default is inspect.Parameter.empty or params[name].default != default:
            raise GraderError(f"{exercise}: argument {name!r} should default to {default!r}, "
                              f"got {params[name].default!r}.")


def check_nn_model(nn_model: Callable) -> None:
    """``nn_model(X, Y, n_h, num_iterations=10000, learning_rate=1.2, print_cost=False, seed=1) -> parameters``.

    Initialise with ``initialize_parameters(n_x, n_h, n_y, seed)``, then ``num_iterations`` steps of
    forward -> cost -> backward -> update. Checked on small problems against
    ``dlcourse.models.L_layer_model(X, Y, [n_x, n_h, n_y], hidden_activation="tanh", init="random", ...)``.
    """
    _require_callable("nn_model", nn_model)
    _check_signature("nn_model", nn_model, _NN_DEFAULTS,
                     "nn_model(X, Y, n_h, num_iterations=10000, learning_rate=1.2, print_cost=False, seed=1)")
    X, Y = _problem(0, 30)
    X2, Y2 = _problem(1, 50)
    cases = [
        ("one iteration, n_h=4", (X, Y, 4), {"num_iterations": 1}),
        ("200 iterations, n_h=4", (X, Y, 4), {"num_iterations": 200}),
        ("150 iterations, n_h=7, learning_rate=0.5", (X2, Y2, 7), {"num_iterations": 150, "learning_rate": 0.5}),
        ("100 iterations, n_h=1", (X2, Y2, 1), {"num_iterations": 100}),
        ("120 iterations, n_h=3, seed=4", (X2, Y2, 3), {"num_iterations": 120, "seed": 4}),
    ]
    for name, args, kwargs in cases:
        try:
            got = _quiet_call(nn_model, args, kwargs)
        except GraderError:
            raise
        except Exception as exc:
            raise GraderError(f"nn_model, {name}: your function raised {type(exc).__name__}: {exc}\n"
                              f"Hint: build the loop from your initialize_parameters, forward_propagation, "
                              f"compute_cost, backward_propagation and update_parameters.") from exc
        if not isinstance(got, dict):
            raise GraderError(f"nn_model, {name}: return the parameters dict {{'W1', 'b1', 'W2', 'b2'}}, "
                              f"got {_describe(got)}.")
        expected = _ref_nn_model(*_copy(args), **_copy(kwargs))
        if _matches(got, expected, 1e-5, 1e-8):
            continue
        start = random_normal([args[0].shape[0], args[2], args[1].shape[0]], seed=kwargs.get("seed", 1))
        hint = ("initialise with initialize_parameters(n_x, n_h, n_y, seed), then repeat num_iterations times: "
                "forward_propagation -> compute_cost -> backward_propagation -> update_parameters(..., learning_rate), "
                "keeping the updated parameters for the next iteration.")
        if _matches(got, start):
            raise GraderError(f"nn_model, {name}: the returned parameters are the initial ones: they were never "
                              f"updated.\nHint: {hint}")
        mistakes = [
            (_nn_mistake(fixed_lr=1.2), "pass the learning_rate argument to update_parameters instead of a fixed 1.2."),
            (_nn_mistake(fixed_seed=1), "pass the seed argument on to initialize_parameters."),
            (_nn_mistake(n_iter_offset=1), "do exactly num_iterations updates: for i in range(num_iterations)."),
            (_nn_mistake(n_iter_offset=-1), "do exactly num_iterations updates: for i in range(num_iterations)."),
        ]
        cause = next((text for wrong, text in mistakes
                      if _matches(got, wrong(*_copy(args), **_copy(kwargs)), 1e-5, 1e-8)), None)
        if cause:
            raise GraderError(f"nn_model, {name}: wrong returned parameters.\nLikely cause: {cause}")
        compare("nn_model", f"{name}, returned parameters", got, expected, 1e-5, 1e-8, hint)
    passed("nn_model", len(cases))


# --- Exercise 8: predict ---------------------------------------------------------------------------------

def _ref_predict(parameters, X):
    A2, _ = _ref_forward(X, parameters)
    return (A2 > 0.5).astype(int)


def check_predict(predict: Callable) -> None:
    """``predict(parameters, X) -> (1, m)`` array of 0/1: 1 where A2 > 0.5."""
    rng = _rng(8)
    half = _params(2, 4, 1, 40)
    half["W2"] = np.zeros_like(half["W2"])
    half["b2"] = np.zeros_like(half["b2"])
    def centred(params, X):
        """Shift b2 so that A2 spreads on both sides of 0.5 (half the examples in each class)."""
        Z2 = _ref_forward(X, params)[1]["Z2"]
        params["b2"] = params["b2"] - np.median(Z2) + 1e-3
        return params, X

    cases = [
        ("(2, 4, 1), m=40", centred(_params(2, 4, 1, 41), rng.standard_normal((2, 40))), {}),
        ("(3, 5, 1), m=30", centred(_params(3, 5, 1, 42), rng.standard_normal((3, 30))), {}),
        ("small weights: A2 close to 0.5, m=20",
         centred(_params(2, 4, 1, 44, scale=0.3), rng.standard_normal((2, 20))), {}),
        ("one example", (_params(2, 4, 1, 43), rng.standard_normal((2, 1))), {}),
        ("A2 exactly 0.5 (W2 = 0, b2 = 0): predict 0", (half, rng.standard_normal((2, 5))), {}),
    ]

    def wrong_threshold(parameters, X):
        return (_ref_forward(X, parameters)[0] >= 0.5).astype(int)

    mistakes = [
        (wrong_threshold, "predict 1 only where A2 > 0.5 (strictly greater): A2 = 0.5 is predicted 0."),
        (lambda parameters, X: _ref_forward(X, parameters)[0],
         "return 0/1 labels, not probabilities: (A2 > 0.5).astype(int)."),
        (lambda parameters, X: _ref_predict(parameters, X).ravel(),
         "keep the shape (1, m): do not flatten the predictions."),
    ]

    def _reference(parameters, X):
        return _ref_predict(parameters, X)

    _require_callable("predict", predict)
    _check("predict", lambda p, X: _as_int(predict(p, X)), _reference, cases,
           "A2, _ = forward_propagation(X, parameters); return (A2 > 0.5).astype(int), shape (1, m).", mistakes)


def _as_int(pred):
    """Accept boolean predictions (A2 > 0.5) as well as 0/1 integers."""
    if isinstance(pred, np.ndarray) and pred.dtype == bool:
        return pred.astype(int)
    return pred
