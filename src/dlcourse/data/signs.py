"""Render the hand-signs set: 64x64 RGB pictures of a hand raising 0 to 5 fingers, drawn with numpy alone.

Course 2 (its TensorFlow chapter) and Course 4 (convolutional networks) classify the SIGNS pictures:
photographs of a hand showing 0-5 fingers, 1080 for training and 120 for testing. Those photographs are
not ours to redistribute, so this module draws a stand-in of the same shapes, as :mod:`catgen` does for
the cats: a palm and forearm with 0-5 raised fingers (the thumb counts, as in SIGNS), the others folded
over the palm, with varied skin tones, pose (rotation, position, left or right hand), scale, finger
lengths, widths and spread, lighting and a cast shadow, over plain, gradient, textured, indoor or
cluttered backgrounds, and the camera effects of :mod:`catgen` (exposure, contrast, blur, noise).

Every shape is a signed distance field on the pixel grid (anti-aliased by ``clip(0.5 - d, 0, 1)``).
``make_signs_dataset()`` is deterministic: image ``i`` of a split is drawn from its own generator seeded
``[seed, split, 1, i]``.
"""
from __future__ import annotations

import numpy as np

from .catgen import (
    SIZE,
    _bg_blotches,
    _bg_fabric,
    _bg_gradient,
    _bg_indoor,
    _bg_texture,
    _box_blur,
    _camera,
    _Canvas,
    _Frame,
    _hsv,
    _jit,
    _muted,
    _value_noise,
)
from .files import _REBUILD_HINT, split_file_arrays

__all__ = ["make_signs_dataset", "render_sign", "load_signs", "load_signs_metadata", "FINGERS", "SKIN_TONES", "BACKGROUND_KINDS", "DEFAULT_SEED"]

DEFAULT_SEED = 1
FINGERS = ("thumb", "index", "middle", "ring", "pinky")
# light to dark skin (RGB in [0, 1]); each picture jitters its tone
SKIN_TONES = np.array([(0.96, 0.80, 0.69), (0.92, 0.72, 0.58), (0.84, 0.62, 0.47), (0.74, 0.53, 0.37),
                       (0.56, 0.38, 0.26), (0.38, 0.25, 0.17)])
BACKGROUND_KINDS = ("plain", "gradient", "texture", "indoor", "clutter", "fabric", "skin_like")
_BG_P = np.array([8, 3, 0.3, 0.5, 0.5, 0.3, 0.2])  # mostly plain walls, as in the original photos
# which fingers show each count (thumb, index, middle, ring, pinky), with their probabilities
_SUBSETS = {
    0: [((0, 0, 0, 0, 0), 1.0)],
    1: [((0, 1, 0, 0, 0), 0.75), ((1, 0, 0, 0, 0), 0.25)],
    2: [((0, 1, 1, 0, 0), 0.7), ((1, 1, 0, 0, 0), 0.3)],
    3: [((0, 1, 1, 1, 0), 0.5), ((1, 1, 1, 0, 0), 0.5)],
    4: [((0, 1, 1, 1, 1), 0.85), ((1, 1, 1, 1, 0), 0.15)],
    5: [((1, 1, 1, 1, 1), 1.0)],
}
# hand geometry in palm units (the palm is about 2 units wide): finger base u, length, radius
_BASE_U = np.array([-0.72, -0.24, 0.24, 0.72])
_LENGTH = np.array([1.75, 1.95, 1.8, 1.4])
_PALM_TOP = -1.0
# --- how the pictures are composed ---------------------------------------------------------------------
# These few numbers decide how learnable the set is (see data/README.md): the pose ranges below were tuned
# so that Course 2's dense softmax classifier behaves roughly as on the original photos (most training
# pictures learned, about three test pictures in four right) while the hand still moves, turns and
# changes size enough that a dense network, which has to learn every position separately, stays well
# below what a small convolutional network reaches.
_SCALE = (10.5, 12.5)          # pixels per palm unit (the palm is about 2 units wide): the hand fills the frame
_CX, _CY = (30, 34), (41, 43)  # the palm's centre (pixels)
_ROT_SD, _ROT_MAX = 0.08, 0.5  # rotation (radians): normal, clipped


