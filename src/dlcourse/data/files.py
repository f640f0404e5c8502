"""Checksummed h5 loaders for the data sets shipped in the repository's ``data/`` folder.

Every file is listed in ``data/MANIFEST.json`` (``{filename: {"sha256": ..., "size": ...}}``) and its
sha256 is verified before it is read, so a truncated download, a file modified by hand or a stale copy
raises :class:`DataFileError` with a hint instead of silently giving wrong data. A checksum only proves the
bytes are the registered ones, so the loaders also check what they read: dataset names, shapes, dtypes and
content (0/1 labels with both classes, no blank or duplicated picture). Every failure, an unreadable file
included, is a :class:`DataFileError` naming the file and how to restore it.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Sequence

import numpy as np

__all__ = ["DataFileError", "data_dir", "load_h5", "checked_path", "load_weights", "sha256_file", "load_cat_dataset",
           "load_cat_metadata", "MANIFEST_NAME", "CAT_TRAIN_FILE", "CAT_TEST_FILE", "CAT_SIZES"]

MANIFEST_NAME = "MANIFEST.json"
CAT_TRAIN_FILE = "train_catvnoncat.h5"
CAT_TEST_FILE = "test_catvnoncat.h5"
_REBUILD_HINT = ("restore it with `git checkout -- data/` or rebuild it with "
                 "`.venv/bin/python data/build_datasets.py`")


class DataFileError(RuntimeError):
    """A data file is missing, corrupt, modified, unreadable or does not hold what it should."""


def data_dir() -> Path:
    """The folder holding the data sets: ``$DLCOURSE_DATA`` if set, else the repository's ``data/``."""
    env = os.environ.get("DLCOURSE_DATA")
    if env:
        path = Path(env).expanduser()
        if not path.is_dir():
            raise DataFileError(f"DLCOURSE_DATA is set to {env!r}, which is not a folder; point it at a "
                                f"copy of the repository's data/ folder or unset it")
        return path
    path = Path(__file__).resolve().parents[3] / "data"  # src/dlcourse/data/files.py -> <repo>/data
    if not path.is_dir():
        raise DataFileError(f"the data folder {path} does not exist: dlcourse looks for the repository's "
                            f"data/ folder next to src/; install dlcourse from a checkout with "
                            f"`pip install -e .`, or set DLCOURSE_DATA to a folder holding the data files")
    return path


def _resolve_dir(directory) -> Path:
    if directory is None:
        return data_dir()
    if not isinstance(directory, (str, os.PathLike)):
        raise ValueError(f"data_dir must be a path (str or pathlib.Path) or None, got {type(directory).__name__}")
    path = Path(directory)
    if not path.is_dir():
        raise DataFileError(f"data_dir {str(path)!r} is not a folder")
    return path


