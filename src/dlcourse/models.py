"""Course 1 models, built only from the :mod:`dlcourse.functional` kernels.

* Logistic regression as a one-neuron network (week 2).
* Fully connected networks of any depth (weeks 3 and 4): the shallow "planar" network is
  ``L_layer_model(X, Y, [n_x, n_h, 1], hidden_activation="tanh", init="random")``.

Data layout: ``X`` is ``(n_x, m)``, labels ``Y`` are ``(1, m)`` of 0/1.
Function names follow the course (``L_model_forward`` ...) so the chapters read alike.
"""
from __future__ import annotations

import numpy as np

from ._validate import check_labels, check_positive_int, check_positive_number, check_shape
from .functional import (
    binary_cross_entropy,
    binary_cross_entropy_backward,
    linear_activation_backward,
    linear_activation_forward,
    linear_backward,
    linear_forward,
    sigmoid,
)
from .init import initialize_parameters
from .metrics import accuracy
from .optim import sgd_update

__all__ = [
    "initialize_with_zeros", "propagate", "optimize", "predict_logistic", "logistic_regression_model",
    "num_layers", "L_model_forward", "L_model_backward", "compute_cost", "update_parameters",
    "predict", "predict_proba", "L_layer_model",
]


# --- logistic regression -----------------------------------------------------------------------

def initialize_with_zeros(dim: int):
    """w of shape (dim, 1) and b = 0.0."""
    dim = check_positive_int("dim", dim)
    return np.zeros((dim, 1)), 0.0


def _logistic_forward(w, b, X):
    n_x = check_shape("X", X, (None, None)).shape[0]
    w = check_shape("w", w, (n_x, 1))
    Z, lin_cache = linear_forward(X, w.T, np.full((1, 1), float(b)))
    return sigmoid(Z), lin_cache


def propagate(w, b, X, Y):
    """Cost and gradients of logistic regression.

    A = sigmoid(w^T X + b), J = binary cross-entropy, dw = (1/m) X (A - Y)^T, db = mean(A - Y).
    Returns ``(grads, cost)`` with ``grads = {"dw": (n_x, 1), "db": float}``.
    """
    A, lin_cache = _logistic_forward(w, b, X)
    Y = check_labels("Y", Y, (1, A.shape[1]))
    cost = binary_cross_entropy(A, Y)
    # dL/dZ = A - Y for sigmoid + BCE; the gradient with respect to the data X is not needed
    _, dW, db = linear_backward(A - Y, lin_cache, compute_dA_prev=False)
    return {"dw": dW.T, "db": float(db[0, 0])}, cost


def optimize(w, b, X, Y, num_iterations: int = 100, learning_rate: float = 0.009, print_cost: bool = False,
             record_every: int = 100):
    """Batch gradient descent on ``propagate``; returns ``(params, grads, costs)``.

    ``costs`` holds the cost every ``record_every`` iterations (starting at iteration 0).
    """
    num_iterations = check_positive_int("num_iterations", num_iterations)
    learning_rate = check_positive_number("learning_rate", learning_rate)
    w = np.array(w, dtype=float, copy=True)
    b = float(b)
    costs = []
    grads = None
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
        if i % record_every == 0:
            costs.append(cost)
            if print_cost:
                print(f"Cost after iteration {i:5d}: {cost:.6f}")
    return {"w": w, "b": b}, grads, costs


def predict_logistic(w, b, X, threshold: float = 0.5):
    """0/1 predictions (1, m): 1 where sigmoid(w^T X + b) > threshold."""
    A, _ = _logistic_forward(w, b, X)
    return (A > threshold).astype(int)


def logistic_regression_model(X_train, Y_train, X_test, Y_test, num_iterations: int = 2000,
                              learning_rate: float = 0.5, print_cost: bool = False) -> dict:
    """Train logistic regression from zeros; returns a dict of costs, parameters and accuracies."""
    w, b = initialize_with_zeros(X_train.shape[0])
    params, _, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    w, b = params["w"], params["b"]
    pred_train = predict_logistic(w, b, X_train)
    pred_test = predict_logistic(w, b, X_test)
    return {
        "costs": costs, "w": w, "b": b,
        "Y_prediction_train": pred_train, "Y_prediction_test": pred_test,
        "train_accuracy": accuracy(pred_train, Y_train), "test_accuracy": accuracy(pred_test, Y_test),
        "learning_rate": learning_rate, "num_iterations": num_iterations,
    }


# --- L-layer networks --------------------------------------------------------------------------

