"""Course 3's picture pool: small cat / non-cat pictures from four "regions" with known camera conditions.

Course 3 (Structuring Machine Learning Projects) has no programming assignments; the book turns its advice
into measured experiments, which need data whose ground truth we control. This module wraps
:func:`dlcourse.data.catgen.render_image` (whose output it does not change) and adds:

* **regions**: every picture is taken in one of four regions, each with its own camera conditions applied
  to the rendered 64x64 picture (:data:`REGIONS`): ``plain`` (as rendered), ``warm`` (a warm colour cast),
  ``dim`` (under-exposed, noisier) and ``blurry`` (a soft lens). Distribution shift is known by construction.
* **small pictures**: each picture is averaged down to 16x16 pixels (4x4 blocks), so a few thousand of them
  fit in a few MB and a dense network trains on them in seconds.
* **extra big cats**: lions and tigers (non-cats that look like cats, the chapter's "unacceptable" pictures),
  rendered by rejection (non-cat pictures are drawn until one is a lion or a tiger).
* **label noise**: :func:`noisy_labels` flips each clean label with a known probability, which sets the
  Bayes error of the noisy task by construction.

``make_course3_goal_pool()`` is deterministic (picture ``i`` is drawn from its own generator); the file
``data/course3_goal.h5`` is written by ``data/build_datasets.py`` and read by :func:`load_course3_goal`,
which checks it against ``data/MANIFEST.json``.
"""
from __future__ import annotations

import numpy as np

from .catgen import _box_blur, render_image

__all__ = ["REGIONS", "SMALL", "COURSE3_GOAL_FILE", "COURSE3_GOAL_SIZES", "DEFAULT_SEED", "camera_region",
           "downsample", "make_course3_goal_pool", "load_course3_goal", "noisy_labels", "render_full_size"]

DEFAULT_SEED = 3
SMALL = 16
COURSE3_GOAL_FILE = "course3_goal.h5"
REGIONS = ("plain", "warm", "dim", "blurry")
#: pictures per region in the main pool (half of them cats) and the number of extra big cats
COURSE3_GOAL_SIZES = {"per_region": 2000, "big_cats": 600}
FIELDS = ("x", "y", "region", "kind", "tags", "seed")
_MAIN, _BIG, _CAMERA = 3, 4, 5  # generator streams: main pool renders, big-cat renders, region cameras


def camera_region(img: np.ndarray, region: int, rng: np.random.Generator) -> np.ndarray:
    """Apply region ``region``'s camera (an index into :data:`REGIONS`) to a 64x64x3 uint8 picture."""
    if not 0 <= int(region) < len(REGIONS):
        raise ValueError(f"region must be an index into {REGIONS}, got {region!r}")
    x = img.astype(np.float64) / 255.0
    name = REGIONS[int(region)]
    if name == "warm":
        x = x * np.array([1.12, 0.96, 0.72]) + 0.03
    elif name == "dim":
        x = x * rng.uniform(0.35, 0.5) + rng.normal(0.0, 0.03, x.shape)
    elif name == "blurry":
        x = _box_blur(_box_blur(x, 2), 1)
    return np.clip(np.round(x * 255.0), 0, 255).astype(np.uint8)


