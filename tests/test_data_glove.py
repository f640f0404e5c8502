"""Course 5's GloVe 6B 50d vectors (data/glove_6b_50d_top.h5): content, the checked loader, its errors."""
import json
import shutil
from pathlib import Path

import h5py
import numpy as np
import pytest

from dlcourse.data import DataFileError, WordVectors, load_glove, sha256_file
from dlcourse.data.glove import GLOVE_FILE

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(autouse=True)
def _no_data_env(monkeypatch):
    monkeypatch.delenv("DLCOURSE_DATA", raising=False)


@pytest.fixture(scope="module")
def wv():
    return load_glove()


def _cos(u, v):
    return float(u @ v / np.linalg.norm(u) / np.linalg.norm(v))


def test_glove_vocabulary_and_vectors(wv):
    assert isinstance(wv, WordVectors) and len(wv) == 40008 and wv.dim == 50
    assert wv.vectors.dtype == np.float32 and wv.vectors.shape == (40008, 50)
    assert wv.words[:5] == ["the", ",", ".", "of", "to"]
    assert wv.word_to_index["the"] == 0 and "receptionist" in wv and "babysit" in wv
    assert np.allclose(wv["the"][:3], [0.418, 0.24968, -0.41242], atol=2e-4)  # glove.6B.50d.txt's first row
    assert load_glove(dtype=np.float64).vectors.dtype == np.float64


def test_glove_matches_the_original_course_numbers(wv):
    # the original notebook prints these from glove.6B.50d.txt (float32); float16 moves them by ~1e-4
    assert _cos(wv["father"], wv["mother"]) == pytest.approx(0.890903844289, abs=5e-4)
    assert _cos(wv["ball"], wv["crocodile"]) == pytest.approx(0.274392462614, abs=5e-4)
    assert _cos(wv["france"] - wv["paris"], wv["rome"] - wv["italy"]) == pytest.approx(-0.675147930817, abs=5e-4)


def test_word_lookup_errors(wv):
    with pytest.raises(KeyError, match="not in the vocabulary"):
        wv["qwertyuiopzz"]
    with pytest.raises(TypeError, match="word must be a str"):
        wv.vector(3)
    with pytest.raises(ValueError, match="dtype"):
        load_glove(dtype=np.int32)
    with pytest.raises(ValueError, match="vectors must be"):
        WordVectors(["a", "b"], np.zeros((3, 2)))
    with pytest.raises(ValueError, match="distinct"):
        WordVectors(["a", "a"], np.zeros((2, 2)))
    m = WordVectors(["a", "b"], np.eye(2)).word_to_vec_map()
    assert list(m) == ["a", "b"] and m["b"].tolist() == [0.0, 1.0]


def _copy(tmp_path, files=(GLOVE_FILE,)):
    for name in files + ("MANIFEST.json",):
        shutil.copy(DATA / name, tmp_path / name)
    return tmp_path


def test_missing_file_raises(tmp_path):
    shutil.copy(DATA / "MANIFEST.json", tmp_path / "MANIFEST.json")
    with pytest.raises(DataFileError, match="missing"):
        load_glove(data_dir=tmp_path)


def test_corrupt_file_raises(tmp_path):
    d = _copy(tmp_path)
    raw = bytearray((d / GLOVE_FILE).read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    (d / GLOVE_FILE).write_bytes(bytes(raw))
    with pytest.raises(DataFileError, match="checksum"):
        load_glove(data_dir=d)
    (d / GLOVE_FILE).write_bytes(bytes(raw[:1000]))
    with pytest.raises(DataFileError, match="truncated"):
        load_glove(data_dir=d)


def _rewrite(d, **changes):
    """Rewrite the file with some datasets changed and register it, as a hand-edited copy would be."""
    path = d / GLOVE_FILE
    with h5py.File(path, "r") as f:
        arrays = {k: f[k][()] for k in f}
    arrays.update(changes)
    with h5py.File(path, "w") as f:
        for k, v in arrays.items():
            f.create_dataset(k, data=v)
    manifest = json.loads((d / "MANIFEST.json").read_text())
    manifest[GLOVE_FILE] = {"sha256": sha256_file(path), "size": path.stat().st_size}
    (d / "MANIFEST.json").write_text(json.dumps(manifest))


@pytest.mark.parametrize("what, match", [
    ("float32", "float16"), ("zero_row", "all-zero"), ("dup_word", "distinct"), ("bad_utf8", "UTF-8")])
def test_registered_but_wrong_content_raises(tmp_path, what, match):
    d = _copy(tmp_path)
    with h5py.File(DATA / GLOVE_FILE, "r") as f:
        vec, words = f["vectors"][()], f["words"][()]
    if what == "float32":
        _rewrite(d, vectors=vec.astype(np.float32))
    elif what == "zero_row":
        vec[7] = 0
        _rewrite(d, vectors=vec)
    elif what == "dup_word":
        text = words.tobytes().decode().split("\n")
        text[1] = text[0]
        _rewrite(d, words=np.frombuffer("\n".join(text).encode(), dtype=np.uint8))
    else:
        words[0] = 0xFF
        _rewrite(d, words=words)
    with pytest.raises(DataFileError, match=match):
        load_glove(data_dir=d)
