"""Course 4's Happy House faces (rendered, read from data/) and the checked loader of trained weights."""
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from dlcourse import nn
from dlcourse.data import DataFileError, load_happy_dataset, load_happy_metadata, load_weights, make_happy_dataset, sha256_file
from dlcourse.data.happy import HAPPY_TEST_FILE, HAPPY_TRAIN_FILE, MOUTHS, SKIN_TONES, render_face

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(autouse=True)
def _no_data_env(monkeypatch):
    monkeypatch.delenv("DLCOURSE_DATA", raising=False)


@pytest.fixture(scope="module")
def happy():
    return load_happy_dataset()


def test_happy_has_the_original_shapes_and_balanced_classes(happy):
    x_tr, y_tr, x_te, y_te, classes = happy
    assert x_tr.shape == (600, 64, 64, 3) and x_tr.dtype == np.uint8
    assert x_te.shape == (150, 64, 64, 3) and x_te.dtype == np.uint8
    assert y_tr.shape == (1, 600) and y_te.shape == (1, 150) and y_tr.dtype == y_te.dtype == np.int64
    assert classes.tolist() == [0, 1]
    assert y_tr.sum() == 300 and y_te.sum() == 75
    assert x_tr.std() > 20


def test_happy_metadata_agrees_with_the_labels(happy):
    meta = load_happy_metadata()
    smiles = [name for name, _ in MOUTHS[1]]
    for split, y in (("train", happy[1]), ("test", happy[3])):
        m = meta[split]
        np.testing.assert_array_equal(np.isin(m["mouth"], smiles), y[0] == 1)
        # a smile raises the mouth's corners; nothing else does
        assert m["mouth_lift"][y[0] == 1].min() > 0.17 and m["mouth_lift"][y[0] == 0].max() < 0.031
        assert set(m["skin_tone"]) <= set(range(len(SKIN_TONES))) and m["center"].shape == (y.size, 2)
        assert np.all((m["radius"] >= 16) & (m["radius"] <= 19)) and np.all(np.abs(m["rotation"]) <= 11.5)
        # both classes have open mouths (teeth and a dark inside) and closed ones
        open_mouths = np.char.startswith(m["mouth"], "open") | np.isin(m["mouth"], ["grin", "surprised"])
        for label in (0, 1):
            assert 0.2 < open_mouths[y[0] == label].mean() < 0.8


def test_no_simple_pixel_statistic_gives_the_label(happy):
    x_tr, y_tr = happy[0].reshape(600, -1) / 255.0, happy[1][0]
    brightness = x_tr.mean(axis=1)
    corr = np.corrcoef(brightness, y_tr)[0, 1]
    assert abs(corr) < 0.15
    dark = (x_tr < 0.2).mean(axis=1)   # the dark inside of open mouths, hair, shadows
    assert abs(np.corrcoef(dark, y_tr)[0, 1]) < 0.2


def test_rendering_is_deterministic_and_matches_the_shipped_files(happy):
    label = int(happy[3][0, 5])
    a = render_face(np.random.default_rng([4, 1, 1, 5]), label)[0]
    b = render_face(np.random.default_rng([4, 1, 1, 5]), label)[0]
    assert np.array_equal(a, b)
    assert np.abs(a.astype(int) - happy[2][5]).max() <= 2  # another CPU's sin/cos may move a level


def test_make_happy_dataset_small_and_checked_arguments():
    d = make_happy_dataset(n_train=6, n_test=4, seed=3)
    assert d["train_set_x"].shape == (6, 64, 64, 3) and d["train_set_y"].sum() == 3
    assert d["test_set_mouth"].shape == (4,) and d["test_set_center"].shape == (4, 2)
    with pytest.raises(ValueError, match="n_train"):
        make_happy_dataset(n_train=0)
    with pytest.raises(ValueError, match="smiling"):
        render_face(np.random.default_rng(0), 2)
    with pytest.raises(ValueError, match="rng"):
        render_face(0, 1)


def test_manifest_vouches_for_the_happy_files():
    manifest = json.loads((DATA / "MANIFEST.json").read_text())
    for name in (HAPPY_TRAIN_FILE, HAPPY_TEST_FILE):
        assert manifest[name] == {"sha256": sha256_file(DATA / name), "size": (DATA / name).stat().st_size}
    assert manifest[HAPPY_TRAIN_FILE]["size"] + manifest[HAPPY_TEST_FILE]["size"] < 7_000_000


def test_a_damaged_happy_file_is_refused(tmp_path):
    for name in ("MANIFEST.json", HAPPY_TRAIN_FILE, HAPPY_TEST_FILE):
        shutil.copy(DATA / name, tmp_path / name)
    with open(tmp_path / HAPPY_TEST_FILE, "r+b") as f:
        f.seek(-5000, 2)
        f.write(b"\x55" * 10)
    with pytest.raises(DataFileError, match="checksum"):
        load_happy_dataset(data_dir=tmp_path)


# --- trained weights shipped in data/ --------------------------------------------------------------------

def _small_model(seed):
    g = np.random.default_rng(seed)
    return nn.Sequential(nn.Conv2d(3, 2, 3, rng=g), nn.BatchNorm2d(2), nn.ReLU(), nn.Flatten(), nn.Linear(8, 1, rng=g))


def _register(directory, name):
    manifest = {name: {"sha256": sha256_file(directory / name), "size": (directory / name).stat().st_size}}
    (directory / "MANIFEST.json").write_text(json.dumps(manifest))


def test_load_weights_checks_the_file_and_fills_the_model(tmp_path):
    trained = _small_model(1)
    trained.save(tmp_path / "w.h5")
    _register(tmp_path, "w.h5")
    fresh = _small_model(2)
    assert load_weights("w.h5", fresh, data_dir=tmp_path) == {}
    for (k, a), (_, b) in zip(trained.state_dict().items(), fresh.state_dict().items()):
        np.testing.assert_array_equal(a, b, err_msg=k)
    with pytest.raises(DataFileError, match="no dataset 'history'"):
        load_weights("w.h5", fresh, extra=["history"], data_dir=tmp_path)
    other = nn.Sequential(nn.Linear(3, 1, rng=0))
    with pytest.raises(ValueError, match=r"0.W has shape \(3, 3, 3, 2\) in the state but \(1, 3\)"):
        load_weights("w.h5", other, data_dir=tmp_path)
    with pytest.raises(DataFileError, match="no dataset '2.W'"):
        load_weights("w.h5", nn.Sequential(nn.ReLU(), nn.ReLU(), nn.Linear(3, 1, rng=0)), data_dir=tmp_path)
    with open(tmp_path / "w.h5", "r+b") as f:
        f.seek(-20, 2)
        f.write(b"\1" * 4)
    with pytest.raises(DataFileError, match="checksum"):
        load_weights("w.h5", fresh, data_dir=tmp_path)
