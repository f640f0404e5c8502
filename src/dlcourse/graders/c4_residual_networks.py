"""Graders for Course 4, "Classic networks and residual networks".

The chapter's two exercises build ResNet's blocks from :mod:`dlcourse.nn` modules and return them as a
``Module``: ``identity_block(f, filters, rng)`` and ``convolutional_block(in_channels, f, filters, s, rng)``.
A block is checked by what it does, not by how it is written: the grader gives every parameter and
running average of the learner's module a fixed value that depends only on its kind (``W``, ``b``,
``gamma``, ``beta``) and shape, applies the module to a fixed batch of images in evaluation mode and
in training mode, and compares the output shape, the number of parameters and both outputs with those of
the package's blocks (:func:`dlcourse.nn.identity_block`, :func:`dlcourse.nn.convolutional_block`) treated
the same way. The table of mistakes holds the plausible bugs: the ReLU before the addition instead of
after it, no ReLU at the end, no shortcut, no batch norm on the shortcut or after the last convolution,
the stride on the 3x3 convolution (ResNet "v1.5") or missing on the shortcut, an f x f shortcut, ...
"""
from __future__ import annotations

import numpy as np

from .. import nn
from ..autograd import no_grad
from .solutions import c4_residual_networks as _solutions
from ._core import Chapter, _describe

__all__ = ["check_identity_block", "check_convolutional_block", "hint", "show_solution"]

chapter = Chapter(__name__)
hint, show_solution = chapter.hint, chapter.show_solution
_rng = np.random.default_rng

KEYS = ("output shape", "parameters", "output (evaluation mode)", "output (training mode)")
IMAGE_SIZE = (3, 6, 8)  # m, n_H, n_W of the batch each block is applied to (even sizes: "same" with stride 2)
_case = {}  # the input of the case being checked; the reference (which the grader runs first in every case) sets it


# --- running a block with fixed weights ------------------------------------------------------------------------

_PHASE = {"W": 0.0, "b": 1.0, "gamma": 2.0, "beta": 3.0, "running_mean": 4.0, "running_var": 5.0}


def _fixed(kind: str, shape: tuple) -> np.ndarray:
    """The value the grader gives every parameter / buffer of this kind and shape (learner and reference alike)."""
    n = int(np.prod(shape))
    wave = np.cos(np.arange(n) * 0.91 + 0.37 * sum(shape) + _PHASE.get(kind, 6.0)).reshape(shape)
    if kind == "W":
        fan_in = int(np.prod(shape[:-1])) if len(shape) == 4 else shape[-1]
        return wave * np.sqrt(3.0 / fan_in)
    if kind == "gamma":
        return 1.0 + 0.3 * wave
    if kind == "running_var":
        return 1.0 + 0.5 * wave ** 2
    return 0.2 * wave


def _evaluate(block):
    """What the checks compare: the block's output shape, parameter count and outputs on the case's images
    with fixed weights (evaluation mode first: training mode updates the running averages)."""
    if not isinstance(block, nn.Module):
        return block
    x = _case["x"]
    try:
        n_params = int(sum(p.data.size for p in block.parameters()))
        for name, p in block.named_parameters():
            p.data = _fixed(name.rsplit(".", 1)[-1], p.shape).astype(p.dtype)
        for _, module in block.named_modules():
            for k, b in module._buffers.items():
                b[...] = _fixed(k, b.shape)
        with no_grad():
            evaluation = block.eval()(x).data
            training = block.train()(x).data
    except Exception as exc:  # noqa: BLE001 -- reported by a rule, as the learner's error
        return {"error": f"{type(exc).__name__}: {exc}"}
    return {"output shape": tuple(int(n) for n in training.shape), "parameters": n_params,
            "output (evaluation mode)": evaluation, "output (training mode)": training}


def _reference(build, channels_of):
    def reference(*args, **kwargs):
        _case["x"] = _rng(7).standard_normal((*IMAGE_SIZE, channels_of(*args, **kwargs)))
        return _evaluate(build(*args, **kwargs))
    return reference


def _rules(name: str, usage: str):
    def is_module(got, expected, args, kwargs):
        if isinstance(got, dict) and (set(got) == set(KEYS) or set(got) == {"error"}):
            return None
        return (f"{name} must return the block as a Module ({usage}), got {_describe(got)}; build it from "
                f"nn.Conv2d, nn.BatchNorm2d, nn.ReLU, nn.Residual and nn.Sequential.")

    def runs(got, expected, args, kwargs):
        if "error" in got:
            return (f"applying your block to images of shape {_case['x'].shape} raised {got['error']}")
        return None
    return [is_module, runs]


# --- the blocks with switches for the mistakes ------------------------------------------------------------------

