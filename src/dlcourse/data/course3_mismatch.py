"""Course 3's pictures: a large "web" set and a small "mobile app" set of 32x32 cat / non-cat pictures.

Course 3 (Structuring Machine Learning Projects) argues from a cat-picture app: 200,000 pictures
crawled from the web to train on, and 10,000 pictures uploaded by the app's users, blurrier, darker and
framed less carefully, which are what the app must get right. This module renders both, scaled down,
with :func:`dlcourse.data.catgen.render_image` (whose output it does not change) and a phone camera of
its own:

* **web** pictures: a catgen picture (64x64), downsampled to 32x32 by averaging 2x2 blocks;
* **app** pictures: an independent catgen picture, downsampled the same way, then passed through
  :func:`mobile_camera` -- framing (a closer, off-centre crop), blur, a dim warm light with a vignette
  (:func:`relight`) and sensor noise. The *content* (what is drawn, the share of cats) follows the same law as the web set, so
  the only difference between the two distributions is the camera, known by construction.

Both carry catgen's metadata (``kind``: ``'cat/face/ginger'``, ``'dog/face/pointy'``, ``'lion'``, ...;
``tags``: ``small``, ``occluded``, ``blurry``, ``low_contrast``, ``dark``), for error analysis.

The camera is split in two so that a chapter can synthesize app-like pictures from web ones, and can
show what goes wrong when the synthesis draws from too few settings: :func:`draw_camera` draws one
setting (a dict: crop, light, blur, a noise field), :func:`apply_camera` applies a setting to pictures,
and ``mobile_camera(x, rng) = apply_camera(x, draw_camera(rng))``.

Determinism: web picture ``i`` is rendered from ``default_rng([seed, 0, 1, i])``, app picture ``i`` from
``default_rng([seed, 1, 1, i])`` and its camera from ``default_rng([seed, 1, 2, i])``; labels are a fixed
permutation (half cats in each set).
"""
from __future__ import annotations

import numpy as np

from .catgen import _box_blur, render_image
from .files import DataFileError, _REBUILD_HINT, _check_images, _where, load_h5

__all__ = ["make_course3_dataset", "load_course3_mismatch", "downsample", "draw_camera", "apply_camera",
           "apply_cameras", "relight", "mobile_camera", "COURSE3_FILE", "COURSE3_SIZES", "COURSE3_SEED", "SIZE"]

SIZE = 32
COURSE3_FILE = "course3_mismatch.h5"
COURSE3_SIZES = {"web": 3200, "app": 1000}
COURSE3_SEED = 3
CAT_FRACTION = 0.5
_SPLIT_ID = {"web": 0, "app": 1}

# --- the phone camera ----------------------------------------------------------------------------------
_ZOOM = (1.15, 1.45)      # the crop is 1/zoom of the frame: app users hold the phone closer
_EXPOSURE = (0.45, 0.75)  # dim rooms
_WARM = (1.12, 1.0, 0.78)  # warm indoor light (RGB gains), jittered per picture
_VIGNETTE = 0.35           # the corners lose this share of their light
_P_BLUR = 0.7              # shaky hands / a cheap lens
_NOISE = (0.03, 0.07)      # sensor noise std, after the exposure


