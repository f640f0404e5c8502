"""Course 3's rendered street scenes: small pictures whose ground truth we control.

Course 3 (Structuring Machine Learning Projects) has no programming assignments; the book turns its
advice into measured experiments, which need data where we know exactly what every picture shows.
This module draws three small sets of 32x32 RGB street scenes with the signed-distance machinery of
:mod:`catgen` (drawn at 64x64, then averaged down 2x2, which anti-aliases them further):

* ``scenes``: a road under a sky, with background clutter (buildings, trees, bushes) and any subset
  of four objects, each present with probability 0.45: a **car**, a **pedestrian**, a **stop sign** and
  a **traffic light** (:data:`OBJECTS`). Labels ``Y`` (4, m), one row per object (multi-task learning,
  as in the course's autonomous-driving example). In the training split, about a third of the label
  entries are *missing* (``M`` = 0 where a labeller did not say; ``Y`` is then 0 but means nothing).
* ``bikes``: the same kind of scenes, where a **bicycle** is present in half of the pictures (label
  ``Y`` (1, m)); the small target task of the transfer-learning experiment.
* ``signs``: one red road sign of four shapes (:data:`SIGN_SHAPES`: circle, triangle, square,
  diamond) somewhere in a street scene, in 40 % of the pictures with a large red distractor (a red
  building front). Labels ``y`` (m,) 0-3, the sign's centre ``center`` (m, 2) (x, y in pixels of
  the 32x32 picture) and ``red_distractor`` (m,) 0/1: for the "find, then classify" pipeline.

Every picture is drawn from its own generator seeded ``[seed, set, split, index]``, so the arrays are
the same on every machine; the chapters read them from ``data/course3_multitask.h5`` (built by
``data/build_datasets.py`` and checked against ``data/MANIFEST.json``) with :func:`load_course3`.
"""
from __future__ import annotations

import numpy as np

from .catgen import SIZE as _BIG
from .catgen import _camera, _Canvas, _Frame, _hsv, _jit, _muted, _value_noise, _vivid

__all__ = ["OBJECTS", "SIGN_SHAPES", "SIZE", "COURSE3_FILE", "COURSE3_SIZES", "DEFAULT_SEED",
           "render_scene", "render_sign_scene", "make_course3_datasets", "load_course3"]

SIZE = 32
DEFAULT_SEED = 3
OBJECTS = ("car", "pedestrian", "stop_sign", "traffic_light")
SIGN_SHAPES = ("circle", "triangle", "square", "diamond")
COURSE3_FILE = "course3_multitask.h5"
COURSE3_SIZES = {"scenes": {"train": 2000, "test": 400}, "bikes": {"train": 1000, "test": 400},
                 "signs": {"train": 1600, "test": 400}}
_SET_IDS = {"scenes": 0, "bikes": 1, "signs": 2}
P_PRESENT = 0.45   # each of the four objects of a scene
P_MISSING = 0.33   # a training label left unlabelled
P_RED = 0.4        # a sign scene with a red building front behind the street
_SIGN_R = (10.0, 12.0)  # the sign's radius (pixels of the 64x64 drawing)
_OBJECT_SCALE = (1.3, 1.6)
_SLOTS = 4         # objects stand in different slots along the street (no occlusion)
_RED = np.array([0.85, 0.1, 0.1])
_REBUILD_HINT = ("restore it with `git checkout -- data/` or rebuild it with "
                 "`.venv/bin/python data/build_datasets.py`")


# --- the street ----------------------------------------------------------------------------------------

