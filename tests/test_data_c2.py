"""Course 2 data sets: the 2-D sets of initialization / regularization / optimization, read from data/."""
import json
from pathlib import Path

import numpy as np
import pytest

from dlcourse.data import (
    load_circles_dataset,
    load_goalkeeper_dataset,
    load_moons_dataset,
    make_circles_dataset,
    make_goalkeeper_dataset,
    make_moons_dataset,
    sha256_file,
)
from dlcourse.data.course2 import COURSE2_2D_FILE

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(autouse=True)
def _no_data_env(monkeypatch):
    monkeypatch.delenv("DLCOURSE_DATA", raising=False)


@pytest.mark.parametrize("loader, sizes", [
    (load_circles_dataset, (300, 100)), (load_goalkeeper_dataset, (211, 200)), (load_moons_dataset, (300,)),
])
def test_2d_sets_have_the_course_shapes_and_both_classes(loader, sizes):
    arrays = loader()
    assert len(arrays) == 2 * len(sizes)
    for (X, Y), m in zip(zip(arrays[::2], arrays[1::2]), sizes):
        assert X.shape == (2, m) and X.dtype == np.float64 and np.all(np.isfinite(X))
        assert Y.shape == (1, m) and Y.dtype == np.int64 and set(np.unique(Y)) == {0, 1}
        assert 0.35 < Y.mean() < 0.65


def test_stored_2d_sets_are_what_the_generators_make():
    for loaded, made in ((load_circles_dataset(), make_circles_dataset()),
                         (load_goalkeeper_dataset(), make_goalkeeper_dataset()),
                         (load_moons_dataset(), make_moons_dataset())):
        for a, b in zip(loaded, made):
            # the same generator; only sin/cos may differ in the last bits between machines
            assert a.shape == b.shape and a.dtype == b.dtype
            np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)


def test_circles_lie_on_two_circles():
    X, Y, Xt, Yt = make_circles_dataset(noise=0.0)
    r = np.hypot(*X)
    np.testing.assert_allclose(r[Y[0] == 0], 1.0)
    np.testing.assert_allclose(r[Y[0] == 1], 0.8)
    assert Y.sum() == 150 and Yt.sum() == 50


def test_goalkeeper_training_split_has_wrong_colour_positions_but_test_does_not():
    X, Y, Xt, Yt = make_goalkeeper_dataset()
    from dlcourse.data.course2 import _blue_offset

    def wrong_and_deep(X, Y):  # wrong colour more than 0.05 from the border (the colour noise is N(0, 0.02^2))
        offset = _blue_offset(X.T)
        return int(np.sum((Y[0] == 1) & (offset < -0.05)) + np.sum((Y[0] == 0) & (offset > 0.05)))
    assert wrong_and_deep(X, Y) >= 20
    assert wrong_and_deep(Xt, Yt) <= 3
    assert np.all(np.abs(Xt) <= 0.75)


def test_goalkeeper_field_has_the_blue_lane():
    X, Y, Xt, Yt = make_goalkeeper_dataset(n_test=2000)
    lane = (Xt[0] > 0.15) & (Xt[0] < 0.3) & (Xt[1] > -0.45) & (Xt[1] < -0.1)
    below = (Xt[0] < -0.1) & (Xt[1] > -0.45) & (Xt[1] < -0.1)
    assert lane.sum() > 20 and Yt[0, lane].mean() > 0.95 and Yt[0, below].mean() < 0.05


def test_2d_generators_are_deterministic_and_seeded():
    for make in (make_circles_dataset, make_goalkeeper_dataset, make_moons_dataset):
        a, b, c = make(), make(), make(seed=99)
        assert all(np.array_equal(x, y) for x, y in zip(a, b))
        assert not np.array_equal(a[0], c[0])


@pytest.mark.parametrize("make, kwargs", [
    (make_circles_dataset, {"n_train": 1}), (make_circles_dataset, {"factor": 1.2}),
    (make_circles_dataset, {"noise": -1}), (make_moons_dataset, {"seed": -3}),
    (make_goalkeeper_dataset, {"n_train": 5}), (make_goalkeeper_dataset, {"n_test": 2.5}),
])
def test_2d_generators_reject_bad_arguments(make, kwargs):
    with pytest.raises(ValueError, match=next(iter(kwargs))):
        make(**kwargs)


def test_manifest_vouches_for_the_course2_files():
    manifest = json.loads((DATA / "MANIFEST.json").read_text())
    for name in (COURSE2_2D_FILE,):
        assert manifest[name] == {"sha256": sha256_file(DATA / name), "size": (DATA / name).stat().st_size}


# --- hand signs ---------------------------------------------------------------------------------------

from dlcourse.data import load_signs, load_signs_metadata, make_signs_dataset  # noqa: E402
from dlcourse.data.signs import SIGNS_TEST_FILE, SIGNS_TRAIN_FILE, render_sign  # noqa: E402


