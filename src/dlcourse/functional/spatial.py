"""Flatten images for a dense layer, and batch normalization of conv activations.

Flatten: ``(m, n_H, n_W, n_C) -> (m, n_H*n_W*n_C)``, one row per example, entries in
row-major order (channel fastest, then width, then height), as numpy's reshape and Keras'
Flatten lay them out. The course's dense kernels (:mod:`dlcourse.functional.dense`) take
``(features, m)``: pass the rows through :func:`to_columns` first (and the gradient back
through :func:`to_rows`).

Spatial batch norm normalizes each channel over examples *and* positions, the
``m*n_H*n_W`` numbers that share that channel's filter.
"""
from __future__ import annotations

import numpy as np

from .._validate import as_array
from ._cache import Cache, open_cache
from ._images import as_dtype, check_images, compute_dtype

__all__ = ["flatten_forward", "flatten_backward", "to_columns", "to_rows",
           "spatial_batchnorm_forward", "spatial_batchnorm_backward"]


def flatten_forward(A):
    """(m, n_H, n_W, n_C) -> (m, n_H*n_W*n_C) (a view when ``A`` is contiguous). Returns ``(A_flat, cache)``."""
    A = check_images("A", A, compute_dtype(A))
    return A.reshape(A.shape[0], -1), Cache("flatten", shape=A.shape, dtype=A.dtype)


def flatten_backward(dA_flat, cache):
    """(m, n_H*n_W*n_C) -> (m, n_H, n_W, n_C)."""
    saved = open_cache(cache, "flatten")
    m, n_H, n_W, n_C = shape = saved["shape"]
    dA_flat = as_dtype("dA_flat", dA_flat, saved["dtype"], "the layer")
    if dA_flat.shape != (m, n_H * n_W * n_C):
        hint = " (still in (features, m) columns? use to_rows)" if dA_flat.shape == (n_H * n_W * n_C, m) else ""
        raise ValueError(f"dA_flat has shape {dA_flat.shape} but expected {(m, n_H * n_W * n_C)}{hint}")
    return dA_flat.reshape(shape)


def to_columns(X_rows):
    """(m, n) rows of examples -> (n, m) columns, the layout of the course's dense kernels (a view)."""
    X_rows = as_array("X_rows", X_rows, ndim=2)
    return X_rows.T


def to_rows(X_columns):
    """(n, m) columns -> (m, n) rows; the inverse of :func:`to_columns` (also for gradients)."""
    X_columns = as_array("X_columns", X_columns, ndim=2)
    return X_columns.T


def spatial_batchnorm_forward(X, gamma, beta, bn_param: dict):
    """Batch norm of conv activations, per channel over (m, n_H, n_W). Returns ``(out, cache)``.

    X (m, n_H, n_W, n_C); gamma, beta (1, 1, 1, n_C). ``bn_param`` holds "mode" ("train" or
    "test"), optional "eps" (1e-5) and "momentum" (0.9). In train mode the batch statistics
    normalize X and the running averages ``bn_param["running_mean"]``, ``["running_var"]``
    (created on the first call) are updated in place; test mode normalizes with them.
    """
    dtype = compute_dtype(X, gamma, beta)
    X = check_images("X", X, dtype)
    n_C = X.shape[3]
    gamma = as_dtype("gamma", gamma, dtype, "X")
    beta = as_dtype("beta", beta, dtype, "X")
    for name, p in (("gamma", gamma), ("beta", beta)):
        if p.shape != (1, 1, 1, n_C):
            raise ValueError(f"{name} has shape {p.shape} but expected (1, 1, 1, n_C={n_C}), one per channel of X")
    mode = bn_param.get("mode", "train")
    eps = float(bn_param.get("eps", 1e-5))
    momentum = float(bn_param.get("momentum", 0.9))
    if mode == "train":
        mean = X.mean(axis=(0, 1, 2), keepdims=True)
        centered = X - mean
        var = np.mean(centered * centered, axis=(0, 1, 2), keepdims=True)
        running_mean = bn_param.setdefault("running_mean", np.zeros((1, 1, 1, n_C), dtype))
        running_var = bn_param.setdefault("running_var", np.ones((1, 1, 1, n_C), dtype))
        running_mean *= momentum
        running_mean += (1 - momentum) * mean
        running_var *= momentum
        running_var += (1 - momentum) * var
    elif mode == "test":
        if "running_mean" not in bn_param:
            raise ValueError("bn_param has no running statistics yet: run spatial_batchnorm_forward in 'train' mode first")
        centered = X - bn_param["running_mean"]
        var = bn_param["running_var"]
    else:
        raise ValueError(f"bn_param['mode'] must be 'train' or 'test', got {mode!r}")
    inv_std = (1.0 / np.sqrt(var + eps)).astype(dtype)
    X_hat = centered * inv_std
    out = gamma * X_hat + beta
    return out, Cache("spatial_batchnorm", X_hat=X_hat, gamma=gamma, inv_std=inv_std, mode=mode)


def spatial_batchnorm_backward(dout, cache):
    """Returns ``(dX, dgamma, dbeta)``.

    Train mode, with N = m n_H n_W and means over those N numbers per channel:
    ``dX = gamma * inv_std * (dout - mean(dout) - X_hat * mean(dout * X_hat))``.
    Test mode normalizes with constants: ``dX = gamma * inv_std * dout``.
    """
    saved = open_cache(cache, "spatial_batchnorm")
    X_hat, gamma, inv_std = saved["X_hat"], saved["gamma"], saved["inv_std"]
    dout = as_dtype("dout", dout, X_hat.dtype, "the layer")
    if dout.shape != X_hat.shape:
        raise ValueError(f"dout has shape {dout.shape} but the forward returned shape {X_hat.shape}")
    axes = (0, 1, 2)
    dbeta = dout.sum(axis=axes, keepdims=True)
    dgamma = (dout * X_hat).sum(axis=axes, keepdims=True)
    if saved["mode"] == "test":
        return gamma * inv_std * dout, dgamma, dbeta
    N = X_hat.size // X_hat.shape[3]
    dX = (gamma * inv_std) * (dout - dbeta / N - X_hat * (dgamma / N))
    return dX, dgamma, dbeta
