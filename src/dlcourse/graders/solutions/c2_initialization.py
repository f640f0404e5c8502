"""Worked solutions of the exercises of "Practical aspects and initialization".

``grader.show_solution("<exercise>")`` prints them. They are the learner-style answers (each checked by its
grader in the tests), not the library kernels (:mod:`dlcourse.init`).
"""
import numpy as np


def initialize_parameters_zeros(layers_dims):
    parameters = {}
    L = len(layers_dims) - 1  # number of layers with parameters
    for l in range(1, L + 1):
        parameters[f"W{l}"] = np.zeros((layers_dims[l], layers_dims[l - 1]))
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters


def initialize_parameters_random(layers_dims, seed=3):
    rng = np.random.default_rng(seed)
    parameters = {}
    L = len(layers_dims) - 1
    for l in range(1, L + 1):
        parameters[f"W{l}"] = rng.standard_normal((layers_dims[l], layers_dims[l - 1])) * 10
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters


def initialize_parameters_he(layers_dims, seed=3):
    rng = np.random.default_rng(seed)
    parameters = {}
    L = len(layers_dims) - 1
    for l in range(1, L + 1):
        n_prev = layers_dims[l - 1]  # fan-in: the number of inputs of each unit of layer l
        parameters[f"W{l}"] = rng.standard_normal((layers_dims[l], n_prev)) * np.sqrt(2 / n_prev)
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters


def initialize_parameters_xavier(layers_dims, seed=3):
    rng = np.random.default_rng(seed)
    parameters = {}
    L = len(layers_dims) - 1
    for l in range(1, L + 1):
        n_prev = layers_dims[l - 1]
        parameters[f"W{l}"] = rng.standard_normal((layers_dims[l], n_prev)) * np.sqrt(1 / n_prev)
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters
