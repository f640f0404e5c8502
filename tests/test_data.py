"""dlcourse.data: the shipped cat set, its checksummed loader, and the deterministic generators."""
import json
import shutil
from pathlib import Path

import h5py
import numpy as np
import pytest

from dlcourse.data import (
    EXTRA_DATASETS,
    DataFileError,
    data_dir,
    load_cat_dataset,
    load_cat_metadata,
    load_extra_datasets,
    load_h5,
    load_planar_dataset,
    make_cat_dataset,
    render_image,
    sha256_file,
)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
TRAIN, TEST = "train_catvnoncat.h5", "test_catvnoncat.h5"


@pytest.fixture(autouse=True)
def _no_data_env(monkeypatch):
    monkeypatch.delenv("DLCOURSE_DATA", raising=False)


@pytest.fixture(scope="module")
def cat_set():
    return load_cat_dataset()


@pytest.fixture
def data_copy(tmp_path):
    """A private copy of the shipped files, safe to damage."""
    for name in (TRAIN, TEST, "MANIFEST.json"):
        shutil.copy(DATA / name, tmp_path / name)
    return tmp_path


def _write_h5(path, arrays):
    with h5py.File(path, "w") as f:
        for k, v in arrays.items():
            f.create_dataset(k, data=v)


def _register(directory, filename):
    """Make MANIFEST.json in ``directory`` vouch for the current bytes of ``filename``."""
    manifest_path = directory / "MANIFEST.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    path = directory / filename
    manifest[filename] = {"sha256": sha256_file(path), "size": path.stat().st_size}
    manifest_path.write_text(json.dumps(manifest))


# --- the shipped cat set -------------------------------------------------------------------------------

def test_cat_set_shapes_dtypes_and_classes(cat_set):
    train_x, train_y, test_x, test_y, classes = cat_set
    assert train_x.shape == (209, 64, 64, 3) and train_x.dtype == np.uint8
    assert test_x.shape == (50, 64, 64, 3) and test_x.dtype == np.uint8
    assert train_y.shape == (1, 209) and train_y.dtype == np.int64
    assert test_y.shape == (1, 50) and test_y.dtype == np.int64
    assert classes.dtype.kind == "U" and classes.tolist() == ["non-cat", "cat"]
    assert classes[train_y[0, 0]] in ("non-cat", "cat")


def test_cat_set_label_balance_matches_the_original(cat_set):
    _, train_y, _, test_y, _ = cat_set
    assert set(np.unique(train_y)) == {0, 1} and set(np.unique(test_y)) == {0, 1}
    assert int(train_y.sum()) == 72 and int(test_y.sum()) == 33


def test_cat_images_are_pictures_not_noise(cat_set):
    train_x = cat_set[0].astype(float)
    # every image uses a real range of values, and neighbouring pixels are strongly correlated
    assert np.all(train_x.reshape(209, -1).std(axis=1) > 5)
    neighbours = np.abs(np.diff(train_x, axis=2)).mean()
    perm = np.random.default_rng(0).permutation(64)
    shuffled = np.abs(train_x - train_x[:, :, perm, :]).mean()
    assert neighbours < 0.5 * shuffled  # about 0.26 for the shipped set, about 1 for noise
    # no two images are identical
    assert len({img.tobytes() for img in cat_set[0]}) == 209


def test_metadata_agrees_with_labels(cat_set):
    meta = load_cat_metadata()
    for split, y in (("train", cat_set[1]), ("test", cat_set[3])):
        kinds = meta[f"{split}_kind"]
        assert kinds.shape == (y.shape[1],)
        assert np.array_equal(np.char.startswith(kinds, "cat/"), y[0] == 1)
        assert set(np.char.partition(kinds, "/")[:, 0]) - {"cat"} <= set(
            ["dog", "teddy_bear", "lion", "tiger", "rabbit", "bird", "owl", "fish", "car", "house", "tree",
             "ball", "flower", "mug", "fruit", "cushion", "clock", "lamp", "chair", "landscape"])
    tags = set(",".join(np.r_[meta["train_tags"], meta["test_tags"]]).split(",")) - {""}
    assert tags and tags <= {"small", "occluded", "blurry", "low_contrast", "dark"}


