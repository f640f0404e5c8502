"""Build the data sets' h5 files (cat / non-cat, Course 2's 2-D sets) and the checksum manifest here.

    .venv/bin/python data/build_datasets.py           # (re)write data/*.h5 and data/MANIFEST.json
    .venv/bin/python data/build_datasets.py --check   # rebuild in a temporary folder, compare byte for byte

The pictures come from ``dlcourse.data.make_cat_dataset()`` with its default arguments (numpy only, a
fixed seed), and the files are written byte-deterministically: no timestamps (``track_times=False``),
fixed chunking, gzip level 9, a fixed HDF5 file format (``libver``). Rebuilding therefore reproduces the
committed files exactly, given the same versions of numpy, h5py/HDF5 and zlib (``requirements.txt``).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import h5py
import numpy as np

from dlcourse.data import load_h5, make_cat_dataset, sha256_file
from dlcourse.data.catgen import DEFAULT_SEED
from dlcourse.data.course2 import COURSE2_2D_FILE, course2_2d_arrays
from dlcourse.data.course3_goal import COURSE3_GOAL_FILE, make_course3_goal_pool
from dlcourse.data.course3_goal import DEFAULT_SEED as COURSE3_GOAL_SEED
from dlcourse.data.course3_multitask import COURSE3_FILE, make_course3_datasets
from dlcourse.data.course3_multitask import DEFAULT_SEED as COURSE3_SEED
from dlcourse.data.signs import DEFAULT_SEED as SIGNS_SEED
from dlcourse.data.signs import SIGNS_SIZES, SIGNS_TEST_FILE, SIGNS_TRAIN_FILE, make_signs_dataset, signs_file_arrays
from dlcourse.data.course3_mismatch import COURSE3_FILE as COURSE3_MISMATCH_FILE
from dlcourse.data.course3_mismatch import COURSE3_SEED as COURSE3_MISMATCH_SEED
from dlcourse.data.course3_mismatch import COURSE3_SIZES as COURSE3_MISMATCH_SIZES
from dlcourse.data.course3_mismatch import course3_file_arrays
from dlcourse.data.happy import DEFAULT_SEED as HAPPY_SEED
from dlcourse.data.happy import HAPPY_SIZES, HAPPY_TEST_FILE, HAPPY_TRAIN_FILE, happy_file_arrays, make_happy_dataset
from dlcourse.data.files import CAT_TEST_FILE, CAT_TRAIN_FILE, MANIFEST_NAME

HERE = Path(__file__).resolve().parent
N_TRAIN, N_TEST = 209, 50
SPLITS = {CAT_TRAIN_FILE: "train", CAT_TEST_FILE: "test"}


def _dataset_arrays(d: dict, split: str) -> dict:
    return {
        f"{split}_set_x": d[f"{split}_set_x"],
        f"{split}_set_y": d[f"{split}_set_y"].reshape(-1).astype(np.int64),  # (m,), like the original files
        "list_classes": d["list_classes"],
        f"{split}_set_kind": d[f"{split}_set_kind"].astype("S"),
        f"{split}_set_tags": d[f"{split}_set_tags"].astype("S"),
    }


def write_h5(path: Path, arrays: dict, attrs: dict) -> None:
    """Write ``arrays`` as gzip-compressed datasets, byte for byte the same on every run."""
    with h5py.File(path, "w", libver=("earliest", "v110"), track_order=False) as f:
        for key, value in attrs.items():
            f.attrs[key] = np.bytes_(value)
        for name, arr in arrays.items():
            chunks = (min(16, arr.shape[0]),) + arr.shape[1:]
            f.create_dataset(name, data=arr, chunks=chunks, compression="gzip", compression_opts=9,
                             track_times=False)


def _cat_files() -> dict:
    """{filename: (arrays, attrs)} of the cat / non-cat set."""
    d = make_cat_dataset(n_train=N_TRAIN, n_test=N_TEST, seed=DEFAULT_SEED)
    attrs = {
        "source": f"dlcourse.data.make_cat_dataset(n_train={N_TRAIN}, n_test={N_TEST}, seed={DEFAULT_SEED})",
        "note": "rendered stand-in for the Deep Learning Specialization's cat photos; see data/README.md",
    }
    return {filename: (_dataset_arrays(d, split), attrs) for filename, split in SPLITS.items()}


def _course2_2d_files() -> dict:
    attrs = {
        "source": "dlcourse.data.course2.course2_2d_arrays()",
        "note": "Course 2's 2-D sets: circles and moons (scikit-learn recipes in numpy) and a generated "
                "stand-in for the regularization chapter's football-field data; see data/README.md",
    }
    return {COURSE2_2D_FILE: (course2_2d_arrays(), attrs)}


def _signs_files() -> dict:
    d = make_signs_dataset(n_train=SIGNS_SIZES["train"], n_test=SIGNS_SIZES["test"], seed=SIGNS_SEED)
    attrs = {
        "source": f"dlcourse.data.make_signs_dataset(n_train={SIGNS_SIZES['train']}, "
                  f"n_test={SIGNS_SIZES['test']}, seed={SIGNS_SEED})",
        "note": "rendered stand-in for the Deep Learning Specialization's SIGNS photos; see data/README.md",
    }
    return {SIGNS_TRAIN_FILE: (signs_file_arrays(d, "train"), attrs),
            SIGNS_TEST_FILE: (signs_file_arrays(d, "test"), attrs)}


def _course3_goal_files() -> dict:
    d = make_course3_goal_pool(seed=COURSE3_GOAL_SEED)
    arrays = {k: (v.astype("S") if v.dtype.kind == "U" else v) for k, v in d.items()}
    attrs = {
        "source": f"dlcourse.data.course3_goal.make_course3_goal_pool(seed={COURSE3_GOAL_SEED})",
        "note": "Course 3's pool: rendered cat / non-cat pictures (catgen) from four camera regions, averaged "
                "down to 16x16, plus extra lions and tigers; see data/README.md",
    }
    return {COURSE3_GOAL_FILE: (arrays, attrs)}


def _course3_multitask_files() -> dict:
    attrs = {
        "source": f"dlcourse.data.course3_multitask.make_course3_datasets(seed={COURSE3_SEED})",
        "note": "Course 3's rendered 32x32 street scenes (multi-task labels with missing entries, a bicycle "
                "target task, road signs for a find-then-classify pipeline); see data/README.md",
    }
    return {COURSE3_FILE: (make_course3_datasets(seed=COURSE3_SEED), attrs)}


def _course3_mismatch_files() -> dict:
    attrs = {
        "source": f"dlcourse.data.course3_mismatch.make_course3_dataset(n_web={COURSE3_MISMATCH_SIZES['web']}, "
                  f"n_app={COURSE3_MISMATCH_SIZES['app']}, seed={COURSE3_MISMATCH_SEED})",
        "note": "Course 3's 32x32 'web' and 'mobile app' cat pictures (catgen renders, downsampled; the app "
                "set through a phone camera); see data/README.md",
    }
    return {COURSE3_MISMATCH_FILE: (course3_file_arrays(), attrs)}


def _happy_files() -> dict:
    d = make_happy_dataset(n_train=HAPPY_SIZES["train"], n_test=HAPPY_SIZES["test"], seed=HAPPY_SEED)
    attrs = {
        "source": f"dlcourse.data.make_happy_dataset(n_train={HAPPY_SIZES['train']}, "
                  f"n_test={HAPPY_SIZES['test']}, seed={HAPPY_SEED})",
        "note": "rendered stand-in for the Deep Learning Specialization's Happy House photos; see data/README.md",
    }
    return {HAPPY_TRAIN_FILE: (happy_file_arrays(d, "train"), attrs),
            HAPPY_TEST_FILE: (happy_file_arrays(d, "test"), attrs)}


# every file this script writes, built by one function per data set
FILE_BUILDERS = (_cat_files, _course2_2d_files, _signs_files, _course3_goal_files, _course3_multitask_files,
                 _course3_mismatch_files, _happy_files)


def build(out_dir: Path) -> dict:
    """Make every data set, write its h5 files and MANIFEST.json into ``out_dir``; return the manifest."""
    old = out_dir / MANIFEST_NAME
    previous = json.loads(old.read_text()) if old.is_file() else {}
    manifest = {}
    for builder in FILE_BUILDERS:
        for filename, (arrays, attrs) in builder().items():
            path = out_dir / filename
            write_h5(path, arrays, attrs)
            manifest[filename] = {"sha256": sha256_file(path), "size": path.stat().st_size}
    previous = out_dir / MANIFEST_NAME
    if previous.is_file():  # keep the entries of files other scripts write (weights: scripts/train_*.py)
        for name, entry in json.loads(previous.read_text()).items():
            if name not in manifest and (out_dir / name).is_file():
                manifest[name] = entry
    (out_dir / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


def check(data: Path) -> bool:
    """Rebuild into a temporary folder and compare with the files in ``data``; print what differs."""
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        fresh = build(Path(tmp))
        committed = json.loads((data / MANIFEST_NAME).read_text()) if (data / MANIFEST_NAME).is_file() else {}
        for filename, entry in fresh.items():
            path = data / filename
            if not path.is_file():
                print(f"MISSING  {path}")
                ok = False
                continue
            same_file = sha256_file(path) == entry["sha256"] and path.stat().st_size == entry["size"]
            same_manifest = committed.get(filename) == entry
            if same_file and same_manifest:
                print(f"ok       {filename}  sha256 {entry['sha256'][:16]}...  {entry['size']} bytes")
                continue
            ok = False
            if not same_manifest:
                print(f"DIFFERS  {filename}: MANIFEST.json entry {committed.get(filename)} != rebuilt {entry}")
            if not same_file:
                print(f"DIFFERS  {filename}: the committed file's bytes differ from the rebuilt ones")
                try:  # tell a change of content apart from a change of the h5 encoding
                    keys = list(next(fresh_arrays for b in FILE_BUILDERS
                                     for name, (fresh_arrays, _) in b().items() if name == filename))
                    with h5py.File(path, "r") as f:
                        old = {k: f[k][()] for k in keys}
                    new = load_h5(filename, keys, data_dir=tmp)
                    if all(np.array_equal(old[k], new[k]) for k in keys):
                        print("         (same arrays, different encoding: probably another h5py/HDF5/zlib "
                              f"version; this one is h5py {h5py.version.version}, HDF5 {h5py.version.hdf5_version})")
                    else:
                        print("         (the arrays themselves differ: the generator changed)")
                except Exception as err:  # noqa: BLE001 - only a diagnostic
                    print(f"         (could not compare the arrays: {err})")
    return ok


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true",
                        help="rebuild into a temporary folder and verify the committed files are identical")
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write to (default: this folder)")
    args = parser.parse_args(argv)
    if args.check:
        ok = check(args.out)
        print("check passed" if ok else "check FAILED: rebuild with `.venv/bin/python data/build_datasets.py`")
        return 0 if ok else 1
    args.out.mkdir(parents=True, exist_ok=True)
    for filename, entry in build(args.out).items():
        print(f"wrote {args.out / filename}  sha256 {entry['sha256'][:16]}...  {entry['size']} bytes")
    print(f"wrote {args.out / MANIFEST_NAME}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