def _block(in_channels, f, filters, s=1, rng=0, *, projection=False, relu="after", shortcut="bn", stride_at="first",
           last_bn=True, middle_f=None, middle_padding="same", shortcut_f=1, bias=True):
    F1, F2, F3 = filters
    stride = {where: s if where == stride_at else 1 for where in ("first", "middle", "last")}
    pad = lambda where: "same" if stride[where] != 1 else 0  # noqa: E731
    main = [nn.Conv2d(in_channels, F1, 1, stride=stride["first"], padding=pad("first"), bias=bias, rng=rng),
            nn.BatchNorm2d(F1), nn.ReLU(),
            nn.Conv2d(F1, F2, middle_f or f, stride=stride["middle"],
                      padding="same" if stride["middle"] != 1 else middle_padding, bias=bias, rng=rng),
            nn.BatchNorm2d(F2), nn.ReLU(),
            nn.Conv2d(F2, F3, 1, stride=stride["last"], padding=pad("last"), bias=bias, rng=rng)]
    if last_bn:
        main.append(nn.BatchNorm2d(F3))
    if relu in ("before", "both"):
        main.append(nn.ReLU())
    short = None
    if projection and shortcut != "none":
        stride = dict(stride=s, padding="same") if s != 1 and shortcut != "no_stride" else \
            dict(padding="same") if shortcut_f > 1 else {}
        layers = [nn.Conv2d(in_channels, F3, shortcut_f, **stride, bias=bias, rng=rng)]
        if shortcut != "no_bn":
            layers.append(nn.BatchNorm2d(F3))
        short = nn.Sequential(*layers)
    if shortcut == "plain":
        body = nn.Sequential(*main)
    else:
        body = nn.Residual(nn.Sequential(*main), short)
    return nn.Sequential(body, nn.ReLU()) if relu in ("after", "both") else nn.Sequential(body)


def _identity(**switches):
    return lambda f, filters, rng: _block(filters[2], f, filters, 1, rng, **switches)


def _convolutional(**switches):
    return lambda in_channels, f, filters, s, rng: _block(in_channels, f, filters, s, rng, projection=True, **switches)


_RELU_BEFORE = ("the ReLU comes after the addition, out = ReLU(main(x) + shortcut(x)): ending the main path with a "
                "ReLU adds only non-negative numbers to the shortcut. The main path ends with the third batch norm.")
_NO_FINAL_RELU = "apply a ReLU to the sum: nn.Sequential(nn.Residual(...), nn.ReLU())."
_BIAS = ("keep the convolutions' bias (nn.Conv2d's default, Keras' too), as the original's blocks and parameter "
         "counts do: the batch norm after each convolution makes it redundant, but the counts compared here "
         "include it.")
_SAME = ("the f x f convolution needs padding='same' so that the main path keeps n_H x n_W and can be added to "
         "the shortcut.")

# --- Exercise 1: identity_block --------------------------------------------------------------------------------


@chapter.exercise(
    "identity_block", _reference(nn.identity_block, lambda f, filters, rng: filters[2]), prepare=_evaluate,
    rules=_rules("identity_block", "nn.Sequential(nn.Residual(main_path), nn.ReLU())"), returns="block",
    fresh=lambda rng: ("random f and filters", (int(rng.choice([1, 3, 5])),
                                                 tuple(int(n) for n in rng.integers(2, 7, 3)),
                                                 _rng(int(rng.integers(10 ** 6)))), {}),
    concept="the identity block adds its input to the output of a main path of three convolutions (1x1, f x f "
            "'same', 1x1), each followed by batch norm, with a ReLU after the first two; the ReLU of the third "
            "comes after the addition. The input already has F3 channels, so the shortcut is the identity.",
    mistakes=[
        (_identity(relu="before"), _RELU_BEFORE),
        (_identity(relu="both"), "one ReLU after the addition only: the main path ends with the third batch norm, "
                                 "without a ReLU."),
        (_identity(relu="none"), _NO_FINAL_RELU),
        (_identity(shortcut="plain"), "add the input: the block is nn.Residual(main_path) (the shortcut), followed "
                                      "by a ReLU; without it this is a plain stack of convolutions."),
        (_identity(last_bn=False), "put a batch norm after the third convolution too, before the addition."),
        (_identity(middle_f=1), "the middle convolution is f x f (the argument f), not 1 x 1."),
        (_identity(middle_padding="valid"), _SAME),
        (_identity(bias=False), _BIAS),
    ],
    formula="main = nn.Sequential(nn.Conv2d(F3, F1, 1, rng=rng), nn.BatchNorm2d(F1), nn.ReLU(), "
            "nn.Conv2d(F1, F2, f, padding='same', rng=rng), nn.BatchNorm2d(F2), nn.ReLU(), "
            "nn.Conv2d(F2, F3, 1, rng=rng), nn.BatchNorm2d(F3)); return nn.Sequential(nn.Residual(main), nn.ReLU()).",
    solution=_solutions.identity_block)
