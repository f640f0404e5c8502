"""Graders for Course 1, "Introduction to deep learning".

Two small exercises on the lecture's housing-price example:

* ``price_neuron(size, w, b)``: one ReLU neuron, ``max(0, w * size + b)``, for a row of house
  sizes of shape (1, m);
* ``price_network(X, parameters)``: neurons stacked into a network with one hidden ReLU layer
  and a ReLU output unit, ``relu(W2 relu(W1 X + b1) + b2)``, for X of shape (n_x, m).

The references are built from :func:`dlcourse.functional.relu` and
:func:`dlcourse.functional.linear_activation_forward`, the kernels later chapters derive.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from ..functional import linear_activation_forward, relu
from ._core import run_cases

__all__ = ["check_price_neuron", "check_price_network"]


def _price_neuron(size, w, b):
    return relu(w * size + b)


def _price_network(X, parameters):
    A1, _ = linear_activation_forward(X, parameters["W1"], parameters["b1"], "relu")
    A2, _ = linear_activation_forward(A1, parameters["W2"], parameters["b2"], "relu")
    return A2


def check_price_neuron(price_neuron: Callable) -> None:
    """Check ``price_neuron(size, w, b)`` = max(0, w * size + b), elementwise over ``size`` of shape (1, m)."""
    sizes = np.array([[30.0, 80.0, 120.0, 200.0]])
    rng = np.random.default_rng(0)
    cases = [
        ("four houses, w = 2.5, b = -100 (the smallest price is clipped to 0)", (sizes, 2.5, -100.0), {}),
        ("four houses, w = 1.0, b = 20 (no price is clipped)", (sizes, 1.0, 20.0), {}),
        ("every price negative before the ReLU, so all are 0", (sizes, 0.5, -500.0), {}),
        ("a single house, shape (1, 1)", (np.array([[150.0]]), 3.0, -60.0), {}),
        ("30 random houses", (rng.uniform(30.0, 250.0, (1, 30)), 2.0, -150.0), {}),
    ]
    run_cases("price_neuron", price_neuron, _price_neuron, cases,
              hint="compute the straight line z = w * size + b for every house at once (no loop), then apply "
                   "the ReLU: np.maximum(0, z). Keep the shape (1, m) of size.")


def _network_params(seed: int, n_x: int, n_h: int) -> dict:
    rng = np.random.default_rng(seed)
    return {"W1": rng.uniform(0.0, 1.0, (n_h, n_x)), "b1": rng.uniform(-1.0, 0.5, (n_h, 1)),
            "W2": rng.uniform(-0.5, 1.5, (1, n_h)), "b2": rng.uniform(-0.5, 0.5, (1, 1))}


def check_price_network(price_network: Callable) -> None:
    """Check ``price_network(X, parameters)`` = relu(W2 relu(W1 X + b1) + b2) for X of shape (n_x, m)."""
    rng = np.random.default_rng(1)
    hand = {"W1": np.array([[1.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 1.0, 1.0]]),
            "b1": np.array([[-1.0], [0.0], [-0.5]]),
            "W2": np.array([[1.0, 2.0, 3.0]]), "b2": np.array([[0.5]])}
    negative_hidden = {"W1": np.array([[1.0, -2.0], [-1.0, 1.0]]), "b1": np.array([[0.0], [-1.0]]),
                       "W2": np.array([[2.0, 5.0]]), "b2": np.array([[-1.0]])}
    cases = [
        ("4 features, 3 hidden units, 5 houses (hand-set weights)", (rng.uniform(0, 2, (4, 5)), hand), {}),
        ("2 features, 2 hidden units, some hidden units and prices clipped to 0",
         (np.array([[1.0, 3.0, 0.5, 0.5], [2.0, 0.5, 0.0, 3.0]]), negative_hidden), {}),
        ("4 features, 3 hidden units, a single house", (rng.uniform(0, 2, (4, 1)), _network_params(2, 4, 3)), {}),
        ("6 features, 5 hidden units, 20 houses", (rng.uniform(0, 2, (6, 20)), _network_params(3, 6, 5)), {}),
    ]
    run_cases("price_network", price_network, _price_network, cases,
              hint="hidden layer: A1 = np.maximum(0, W1 @ X + b1), shape (n_h, m); output: "
                   "np.maximum(0, W2 @ A1 + b2), shape (1, m). Use matrix products (@ or np.dot) with W on "
                   "the left, and apply the ReLU in both layers.")