def num_layers(parameters: dict) -> int:
    """Number of layers L of a network stored as ``W1, b1, ..., WL, bL``."""
    L = len(parameters) // 2
    expected = {f"{p}{l}" for l in range(1, L + 1) for p in "Wb"}
    if L == 0 or set(parameters) != expected:
        raise ValueError(f"parameters must hold W1, b1, ..., WL, bL; got keys {sorted(parameters)}")
    return L


def L_model_forward(X, parameters, hidden_activation: str = "relu", output_activation: str = "sigmoid"):
    """[LINEAR -> hidden]*(L-1) -> LINEAR -> output. Returns ``(AL, caches)``, one cache per layer."""
    L = num_layers(parameters)
    A = X
    caches = []
    for l in range(1, L + 1):
        activation = hidden_activation if l < L else output_activation
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], activation)
        caches.append(cache)
    return A, caches


def compute_cost(AL, Y) -> float:
    """Binary cross-entropy cost of the output layer (AL and Y of shape (1, m))."""
    m = check_shape("AL", AL, (1, None)).shape[1]
    check_labels("Y", Y, (1, m))
    return binary_cross_entropy(AL, Y)


def L_model_backward(AL, Y, caches, hidden_activation: str = "relu", output_activation: str = "sigmoid",
                     input_grad: bool = True):
    """Gradients of the binary cross-entropy cost: ``{"dA0", "dW1", "db1", ..., "dWL", "dbL"}``.

    ``grads["dA{l-1}"]`` is the (per-example) gradient flowing into layer ``l``'s input.
    ``input_grad=False`` skips ``dA0``, the gradient with respect to the data, which training
    never uses (and which is the largest product of the pass for image inputs).
    """
    Y = check_labels("Y", Y, (1, AL.shape[1]))
    L = len(caches)
    grads = {}
    dA = binary_cross_entropy_backward(AL, Y)
    for l in range(L, 0, -1):
        activation = hidden_activation if l < L else output_activation
        dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(
            dA, caches[l - 1], activation, compute_dA_prev=(l > 1 or input_grad))
        if dA is not None:
            grads[f"dA{l - 1}"] = dA
    return grads


def update_parameters(parameters: dict, grads: dict, learning_rate: float) -> dict:
    """Gradient-descent step on every ``W``/``b`` (extra entries in ``grads``, like dA, are ignored)."""
    return sgd_update(parameters, grads, learning_rate)


def predict_proba(X, parameters, hidden_activation: str = "relu"):
    AL, _ = L_model_forward(X, parameters, hidden_activation, "sigmoid")
    return AL


def predict(X, parameters, hidden_activation: str = "relu", threshold: float = 0.5):
    """0/1 predictions (1, m) of a sigmoid-output network."""
    return (predict_proba(X, parameters, hidden_activation) > threshold).astype(int)


def L_layer_model(X, Y, layer_dims, learning_rate: float = 0.0075, num_iterations: int = 3000,
                  hidden_activation: str = "relu", init: str = "xavier", seed: int = 1, scale: float = 0.01,
                  print_cost: bool = False, record_every: int = 100, parameters: dict | None = None):
    """Train a sigmoid-output binary classifier with batch gradient descent.

    ``layer_dims = [n_x, n^[1], ..., 1]``. Returns ``(parameters, costs)`` where ``costs`` holds
    the cost every ``record_every`` iterations. Pass ``parameters`` to continue training.
    """
    n_x, m = check_shape("X", X, (None, None)).shape
    check_labels("Y", Y, (1, m))
    if layer_dims[0] != n_x:
        raise ValueError(f"layer_dims[0] = {layer_dims[0]} but X has {n_x} features (X shape {X.shape})")
    if layer_dims[-1] != 1:
        raise ValueError(f"a binary classifier needs layer_dims[-1] == 1, got {layer_dims[-1]}")
    num_iterations = check_positive_int("num_iterations", num_iterations)
    if parameters is None:
        parameters = initialize_parameters(layer_dims, method=init, seed=seed, scale=scale)
    costs = []
    for i in range(num_iterations):
        AL, caches = L_model_forward(X, parameters, hidden_activation)
        if i % record_every == 0 or i == num_iterations - 1:
            cost = compute_cost(AL, Y)
            if i % record_every == 0:
                costs.append(cost)
            if print_cost and (i % record_every == 0 or i == num_iterations - 1):
                print(f"Cost after iteration {i:5d}: {cost:.6f}")
        grads = L_model_backward(AL, Y, caches, hidden_activation, input_grad=False)
        parameters = update_parameters(parameters, grads, learning_rate)
    return parameters, costs
