"""Graders for Course 4, "Convolutional model application".

The chapter builds two convolutional networks from :mod:`dlcourse.nn` modules -- the "Happy House"
smile detector (``ZeroPad2d -> Conv2d -> BatchNorm2d -> ReLU -> MaxPool2d -> Flatten -> Linear``) and the
hand-signs classifier (two ``Conv2d -> ReLU -> MaxPool2d`` blocks, then ``Flatten -> Linear``) -- and
computes, by formula, the output shape and the number of parameters of every layer. The model checks
look at the layers' types and order, the shapes of the parameters and the model's output on a fixed
batch of images with the weights drawn from the given generator (so a layer left out, put in the wrong
order or built with the wrong sizes is named); the shape-and-count check compares with a reference on
several models, one of them drawn fresh on every call. Each has a table of plausible mistakes (no
padding, a sigmoid after the last layer, the batch norm after the ReLU, ``floor`` for "same" padding,
the bias forgotten in a count, batch norm's running averages counted as parameters, ...).
"""
from __future__ import annotations

import functools

import numpy as np

from .. import nn
from ..nn.module import Module
from .solutions import c4_cnn_application as _solutions
from ._core import Chapter, _describe

__all__ = ["check_happy_model", "check_convolutional_model", "check_layer_summary", "hint", "show_solution",
           "HAPPY_FILTERS", "HAPPY_POOL", "SIGNS_CONV1", "SIGNS_POOL1", "SIGNS_CONV2", "SIGNS_POOL2"]

chapter = Chapter(__name__)
hint, show_solution = chapter.hint, chapter.show_solution
_rng = np.random.default_rng

# the architectures the chapter asks for
HAPPY_FILTERS, HAPPY_POOL = 8, 4            # Conv2d(3, 8, 7) after ZeroPad2d(3); MaxPool2d(4)
SIGNS_CONV1, SIGNS_POOL1 = (8, 5), 8        # 8 filters 5x5 "same"; max pool 8x8, stride 8, "same"
SIGNS_CONV2, SIGNS_POOL2 = (16, 3), 4       # 16 filters 3x3 "same"; max pool 4x4, stride 4, "same"


def _images(shape, m=3, seed=0):
    return _rng(seed).uniform(0.0, 1.0, (m, *shape))


_HAPPY_X = _images((64, 64, 3), m=4, seed=2024)


def _summary_of(model, X):
    """What the model checks compare: the layers' types, the parameters' names and shapes, the output."""
    if not isinstance(model, Module):
        return model
    # a lone module is marked by its name as a string (not a list of layers), for the rule below
    layers = [type(m).__name__ for m in model] if isinstance(model, nn.Sequential) else type(model).__name__
    params = [f"{name} {tuple(p.shape)}" for name, p in model.named_parameters()]
    try:
        out = model(X).data
    except Exception as exc:  # noqa: BLE001 -- reported by a rule
        out = f"raised {type(exc).__name__}: {exc}"
    return {"layers": layers, "parameters": params, "output": out}


def _model_rules(what: str):
    def is_model(got, expected, args, kwargs):
        if not isinstance(got, dict):
            return f"{what} must return the model, an nn.Sequential of modules, got {_describe(got)}."
        if isinstance(got.get("layers"), str):
            return (f"{what} must return an nn.Sequential of modules (nn.Sequential(layer_1, layer_2, ...)), "
                    f"got a lone {got['layers']}.")
        return None

    def layers(got, expected, args, kwargs):
        if got["layers"] != expected["layers"]:
            return (f"the layers are {got['layers']}, expected {expected['layers']} (types and order).")
        return None

    def runs(got, expected, args, kwargs):
        if isinstance(got["output"], str):
            return f"calling the model on a batch of images {got['output']}."
        return None

    def parameters(got, expected, args, kwargs):
        if got["parameters"] != expected["parameters"]:
            wrong = [(g, e) for g, e in zip(got["parameters"], expected["parameters"]) if g != e]
            g, e = wrong[0] if wrong else (got["parameters"], expected["parameters"])
            return f"a parameter has the wrong shape: got {g}, expected {e}."
        return None
    return [is_model, layers, runs, parameters]


# --- Exercise 1: happy_model ------------------------------------------------------------------------------

