"""Course 3's picture pool (data/course3_goal.h5) and the metrics its chapters add."""
import json
from pathlib import Path

import numpy as np
import pytest

from dlcourse.data import DataFileError, sha256_file
from dlcourse.data.course3_goal import (
    COURSE3_GOAL_FILE,
    COURSE3_GOAL_SIZES,
    REGIONS,
    camera_region,
    downsample,
    load_course3_goal,
    noisy_labels,
    render_full_size,
)
from dlcourse.metrics import avoidable_bias_variance, group_errors, weighted_error, what_to_work_on

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(autouse=True)
def _no_data_env(monkeypatch):
    monkeypatch.delenv("DLCOURSE_DATA", raising=False)


@pytest.fixture(scope="module")
def pool():
    return load_course3_goal()


def test_pool_has_the_documented_shapes_and_balance(pool):
    n_main = COURSE3_GOAL_SIZES["per_region"] * len(REGIONS)
    n = n_main + COURSE3_GOAL_SIZES["big_cats"]
    assert pool["x"].shape == (n, 16, 16, 3) and pool["x"].dtype == np.uint8
    assert pool["y"][:n_main].sum() == n_main // 2 and not pool["y"][n_main:].any()
    assert np.array_equal(np.bincount(pool["region"][:n_main]), [COURSE3_GOAL_SIZES["per_region"]] * 4)
    assert set(pool["kind"][n_main:]) == {"lion", "tiger"}
    assert all(k.startswith("cat/") == bool(c) for k, c in zip(pool["kind"][:n_main], pool["y"][:n_main]))


@pytest.mark.parametrize("i", [0, 1, 2, 3, 777, 7999, 8000, 8599])
def test_stored_pictures_are_what_the_generator_renders(pool, i):
    # rendering the whole pool takes a minute; a few pictures, main pool and big cats, prove the recipe
    assert np.array_equal(downsample(render_full_size(pool["seed"][i])), pool["x"][i])


def test_regions_change_the_pictures_as_documented(pool):
    img = render_full_size(pool["seed"][0], region=0)
    rng = np.random.default_rng(0)
    plain, warm, dim, blurry = (camera_region(img, r, rng).astype(float) for r in range(4))
    assert np.array_equal(plain, img)
    assert warm[..., 0].mean() > plain[..., 0].mean() and warm[..., 2].mean() < plain[..., 2].mean()
    assert dim.mean() < 0.6 * plain.mean()
    assert np.abs(np.diff(blurry, axis=1)).mean() < 0.7 * np.abs(np.diff(plain, axis=1)).mean()
    with pytest.raises(ValueError, match="region"):
        camera_region(img, 4, rng)


def test_manifest_vouches_for_the_pool():
    entry = json.loads((DATA / "MANIFEST.json").read_text())[COURSE3_GOAL_FILE]
    assert entry == {"sha256": sha256_file(DATA / COURSE3_GOAL_FILE), "size": (DATA / COURSE3_GOAL_FILE).stat().st_size}


def test_a_modified_pool_file_is_refused(tmp_path):
    (tmp_path / COURSE3_GOAL_FILE).write_bytes((DATA / COURSE3_GOAL_FILE).read_bytes()[:-10])
    (tmp_path / "MANIFEST.json").write_text((DATA / "MANIFEST.json").read_text())
    with pytest.raises(DataFileError, match="truncated"):
        load_course3_goal(tmp_path)


def test_noisy_labels_flip_the_asked_fraction_reproducibly():
    y = np.arange(20000) % 2
    a, b = noisy_labels(y, 0.05, seed=3), noisy_labels(y, 0.05, seed=3)
    assert np.array_equal(a, b) and abs(np.mean(a != y) - 0.05) < 0.006
    assert np.array_equal(noisy_labels(y, 0.0, seed=1), y)
    with pytest.raises(ValueError, match="p must be"):
        noisy_labels(y, 0.5, seed=1)


def test_weighted_error_and_group_errors():
    p, y = np.array([[1, 0, 1, 1]]), np.array([[1, 0, 0, 1]])
    assert weighted_error(p, y, np.array([[1, 1, 10, 1]])) == pytest.approx(10 / 13)
    assert weighted_error(p, y, np.ones((1, 4))) == pytest.approx(0.25)
    with pytest.raises(ValueError, match="weights"):
        weighted_error(p, y, np.zeros((1, 4)))
    errs = group_errors(p, y, np.array([[0, 0, 1, 2]]), 4)
    assert np.allclose(errs[:3], [0.0, 1.0, 0.0]) and np.isnan(errs[3])
    with pytest.raises(ValueError, match="n_groups"):
        group_errors(p, y, np.array([[0, 0, 1, 5]]), 4)


def test_bias_variance_diagnosis():
    assert avoidable_bias_variance(0.01, 0.08, 0.10) == pytest.approx((0.07, 0.02))
    assert what_to_work_on(0.01, 0.08, 0.10) == "bias"
    assert what_to_work_on(0.075, 0.08, 0.10) == "variance"
    assert what_to_work_on(0.0, 0.25, 0.5) == "variance"          # a tie goes to variance
    with pytest.raises(ValueError, match="percentage"):
        what_to_work_on(1, 8, 10)