def _background(rng, skin):
    kind = BACKGROUND_KINDS[rng.choice(len(BACKGROUND_KINDS), p=_BG_P / _BG_P.sum())]
    if kind == "plain":
        img = _jit(rng, (0.9, 0.9, 0.88), 0.06) * np.ones((SIZE, SIZE, 3))
        img = img * (0.9 + 0.1 * _value_noise(rng, 2))[..., None]
    elif kind == "gradient":
        img = _bg_gradient(rng)[0]
    elif kind == "texture":
        img = _bg_texture(rng)[0]
    elif kind == "indoor":
        img = _bg_indoor(rng)[0]
    elif kind == "fabric":
        img = _bg_fabric(rng)[0]
    elif kind == "clutter":
        cv = _Canvas(_bg_blotches(rng)[0])
        for _ in range(rng.integers(2, 6)):  # things lying about: boxes, discs, bars
            f = _Frame(rng.uniform(0, 64), rng.uniform(0, 64), rng.uniform(3, 10), angle=rng.uniform(0, np.pi))
            sd = f.box(0, 0, rng.uniform(0.5, 1.5), rng.uniform(0.3, 1.2), rounding=0.2) if rng.random() < 0.6 \
                else f.circle(0, 0, 1.0)
            cv.fill(sd, _muted(rng, s=(0.1, 0.7)))
        img = cv.img
    else:  # a background close to the skin colour: the hardest case
        img = np.clip(skin * rng.uniform(0.75, 1.25) + rng.normal(0, 0.05, 3), 0, 1) * np.ones((SIZE, SIZE, 3))
        img = img * (0.9 + 0.15 * _value_noise(rng, 3))[..., None]
    return np.clip(img, 0, 1), kind


def _hand_parts(f, rng, raised, side):
    """Signed distances (pixels) of the hand's parts, in drawing order, and each finger's tip (pixels).

    ``side`` is -1: the thumb is on the -u side. Returns ``(parts, tips)``: ``parts`` a list of
    ``(sd, kind)`` with kind in {"arm", "palm", "finger", "folded"}; ``tips`` (5, 2) the (x, y) pixel
    position where each finger's tip is, or would be if it were raised.
    """
    width = rng.uniform(0.2, 0.26)
    spread = rng.uniform(0.0, 0.12)
    lengths = _LENGTH * rng.uniform(0.85, 1.15) * rng.uniform(0.93, 1.07, 4)
    thumb_angle = rng.uniform(0.6, 1.1)  # from vertical, outwards
    thumb_len = rng.uniform(1.2, 1.5)
    parts_back, parts_front = [], []
    tips = np.zeros((5, 2))

    def to_px(u, v):
        uu = -u if f.flip else u
        c, s = np.cos(f.angle), np.sin(f.angle)
        return (f.cx + f.s * (c * uu - s * v), f.cy + f.s * (s * uu + c * v))

    # the thumb: raised, it points up and out from the side of the palm; folded, it lies across the palm
    tb = (side * 0.85, 0.25)
    tt = (tb[0] + side * thumb_len * np.sin(thumb_angle), tb[1] - thumb_len * np.cos(thumb_angle))
    tips[0] = to_px(*tt)
    if raised[0]:
        parts_back.append((f.polyline([tb, tt], width + 0.05), "finger"))
    else:
        parts_front.append((f.segment(side * 0.75, 0.45, -side * 0.15, -0.05, width + 0.04), "folded"))
    for k in range(4):
        a = spread * (k - 1.5) * side * -1.0  # fan outwards, never towards a neighbour
        base = (_BASE_U[k] * -side, _PALM_TOP + 0.25)
        tip = (base[0] + lengths[k] * np.sin(a), base[1] - lengths[k] * np.cos(a))
        tips[k + 1] = to_px(*tip)
        if raised[k + 1]:
            parts_back.append((f.segment(base[0], base[1], tip[0], tip[1], width * (1.0 - 0.08 * (k == 3))),
                               "finger"))
        else:  # a curled finger: its knuckle rounds the top of the palm
            parts_front.append((f.segment(base[0], _PALM_TOP + 0.05, base[0], _PALM_TOP + 0.45, width + 0.02),
                                "folded"))
    arm = (f.box(0, 2.6, 0.72, 1.8, rounding=0.3), "arm")
    palm = (f.box(0, 0, 0.98, 1.05, rounding=0.45), "palm")
    return [arm] + parts_back + [palm] + parts_front, tips


