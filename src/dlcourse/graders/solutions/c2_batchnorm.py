"""Worked solutions of the exercises of "Hyperparameter tuning and batch normalization".

``grader.show_solution("<exercise>")`` prints them. They are the learner-style answers (each checked by its
grader in the tests), not the library kernels (``dlcourse.functional.batchnorm_forward`` and friends).
"""
import numpy as np


def sample_log_uniform(low, high, size, seed=0):
    rng = np.random.default_rng(seed)
    r = rng.uniform(np.log10(low), np.log10(high), size)  # the exponent is uniform...
    return 10.0 ** r                                       # ...so the value is spread evenly over the decades


def batchnorm_forward(Z, gamma, beta, eps=1e-5):
    mu = np.mean(Z, axis=1, keepdims=True)                 # one mean per feature (row), over the m examples
    var = np.mean((Z - mu) ** 2, axis=1, keepdims=True)    # the biased variance: divided by m
    Z_hat = (Z - mu) / np.sqrt(var + eps)
    out = gamma * Z_hat + beta
    cache = (Z_hat, gamma, mu, var, eps)
    return out, cache


def batchnorm_backward(dout, cache):
    Z_hat, gamma, mu, var, eps = cache
    m = dout.shape[1]
    dbeta = np.sum(dout, axis=1, keepdims=True)
    dgamma = np.sum(dout * Z_hat, axis=1, keepdims=True)
    dZ = gamma / (m * np.sqrt(var + eps)) * (m * dout - dbeta - Z_hat * dgamma)
    return dZ, dgamma, dbeta


def batchnorm_inference(Z, gamma, beta, running_mean, running_var, eps=1e-5):
    Z_hat = (Z - running_mean) / np.sqrt(running_var + eps)
    return gamma * Z_hat + beta
