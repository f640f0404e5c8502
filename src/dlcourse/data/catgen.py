"""Render the "cat vs non-cat" picture set: 64x64 RGB images drawn with numpy alone.

The original course trains its first classifiers on a small set of real photographs that come with the
course's materials and are not ours to redistribute. This module draws a stand-in with the same array
shapes and label balance: cartoon-like but
varied pictures of cats (close-up faces, sitting, walking and lying cats, tiny cats far away, cats peeking
from behind things; ginger, black, white, grey, tabby, calico, tuxedo and Siamese coats) and of
everything else (dogs, teddy bears, lions and tigers, rabbits, birds, owls, fish, cars, houses, trees,
balls, flowers, mugs, fruit, cushions, landscapes...), over varied backgrounds, with camera effects
(exposure, contrast, colour cast, blur, sensor noise).

Everything is drawn with signed distance functions on a pixel grid, which gives anti-aliased edges
for free: a shape's coverage of a pixel is ``clip(0.5 - distance, 0, 1)``.

``make_cat_dataset()`` is deterministic: every image is drawn from its own generator seeded by
``(seed, split, index)``, so the same arguments always give the same bytes.
"""
from __future__ import annotations

import numpy as np

__all__ = ["make_cat_dataset", "render_image", "CAT_KINDS", "NONCAT_KINDS", "DEFAULT_SEED", "SIZE"]

SIZE = 64
DEFAULT_SEED = 8
# The original data set: 72 cats among 209 training images, 33 cats among 50 test images.
TRAIN_CAT_FRACTION = 72 / 209
TEST_CAT_FRACTION = 33 / 50

_YY, _XX = np.mgrid[0:SIZE, 0:SIZE].astype(np.float64) + 0.5

# --- how the pictures are composed ---------------------------------------------------------------------
# These few numbers decide how learnable the set is; they were tuned so that the course's models behave
# as they do on the original photos (see data/README.md): most cats are framed like pet photos (a
# close-up of the face, roughly centred), the other layouts are rarer and harder; every cat stands out
# from its surroundings (dark coats against bright backgrounds, light coats against dim ones), and the
# backgrounds of both classes are either bright or dim, so that brightness alone says nothing.
CAT_KINDS = ("face", "sitting", "side", "lying", "tiny", "peek")
_CAT_LAYOUT_P = np.array([0.8, 0.08, 0.03, 0.03, 0.03, 0.03])  # probabilities of CAT_KINDS
_FACE_R, _FACE_CX, _FACE_CY = (15, 20), (28, 36), (30, 36)      # close-ups: head radius, centre (pixels)
_P_SHOULDERS = 0.8                                              # close-ups showing the shoulders too
_P_CONTRAST = 1.0                                               # cats whose background contrasts with the coat
_BG_LIGHT, _BG_DARK = (0.65, 0.9), (0.1, 0.28)                  # mean luminance of bright / dim backgrounds


# --- small maths helpers ---------------------------------------------------------------------------

def _smoothstep(e0, e1, x):
    t = np.clip((x - e0) / (e1 - e0), 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def _hsv(h, s, v):
    """One HSV colour (all in [0, 1]) as an RGB array."""
    h = (h % 1.0) * 6.0
    i = int(h) % 6
    f = h - int(h)
    p, q, t = v * (1 - s), v * (1 - s * f), v * (1 - s * (1 - f))
    return np.array([(v, t, p), (q, v, p), (p, v, t), (p, q, v), (t, p, v), (v, p, q)][i])


def _jit(rng, color, amount=0.05):
    return np.clip(np.asarray(color, float) + rng.normal(0.0, amount, 3), 0.0, 1.0)


def _value_noise(rng, cells):
    """Smooth noise in [0, 1] of shape (SIZE, SIZE): a random (cells+1)^2 lattice, smoothly interpolated."""
    g = rng.random((cells + 1, cells + 1))
    t = (np.arange(SIZE) + 0.5) / SIZE * cells
    i = np.minimum(t.astype(int), cells - 1)
    f = t - i
    f = f * f * (3.0 - 2.0 * f)
    rows = g[i] * (1 - f)[:, None] + g[i + 1] * f[:, None]
    return rows[:, i] * (1 - f) + rows[:, i + 1] * f


def _fbm(rng, cells=(3, 6, 12), weights=(0.55, 0.3, 0.15)):
    return sum(w * _value_noise(rng, c) for c, w in zip(cells, weights))


# --- shapes: signed distances in pixels --------------------------------------------------------------

class _Frame:
    """Local coordinates (u, v) of every pixel: origin (cx, cy), unit ``s`` pixels, rotated by ``angle``.

    Shapes are described in these units, so one drawing routine serves every size, position, tilt and
    (with ``flip``) facing direction. Distances are converted back to pixels.
    """

    def __init__(self, cx, cy, s, angle=0.0, flip=False):
        c, si = np.cos(angle), np.sin(angle)
        dx, dy = _XX - cx, _YY - cy
        self.u = (c * dx + si * dy) / s
        self.v = (-si * dx + c * dy) / s
        if flip:
            self.u = -self.u
        self.s = float(s)

    def at(self, x, y, rot=0.0):
        u, v = self.u - x, self.v - y
        if rot:
            c, s = np.cos(rot), np.sin(rot)
            u, v = c * u + s * v, -s * u + c * v
        return u, v

    def ellipse(self, x, y, a, b, rot=0.0):
        u, v = self.at(x, y, rot)
        k0 = np.sqrt((u / a) ** 2 + (v / b) ** 2)
        k1 = np.sqrt((u / (a * a)) ** 2 + (v / (b * b)) ** 2) + 1e-9
        return k0 * (k0 - 1.0) / k1 * self.s

    def circle(self, x, y, r):
        u, v = self.at(x, y)
        return (np.sqrt(u * u + v * v) - r) * self.s

    def ring(self, x, y, r, w):
        return np.abs(self.circle(x, y, r)) - w * self.s

    def box(self, x, y, hw, hh, rot=0.0, rounding=0.0):
        u, v = self.at(x, y, rot)
        qx, qy = np.abs(u) - hw + rounding, np.abs(v) - hh + rounding
        out = np.sqrt(np.maximum(qx, 0) ** 2 + np.maximum(qy, 0) ** 2)
        return (out + np.minimum(np.maximum(qx, qy), 0) - rounding) * self.s

    def poly(self, pts):
        """Convex polygon (vertices in either order)."""
        pts = np.asarray(pts, float)
        x, y = pts[:, 0], pts[:, 1]
        area = np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y)
        sign = 1.0 if area > 0 else -1.0
        d = None
        for k in range(len(pts)):
            (x0, y0), (x1, y1) = pts[k], pts[(k + 1) % len(pts)]
            ex, ey = x1 - x0, y1 - y0
            n = np.hypot(ex, ey) + 1e-12
            # outward normal of a counter-clockwise (in these axes) edge
            dist = sign * ((self.u - x0) * ey - (self.v - y0) * ex) / n
            d = dist if d is None else np.maximum(d, dist)
        return d * self.s

    def segment(self, x0, y0, x1, y1, r):
        pu, pv = self.u - x0, self.v - y0
        bu, bv = x1 - x0, y1 - y0
        h = np.clip((pu * bu + pv * bv) / (bu * bu + bv * bv + 1e-12), 0.0, 1.0)
        return (np.sqrt((pu - bu * h) ** 2 + (pv - bv * h) ** 2) - r) * self.s

    def polyline(self, pts, r):
        d = None
        for p0, p1 in zip(pts[:-1], pts[1:]):
            dist = self.segment(p0[0], p0[1], p1[0], p1[1], r)
            d = dist if d is None else np.minimum(d, dist)
        return d

    def shade(self, x, y, a, b, amount=0.18, light=(-0.6, -0.8)):
        """Brightness factor that makes a part look rounded, lit from the upper left."""
        u, v = self.at(x, y)
        t = -(u / a * light[0] + v / b * light[1])
        return np.clip(1.0 + amount * t, 0.6, 1.35)


class _Canvas:
    def __init__(self, background):
        self.img = np.array(background, dtype=np.float64)

    def fill(self, sd, color, opacity=1.0, width=None):
        """Paint where the signed distance ``sd`` (pixels) is negative, anti-aliased.

        ``width``: for strokes thinner than a pixel, the stroke's width in pixels scales its opacity.
        """
        a = np.clip(0.5 - sd, 0.0, 1.0) * opacity
        if width is not None and width < 1.0:
            a = a * width
        # blend only inside the shape's bounding box (outside it the coverage is 0 and nothing changes)
        rows, cols = np.flatnonzero(a.any(axis=1)), np.flatnonzero(a.any(axis=0))
        if rows.size == 0:
            return a
        box = (slice(rows[0], rows[-1] + 1), slice(cols[0], cols[-1] + 1))
        color = np.asarray(color, dtype=np.float64)
        if color.ndim == 3:
            color = color[box]
        img = self.img[box]
        img += (color - img) * a[box][..., None]
        return a

    def stroke(self, frame, pts, width_px, color, opacity=1.0):
        """A polyline ``width_px`` pixels wide (kept visible when thinner than a pixel)."""
        r = max(width_px, 1.0) / 2.0 / frame.s
        return self.fill(frame.polyline(pts, r), color, opacity, width=width_px)