def _street(rng, red_building: bool = False):
    """Sky, background buildings and trees, ground and road; returns (canvas, ground line y)."""
    yy = np.mgrid[0:_BIG, 0:_BIG][0].astype(np.float64) + 0.5
    horizon = rng.uniform(24, 34)
    sky_top = _hsv(rng.uniform(0.53, 0.63), rng.uniform(0.2, 0.6), rng.uniform(0.6, 1.0))
    sky_low = np.clip(sky_top + rng.uniform(0.05, 0.25), 0, 1)
    t = (yy / _BIG)[..., None]
    cv = _Canvas(sky_top * (1 - t) + sky_low * t)
    for _ in range(rng.integers(0, 4)):  # buildings behind the street
        f = _Frame(rng.uniform(0, 64), horizon, 1.0)
        hw, hh = rng.uniform(5, 12), rng.uniform(6, 18)
        cv.fill(f.box(0, -hh, hw, hh), _muted(rng, v=(0.3, 0.8), s=(0.0, 0.3)))
    ground = _muted(rng, v=(0.3, 0.6), s=(0.05, 0.4))
    cv.fill(horizon - yy, ground * (0.9 + 0.2 * _value_noise(rng, 8))[..., None])
    road = np.full(3, rng.uniform(0.25, 0.5))
    top = horizon + rng.uniform(2, 6)
    cv.fill(top - yy, road * (0.9 + 0.15 * _value_noise(rng, 12))[..., None])
    line = _Frame(0, 0, 1.0)
    lane_y = (top + 64) / 2 + rng.uniform(-3, 3)
    dash = np.where((line.u // 8) % 2 == 0, 1.0, 0.0)
    cv.fill(np.abs(yy - lane_y) - 0.6, np.array([0.9, 0.9, 0.8]), opacity=0.8 * dash)
    for _ in range(rng.integers(0, 3)):  # trees and bushes (not labelled)
        f = _Frame(rng.uniform(0, 64), horizon, 1.0)
        h = rng.uniform(6, 14)
        cv.fill(f.box(0, -h / 2, 0.8, h / 2), _hsv(0.08, 0.5, rng.uniform(0.25, 0.4)))
        cv.fill(f.circle(0, -h, rng.uniform(3, 6)), _hsv(rng.uniform(0.22, 0.38), rng.uniform(0.4, 0.8),
                                                         rng.uniform(0.25, 0.6)))
    if red_building:
        f = _Frame(rng.uniform(6, 58), horizon, 1.0)
        cv.fill(f.box(0, -12, rng.uniform(9, 12), 12), _jit(rng, _RED, 0.04))
    return cv, horizon, top


def _scale(rng):
    """The size of an object (1 = the proportions below, in pixels of the 64x64 drawing)."""
    return rng.uniform(*_OBJECT_SCALE)


def _car(cv, rng, x, y, color=None):
    f = _Frame(x, y, _scale(rng), flip=bool(rng.random() < 0.5))
    col = _vivid(rng, v=(0.4, 0.95), s=(0.2, 0.9)) if color is None else _jit(rng, color, 0.04)
    cv.fill(f.box(0, -4.2, 7.5, 2.6, rounding=1.0), col)
    cv.fill(f.box(-0.8, -7.6, 4.2, 2.0, rounding=1.2), col * 0.9)
    cv.fill(f.box(-0.8, -7.6, 3.3, 1.3, rounding=0.6), np.array([0.6, 0.75, 0.85]))
    for wx in (-4.5, 4.5):
        cv.fill(f.circle(wx, -1.6, 1.9), np.array([0.08, 0.08, 0.08]))


def _pedestrian(cv, rng, x, y):
    f = _Frame(x, y, _scale(rng))
    clothes = _vivid(rng, v=(0.3, 0.9), s=(0.2, 0.9))
    legs = _muted(rng, v=(0.15, 0.5))
    skin = _jit(rng, (0.8, 0.6, 0.45), 0.08)
    step = rng.uniform(0.5, 2.0)
    cv.fill(f.polyline([(-step, 0), (0, -6), (step, 0)], 0.9), legs)
    cv.fill(f.segment(0, -6, 0, -11.5, 1.6), clothes)
    cv.fill(f.polyline([(-2.2, -7.5), (0, -11), (2.2, -7.5)], 0.6), clothes * 0.85)
    cv.fill(f.circle(0, -13.8, 1.7), skin)


def _pole(cv, f, top):
    cv.fill(f.segment(0, 0, 0, top, 0.45), np.array([0.45, 0.45, 0.47]))


def _stop_sign(cv, rng, x, y):
    f = _Frame(x, y, _scale(rng))
    _pole(cv, f, -10)
    pts = [(3.6 * np.cos(a), -12.5 + 3.6 * np.sin(a)) for a in np.pi / 8 + np.arange(8) * np.pi / 4]
    cv.fill(f.poly(pts), np.array([0.95, 0.95, 0.95]))
    cv.fill(f.poly([(0.8 * u, -12.5 + 0.8 * (v + 12.5)) for u, v in pts]), _jit(rng, _RED, 0.04))


def _traffic_light(cv, rng, x, y):
    f = _Frame(x, y, _scale(rng))
    _pole(cv, f, -10)
    cv.fill(f.box(0, -15, 2.3, 5.2, rounding=0.6), np.array([0.1, 0.1, 0.12]))
    lit = rng.integers(3)
    colors = [(0.95, 0.15, 0.1), (0.95, 0.8, 0.1), (0.2, 0.9, 0.3)]
    for k, c in enumerate(colors):
        c = np.array(c)
        cv.fill(f.circle(0, -18.2 + 3.2 * k, 1.25), c if k == lit else 0.3 * c + 0.05)


def _bicycle(cv, rng, x, y):
    f = _Frame(x, y, _scale(rng), flip=bool(rng.random() < 0.5))
    col = _vivid(rng, v=(0.3, 0.9))
    dark = np.array([0.1, 0.1, 0.1])
    for wx in (-4.6, 4.6):
        cv.fill(f.ring(wx, -3.4, 3.0, 0.7), dark)
    cv.fill(f.polyline([(-4.6, -3.4), (-1.0, -8.0), (3.4, -8.0), (4.6, -3.4)], 0.65), col)
    cv.fill(f.polyline([(-4.6, -3.4), (0.2, -3.4), (-1.0, -8.0)], 0.65), col)
    cv.fill(f.segment(-1.8, -8.9, -0.2, -8.9, 0.7), dark)
    cv.fill(f.segment(3.4, -8.0, 3.8, -10.0, 0.6), dark)


_DRAW = {"car": _car, "pedestrian": _pedestrian, "stop_sign": _stop_sign, "traffic_light": _traffic_light,
         "bicycle": _bicycle}


def _finish(cv, rng):
    img = _camera(np.clip(cv.img, 0.0, 1.0), rng, [], noise=(0.0, 0.004)).astype(np.float64)
    small = img.reshape(SIZE, 2, SIZE, 2, 3).mean(axis=(1, 3))
    return np.round(small).astype(np.uint8)


def render_scene(rng, present) -> np.ndarray:
    """One 32x32x3 uint8 street scene showing the objects named in ``present`` (a subset of
    :data:`OBJECTS` plus ``"bicycle"``), each in its own slot along the street, in random order."""
    if not isinstance(rng, np.random.Generator):
        raise ValueError("rng must be a numpy.random.Generator (np.random.default_rng(seed)), "
                         f"got {type(rng).__name__}")
    unknown = [p for p in present if p not in _DRAW]
    if unknown:
        raise ValueError(f"unknown objects {unknown}; draw from {sorted(_DRAW)}")
    cv, horizon, top = _street(rng)
    n_slots = max(_SLOTS, len(present))  # the bicycle set: up to five objects, narrower slots
    slots = rng.permutation(n_slots)[:len(present)]
    for name, slot in zip(present, slots):
        x = (slot + 0.5) * 64 / n_slots + rng.uniform(-2, 2)
        y = rng.uniform(top + 1, min(top + 10, 62))
        _DRAW[name](cv, rng, x, y)
    return _finish(cv, rng)


def _sign_shape(f, shape, r):
    if shape == "circle":
        return f.circle(0, 0, r)
    if shape == "triangle":
        return f.poly([(-1.1 * r, -0.75 * r), (1.1 * r, -0.75 * r), (0, 1.15 * r)])
    if shape == "square":
        return f.box(0, 0, 0.85 * r, 0.85 * r)
    return f.poly([(0, -1.2 * r), (1.2 * r, 0), (0, 1.2 * r), (-1.2 * r, 0)])


def render_sign_scene(rng, shape: int, red_distractor: bool):
    """One 32x32x3 uint8 street scene with a red road sign of shape ``SIGN_SHAPES[shape]``; returns
    ``(image, center)`` with the sign's centre (x, y) in pixels of the 32x32 picture. With
    ``red_distractor`` a red building front stands behind the street too."""
    if not isinstance(rng, np.random.Generator):
        raise ValueError("rng must be a numpy.random.Generator (np.random.default_rng(seed)), "
                         f"got {type(rng).__name__}")
    if not 0 <= int(shape) < len(SIGN_SHAPES):
        raise ValueError(f"shape must be 0..{len(SIGN_SHAPES) - 1}, got {shape!r}")
    cv, horizon, top = _street(rng, red_building=bool(red_distractor))
    slots = rng.permutation(_SLOTS)
    extras = [n for n in ("car", "pedestrian", "traffic_light") if rng.random() < 0.3]
    for name, slot in zip(extras, slots[1:]):
        x = (slot + 0.5) * 64 / _SLOTS + rng.uniform(-2, 2)
        y = rng.uniform(top + 1, min(top + 10, 62))
        _DRAW[name](cv, rng, x, y)
    cx = (slots[0] + 0.5) * 64 / _SLOTS + rng.uniform(-2, 2)
    cx = float(np.clip(cx, 13, 51))
    cy = float(rng.uniform(12, 40))
    r = rng.uniform(*_SIGN_R)
    f = _Frame(cx, cy, 1.0, angle=rng.normal(0, 0.08))
    cv.fill(f.segment(0, 0, 0, 64 - cy, 0.6), np.array([0.45, 0.45, 0.47]))
    name = SIGN_SHAPES[int(shape)]
    cv.fill(_sign_shape(f, name, r), np.array([0.95, 0.95, 0.95]))
    cv.fill(_sign_shape(f, name, 0.75 * r), _jit(rng, _RED, 0.04))
    return _finish(cv, rng), np.array([cx / 2, cy / 2])


# --- the data sets --------------------------------------------------------------------------------------

def _scenes(seed, set_id, split_id, n, objects, missing):
    out_x = np.empty((n, SIZE, SIZE, 3), np.uint8)
    Y = np.zeros((len(objects), n), np.int8)
    M = np.ones((len(objects), n), np.int8)
    for i in range(n):
        rng = np.random.default_rng([seed, set_id, split_id, i])
        flags = rng.random(len(objects)) < (P_PRESENT if len(objects) > 1 else 0.5)
        present = [o for o, on in zip(objects, flags) if on]
        if len(objects) == 1:  # the bicycle set: the other objects as background
            present = present + [o for o in OBJECTS if rng.random() < 0.3]
        out_x[i] = render_scene(rng, present)
        Y[:, i] = flags
        if missing:
            M[:, i] = rng.random(len(objects)) >= P_MISSING
    Y = Y * M  # an unknown label is stored as 0 (and M says it is unknown)
    return out_x, Y, M


def make_course3_datasets(seed: int = DEFAULT_SEED, sizes: dict | None = None) -> dict:
    """Render the three sets. Returns ``{f"{set}_{split}_{field}": array}``:

    * ``scenes_<split>_x`` uint8 (m, 32, 32, 3), ``scenes_<split>_y`` int8 (4, m) (rows :data:`OBJECTS`),
      ``scenes_<split>_mask`` int8 (4, m) (1 = labelled; the training split has missing labels,
      the test split none);
    * ``bikes_<split>_x``, ``bikes_<split>_y`` int8 (1, m);
    * ``signs_<split>_x``, ``signs_<split>_y`` int64 (m,) (index into :data:`SIGN_SHAPES`),
      ``signs_<split>_center`` float64 (m, 2) (x, y), ``signs_<split>_red`` int8 (m,).
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    sizes = COURSE3_SIZES if sizes is None else sizes
    out = {}
    for split_id, split in enumerate(("train", "test")):
        n = sizes["scenes"][split]
        x, y, m = _scenes(seed, 0, split_id, n, OBJECTS, missing=split == "train")
        out.update({f"scenes_{split}_x": x, f"scenes_{split}_y": y, f"scenes_{split}_mask": m})
        x, y, _ = _scenes(seed, 1, split_id, sizes["bikes"][split], ("bicycle",), missing=False)
        out.update({f"bikes_{split}_x": x, f"bikes_{split}_y": y})
        n = sizes["signs"][split]
        xs = np.empty((n, SIZE, SIZE, 3), np.uint8)
        centers = np.empty((n, 2))
        labels = np.random.default_rng([seed, 2, split_id]).permutation(np.arange(n) % 4).astype(np.int64)
        red = np.zeros(n, np.int8)
        for i in range(n):
            rng = np.random.default_rng([seed, 2, split_id, 1, i])
            red[i] = rng.random() < P_RED
            xs[i], centers[i] = render_sign_scene(rng, int(labels[i]), bool(red[i]))
        out.update({f"signs_{split}_x": xs, f"signs_{split}_y": labels, f"signs_{split}_center": centers,
                    f"signs_{split}_red": red})
    return out


def load_course3(name: str, data_dir=None) -> dict:
    """One set of ``data/course3_multitask.h5`` (checked against ``MANIFEST.json``): ``name`` is
    ``"scenes"``, ``"bikes"`` or ``"signs"``; returns ``{"train": {field: array}, "test": {...}}`` with
    the fields of :func:`make_course3_datasets` (``x``, ``y``, and ``mask`` / ``center``, ``red``)."""
    from .files import DataFileError, load_h5

    fields = {"scenes": ("x", "y", "mask"), "bikes": ("x", "y"), "signs": ("x", "y", "center", "red")}
    if name not in fields:
        raise ValueError(f"name must be one of {sorted(fields)}, got {name!r}")
    keys = [f"{name}_{split}_{k}" for split in ("train", "test") for k in fields[name]]
    d = load_h5(COURSE3_FILE, keys, data_dir)
    out = {}
    for split in ("train", "test"):
        m = COURSE3_SIZES[name][split]
        part = {k: d[f"{name}_{split}_{k}"] for k in fields[name]}
        x = part["x"]
        if x.dtype != np.uint8 or x.shape != (m, SIZE, SIZE, 3):
            raise DataFileError(f"{COURSE3_FILE}: {name}_{split}_x should be uint8 ({m}, {SIZE}, {SIZE}, 3), "
                                f"got {x.dtype} {x.shape}; {_REBUILD_HINT}")
        y = part["y"]
        rows = {"scenes": len(OBJECTS), "bikes": 1}.get(name)
        want = (rows, m) if rows else (m,)
        if y.shape != want:
            raise DataFileError(f"{COURSE3_FILE}: {name}_{split}_y should have shape {want}, got {y.shape}; "
                                f"{_REBUILD_HINT}")
        out[split] = part
    return out
