"""The two-dimensional data sets of Course 2 (initialization, regularization, optimization).

* :func:`make_circles_dataset`: two noisy concentric circles, as the initialization chapter makes them
  with scikit-learn's ``make_circles(n_samples=300, noise=.05)`` (300 training and 100 test points);
* :func:`make_goalkeeper_dataset`: a **generated stand-in** for the regularization chapter's
  ``data.mat`` (where, on a football field, the French goalkeeper should kick the ball so that a
  French player heads it: 211 training and 200 test positions, blue / red). That file is not ours to
  redistribute; this generator draws positions of the same number, range and character: a curved,
  slightly fuzzy frontier between the two colours, a blue lane reaching down into the red half, and,
  in the training set only, isolated positions of the "wrong" colour, which an unregularized network
  bends its boundary to reach. It is not the original data;
* :func:`make_moons_dataset`: two noisy interleaved half circles, as the optimization chapter makes them
  with ``make_moons(n_samples=300, noise=.2)``.

The chapters read these sets from ``data/course2_2d.h5`` (built from the functions here by
``data/build_datasets.py`` and checked against ``data/MANIFEST.json``) with :func:`load_circles_dataset`,
:func:`load_goalkeeper_dataset` and :func:`load_moons_dataset`, so that every machine trains on
bit-identical points (``sin`` and ``cos`` may differ in their last bits between CPUs and numpy builds).

Layout as in the course: ``X`` float64 (2, m), ``Y`` int64 0/1 of shape (1, m).
"""
from __future__ import annotations

import numpy as np

from .files import DataFileError, load_h5
from .planar import _as_course_layout, _check_seed, _circles, _moons, _shuffled

__all__ = [
    "make_circles_dataset", "make_goalkeeper_dataset", "make_moons_dataset",
    "load_circles_dataset", "load_goalkeeper_dataset", "load_moons_dataset",
    "COURSE2_2D_FILE", "COURSE2_2D_SETS",
]

COURSE2_2D_FILE = "course2_2d.h5"
# set name -> (sizes of the splits it has, seed of the default build)
COURSE2_2D_SETS = {
    "circles": {"train": 300, "test": 100},
    "goalkeeper": {"train": 211, "test": 200},
    "moons": {"train": 300},
}
CIRCLES_SEED, MOONS_SEED = 1, 3
GOALKEEPER_SEED = 7  # the field the chapter trains on (scripts/goalkeeper_robustness.py compares seeds 0-9)
_REBUILD_HINT = ("restore it with `git checkout -- data/` or rebuild it with "
                 "`.venv/bin/python data/build_datasets.py`")


def _check_size(name, value) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 2:
        raise ValueError(f"{name} must be an integer >= 2 so that both classes appear, got {value!r}")
    return int(value)


def _check_noise(noise) -> float:
    if isinstance(noise, bool) or not isinstance(noise, (int, float, np.number)) or not np.isfinite(noise) \
            or noise < 0:
        raise ValueError(f"noise must be a non-negative number (a standard deviation), got {noise!r}")
    return float(noise)


def make_circles_dataset(n_train: int = 300, n_test: int = 100, noise: float = 0.05, factor: float = 0.8,
                         seed: int = CIRCLES_SEED):
    """Two concentric circles: the outer one (radius 1) is class 0, the inner one (radius ``factor``) class 1.

    Each split has half its points on each circle, at evenly spaced angles, plus N(0, noise^2) noise on
    both coordinates, then shuffled (scikit-learn's ``make_circles`` recipe; its default ``factor`` is the
    0.8 the course uses). The training and test splits come from two generators seeded
    ``[seed, 0]`` and ``[seed, 1]``. Returns ``(train_X (2, n_train), train_Y (1, n_train), test_X,
    test_Y)``, X float64, Y int64.
    """
    n_train, n_test = _check_size("n_train", n_train), _check_size("n_test", n_test)
    noise, seed = _check_noise(noise), _check_seed(seed)
    if isinstance(factor, bool) or not isinstance(factor, (int, float, np.number)) or not 0 < factor < 1:
        raise ValueError(f"factor (the inner circle's radius) must be in (0, 1), got {factor!r}")
    out = []
    for split, m in enumerate((n_train, n_test)):
        out += _as_course_layout(*_circles(np.random.default_rng([seed, split]), m, float(factor), noise))
    return tuple(out)