# --- colours -----------------------------------------------------------------------------------------

def _muted(rng, v=(0.35, 0.95), s=(0.05, 0.45)):
    return _hsv(rng.random(), rng.uniform(*s), rng.uniform(*v))


def _vivid(rng, v=(0.55, 1.0), s=(0.55, 1.0)):
    return _hsv(rng.random(), rng.uniform(*s), rng.uniform(*v))


# --- backgrounds: each returns (image, floor_y) ------------------------------------------------------

def _bg_gradient(rng):
    c0, c1 = _muted(rng), _muted(rng)
    ang = rng.uniform(0, 2 * np.pi)
    t = np.clip(((_XX - 32) * np.cos(ang) + (_YY - 32) * np.sin(ang)) / 64 + 0.5, 0, 1)
    return c0 + (c1 - c0) * t[..., None], None


def _bg_indoor(rng):
    wall = _muted(rng, v=(0.45, 0.95), s=(0.03, 0.35))
    horizon = rng.uniform(30, 52)
    img = wall * (0.92 + 0.12 * (_YY / SIZE))[..., None]
    if rng.random() < 0.3:  # a window
        f = _Frame(rng.uniform(8, 56), horizon - rng.uniform(16, 26), 1.0)
        hw, hh = rng.uniform(7, 13), rng.uniform(7, 11)
        sky = _hsv(rng.uniform(0.52, 0.62), rng.uniform(0.2, 0.5), rng.uniform(0.8, 1.0))
        cv = _Canvas(img)
        cv.fill(f.box(0, 0, hw + 1.5, hh + 1.5), _jit(rng, (0.9, 0.9, 0.88)))
        cv.fill(f.box(0, 0, hw, hh), sky)
        cv.fill(f.box(0, 0, 0.6, hh), (0.9, 0.9, 0.88))
        img = cv.img
    kind = rng.integers(3)
    if kind == 0:  # wooden planks
        wood = _hsv(rng.uniform(0.05, 0.1), rng.uniform(0.35, 0.65), rng.uniform(0.3, 0.7))
        plank = (np.floor(_XX / rng.uniform(6, 11)) % 3) * 0.05
        grain = 0.06 * np.sin(_XX * 1.7 + 3 * _value_noise(rng, 4))
        floor = wood * (0.9 + plank + grain)[..., None]
    elif kind == 1:  # tiles
        tile = _muted(rng, v=(0.5, 0.95))
        p = rng.uniform(7, 12)
        lines = (np.minimum(_XX % p, _YY % p) < 0.8) * 0.15
        floor = tile * (1.0 - lines)[..., None]
    else:  # carpet
        floor = _muted(rng, v=(0.25, 0.8), s=(0.1, 0.6)) * (0.85 + 0.3 * _value_noise(rng, 16))[..., None]
    m = _smoothstep(horizon - 0.5, horizon + 0.5, _YY)[..., None]
    img = img * (1 - m) + floor * m
    return img, horizon + rng.uniform(4, 10)


def _bg_outdoor(rng):
    sky_top = _hsv(rng.uniform(0.53, 0.63), rng.uniform(0.35, 0.75), rng.uniform(0.65, 1.0))
    sky_low = np.clip(sky_top + rng.uniform(0.1, 0.3), 0, 1)
    t = (_YY / SIZE)[..., None]
    img = sky_top * (1 - t) + sky_low * t
    cv = _Canvas(img)
    for _ in range(rng.integers(0, 3)):  # clouds
        f = _Frame(rng.uniform(0, 64), rng.uniform(4, 22), rng.uniform(3, 6))
        for k in range(3):
            cv.fill(f.circle(k - 1, 0.2 * (k != 1), 0.9 + 0.3 * (k == 1)), (0.97, 0.97, 0.98), 0.9)
    horizon = rng.uniform(26, 46) + 5 * (_value_noise(rng, 3) - 0.5)
    if rng.random() < 0.75:
        ground = _hsv(rng.uniform(0.2, 0.36), rng.uniform(0.4, 0.8), rng.uniform(0.3, 0.7))  # grass
    else:
        ground = _hsv(rng.uniform(0.07, 0.13), rng.uniform(0.25, 0.55), rng.uniform(0.5, 0.85))  # sand, path
    ground_img = ground * (0.8 + 0.35 * _fbm(rng, (8, 16, 32), (0.5, 0.3, 0.2)))[..., None]
    m = _smoothstep(horizon - 0.6, horizon + 0.6, _YY)[..., None]
    img = cv.img * (1 - m) + ground_img * m
    return img, float(np.mean(horizon)) + rng.uniform(8, 16)


def _bg_texture(rng):
    c0, c1 = _muted(rng, s=(0.05, 0.6)), _muted(rng, s=(0.05, 0.6))
    kind = rng.integers(4)
    ang = rng.uniform(0, np.pi)
    u = (_XX - 32) * np.cos(ang) + (_YY - 32) * np.sin(ang)
    v = -(_XX - 32) * np.sin(ang) + (_YY - 32) * np.cos(ang)
    p = rng.uniform(4, 12)
    if kind == 0:  # stripes
        t = _smoothstep(-0.3, 0.3, np.sin(2 * np.pi * u / p))
    elif kind == 1:  # checks
        t = _smoothstep(-0.3, 0.3, np.sin(2 * np.pi * u / p) * np.sin(2 * np.pi * v / p))
    elif kind == 2:  # dots
        d = np.hypot((u % p) - p / 2, (v % p) - p / 2)
        t = _smoothstep(p * 0.3, p * 0.22, d)
    else:  # woven / plaid
        t = (0.5 * _smoothstep(-0.2, 0.2, np.sin(2 * np.pi * u / p))
             + 0.5 * _smoothstep(-0.2, 0.2, np.sin(2 * np.pi * v / p)))
    return c0 + (c1 - c0) * t[..., None], None


def _bg_blotches(rng):
    """Out-of-focus clutter: a few colours mixed by smooth noise (like a blurred room or garden)."""
    colors = [_muted(rng, s=(0.05, 0.7)) for _ in range(3)]
    n1, n2 = _fbm(rng, (2, 4, 8)), _fbm(rng, (2, 4, 8))
    a, b = _smoothstep(0.35, 0.65, n1)[..., None], _smoothstep(0.4, 0.6, n2)[..., None]
    return (colors[0] * (1 - a) + colors[1] * a) * (1 - b) + colors[2] * b, None


def _bg_solid(rng):
    c = _muted(rng, s=(0.0, 0.5))
    vignette = 1.0 - 0.25 * (((_XX - 32) ** 2 + (_YY - 32) ** 2) / 2048)
    return c * vignette[..., None], None


def _bg_fabric(rng):
    """A blanket or sofa: one colour with soft folds."""
    c = _muted(rng, s=(0.1, 0.7), v=(0.3, 0.9))
    folds = np.sin(6 * _fbm(rng, (2, 4, 8)) * np.pi)
    return c * (0.85 + 0.15 * folds)[..., None], None


_BACKGROUNDS = [(_bg_indoor, 3), (_bg_outdoor, 3), (_bg_gradient, 2), (_bg_texture, 1.5),
                (_bg_blotches, 2), (_bg_solid, 1), (_bg_fabric, 1.5)]


def _background(rng):
    fns, w = zip(*_BACKGROUNDS)
    w = np.array(w) / np.sum(w)
    return fns[rng.choice(len(fns), p=w)](rng)


# --- cats --------------------------------------------------------------------------------------------

_IRIS = [(0.45, 0.75, 0.25), (0.85, 0.75, 0.2), (0.9, 0.55, 0.15), (0.35, 0.6, 0.9), (0.6, 0.7, 0.3)]


