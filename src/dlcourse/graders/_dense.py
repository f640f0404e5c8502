"""Known mistakes shared by the dense-network chapters (1.4 shallow network, 1.5 step by step, 2.1 initialization).

Chapters 1.4 and 1.5 grade ``initialize_parameters(n_x, n_h, n_y, seed=1)`` (1.5 also its L-layer version)
and an ``update_parameters`` step, chapter 2.1 the zeros, large random, He and Xavier initialisers of any
depth; their tables of typical mistakes are built here once.
"""
from __future__ import annotations

import numpy as np


def _init_mistake(scale=0.01, transpose=False, reverse=False, bias=None, fixed_seed=None, flat_bias=False,
                  new_rng_per_layer=False, legacy=False, default_seed=1):
    """A wrong initialiser; ``scale`` is a number or a function ``scale(n_prev, n_l)`` (He, Xavier)."""
    def scale_of(l, layer_dims):
        return scale(layer_dims[l - 1], layer_dims[l]) if callable(scale) else scale

    def init(layer_dims, seed=default_seed):
        s = seed if fixed_seed is None else fixed_seed
        rng, legacy_rs = np.random.default_rng(s), np.random.RandomState(s)  # legacy: np.random.seed + randn
        out = {}
        for l in (range(len(layer_dims) - 1, 0, -1) if reverse else range(1, len(layer_dims))):
            if new_rng_per_layer:
                rng = np.random.default_rng(s)
            shape = (layer_dims[l], layer_dims[l - 1])
            W = legacy_rs.randn(*shape) if legacy else rng.standard_normal(shape[::-1]).T if transpose \
                else rng.standard_normal(shape)
            out[f"W{l}"] = W * scale_of(l, layer_dims)
            out[f"b{l}"] = rng.standard_normal((layer_dims[l], 1)) * scale_of(l, layer_dims) if bias == "each" \
                else np.zeros((layer_dims[l], 1))
            if flat_bias:
                out[f"b{l}"] = out[f"b{l}"].ravel()
        if bias == "after":  # random biases drawn after all the weights
            out.update({f"b{l}": rng.standard_normal((layer_dims[l], 1)) * scale_of(l, layer_dims)
                        for l in range(1, len(layer_dims))})
        return out
    return init


def init_mistakes(two_layer: bool) -> list:
    """Typical initialisation mistakes, for ``initialize_parameters`` (two_layer) or its L-layer version."""
    def adapt(init):
        return (lambda n_x, n_h, n_y, seed=1: init([n_x, n_h, n_y], seed)) if two_layer else init
    first, second = ("W1", "W2") if two_layer else ("W1", "W2, W3, ...")
    return [
        (adapt(_init_mistake(scale=1.0)), "multiply the standard-normal draws by 0.01."),
        (adapt(_init_mistake(transpose=True)),
         "draw W^[l] with shape (n^[l], n^[l-1]) directly: rng.standard_normal((n[l], n[l-1])). Drawing the "
         "transposed shape and transposing gives the right shape but different numbers."),
        (adapt(_init_mistake(reverse=True)), f"draw {first} first, then {second}, in layer order."),
        (adapt(_init_mistake(bias="each")), "the biases start at zero: np.zeros((n[l], 1))."),
        (adapt(_init_mistake(bias="after")), "the biases start at zero: np.zeros((n[l], 1))."),
        (adapt(_init_mistake(new_rng_per_layer=True)),
         "create ONE generator, rng = np.random.default_rng(seed), before drawing the first layer, and draw "
         "every layer from it; a fresh generator per layer repeats the same numbers."),
        (adapt(_init_mistake(legacy=True)),
         "use the new generator API, rng = np.random.default_rng(seed) and rng.standard_normal(shape), "
         "not np.random.seed / np.random.randn: they produce different numbers."),
        (adapt(_init_mistake(fixed_seed=1)), "use the seed argument, not a fixed seed."),
        (adapt(_init_mistake(flat_bias=True)), "the biases are column vectors of shape (n[l], 1), not (n[l],)."),
    ]


INIT_CONCEPT = ("small random weights break the symmetry between the units of a layer (zeros would make them all "
                 "learn the same thing) and keep the activations out of saturation; biases can start at zero. "
                 "W^[l] has shape (n^[l], n^[l-1]), and the numbers come from one seeded generator, in layer order.")




def update_mistakes(fixed_lr: float) -> list:
    """Typical mistakes of a gradient-descent step on a dict of parameters W1, b1, ..., WL, bL."""
    def mistake(sign=1.0, lr=None, skip_bias=False, skip_last=False):
        def update(parameters, grads, learning_rate=None):
            alpha = learning_rate if lr is None else lr
            L = len(parameters) // 2
            out = {k: v.copy() for k, v in parameters.items()}
            for l in range(1, L if skip_last else L + 1):
                out[f"W{l}"] = parameters[f"W{l}"] - sign * alpha * grads[f"dW{l}"]
                if not skip_bias:
                    out[f"b{l}"] = parameters[f"b{l}"] - sign * alpha * grads[f"db{l}"]
            return out
        return update

    return [
        (mistake(sign=-1.0), "gradient *descent* subtracts: W = W - learning_rate * dW (you added)."),
        (mistake(skip_last=True), "update every layer l = 1, ..., L (both layers of a 2-layer network): "
                                  "range(1, L + 1) with L = len(parameters) // 2."),
        (mistake(skip_bias=True), "update the biases too: b{l} = b{l} - learning_rate * db{l}."),
        (mistake(lr=fixed_lr), f"use the learning_rate argument, not a fixed {fixed_lr}."),
    ]
