"""Graders for Course 1, "Deep neural network application: image classification".

Both exercises are training loops. They are checked on small synthetic problems (a few
features, a few dozen examples, a few hundred iterations) -- fixed ones and one drawn fresh on
every call -- against the reference :func:`dlcourse.models.L_layer_model` with
``init="xavier", seed=seed``, so a check takes a fraction of a second while still pinning down
the initialisation, every update and the cost-recording cadence. A wrong answer is replayed
against a table of typical training-loop mistakes (initialisation, seed, learning rate, cost
recorded after the update, activations of the backward pass, ...) to name the likely cause.
"""
from __future__ import annotations

import numpy as np

from ..init import he, random_normal, xavier
from ..models import L_layer_model, L_model_backward, L_model_forward, compute_cost
from .solutions import c1_deep_application as _solutions
from ._core import Chapter, _describe, check_signature, cost_list

__all__ = ["check_two_layer_model", "check_L_layer_model", "hint", "show_solution"]

chapter = Chapter(__name__)
hint, show_solution = chapter.hint, chapter.show_solution
_DEFAULTS = {"learning_rate": 0.0075, "num_iterations": 3000, "print_cost": False, "seed": 1}


def _problem(rng, n_x: int, m: int):
    """A small, learnable binary problem: X (n_x, m) in [0, 1] like pixel values, Y (1, m)."""
    rng = np.random.default_rng(rng) if isinstance(rng, int) else rng
    X = rng.uniform(0.0, 1.0, size=(n_x, m))
    score = rng.standard_normal((1, n_x)) @ (X - 0.5) + 0.3 * np.sin(3.0 * X[:1])
    return X, (score > np.median(score)).astype(int)


def _reference(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False, seed=1):
    return L_layer_model(X, Y, list(layers_dims), learning_rate=learning_rate, num_iterations=num_iterations,
                         init="xavier", seed=seed)


def _train(init=xavier, fixed_seed=None, fixed_lr=None, sign=1.0, hidden="relu", backward_hidden=None,
           cost_after_update=False, n_iter_offset=0):
    """A training loop with one deliberate mistake, for the table of known mistakes."""
    def model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False, seed=1):
        params = init(list(layers_dims), seed=seed if fixed_seed is None else fixed_seed)
        lr = sign * (learning_rate if fixed_lr is None else fixed_lr)
        costs = []
        for i in range(num_iterations + n_iter_offset):
            AL, caches = L_model_forward(X, params, hidden_activation=hidden)
            cost = compute_cost(AL, Y)
            grads = L_model_backward(AL, Y, caches, hidden_activation=backward_hidden or hidden)
            params = {k: v - lr * grads["d" + k] for k, v in params.items()}
            if i % 100 == 0:
                costs.append(compute_cost(L_model_forward(X, params, hidden_activation=hidden)[0], Y)
                             if cost_after_update else cost)
        return params, costs
    return model


_MISTAKES = [
    (_train(cost_after_update=True), "record the cost of iteration i's forward pass, computed before that "
                                     "iteration's update (the first recorded cost is the cost of the initial parameters)."),
    (_train(init=he), "initialise with xavier (W = standard_normal / sqrt(n_prev)), not He (sqrt(2 / n_prev))."),
    (_train(init=lambda dims, seed: random_normal(dims, seed=seed, scale=0.01)),
     "initialise with xavier: W = standard_normal / sqrt(n_prev), not * 0.01."),
    (_train(fixed_seed=1), "pass the function's own seed argument to the initialisation."),
    (_train(fixed_lr=0.0075), "use the learning_rate argument in the update, not a fixed 0.0075."),
    (_train(sign=-1.0), "gradient *descent* subtracts: W = W - learning_rate * dW (you added)."),
    (_train(backward_hidden="sigmoid"),
     "the backward pass must use the activations of the forward pass: 'relu' for the hidden layers, 'sigmoid' "
     "only for the output layer."),
    (_train(hidden="sigmoid"), "the hidden layers use 'relu'; only the output layer uses 'sigmoid'."),
    (_train(hidden="tanh"), "the hidden layers use 'relu'; only the output layer uses 'sigmoid'."),
    (_train(n_iter_offset=1), "do exactly num_iterations iterations: for i in range(num_iterations)."),
    (_train(n_iter_offset=-1), "do exactly num_iterations iterations: for i in range(num_iterations)."),
]


def _training_rules(got, expected, args, kwargs):
    params, costs = got
    exp_params, exp_costs = expected
    if not isinstance(params, dict):
        return f"parameters must be a dict {{'W1', 'b1', ...}}, got {_describe(params)}."
    if not isinstance(costs, list):
        return f"costs must be a list of numbers, got {_describe(costs)}."
    if len(costs) != len(exp_costs):
        return (f"num_iterations = {kwargs.get('num_iterations', 3000)} should record {len(exp_costs)} costs, got "
                f"{len(costs)}. Record the cost when i % 100 == 0, i.e. at iterations 0, 100, 200, ...: "
                f"ceil(N / 100) costs for N iterations.")
    extra = sorted(set(params) - set(exp_params))
    if extra:
        return f"parameters should hold only {sorted(exp_params)}, got extra keys {extra}."
    start = xavier(list(args[2]), seed=kwargs.get("seed", 1))
    if set(params) == set(start) and all(np.shape(params[k]) == start[k].shape and np.allclose(params[k], start[k])
                                         for k in start):
        return "the returned parameters are the initial ones: they were never updated."
    c0, e0 = costs[0], exp_costs[0]
    if isinstance(c0, (int, float, np.number)) and not np.isclose(c0, e0, rtol=1e-5, atol=1e-8):
        return (f"the cost at iteration 0 is {float(c0):.6g}, expected {e0:.6g}. It depends only on the initial "
                f"parameters and the forward pass, so look there (or at when the cost is recorded).")
    return None