def sha256_file(path) -> str:
    """Hex sha256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _manifest_entry(directory: Path, filename: str) -> dict:
    manifest = directory / MANIFEST_NAME
    if not manifest.is_file():
        raise DataFileError(f"{manifest} is missing: every data file is checked against it; {_REBUILD_HINT}")
    try:
        text = manifest.read_text()
    except OSError as err:
        raise _unreadable(manifest, err) from err
    try:
        entries = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise DataFileError(f"{manifest} is not valid JSON ({err}); {_REBUILD_HINT}") from err
    entry = entries.get(filename) if isinstance(entries, dict) else None
    if not (isinstance(entry, dict) and isinstance(entry.get("sha256"), str)
            and isinstance(entry.get("size"), int)):
        raise DataFileError(f"{manifest} has no valid entry for {filename!r} (expected "
                            f'{{"sha256": <hex>, "size": <bytes>}}); {_REBUILD_HINT}')
    return entry


def _unreadable(path: Path, err: OSError) -> DataFileError:
    return DataFileError(f"cannot read {path} ({type(err).__name__}: {err}); check that the file is readable "
                         f"(`chmod a+r {path}`) or {_REBUILD_HINT}")


def _verify(path: Path, entry: dict) -> None:
    try:
        size = path.stat().st_size
        digest = sha256_file(path) if size == entry["size"] else None
    except OSError as err:  # PermissionError, a file removed meanwhile, an I/O error ...
        raise _unreadable(path, err) from err
    if size != entry["size"]:
        raise DataFileError(f"{path} has {size} bytes but {MANIFEST_NAME} says {entry['size']}: the file is "
                            f"truncated, corrupt or was modified; {_REBUILD_HINT}")
    if digest != entry["sha256"]:
        raise DataFileError(f"{path} fails its checksum (sha256 {digest[:16]}..., expected "
                            f"{entry['sha256'][:16]}... from {MANIFEST_NAME}): the file is corrupt or was "
                            f"modified; {_REBUILD_HINT}")


def checked_path(filename: str, data_dir=None) -> Path:
    """The path of the data file ``filename`` after checking it against ``MANIFEST.json`` (size and sha256),
    for files read by another reader, such as weights loaded with ``dlcourse.nn.Module.load``.
    Raises :class:`DataFileError` as :func:`load_h5` does."""
    if not isinstance(filename, str) or not filename or Path(filename).name != filename:
        raise ValueError(f"filename must be a bare file name such as 'c4_resnet_signs.h5', got {filename!r}")
    directory = _resolve_dir(data_dir)
    path = directory / filename
    if not path.is_file():
        raise DataFileError(f"data file {path} is missing; {_REBUILD_HINT} (or set DLCOURSE_DATA to a folder "
                            f"that holds it)")
    _verify(path, _manifest_entry(directory, filename))
    return path


def split_file_arrays(d: dict, split: str, meta_fields: Sequence[str]) -> dict:
    """The arrays of one split's h5 file of a rendered picture set (hand signs, Happy House): pictures, labels
    (m,) int64 like the original files, the class list, and the metadata fields, strings as bytes."""
    out = {f"{split}_set_x": d[f"{split}_set_x"], f"{split}_set_y": d[f"{split}_set_y"].reshape(-1),
           "list_classes": d["list_classes"]}
    for k in meta_fields:
        v = d[f"{split}_set_{k}"]
        out[f"{split}_set_{k}"] = v.astype("S") if v.dtype.kind == "U" else v
    return out


def load_h5(filename: str, keys: Sequence[str], data_dir=None) -> dict:
    """Read the datasets ``keys`` of the h5 file ``filename`` into numpy arrays, after checking its sha256.

    ``data_dir``: the folder holding ``filename`` and ``MANIFEST.json`` (default: :func:`data_dir`).
    Raises :class:`DataFileError` if the file is missing, fails its checksum, is not a readable HDF5 file
    or lacks one of ``keys``; ``ValueError`` for malformed arguments.
    """
    if not isinstance(filename, str) or not filename or Path(filename).name != filename:
        raise ValueError(f"filename must be a bare file name such as 'train_catvnoncat.h5', got {filename!r}")
    if isinstance(keys, (str, bytes)) or not isinstance(keys, (list, tuple)) or not keys \
            or not all(isinstance(k, str) and k for k in keys):
        raise ValueError(f"keys must be a non-empty list of dataset names such as ['train_set_x'], got {keys!r}")
    directory = _resolve_dir(data_dir)
    path = directory / filename
    if not path.is_file():
        raise DataFileError(f"data file {path} is missing; {_REBUILD_HINT} (or set DLCOURSE_DATA to a folder "
                            f"that holds it)")
    _verify(path, _manifest_entry(directory, filename))
    import h5py

    try:
        with h5py.File(path, "r") as f:
            missing = [k for k in keys if not isinstance(f.get(k), h5py.Dataset)]
            if missing:
                raise DataFileError(f"{path} has no dataset {missing[0]!r} (it holds {sorted(f.keys())}); "
                                    f"{_REBUILD_HINT}")
            return {k: np.asarray(f[k][()]) for k in keys}
    except DataFileError:
        raise
    except (OSError, RuntimeError, ValueError, KeyError, TypeError) as err:  # h5py's errors on a damaged file
        raise DataFileError(f"{path} is not a readable HDF5 file ({type(err).__name__}: {err}); "
                            f"{_REBUILD_HINT}") from err


def _check_array(where: str, name: str, arr: np.ndarray, dtype, shape) -> np.ndarray:
    if arr.dtype != dtype or arr.ndim != len(shape) or any(w is not None and w != g for w, g in zip(shape, arr.shape)):
        want = "(" + ", ".join("m" if w is None else str(w) for w in shape) + ")"
        raise DataFileError(f"{where}: {name} should be a {np.dtype(dtype)} array of shape {want}, "
                            f"got {arr.dtype} {arr.shape}; {_REBUILD_HINT}")
    return arr


#: The number of pictures in each split of the cat set (the original course's 209 / 50).
CAT_SIZES = {"train": 209, "test": 50}
CAT_CLASSES = (b"non-cat", b"cat")


def _where(directory, filename: str) -> str:
    return str(_resolve_dir(directory) / filename)


def _check_images(where: str, name: str, x: np.ndarray) -> None:
    """Refuse blank (constant, e.g. all-zero) or duplicated pictures.

    A damaged HDF5 file can still open and read, returning its fill value (zeros) for data it
    lost; the checksum cannot catch that when the manifest was re-registered over the damage.
    """
    flat = x.reshape(x.shape[0], -1)
    blank = np.flatnonzero(flat.min(axis=1) == flat.max(axis=1))
    if blank.size:
        raise DataFileError(f"{where}: {name} holds {blank.size} blank (constant) pictures, the first at index "
                            f"{blank[0]}: the file is damaged; {_REBUILD_HINT}")
    seen: dict = {}
    for i, row in enumerate(flat):
        j = seen.setdefault(row.tobytes(), i)
        if j != i:
            raise DataFileError(f"{where}: {name} pictures {j} and {i} are identical: the file is damaged or "
                                f"was not made by data/build_datasets.py; {_REBUILD_HINT}")


def _load_cat_split(split: str, directory) -> tuple:
    filename = CAT_TRAIN_FILE if split == "train" else CAT_TEST_FILE
    keys = [f"{split}_set_x", f"{split}_set_y", "list_classes"]
    d = load_h5(filename, keys, directory)
    where = _where(directory, filename)
    m = CAT_SIZES[split]
    x = _check_array(where, keys[0], d[keys[0]], np.uint8, (m, 64, 64, 3))
    y = d[keys[1]]
    if y.shape == (1, m):
        y = y.reshape(m)
    y = _check_array(where, keys[1], y, np.int64, (m,))
    if not np.all((y == 0) | (y == 1)) or np.unique(y).size != 2:
        raise DataFileError(f"{where}: {keys[1]} must hold 0/1 labels with both classes present, "
                            f"found {np.unique(y)[:6]}; {_REBUILD_HINT}")
    _check_images(where, keys[0], x)
    classes = d["list_classes"]
    if classes.dtype.kind != "S" or classes.shape != (2,) or tuple(classes) != CAT_CLASSES:
        raise DataFileError(f"{where}: list_classes should hold the 2 class names {list(CAT_CLASSES)}, got "
                            f"{classes.dtype} {classes.shape} {classes.tolist()[:4]}; {_REBUILD_HINT}")
    return x, y.reshape(1, m), np.array([c.decode("ascii") for c in classes])


def load_cat_dataset(data_dir=None):
    """The cat / non-cat images, as the original course's ``load_dataset()`` returns them.

    Returns ``(train_x, train_y, test_x, test_y, classes)``: ``train_x`` uint8 (209, 64, 64, 3),
    ``train_y`` int64 (1, 209) with 1 = cat, ``test_x`` uint8 (50, 64, 64, 3), ``test_y`` int64 (1, 50)
    and ``classes`` ``array(['non-cat', 'cat'])``. The pictures are rendered (see ``data/README.md``).
    """
    train_x, train_y, train_classes = _load_cat_split("train", data_dir)
    test_x, test_y, test_classes = _load_cat_split("test", data_dir)
    if list(train_classes) != list(test_classes):
        raise DataFileError(f"the train and test files disagree on the class names: {list(train_classes)} vs "
                            f"{list(test_classes)}; {_REBUILD_HINT}")
    return train_x, train_y, test_x, test_y, train_classes


def load_cat_metadata(data_dir=None) -> dict:
    """What each cat-set picture shows, for error analysis.

    Returns ``{"train_kind", "train_tags", "test_kind", "test_tags"}``, arrays of str aligned with the images:
    kinds such as ``'cat/face/ginger'``, ``'dog/face/pointy'``, ``'car'``; tags a comma-separated subset of
    ``small``, ``occluded``, ``blurry``, ``low_contrast``, ``dark`` (empty when none apply).
    """
    out = {}
    for split, filename in (("train", CAT_TRAIN_FILE), ("test", CAT_TEST_FILE)):
        d = load_h5(filename, [f"{split}_set_y", f"{split}_set_kind", f"{split}_set_tags"], data_dir)
        where = _where(data_dir, filename)
        y = np.ravel(d[f"{split}_set_y"])
        m = y.size
        for field in ("kind", "tags"):
            arr = d[f"{split}_set_{field}"]
            if arr.dtype.kind != "S" or arr.shape != (m,):
                raise DataFileError(f"{where}: {split}_set_{field} should be {m} byte strings, got "
                                    f"{arr.dtype} {arr.shape}; {_REBUILD_HINT}")
            try:
                out[f"{split}_{field}"] = np.array([s.decode("ascii") for s in arr], dtype=str)
            except UnicodeDecodeError as err:
                raise DataFileError(f"{where}: {split}_set_{field} holds bytes that are not ASCII text ({err}): "
                                    f"the file is damaged; {_REBUILD_HINT}") from err
        kinds = out[f"{split}_kind"]
        if not np.all(np.char.str_len(kinds) > 0) or \
                not np.array_equal(np.char.startswith(kinds, "cat/"), y == 1):
            raise DataFileError(f"{where}: {split}_set_kind disagrees with {split}_set_y (every cat picture, and "
                                f"only those, has a kind 'cat/...'): the file is damaged; {_REBUILD_HINT}")
    return out


def load_weights(filename: str, model, extra: Sequence[str] = (), data_dir=None) -> dict:
    """Load trained weights shipped in ``data/`` into ``model``, after checking the file's checksum.

    ``filename`` holds one dataset per entry of ``model.state_dict()`` (as :meth:`Module.save` writes them,
    see ``scripts/train_c4_signs_cnn.py``) and, optionally, the datasets ``extra`` (e.g. the training history),
    returned as a dict of arrays. Raises :class:`DataFileError` if the file is missing or fails its checksum
    (:func:`load_h5`), ``KeyError`` / ``ValueError`` if it does not fit the model's architecture.
    """
    names = list(model.state_dict())
    d = load_h5(filename, names + list(extra), data_dir)
    model.load_state_dict({k: d[k] for k in names})
    return {k: d[k] for k in extra}