def test_manifest_lists_the_shipped_files():
    manifest = json.loads((DATA / "MANIFEST.json").read_text())
    assert {TRAIN, TEST} <= set(manifest)
    shipped = {p.name for p in DATA.glob("*.h5")} | {p.name for p in DATA.glob("*.txt")}  # names.txt (Course 5)
    assert set(manifest) == shipped  # every shipped file is checked
    for name, entry in manifest.items():
        assert entry == {"sha256": sha256_file(DATA / name), "size": (DATA / name).stat().st_size}
    # Courses 1-2 ship about 11.6 MB; Course 3 adds its picture pool (5.8 MB), street scenes (9.4 MB) and
    # web / app pictures (10.8 MB), Course 4 a Happy House set and small weights: keep the repository light
    assert sum(e["size"] for e in manifest.values()) < 50_000_000


def test_shipped_files_are_what_the_generator_makes(cat_set):
    d = make_cat_dataset()
    train_x, train_y, test_x, test_y, _ = cat_set
    assert np.array_equal(d["train_set_x"], train_x) and np.array_equal(d["train_set_y"], train_y)
    assert np.array_equal(d["test_set_x"], test_x) and np.array_equal(d["test_set_y"], test_y)


# --- the generator -------------------------------------------------------------------------------------

def test_make_cat_dataset_is_deterministic_and_seeded():
    a = make_cat_dataset(n_train=6, n_test=4, seed=3)
    b = make_cat_dataset(n_train=6, n_test=4, seed=3)
    c = make_cat_dataset(n_train=6, n_test=4, seed=4)
    for key in ("train_set_x", "train_set_y", "test_set_x", "test_set_y", "train_set_kind", "test_set_tags"):
        assert np.array_equal(a[key], b[key]), key
    assert not np.array_equal(a["train_set_x"], c["train_set_x"])
    assert a["train_set_x"].shape == (6, 64, 64, 3) and a["train_set_x"].dtype == np.uint8
    assert a["train_set_y"].shape == (1, 6) and a["train_set_y"].dtype == np.int64
    assert a["list_classes"].tolist() == [b"non-cat", b"cat"]
    # about a third of the training pictures and two thirds of the test pictures are cats
    assert int(a["train_set_y"].sum()) == 2 and int(a["test_set_y"].sum()) == 3


def test_render_image_draws_the_requested_class():
    rng = np.random.default_rng(0)
    img, kind, tags = render_image(rng, True)
    assert img.shape == (64, 64, 3) and img.dtype == np.uint8 and kind.startswith("cat/")
    img, kind, tags = render_image(rng, False)
    assert not kind.startswith("cat") and isinstance(tags, list)


@pytest.mark.parametrize("kwargs", [
    {"n_train": 0}, {"n_train": -3}, {"n_train": 2.5}, {"n_test": "50"}, {"n_test": True}, {"seed": -1},
    {"seed": 1.0},
])
def test_make_cat_dataset_rejects_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        make_cat_dataset(**{"n_train": 2, "n_test": 2, **kwargs})


def test_render_image_needs_a_generator():
    with pytest.raises(ValueError, match="Generator"):
        render_image(42, True)


# --- the checked loader --------------------------------------------------------------------------------

def test_data_dir_defaults_to_the_repository_folder():
    assert data_dir().resolve() == DATA.resolve()


def test_data_dir_follows_the_environment_variable(monkeypatch, data_copy):
    monkeypatch.setenv("DLCOURSE_DATA", str(data_copy))
    assert data_dir() == data_copy
    assert load_cat_dataset()[0].shape == (209, 64, 64, 3)
    monkeypatch.setenv("DLCOURSE_DATA", str(data_copy / "nowhere"))
    with pytest.raises(DataFileError, match="DLCOURSE_DATA"):
        data_dir()


def test_load_h5_reads_the_requested_keys(data_copy):
    d = load_h5(TEST, ["test_set_y", "list_classes"], data_dir=data_copy)
    assert set(d) == {"test_set_y", "list_classes"} and d["test_set_y"].shape == (50,)