def render_sign(rng, label: int, return_mask: bool = False):
    """Draw one 64x64x3 uint8 picture of a hand raising ``label`` fingers (0-5) with ``rng``.

    Returns ``(image, meta)`` (and the hand's coverage mask (64, 64) float in [0, 1] if ``return_mask``):
    ``meta`` holds ``fingers`` (5 flags: thumb, index, middle, ring, pinky), ``rotation`` (degrees,
    positive = clockwise), ``scale`` (pixels per palm unit; the palm is about 2 units wide), ``center``
    (x, y pixels of the palm), ``left`` (mirrored hand), ``skin_tone`` (index into :data:`SKIN_TONES`),
    ``skin_rgb``, ``background`` (one of :data:`BACKGROUND_KINDS`), ``tips`` (5, 2) where each fingertip
    is or would be if raised, and ``tags`` (``blurry``, ``low_contrast``, ``dark``).
    """
    if not isinstance(rng, np.random.Generator):
        raise ValueError("rng must be a numpy.random.Generator (np.random.default_rng(seed)), "
                         f"got {type(rng).__name__}")
    if isinstance(label, bool) or not isinstance(label, (int, np.integer)) or not 0 <= label <= 5:
        raise ValueError(f"label (the number of raised fingers) must be an integer 0-5, got {label!r}")
    subsets, p = zip(*_SUBSETS[int(label)])
    raised = subsets[rng.choice(len(subsets), p=np.array(p) / sum(p))]
    tone = int(rng.integers(len(SKIN_TONES)))
    skin = _jit(rng, SKIN_TONES[tone], 0.03)
    bg, bg_kind = _background(rng, skin)

    scale = rng.uniform(*_SCALE)
    angle = float(np.clip(rng.normal(0.0, _ROT_SD), -_ROT_MAX, _ROT_MAX))
    cx, cy = rng.uniform(*_CX), rng.uniform(*_CY)
    left = bool(rng.random() < 0.5)
    f = _Frame(cx, cy, scale, angle=angle, flip=left)
    f.cx, f.cy, f.angle, f.flip = cx, cy, angle, left
    parts, tips = _hand_parts(f, rng, raised, side=-1.0)

    mask = np.zeros((SIZE, SIZE))
    for sd, _ in parts:
        mask = np.maximum(mask, np.clip(0.5 - sd, 0.0, 1.0))
    # a soft shadow cast on the background
    sx, sy = rng.integers(-3, 4, 2)
    shadow = _box_blur(np.roll(mask, (int(sy), int(sx)), axis=(0, 1))[..., None], 2)[..., 0]
    cv = _Canvas(bg * (1.0 - rng.uniform(0.1, 0.35) * shadow)[..., None])

    light = rng.normal(0, 1, 2)
    light = light / (np.linalg.norm(light) + 1e-9)
    texture = (0.95 + 0.1 * _value_noise(rng, 12))[..., None]
    edge = skin * rng.uniform(0.55, 0.7)
    for sd, kind in parts:
        shade = f.shade(0, -0.5, 2.0, 3.0, amount=0.25, light=tuple(light))[..., None]
        col = skin * texture * shade * (0.92 if kind in ("arm", "folded") else 1.0)
        cv.fill(sd, edge)                      # a thin darker contour separates the parts
        cv.fill(sd + 0.9, np.clip(col, 0, 1))
    for k in range(1, 5):  # nails on the raised fingers
        if raised[k]:
            nail = _Frame(tips[k][0], tips[k][1], scale, angle=angle).circle(0, 0.3, 0.13)
            cv.fill(nail, np.clip(skin * 1.12 + 0.05, 0, 1), opacity=0.5)
    tags: list = []
    glow = 1.0 + rng.uniform(0, 0.25) * ((f.u * light[0] + f.v * light[1]) / 6.0)
    img = _camera(np.clip(cv.img * np.clip(glow, 0.7, 1.3)[..., None], 0, 1), rng, tags, noise=(0.0, 0.005))
    meta = {"fingers": np.array(raised, dtype=np.int8), "rotation": float(np.degrees(angle)), "scale": float(scale),
            "center": np.array([cx, cy]), "left": left, "skin_tone": tone, "skin_rgb": skin,
            "background": bg_kind, "tips": tips, "tags": tags}
    return (img, meta, mask) if return_mask else (img, meta)


