"""Worked solutions of the exercises of "Convolutional model application".

``grader.show_solution("<exercise>")`` prints them. They are the learner-style answers (each checked by its
grader in the tests), not the library's code.
"""
import math

from dlcourse import nn


def happy_model(rng):
    return nn.Sequential(
        nn.ZeroPad2d(3),                     # (m, 64, 64, 3) -> (m, 70, 70, 3)
        nn.Conv2d(3, 8, 7, rng=rng),         # -> (m, 64, 64, 8)
        nn.BatchNorm2d(8),
        nn.ReLU(),
        nn.MaxPool2d(4),                     # -> (m, 16, 16, 8)
        nn.Flatten(),                        # -> (16 * 16 * 8, m)
        nn.Linear(16 * 16 * 8, 1, rng=rng),  # -> logits (1, m)
    )


def convolutional_model(input_shape, rng):
    n_H, n_W, n_C = input_shape
    h = math.ceil(math.ceil(n_H / 8) / 4)    # rows left after the two "same" pools
    w = math.ceil(math.ceil(n_W / 8) / 4)
    return nn.Sequential(
        nn.Conv2d(n_C, 8, 5, padding="same", rng=rng), nn.ReLU(), nn.MaxPool2d(8, padding="same"),
        nn.Conv2d(8, 16, 3, padding="same", rng=rng), nn.ReLU(), nn.MaxPool2d(4, padding="same"),
        nn.Flatten(),
        nn.Linear(h * w * 16, 6, rng=rng),
    )


def layer_summary(model, input_shape):
    n_H, n_W, n_C = input_shape
    rows = []
    for layer in model:
        params = 0
        if isinstance(layer, nn.ZeroPad2d):
            top, bottom, left, right = layer.pads
            n_H, n_W = n_H + top + bottom, n_W + left + right
        elif isinstance(layer, (nn.Conv2d, nn.MaxPool2d)):
            f, s = layer.kernel_size, layer.stride
            if layer.padding == "same":
                n_H, n_W = math.ceil(n_H / s), math.ceil(n_W / s)
            else:
                p = layer.padding if isinstance(layer, nn.Conv2d) else 0
                n_H, n_W = (n_H + 2 * p - f) // s + 1, (n_W + 2 * p - f) // s + 1
            if isinstance(layer, nn.Conv2d):
                params = f * f * layer.in_channels * layer.out_channels
                if layer.b is not None:
                    params += layer.out_channels
                n_C = layer.out_channels
        elif isinstance(layer, nn.BatchNorm2d):
            params = 2 * layer.num_channels
        elif isinstance(layer, nn.Linear):
            params = layer.in_features * layer.out_features + layer.out_features
        if isinstance(layer, nn.Flatten):
            rows.append(((n_H * n_W * n_C,), 0))
        elif isinstance(layer, nn.Linear):
            rows.append(((layer.out_features,), params))
        elif rows and len(rows[-1][0]) == 1:  # after Flatten: dense layers (ReLU, ...) keep the shape
            rows.append((rows[-1][0], params))
        else:
            rows.append(((n_H, n_W, n_C), params))
    return rows
