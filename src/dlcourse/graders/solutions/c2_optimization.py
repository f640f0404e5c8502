"""Worked solutions of the exercises of "Optimization methods" (Course 2, week 2).

``grader.show_solution("<exercise>")`` prints them. They are the learner-style answers (each checked by
its grader in the tests), not the library code (:mod:`dlcourse.optim`).
"""
import numpy as np


def update_parameters_with_gd(parameters, grads, learning_rate):
    L = len(parameters) // 2
    new_parameters = {}
    for l in range(1, L + 1):
        new_parameters[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[f"dW{l}"]
        new_parameters[f"b{l}"] = parameters[f"b{l}"] - learning_rate * grads[f"db{l}"]
    return new_parameters


def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    m = X.shape[1]
    rng = np.random.default_rng(seed)
    permutation = rng.permutation(m)
    shuffled_X = X[:, permutation]
    shuffled_Y = Y[:, permutation]
    mini_batches = []
    num_complete = m // mini_batch_size
    for k in range(num_complete):
        start = k * mini_batch_size
        mini_batches.append((shuffled_X[:, start:start + mini_batch_size],
                             shuffled_Y[:, start:start + mini_batch_size]))
    if m % mini_batch_size != 0:
        start = num_complete * mini_batch_size
        mini_batches.append((shuffled_X[:, start:], shuffled_Y[:, start:]))
    return mini_batches


def initialize_velocity(parameters):
    L = len(parameters) // 2
    v = {}
    for l in range(1, L + 1):
        v[f"dW{l}"] = np.zeros_like(parameters[f"W{l}"])
        v[f"db{l}"] = np.zeros_like(parameters[f"b{l}"])
    return v


def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    L = len(parameters) // 2
    new_parameters, new_v = {}, {}
    for l in range(1, L + 1):
        for p in ("W", "b"):
            key = f"d{p}{l}"
            new_v[key] = beta * v[key] + (1 - beta) * grads[key]
            new_parameters[f"{p}{l}"] = parameters[f"{p}{l}"] - learning_rate * new_v[key]
    return new_parameters, new_v


def initialize_adam(parameters):
    L = len(parameters) // 2
    v, s = {}, {}
    for l in range(1, L + 1):
        for p in ("W", "b"):
            v[f"d{p}{l}"] = np.zeros_like(parameters[f"{p}{l}"])
            s[f"d{p}{l}"] = np.zeros_like(parameters[f"{p}{l}"])
    return v, s


def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999,
                                epsilon=1e-8):
    L = len(parameters) // 2
    new_parameters, new_v, new_s = {}, {}, {}
    for l in range(1, L + 1):
        for p in ("W", "b"):
            key = f"d{p}{l}"
            new_v[key] = beta1 * v[key] + (1 - beta1) * grads[key]
            new_s[key] = beta2 * s[key] + (1 - beta2) * grads[key] ** 2
            v_corrected = new_v[key] / (1 - beta1 ** t)
            s_corrected = new_s[key] / (1 - beta2 ** t)
            new_parameters[f"{p}{l}"] = (parameters[f"{p}{l}"]
                                         - learning_rate * v_corrected / (np.sqrt(s_corrected) + epsilon))
    return new_parameters, new_v, new_s


def update_lr(learning_rate0, epoch_num, decay_rate):
    return learning_rate0 / (1 + decay_rate * epoch_num)


def schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval=1000):
    return learning_rate0 / (1 + decay_rate * np.floor(epoch_num / time_interval))