def _coat(rng):
    """A cat's fur: base colour, optional tabby stripes, optional patches, muzzle/chest colour."""
    kind = rng.choice(["ginger", "black", "white", "grey", "brown_tabby", "cream", "calico", "tuxedo",
                       "siamese", "grey_tabby"], p=[0.17, 0.12, 0.08, 0.1, 0.14, 0.06, 0.08, 0.1, 0.05, 0.1])
    coat = {"kind": kind, "stripe": None, "patches": [], "muzzle": None, "points": None}
    if kind == "ginger":
        coat["base"] = _hsv(rng.uniform(0.06, 0.09), rng.uniform(0.6, 0.8), rng.uniform(0.8, 0.95))
        coat["stripe"] = coat["base"] * 0.68
    elif kind == "black":
        coat["base"] = np.full(3, rng.uniform(0.08, 0.17))
    elif kind == "white":
        coat["base"] = _jit(rng, (0.93, 0.92, 0.9), 0.02)
    elif kind == "grey":
        coat["base"] = np.full(3, rng.uniform(0.45, 0.6)) + np.array([0, 0, 0.03])
    elif kind == "brown_tabby":
        coat["base"] = _hsv(rng.uniform(0.07, 0.1), rng.uniform(0.35, 0.5), rng.uniform(0.5, 0.68))
        coat["stripe"] = coat["base"] * 0.4
    elif kind == "grey_tabby":
        coat["base"] = np.full(3, rng.uniform(0.5, 0.65))
        coat["stripe"] = coat["base"] * 0.45
    elif kind == "cream":
        coat["base"] = _hsv(rng.uniform(0.08, 0.11), rng.uniform(0.2, 0.35), rng.uniform(0.85, 0.97))
        coat["stripe"] = coat["base"] * 0.85
    elif kind == "calico":
        coat["base"] = _jit(rng, (0.94, 0.92, 0.88), 0.02)
        coat["patches"] = [(_hsv(0.07, 0.7, 0.88), rng.random()), ((0.12, 0.1, 0.1), rng.random())]
    elif kind == "tuxedo":
        coat["base"] = np.full(3, rng.uniform(0.07, 0.14))
        coat["muzzle"] = _jit(rng, (0.95, 0.95, 0.93), 0.02)
    else:  # siamese
        coat["base"] = _hsv(rng.uniform(0.09, 0.11), rng.uniform(0.15, 0.3), rng.uniform(0.85, 0.95))
        coat["points"] = _hsv(0.07, rng.uniform(0.4, 0.6), rng.uniform(0.2, 0.35))
    if kind in ("white", "grey", "ginger", "cream") and rng.random() < 0.35:
        coat["muzzle"] = _jit(rng, (0.95, 0.94, 0.92), 0.02)
    coat["stripe_period"] = rng.uniform(0.22, 0.34)
    coat["iris"] = _jit(rng, _IRIS[rng.integers(len(_IRIS))], 0.05)
    if kind == "siamese":
        coat["iris"] = _jit(rng, (0.35, 0.6, 0.95), 0.04)
    return coat


def _fur(rng, frame, coat, axis_angle=0.0, face=False):
    """The coat's colour at every pixel, in the animal's own frame (stripes follow the body).

    ``face=True``: a tabby's face pattern instead, thin stripes on the forehead and across the cheeks.
    """
    col = np.broadcast_to(coat["base"], (SIZE, SIZE, 3)).copy()
    fine = _value_noise(rng, 24)
    col *= (0.93 + 0.14 * fine)[..., None]
    if coat["stripe"] is not None:
        warp = 0.35 * _value_noise(rng, 5)
        period = coat["stripe_period"]
        if face:
            u, v = frame.u, frame.v
            forehead = _smoothstep(0.1, 0.2, np.sin(2 * np.pi * (u / (0.6 * period) + warp)))
            forehead *= _smoothstep(-0.2, -0.5, v) * _smoothstep(0.6, 0.4, np.abs(u))
            cheeks = _smoothstep(0.2, 0.8, np.sin(2 * np.pi * (v / (0.7 * period) + warp)))
            cheeks *= _smoothstep(0.5, 0.75, np.abs(u)) * _smoothstep(0.5, 0.3, np.abs(v - 0.1))
            t = np.maximum(forehead, cheeks)
        else:
            c, s = np.cos(axis_angle), np.sin(axis_angle)
            w = c * frame.u + s * frame.v
            t = 0.85 * _smoothstep(0.3, 0.9, np.sin(2 * np.pi * (w / period + warp)))
        col = col * (1 - t[..., None]) + coat["stripe"] * t[..., None]
    for color, thr in coat["patches"]:
        n = _fbm(rng, (3, 6, 12))
        t = _smoothstep(0.47 + 0.06 * thr, 0.53 + 0.06 * thr, n)[..., None]
        col = col * (1 - t) + np.asarray(color) * t
    return col


def _cat_face(cv, rng, f, coat, fur, eyes="open", ear_scale=1.0, whiskers=True, points=None):
    """A cat's head in the frame ``f`` (unit = head radius): ears, head, eyes, nose, mouth, whiskers."""
    ear_col = points  # Siamese cats have dark ears
    spread = rng.uniform(-0.08, 0.12)
    for side in (-1, 1):
        tip = (side * (0.82 + spread), -1.42 * ear_scale)
        b1, b2 = (side * 0.95, -0.2), (side * 0.18, -0.8)
        ear = f.poly([b1, b2, tip])
        cv.fill(ear, fur * f.shade(side * 0.6, -0.9, 0.5, 0.6)[..., None] if ear_col is None else ear_col)
        cx_ = (b1[0] + b2[0] + tip[0]) / 3
        cy_ = (b1[1] + b2[1] + tip[1]) / 3
        inner = [(cx_ + 0.55 * (p[0] - cx_), cy_ + 0.55 * (p[1] - cy_) + 0.08) for p in (b1, b2, tip)]
        cv.fill(f.poly(inner), _jit(rng, (0.88, 0.6, 0.6), 0.04), 0.85)
    head = f.ellipse(0, 0, 1.06, 0.9)
    cv.fill(head, fur * f.shade(0, 0, 1.06, 0.9)[..., None])
    if points is not None:  # Siamese mask
        cv.fill(f.ellipse(0, 0.25, 0.55, 0.5), points, 0.85)
    if coat["muzzle"] is not None:
        cv.fill(f.ellipse(0, 0.42, 0.55, 0.42), coat["muzzle"])
        if coat["kind"] == "tuxedo":
            cv.fill(f.poly([(-0.25, 0.3), (0.25, 0.3), (0, -0.35)]), coat["muzzle"])
    cheek = np.clip(coat["base"] + 0.12, 0, 1) if coat["muzzle"] is None else coat["muzzle"]
    for side in (-1, 1):
        cv.fill(f.ellipse(side * 0.17, 0.38, 0.21, 0.15), cheek, 0.6)
    # eyes
    dark = np.clip(coat["base"] * 0.3, 0, 1)
    for side in (-1, 1):
        ex, ey = side * 0.38, -0.08
        if eyes == "open":
            cv.fill(f.ellipse(ex, ey, 0.23, 0.18, rot=side * 0.15), dark)
            cv.fill(f.ellipse(ex, ey, 0.19, 0.15, rot=side * 0.15), coat["iris"])
            cv.fill(f.ellipse(ex, ey, rng.uniform(0.04, 0.1), 0.14), (0.03, 0.03, 0.03))
            cv.fill(f.circle(ex + 0.05, ey - 0.06, 0.035), (1, 1, 1), 0.9)
        else:  # sleeping: a closed arc
            arc = [(ex - 0.18, ey - 0.02), (ex - 0.06, ey + 0.05), (ex + 0.06, ey + 0.05), (ex + 0.18, ey - 0.02)]
            cv.stroke(f, arc, 0.06 * f.s, dark)
    # nose and mouth
    cv.fill(f.poly([(-0.1, 0.2), (0.1, 0.2), (0, 0.31)]), _jit(rng, (0.85, 0.5, 0.52), 0.05))
    mouth_col = np.clip(coat["base"] * 0.35, 0, 1)
    w = max(0.045 * f.s, 0.5)
    cv.stroke(f, [(0, 0.3), (0, 0.39), (-0.12, 0.46)], w, mouth_col)
    cv.stroke(f, [(0, 0.39), (0.12, 0.46)], w, mouth_col)
    if whiskers:
        wcol = (0.95, 0.95, 0.93) if np.mean(coat["base"]) < 0.6 else (0.25, 0.22, 0.2)
        for side in (-1, 1):
            for k, dy in enumerate((-0.1, 0.05, 0.2)):
                end = (side * rng.uniform(1.35, 1.65), 0.35 + dy + rng.uniform(-0.06, 0.06) - 0.1 * (1 - k))
                cv.stroke(f, [(side * 0.28, 0.36 + 0.03 * k), end], max(0.03 * f.s, 0.45), wcol, 0.8)


