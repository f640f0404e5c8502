"""Worked solutions of the exercises of "Music generation with an LSTM".

``grader.show_solution("<exercise>")`` prints them. They are learner-style answers (each checked by its grader in
the tests); the package's versions are :func:`dlcourse.music.one_step_ahead`, :func:`dlcourse.music.music_loss`
and :func:`dlcourse.music.sample_tokens`.
"""
import numpy as np

from dlcourse.functional import lstm_cell_forward, lstm_forward


def one_step_ahead(Y, n_values):
    m, T_x = Y.shape
    X = np.zeros((n_values, m, T_x))
    for t in range(1, T_x):                           # x<1> stays the zero vector: nothing played yet
        X[Y[:, t - 1], np.arange(m), t] = 1           # x<t> = one_hot(y<t-1>), the token played just before
    return X


def music_model_forward(X, Y, parameters):
    n_values, m, T_x = X.shape
    n_a = parameters["Wy"].shape[1]
    a0 = np.zeros((n_a, m))
    a, y, c, cache = lstm_forward(X, a0, parameters)  # y (n_values, m, T_x): softmax(Wy a<t> + by)
    p_true = y[Y.T, np.arange(m)[None, :], np.arange(T_x)[:, None]]   # (T_x, m): probability of each target
    loss = -np.mean(np.log(p_true))
    return loss, y


def sample_melodies(parameters, U, temperature):
    Wy, by = parameters["Wy"], parameters["by"]
    n_values, n_a = Wy.shape
    m, T_y = U.shape
    x = np.zeros((n_values, m))
    a = np.zeros((n_a, m))
    c = np.zeros((n_a, m))
    tokens = np.zeros((m, T_y), dtype=int)
    for t in range(T_y):
        a, c, _, _ = lstm_cell_forward(x, a, c, parameters)
        z = (Wy @ a + by) / temperature
        p = np.exp(z - z.max(axis=0))
        p = p / p.sum(axis=0)
        cumulative = np.cumsum(p, axis=0)              # (n_values, m)
        idx = np.minimum(np.sum(cumulative <= U[:, t], axis=0), n_values - 1)
        tokens[:, t] = idx
        x = np.zeros((n_values, m))
        x[idx, np.arange(m)] = 1                       # the sampled token is the next input
    return tokens