@pytest.fixture(scope="module")
def signs():
    return load_signs()


def test_signs_have_the_original_shapes_and_balanced_classes(signs):
    x_tr, y_tr, x_te, y_te, classes = signs
    assert x_tr.shape == (1080, 64, 64, 3) and x_tr.dtype == np.uint8
    assert x_te.shape == (120, 64, 64, 3) and x_te.dtype == np.uint8
    assert y_tr.shape == (1, 1080) and y_te.shape == (1, 120) and y_tr.dtype == y_te.dtype == np.int64
    assert classes.tolist() == [0, 1, 2, 3, 4, 5]
    assert np.bincount(y_tr[0]).tolist() == [180] * 6 and np.bincount(y_te[0]).tolist() == [20] * 6
    assert x_tr.std() > 20  # pictures, not blank


def test_signs_metadata_agrees_with_the_labels(signs):
    meta = load_signs_metadata()
    for split, y in (("train", signs[1]), ("test", signs[3])):
        m = meta[split]
        np.testing.assert_array_equal(m["fingers"].sum(axis=1), y[0])
        assert set(m["background"]) <= {"plain", "gradient", "texture", "indoor", "clutter", "fabric", "skin_like"}
        assert m["tips"].shape == (y.size, 5, 2) and np.all(np.abs(m["rotation"]) <= 41)


def test_signs_pose_follows_the_calibrated_composition():
    """The shipped pictures use the composition knobs the Course 2 dense net was calibrated on (data/README.md)."""
    import dlcourse.data.signs as S

    for split in ("train", "test"):
        m = load_signs_metadata()[split]
        assert S._SCALE[0] <= m["scale"].min() and m["scale"].max() <= S._SCALE[1]
        assert S._CX[0] <= m["center"][:, 0].min() and m["center"][:, 0].max() <= S._CX[1]
        assert S._CY[0] <= m["center"][:, 1].min() and m["center"][:, 1].max() <= S._CY[1]
        assert np.abs(m["rotation"]).max() <= np.degrees(S._ROT_MAX) + 1e-9
    train = load_signs_metadata()["train"]
    assert 3.0 < np.degrees(S._ROT_SD) < 6.0 and 3.0 < train["rotation"].std() < 6.0
    assert 0.55 < np.mean(train["background"] == "plain") < 0.7  # mostly plain walls, as in SIGNS
    assert 0.45 < train["left"].mean() < 0.55


def test_rendering_is_deterministic_and_matches_the_shipped_files(signs):
    a = render_sign(np.random.default_rng([1, 1, 1, 7]), int(signs[3][0, 7]))[0]
    b = render_sign(np.random.default_rng([1, 1, 1, 7]), int(signs[3][0, 7]))[0]
    assert np.array_equal(a, b)
    # the shipped picture; a different CPU's sin/cos may move a pixel by a level
    assert np.abs(a.astype(int) - signs[2][7]).max() <= 2


@pytest.mark.parametrize("label", range(6))
def test_the_picture_shows_the_raised_fingers_and_only_those(label):
    for i in range(4):
        img, meta, mask = render_sign(np.random.default_rng([99, label, i]), label, return_mask=True)
        assert meta["fingers"].sum() == label
        assert mask.max() == 1.0 and 0.03 < mask.mean() < 0.6
        for k in range(5):  # sample the silhouette near each fingertip (where it is or would be)
            tip = meta["tips"][k]
            base = meta["center"]
            x, y = base + 0.85 * (tip - base)
            xi, yi = int(np.clip(x, 0, 63)), int(np.clip(y, 0, 63))
            assert (mask[yi, xi] > 0.5) == bool(meta["fingers"][k]), (label, i, k)


def test_make_signs_dataset_small_and_checked_arguments():
    d = make_signs_dataset(n_train=12, n_test=6, seed=3)
    assert d["train_set_x"].shape == (12, 64, 64, 3) and np.bincount(d["train_set_y"][0]).tolist() == [2] * 6
    with pytest.raises(ValueError, match="n_train"):
        make_signs_dataset(n_train=0)
    with pytest.raises(ValueError, match="label"):
        render_sign(np.random.default_rng(0), 6)
    with pytest.raises(ValueError, match="rng"):
        render_sign(0, 1)


def test_manifest_vouches_for_the_signs_files():
    manifest = json.loads((DATA / "MANIFEST.json").read_text())
    for name in (SIGNS_TRAIN_FILE, SIGNS_TEST_FILE):
        assert manifest[name] == {"sha256": sha256_file(DATA / name), "size": (DATA / name).stat().st_size}
    assert sum(manifest[n]["size"] for n in (SIGNS_TRAIN_FILE, SIGNS_TEST_FILE, COURSE2_2D_FILE)) < 10_000_000