def _tail(cv, rng, f, base, fur, length=1.8, width=0.16, curl=None):
    """A tail: a thick curved polyline starting at ``base`` (frame units)."""
    curl = rng.uniform(-1.2, 1.2) if curl is None else curl
    ang0 = rng.uniform(-2.0, -1.2)
    pts = [base]
    x, y = base
    n = 8
    for k in range(n):
        ang = ang0 + curl * k / n
        x, y = x + np.cos(ang) * length / n, y + np.sin(ang) * length / n
        pts.append((x, y))
    cv.fill(f.polyline(pts, width), fur)


def _cat_sitting(cv, rng, cx, cy, R, coat, tilt):
    """Sitting cat seen from the front: head at (cx, cy) with radius R, body below, tail to one side."""
    body = _Frame(cx, cy, R)
    fur = _fur(rng, body, coat, axis_angle=np.pi / 2)
    side = rng.choice([-1, 1])
    _tail(cv, rng, body, (side * 0.7, 2.5), fur, length=rng.uniform(1.4, 2.2), width=0.17,
          curl=side * rng.uniform(0.5, 1.5))
    cv.fill(body.ellipse(0, 1.75, 1.0, 1.25), fur * body.shade(0, 1.75, 1.0, 1.25)[..., None])
    if coat["muzzle"] is not None:  # white chest
        cv.fill(body.ellipse(0, 1.3, 0.45, 0.7), coat["muzzle"])
    for s in (-1, 1):
        cv.fill(body.segment(s * 0.35, 1.9, s * 0.32, 2.8, 0.2), fur)
        cv.fill(body.ellipse(s * 0.34, 2.85, 0.27, 0.16), np.clip(fur * 1.08, 0, 1))
    head = _Frame(cx, cy, R, angle=tilt)
    _cat_face(cv, rng, head, coat, _fur(rng, head, coat, face=True), eyes="open" if rng.random() < 0.9 else "closed",
              ear_scale=rng.uniform(0.85, 1.15), points=coat["points"])


def _cat_side(cv, rng, cx, cy, R, coat, flip):
    """Standing or walking cat seen from the side; (cx, cy) is the middle of the body."""
    f = _Frame(cx, cy, R, flip=flip)
    fur = _fur(rng, f, coat, axis_angle=0.0)
    legc = fur * 0.9
    stride = rng.uniform(-0.3, 0.3)
    _tail(cv, rng, f, (-1.45, -0.2), fur, length=rng.uniform(1.6, 2.4), width=0.15, curl=rng.uniform(-0.3, 1.3))
    for x0, dx in ((-1.05, -stride), (0.95, stride)):  # far legs, darker
        cv.fill(f.segment(x0 + 0.15, 0.2, x0 + dx, 1.45, 0.17), legc * 0.8)
    cv.fill(f.ellipse(0, 0, 1.65, 0.72), fur * f.shade(0, 0, 1.65, 0.72)[..., None])
    for x0, dx in ((-1.15, stride), (0.85, -stride)):
        cv.fill(f.segment(x0 + 0.1, 0.3, x0 + dx, 1.5, 0.18), legc)
        cv.fill(f.ellipse(x0 + dx + 0.08, 1.52, 0.22, 0.12), legc)
    hx, hy = 1.55, -0.75  # the head centre in the body's frame, converted to pixels below
    px = cx + (hx * (-1 if flip else 1)) * R
    py = cy + hy * R
    head = _Frame(px, py, R * 0.78, angle=rng.normal(0, 0.15))
    _cat_face(cv, rng, head, coat, _fur(rng, head, coat, face=True), ear_scale=rng.uniform(0.9, 1.15),
              points=coat["points"])


def _cat_lying(cv, rng, cx, cy, R, coat, flip):
    """A 'loaf': wide low body, head resting at one end, tail wrapped along the bottom."""
    f = _Frame(cx, cy, R, flip=flip)
    fur = _fur(rng, f, coat, axis_angle=0.0)
    cv.fill(f.ellipse(-0.2, 0.1, 1.75, 0.85), fur * f.shade(-0.2, 0.1, 1.75, 0.85)[..., None])
    cv.fill(f.polyline([(-1.8, 0.55), (-0.8, 0.95), (0.6, 0.98)], 0.16), fur * 0.9)
    cv.fill(f.ellipse(1.0, 0.8, 0.3, 0.15), fur * 1.05)
    px = cx + (1.05 * (-1 if flip else 1)) * R
    py = cy - 0.45 * R
    head = _Frame(px, py, R * 0.8, angle=rng.normal(0, 0.2))
    _cat_face(cv, rng, head, coat, _fur(rng, head, coat, face=True), eyes="closed" if rng.random() < 0.5 else "open",
              points=coat["points"])


def _occluder(cv, rng, y_top):
    """Something in front of the animal, covering the image below ``y_top`` (a box, table, blanket, plant)."""
    kind = rng.integers(4)
    if kind == 0:  # cardboard box / table edge
        col = _hsv(rng.uniform(0.06, 0.1), rng.uniform(0.3, 0.6), rng.uniform(0.45, 0.8))
        f = _Frame(32 + rng.uniform(-10, 10), y_top + 40, 1.0, angle=rng.normal(0, 0.08))
        cv.fill(f.box(0, 0, 60, 40), col * f.shade(0, 0, 60, 40, amount=0.1)[..., None])
        cv.fill(f.box(0, -39, 60, 1.0), col * 0.7)
    elif kind == 1:  # blanket
        col = _muted(rng, s=(0.2, 0.7), v=(0.3, 0.9))
        edge = y_top + 3 * np.sin(_XX / rng.uniform(4, 9))
        folds = 0.9 + 0.1 * np.sin(_XX / 3 + 4 * _value_noise(rng, 4))
        m = _smoothstep(edge - 0.6, edge + 0.6, _YY)[..., None]
        cv.img = cv.img * (1 - m) + (col * folds[..., None]) * m
    elif kind == 2:  # leaves of a plant, from one side
        green = _hsv(rng.uniform(0.22, 0.36), rng.uniform(0.5, 0.8), rng.uniform(0.3, 0.6))
        side = rng.choice([-1, 1])
        for _ in range(rng.integers(4, 8)):
            f = _Frame(32 + side * rng.uniform(10, 30), y_top + rng.uniform(-8, 18), rng.uniform(3, 6),
                       angle=rng.uniform(0, np.pi))
            cv.fill(f.ellipse(0, 0, 2.2, 0.7), _jit(rng, green, 0.05) * f.shade(0, 0, 2.2, 0.7)[..., None])
    else:  # edge of a sofa cushion
        col = _muted(rng, s=(0.1, 0.6), v=(0.3, 0.85))
        f = _Frame(32, y_top + 30, 1.0)
        cv.fill(f.box(0, 0, 50, 30, rounding=8), col * f.shade(0, 0, 50, 30, amount=0.15)[..., None])


def _draw_cat(cv, rng, floor, coat):
    """Draw one cat in one of several layouts; returns (kind, tags)."""
    layout = CAT_KINDS[rng.choice(len(CAT_KINDS), p=_CAT_LAYOUT_P)]
    tags = []
    if layout == "face":
        R = rng.uniform(*_FACE_R)
        cx, cy = rng.uniform(*_FACE_CX), rng.uniform(*_FACE_CY)
        if rng.random() < _P_SHOULDERS:  # shoulders below the head
            body = _Frame(cx, cy, R)
            fur = _fur(rng, body, coat, np.pi / 2)
            cv.fill(body.ellipse(0, 1.5, 1.3, 1.0), fur * body.shade(0, 1.5, 1.3, 1.0)[..., None])
            if coat["muzzle"] is not None:
                cv.fill(body.ellipse(0, 1.3, 0.5, 0.6), coat["muzzle"])
        head = _Frame(cx, cy, R, angle=rng.normal(0, 0.22))
        _cat_face(cv, rng, head, coat, _fur(rng, head, coat, face=True),
                  eyes="open" if rng.random() < 0.88 else "closed",
                  ear_scale=rng.uniform(0.85, 1.15), points=coat["points"])
    elif layout == "sitting":  # the whole cat, framed like a pet photo
        R = rng.uniform(8.5, 11)
        _cat_sitting(cv, rng, rng.uniform(27, 37), rng.uniform(18, 24), R, coat, tilt=rng.normal(0, 0.2))
    elif layout == "tiny":  # far away: a hard one
        R = rng.uniform(3.0, 5.0)
        base = floor if floor is not None else rng.uniform(40, 60)
        cy = min(base, 62) - 2.9 * R
        _cat_sitting(cv, rng, rng.uniform(4 + R * 1.2, 60 - R * 1.2), max(cy, R * 1.6), R, coat,
                     tilt=rng.normal(0, 0.2))
        tags.append("small")
    elif layout == "side":
        R = rng.uniform(8, 10)
        _cat_side(cv, rng, rng.uniform(26, 34), rng.uniform(34, 40), R, coat, flip=bool(rng.random() < 0.5))
    elif layout == "lying":
        R = rng.uniform(9, 12)
        _cat_lying(cv, rng, rng.uniform(26, 34), rng.uniform(36, 42), R, coat, flip=bool(rng.random() < 0.5))
    else:  # peek: a face rising from behind something
        R = rng.uniform(13, 18)
        cx, cy = rng.uniform(27, 37), rng.uniform(30, 40)
        head = _Frame(cx, cy, R, angle=rng.normal(0, 0.25))
        _cat_face(cv, rng, head, coat, _fur(rng, head, coat, face=True), ear_scale=rng.uniform(0.9, 1.2),
                  points=coat["points"])
        _occluder(cv, rng, cy + rng.uniform(0.2, 0.6) * R)
        tags.append("occluded")
    return f"cat/{layout}/{coat['kind']}", tags