def make_moons_dataset(n_train: int = 300, noise: float = 0.2, seed: int = MOONS_SEED):
    """Two interleaved half circles (scikit-learn's ``make_moons`` recipe) plus N(0, noise^2) noise.

    Class 0 is the upper moon (``(cos t, sin t)``, t in [0, pi]), class 1 the lower one
    (``(1 - cos t, 0.5 - sin t)``). Returns ``(train_X (2, n_train) float64, train_Y (1, n_train) int64)``;
    the optimization chapter has no test set.
    """
    n_train, noise, seed = _check_size("n_train", n_train), _check_noise(noise), _check_seed(seed)
    return _as_course_layout(*_moons(np.random.default_rng([seed, 0]), n_train, noise))


# --- the goalkeeper stand-in -------------------------------------------------------------------------
# The field is the box [-0.75, 0.75] x [-0.75, 0.75] (the original's positions span about that range).
# Blue (label 1) lies above a gently curved frontier x2 = _frontier(x1), and in a lane reaching down into
# the red half (_LANE_X1 < x1 < _LANE_X1', x2 > _LANE_BOTTOM); the colour of a position is decided by its
# signed offset from that region's border plus N(0, _FUZZ^2) noise, so colours mix near the border. The
# training split also holds _N_WRONG isolated positions of the wrong colour, at 0.05 to 0.35 (in x2) from
# the frontier: the noise an unregularized network reaches for, and a regularized one ignores.
_HALF = 0.75
_FUZZ = 0.02
_LANE_X1, _LANE_BOTTOM = (0.05, 0.4), -0.5
_N_WRONG, _WRONG_DEPTH = 24, (0.05, 0.35)


def _frontier(x1):
    return 0.15 * np.sin(3.0 * x1 + 0.6) - 0.25 * x1 + 0.2


def _blue_offset(X):
    """Signed offset of positions X (n, 2) from the border of the blue region (> 0 inside it)."""
    above = X[:, 1] - _frontier(X[:, 0])
    lane = np.minimum(np.minimum(X[:, 0] - _LANE_X1[0], _LANE_X1[1] - X[:, 0]), X[:, 1] - _LANE_BOTTOM)
    return np.maximum(above, lane)


def _goalkeeper_split(rng, m, n_wrong):
    n_plain = m - n_wrong
    X = rng.uniform(-_HALF, _HALF, (n_plain, 2))
    y = (_blue_offset(X) + rng.normal(0.0, _FUZZ, n_plain) > 0).astype(np.int64)
    parts_X, parts_y = [X], [y]
    for _ in range(n_wrong):
        x1 = rng.uniform(-0.65, 0.65)
        side = -1.0 if rng.integers(2) == 1 else 1.0  # below or above the frontier
        x2 = np.clip(_frontier(x1) + side * rng.uniform(*_WRONG_DEPTH), -0.7, 0.7)
        point = np.array([[x1, x2]])
        parts_X.append(point)
        parts_y.append(np.array([0 if _blue_offset(point)[0] > 0 else 1], dtype=np.int64))  # the wrong colour
    return _shuffled(rng, np.vstack(parts_X), np.concatenate(parts_y))