def _happy(rng, pad=3, f=7, filters=HAPPY_FILTERS, pool=HAPPY_POOL, order=("bn", "relu"), sigmoid=False,
           bn=True):
    n = (64 + 2 * pad - f + 1) // pool
    layers = [nn.ZeroPad2d(pad)] if pad else []
    layers.append(nn.Conv2d(3, filters, f, rng=rng))
    post = {"bn": [nn.BatchNorm2d(filters)] if bn else [], "relu": [nn.ReLU()]}
    for k in order:
        layers += post[k]
    layers += [nn.MaxPool2d(pool), nn.Flatten(), nn.Linear(n * n * filters, 1, rng=rng)]
    if sigmoid:
        layers.append(nn.Sigmoid())
    return nn.Sequential(*layers)


def _ref_happy(rng):
    return _summary_of(_happy(rng), _HAPPY_X)


@chapter.exercise(
    "happy_model", _ref_happy, prepare=lambda model: _summary_of(model, _HAPPY_X) if isinstance(model, Module) else model,
    rules=_model_rules("happy_model"),
    fresh=lambda rng: ("a Generator with a random seed", (_rng(int(rng.integers(10 ** 6))),), {}),
    concept="a Sequential model applies its modules in order: zeros around each picture so that the 7x7 "
            "convolution keeps the 64x64 size, the convolution, batch norm over each channel, the ReLU, a max "
            "pool that shrinks the maps, then Flatten turns each example's maps into one column for the dense "
            "layer with one output. Every layer that has weights draws them from the generator rng you are "
            "given, in the order the layers are built. The model returns the score (logit): the sigmoid is "
            "part of the loss.",
    mistakes=[
        (lambda rng: _happy(rng, sigmoid=True),
         "leave out the final Sigmoid: the model returns the logit and the loss 'sigmoid_cross_entropy' applies "
         "the sigmoid itself (Keras' Dense(1, activation='sigmoid') does both in one layer)."),
        (lambda rng: _happy(rng, order=("relu", "bn")),
         "batch norm comes right after the convolution, before the ReLU: Conv2d -> BatchNorm2d -> ReLU."),
        (lambda rng: _happy(rng, bn=False), "put a BatchNorm2d(8) between the convolution and the ReLU."),
        (lambda rng: _happy(_rng(1)),
         "draw the weights from the generator you are given (rng=rng in Conv2d and Linear), not from a new "
         "np.random.default_rng(...): the model must change with rng."),
        (lambda rng: _happy(rng, pool=2), f"the max pool is {HAPPY_POOL}x{HAPPY_POOL}: nn.MaxPool2d({HAPPY_POOL})."),
        (lambda rng: _happy(rng, filters=32),
         f"this chapter's convolution has {HAPPY_FILTERS} filters (the original's 32 are too slow for our "
         f"budget): nn.Conv2d(3, {HAPPY_FILTERS}, 7, rng=rng)."),
    ],
    formula=f"nn.Sequential(nn.ZeroPad2d(3), nn.Conv2d(3, {HAPPY_FILTERS}, 7, rng=rng), "
            f"nn.BatchNorm2d({HAPPY_FILTERS}), nn.ReLU(), nn.MaxPool2d({HAPPY_POOL}), nn.Flatten(), "
            f"nn.Linear({64 // HAPPY_POOL}*{64 // HAPPY_POOL}*{HAPPY_FILTERS}, 1, rng=rng)).",
    solution=_solutions.happy_model)
def check_happy_model():
    """``happy_model(rng) -> nn.Sequential``: images (m, 64, 64, 3) -> logits (1, m)."""
    return [("rng = np.random.default_rng(0)", (_rng(0),), {}),
            ("rng = np.random.default_rng(7)", (_rng(7),), {})]


# --- Exercise 2: convolutional_model ------------------------------------------------------------------------