def downsample(images) -> np.ndarray:
    """(m, 64, 64, 3) uint8 -> (m, 32, 32, 3) uint8: the mean of each 2x2 block, rounded."""
    x = np.asarray(images)
    if x.ndim != 4 or x.shape[1] % 2 or x.shape[2] % 2:
        raise ValueError(f"images should be (m, H, W, C) with even H and W, got shape {x.shape}")
    m, h, w, c = x.shape
    blocks = x.astype(np.float64).reshape(m, h // 2, 2, w // 2, 2, c).mean(axis=(2, 4))
    return np.clip(np.round(blocks), 0, 255).astype(np.uint8)


def draw_camera(rng) -> dict:
    """One setting of the phone camera, drawn with ``rng`` (a ``numpy.random.Generator``).

    Keys: ``zoom`` and ``centre`` (the crop: its side is ``SIZE / zoom``, its centre in [0, 1]^2 of the
    frame), ``exposure``, ``gain`` (3 RGB factors), ``blur`` (0, 1 or 2 passes of a 3x3 box blur),
    ``noise`` (a (32, 32, 3) field of sensor noise, std included).
    """
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
    zoom = rng.uniform(*_ZOOM)
    half = 0.5 / zoom
    centre = rng.uniform(half, 1.0 - half, 2)
    exposure = rng.uniform(*_EXPOSURE)
    gain = np.array(_WARM) * (1.0 + rng.normal(0.0, 0.05, 3))
    blur = int(rng.random() < _P_BLUR) * (1 + int(rng.random() < 0.3))
    noise = rng.normal(0.0, 1.0, (SIZE, SIZE, 3)) * rng.uniform(*_NOISE)
    return {"zoom": zoom, "centre": centre, "exposure": exposure, "gain": gain, "blur": blur, "noise": noise}


_GRID = (np.arange(SIZE) + 0.5) / SIZE
_R2 = ((_GRID[:, None] - 0.5) ** 2 + (_GRID[None, :] - 0.5) ** 2) / 0.5


def relight(images, exposure, gain, vignette=_VIGNETTE) -> np.ndarray:
    """The phone's light: ``images * exposure * gain * (1 - vignette * r^2 / 0.5)``, float in, float out.

    ``images``: float (32, 32, 3) or (m, 32, 32, 3); ``gain``: 3 RGB factors; ``r`` is the distance of a
    pixel's centre ``((i + 0.5) / 32, (j + 0.5) / 32)`` from the frame's centre ``(0.5, 0.5)``, so the
    corners keep ``1 - vignette`` of their light (times ``exposure * gain``) and the centre all of it.
    No clipping: values stay floats.
    """
    x = np.asarray(images, dtype=np.float64)
    if x.shape[-3:] != (SIZE, SIZE, 3) or x.ndim not in (3, 4):
        raise ValueError(f"images should be ({SIZE}, {SIZE}, 3) or (m, {SIZE}, {SIZE}, 3), got {x.shape}")
    vmap = (1.0 - vignette * _R2)[..., None]
    return x * exposure * np.asarray(gain, dtype=np.float64) * vmap


def _crop_coords(zoom, centre):
    """Bilinear sampling coordinates of the square of side 1/zoom around ``centre`` (fractions of the frame)."""
    side = 1.0 / zoom
    ys = (centre[0] - side / 2 + _GRID * side) * SIZE - 0.5
    xs = (centre[1] - side / 2 + _GRID * side) * SIZE - 0.5
    y0 = np.clip(np.floor(ys).astype(int), 0, SIZE - 2)
    x0 = np.clip(np.floor(xs).astype(int), 0, SIZE - 2)
    return y0, x0, np.clip(ys - y0, 0.0, 1.0), np.clip(xs - x0, 0.0, 1.0)


def _as_pictures(images):
    x = np.asarray(images)
    single = x.ndim == 3
    if single:
        x = x[None]
    if x.ndim != 4 or x.shape[1:] != (SIZE, SIZE, 3):
        raise ValueError(f"images should be (m, {SIZE}, {SIZE}, 3) or ({SIZE}, {SIZE}, 3), got {np.shape(images)}")
    x = x.astype(np.float64) / 255.0 if x.dtype == np.uint8 else x.astype(np.float64)
    return x, single


def _blur_batch(x, passes):
    """``passes`` 3x3 box blurs of every picture of (m, H, W, C) (catgen's blur, one call for the batch)."""
    if passes == 0 or x.shape[0] == 0:
        return x
    m, h, w, c = x.shape
    y = np.moveaxis(x, 0, 2).reshape(h, w, m * c)
    for _ in range(passes):
        y = _box_blur(y, 1)
    return np.moveaxis(y.reshape(h, w, m, c), 2, 0)


_CHUNK = 256


def apply_cameras(images, settings) -> np.ndarray:
    """Photograph picture ``k`` of ``images`` with camera setting ``settings[k]`` (from :func:`draw_camera`).

    ``images``: (m, 32, 32, 3), uint8 (0-255) or float in [0, 1]; ``settings``: a sequence of m settings.
    Returns uint8 (m, 32, 32, 3): crop (bilinear), blur, :func:`relight`, plus the setting's noise field.
    """
    x, _ = _as_pictures(images)
    m = x.shape[0]
    if len(settings) != m:
        raise ValueError(f"give one camera setting per picture: {m} pictures, {len(settings)} settings")
    if m > _CHUNK:  # in chunks, to keep the temporaries small (every picture is processed independently)
        return np.concatenate([apply_cameras(x[i:i + _CHUNK], settings[i:i + _CHUNK]) for i in range(0, m, _CHUNK)])
    coords = [_crop_coords(s["zoom"], s["centre"]) for s in settings]
    y0 = np.stack([c[0] for c in coords])[:, :, None]
    x0 = np.stack([c[1] for c in coords])[:, None, :]
    fy = np.stack([c[2] for c in coords])[:, :, None, None]
    fx = np.stack([c[3] for c in coords])[:, None, :, None]
    k = np.arange(m)[:, None, None]
    top = x[k, y0, x0] * (1 - fx) + x[k, y0, x0 + 1] * fx
    bottom = x[k, y0 + 1, x0] * (1 - fx) + x[k, y0 + 1, x0 + 1] * fx
    img = top * (1 - fy) + bottom * fy
    blur = np.array([s["blur"] for s in settings])
    for passes in np.unique(blur):
        sel = blur == passes
        img[sel] = _blur_batch(img[sel], int(passes))
    exposure = np.array([s["exposure"] for s in settings])[:, None, None, None]
    gain = np.stack([s["gain"] for s in settings])[:, None, None, :]
    noise = np.stack([s["noise"] for s in settings])
    img = relight(img, exposure, gain) + noise
    return np.clip(np.round(img * 255.0), 0, 255).astype(np.uint8)


def apply_camera(images, setting: dict) -> np.ndarray:
    """Photograph 32x32 pictures with one camera ``setting`` (from :func:`draw_camera`).

    ``images``: (32, 32, 3) or (m, 32, 32, 3), uint8 (0-255) or float in [0, 1]. Returns uint8 of the same
    shape. The same setting is applied to every picture given (crop, light, blur, the same noise field).
    """
    x, single = _as_pictures(images)
    out = apply_cameras(x, [setting] * x.shape[0])
    return out[0] if single else out


def mobile_camera(images, rng) -> np.ndarray:
    """Each picture through its own camera setting, drawn in turn from ``rng``: app-like pictures."""
    x, single = _as_pictures(images)
    out = apply_cameras(x, [draw_camera(rng) for _ in range(x.shape[0])])
    return out[0] if single else out


# --- the data set ----------------------------------------------------------------------------------

def _render_set(seed: int, name: str, n: int):
    split = _SPLIT_ID[name]
    labels = (np.random.default_rng([seed, split, 0]).permutation(n) < int(round(n * CAT_FRACTION)))
    big = np.empty((n, 64, 64, 3), dtype=np.uint8)
    kinds, tags = [], []
    for i in range(n):
        img, kind, t = render_image(np.random.default_rng([seed, split, 1, i]), bool(labels[i]))
        big[i] = img
        kinds.append(kind)
        tags.append(",".join(t))
    x = downsample(big)
    if name == "app":
        x = np.stack([apply_camera(x[i], draw_camera(np.random.default_rng([seed, split, 2, i])))
                      for i in range(n)])
    return x, labels.astype(np.int64), np.array(kinds), np.array(tags)


def make_course3_dataset(n_web: int = COURSE3_SIZES["web"], n_app: int = COURSE3_SIZES["app"],
                         seed: int = COURSE3_SEED) -> dict:
    """Render the web and app sets: ``{"web_x", "web_y", "web_kind", "web_tags", "app_x", ...}``.

    ``*_x`` uint8 (m, 32, 32, 3), ``*_y`` int64 (m,) with 1 = cat (half of each set), ``*_kind`` and
    ``*_tags`` str arrays (catgen's metadata). Deterministic: the same arguments give the same arrays.
    """
    for name, value in (("n_web", n_web), ("n_app", n_app), ("seed", seed)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < (0 if name == "seed" else 2):
            raise ValueError(f"{name} must be an integer >= {0 if name == 'seed' else 2}, got {value!r}")
    out = {}
    for name, n in (("web", int(n_web)), ("app", int(n_app))):
        x, y, kind, tags = _render_set(int(seed), name, n)
        out.update({f"{name}_x": x, f"{name}_y": y, f"{name}_kind": kind, f"{name}_tags": tags})
    return out


def course3_file_arrays() -> dict:
    """The arrays of ``data/course3_mismatch.h5`` (metadata as byte strings)."""
    d = make_course3_dataset()
    return {k: (v.astype("S") if v.dtype.kind == "U" else v) for k, v in d.items()}


def load_course3_mismatch(data_dir=None) -> dict:
    """The web and app sets of Course 3, read from ``data/course3_mismatch.h5`` after checking them.

    Returns ``{"web": {"x", "y", "kind", "tags"}, "app": {...}}``: ``x`` uint8 (m, 32, 32, 3), ``y`` int64
    (m,) with 1 = cat, ``kind`` / ``tags`` str arrays (see :func:`make_course3_dataset`); 3200 web and
    1000 app pictures.
    """
    keys = [f"{s}_{f}" for s in COURSE3_SIZES for f in ("x", "y", "kind", "tags")]
    d = load_h5(COURSE3_FILE, keys, data_dir)
    where = _where(data_dir, COURSE3_FILE)
    out = {}
    for name, m in COURSE3_SIZES.items():
        x, y = d[f"{name}_x"], d[f"{name}_y"]
        if x.dtype != np.uint8 or x.shape != (m, SIZE, SIZE, 3):
            raise DataFileError(f"{where}: {name}_x should be uint8 ({m}, {SIZE}, {SIZE}, 3), got {x.dtype} "
                                f"{x.shape}; {_REBUILD_HINT}")
        if y.dtype != np.int64 or y.shape != (m,) or not np.all((y == 0) | (y == 1)) or np.unique(y).size != 2:
            raise DataFileError(f"{where}: {name}_y should be int64 0/1 labels of shape ({m},) with both classes; "
                                f"{_REBUILD_HINT}")
        _check_images(where, f"{name}_x", x)
        part = {"x": x, "y": y}
        for field in ("kind", "tags"):
            arr = d[f"{name}_{field}"]
            if arr.dtype.kind != "S" or arr.shape != (m,):
                raise DataFileError(f"{where}: {name}_{field} should be {m} byte strings, got {arr.dtype} "
                                    f"{arr.shape}; {_REBUILD_HINT}")
            part[field] = np.array([s.decode("ascii") for s in arr], dtype=str)
        if not np.array_equal(np.char.startswith(part["kind"], "cat/"), y == 1):
            raise DataFileError(f"{where}: {name}_kind disagrees with {name}_y (every cat, and only those, has "
                                f"a kind 'cat/...'); {_REBUILD_HINT}")
        out[name] = part
    return out