def make_goalkeeper_dataset(n_train: int = 211, n_test: int = 200, seed: int = GOALKEEPER_SEED):
    """Generated stand-in for the regularization chapter's football-field data (``data.mat``): see the module doc.

    Positions are uniform on [-0.75, 0.75]^2. Blue (1) is the region above the curved frontier
    ``x2 = 0.15 sin(3 x1 + 0.6) - 0.25 x1 + 0.2`` together with a lane ``0.05 < x1 < 0.4, x2 > -0.5``
    reaching down into the red (0) half; a position's colour is decided by its signed offset from that
    region's border plus N(0, 0.02^2), so colours mix near the border. The training split also holds 24
    isolated positions of the wrong colour, 0.05 to 0.35 above or below the frontier; the test split has
    none. Splits are drawn from generators seeded ``[seed, 0]`` and ``[seed, 1]``. Returns
    ``(train_X (2, n_train), train_Y (1, n_train), test_X (2, n_test), test_Y (1, n_test))``.
    """
    n_train, n_test, seed = _check_size("n_train", n_train), _check_size("n_test", n_test), _check_seed(seed)
    if n_train < _N_WRONG + 2:
        raise ValueError(f"n_train must be at least {_N_WRONG + 2} (the training split holds "
                         f"{_N_WRONG} wrong-colour positions), got {n_train}")
    out = []
    for split, (m, n_wrong) in enumerate(((n_train, _N_WRONG), (n_test, 0))):
        out += _as_course_layout(*_goalkeeper_split(np.random.default_rng([seed, split]), m, n_wrong))
    return tuple(out)


def course2_2d_arrays() -> dict:
    """Every array of ``data/course2_2d.h5``, keyed ``<set>_<split>_X`` / ``<set>_<split>_Y``."""
    made = {
        "circles": make_circles_dataset(),
        "goalkeeper": make_goalkeeper_dataset(),
        "moons": make_moons_dataset(),
    }
    arrays = {}
    for name, splits in COURSE2_2D_SETS.items():
        for k, split in enumerate(splits):
            arrays[f"{name}_{split}_X"] = made[name][2 * k]
            arrays[f"{name}_{split}_Y"] = made[name][2 * k + 1]
    return arrays


# --- loaders -------------------------------------------------------------------------------------------

def _load(name: str, data_dir) -> tuple:
    splits = COURSE2_2D_SETS[name]
    keys = [f"{name}_{split}_{v}" for split in splits for v in "XY"]
    d = load_h5(COURSE2_2D_FILE, keys, data_dir)
    out = []
    for split, m in splits.items():
        X, Y = d[f"{name}_{split}_X"], d[f"{name}_{split}_Y"]
        if X.dtype != np.float64 or X.shape != (2, m) or not np.all(np.isfinite(X)):
            raise DataFileError(f"{COURSE2_2D_FILE}: {name}_{split}_X should be finite float64 of shape "
                                f"(2, {m}), got {X.dtype} {X.shape}; {_REBUILD_HINT}")
        if Y.dtype != np.int64 or Y.shape != (1, m) or not np.all((Y == 0) | (Y == 1)):
            raise DataFileError(f"{COURSE2_2D_FILE}: {name}_{split}_Y should be int64 0/1 labels of shape "
                                f"(1, {m}), got {Y.dtype} {Y.shape}; {_REBUILD_HINT}")
        out += [X, Y]
    return tuple(out)


def load_circles_dataset(data_dir=None):
    """The initialization chapter's circles: ``(train_X (2, 300), train_Y (1, 300), test_X (2, 100),
    test_Y (1, 100))``, X float64, Y int64 (1 = inner circle), read from ``data/course2_2d.h5``."""
    return _load("circles", data_dir)


def load_goalkeeper_dataset(data_dir=None):
    """The regularization chapter's football-field positions (a generated stand-in, see the module doc):
    ``(train_X (2, 211), train_Y (1, 211), test_X (2, 200), test_Y (1, 200))``, X float64, Y int64
    (1 = blue: a French player heads the ball), read from ``data/course2_2d.h5``."""
    return _load("goalkeeper", data_dir)


def load_moons_dataset(data_dir=None):
    """The optimization chapter's moons: ``(train_X (2, 300) float64, train_Y (1, 300) int64)``, read from
    ``data/course2_2d.h5``."""
    return _load("moons", data_dir)
