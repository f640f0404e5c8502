"""Two-dimensional toy data sets of Course 1, week 3, written in numpy.

* :func:`load_planar_dataset`: the "flower", two classes interleaved in petals, r = a sin(4t) + noise;
  not linearly separable, so logistic regression fails and a one-hidden-layer network succeeds.
* :func:`load_extra_datasets`: the four extra sets the week's notebook lets you try (built there with
  scikit-learn's ``make_circles``, ``make_moons``, ``make_blobs``, ``make_gaussian_quantiles``, which this
  package re-implements: scikit-learn is not a dependency).

Layout as in the course: ``X`` float64 of shape (2, m), ``Y`` int64 0/1 labels of shape (1, m).
Every set is deterministic: it is drawn from ``np.random.default_rng(seed)``.
"""
from __future__ import annotations

import numpy as np

__all__ = ["load_planar_dataset", "load_extra_datasets", "EXTRA_DATASETS"]

EXTRA_DATASETS = ("noisy_circles", "noisy_moons", "blobs", "gaussian_quantiles")


def _check_m(m) -> int:
    if isinstance(m, bool) or not isinstance(m, (int, np.integer)) or m < 2:
        raise ValueError(f"m (the number of examples) must be an integer >= 2 so that both classes appear, got {m!r}")
    return int(m)


def _check_seed(seed) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    return int(seed)


def _as_course_layout(X, y):
    """(m, 2) points and (m,) labels -> X (2, m) float64 and Y (1, m) int64."""
    return np.ascontiguousarray(X.T, dtype=np.float64), y.astype(np.int64).reshape(1, -1)


def load_planar_dataset(m: int = 400, seed: int = 1):
    """The "flower": ``m`` points, half of each class, in petals of radius ``4 sin(4t)``.

    Class j takes angles ``t`` spread over ``[3.12 j, 3.12 (j + 1)]`` plus N(0, 0.2^2) noise, and radius
    ``r = 4 sin(4 t)`` plus N(0, 0.2^2) noise; the point is ``(r sin t, r cos t)``. Returns
    ``X`` (2, m) float64 and ``Y`` (1, m) int64, the first half labelled 0 and the second 1.
    """
    m, seed = _check_m(m), _check_seed(seed)
    rng = np.random.default_rng(seed)
    a = 4.0  # the maximum radius of a petal
    X = np.zeros((m, 2))
    y = np.zeros(m, dtype=np.int64)
    start = 0
    for j, n in enumerate((m // 2, m - m // 2)):
        t = np.linspace(j * 3.12, (j + 1) * 3.12, n) + rng.standard_normal(n) * 0.2
        r = a * np.sin(4 * t) + rng.standard_normal(n) * 0.2
        X[start:start + n] = np.c_[r * np.sin(t), r * np.cos(t)]
        y[start:start + n] = j
        start += n
    return _as_course_layout(X, y)


def _shuffled(rng, X, y):
    order = rng.permutation(len(y))
    return X[order], y[order]


def _circles(rng, m, factor=0.5, noise=0.3):
    """Two concentric circles (outer: class 0, inner of radius ``factor``: class 1) plus Gaussian noise."""
    n_out = m // 2
    n_in = m - n_out
    t_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    t_in = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
    X = np.vstack([np.c_[np.cos(t_out), np.sin(t_out)], factor * np.c_[np.cos(t_in), np.sin(t_in)]])
    y = np.r_[np.zeros(n_out), np.ones(n_in)]
    X = X + rng.normal(0.0, noise, X.shape)
    return _shuffled(rng, X, y)


def _moons(rng, m, noise=0.2):
    """Two interleaved half circles plus Gaussian noise."""
    n_out = m // 2
    n_in = m - n_out
    t_out = np.linspace(0, np.pi, n_out)
    t_in = np.linspace(0, np.pi, n_in)
    X = np.vstack([np.c_[np.cos(t_out), np.sin(t_out)], np.c_[1 - np.cos(t_in), 1 - np.sin(t_in) - 0.5]])
    y = np.r_[np.zeros(n_out), np.ones(n_in)]
    X = X + rng.normal(0.0, noise, X.shape)
    return _shuffled(rng, X, y)


def _blobs(rng, m, centers=6, box=10.0, std=1.0):
    """``centers`` Gaussian blobs with centres uniform in [-box, box]^2; blob k gets label k % 2.

    (The course's notebook makes 6 blobs and then takes ``Y % 2``; this returns those binary labels.)
    """
    c = rng.uniform(-box, box, (centers, 2))
    which = np.arange(m) % centers
    X = c[which] + rng.normal(0.0, std, (m, 2))
    return _shuffled(rng, X, which % 2)


def _gaussian_quantiles(rng, m, cov=0.5):
    """An isotropic Gaussian split by a circle: the inner half of the points is class 0, the outer half 1."""
    X = rng.normal(0.0, np.sqrt(cov), (m, 2))
    order = np.argsort(np.sum(X ** 2, axis=1), kind="stable")
    y = np.zeros(m)
    y[order[m // 2:]] = 1
    return _shuffled(rng, X, y)


def load_extra_datasets(m: int = 200, seed: int = 3) -> dict:
    """The four extra planar sets, each ``(X (2, m) float64, Y (1, m) int64)``.

    Keys: ``noisy_circles`` (circles of radius 1 and 0.5, noise 0.3), ``noisy_moons`` (noise 0.2),
    ``blobs`` (6 blobs, labels = blob index % 2) and ``gaussian_quantiles`` (N(0, 0.5 I) split at its
    median radius). All four are drawn, in that order, from one ``np.random.default_rng(seed)``.
    """
    m, seed = _check_m(m), _check_seed(seed)
    rng = np.random.default_rng(seed)
    makers = (_circles, _moons, _blobs, _gaussian_quantiles)
    return {name: _as_course_layout(*make(rng, m)) for name, make in zip(EXTRA_DATASETS, makers)}
