"""Render the "Happy House" set: 64x64 RGB pictures of faces, smiling (1) or not (0), drawn with numpy alone.

Course 4's first Keras assignment trains a small convolutional network to tell whether the people at
the door of the "Happy House" are smiling: 600 training and 150 test photographs, 64x64x3, that come with
the course's materials and are not ours to redistribute. This module draws a stand-in of the same shapes,
as :mod:`catgen` does for the cats and :mod:`signs` for the hand signs: a head and shoulders with varied
skin tones (the six tones of :mod:`signs`), hair styles and colours, glasses, moustaches, eyes open or
closed, eyebrows, a head that moves, turns and changes size, directional light, over plain walls,
gradients, rooms and textures, with the cat set's camera effects (exposure, contrast, blur, noise).

The label is the mouth's shape. Both classes have closed and open mouths (teeth and a dark inside in
both), so neither "teeth visible" nor "dark pixels where the mouth is" gives the answer: what tells a
smile is that the corners of the mouth are *raised* (``mouth_lift`` > 0, a curve a few pixels deep)
while a neutral or frowning mouth is straight or turned down; a surprised "o" is not a smile either.
A convolutional network sees that shape wherever the face is; a linear model on the pixels has to
learn it separately for every position and size of the face.

Every shape is a signed distance field on the pixel grid (anti-aliased by ``clip(0.5 - d, 0, 1)``).
``make_happy_dataset()`` is deterministic: image ``i`` of a split is drawn from its own generator seeded
``[seed, split, 1, i]``.
"""
from __future__ import annotations

import numpy as np

from .catgen import SIZE, _bg_gradient, _bg_indoor, _bg_texture, _camera, _Canvas, _Frame, _hsv, _jit, _muted, _value_noise
from .signs import SKIN_TONES
from .files import _REBUILD_HINT, split_file_arrays

__all__ = ["make_happy_dataset", "render_face", "load_happy_dataset", "load_happy_metadata", "MOUTHS",
           "HAIR_STYLES", "BACKGROUND_KINDS", "HAPPY_SIZES", "DEFAULT_SEED"]

DEFAULT_SEED = 4
HAPPY_SIZES = {"train": 600, "test": 150}
# mouth shapes of each class: (name, probability); lift = raise of the corners in head radii
MOUTHS = {1: (("smile", 0.45), ("open_smile", 0.4), ("grin", 0.15)),
          0: (("neutral", 0.35), ("frown", 0.2), ("open_neutral", 0.2), ("open_frown", 0.1), ("surprised", 0.15))}
_LIFT = {"smile": (0.2, 0.34), "open_smile": (0.18, 0.3), "grin": (0.18, 0.3), "neutral": (-0.03, 0.03),
         "frown": (-0.2, -0.08), "open_neutral": (-0.03, 0.03), "open_frown": (-0.16, -0.07), "surprised": (0, 0)}
HAIR_STYLES = ("bald", "short", "long", "fringe", "bun", "curly")
_HAIR_P = np.array([0.1, 0.3, 0.25, 0.15, 0.1, 0.1])
BACKGROUND_KINDS = ("plain", "gradient", "indoor", "texture")
_BG_P = np.array([0.45, 0.25, 0.2, 0.1])
# --- how the pictures are composed ---------------------------------------------------------------------
# These numbers decide how learnable the set is (see data/README.md): the head moves, turns and changes
# size enough that the mouth is never at the same pixels twice, which a dense model on the pixels has to
# learn position by position, while a small CNN finds the curve of the mouth anywhere.
_R = (16.0, 19.0)               # head radius (pixels): half the head's width
_CX, _CY = (29.0, 35.0), (28.0, 32.0)   # head centre (pixels)
_ROT_SD, _ROT_MAX = 0.06, 0.2   # head tilt (radians): normal, clipped


def _background(rng):
    kind = BACKGROUND_KINDS[rng.choice(len(BACKGROUND_KINDS), p=_BG_P)]
    if kind == "plain":
        img = _muted(rng, v=(0.4, 0.95), s=(0.02, 0.5)) * np.ones((SIZE, SIZE, 3))
        img = img * (0.9 + 0.1 * _value_noise(rng, 2))[..., None]
    elif kind == "gradient":
        img = _bg_gradient(rng)[0]
    elif kind == "indoor":
        img = _bg_indoor(rng)[0]
    else:
        img = _bg_texture(rng)[0]
    return np.clip(img, 0, 1), kind


