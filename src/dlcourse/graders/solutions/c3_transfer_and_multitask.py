"""Worked solutions of the exercises of "Transfer learning, multi-task learning, end-to-end learning".

``grader.show_solution("<exercise>")`` prints them. They are the learner-style answers (each checked by its
grader in the tests), not the library kernels.
"""
import numpy as np


def masked_cost(Z, Y, mask):
    m = Z.shape[1]
    # -[y log s(z) + (1 - y) log(1 - s(z))] = max(z, 0) - z y + log(1 + exp(-|z|)), stable for any z
    losses = np.maximum(Z, 0) - Z * Y + np.log1p(np.exp(-np.abs(Z)))
    return float(np.sum(mask * losses) / m)


def masked_cost_backward(Z, Y, mask):
    m = Z.shape[1]
    A = 1 / (1 + np.exp(-Z))
    return mask * (A - Y) / m


def update_with_frozen_layers(parameters, grads, learning_rate, n_frozen):
    L = len(parameters) // 2
    new = {}
    for l in range(1, L + 1):
        for p in ("W", "b"):
            if l <= n_frozen:
                new[f"{p}{l}"] = parameters[f"{p}{l}"].copy()
            else:
                new[f"{p}{l}"] = parameters[f"{p}{l}"] - learning_rate * grads[f"d{p}{l}"]
    return new