# --- non-cats ----------------------------------------------------------------------------------------

_DOG_COLORS = [(0.55, 0.35, 0.2), (0.85, 0.65, 0.35), (0.12, 0.1, 0.1), (0.92, 0.9, 0.86),
               (0.5, 0.48, 0.47), (0.7, 0.45, 0.25), (0.95, 0.8, 0.6)]


def _dog_face(cv, rng, f, col, ears):
    ear_col = col * rng.uniform(0.55, 0.9)
    if ears == "pointy":  # like a shepherd or husky: a hard one
        for s in (-1, 1):
            cv.fill(f.poly([(s * 0.85, -0.25), (s * 0.2, -0.75), (s * 0.7, -1.55)]), ear_col)
            cv.fill(f.poly([(s * 0.7, -0.45), (s * 0.35, -0.75), (s * 0.65, -1.3)]), (0.8, 0.6, 0.55), 0.7)
    head_fur = col * (0.93 + 0.14 * _value_noise(rng, 20))[..., None]
    cv.fill(f.ellipse(0, 0, 0.95, 1.0), head_fur * f.shade(0, 0, 0.95, 1.0)[..., None])
    if ears == "floppy":
        for s in (-1, 1):
            cv.fill(f.ellipse(s * 0.92, 0.15, 0.3, 0.72, rot=-s * 0.3), ear_col)
    elif ears == "round":
        for s in (-1, 1):
            cv.fill(f.circle(s * 0.72, -0.78, 0.3), ear_col)
    muzzle = np.clip(col * 1.15 + 0.08, 0, 1) if rng.random() < 0.6 else _jit(rng, (0.92, 0.9, 0.86), 0.02)
    cv.fill(f.ellipse(0, 0.5, 0.52, 0.4), muzzle * f.shade(0, 0.5, 0.52, 0.4)[..., None])
    for s in (-1, 1):
        cv.fill(f.circle(s * 0.36, -0.18, 0.12), (0.12, 0.07, 0.04))
        cv.fill(f.circle(s * 0.36 + 0.04, -0.22, 0.035), (1, 1, 1), 0.9)
    cv.fill(f.ellipse(0, 0.32, 0.2, 0.13), (0.06, 0.05, 0.05))
    cv.stroke(f, [(0, 0.42), (0, 0.62)], max(0.05 * f.s, 0.5), (0.1, 0.08, 0.08))
    cv.stroke(f, [(-0.2, 0.66), (0, 0.62), (0.2, 0.66)], max(0.05 * f.s, 0.5), (0.1, 0.08, 0.08))
    if rng.random() < 0.4:
        cv.fill(f.ellipse(0.04, 0.8, 0.12, 0.15), (0.9, 0.45, 0.5))


def _r_dog(cv, rng, floor):
    col = _jit(rng, _DOG_COLORS[rng.integers(len(_DOG_COLORS))], 0.05)
    ears = rng.choice(["floppy", "pointy", "round"], p=[0.55, 0.3, 0.15])
    if rng.random() < 0.55:  # face close-up
        R = rng.uniform(11, 20)
        f = _Frame(rng.uniform(18, 46), rng.uniform(26, 42), R, angle=rng.normal(0, 0.2))
        cv.fill(f.ellipse(0, 1.5, 1.35, 1.0), col * 0.92)
        _dog_face(cv, rng, f, col, ears)
        return f"dog/face/{ears}", []
    R = rng.uniform(5.5, 8.5)
    base = floor if floor is not None else rng.uniform(44, 60)
    flip = bool(rng.random() < 0.5)
    cx, cy = rng.uniform(24, 40), max(min(base, 62) - 2.0 * R, 2 * R)
    f = _Frame(cx, cy, R, flip=flip)
    cv.fill(f.polyline([(-1.7, -0.2), (-2.3, -0.9), (-2.5, -1.3)], 0.14), col)  # tail up
    for x0 in (-1.2, 1.1):
        cv.fill(f.segment(x0, 0.2, x0 - 0.1, 2.0, 0.2), col * 0.75)
    cv.fill(f.ellipse(0, 0, 1.9, 0.8), col * f.shade(0, 0, 1.9, 0.8)[..., None])
    for x0 in (-1.35, 0.95):
        cv.fill(f.segment(x0, 0.3, x0 + 0.1, 2.0, 0.22), col * 0.9)
    head = _Frame(cx + (1.8 if not flip else -1.8) * R, cy - 1.0 * R, R * 0.85, angle=rng.normal(0, 0.15))
    _dog_face(cv, rng, head, col, ears)
    return f"dog/side/{ears}", []


def _r_teddy(cv, rng, floor):
    col = _hsv(rng.uniform(0.05, 0.1), rng.uniform(0.35, 0.7), rng.uniform(0.35, 0.85))
    R = rng.uniform(8, 16)
    f = _Frame(rng.uniform(20, 44), rng.uniform(18, 34), R)
    fur = col * (0.9 + 0.2 * _value_noise(rng, 20))[..., None]
    cv.fill(f.ellipse(0, 2.0, 1.25, 1.35), fur * f.shade(0, 2.0, 1.25, 1.35)[..., None])
    for s in (-1, 1):
        cv.fill(f.ellipse(s * 1.15, 1.7, 0.35, 0.7, rot=s * 0.5), fur)
        cv.fill(f.circle(s * 0.78, -0.75, 0.35), fur)
        cv.fill(f.circle(s * 0.78, -0.75, 0.18), np.clip(col * 1.3, 0, 1))
    cv.fill(f.circle(0, 0, 1.0), fur * f.shade(0, 0, 1, 1)[..., None])
    cv.fill(f.ellipse(0, 0.4, 0.42, 0.32), np.clip(col * 1.35 + 0.1, 0, 1))
    cv.fill(f.ellipse(0, 0.28, 0.15, 0.1), (0.08, 0.06, 0.05))
    for s in (-1, 1):
        cv.fill(f.circle(s * 0.38, -0.15, 0.1), (0.05, 0.05, 0.05))
    return "teddy_bear", []


def _r_bigcat(cv, rng, floor):
    """Lions and tigers: cat-like faces, but not house cats (a classic hard case)."""
    R = rng.uniform(11, 18)
    f = _Frame(rng.uniform(20, 44), rng.uniform(24, 40), R, angle=rng.normal(0, 0.15))
    if rng.random() < 0.5:  # lion with a mane
        mane = _hsv(rng.uniform(0.05, 0.09), rng.uniform(0.55, 0.8), rng.uniform(0.35, 0.6))
        shag = 0.12 * np.sin(np.arctan2(f.v, f.u) * 14) * f.s
        cv.fill(f.circle(0, 0.15, 1.6) + shag, mane * (0.85 + 0.3 * _value_noise(rng, 12))[..., None])
        face = _hsv(rng.uniform(0.08, 0.11), rng.uniform(0.4, 0.6), rng.uniform(0.7, 0.88))
        kind, stripes = "lion", None
    else:
        face = _hsv(rng.uniform(0.06, 0.08), rng.uniform(0.75, 0.9), rng.uniform(0.8, 0.95))
        kind, stripes = "tiger", (0.05, 0.04, 0.03)
    for s in (-1, 1):
        cv.fill(f.circle(s * 0.75, -0.8, 0.27), face * 0.85)
        cv.fill(f.circle(s * 0.75, -0.8, 0.13), (0.15, 0.1, 0.08) if kind == "tiger" else face * 0.6)
    col = np.broadcast_to(face, (SIZE, SIZE, 3)).copy()
    if stripes is not None:
        t = _smoothstep(0.55, 0.8, np.sin(2 * np.pi * (f.u / 0.3 + 0.3 * _value_noise(rng, 6)))) * (np.abs(f.u) > 0.25)
        col = col * (1 - t[..., None]) + np.asarray(stripes) * t[..., None]
    cv.fill(f.ellipse(0, 0.05, 1.05, 1.05), col * f.shade(0, 0, 1.05, 1.05)[..., None])
    cv.fill(f.ellipse(0, 0.5, 0.6, 0.42), _jit(rng, (0.95, 0.92, 0.85), 0.03))
    for s in (-1, 1):
        cv.fill(f.ellipse(s * 0.38, -0.12, 0.15, 0.1), (0.85, 0.65, 0.15))
        cv.fill(f.circle(s * 0.38, -0.12, 0.06), (0.03, 0.03, 0.03))
    cv.fill(f.poly([(-0.2, 0.25), (0.2, 0.25), (0, 0.45)]), (0.35, 0.2, 0.2))
    cv.stroke(f, [(0, 0.45), (0, 0.6)], max(0.05 * f.s, 0.5), (0.2, 0.15, 0.12))
    return kind, []


