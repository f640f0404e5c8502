"""Worked solutions of the exercises of "Character-level language model" (Course 5, week 1).

``grader.show_solution("<exercise>")`` prints them. They are learner-style answers (each checked by its
grader in the tests).
"""
import numpy as np

from dlcourse.functional import rnn_backward, rnn_forward


def clip(gradients, max_value):
    clipped = {}
    for name, gradient in gradients.items():
        clipped[name] = np.clip(gradient, -max_value, max_value)
    return clipped


def sample(parameters, char_to_ix, seed, temperature=1.0):
    Waa, Wax, Wya, by, ba = (parameters["Waa"], parameters["Wax"], parameters["Wya"], parameters["by"],
                             parameters["ba"])
    vocab_size = by.shape[0]
    n_a = Waa.shape[1]
    rng = np.random.default_rng(seed)
    x = np.zeros((vocab_size, 1))
    a_prev = np.zeros((n_a, 1))
    indices = []
    idx = -1
    newline = char_to_ix["\n"]
    while idx != newline and len(indices) < 50:
        a = np.tanh(Wax @ x + Waa @ a_prev + ba)
        z = (Wya @ a + by) / temperature
        y = np.exp(z - z.max()) / np.sum(np.exp(z - z.max()))
        idx = int(rng.choice(vocab_size, p=y.ravel()))
        indices.append(idx)
        x = np.zeros((vocab_size, 1))
        x[idx] = 1
        a_prev = a
    if idx != newline:
        indices.append(newline)
    return indices


def optimize(X, Y, a_prev, parameters, learning_rate=0.01, max_value=5.0):
    vocab_size = parameters["by"].shape[0]
    T = len(X)
    x = np.zeros((vocab_size, 1, T))
    for t in range(T):
        if X[t] is not None:
            x[X[t], 0, t] = 1
    a, y_hat, cache = rnn_forward(x, a_prev, parameters)
    loss = 0.0
    dz = y_hat[:, 0, :].copy()
    for t in range(T):
        loss -= np.log(y_hat[Y[t], 0, t])
        dz[Y[t], t] -= 1
    da = (parameters["Wya"].T @ dz)[:, None, :]
    grads = rnn_backward(da, cache)
    gradients = {"dWax": grads["dWax"], "dWaa": grads["dWaa"], "dWya": dz @ a[:, 0, :].T,
                 "dba": grads["dba"], "dby": np.sum(dz, axis=1, keepdims=True)}
    gradients = clip(gradients, max_value)
    new_parameters = {}
    for name in ("Wax", "Waa", "Wya", "ba", "by"):
        new_parameters[name] = parameters[name] - learning_rate * gradients["d" + name]
    return float(loss), gradients, new_parameters, a[:, :, -1]
