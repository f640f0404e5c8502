"""Course 3's rendered street scenes: the shipped file is checked, its shapes and label rates are what
the chapters rely on, and the generator reproduces it (a few pictures re-rendered bit for bit)."""
import numpy as np
import pytest

from dlcourse.data import DataFileError
from dlcourse.data import course3_multitask as c3


@pytest.fixture(scope="module")
def sets():
    return {name: c3.load_course3(name) for name in ("scenes", "bikes", "signs")}


def test_shapes_and_labels(sets):
    for name, splits in sets.items():
        for split, d in splits.items():
            m = c3.COURSE3_SIZES[name][split]
            assert d["x"].shape == (m, 32, 32, 3) and d["x"].dtype == np.uint8
    s = sets["scenes"]
    assert s["train"]["y"].shape == (4, 2000) and s["test"]["mask"].min() == 1
    missing = 1 - s["train"]["mask"].mean()
    assert 0.28 < missing < 0.38
    assert np.all(s["train"]["y"][s["train"]["mask"] == 0] == 0)
    rate = s["test"]["y"].mean(axis=1)
    assert np.all((rate > 0.35) & (rate < 0.55))
    assert 0.4 < sets["bikes"]["train"]["y"].mean() < 0.6
    g = sets["signs"]
    assert np.array_equal(np.bincount(g["train"]["y"]), [400] * 4)
    assert np.all((g["test"]["center"] >= 4) & (g["test"]["center"] <= 28))
    assert 0.35 < g["train"]["red"].mean() < 0.45


def test_the_file_is_what_the_generator_draws(sets):
    small = {"scenes": {"train": 3, "test": 2}, "bikes": {"train": 2, "test": 2}, "signs": {"train": 1, "test": 1}}
    d = c3.make_course3_datasets(sizes=small)
    for name in ("scenes", "bikes"):
        for split in ("train", "test"):
            k = small[name][split]
            np.testing.assert_array_equal(d[f"{name}_{split}_x"], sets[name][split]["x"][:k])
            np.testing.assert_array_equal(d[f"{name}_{split}_y"], sets[name][split]["y"][:, :k])
    np.testing.assert_array_equal(d["scenes_train_mask"], sets["scenes"]["train"]["mask"][:, :3])
    # a sign picture's label comes from a permutation of the whole split: re-render with the file's label
    for split_id, split in enumerate(("train", "test")):
        g = sets["signs"][split]
        for i in (0, 7):
            rng = np.random.default_rng([c3.DEFAULT_SEED, 2, split_id, 1, i])
            red = rng.random() < c3.P_RED
            img, center = c3.render_sign_scene(rng, int(g["y"][i]), red)
            assert red == g["red"][i]
            np.testing.assert_array_equal(img, g["x"][i])
            np.testing.assert_array_equal(center, g["center"][i])


def test_generator_checks_its_arguments():
    with pytest.raises(ValueError, match="rng"):
        c3.render_scene(0, ["car"])
    with pytest.raises(ValueError, match="unknown"):
        c3.render_scene(np.random.default_rng(0), ["tram"])
    with pytest.raises(ValueError, match="shape"):
        c3.render_sign_scene(np.random.default_rng(0), 4, False)
    with pytest.raises(ValueError, match="name"):
        c3.load_course3("cats")


def test_a_damaged_file_is_refused(tmp_path):
    import shutil
    from dlcourse.data import data_dir
    shutil.copy(data_dir() / "MANIFEST.json", tmp_path / "MANIFEST.json")
    raw = bytearray((data_dir() / c3.COURSE3_FILE).read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    (tmp_path / c3.COURSE3_FILE).write_bytes(bytes(raw))
    with pytest.raises(DataFileError):
        c3.load_course3("scenes", data_dir=tmp_path)