def _ceil_div(n, k):
    return -(-n // k)


def _signs(input_shape, rng, conv1=SIGNS_CONV1, pool1=SIGNS_POOL1, conv2=SIGNS_CONV2, pool2=SIGNS_POOL2,
           same_pool=True, activation="relu", classes=6):
    n_H, n_W, n_C = input_shape
    pad = "same" if same_pool else "valid"

    def out(n):
        if same_pool:
            return _ceil_div(_ceil_div(n, pool1), pool2)
        return ((n - pool1) // pool1 + 1 - pool2) // pool2 + 1

    act = nn.ReLU if activation == "relu" else nn.Sigmoid
    layers = [nn.Conv2d(n_C, conv1[0], conv1[1], padding="same", rng=rng), act(), nn.MaxPool2d(pool1, padding=pad),
              nn.Conv2d(conv1[0], conv2[0], conv2[1], padding="same", rng=rng), act(),
              nn.MaxPool2d(pool2, padding=pad), nn.Flatten(),
              nn.Linear(out(n_H) * out(n_W) * conv2[0], classes, rng=rng)]
    return nn.Sequential(*layers)


# A valid input for each model of the cases: the fixed images a model is run on are looked up by its number
# of input channels and the size of its dense layer's input (the reference and the learner's model of a case
# share them; a model with other sizes fails on its parameters' shapes before its output is looked at).
_SIGNS_INPUTS: dict = {}


def _signs_features(shape):
    return _ceil_div(_ceil_div(shape[0], SIGNS_POOL1), SIGNS_POOL2) * \
        _ceil_div(_ceil_div(shape[1], SIGNS_POOL1), SIGNS_POOL2) * SIGNS_CONV2[0]


def _signs_case(shape, seed):
    _SIGNS_INPUTS.setdefault((shape[2], _signs_features(shape)), shape)
    return (f"input_shape = {shape}, rng = np.random.default_rng({seed})", (shape, _rng(seed)), {})


def _signs_prepare(model):
    if not isinstance(model, nn.Sequential) or not len(model):
        return _summary_of(model, None)
    key = (getattr(model[0], "in_channels", None), getattr(model[-1], "in_features", None))
    shape = _SIGNS_INPUTS.get(key)
    if shape is None:
        out = _summary_of(model, None)
        if isinstance(out, dict):
            out["output"] = None
        return out
    return _summary_of(model, _images(shape, m=3, seed=11))


def _ref_signs(input_shape, rng):
    return _signs_prepare(_signs(tuple(input_shape), rng))


@chapter.exercise(
    "convolutional_model", _ref_signs,
    prepare=_signs_prepare, rules=_model_rules("convolutional_model"),
    fresh=lambda rng: _signs_case((int(rng.integers(24, 80)), int(rng.integers(24, 80)), int(rng.integers(1, 4))),
                                  int(rng.integers(10 ** 6))),
    concept="two blocks of convolution ('same' padding, so the size is kept), ReLU and max pool ('same' padding: "
            "ceil(n / stride) outputs), then Flatten and one dense layer with a score per class (the softmax is "
            "part of the loss). The sizes after the pools depend on input_shape: compute the dense layer's input "
            "size from it instead of writing the number for 64x64 pictures.",
    mistakes=[
        (lambda input_shape, rng: _signs(tuple(input_shape), rng, same_pool=False),
         "the max pools use padding='same' (ceil(n / stride) outputs, as in the original's MaxPool2D(padding="
         "'same')), so the dense layer's input size is ceil(ceil(n_H / 8) / 4) * ceil(ceil(n_W / 8) / 4) * 16."),
        (lambda input_shape, rng: _signs((64, 64, input_shape[2]), rng),
         "compute the dense layer's input size from input_shape (n_H, n_W, n_C), not from 64x64 pictures."),
        (lambda input_shape, rng: _signs(tuple(input_shape), rng, activation="sigmoid"),
         "each convolution is followed by a ReLU."),
        (lambda input_shape, rng: _signs(tuple(input_shape), _rng(1)),
         "draw the weights from the generator you are given (rng=rng in each Conv2d and the Linear)."),
        (lambda input_shape, rng: _signs(tuple(input_shape), rng, conv1=(8, 4), conv2=(16, 2)),
         f"this chapter's filters are {SIGNS_CONV1[1]}x{SIGNS_CONV1[1]} (first convolution) and {SIGNS_CONV2[1]}x"
         f"{SIGNS_CONV2[1]} (second); the original's 4x4 and 2x2 learn too slowly on our pictures (see the text)."),
    ],
    formula=f"n_H, n_W, n_C = input_shape; size = lambda n: -(-(-(-n // {SIGNS_POOL1})) // {SIGNS_POOL2}); "
            f"nn.Sequential(nn.Conv2d(n_C, {SIGNS_CONV1[0]}, {SIGNS_CONV1[1]}, padding='same', rng=rng), nn.ReLU(), "
            f"nn.MaxPool2d({SIGNS_POOL1}, padding='same'), nn.Conv2d({SIGNS_CONV1[0]}, {SIGNS_CONV2[0]}, "
            f"{SIGNS_CONV2[1]}, padding='same', rng=rng), nn.ReLU(), nn.MaxPool2d({SIGNS_POOL2}, padding='same'), "
            f"nn.Flatten(), nn.Linear(size(n_H) * size(n_W) * {SIGNS_CONV2[0]}, 6, rng=rng)).",
    solution=_solutions.convolutional_model)
def check_convolutional_model():
    """``convolutional_model(input_shape, rng) -> nn.Sequential``: (m, n_H, n_W, n_C) -> logits (6, m)."""
    return [_signs_case((64, 64, 3), 0), _signs_case((32, 40, 1), 3), _signs_case((9, 70, 3), 5)]


# --- Exercise 3: layer_summary ------------------------------------------------------------------------------

def _conv_out(n, f, s, p):
    return (n + 2 * p - f) // s + 1


def _ref_summary(model, input_shape):
    shape, rows = tuple(int(k) for k in input_shape), []
    for layer in model:
        count = sum(int(p.data.size) for p in layer.parameters())
        if isinstance(layer, nn.ZeroPad2d):
            t, b, l, r = layer.pads
            shape = (shape[0] + t + b, shape[1] + l + r, shape[2])
        elif isinstance(layer, (nn.Conv2d, nn.MaxPool2d, nn.AvgPool2d)):
            f, s = layer.kernel_size, layer.stride
            n_C = layer.out_channels if isinstance(layer, nn.Conv2d) else shape[2]
            if layer.padding == "same":
                shape = (_ceil_div(shape[0], s), _ceil_div(shape[1], s), n_C)
            else:
                p = layer.padding if isinstance(layer.padding, int) else 0
                shape = (_conv_out(shape[0], f, s, p), _conv_out(shape[1], f, s, p), n_C)
        elif isinstance(layer, nn.Flatten):
            shape = (int(np.prod(shape)),)
        elif isinstance(layer, nn.GlobalAvgPool2d):
            shape = (shape[2],)
        elif isinstance(layer, nn.Linear):
            shape = (layer.out_features,)
        rows.append((shape, count))
    return rows


def _summary_mistake(kind):
    def layer_summary(model, input_shape):
        rows = _ref_summary(model, input_shape)
        shape, out = tuple(input_shape), []
        for layer, (right_shape, right_count) in zip(model, rows):
            got_shape, got_count = right_shape, right_count
            if isinstance(layer, nn.Conv2d):
                f, s, C_in, C_out = layer.kernel_size, layer.stride, layer.in_channels, layer.out_channels
                if kind == "no_bias" and layer.b is not None:
                    got_count = f * f * C_in * C_out
                if kind == "no_in_channels":
                    got_count = f * f * C_out + (C_out if layer.b is not None else 0)
                if kind == "no_stride" and layer.padding != "same":
                    p = layer.padding
                    got_shape = (shape[0] + 2 * p - f + 1, shape[1] + 2 * p - f + 1, C_out)
                if kind == "no_pad" and isinstance(layer.padding, int):
                    got_shape = (_conv_out(shape[0], f, s, 0), _conv_out(shape[1], f, s, 0), C_out)
            if isinstance(layer, nn.MaxPool2d) and kind == "floor_same" and layer.padding == "same":
                f, s = layer.kernel_size, layer.stride
                got_shape = ((shape[0] - f) // s + 1, (shape[1] - f) // s + 1, shape[2])
            if isinstance(layer, nn.BatchNorm2d) and kind == "bn_four":
                got_count = 4 * layer.num_channels
            if isinstance(layer, nn.Linear) and kind == "no_bias":
                got_count = layer.in_features * layer.out_features
            if kind == "cumulative":
                got_count = right_count + (out[-1][1] if out else 0)
            out.append((got_shape, got_count))
            shape = right_shape
        return out
    return layer_summary


def _random_model(rng):
    """A random small convolutional model and an input shape it accepts."""
    g = _rng(int(rng.integers(10 ** 6)))
    n_C = int(rng.integers(1, 5))
    n = int(rng.integers(16, 40))
    layers = []
    if rng.random() < 0.5:
        layers.append(nn.ZeroPad2d(int(rng.integers(1, 4))))
    f1, c1 = int(rng.choice([3, 5])), int(rng.integers(2, 9))
    layers += [nn.Conv2d(n_C, c1, f1, stride=2, padding="same", bias=bool(rng.random() < 0.5), rng=g),
               nn.BatchNorm2d(c1), nn.ReLU(), nn.MaxPool2d(int(rng.integers(2, 4)), padding="same"),
               nn.Conv2d(c1, 2 * c1, 3, padding=1, rng=g), nn.ReLU(), nn.MaxPool2d(2, stride=1),
               nn.Flatten()]
    shape = _ref_summary(nn.Sequential(*layers), (n, n + 3, n_C))[-1][0]
    layers.append(nn.Linear(shape[0], int(rng.integers(1, 7)), rng=g))
    return nn.Sequential(*layers), (n, n + 3, n_C)


@functools.lru_cache(maxsize=1)
def _summary_cases():
    """Built once: the grader copies a case's model before handing it out, so the same models serve every call
    (and a recorded answer keyed on them still fails on the fresh case)."""
    g = _rng(0)
    stride = nn.Sequential(nn.Conv2d(1, 4, 3, stride=2, padding=1, rng=g), nn.ReLU(), nn.MaxPool2d(3, stride=2),
                           nn.Conv2d(4, 6, 2, padding="same", bias=False, rng=g), nn.BatchNorm2d(6), nn.ReLU(),
                           nn.Flatten(), nn.Linear(6 * 6 * 6, 3, rng=g))
    same = nn.Sequential(nn.Conv2d(2, 3, 3, padding="same", rng=g), nn.ReLU(),
                         nn.MaxPool2d(3, stride=2, padding="same"), nn.Flatten(), nn.Linear(8 * 8 * 3, 2, rng=g))
    return [
        ("the Happy House model, input (64, 64, 3)", (_happy(_rng(0)), (64, 64, 3)), {}),
        ("the hand-signs model, input (64, 64, 3)", (_signs((64, 64, 3), _rng(0)), (64, 64, 3)), {}),
        ("strides, 'valid' pooling and a conv without bias, input (25, 25, 1)", (stride, (25, 25, 1)), {}),
        # a 'same' pool whose window is larger than its stride, on an odd size: ceil(15 / 2) = 8, not 7
        ("a 3x3 'same' pool with stride 2, input (15, 15, 2)", (same, (15, 15, 2)), {}),
    ]


@chapter.exercise(
    "layer_summary", _ref_summary, returns="list of (output shape, number of parameters)",
    fresh=lambda rng: ("a random model", _random_model(rng), {}),
    concept="walk through the layers in order, keeping the current shape (n_H, n_W, n_C) of one example: "
            "padding adds rows and columns, a convolution or a pool slides a window of size f with a stride "
            "('same' keeps ceil(n / stride)), a convolution's channels are its number of filters, Flatten "
            "multiplies the three sizes, a dense layer gives its number of outputs. A layer's learnable "
            "parameters: a convolution has one f x f x n_C_prev filter per output channel plus one bias each, "
            "batch norm a scale and a shift per channel (its running averages are not learned), a dense layer "
            "a weight per input and output plus a bias per output; padding, ReLU, pooling and Flatten none.",
    mistakes=[
        (_summary_mistake("no_bias"), "add the biases: a convolution has n_C more parameters (one per filter) and a "
                                      "dense layer out_features more (when the layer has a bias: layer.b is not None)."),
        (_summary_mistake("no_in_channels"),
         "each filter spans all the input channels: f * f * n_C_prev * n_C weights, not f * f * n_C."),
        (_summary_mistake("no_stride"), "divide by the stride: n_out = floor((n + 2p - f) / s) + 1."),
        (_summary_mistake("no_pad"), "a Conv2d with an integer padding p adds p zeros on each side: "
                                     "n_out = floor((n + 2p - f) / s) + 1."),
        (_summary_mistake("floor_same"),
         "with padding='same' a pool (or convolution) keeps ceil(n / stride) rows and columns, whatever f is."),
        (_summary_mistake("bn_four"),
         "batch norm learns 2 numbers per channel (gamma and beta); the running mean and variance are "
         "buffers, not parameters (Keras' summary lists them as 'non-trainable')."),
        (_summary_mistake("cumulative"), "give each layer's own number of parameters, not the running total."),
    ],
    formula="ZeroPad2d: (n_H + top + bottom, n_W + left + right, n_C), 0; Conv2d / MaxPool2d with an integer "
            "padding p (0 for 'valid'): n -> (n + 2p - f) // s + 1, with 'same': n -> ceil(n / s); Conv2d has "
            "f*f*in_channels*out_channels + out_channels parameters (no + out_channels if layer.b is None); "
            "BatchNorm2d 2*num_channels; Flatten: (n_H*n_W*n_C,); Linear: (out_features,), "
            "in_features*out_features + out_features.",
    solution=_solutions.layer_summary)
def check_layer_summary():
    """``layer_summary(model, input_shape) -> [(output_shape, n_params), ...]``, one pair per layer;
    output shapes of one example: (n_H, n_W, n_C) for images, (n,) for dense layers."""
    return list(_summary_cases())