def _r_rabbit(cv, rng, floor):
    col = _jit(rng, [(0.9, 0.9, 0.88), (0.6, 0.5, 0.4), (0.45, 0.45, 0.45), (0.8, 0.7, 0.55)][rng.integers(4)])
    R = rng.uniform(6, 12)
    base = floor if floor is not None else rng.uniform(44, 60)
    f = _Frame(rng.uniform(18, 46), max(min(base, 62) - 2.2 * R, 2.8 * R), R)
    cv.fill(f.ellipse(0.3, 1.2, 1.2, 1.0), col * f.shade(0.3, 1.2, 1.2, 1)[..., None])
    cv.fill(f.circle(1.4, 1.5, 0.35), (0.96, 0.96, 0.95))
    for s in (-1, 1):
        cv.fill(f.ellipse(s * 0.3, -1.4, 0.22, 0.95, rot=s * 0.15), col)
        cv.fill(f.ellipse(s * 0.3, -1.35, 0.1, 0.7, rot=s * 0.15), (0.9, 0.65, 0.65))
    cv.fill(f.ellipse(0, 0, 0.75, 0.68), col * f.shade(0, 0, 0.75, 0.68)[..., None])
    for s in (-1, 1):
        cv.fill(f.circle(s * 0.3, -0.1, 0.09), (0.05, 0.05, 0.05))
    cv.fill(f.circle(0, 0.22, 0.07), (0.85, 0.5, 0.55))
    return "rabbit", []


def _r_bird(cv, rng, floor):
    col = _vivid(rng) if rng.random() < 0.7 else _muted(rng)
    R = rng.uniform(6, 12)
    flip = bool(rng.random() < 0.5)
    f = _Frame(rng.uniform(20, 44), rng.uniform(22, 42), R, angle=rng.normal(0, 0.2), flip=flip)
    if rng.random() < 0.5:  # on a branch
        cv.fill(f.segment(-3, 1.0, 3, 1.2, 0.12), (0.35, 0.25, 0.15))
    cv.fill(f.poly([(-0.8, -0.1), (-2.1, 0.1), (-1.9, 0.6)]), col * 0.7)
    cv.fill(f.ellipse(0, 0.2, 1.1, 0.75, rot=-0.2), col * f.shade(0, 0.2, 1.1, 0.75)[..., None])
    cv.fill(f.ellipse(-0.1, 0.15, 0.7, 0.4, rot=-0.3), col * 0.65)
    cv.fill(f.circle(0.85, -0.55, 0.5), col * f.shade(0.85, -0.55, 0.5, 0.5)[..., None])
    cv.fill(f.poly([(1.25, -0.7), (1.25, -0.4), (1.75, -0.52)]), (0.95, 0.7, 0.15))
    cv.fill(f.circle(0.98, -0.65, 0.1), (0.03, 0.03, 0.03))
    for x in (-0.2, 0.2):
        cv.fill(f.segment(x, 0.8, x, 1.1, 0.04), (0.4, 0.3, 0.2))
    return "bird", []


def _r_owl(cv, rng, floor):
    col = _hsv(rng.uniform(0.06, 0.1), rng.uniform(0.3, 0.6), rng.uniform(0.35, 0.7))
    R = rng.uniform(9, 15)
    f = _Frame(rng.uniform(20, 44), rng.uniform(22, 38), R)
    feathers = col * (0.9 + 0.2 * _value_noise(rng, 24))[..., None]
    for s in (-1, 1):  # ear tufts: pointy, a hard case
        cv.fill(f.poly([(s * 0.45, -0.7), (s * 0.9, -0.5), (s * 0.95, -1.15)]), feathers * 0.8)
    cv.fill(f.ellipse(0, 0.5, 1.0, 1.3), feathers * f.shade(0, 0.5, 1, 1.3)[..., None])
    cv.fill(f.ellipse(0, 1.0, 0.6, 0.7), np.clip(col * 1.4, 0, 1))
    for s in (-1, 1):
        cv.fill(f.circle(s * 0.42, -0.1, 0.36), np.clip(col * 1.5 + 0.1, 0, 1))
        cv.fill(f.circle(s * 0.42, -0.1, 0.22), (0.95, 0.75, 0.1))
        cv.fill(f.circle(s * 0.42, -0.1, 0.11), (0.03, 0.03, 0.03))
    cv.fill(f.poly([(-0.1, 0.12), (0.1, 0.12), (0, 0.4)]), (0.3, 0.25, 0.2))
    return "owl", []


def _r_fish(cv, rng, floor):
    cv.img = cv.img * 0.35 + _hsv(rng.uniform(0.5, 0.62), 0.6, rng.uniform(0.5, 0.85)) * 0.65
    col = _vivid(rng)
    for _ in range(rng.integers(1, 4)):
        R = rng.uniform(4, 10)
        f = _Frame(rng.uniform(12, 52), rng.uniform(12, 52), R, angle=rng.normal(0, 0.3), flip=bool(rng.random() < 0.5))
        cv.fill(f.poly([(-0.8, 0), (-1.6, -0.6), (-1.6, 0.6)]), col * 0.8)
        cv.fill(f.ellipse(0, 0, 1.1, 0.6), col * f.shade(0, 0, 1.1, 0.6)[..., None])
        cv.fill(f.circle(0.6, -0.1, 0.12), (0.02, 0.02, 0.02))
        col = _jit(rng, col, 0.15)
    return "fish", []


def _r_car(cv, rng, floor):
    col = _vivid(rng, v=(0.4, 0.95))
    R = rng.uniform(7, 12)
    base = floor if floor is not None else rng.uniform(44, 60)
    f = _Frame(rng.uniform(22, 42), max(min(base, 62) - 1.0 * R, R), R, flip=bool(rng.random() < 0.5))
    cv.fill(f.poly([(-1.1, -0.6), (0.9, -0.6), (0.55, -1.35), (-0.75, -1.35)]), col * 0.9)
    for x0, x1 in ((-0.95, -0.15), (0.05, 0.8)):
        cv.fill(f.poly([(x0, -0.65), (x1, -0.65), (x1 - 0.25 * (x1 > 0), -1.25), (x0 + 0.2 * (x0 < -0.5), -1.25)]),
                (0.6, 0.75, 0.85))
    cv.fill(f.box(0, -0.2, 2.0, 0.45, rounding=0.25), col * f.shade(0, -0.2, 2, 0.45, 0.12)[..., None])
    for x in (-1.25, 1.2):
        cv.fill(f.circle(x, 0.25, 0.42), (0.08, 0.08, 0.08))
        cv.fill(f.circle(x, 0.25, 0.2), (0.7, 0.7, 0.7))
    cv.fill(f.ellipse(1.9, -0.3, 0.1, 0.12), (1, 0.95, 0.6))
    return "car", []


def _r_house(cv, rng, floor):
    wall = _muted(rng, v=(0.5, 0.95))
    roof = _hsv(rng.uniform(-0.05, 0.08), rng.uniform(0.3, 0.8), rng.uniform(0.3, 0.7))
    R = rng.uniform(9, 15)
    base = floor if floor is not None else rng.uniform(46, 62)
    f = _Frame(rng.uniform(18, 46), min(base, 62) - R, R)
    cv.fill(f.box(0.6, -1.7, 0.15, 0.4), roof * 0.8)
    cv.fill(f.box(0, 0, 1.2, 1.0), wall * f.shade(0, 0, 1.2, 1, 0.1)[..., None])
    cv.fill(f.poly([(-1.45, -0.95), (1.45, -0.95), (0, -2.0)]), roof)
    cv.fill(f.box(-0.45, 0.45, 0.25, 0.55), _hsv(rng.random(), 0.5, 0.45))
    for x in (0.5,):
        cv.fill(f.box(x, -0.1, 0.35, 0.3), (0.95, 0.95, 0.95))
        cv.fill(f.box(x, -0.1, 0.28, 0.23), (0.5, 0.7, 0.9))
    return "house", []


