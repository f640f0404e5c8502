"""Worked solutions of the exercises of "Classic networks and residual networks".

``grader.show_solution("<exercise>")`` prints them. They are the learner-style answers (each checked by its
grader in the tests), not the library's blocks (``dlcourse.nn.identity_block`` and ``convolutional_block``).
"""
from dlcourse import nn


def identity_block(f, filters, rng):
    F1, F2, F3 = filters
    main_path = nn.Sequential(
        nn.Conv2d(F3, F1, 1, rng=rng), nn.BatchNorm2d(F1), nn.ReLU(),                   # 1x1: F3 -> F1 channels
        nn.Conv2d(F1, F2, f, padding="same", rng=rng), nn.BatchNorm2d(F2), nn.ReLU(),   # f x f, same size
        nn.Conv2d(F2, F3, 1, rng=rng), nn.BatchNorm2d(F3),                              # 1x1: back to F3, no ReLU yet
    )
    return nn.Sequential(nn.Residual(main_path), nn.ReLU())                            # ReLU(main(x) + x)


def convolutional_block(in_channels, f, filters, s, rng):
    F1, F2, F3 = filters
    main_path = nn.Sequential(
        nn.Conv2d(in_channels, F1, 1, stride=s, padding="same", rng=rng), nn.BatchNorm2d(F1), nn.ReLU(),
        nn.Conv2d(F1, F2, f, padding="same", rng=rng), nn.BatchNorm2d(F2), nn.ReLU(),
        nn.Conv2d(F2, F3, 1, rng=rng), nn.BatchNorm2d(F3),
    )
    shortcut = nn.Sequential(nn.Conv2d(in_channels, F3, 1, stride=s, padding="same", rng=rng), nn.BatchNorm2d(F3))
    return nn.Sequential(nn.Residual(main_path, shortcut), nn.ReLU())                  # ReLU(main(x) + shortcut(x))