def _prepare(got):
    if isinstance(got, (tuple, list)) and len(got) == 2:
        return got[0], cost_list(got[1])
    return got


_CONCEPT = ("training is a loop: initialise once, before the loop (xavier, with the seed argument), then for each "
            "of the num_iterations iterations: forward pass, cost, backward pass with the same activations as the "
            "forward pass, update with the learning_rate argument, keeping the new parameters for the next "
            "iteration; record the cost of iterations 0, 100, 200, ... before that iteration's update.")
_SPEC = dict(returns=("parameters", "costs"), rules=[_training_rules], prepare=_prepare,
             mistakes=_MISTAKES, rtol=1e-5, atol=1e-8, time_limit=60.0, concept=_CONCEPT)
_USAGE = "{}(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False, seed=1)"


@chapter.exercise(
    "two_layer_model", _reference, **_SPEC,
    before=check_signature(_DEFAULTS, _USAGE.format("two_layer_model")),
    fresh=lambda rng: ("250 iterations, [10, 7, 1]", (*_problem(rng, 10, 40), (10, 7, 1)),
                       {"learning_rate": 0.0075, "num_iterations": 250}),
    formula="parameters = xavier(layers_dims, seed=seed); for i in range(num_iterations): A1, cache1 = "
            "linear_activation_forward(X, W1, b1, 'relu'); A2, cache2 = linear_activation_forward(A1, W2, b2, "
            "'sigmoid'); cost = compute_cost(A2, Y); dA2 = -(Y / A2 - (1 - Y) / (1 - A2)); dA1, dW2, db2 = "
            "linear_activation_backward(dA2, cache2, 'sigmoid'); dA0, dW1, db1 = linear_activation_backward(dA1, "
            "cache1, 'relu'); update every parameter with learning_rate; if i % 100 == 0: costs.append(cost).",
    solution=_solutions.two_layer_model)
def check_two_layer_model():
    """Check ``two_layer_model(X, Y, layers_dims, learning_rate, num_iterations, print_cost, seed)``.

    LINEAR -> RELU -> LINEAR -> SIGMOID trained by batch gradient descent; returns
    ``(parameters, costs)`` with a cost every 100 iterations.
    """
    X, Y = _problem(0, 6, 24)
    X2, Y2 = _problem(1, 10, 40)
    return [
        ("one iteration, [6, 3, 1]", (X, Y, (6, 3, 1)), {"learning_rate": 0.05, "num_iterations": 1}),
        ("100 iterations, [6, 3, 1]", (X, Y, (6, 3, 1)), {"learning_rate": 0.1, "num_iterations": 100}),
        ("301 iterations, learning_rate=0.3, [10, 4, 1]", (X2, Y2, (10, 4, 1)),
         {"learning_rate": 0.3, "num_iterations": 301}),
        ("seed=3, [10, 7, 1]", (X2, Y2, (10, 7, 1)), {"learning_rate": 0.1, "num_iterations": 150, "seed": 3}),
    ]


@chapter.exercise(
    "L_layer_model", _reference, **_SPEC,
    before=check_signature(_DEFAULTS, _USAGE.format("L_layer_model")),
    fresh=lambda rng: ("250 iterations, 2 layers [12, 5, 1]", (*_problem(rng, 12, 40), [12, 5, 1]),
                       {"learning_rate": 0.0075, "num_iterations": 250}),
    formula="parameters = xavier(layers_dims, seed=seed); for i in range(num_iterations): AL, caches = "
            "L_model_forward(X, parameters); cost = compute_cost(AL, Y); grads = L_model_backward(AL, Y, caches); "
            "parameters = update_parameters(parameters, grads, learning_rate); if i % 100 == 0: costs.append(cost).",
    solution=_solutions.L_layer_model)
def check_L_layer_model():
    """Check ``L_layer_model(X, Y, layers_dims, learning_rate, num_iterations, print_cost, seed)``.

    [LINEAR -> RELU] * (L-1) -> LINEAR -> SIGMOID for any ``len(layers_dims) - 1 = L``.
    """
    X, Y = _problem(2, 8, 30)
    X2, Y2 = _problem(3, 12, 40)
    return [
        ("one iteration, [8, 6, 4, 3, 1]", (X, Y, [8, 6, 4, 3, 1]), {"learning_rate": 0.05, "num_iterations": 1}),
        ("200 iterations, [8, 6, 4, 3, 1]", (X, Y, [8, 6, 4, 3, 1]), {"learning_rate": 0.1, "num_iterations": 200}),
        ("120 iterations, 1 layer [12, 1] (logistic regression)", (X2, Y2, [12, 1]),
         {"learning_rate": 0.5, "num_iterations": 120}),
        ("301 iterations, 5 layers [12, 10, 8, 6, 4, 1]", (X2, Y2, [12, 10, 8, 6, 4, 1]),
         {"learning_rate": 0.2, "num_iterations": 301}),
        ("seed=5, [8, 6, 4, 3, 1]", (X, Y, [8, 6, 4, 3, 1]), {"learning_rate": 0.1, "num_iterations": 150, "seed": 5}),
    ]
