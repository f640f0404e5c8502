"""Graders for Course 1, "Introduction to deep learning".

Two small exercises on the lecture's housing-price example:

* ``price_neuron(size, w, b)``: one ReLU neuron, ``max(0, w * size + b)``, for a row of house
  sizes of shape (1, m);
* ``price_network(X, parameters)``: neurons stacked into a network with one hidden ReLU layer
  and a ReLU output unit, ``relu(W2 relu(W1 X + b1) + b2)``, for X of shape (n_x, m).

The references are built from :func:`dlcourse.functional.relu` and
:func:`dlcourse.functional.linear_activation_forward`, the kernels later chapters derive.
The machinery (time limit, in-place check, fresh random case, progressive hints) is in
:mod:`dlcourse.graders._core`.
"""
from __future__ import annotations

import numpy as np

from ..functional import linear_activation_forward, relu
from .solutions import c1_introduction as _solutions
from ._core import Chapter

__all__ = ["check_price_neuron", "check_price_network", "hint", "show_solution"]

chapter = Chapter(__name__)
hint, show_solution = chapter.hint, chapter.show_solution


def _price_neuron(size, w, b):
    return relu(w * size + b)


def _price_network(X, parameters):
    A1, _ = linear_activation_forward(X, parameters["W1"], parameters["b1"], "relu")
    A2, _ = linear_activation_forward(A1, parameters["W2"], parameters["b2"], "relu")
    return A2


@chapter.exercise(
    "price_neuron", _price_neuron,
    fresh=lambda rng: ("30 random houses", (rng.uniform(30.0, 250.0, (1, 30)), float(rng.uniform(0.5, 3)),
                                            float(rng.uniform(-300, 0))), {}),
    concept="a neuron computes a straight line of the input and then clips negative values to 0 (the ReLU), "
            "for every house at once; the output keeps the shape (1, m) of size.",
    formula="z = w * size + b; return np.maximum(0, z).",
    solution=_solutions.price_neuron,
    mistakes=[(lambda size, w, b: w * size + b, "apply the ReLU: prices below 0 become 0 (np.maximum(0, z))."),
              (lambda size, w, b: np.maximum(0, w * size), "add the bias b to the line before the ReLU.")])
def check_price_neuron():
    """Check ``price_neuron(size, w, b)`` = max(0, w * size + b), elementwise over ``size`` of shape (1, m)."""
    sizes = np.array([[30.0, 80.0, 120.0, 200.0]])
    return [
        ("four houses, w = 2.5, b = -100 (the smallest price is clipped to 0)", (sizes, 2.5, -100.0), {}),
        ("four houses, w = 1.0, b = 20 (no price is clipped)", (sizes, 1.0, 20.0), {}),
        ("every price negative before the ReLU, so all are 0", (sizes, 0.5, -500.0), {}),
        ("a single house, shape (1, 1)", (np.array([[150.0]]), 3.0, -60.0), {}),
    ]


def _network_params(rng: np.random.Generator, n_x: int, n_h: int) -> dict:
    return {"W1": rng.uniform(0.0, 1.0, (n_h, n_x)), "b1": rng.uniform(-1.0, 0.5, (n_h, 1)),
            "W2": rng.uniform(-0.5, 1.5, (1, n_h)), "b2": rng.uniform(-0.5, 0.5, (1, 1))}


@chapter.exercise(
    "price_network", _price_network,
    fresh=lambda rng: ("6 features, 5 hidden units, 20 houses",
                       (rng.uniform(0, 2, (6, 20)), _network_params(rng, 6, 5)), {}),
    concept="each layer is a row of neurons: a matrix product of the layer's weights with its input, plus the "
            "bias, then the ReLU. The hidden layer's output is the input of the output layer.",
    formula="A1 = np.maximum(0, W1 @ X + b1), shape (n_h, m); return np.maximum(0, W2 @ A1 + b2), shape (1, m).",
    solution=_solutions.price_network,
    mistakes=[
        (lambda X, p: p["W2"] @ np.maximum(0, p["W1"] @ X + p["b1"]) + p["b2"],
         "apply the ReLU in the output unit too: the price is np.maximum(0, W2 @ A1 + b2)."),
        (lambda X, p: np.maximum(0, p["W2"] @ (p["W1"] @ X + p["b1"]) + p["b2"]),
         "apply the ReLU in the hidden layer too: A1 = np.maximum(0, W1 @ X + b1)."),
        (lambda X, p: np.maximum(0, p["W2"] @ np.maximum(0, p["W1"] @ X)),
         "add the biases b1 and b2."),
    ])
def check_price_network():
    """Check ``price_network(X, parameters)`` = relu(W2 relu(W1 X + b1) + b2) for X of shape (n_x, m)."""
    rng = np.random.default_rng(1)
    hand = {"W1": np.array([[1.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 1.0, 1.0]]),
            "b1": np.array([[-1.0], [0.0], [-0.5]]),
            "W2": np.array([[1.0, 2.0, 3.0]]), "b2": np.array([[0.5]])}
    negative_hidden = {"W1": np.array([[1.0, -2.0], [-1.0, 1.0]]), "b1": np.array([[0.0], [-1.0]]),
                       "W2": np.array([[2.0, 5.0]]), "b2": np.array([[-1.0]])}
    return [
        ("4 features, 3 hidden units, 5 houses (hand-set weights)", (rng.uniform(0, 2, (4, 5)), hand), {}),
        ("2 features, 2 hidden units, some hidden units and prices clipped to 0",
         (np.array([[1.0, 3.0, 0.5, 0.5], [2.0, 0.5, 0.0, 3.0]]), negative_hidden), {}),
        ("4 features, 3 hidden units, a single house",
         (rng.uniform(0, 2, (4, 1)), _network_params(np.random.default_rng(2), 4, 3)), {}),
    ]