def _mouth_sd(f, rng, kind, lift, w, v0):
    """Signed distances of the mouth: ``(outline_or_inside, teeth)`` (teeth None for a closed mouth).

    In head units: the mouth spans ``|u| <= w`` around height ``v0``; its upper edge is
    ``v0 - lift (u / w)^2`` (corners raised by ``lift``); an open mouth's lower edge is ``depth`` below
    at the centre, following the same corners.
    """
    u, v = f.u, f.v
    t = np.clip(u / w, -1.0, 1.0)
    top = v0 - lift * t * t
    if kind in ("smile", "neutral", "frown"):
        r = rng.uniform(0.05, 0.065)
        # distance to the curve, approximated by the vertical gap (the curve is shallow) and the ends
        d_curve = np.abs(v - top) / np.sqrt(1.0 + (2 * lift * t / w) ** 2)
        d_end = np.hypot(np.maximum(np.abs(u) - w, 0.0), v - (v0 - lift))
        sd = np.where(np.abs(u) <= w, d_curve, d_end) - r
        return sd * f.s, None
    if kind == "surprised":
        a, b = rng.uniform(0.09, 0.14), rng.uniform(0.11, 0.18)
        return f.ellipse(0, v0 + b * 0.4, a, b), None
    depth = {"open_smile": (0.1, 0.2), "grin": (0.06, 0.1), "open_neutral": (0.06, 0.12),
             "open_frown": (0.06, 0.12)}[kind]
    depth = rng.uniform(*depth)
    bottom = top + depth * (1.0 - t * t) + 0.02
    if kind == "open_smile":  # the lower lip bulges: a D turned on its side
        bottom = top + depth * np.sqrt(np.clip(1.0 - t * t, 0, 1)) + 0.02
    inside = np.maximum.reduce([np.abs(u) - w, top - v, v - bottom])
    teeth_h = depth * rng.uniform(0.3, 0.55) if kind != "grin" else depth * 0.75
    teeth = np.maximum.reduce([np.abs(u) - w * 0.85, top - v, v - (top + teeth_h)])
    return inside * f.s, teeth * f.s


