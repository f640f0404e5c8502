"""Graders for Course 2, "Practical aspects and initialization".

The chapter's exercises are four initialisers of a fully connected network of any depth,
``initialize_parameters_<method>(layers_dims[, seed=3])`` returning ``{"W1", "b1", ..., "WL", "bL"}``:
zeros, large random (standard normal times 10), He (times sqrt(2 / n^[l-1])) and Xavier (times
sqrt(1 / n^[l-1])). Each is checked against :mod:`dlcourse.init` (``zeros``, ``random_normal(scale=10)``,
``he``, ``xavier``) on fixed cases, edge cases included, and one case drawn fresh on every call; a wrong
answer is compared with a table of typical mistakes (a transposed shape, the fan-out instead of the fan-in,
a missing square root, one generator per layer, ...). The machinery is :mod:`dlcourse.graders._core`.
"""
from __future__ import annotations

import numpy as np

from ..init import he, random_normal, xavier, zeros
from .solutions import c2_initialization as _solutions
from ._core import Chapter, check_signature
from ._dense import _init_mistake

__all__ = [
    "check_initialize_parameters_zeros", "check_initialize_parameters_random", "check_initialize_parameters_he",
    "check_initialize_parameters_xavier", "hint", "show_solution",
]

chapter = Chapter(__name__)
hint, show_solution = chapter.hint, chapter.show_solution

SEED = 3  # the original assignment seeds its random initialisers with 3
RANDOM_SCALE = 10.0


# --- shared pieces ---------------------------------------------------------------------------------------

def _exact_keys(got, expected, args, kwargs):
    """A rule: the dict holds exactly W1, b1, ..., WL, bL (extra entries are reported, not ignored)."""
    if isinstance(got, dict) and isinstance(expected, dict):
        extra = sorted(set(got) - set(expected), key=str)
        if extra:
            L = len(expected) // 2
            return (f"the returned dict has extra keys {extra}: it must hold exactly W1, b1, ..., W{L}, b{L} "
                    f"(the layers are numbered from 1, and there are L = len(layers_dims) - 1 = {L} of them).")
    return None


def _without_last(init):
    """The mistake ``range(1, L)`` with ``L = len(layers_dims) - 1``: the output layer is missing."""
    def wrong(layers_dims, *args, **kwargs):
        L = len(layers_dims) - 1
        return {k: v for k, v in init(layers_dims, *args, **kwargs).items() if k not in (f"W{L}", f"b{L}")}
    return wrong


_MISSING_LAST = ("loop over l = 1, ..., L, i.e. range(1, len(layers_dims)): the last layer is missing. There are "
                 "L = len(layers_dims) - 1 layers with parameters.")


def _random_cases(default_seed_case: bool = True):
    cases = [
        ("layers_dims=[3, 2, 1]", ([3, 2, 1],), {"seed": SEED}),
        ("the chapter's network [2, 10, 5, 1]", ([2, 10, 5, 1],), {"seed": SEED}),
        ("a single layer: layers_dims=[4, 1]", ([4, 1],), {"seed": SEED}),
        ("one unit per layer: [1, 1, 1, 1]", ([1, 1, 1, 1],), {"seed": 5}),
        ("wide then narrow: [50, 20, 7, 1], seed=0", ([50, 20, 7, 1],), {"seed": 0}),
    ]
    if default_seed_case:
        cases.append(("[2, 10, 5, 1] with the default seed", ([2, 10, 5, 1],), {}))
    return cases


def _random_fresh(rng):
    dims = [int(n) for n in rng.integers(1, 9, int(rng.integers(2, 6)))]
    return "random layers_dims and seed", (dims,), {"seed": int(rng.integers(0, 10 ** 6))}


def _scaled_mistakes(scale, name: str, default_seed: int = SEED) -> list:
    """The layout mistakes any random initialiser can make, for an initialiser drawing N(0, 1) * ``scale``.

    ``scale`` is a number or ``scale(n_prev, n_l)``; ``name`` names the scale in the sentences.
    """
    def wrong(**how):
        return _init_mistake(**{"scale": scale, "default_seed": default_seed, **how})

    return [
        (_without_last(wrong()), _MISSING_LAST),
        (wrong(transpose=True),
         "draw W^[l] with shape (n^[l], n^[l-1]) directly: rng.standard_normal((layers_dims[l], layers_dims[l-1])). "
         "Drawing the transposed shape and transposing gives the right shape but different numbers."),
        (wrong(reverse=True), "draw the layers in order, W1 first, then W2, W3, ..."),
        (wrong(bias="each"), "the biases start at zero: np.zeros((layers_dims[l], 1)); only W is random."),
        (wrong(bias="after"), "the biases start at zero: np.zeros((layers_dims[l], 1)); only W is random."),
        (wrong(new_rng_per_layer=True),
         "create ONE generator, rng = np.random.default_rng(seed), before the loop and draw every layer from it; "
         "a fresh generator per layer repeats the same numbers."),
        (wrong(legacy=True),
         "use the new generator API, rng = np.random.default_rng(seed) and rng.standard_normal(shape), not "
         "np.random.seed / np.random.randn: they produce different numbers."),
        (wrong(fixed_seed=default_seed), "use the seed argument, not a fixed seed."),
        (wrong(flat_bias=True), "the biases are column vectors of shape (layers_dims[l], 1), not (layers_dims[l],)."),
        (wrong(scale=1.0), f"multiply the standard-normal draws by {name}."),
    ]