def check_identity_block():
    """``identity_block(f, filters, rng) -> Module``: images (m, n_H, n_W, F3) -> (m, n_H, n_W, F3)."""
    return [
        ("f = 3, filters = (2, 3, 4)", (3, (2, 3, 4), _rng(1)), {}),
        ("f = 3, filters = (4, 2, 5)", (3, (4, 2, 5), _rng(2)), {}),
        ("f = 1 (all three convolutions 1 x 1), filters = (3, 2, 4)", (1, (3, 2, 4), _rng(3)), {}),
        ("f = 5, filters = (2, 4, 3)", (5, (2, 4, 3), _rng(4)), {}),
    ]


# --- Exercise 2: convolutional_block ---------------------------------------------------------------------------

@chapter.exercise(
    "convolutional_block", _reference(nn.convolutional_block, lambda in_channels, f, filters, s, rng: in_channels),
    prepare=_evaluate, returns="block",
    rules=_rules("convolutional_block", "nn.Sequential(nn.Residual(main_path, shortcut), nn.ReLU())"),
    fresh=lambda rng: ("random sizes and stride", (int(rng.integers(2, 6)), int(rng.choice([1, 3])),
                                                   tuple(int(n) for n in rng.integers(2, 7, 3)),
                                                   int(rng.integers(1, 4)),
                                                   _rng(int(rng.integers(10 ** 6)))), {}),
    concept="the convolutional block is the identity block with a shortcut that changes the shape: a 1x1 "
            "convolution with F3 filters and stride s, followed by batch norm, maps the input to the main path's "
            "shape. The main path takes the stride s on its first (1x1) convolution; the ReLU comes after the "
            "addition.",
    mistakes=[
        (_convolutional(shortcut="no_bn"),
         "the shortcut is a 1x1 convolution *followed by batch norm*: "
         "nn.Sequential(nn.Conv2d(in_channels, F3, 1, stride=s, ...), nn.BatchNorm2d(F3))."),
        (_convolutional(stride_at="middle"),
         "put the stride s on the first 1x1 convolution of the main path, as the original does (moving it to the "
         "f x f convolution is ResNet 'v1.5', a later variant)."),
        (_convolutional(stride_at="last"), "put the stride s on the first 1x1 convolution of the main path."),
        (_convolutional(relu="before"), _RELU_BEFORE),
        (_convolutional(relu="both"),
         "one ReLU after the addition only: the main path ends with the third batch norm."),
        (_convolutional(relu="none"), _NO_FINAL_RELU),
        (_convolutional(shortcut="no_stride"),
         "the shortcut's 1x1 convolution takes the stride s too (padding='same'), so that both paths give "
         "ceil(n_H / s) x ceil(n_W / s) pictures."),
        (_convolutional(shortcut="none"),
         "the input has another shape than the main path's output: give nn.Residual a shortcut, a 1x1 "
         "convolution with F3 filters and stride s followed by batch norm."),
        (_convolutional(shortcut_f=3), "the shortcut's convolution is 1 x 1, not f x f."),
        (_convolutional(last_bn=False), "put a batch norm after the third convolution of the main path too."),
        (_convolutional(middle_padding="valid"), _SAME),
        (_convolutional(bias=False), _BIAS),
    ],
    formula="main = nn.Sequential(nn.Conv2d(in_channels, F1, 1, stride=s, padding='same', rng=rng), "
            "nn.BatchNorm2d(F1), "
            "nn.ReLU(), nn.Conv2d(F1, F2, f, padding='same', rng=rng), nn.BatchNorm2d(F2), nn.ReLU(), "
            "nn.Conv2d(F2, F3, 1, rng=rng), nn.BatchNorm2d(F3)); "
            "shortcut = nn.Sequential(nn.Conv2d(in_channels, F3, 1, "
            "stride=s, padding='same', rng=rng), nn.BatchNorm2d(F3)); "
            "return nn.Sequential(nn.Residual(main, shortcut), nn.ReLU()).",
    solution=_solutions.convolutional_block)
def check_convolutional_block():
    """``convolutional_block(in_channels, f, filters, s, rng) -> Module``: images (m, n_H, n_W, in_channels) ->
    (m, ceil(n_H / s), ceil(n_W / s), F3)."""
    return [
        ("in_channels = 3, f = 3, filters = (2, 3, 4), s = 2", (3, 3, (2, 3, 4), 2, _rng(11)), {}),
        ("in_channels = 4, f = 3, filters = (3, 2, 5), s = 1 (only the channels change)",
         (4, 3, (3, 2, 5), 1, _rng(12)), {}),
        ("in_channels = 2, f = 1, filters = (3, 4, 6), s = 3", (2, 1, (3, 4, 6), 3, _rng(13)), {}),
        ("in_channels = 5, f = 3, filters = (2, 2, 3), s = 2 (fewer channels out than in)",
         (5, 3, (2, 2, 3), 2, _rng(14)), {}),
    ]