def render_face(rng, smiling: int):
    """Draw one 64x64x3 uint8 picture of a face, smiling (1) or not (0), with ``rng``.

    Returns ``(image, meta)``; ``meta`` holds ``mouth`` (one of the :data:`MOUTHS` of the class),
    ``mouth_lift`` (how far the mouth's corners are raised, in head radii; > 0.17 for every smile,
    < 0.03 for the rest), ``center`` (x, y pixels of the head), ``radius`` (pixels), ``rotation``
    (degrees, positive = clockwise), ``skin_tone`` (index into :data:`dlcourse.data.signs.SKIN_TONES`),
    ``hair`` (one of :data:`HAIR_STYLES`), ``glasses``, ``moustache``, ``eyes_closed`` (bools),
    ``background`` (one of :data:`BACKGROUND_KINDS`) and ``tags`` (``blurry``, ``low_contrast``, ``dark``).
    """
    if not isinstance(rng, np.random.Generator):
        raise ValueError("rng must be a numpy.random.Generator (np.random.default_rng(seed)), "
                         f"got {type(rng).__name__}")
    if isinstance(smiling, bool) or not isinstance(smiling, (int, np.integer)) or smiling not in (0, 1):
        raise ValueError(f"smiling must be 0 or 1, got {smiling!r}")
    names, p = zip(*MOUTHS[int(smiling)])
    mouth = names[rng.choice(len(names), p=np.array(p) / sum(p))]
    lift = rng.uniform(*_LIFT[mouth])
    tone = int(rng.integers(len(SKIN_TONES)))
    skin = _jit(rng, SKIN_TONES[tone], 0.03)
    bg, bg_kind = _background(rng)
    cv = _Canvas(bg)

    R = rng.uniform(*_R)
    cx, cy = rng.uniform(*_CX), rng.uniform(*_CY)
    angle = float(np.clip(rng.normal(0.0, _ROT_SD), -_ROT_MAX, _ROT_MAX))
    f = _Frame(cx, cy, R, angle=angle)
    light = rng.normal(0, 1, 2)
    light = tuple(light / (np.linalg.norm(light) + 1e-9))
    shade = f.shade(0, 0, 1.2, 1.4, amount=rng.uniform(0.1, 0.3), light=light)[..., None]
    edge = skin * 0.6

    # shoulders and neck (the body does not tilt with the head)
    body = _Frame(cx, cy, R)
    shirt = _muted(rng, v=(0.2, 0.9), s=(0.1, 0.8))
    cv.fill(body.box(0, 2.6, rng.uniform(1.6, 2.1), 1.2, rounding=0.8), shirt)
    cv.fill(body.box(0, 1.25, 0.38, 0.4, rounding=0.1), np.clip(skin * 0.85, 0, 1))

    hair = HAIR_STYLES[rng.choice(len(HAIR_STYLES), p=_HAIR_P)]
    hair_col = _hsv(rng.uniform(0.02, 0.11), rng.uniform(0.2, 0.8), rng.uniform(0.08, 0.75)) \
        if rng.random() < 0.9 else _jit(rng, (0.8, 0.8, 0.78), 0.05)  # or grey
    if hair == "long":  # behind the head, down to the shoulders
        cv.fill(f.box(0, 0.35, 1.12, 1.05, rounding=0.6), hair_col)
    elif hair == "bun":
        cv.fill(f.circle(0, -1.35, 0.42), hair_col)
    elif hair == "curly":
        for k in range(9):
            a = np.pi * (0.05 + 0.9 * k / 8)
            cv.fill(f.circle(-1.0 * np.cos(a), -1.15 * np.sin(a) + 0.05, 0.3), hair_col)
    # ears, head
    for side in (-1, 1):
        cv.fill(f.ellipse(side * 0.97, 0.05, 0.14, 0.24), edge)
        cv.fill(f.ellipse(side * 0.97, 0.05, 0.11, 0.2), np.clip(skin * shade * 0.95, 0, 1))
    head = f.ellipse(0, 0, 0.92, 1.15)
    cv.fill(head, edge)
    cv.fill(head + 0.8, np.clip(skin * shade, 0, 1))
    if hair in ("short", "long", "fringe", "bun", "curly"):  # the hair on top of the head
        low = {"short": -0.62, "long": -0.5, "fringe": -0.3, "bun": -0.65, "curly": -0.6}[hair]
        cap = np.maximum(head - 0.06 * f.s, (f.v - low) * f.s)
        cv.fill(cap, hair_col)

    # eyes, eyebrows, glasses
    ex, ey = rng.uniform(0.3, 0.4), rng.uniform(-0.2, -0.08)
    eyes_closed = bool(rng.random() < 0.15)
    iris = _hsv(rng.uniform(0.05, 0.6), rng.uniform(0.3, 0.8), rng.uniform(0.15, 0.5))
    for side in (-1, 1):
        x = side * ex
        if eyes_closed:
            cv.fill(f.segment(x - 0.12, ey, x + 0.12, ey, 0.03), edge * 0.6)
        else:
            cv.fill(f.ellipse(x, ey, 0.14, 0.08), (0.95, 0.95, 0.93))
            cv.fill(f.circle(x, ey, 0.065), iris)
            cv.fill(f.circle(x, ey, 0.03), (0.05, 0.05, 0.05))
        tilt = rng.uniform(-0.08, 0.08)
        brow_y = ey - rng.uniform(0.17, 0.26)
        cv.fill(f.segment(x - 0.15, brow_y + side * tilt * 0.5, x + 0.15, brow_y - side * tilt * 0.5,
                          rng.uniform(0.03, 0.05)), np.clip(hair_col * 0.8, 0, 1))
    glasses = bool(rng.random() < 0.25)
    if glasses:
        frame_col = _muted(rng, v=(0.05, 0.6), s=(0.0, 0.6))
        for side in (-1, 1):
            cv.fill(f.ring(side * ex, ey, 0.19, 0.025), frame_col)
        cv.fill(f.segment(-ex + 0.19, ey, ex - 0.19, ey, 0.025), frame_col)
    # nose
    nose_y = rng.uniform(0.15, 0.25)
    cv.fill(f.segment(0.0, ey + 0.1, 0.04, nose_y, 0.03), np.clip(skin * 0.8, 0, 1), opacity=0.6)
    cv.fill(f.segment(-0.07, nose_y + 0.02, 0.07, nose_y + 0.02, 0.03), np.clip(skin * 0.7, 0, 1), opacity=0.7)
    # mouth
    w = rng.uniform(0.32, 0.46)
    v0 = rng.uniform(0.5, 0.58) + max(lift, 0) * 0.5
    lip = np.clip(skin * np.array([0.75, 0.45, 0.45]) + np.array([0.12, 0.0, 0.0]), 0, 1)
    moustache = bool(rng.random() < 0.12)
    sd, teeth = _mouth_sd(f, rng, mouth, lift, w, v0)
    if teeth is None and mouth != "surprised":
        cv.fill(sd, lip * 0.7)
    else:
        cv.fill(sd - 0.6, lip)                 # the lips around the opening
        cv.fill(sd, (0.25, 0.07, 0.08))        # the dark inside
        if teeth is not None:
            cv.fill(np.maximum(teeth, sd), (0.93, 0.92, 0.86))
    if moustache:
        cv.fill(f.segment(-0.28, v0 - 0.16, 0.28, v0 - 0.16, 0.07), np.clip(hair_col * 0.9, 0, 1))
    tags: list = []
    img = _camera(np.clip(cv.img, 0, 1), rng, tags, noise=(0.0, 0.01))
    meta = {"mouth": mouth, "mouth_lift": float(lift), "center": np.array([cx, cy]), "radius": float(R),
            "rotation": float(np.degrees(angle)), "skin_tone": tone, "hair": hair, "glasses": glasses,
            "moustache": moustache, "eyes_closed": eyes_closed, "background": bg_kind, "tags": tags}
    return img, meta


