"""Course 5's names (data/names.txt, first names of the 1990 US Census) and their checked loader."""
import json
import shutil
from pathlib import Path

import pytest

from dlcourse.data import DataFileError, load_names, load_names_text, sha256_file
from dlcourse.data.names import NAMES_COUNT, NAMES_FILE

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(autouse=True)
def _no_data_env(monkeypatch):
    monkeypatch.delenv("DLCOURSE_DATA", raising=False)


def test_names_are_lowercase_sorted_and_distinct():
    names = load_names()
    assert len(names) == NAMES_COUNT == 5163
    assert names == sorted(set(names)) and names[:3] == ["aaron", "abbey", "abbie"]
    assert set("".join(names)) == set("abcdefghijklmnopqrstuvwxyz")  # vocabulary: 26 letters + "\n" = 27
    assert {"mary", "james", "linda", "robert"} <= set(names)
    assert load_names_text() == "\n".join(names) + "\n"


def _copy(tmp_path, text: bytes, register: bool) -> Path:
    (tmp_path / NAMES_FILE).write_bytes(text)
    manifest = json.loads((DATA / "MANIFEST.json").read_text())
    if register:  # the manifest matches the damaged file: only the content checks can catch it
        manifest[NAMES_FILE] = {"sha256": sha256_file(tmp_path / NAMES_FILE), "size": len(text)}
    (tmp_path / "MANIFEST.json").write_text(json.dumps(manifest))
    return tmp_path


def test_missing_file_raises_data_file_error(tmp_path):
    shutil.copy(DATA / "MANIFEST.json", tmp_path)
    with pytest.raises(DataFileError, match="missing"):
        load_names(tmp_path)


def test_corrupt_or_truncated_file_fails_its_checksum(tmp_path):
    good = (DATA / NAMES_FILE).read_bytes()
    with pytest.raises(DataFileError, match="bytes but"):
        load_names(_copy(tmp_path, good[:-10], register=False))
    damaged = good.replace(b"mary\n", b"marx\n")
    with pytest.raises(DataFileError, match="checksum"):
        load_names(_copy(tmp_path, damaged, register=False))


def test_missing_manifest_entry(tmp_path):
    (tmp_path / NAMES_FILE).write_bytes((DATA / NAMES_FILE).read_bytes())
    (tmp_path / "MANIFEST.json").write_text("{}")
    with pytest.raises(DataFileError, match="no valid entry"):
        load_names(tmp_path)


@pytest.mark.parametrize("text, match", [
    (b"aaron\nAbbey\n", "lowercase"),
    (b"aaron\nab bey\n", "lowercase"),
    (b"aaron\nabbey", "lowercase"),
    (b"aaron\n\xe9mile\n", "ASCII"),
    (b"abbey\naaron\n", "distinct names in sorted order"),
])
def test_malformed_content_is_refused_even_with_a_matching_checksum(tmp_path, text, match):
    with pytest.raises(DataFileError, match=match):
        load_names(_copy(tmp_path, text, register=True))


def test_bad_data_dir_argument():
    with pytest.raises(ValueError, match="data_dir"):
        load_names(42)
