"""Batch normalization for dense layers (Course 2, week 3), layout ``(features, m)``.

Each feature (row) of ``Z`` is normalized over the mini-batch (the columns), then scaled
and shifted by learned ``gamma`` and ``beta`` of shape ``(features, 1)``::

    mu = (1/m) sum_i Z(i),   var = (1/m) sum_i (Z(i) - mu)^2          (training: batch statistics)
    Z_hat = (Z - mu) / sqrt(var + eps),   out = gamma * Z_hat + beta

At inference (``train=False``) ``mu`` and ``var`` are replaced by running averages
computed during training (:func:`batchnorm_running_update`, an exponentially weighted
average with weight ``momentum`` on the past, as in the course's lecture on batch norm at
test time). ``var`` is the biased batch variance (divided by m), in training and in the
running average.

Backward (training mode), in the compact form obtained by differentiating through mu and var::

    dbeta  = sum_i dout(i)
    dgamma = sum_i dout(i) * Z_hat(i)
    dZ     = gamma / (m sqrt(var + eps)) * (m dout - dbeta - Z_hat * dgamma)

(the ``1/m`` there comes from mu and var being means over the batch, not from averaging the
cost). In inference mode the statistics are constants: ``dZ = gamma * dout / sqrt(var + eps)``.
"""
from __future__ import annotations

import numpy as np

from .._validate import as_float, check_positive_number, check_shape
from ._cache import Cache, open_cache
from .layers import check_same_dtype

__all__ = ["batchnorm_forward", "batchnorm_backward", "batchnorm_running_update"]

#: Added to the variance before the square root (the course's epsilon).
DEFAULT_EPS = 1e-5


def _column(name: str, x, n: int) -> np.ndarray:
    x = as_float(name, x)
    if x.shape != (n, 1):
        hint = " (reshape it to (features, 1))" if x.size == n else ""
        raise ValueError(f"{name} has shape {x.shape} but expected (features={n}, 1){hint}")
    return x


def batchnorm_forward(Z, gamma, beta, train: bool = True, running_mean=None, running_var=None,
                      eps: float = DEFAULT_EPS):
    """Batch-normalize ``Z`` (features, m); returns ``(out, cache)``.

    ``train=True`` uses the batch's own mean and variance (m >= 2); ``train=False`` needs
    ``running_mean`` and ``running_var`` of shape (features, 1).
    """
    Z = check_shape("Z", as_float("Z", Z), ("features", "m"))
    n, m = Z.shape
    gamma, beta = _column("gamma", gamma, n), _column("beta", beta, n)
    check_same_dtype(Z=Z, gamma=gamma, beta=beta)
    eps = check_positive_number("eps", eps)
    if train:
        if m < 2:
            raise ValueError(f"Z has shape {Z.shape}: batch norm in training mode needs m >= 2 examples "
                             f"(the variance of one example is 0); use train=False with running averages")
        mean = Z.mean(axis=1, keepdims=True)
        Z_hat = Z - mean
        var = np.mean(Z_hat * Z_hat, axis=1, keepdims=True)
    else:
        if running_mean is None or running_var is None:
            raise ValueError("batchnorm_forward with train=False needs running_mean and running_var "
                             "(the averages collected during training)")
        mean = _column("running_mean", running_mean, n)
        var = _column("running_var", running_var, n)
        check_same_dtype(Z=Z, running_mean=mean, running_var=var)
        if m == 0:
            raise ValueError(f"Z has shape {Z.shape}: m (the number of examples) is 0")
        Z_hat = Z - mean
    inv_std = 1.0 / np.sqrt(var + eps)
    Z_hat *= inv_std
    out = gamma * Z_hat
    out += beta
    return out, Cache("batchnorm", Z_hat=Z_hat, inv_std=inv_std, gamma=gamma, train=bool(train),
                      mean=mean, var=var)


def batchnorm_backward(dout, cache):
    """Backward of :func:`batchnorm_forward`: ``(dZ, dgamma, dbeta)`` (plain chain rule)."""
    values = open_cache(cache, "batchnorm")
    Z_hat, inv_std, gamma = values["Z_hat"], values["inv_std"], values["gamma"]
    dout = as_float("dout", dout)
    if dout.shape != Z_hat.shape:
        raise ValueError(f"dout has shape {dout.shape} but the batch-norm layer's output had shape "
                         f"{Z_hat.shape} (cache of another layer?)")
    check_same_dtype(Z=Z_hat, dout=dout)
    dbeta = np.sum(dout, axis=1, keepdims=True)
    dgamma = np.sum(dout * Z_hat, axis=1, keepdims=True)
    if not values["train"]:
        return dout * (gamma * inv_std), dgamma, dbeta
    m = Z_hat.shape[1]
    dZ = dout * Z_hat.dtype.type(m)
    dZ -= dbeta
    dZ -= Z_hat * dgamma
    dZ *= gamma * inv_std / Z_hat.dtype.type(m)
    return dZ, dgamma, dbeta


def batchnorm_running_update(running_mean, running_var, cache, momentum: float = 0.9):
    """New running averages ``momentum * running + (1 - momentum) * batch`` (mean and variance).

    ``cache`` is the training-mode cache of :func:`batchnorm_forward`, which holds the batch
    statistics. Returns ``(new_mean, new_var)``; the inputs are not modified.
    """
    values = open_cache(cache, "batchnorm")
    if not values["train"]:
        raise ValueError("batchnorm_running_update needs the cache of a training-mode forward (train=True): "
                         "an inference-mode forward used the running averages themselves")
    if isinstance(momentum, bool) or not isinstance(momentum, (int, float, np.floating)) or not 0 <= momentum < 1:
        raise ValueError(f"momentum (the weight of the past in the running average) must be in [0, 1), "
                         f"got {momentum!r}")
    mean, var = values["mean"], values["var"]
    n = mean.shape[0]
    running_mean, running_var = _column("running_mean", running_mean, n), _column("running_var", running_var, n)
    check_same_dtype(Z=mean, running_mean=running_mean, running_var=running_var)
    return momentum * running_mean + (1 - momentum) * mean, momentum * running_var + (1 - momentum) * var