META_FIELDS = ("mouth", "mouth_lift", "center", "radius", "rotation", "skin_tone", "hair", "glasses", "moustache",
               "eyes_closed", "background", "tags")


def _split(seed, split_id, n):
    labels = np.random.default_rng([seed, split_id, 0]).permutation(np.arange(n) % 2).astype(np.int64)
    images = np.empty((n, SIZE, SIZE, 3), dtype=np.uint8)
    metas = []
    for i in range(n):
        images[i], meta = render_face(np.random.default_rng([seed, split_id, 1, i]), int(labels[i]))
        metas.append(meta)
    fields = {}
    for k in META_FIELDS:
        col = [m[k] for m in metas]
        if k == "tags":
            fields[k] = np.array([",".join(t) for t in col])
        elif k in ("glasses", "moustache", "eyes_closed"):
            fields[k] = np.array(col, dtype=np.int8)
        elif k == "skin_tone":
            fields[k] = np.array(col, dtype=np.int64)
        else:
            fields[k] = np.stack(col) if k == "center" else np.array(col)
    return images, labels.reshape(1, n), fields


def make_happy_dataset(n_train: int = 600, n_test: int = 150, seed: int = DEFAULT_SEED) -> dict:
    """Render the Happy House set.

    Returns ``train_set_x`` uint8 (n_train, 64, 64, 3), ``train_set_y`` int64 (1, n_train) (1 = smiling;
    as balanced as ``n`` allows), ``test_set_x``, ``test_set_y``, ``list_classes`` int64 ``[0, 1]``, and
    ``<split>_set_<field>`` for each metadata field of :func:`render_face` (``mouth`` str, ``mouth_lift``,
    ``center`` (m, 2), ``radius``, ``rotation``, ``skin_tone`` int64, ``hair`` str, ``glasses``,
    ``moustache``, ``eyes_closed`` int8, ``background`` str, ``tags`` str).
    """
    for name, value in (("n_train", n_train), ("n_test", n_test)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value <= 0:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    out = {"list_classes": np.arange(2, dtype=np.int64)}
    for split, split_id, n in (("train", 0, n_train), ("test", 1, n_test)):
        x, y, fields = _split(int(seed), split_id, int(n))
        out[f"{split}_set_x"], out[f"{split}_set_y"] = x, y
        for k, v in fields.items():
            out[f"{split}_set_{k}"] = v
    return out


# --- the shipped files ---------------------------------------------------------------------------------

HAPPY_TRAIN_FILE, HAPPY_TEST_FILE = "train_happy.h5", "test_happy.h5"


def happy_file_arrays(d: dict, split: str) -> dict:
    """The arrays of one split's h5 file: labels (m,) int64 like the original files, strings as bytes."""
    return split_file_arrays(d, split, META_FIELDS)


def _load_split(split, data_dir):
    from .files import DataFileError, _check_images, _where, load_h5

    filename = HAPPY_TRAIN_FILE if split == "train" else HAPPY_TEST_FILE
    m = HAPPY_SIZES[split]
    d = load_h5(filename, [f"{split}_set_x", f"{split}_set_y", "list_classes"], data_dir)
    x, y, classes = d[f"{split}_set_x"], d[f"{split}_set_y"], d["list_classes"]
    where = _where(data_dir, filename)
    if x.dtype != np.uint8 or x.shape != (m, SIZE, SIZE, 3):
        raise DataFileError(f"{where}: {split}_set_x should be uint8 ({m}, 64, 64, 3), got {x.dtype} "
                            f"{x.shape}; {_REBUILD_HINT}")
    if y.dtype != np.int64 or y.shape != (m,) or not np.all((y == 0) | (y == 1)) or np.unique(y).size != 2:
        raise DataFileError(f"{where}: {split}_set_y should be int64 0/1 labels of shape ({m},) with both "
                            f"classes, got {y.dtype} {y.shape} {np.unique(y)[:4]}; {_REBUILD_HINT}")
    if not np.array_equal(classes, np.arange(2)):
        raise DataFileError(f"{where}: list_classes should be [0 1], got {classes}; {_REBUILD_HINT}")
    _check_images(where, f"{split}_set_x", x)
    return x, y.reshape(1, m), classes


def load_happy_dataset(data_dir=None):
    """The Happy House faces (rendered; see ``data/README.md``), as the course's ``load_happy_dataset()``.

    Returns ``(X_train uint8 (600, 64, 64, 3), Y_train int64 (1, 600), X_test uint8 (150, 64, 64, 3),
    Y_test int64 (1, 150), classes int64 [0 1])``; 1 = smiling (300 / 75 of each class).
    """
    x_tr, y_tr, classes = _load_split("train", data_dir)
    x_te, y_te, _ = _load_split("test", data_dir)
    return x_tr, y_tr, x_te, y_te, classes


def load_happy_metadata(data_dir=None) -> dict:
    """What each Happy House picture shows: ``{"train": {field: array}, "test": {...}}``.

    Fields (m = 600 or 150), those of :func:`render_face`: ``mouth`` str, ``mouth_lift`` float64 (head
    radii), ``center`` (m, 2) head (x, y) pixels, ``radius`` pixels, ``rotation`` degrees, ``skin_tone``
    int64, ``hair`` str, ``glasses``, ``moustache``, ``eyes_closed`` int8, ``background`` str, ``tags`` str.
    The mouths agree with the labels (a smile has a mouth of ``MOUTHS[1]``), or :class:`DataFileError`.
    """
    from .files import DataFileError, _where, load_h5

    out = {}
    for split, filename in (("train", HAPPY_TRAIN_FILE), ("test", HAPPY_TEST_FILE)):
        d = load_h5(filename, [f"{split}_set_y"] + [f"{split}_set_{k}" for k in META_FIELDS], data_dir)
        where = _where(data_dir, filename)
        m = HAPPY_SIZES[split]
        fields = {}
        for k in META_FIELDS:
            v = d[f"{split}_set_{k}"]
            if v.shape[:1] != (m,):
                raise DataFileError(f"{where}: {split}_set_{k} should have {m} rows, got shape {v.shape}; "
                                    f"{_REBUILD_HINT}")
            fields[k] = np.array([s.decode("ascii") for s in v], dtype=str) if v.dtype.kind == "S" else v
        smiles = np.isin(fields["mouth"], [name for name, _ in MOUTHS[1]])
        if not np.array_equal(smiles, np.ravel(d[f"{split}_set_y"]) == 1):
            raise DataFileError(f"{where}: {split}_set_mouth disagrees with {split}_set_y (every smiling "
                                f"picture, and only those, has a smiling mouth): the file is damaged; {_REBUILD_HINT}")
        out[split] = fields
    return out