def _r_tree(cv, rng, floor):
    R = rng.uniform(7, 12)
    base = floor if floor is not None else rng.uniform(48, 62)
    n = rng.integers(1, 3)
    for k in range(n):
        f = _Frame(rng.uniform(12, 52), min(base, 62) - 2.2 * R, R * rng.uniform(0.8, 1.2))
        green = _hsv(rng.uniform(0.22, 0.38), rng.uniform(0.45, 0.85), rng.uniform(0.25, 0.65))
        cv.fill(f.box(0, 1.4, 0.2, 1.0), (0.35, 0.22, 0.12))
        leaves = green * (0.8 + 0.4 * _value_noise(rng, 14))[..., None]
        if rng.random() < 0.6:
            for dx, dy, r in ((-0.6, 0.1, 0.75), (0.6, 0.1, 0.75), (0, -0.5, 0.9), (0, 0.3, 0.8)):
                cv.fill(f.circle(dx, dy, r), leaves * f.shade(dx, dy, r, r)[..., None])
        else:  # pine
            for y in (0.5, -0.3, -1.0):
                cv.fill(f.poly([(-1.1 + 0.2 * y, y + 0.5), (1.1 - 0.2 * y, y + 0.5), (0, y - 0.9)]), leaves)
    return "tree", []


def _r_ball(cv, rng, floor):
    R = rng.uniform(7, 18)
    f = _Frame(rng.uniform(18, 46), rng.uniform(18, 46), R, angle=rng.uniform(0, np.pi))
    kind = rng.integers(3)
    shade = f.shade(0, 0, 1, 1, amount=0.3)[..., None]
    if kind == 0:  # beach ball
        ang = np.arctan2(f.v, f.u)
        seg = (np.floor((ang + np.pi) / (np.pi / 3)) % 3).astype(int)
        cols = np.array([_vivid(rng), (0.97, 0.97, 0.97), _vivid(rng)])
        cv.fill(f.circle(0, 0, 1), cols[seg] * shade)
    elif kind == 1:  # tennis ball
        cv.fill(f.circle(0, 0, 1), np.array((0.8, 0.9, 0.25)) * shade)
        for x in (-1.1, 1.1):  # the seams, clipped to the ball
            cv.fill(np.maximum(f.ring(x, 0, 0.75, 0.05), f.circle(0, 0, 1)), (0.97, 0.97, 0.97))
    else:
        cv.fill(f.circle(0, 0, 1), _vivid(rng) * shade)
    return "ball", []


def _r_flower(cv, rng, floor):
    for _ in range(rng.integers(1, 4)):
        R = rng.uniform(4, 10)
        x, y = rng.uniform(12, 52), rng.uniform(12, 40)
        f = _Frame(x, y, R, angle=rng.uniform(0, np.pi))
        cv.stroke(_Frame(0, 0, 1), [(x, y), (x + rng.uniform(-4, 4), 66)], max(0.12 * R, 1), (0.2, 0.5, 0.15))
        petal = _vivid(rng)
        n = rng.integers(5, 9)
        for k in range(n):
            a = 2 * np.pi * k / n
            cv.fill(f.ellipse(0.65 * np.cos(a), 0.65 * np.sin(a), 0.55, 0.28, rot=a), petal)
        cv.fill(f.circle(0, 0, 0.35), _jit(rng, (0.95, 0.75, 0.1) if rng.random() < 0.6 else (0.35, 0.2, 0.1)))
    return "flower", []


def _r_mug(cv, rng, floor):
    col = _vivid(rng) if rng.random() < 0.6 else _muted(rng)
    R = rng.uniform(8, 14)
    base = floor if floor is not None else rng.uniform(46, 62)
    f = _Frame(rng.uniform(20, 44), min(base, 62) - 1.1 * R, R)
    cv.fill(f.ring(0.95, 0, 0.45, 0.12), col * 0.85)
    cv.fill(f.box(0, 0, 0.85, 1.05, rounding=0.12), col * f.shade(0, 0, 0.85, 1.05, 0.2)[..., None])
    cv.fill(f.ellipse(0, -1.0, 0.8, 0.15), (0.3, 0.18, 0.1))
    return "mug", []


def _r_fruit(cv, rng, floor):
    for _ in range(rng.integers(1, 4)):
        R = rng.uniform(5, 12)
        f = _Frame(rng.uniform(14, 50), rng.uniform(16, 50), R)
        kind = rng.integers(3)
        if kind == 0:  # apple
            col = _jit(rng, (0.8, 0.12, 0.1) if rng.random() < 0.7 else (0.5, 0.75, 0.2), 0.06)
            cv.fill(f.circle(0, 0, 1), col * f.shade(0, 0, 1, 1, 0.3)[..., None])
            cv.fill(f.segment(0, -0.9, 0.1, -1.3, 0.06), (0.3, 0.2, 0.1))
            cv.fill(f.ellipse(0.35, -1.15, 0.28, 0.12, rot=-0.4), (0.25, 0.55, 0.15))
        elif kind == 1:  # orange: a cat-coloured round thing
            col = _jit(rng, (0.95, 0.55, 0.1), 0.04) * (0.92 + 0.16 * _value_noise(rng, 32))[..., None]
            cv.fill(f.circle(0, 0, 1), col * f.shade(0, 0, 1, 1, 0.3)[..., None])
        else:  # banana
            cv.fill(f.polyline([(-1.2, -0.6), (-0.6, 0.1), (0.3, 0.3), (1.2, 0.0)], 0.28),
                    _jit(rng, (0.95, 0.85, 0.25), 0.04))
    return "fruit", []


def _r_cushion(cv, rng, floor):
    """A furry or striped cushion in cat colours: a cat-coloured non-cat."""
    coat = _coat(rng)
    R = rng.uniform(12, 22)
    f = _Frame(rng.uniform(22, 42), rng.uniform(24, 42), R, angle=rng.normal(0, 0.3))
    fur = _fur(rng, f, coat, axis_angle=rng.uniform(0, np.pi))
    cv.fill(f.box(0, 0, 1.1, 0.8, rounding=0.35), fur * f.shade(0, 0, 1.1, 0.8, 0.25)[..., None])
    return "cushion", []


def _r_clock(cv, rng, floor):
    R = rng.uniform(10, 20)
    f = _Frame(rng.uniform(20, 44), rng.uniform(20, 44), R)
    cv.fill(f.circle(0, 0, 1.05), _vivid(rng, v=(0.2, 0.7)))
    cv.fill(f.circle(0, 0, 0.9), (0.96, 0.95, 0.9))
    for k in range(12):
        a = 2 * np.pi * k / 12
        cv.fill(f.segment(0.7 * np.cos(a), 0.7 * np.sin(a), 0.82 * np.cos(a), 0.82 * np.sin(a), 0.03), (0.1, 0.1, 0.1))
    for length, w in ((0.5, 0.06), (0.75, 0.035)):
        a = rng.uniform(0, 2 * np.pi)
        cv.fill(f.segment(0, 0, length * np.cos(a), length * np.sin(a), w), (0.1, 0.1, 0.1))
    return "clock", []


def _r_lamp(cv, rng, floor):
    R = rng.uniform(8, 13)
    base = floor if floor is not None else rng.uniform(48, 62)
    f = _Frame(rng.uniform(18, 46), min(base, 62) - 2.6 * R, R)
    shade_col = _muted(rng, v=(0.6, 1.0))
    cv.fill(f.ellipse(0, 2.55, 0.7, 0.15), (0.2, 0.2, 0.2))
    cv.fill(f.box(0, 1.5, 0.07, 1.1), (0.3, 0.3, 0.3))
    cv.fill(f.poly([(-0.5, -0.8), (0.5, -0.8), (0.95, 0.5), (-0.95, 0.5)]),
            shade_col * f.shade(0, 0, 1, 1, 0.2)[..., None])
    return "lamp", []


def _r_chair(cv, rng, floor):
    col = (_hsv(rng.uniform(0.03, 0.12), rng.uniform(0.3, 0.7), rng.uniform(0.25, 0.7))
           if rng.random() < 0.7 else _vivid(rng))  # mostly wooden
    R = rng.uniform(8, 12)
    base = floor if floor is not None else rng.uniform(48, 62)
    f = _Frame(rng.uniform(20, 44), min(base, 62) - 1.2 * R, R, flip=bool(rng.random() < 0.5))
    for x in (-0.9, 0.9):
        cv.fill(f.box(x, 0.6, 0.08, 0.6), col * 0.8)
    cv.fill(f.box(-0.9, -1.0, 0.09, 1.2), col * 0.9)
    cv.fill(f.box(0, 0, 1.05, 0.12), col)
    for y in (-1.8, -1.2, -0.6):
        cv.fill(f.box(-0.9, y, 0.1, 0.08), col * 0.9)
    return "chair", []


