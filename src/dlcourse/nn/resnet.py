"""ResNet's two blocks (Course 4, "Residual networks"), ResNet-50 and the small ResNet of the hand signs.

Both blocks are the "bottleneck" of ResNet-50 (He et al. 2016), as the course's assignment builds them,
with ``filters = (F1, F2, F3)``::

    main path:  Conv2d 1x1 (F1) -> BN -> ReLU -> Conv2d fxf "same" (F2) -> BN -> ReLU -> Conv2d 1x1 (F3) -> BN
    identity block:       out = ReLU(main(x) + x)                         (x has F3 channels)
    convolutional block:  out = ReLU(main(x) + BN(Conv2d 1x1, stride s (F3) (x)))   (any input channels)

In the convolutional block the stride ``s`` sits on the *first* 1x1 convolution of the main path and on
the shortcut's 1x1 convolution (the original's placement); both use ``padding="same"``, which for a 1x1
window with stride 2 keeps ``ceil(n / 2)`` rows, what Keras' "valid" gives too. The convolutions keep
their bias (Keras' default, so the parameter counts match the original's; the batch norm after each
one makes the bias redundant, and the ResNet paper leaves it out). The ReLU comes *after* the addition.

The modules are ``Sequential(Residual(main, shortcut), ReLU())``, so the parameter names are
``0.branch.0.W`` ... (``0.shortcut.0.W`` for the projection).
"""
from __future__ import annotations

import numpy as np

from .conv import AvgPool2d, BatchNorm2d, Conv2d, Flatten, GlobalAvgPool2d, MaxPool2d, ZeroPad2d
from .layers import Linear, ReLU, Residual, Sequential

__all__ = ["identity_block", "convolutional_block", "resnet50", "small_resnet"]


def _main_path(in_channels, f, filters, stride, rng, init, dtype):
    F1, F2, F3 = filters
    first = dict(stride=stride, padding="same") if stride != 1 else {}
    return Sequential(
        Conv2d(in_channels, F1, 1, **first, init=init, rng=rng, dtype=dtype), BatchNorm2d(F1, dtype=dtype), ReLU(),
        Conv2d(F1, F2, f, padding="same", init=init, rng=rng, dtype=dtype), BatchNorm2d(F2, dtype=dtype), ReLU(),
        Conv2d(F2, F3, 1, init=init, rng=rng, dtype=dtype), BatchNorm2d(F3, dtype=dtype))


def identity_block(f: int, filters, rng, init: str = "he", dtype=np.float64) -> Sequential:
    """ResNet's identity block: images (m, n_H, n_W, F3) -> (m, n_H, n_W, F3), ``ReLU(main(x) + x)``."""
    return Sequential(Residual(_main_path(filters[2], f, filters, 1, rng, init, dtype)), ReLU())


def convolutional_block(in_channels: int, f: int, filters, s: int = 2, rng=None, init: str = "he",
                        dtype=np.float64) -> Sequential:
    """ResNet's convolutional block: (m, n_H, n_W, in_channels) -> (m, ceil(n_H / s), ceil(n_W / s), F3),
    ``ReLU(main(x) + BN(Conv2d 1x1 stride s (x)))`` (the stride on the first 1x1 convolution of the main path)."""
    F3 = filters[2]
    main = _main_path(in_channels, f, filters, s, rng, init, dtype)  # drawn first, then the shortcut
    shortcut_stride = dict(stride=s, padding="same") if s != 1 else {}
    shortcut = Sequential(Conv2d(in_channels, F3, 1, **shortcut_stride, init=init, rng=rng, dtype=dtype),
                          BatchNorm2d(F3, dtype=dtype))
    return Sequential(Residual(main, shortcut), ReLU())


def resnet50(n_classes: int = 6, rng=None, init: str = "he", dtype=np.float64) -> Sequential:
    """ResNet-50 as the course's assignment builds it for 64 x 64 x 3 pictures (stages of 3, 4, 6, 3 blocks).

    Keras' version pads by 3 and floors the strided sizes; our kernels refuse a stride that does not
    tile, so the stem pads ``((3, 2), (3, 2))`` (the same numbers: Keras ignores the last row) and the
    max pool uses "same". The parameters are the same in number and shape (23,546,886 learned,
    53,120 in batch norm's running averages: Keras' "Total params: 23,600,006" for 6 classes).
    ``init="zeros"`` builds it without drawing 23 million random numbers (to count, not to train).
    """
    kw = dict(rng=rng, init=init, dtype=dtype)
    layers = [ZeroPad2d(((3, 2), (3, 2))), Conv2d(3, 64, 7, stride=2, **kw), BatchNorm2d(64, dtype=dtype), ReLU(),
              MaxPool2d(3, 2, padding="same")]
    in_channels = 64
    for filters, s, n_identity in (((64, 64, 256), 1, 2), ((128, 128, 512), 2, 3), ((256, 256, 1024), 2, 5),
                                   ((512, 512, 2048), 2, 2)):
        layers.append(convolutional_block(in_channels, 3, filters, s=s, **kw))
        layers += [identity_block(3, filters, **kw) for _ in range(n_identity)]
        in_channels = filters[2]
    layers += [AvgPool2d(2), Flatten(), Linear(2048, n_classes, **kw)]
    return Sequential(*layers)


def small_resnet(rng, n_classes: int = 6, dtype=np.float64) -> Sequential:
    """The hand signs' small ResNet (15,590 parameters): (m, 64, 64, 3) -> logits (6, m).

    Stem ``Conv2d 5x5 stride 2 (16) -> BN -> ReLU -> MaxPool 2`` (16 x 16 x 16), then a convolutional
    block ``(8, 8, 32)`` with stride 1, an identity block, a convolutional block ``(16, 16, 64)`` with
    stride 2 (8 x 8 x 64), an identity block, global average pooling and ``Linear(64, 6)``.
    """
    kw = dict(rng=rng, dtype=dtype)
    return Sequential(
        Conv2d(3, 16, 5, stride=2, padding="same", **kw), BatchNorm2d(16, dtype=dtype), ReLU(), MaxPool2d(2),
        convolutional_block(16, 3, (8, 8, 32), s=1, **kw), identity_block(3, (8, 8, 32), **kw),
        convolutional_block(32, 3, (16, 16, 64), s=2, **kw), identity_block(3, (16, 16, 64), **kw),
        GlobalAvgPool2d(), Linear(64, n_classes, **kw))