_USAGE = "initialize_parameters_{}(layers_dims, seed=3)"
_LAYOUT = ("W^[l] has shape (n^[l], n^[l-1]) (one row per unit of layer l, one column per input), b^[l] is a "
           "column of n^[l] zeros, and the layers are numbered 1 to L = len(layers_dims) - 1.")


# --- Exercise 1: zeros ------------------------------------------------------------------------------------

def _zeros_mistake(transpose=False, flat_bias=False, bias_like_w=False, missing_last=False):
    def init(layers_dims):
        out = {}
        L = len(layers_dims) - 1
        for l in range(1, L if missing_last else L + 1):
            shape = (layers_dims[l], layers_dims[l - 1])
            out[f"W{l}"] = np.zeros(shape[::-1] if transpose else shape)
            out[f"b{l}"] = np.zeros(shape) if bias_like_w else np.zeros(layers_dims[l]) if flat_bias \
                else np.zeros((layers_dims[l], 1))
        return out
    return init


@chapter.exercise(
    "initialize_parameters_zeros", lambda layers_dims: zeros(list(layers_dims)),
    fresh=lambda rng: ("random layers_dims", ([int(n) for n in rng.integers(1, 300, int(rng.integers(2, 6)))],), {}),
    concept="every weight and every bias starts at zero (the experiment of this section shows why that fails). "
            + _LAYOUT,
    rules=[_exact_keys],
    mistakes=[
        (_zeros_mistake(missing_last=True), _MISSING_LAST),
        (_zeros_mistake(transpose=True),
         "W^[l] has shape (layers_dims[l], layers_dims[l-1]): one row per unit of layer l, one column per input."),
        (_zeros_mistake(bias_like_w=True), "b^[l] is a column of shape (layers_dims[l], 1), not the shape of W^[l]."),
        (_zeros_mistake(flat_bias=True), "the biases are column vectors of shape (layers_dims[l], 1), not (layers_dims[l],)."),
    ],
    formula="for l in range(1, len(layers_dims)): W{l} = np.zeros((layers_dims[l], layers_dims[l-1])); "
            "b{l} = np.zeros((layers_dims[l], 1)).",
    solution=_solutions.initialize_parameters_zeros)
def check_initialize_parameters_zeros():
    """``initialize_parameters_zeros(layers_dims) -> {"W1", "b1", ..., "WL", "bL"}``, all zeros."""
    return [
        ("layers_dims=[3, 2, 1]", ([3, 2, 1],), {}),
        ("the chapter's network [2, 10, 5, 1]", ([2, 10, 5, 1],), {}),
        ("a single layer: layers_dims=[4, 1]", ([4, 1],), {}),
        ("one unit per layer: [1, 1, 1, 1]", ([1, 1, 1, 1],), {}),
        ("non-square layers: [5, 3, 4, 2]", ([5, 3, 4, 2],), {}),
    ]


# --- Exercise 2: large random -----------------------------------------------------------------------------

def _ref_random(layers_dims, seed=SEED):
    return random_normal(list(layers_dims), seed=seed, scale=RANDOM_SCALE)


@chapter.exercise(
    "initialize_parameters_random", _ref_random, fresh=_random_fresh,
    before=check_signature({"seed": SEED}, _USAGE.format("random")),
    concept="random weights break the symmetry between the units of a layer; here they are deliberately LARGE "
            "(the exercise gives the factor) to show what too large a scale does. The numbers come from one seeded "
            "generator, drawn layer by layer in order; the biases start at zero. " + _LAYOUT,
    rules=[_exact_keys],
    mistakes=[
        (_init_mistake(scale=0.01, default_seed=SEED),
         "this exercise multiplies by 10 (a deliberately large scale), not by 0.01, the small scale of Course 1."),
        *_scaled_mistakes(RANDOM_SCALE, "10"),
    ],
    formula="rng = np.random.default_rng(seed) once; for l in range(1, len(layers_dims)): "
            "W{l} = rng.standard_normal((layers_dims[l], layers_dims[l-1])) * 10; b{l} = np.zeros((layers_dims[l], 1)).",
    solution=_solutions.initialize_parameters_random)
def check_initialize_parameters_random():
    """``initialize_parameters_random(layers_dims, seed=3)``: N(0, 1) * 10 weights, zero biases."""
    return _random_cases()


# --- Exercise 3: He ---------------------------------------------------------------------------------------

def _ref_he(layers_dims, seed=SEED):
    return he(list(layers_dims), seed=seed)


def _he(n_prev, n_l):
    return np.sqrt(2.0 / n_prev)


_FAN_IN = ("divide by the number of INPUTS of each unit of layer l, n^[l-1] = layers_dims[l-1] (the fan-in), "
           "not by the layer's own size layers_dims[l].")