def _r_landscape(cv, rng, floor):
    """A plain scene: sky, sun or moon, mountains or sea, nothing else."""
    sky = _hsv(rng.uniform(0.5, 0.65) if rng.random() < 0.7 else rng.uniform(0.0, 0.1),
               rng.uniform(0.3, 0.7), rng.uniform(0.6, 1.0))
    t = (_YY / SIZE)[..., None]
    cv.img = sky * (1 - t) + np.clip(sky + 0.25, 0, 1) * t
    if rng.random() < 0.6:
        f = _Frame(rng.uniform(8, 56), rng.uniform(6, 24), 1.0)
        cv.fill(f.circle(0, 0, rng.uniform(3, 7)), _jit(rng, (1.0, 0.9, 0.5), 0.05))
    if rng.random() < 0.6:
        for _ in range(rng.integers(1, 4)):
            f = _Frame(rng.uniform(0, 64), rng.uniform(40, 50), 1.0)
            h, w = rng.uniform(12, 30), rng.uniform(14, 30)
            cv.fill(f.poly([(-w, 20), (w, 20), (0, -h)]),
                    _hsv(rng.uniform(0.55, 0.75), rng.uniform(0.1, 0.4), rng.uniform(0.3, 0.65)))
    horizon = rng.uniform(40, 54)
    ground = _hsv(rng.uniform(0.2, 0.62), rng.uniform(0.4, 0.8), rng.uniform(0.3, 0.7))
    m = _smoothstep(horizon - 0.6, horizon + 0.6, _YY)[..., None]
    cv.img = cv.img * (1 - m) + ground * (0.85 + 0.3 * _value_noise(rng, 16))[..., None] * m
    return "landscape", []


_NONCATS = [
    (_r_dog, 16), (_r_teddy, 5), (_r_bigcat, 5), (_r_rabbit, 4), (_r_bird, 6), (_r_owl, 3), (_r_fish, 3),
    (_r_car, 7), (_r_house, 7), (_r_tree, 6), (_r_ball, 5), (_r_flower, 5), (_r_mug, 4), (_r_fruit, 4),
    (_r_cushion, 4), (_r_clock, 3), (_r_lamp, 3), (_r_chair, 3), (_r_landscape, 7),
]
NONCAT_KINDS = ("dog", "teddy_bear", "lion", "tiger", "rabbit", "bird", "owl", "fish", "car", "house", "tree",
                "ball", "flower", "mug", "fruit", "cushion", "clock", "lamp", "chair", "landscape")


# --- camera --------------------------------------------------------------------------------------------

def _box_blur(img, r):
    k = 2 * r + 1
    p = np.pad(img, ((r, r), (r, r), (0, 0)), mode="edge")
    c = np.cumsum(np.pad(p, ((1, 0), (0, 0), (0, 0))), axis=0)
    p = (c[k:] - c[:-k]) / k
    c = np.cumsum(np.pad(p, ((0, 0), (1, 0), (0, 0))), axis=1)
    return (c[:, k:] - c[:, :-k]) / k


def _camera(img, rng, tags, noise=(0.004, 0.02)):
    """Exposure, contrast, colour cast, occasional blur, sensor noise (std uniform in ``noise``); returns uint8."""
    if rng.random() < 0.12:
        img = _box_blur(img, 1)
        if rng.random() < 0.5:
            img = _box_blur(img, 1)
        tags.append("blurry")
    contrast = rng.uniform(0.75, 1.1)
    if rng.random() < 0.07:
        contrast = rng.uniform(0.35, 0.55)
        tags.append("low_contrast")
    mean = img.mean(axis=(0, 1), keepdims=True)
    img = mean + (img - mean) * contrast
    exposure = rng.uniform(0.8, 1.15)
    if rng.random() < 0.06:
        exposure = rng.uniform(0.4, 0.6)
        tags.append("dark")
    img = img * exposure * (1.0 + rng.normal(0.0, 0.04, 3))
    img = img + rng.normal(0.0, rng.uniform(*noise), img.shape)
    return np.clip(np.round(img * 255.0), 0, 255).astype(np.uint8)


# --- the data set --------------------------------------------------------------------------------------

def _luminance(c):
    return float(np.mean(np.asarray(c) @ np.array([0.3, 0.59, 0.11])))


def _relight(img, target):
    """Scale an image so that its mean luminance is ``target`` (a dim room, a bright garden...)."""
    return np.clip(img * (target / max(_luminance(img), 1e-3)), 0.0, 1.0)


def render_image(rng, is_cat: bool):
    """Draw one 64x64x3 uint8 picture with ``rng`` (a ``numpy.random.Generator``).

    Returns ``(image, kind, tags)``: ``kind`` says what was drawn (``'cat/<layout>/<coat>'``, or one of
    :data:`NONCAT_KINDS`, dogs as ``'dog/<face|side>/<ears>'``), ``tags`` lists the hard conditions.
    """
    if not isinstance(rng, np.random.Generator):
        raise ValueError("rng must be a numpy.random.Generator (np.random.default_rng(seed)), "
                         f"got {type(rng).__name__}")
    bg, floor = _background(rng)
    coat = _coat(rng) if is_cat else None
    if is_cat and rng.random() < _P_CONTRAST:
        # the cat stands out: dark coats against bright surroundings and light coats against dim ones
        target = rng.uniform(*_BG_LIGHT) if _luminance(coat["base"]) < 0.45 else rng.uniform(*_BG_DARK)
    else:
        target = rng.uniform(*_BG_LIGHT) if rng.random() < 0.5 else rng.uniform(*_BG_DARK)
    cv = _Canvas(_relight(bg, target))
    if is_cat:
        kind, tags = _draw_cat(cv, rng, floor, coat)
    else:
        fns, w = zip(*_NONCATS)
        w = np.array(w, float) / np.sum(w)
        kind, tags = fns[rng.choice(len(fns), p=w)](cv, rng, floor)
    img = _camera(np.clip(cv.img, 0.0, 1.0), rng, tags)
    return img, kind, tags


def _split(seed, split_id, n, cat_fraction):
    n_cat = int(round(n * cat_fraction))
    order = np.random.default_rng([seed, split_id, 0]).permutation(n)
    labels = (order < n_cat).astype(np.int64)
    images = np.empty((n, SIZE, SIZE, 3), dtype=np.uint8)
    kinds, tags = [], []
    for i in range(n):
        img, kind, t = render_image(np.random.default_rng([seed, split_id, 1, i]), bool(labels[i]))
        images[i] = img
        kinds.append(kind)
        tags.append(",".join(t))
    return images, labels.reshape(1, n), np.array(kinds), np.array(tags)


def make_cat_dataset(n_train: int = 209, n_test: int = 50, seed: int = DEFAULT_SEED) -> dict:
    """Render the cat / non-cat set.

    Returns a dict with the keys of the original course's h5 files -- ``train_set_x`` (n_train, 64, 64, 3)
    uint8, ``train_set_y`` (1, n_train) int64 (1 = cat), ``test_set_x``, ``test_set_y``, ``list_classes``
    (``[b'non-cat', b'cat']``) -- plus ``train_set_kind`` / ``test_set_kind`` (what each picture shows,
    e.g. ``'cat/face/ginger'`` or ``'dog/face/floppy'``) and ``train_set_tags`` / ``test_set_tags``
    (comma-separated: ``small``, ``occluded``, ``blurry``, ``low_contrast``, ``dark``), for error analysis.

    About a third of the training pictures are cats (72 of 209 by default) and two thirds of the test
    pictures (33 of 50), as in the original. The same arguments always give identical arrays.
    """
    for name, value in (("n_train", n_train), ("n_test", n_test)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value <= 0:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    seed = int(seed)
    train_x, train_y, train_kind, train_tags = _split(seed, 0, int(n_train), TRAIN_CAT_FRACTION)
    test_x, test_y, test_kind, test_tags = _split(seed, 1, int(n_test), TEST_CAT_FRACTION)
    return {
        "train_set_x": train_x, "train_set_y": train_y, "test_set_x": test_x, "test_set_y": test_y,
        "list_classes": np.array([b"non-cat", b"cat"], dtype="S7"),
        "train_set_kind": train_kind, "test_set_kind": test_kind,
        "train_set_tags": train_tags, "test_set_tags": test_tags,
    }
