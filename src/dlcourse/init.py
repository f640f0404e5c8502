"""Parameter initialisation for fully connected networks.

``layer_dims = [n_x, n^[1], ..., n^[L]]``. Every initialiser returns a dict
``{"W1": (n^[1], n_x), "b1": (n^[1], 1), ...}``. Random initialisers draw every ``W^[l]``
in layer order from one ``np.random.default_rng(seed)``, so a seed fixes the whole network.

=============  =====================================  ================================
method         W^[l] drawn as                          use it for
=============  =====================================  ================================
``zeros``      0                                       showing why symmetry must break
``random``     N(0, 1) * scale (default scale 0.01)    the course's first networks
``xavier``     N(0, 1) * sqrt(1 / n^[l-1])             tanh / sigmoid networks
``he``         N(0, 1) * sqrt(2 / n^[l-1])             ReLU networks
=============  =====================================  ================================
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from ._validate import check_positive_int, check_positive_number

__all__ = ["initialize_parameters", "zeros", "random_normal", "xavier", "he", "METHODS"]


def _check_dims(layer_dims: Sequence[int]) -> list[int]:
    """``layer_dims`` as a list of positive ints (numpy integers accepted), naming the bad entry."""
    if isinstance(layer_dims, (str, bytes, dict)) or not hasattr(layer_dims, "__len__") or len(layer_dims) < 2:
        raise ValueError(f"layer_dims must list at least 2 layer sizes [n_x, ..., n_y], got {layer_dims!r}")
    if isinstance(layer_dims, np.ndarray) and layer_dims.ndim != 1:
        raise ValueError(f"layer_dims must be a flat list of layer sizes, got an array of shape {layer_dims.shape}")
    return [check_positive_int(f"layer_dims[{i}]", n) for i, n in enumerate(layer_dims)]


def _check_seed(seed):
    """A seed numpy's ``default_rng`` accepts: a non-negative int (or None for fresh entropy)."""
    if seed is not None and (isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer))
                             or seed < 0):
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    return seed


def _scaled(layer_dims, seed, scale_of):
    dims = _check_dims(layer_dims)
    rng = np.random.default_rng(_check_seed(seed))
    params = {}
    for l in range(1, len(dims)):
        params[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1])) * scale_of(dims[l - 1])
        params[f"b{l}"] = np.zeros((dims[l], 1))
    return params


def zeros(layer_dims):
    dims = _check_dims(layer_dims)  # no random numbers drawn (VGG-16's 138 million zeros are instant)
    params = {}
    for l in range(1, len(dims)):
        params[f"W{l}"] = np.zeros((dims[l], dims[l - 1]))
        params[f"b{l}"] = np.zeros((dims[l], 1))
    return params


def random_normal(layer_dims, seed: int = 1, scale: float = 0.01):
    scale = check_positive_number("scale", scale)
    return _scaled(layer_dims, seed, lambda n_prev: scale)


def xavier(layer_dims, seed: int = 1):
    return _scaled(layer_dims, seed, lambda n_prev: np.sqrt(1.0 / n_prev))


def he(layer_dims, seed: int = 1):
    return _scaled(layer_dims, seed, lambda n_prev: np.sqrt(2.0 / n_prev))


METHODS = {"zeros": zeros, "random": random_normal, "xavier": xavier, "he": he}


def initialize_parameters(layer_dims, method: str = "he", seed: int = 1, scale: float = 0.01):
    """Initialise a fully connected network with one of :data:`METHODS`."""
    if method not in METHODS:
        raise ValueError(f"unknown initialisation {method!r}; choose one of {sorted(METHODS)}")
    if method == "zeros":
        return zeros(layer_dims)
    if method == "random":
        return random_normal(layer_dims, seed=seed, scale=scale)
    return METHODS[method](layer_dims, seed=seed)