@chapter.exercise(
    "initialize_parameters_he", _ref_he, fresh=_random_fresh,
    before=check_signature({"seed": SEED}, _USAGE.format("he")),
    concept="He initialisation chooses the scale of each layer's random weights so that the variance of the "
            "pre-activations stays the same from layer to layer in a ReLU network. The scale depends on the number "
            "of inputs of each unit (its fan-in), with an extra factor that makes up for ReLU zeroing half of its "
            "inputs; the standard-normal draws are multiplied by a standard deviation, not a variance. " + _LAYOUT,
    rules=[_exact_keys],
    mistakes=[
        (_init_mistake(scale=lambda n_prev, n_l: np.sqrt(1.0 / n_prev), default_seed=SEED),
         "He uses 2 / n^[l-1] under the square root: sqrt(1 / n^[l-1]) is Xavier's scale (for tanh), He's "
         "extra factor 2 makes up for ReLU zeroing half of its inputs."),
        (_init_mistake(scale=lambda n_prev, n_l: np.sqrt(2.0 / n_l), default_seed=SEED), _FAN_IN),
        (_init_mistake(scale=lambda n_prev, n_l: 2.0 / n_prev, default_seed=SEED),
         "multiply by the standard deviation sqrt(2 / n^[l-1]), the square root of the variance 2 / n^[l-1]."),
        (_init_mistake(scale=lambda n_prev, n_l: np.sqrt(2.0 / (n_prev + n_l)), default_seed=SEED),
         "sqrt(2 / (n^[l-1] + n^[l])) is Glorot and Bengio's average of fan-in and fan-out; He uses the fan-in "
         "only: sqrt(2 / n^[l-1])."),
        (_init_mistake(scale=lambda n_prev, n_l: 10 * np.sqrt(2.0 / n_prev), default_seed=SEED),
         "drop the factor 10 of the previous exercise: He's scale is sqrt(2 / n^[l-1]) alone."),
        *_scaled_mistakes(_he, "sqrt(2 / layers_dims[l-1])"),
    ],
    formula="rng = np.random.default_rng(seed) once; for l in range(1, len(layers_dims)): W{l} = "
            "rng.standard_normal((layers_dims[l], layers_dims[l-1])) * np.sqrt(2 / layers_dims[l-1]); "
            "b{l} = np.zeros((layers_dims[l], 1)).",
    solution=_solutions.initialize_parameters_he)
def check_initialize_parameters_he():
    """``initialize_parameters_he(layers_dims, seed=3)``: N(0, 1) * sqrt(2 / n^[l-1]) weights, zero biases."""
    return _random_cases()


# --- Exercise 4: Xavier -----------------------------------------------------------------------------------

def _ref_xavier(layers_dims, seed=SEED):
    return xavier(list(layers_dims), seed=seed)


def _xavier(n_prev, n_l):
    return np.sqrt(1.0 / n_prev)


@chapter.exercise(
    "initialize_parameters_xavier", _ref_xavier, fresh=_random_fresh,
    before=check_signature({"seed": SEED}, _USAGE.format("xavier")),
    concept="Xavier initialisation keeps the variance of the pre-activations constant across the layers of a "
            "network whose activation is close to linear around zero (tanh). The scale depends on the number of "
            "inputs of each unit (its fan-in) only; the standard-normal draws are multiplied by a standard "
            "deviation, not a variance. " + _LAYOUT,
    rules=[_exact_keys],
    mistakes=[
        (_init_mistake(scale=lambda n_prev, n_l: np.sqrt(2.0 / n_prev), default_seed=SEED),
         "sqrt(2 / n^[l-1]) is He's scale (for ReLU); Xavier's is sqrt(1 / n^[l-1])."),
        (_init_mistake(scale=lambda n_prev, n_l: np.sqrt(1.0 / n_l), default_seed=SEED), _FAN_IN),
        (_init_mistake(scale=lambda n_prev, n_l: 1.0 / n_prev, default_seed=SEED),
         "multiply by the standard deviation sqrt(1 / n^[l-1]), the square root of the variance 1 / n^[l-1]."),
        (_init_mistake(scale=lambda n_prev, n_l: np.sqrt(2.0 / (n_prev + n_l)), default_seed=SEED),
         "sqrt(2 / (n^[l-1] + n^[l])) is Glorot and Bengio's fan-in/fan-out average; the course's Xavier (and "
         "dlcourse.init.xavier) uses the fan-in only: sqrt(1 / n^[l-1])."),
        *_scaled_mistakes(_xavier, "sqrt(1 / layers_dims[l-1])"),
    ],
    formula="rng = np.random.default_rng(seed) once; for l in range(1, len(layers_dims)): W{l} = "
            "rng.standard_normal((layers_dims[l], layers_dims[l-1])) * np.sqrt(1 / layers_dims[l-1]); "
            "b{l} = np.zeros((layers_dims[l], 1)).",
    solution=_solutions.initialize_parameters_xavier)
def check_initialize_parameters_xavier():
    """``initialize_parameters_xavier(layers_dims, seed=3)``: N(0, 1) * sqrt(1 / n^[l-1]) weights, zero biases."""
    return _random_cases()