def test_missing_file_raises(data_copy):
    (data_copy / TRAIN).unlink()
    with pytest.raises(DataFileError, match="missing"):
        load_cat_dataset(data_dir=data_copy)


def test_corrupted_file_raises(data_copy):
    path = data_copy / TRAIN
    raw = bytearray(path.read_bytes())
    for i in range(len(raw) // 2, len(raw) // 2 + 16):
        raw[i] ^= 0xFF
    path.write_bytes(bytes(raw))
    with pytest.raises(DataFileError, match="checksum"):
        load_cat_dataset(data_dir=data_copy)


def test_truncated_file_raises(data_copy):
    path = data_copy / TEST
    path.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(DataFileError, match="bytes"):
        load_cat_dataset(data_dir=data_copy)


def test_valid_but_different_file_fails_the_checksum(data_copy):
    # a perfectly readable h5 file with the right keys, but not the one the manifest vouches for
    d = load_h5(TEST, ["test_set_x", "test_set_y", "list_classes"], data_dir=data_copy)
    d["test_set_y"] = 1 - d["test_set_y"]
    _write_h5(data_copy / TEST, d)
    with pytest.raises(DataFileError, match="checksum|bytes"):
        load_cat_dataset(data_dir=data_copy)


def test_missing_manifest_or_entry_raises(data_copy):
    manifest = json.loads((data_copy / "MANIFEST.json").read_text())
    del manifest[TEST]
    (data_copy / "MANIFEST.json").write_text(json.dumps(manifest))
    with pytest.raises(DataFileError, match="no valid entry"):
        load_cat_dataset(data_dir=data_copy)
    (data_copy / "MANIFEST.json").write_text("{not json")
    with pytest.raises(DataFileError, match="JSON"):
        load_cat_dataset(data_dir=data_copy)
    (data_copy / "MANIFEST.json").unlink()
    with pytest.raises(DataFileError, match="MANIFEST"):
        load_cat_dataset(data_dir=data_copy)


def test_unreadable_h5_raises(data_copy):
    (data_copy / TEST).write_bytes(b"this is not an HDF5 file" * 100)
    _register(data_copy, TEST)  # the checksum matches, so the h5 reader is what fails
    with pytest.raises(DataFileError, match="not a readable HDF5"):
        load_cat_dataset(data_dir=data_copy)


def test_missing_key_raises(data_copy):
    d = load_h5(TEST, ["test_set_x", "test_set_y"], data_dir=data_copy)
    _write_h5(data_copy / TEST, d)  # no list_classes
    _register(data_copy, TEST)
    with pytest.raises(DataFileError, match="list_classes"):
        load_cat_dataset(data_dir=data_copy)


@pytest.mark.parametrize("damage, match", [
    (lambda d: d.update(test_set_x=d["test_set_x"][:, :32]), "shape"),
    (lambda d: d.update(test_set_x=d["test_set_x"].astype(np.float32)), "uint8"),
    (lambda d: d.update(test_set_y=d["test_set_y"][:10]), "test_set_y"),
    (lambda d: d.update(test_set_y=d["test_set_y"] * 2), "0/1"),
    (lambda d: d.update(list_classes=np.array([b"cat"])), "list_classes"),
])
def test_wrong_shape_or_dtype_raises(data_copy, damage, match):
    d = load_h5(TEST, ["test_set_x", "test_set_y", "list_classes"], data_dir=data_copy)
    damage(d)
    _write_h5(data_copy / TEST, d)
    _register(data_copy, TEST)
    with pytest.raises(DataFileError, match=match):
        load_cat_dataset(data_dir=data_copy)


@pytest.mark.parametrize("filename, keys, directory", [
    ("train_catvnoncat.h5", "train_set_x", None),
    ("train_catvnoncat.h5", [], None),
    ("train_catvnoncat.h5", ["train_set_x", 3], None),
    ("data/train_catvnoncat.h5", ["train_set_x"], None),
    ("", ["train_set_x"], None),
    ("train_catvnoncat.h5", ["train_set_x"], 123),
])
def test_load_h5_rejects_bad_arguments(filename, keys, directory):
    with pytest.raises(ValueError):
        load_h5(filename, keys, data_dir=directory)


def test_data_dir_argument_must_exist(tmp_path):
    with pytest.raises(DataFileError, match="not a folder"):
        load_cat_dataset(data_dir=tmp_path / "absent")


# --- planar data sets ----------------------------------------------------------------------------------

def test_planar_dataset_is_the_flower():
    X, Y = load_planar_dataset()
    assert X.shape == (2, 400) and X.dtype == np.float64
    assert Y.shape == (1, 400) and Y.dtype == np.int64
    assert np.array_equal(Y[0], np.r_[np.zeros(200), np.ones(200)])
    r = np.hypot(X[0], X[1])
    assert r.max() < 5.0 and np.median(r) > 1.5  # petals of radius about 4
    # the two classes share the same region (not separable by a line through the middle)
    for c in (0, 1):
        assert np.all(np.abs(X[:, Y[0] == c].mean(axis=1)) < 1.0)


def test_planar_dataset_is_deterministic():
    X1, Y1 = load_planar_dataset()
    X2, Y2 = load_planar_dataset()
    X3, _ = load_planar_dataset(seed=2)
    assert np.array_equal(X1, X2) and np.array_equal(Y1, Y2) and not np.allclose(X1, X3)
    X, Y = load_planar_dataset(m=7)
    assert X.shape == (2, 7) and Y.tolist() == [[0, 0, 0, 1, 1, 1, 1]]


def test_extra_datasets_shapes_and_determinism():
    a, b = load_extra_datasets(), load_extra_datasets()
    c = load_extra_datasets(seed=4)
    assert tuple(a) == EXTRA_DATASETS == ("noisy_circles", "noisy_moons", "blobs", "gaussian_quantiles")
    for name in EXTRA_DATASETS:
        X, Y = a[name]
        assert X.shape == (2, 200) and X.dtype == np.float64, name
        assert Y.shape == (1, 200) and Y.dtype == np.int64, name
        assert set(np.unique(Y)) == {0, 1}, name
        assert np.array_equal(X, b[name][0]) and np.array_equal(Y, b[name][1]), name
        assert not np.allclose(X, c[name][0]), name
    X, Y = load_extra_datasets(m=31)["noisy_moons"]
    assert X.shape == (2, 31) and Y.shape == (1, 31)


def test_extra_datasets_have_their_geometry():
    d = load_extra_datasets(m=2000)
    X, Y = d["noisy_circles"]
    r = np.hypot(*X)
    assert r[Y[0] == 1].mean() < r[Y[0] == 0].mean() - 0.3  # inner circle is class 1
    X, Y = d["gaussian_quantiles"]
    r = np.hypot(*X)
    assert r[Y[0] == 1].min() >= r[Y[0] == 0].max() and Y.sum() == 1000
    X, Y = d["noisy_moons"]
    assert X[1, Y[0] == 0].mean() > X[1, Y[0] == 1].mean() + 0.5  # the upper moon is class 0
    X, Y = d["blobs"]
    assert np.abs(X).max() < 16 and 900 <= Y.sum() <= 1100


@pytest.mark.parametrize("bad", [0, 1, -5, 2.5, "400", True, None])
def test_planar_loaders_reject_bad_m(bad):
    with pytest.raises(ValueError, match="m "):
        load_planar_dataset(m=bad)
    with pytest.raises(ValueError, match="m "):
        load_extra_datasets(m=bad)


@pytest.mark.parametrize("bad", [-1, 1.5, "1", None])
def test_planar_loaders_reject_bad_seed(bad):
    with pytest.raises(ValueError, match="seed"):
        load_planar_dataset(seed=bad)
    with pytest.raises(ValueError, match="seed"):
        load_extra_datasets(seed=bad)


# --- damage the checksum cannot see (issue 5): every failure is a DataFileError naming the file -----------

def test_unreadable_file_is_a_data_file_error(data_copy, monkeypatch):
    # root can read a chmod 000 file, so simulate the PermissionError an ordinary user gets
    real_open = open

    def deny(path, *args, **kwargs):
        if str(path).endswith(TRAIN):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", deny)
    with pytest.raises(DataFileError, match=rf"cannot read .*{TRAIN}.*PermissionError.*chmod a\+r.*build_datasets"):
        load_cat_dataset(data_dir=data_copy)


def test_unreadable_manifest_is_a_data_file_error(data_copy, monkeypatch):
    real_read_text = Path.read_text

    def deny(self, *args, **kwargs):
        if self.name == "MANIFEST.json":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", deny)
    with pytest.raises(DataFileError, match="cannot read .*MANIFEST.json"):
        load_cat_dataset(data_dir=data_copy)


def test_images_never_written_registered_again_are_refused(data_copy):
    # a dataset whose data never reached the file reads back as its fill value, zeros, without any error
    d = load_h5(TEST, ["test_set_x", "test_set_y", "list_classes"], data_dir=data_copy)
    with h5py.File(data_copy / TEST, "w") as f:
        f.create_dataset("test_set_x", shape=d["test_set_x"].shape, dtype=np.uint8)  # allocated, not written
        f.create_dataset("test_set_y", data=d["test_set_y"])
        f.create_dataset("list_classes", data=d["list_classes"])
    _register(data_copy, TEST)
    with h5py.File(data_copy / TEST, "r") as f:
        assert not f["test_set_x"][()].any()  # h5py itself is happy to return all zeros
    with pytest.raises(DataFileError, match=rf"{TEST}: test_set_x holds 50 blank .*build_datasets"):
        load_cat_dataset(data_dir=data_copy)


def test_zeroed_chunks_registered_again_are_refused(data_copy):
    path = data_copy / TEST
    with h5py.File(path, "r") as f:
        dsid = f["test_set_x"].id
        spans = [(c.byte_offset, c.size) for c in (dsid.get_chunk_info(i) for i in range(dsid.get_num_chunks()))] \
            if dsid.get_offset() is None else [(dsid.get_offset(), dsid.get_storage_size())]
    raw = bytearray(path.read_bytes())
    for offset, size in spans:
        raw[offset:offset + size] = bytes(size)
    path.write_bytes(bytes(raw))
    _register(data_copy, TEST)
    with pytest.raises(DataFileError, match=TEST):  # unreadable (compressed chunks) or blank (raw storage)
        load_cat_dataset(data_dir=data_copy)


@pytest.mark.parametrize("damage, match", [
    (lambda d: d["test_set_x"].__setitem__(7, 0), "blank"),
    (lambda d: d["test_set_x"].__setitem__(9, d["test_set_x"][3]), "pictures 3 and 9 are identical"),
    (lambda d: d.update(test_set_x=d["test_set_x"][:40], test_set_y=d["test_set_y"][:40]), r"\(50, 64, 64, 3\)"),
    (lambda d: d.update(test_set_y=np.zeros_like(d["test_set_y"])), "both classes"),
    (lambda d: d.update(list_classes=np.array([b"cat", b"non-cat"])), "class names"),
])
def test_registered_but_wrong_content_is_refused(data_copy, damage, match):
    d = load_h5(TEST, ["test_set_x", "test_set_y", "list_classes"], data_dir=data_copy)
    damage(d)
    _write_h5(data_copy / TEST, d)
    _register(data_copy, TEST)
    with pytest.raises(DataFileError, match=match) as err:
        load_cat_dataset(data_dir=data_copy)
    assert TEST in str(err.value) and "build_datasets.py" in str(err.value)


def test_metadata_that_disagrees_with_the_labels_is_refused(data_copy):
    keys = ["test_set_x", "test_set_y", "list_classes", "test_set_kind", "test_set_tags"]
    d = load_h5(TEST, keys, data_dir=data_copy)
    d["test_set_kind"] = d["test_set_kind"][::-1].copy()
    _write_h5(data_copy / TEST, d)
    _register(data_copy, TEST)
    with pytest.raises(DataFileError, match="test_set_kind disagrees with test_set_y"):
        load_cat_metadata(data_dir=data_copy)


def test_truncated_file_registered_again_is_refused(data_copy):
    path = data_copy / TRAIN
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    _register(data_copy, TRAIN)
    with pytest.raises(DataFileError, match=TRAIN):
        load_cat_dataset(data_dir=data_copy)