def _split(seed, split_id, n):
    labels = np.random.default_rng([seed, split_id, 0]).permutation(np.arange(n) % 6).astype(np.int64)
    images = np.empty((n, SIZE, SIZE, 3), dtype=np.uint8)
    metas = []
    for i in range(n):
        images[i], meta = render_sign(np.random.default_rng([seed, split_id, 1, i]), int(labels[i]))
        metas.append(meta)
    fields = {
        "fingers": np.stack([m["fingers"] for m in metas]),
        "rotation": np.array([m["rotation"] for m in metas]),
        "scale": np.array([m["scale"] for m in metas]),
        "center": np.stack([m["center"] for m in metas]),
        "left": np.array([m["left"] for m in metas], dtype=np.int8),
        "skin_tone": np.array([m["skin_tone"] for m in metas], dtype=np.int64),
        "skin_rgb": np.stack([m["skin_rgb"] for m in metas]),
        "background": np.array([m["background"] for m in metas]),
        "tips": np.stack([m["tips"] for m in metas]),
        "tags": np.array([",".join(m["tags"]) for m in metas]),
    }
    return images, labels.reshape(1, n), fields


def make_signs_dataset(n_train: int = 1080, n_test: int = 120, seed: int = DEFAULT_SEED) -> dict:
    """Render the hand-signs set.

    Returns ``train_set_x`` uint8 (n_train, 64, 64, 3), ``train_set_y`` int64 (1, n_train) (the number
    of raised fingers, 0-5; as balanced as ``n`` allows), ``test_set_x``, ``test_set_y``,
    ``list_classes`` int64 ``[0, 1, 2, 3, 4, 5]``, and ``<split>_set_<field>`` for each metadata field of
    :func:`render_sign` (``fingers`` int8 (m, 5), ``rotation``, ``scale``, ``center`` (m, 2), ``left``
    int8, ``skin_tone`` int64, ``skin_rgb`` (m, 3), ``background`` str, ``tips`` (m, 5, 2), ``tags`` str).
    """
    for name, value in (("n_train", n_train), ("n_test", n_test)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value <= 0:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    out = {"list_classes": np.arange(6, dtype=np.int64)}
    for split, split_id, n in (("train", 0, n_train), ("test", 1, n_test)):
        x, y, fields = _split(int(seed), split_id, int(n))
        out[f"{split}_set_x"], out[f"{split}_set_y"] = x, y
        for k, v in fields.items():
            out[f"{split}_set_{k}"] = v
    return out


# --- the shipped files ---------------------------------------------------------------------------------

SIGNS_TRAIN_FILE, SIGNS_TEST_FILE = "train_signs.h5", "test_signs.h5"
SIGNS_SIZES = {"train": 1080, "test": 120}
META_FIELDS = ("fingers", "rotation", "scale", "center", "left", "skin_tone", "skin_rgb", "background", "tips",
               "tags")


def signs_file_arrays(d: dict, split: str) -> dict:
    """The arrays of one split's h5 file: labels (m,) int64 like the original files, strings as bytes."""
    return split_file_arrays(d, split, META_FIELDS)


def _load_split(split, data_dir):
    from .files import DataFileError, load_h5

    filename = SIGNS_TRAIN_FILE if split == "train" else SIGNS_TEST_FILE
    m = SIGNS_SIZES[split]
    d = load_h5(filename, [f"{split}_set_x", f"{split}_set_y", "list_classes"], data_dir)
    x, y, classes = d[f"{split}_set_x"], d[f"{split}_set_y"], d["list_classes"]
    if x.dtype != np.uint8 or x.shape != (m, SIZE, SIZE, 3):
        raise DataFileError(f"{filename}: {split}_set_x should be uint8 ({m}, 64, 64, 3), got {x.dtype} "
                            f"{x.shape}; {_REBUILD_HINT}")
    if y.dtype != np.int64 or y.shape != (m,) or not np.all((y >= 0) & (y <= 5)):
        raise DataFileError(f"{filename}: {split}_set_y should be int64 labels 0-5 of shape ({m},), got "
                            f"{y.dtype} {y.shape}; {_REBUILD_HINT}")
    if not np.array_equal(classes, np.arange(6)):
        raise DataFileError(f"{filename}: list_classes should be [0 1 2 3 4 5], got {classes}; {_REBUILD_HINT}")
    return x, y.reshape(1, m), classes


def load_signs(data_dir=None):
    """The hand-signs pictures (rendered; see ``data/README.md``), as the course's ``load_dataset()`` gives them.

    Returns ``(X_train uint8 (1080, 64, 64, 3), Y_train int64 (1, 1080), X_test uint8 (120, 64, 64, 3),
    Y_test int64 (1, 120), classes int64 [0 1 2 3 4 5])``; a label is the number of raised fingers.
    """
    x_tr, y_tr, classes = _load_split("train", data_dir)
    x_te, y_te, _ = _load_split("test", data_dir)
    return x_tr, y_tr, x_te, y_te, classes


def load_signs_metadata(data_dir=None) -> dict:
    """What each hand-signs picture shows: ``{"train": {field: array}, "test": {...}}``.

    Fields (m = 1080 or 120): ``fingers`` int8 (m, 5) (thumb, index, middle, ring, pinky raised),
    ``rotation`` float64 degrees, ``scale`` float64 pixels per palm unit, ``center`` (m, 2) palm (x, y),
    ``left`` int8, ``skin_tone`` int64 (index into :data:`SKIN_TONES`), ``skin_rgb`` (m, 3),
    ``background`` str, ``tips`` (m, 5, 2) fingertip (x, y) pixels (where a folded finger's tip would be),
    ``tags`` str (comma-separated ``blurry``, ``low_contrast``, ``dark``).
    """
    from .files import DataFileError, load_h5

    out = {}
    for split, filename in (("train", SIGNS_TRAIN_FILE), ("test", SIGNS_TEST_FILE)):
        d = load_h5(filename, [f"{split}_set_{k}" for k in META_FIELDS], data_dir)
        m = SIGNS_SIZES[split]
        fields = {}
        for k in META_FIELDS:
            v = d[f"{split}_set_{k}"]
            if v.shape[:1] != (m,):
                raise DataFileError(f"{filename}: {split}_set_{k} should have {m} rows, got shape {v.shape}; "
                                    f"{_REBUILD_HINT}")
            fields[k] = np.array([s.decode("ascii") for s in v], dtype=str) if v.dtype.kind == "S" else v
        out[split] = fields
    return out
