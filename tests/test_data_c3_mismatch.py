"""Course 3's web / app pictures: shapes, metadata, determinism, and the camera's pieces."""
import numpy as np
import pytest

from dlcourse.data import load_course3_mismatch
from dlcourse.data.course3_mismatch import (COURSE3_SEED, COURSE3_SIZES, apply_camera, downsample, draw_camera,
                                            make_course3_dataset, mobile_camera)


@pytest.fixture(scope="module")
def sets():
    return load_course3_mismatch()


def test_shapes_balance_and_metadata(sets):
    for name, m in COURSE3_SIZES.items():
        d = sets[name]
        assert d["x"].shape == (m, 32, 32, 3) and d["x"].dtype == np.uint8
        assert d["y"].sum() == m // 2
        assert np.array_equal(np.char.startswith(d["kind"], "cat/"), d["y"] == 1)
        assert d["tags"].shape == (m,)


def test_app_pictures_are_darker_than_web_ones(sets):
    assert sets["app"]["x"].mean() < 0.8 * sets["web"]["x"].mean()


def test_generator_matches_the_shipped_file(sets):
    small = make_course3_dataset(n_web=5, n_app=4, seed=COURSE3_SEED)
    # the labels of a smaller set are another permutation, but picture i is drawn from its own seed
    for name in ("web", "app"):
        again = make_course3_dataset(n_web=5, n_app=4, seed=COURSE3_SEED)
        assert np.array_equal(small[f"{name}_x"], again[f"{name}_x"])
    from dlcourse.data.catgen import render_image
    i = 7
    img, kind, _ = render_image(np.random.default_rng([COURSE3_SEED, 0, 1, i]), bool(sets["web"]["y"][i]))
    assert kind == sets["web"]["kind"][i]
    assert np.array_equal(downsample(img[None])[0], sets["web"]["x"][i])
    img, kind, _ = render_image(np.random.default_rng([COURSE3_SEED, 1, 1, i]), bool(sets["app"]["y"][i]))
    app = apply_camera(downsample(img[None])[0], draw_camera(np.random.default_rng([COURSE3_SEED, 1, 2, i])))
    assert kind == sets["app"]["kind"][i] and np.array_equal(app, sets["app"]["x"][i])


def test_camera_pieces():
    x = np.full((2, 32, 32, 3), 128, np.uint8)
    s = draw_camera(np.random.default_rng(0))
    out = apply_camera(x, s)
    assert out.shape == x.shape and out.dtype == np.uint8
    assert np.array_equal(out[0], out[1])  # one setting, one noise field
    fresh = mobile_camera(x, np.random.default_rng(0))
    assert not np.array_equal(fresh[0], fresh[1])  # one setting per picture
    assert out.mean() < 100  # dim light
    with pytest.raises(ValueError):
        apply_camera(np.zeros((64, 64, 3)), s)
    with pytest.raises(ValueError):
        draw_camera(0)
    with pytest.raises(ValueError):
        downsample(np.zeros((1, 5, 5, 3)))