def downsample(img: np.ndarray, size: int = SMALL) -> np.ndarray:
    """Average an (H, W, 3) uint8 picture down to (size, size, 3) uint8 (H and W multiples of size)."""
    h, w, c = img.shape
    if h % size or w % size:
        raise ValueError(f"picture of shape {img.shape} cannot be averaged down to {size}x{size}")
    blocks = img.reshape(size, h // size, size, w // size, c).astype(np.float64).mean(axis=(1, 3))
    return np.clip(np.round(blocks), 0, 255).astype(np.uint8)


def _big_cat(seed: int, j: int):
    """The ``j``-th lion or tiger: the first non-cat picture of stream ``[seed, 4, j, k]`` that is one."""
    for k in range(1000):
        rng = np.random.default_rng([seed, _BIG, j, k])
        img, kind, tags = render_image(rng, False)
        if kind in ("lion", "tiger"):
            return img, kind, tags, k
    raise RuntimeError("no big cat in 1000 draws")  # pragma: no cover - about 1 draw in 21 is one


def render_full_size(seed_row, region: int | None = None) -> np.ndarray:
    """Re-render a pool picture at 64x64 from its ``seed`` row (``[stream, index, k, region]``).

    With ``region=None`` the picture's own region camera is applied, else region ``region``'s.
    """
    stream, index, k, own_region = (int(v) for v in seed_row)
    seed = DEFAULT_SEED
    if stream == _MAIN:
        is_cat = bool(_main_labels(seed)[index])
        img, _, _ = render_image(np.random.default_rng([seed, _MAIN, index]), is_cat)
    else:
        img, _, _ = render_image(np.random.default_rng([seed, _BIG, index, k]), False)
    r = own_region if region is None else int(region)
    return camera_region(img, r, np.random.default_rng([seed, _CAMERA, stream, index]))


def _main_labels(seed: int) -> np.ndarray:
    n = COURSE3_GOAL_SIZES["per_region"] * len(REGIONS)
    return (np.random.default_rng([seed, _MAIN, 99999]).permutation(n) % 2).astype(np.int64)


def make_course3_goal_pool(seed: int = DEFAULT_SEED) -> dict:
    """Render the pool: ``{"x": (N, 16, 16, 3) uint8, "y": (N,) int64 clean labels (1 = cat),
    "region": (N,) int64, "kind": (N,) str, "tags": (N,) str, "seed": (N, 4) int64}``.

    The first ``4 * 2000`` pictures are the main pool (region ``i % 4``, half cats); the last 600 are
    extra lions and tigers (non-cats, regions ``j % 4``). ``seed`` rows re-render a picture at full size
    with :func:`render_full_size`.
    """
    per_region, n_big = COURSE3_GOAL_SIZES["per_region"], COURSE3_GOAL_SIZES["big_cats"]
    n_main = per_region * len(REGIONS)
    labels = _main_labels(seed)
    n = n_main + n_big
    x = np.empty((n, SMALL, SMALL, 3), np.uint8)
    y = np.zeros(n, np.int64)
    region = np.empty(n, np.int64)
    seeds = np.zeros((n, 4), np.int64)
    kinds, tags = [], []
    for i in range(n):
        if i < n_main:
            stream, index, k = _MAIN, i, 0
            img, kind, t = render_image(np.random.default_rng([seed, _MAIN, i]), bool(labels[i]))
            y[i] = labels[i]
        else:
            stream, index = _BIG, i - n_main
            img, kind, t, k = _big_cat(seed, index)
        r = index % len(REGIONS)
        img = camera_region(img, r, np.random.default_rng([seed, _CAMERA, stream, index]))
        x[i] = downsample(img)
        region[i] = r
        seeds[i] = (stream, index, k, r)
        kinds.append(kind)
        tags.append(",".join(t))
    return {"x": x, "y": y, "region": region, "kind": np.array(kinds), "tags": np.array(tags), "seed": seeds}


def load_course3_goal(data_dir=None) -> dict:
    """The pool of :func:`make_course3_goal_pool`, read from ``data/course3_goal.h5`` after its checksum.

    Returns the same dict (``kind`` and ``tags`` as str arrays). Raises
    :class:`~dlcourse.data.DataFileError` if the file is missing, modified or holds the wrong shapes.
    """
    from .files import _REBUILD_HINT, DataFileError, _check_images, _where, load_h5

    d = load_h5(COURSE3_GOAL_FILE, list(FIELDS), data_dir)
    where = _where(data_dir, COURSE3_GOAL_FILE)
    n = COURSE3_GOAL_SIZES["per_region"] * len(REGIONS) + COURSE3_GOAL_SIZES["big_cats"]
    want = {"x": (np.uint8, (n, SMALL, SMALL, 3)), "y": (np.int64, (n,)), "region": (np.int64, (n,)),
            "seed": (np.int64, (n, 4))}
    for k, (dtype, shape) in want.items():
        if d[k].dtype != dtype or d[k].shape != shape:
            raise DataFileError(f"{where}: {k} should be a {np.dtype(dtype)} array of shape {shape}, got "
                                f"{d[k].dtype} {d[k].shape}; {_REBUILD_HINT}")
    for k in ("kind", "tags"):
        if d[k].dtype.kind != "S" or d[k].shape != (n,):
            raise DataFileError(f"{where}: {k} should be {n} byte strings, got {d[k].dtype} {d[k].shape}; "
                                f"{_REBUILD_HINT}")
        d[k] = np.array([s.decode("ascii") for s in d[k]], dtype=str)
    if not np.all((d["y"] == 0) | (d["y"] == 1)) or not np.all((d["region"] >= 0) & (d["region"] < len(REGIONS))):
        raise DataFileError(f"{where}: labels must be 0/1 and regions in 0..{len(REGIONS) - 1}; {_REBUILD_HINT}")
    _check_images(where, "x", d["x"])
    return d


def noisy_labels(y, p: float, seed: int) -> np.ndarray:
    """Flip each 0/1 label of ``y`` independently with probability ``p`` (generator ``seed``).

    If the picture determines the clean label, the best possible classifier of the noisy labels still errs
    on a fraction ``p`` of the pictures: the Bayes error of the noisy task is ``p``.
    """
    y = np.asarray(y)
    if not 0.0 <= float(p) < 0.5:
        raise ValueError(f"p must be in [0, 0.5), got {p!r}")
    flip = np.random.default_rng(seed).random(y.shape) < p
    return np.where(flip, 1 - y, y).astype(y.dtype)
