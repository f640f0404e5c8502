#!/usr/bin/env python
"""Train Course 4's hand-signs CNN (chapter 2, "Convolutional model application") and store its weights.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python scripts/train_c4_signs_cnn.py          # writes data/c4_signs_cnn.h5
    OPENBLAS_NUM_THREADS=1 .venv/bin/python scripts/train_c4_signs_cnn.py --check  # retrain, compare predictions

The model is the chapter's ``convolutional_model((64, 64, 3), rng)`` (the worked solution in
``dlcourse.graders.solutions.c4_cnn_application``: CONV 5x5x8 same -> RELU -> MAXPOOL 8 -> CONV 3x3x16 same ->
RELU -> MAXPOOL 4 -> FLATTEN -> DENSE 6), float64, built from ``np.random.default_rng(SEED)``, trained with
``nn.fit`` (Adam, mini-batches of 64 shuffled from seed ``SEED``) on ``load_signs()``'s pictures / 255, for
``EPOCHS`` epochs, validated on the test pictures after every epoch (the history is stored with the weights
for the chapter's learning curves; nothing is selected on it: the weights are those after the last epoch).

The training takes longer than a chapter's budget (3 min 21 s wall, 2 min 39 s CPU, with
OPENBLAS_NUM_THREADS=1 on the founders' 2-core machine shared with other jobs), so the chapter loads the result. The file holds the
model's state dict (one dataset per entry, as ``Module.save`` writes them) and ``history_<key>`` datasets,
written byte-deterministically (no timestamps) and registered in ``data/MANIFEST.json`` with its checksum; it
is read with ``dlcourse.data.load_weights``. The run is deterministic: the same machine, numpy and BLAS give
the same bytes; another BLAS may change the last bits of the weights (then ``--check`` compares what the
chapter prints: the predicted classes and the rounded accuracies).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import h5py
import numpy as np

from dlcourse import nn, optim
from dlcourse.data import load_signs, load_weights, sha256_file
from dlcourse.data.files import MANIFEST_NAME
from dlcourse.functional import one_hot
from dlcourse.graders.solutions.c4_cnn_application import convolutional_model

ROOT = Path(__file__).resolve().parents[1]
FILENAME = "c4_signs_cnn.h5"
SEED, EPOCHS, LEARNING_RATE, BATCH = 1, 100, 0.005, 64
HISTORY_KEYS = ("loss", "accuracy", "val_loss", "val_accuracy")


def data():
    X_train, Y_train, X_test, Y_test, _ = load_signs()
    return X_train / 255.0, one_hot(Y_train, 6), X_test / 255.0, one_hot(Y_test, 6)


def train(epochs: int = EPOCHS, progress: bool = True):
    X_train, Y_train, X_test, Y_test = data()
    model = convolutional_model((64, 64, 3), np.random.default_rng(SEED))
    optimizer = optim.Adam(model, learning_rate=LEARNING_RATE)
    history = nn.fit(model, "softmax_cross_entropy", optimizer, X_train, Y_train, epochs=epochs, batch_size=BATCH,
                     seed=SEED, X_val=X_test, Y_val=Y_test, progress=progress)
    return model, history


def write(path: Path, model, history: dict, attrs: dict) -> None:
    with h5py.File(path, "w", libver=("earliest", "v110"), track_order=False) as f:
        f.attrs["format"] = "dlcourse.nn state_dict v1"
        for key, value in attrs.items():
            f.attrs[key] = np.bytes_(value)
        for name, value in model.state_dict().items():
            f.create_dataset(name, data=np.asarray(value), track_times=False)
        for key in HISTORY_KEYS:
            f.create_dataset(f"history_{key}", data=np.asarray(history[key], dtype=np.float64), track_times=False)


def register(out: Path, filename: str) -> dict:
    manifest_path = out / MANIFEST_NAME
    manifest = json.loads(manifest_path.read_text()) if manifest_path.is_file() else {}
    path = out / filename
    manifest[filename] = {"sha256": sha256_file(path), "size": path.stat().st_size}
    manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest[filename]


def predictions(model, X):
    return np.argmax(nn.predict(model, X), axis=0)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="retrain and compare with the committed file")
    parser.add_argument("--out", type=Path, default=ROOT / "data")
    parser.add_argument("--learning-rate", type=float, default=LEARNING_RATE, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    globals()["LEARNING_RATE"] = args.learning_rate  # exploration only; the committed file uses the default
    start = time.perf_counter()
    model, history = train()
    seconds = time.perf_counter() - start
    acc = history["accuracy"][-1], history["val_accuracy"][-1]
    print(f"trained {EPOCHS} epochs in {seconds:.0f} s: train accuracy {acc[0]:.1%} (during the last epoch), "
          f"test {acc[1]:.1%}")
    _, _, X_test, _ = data()
    if args.check:
        committed = convolutional_model((64, 64, 3), np.random.default_rng(SEED))
        load_weights(FILENAME, committed, data_dir=args.out)
        same = np.array_equal(predictions(model, X_test), predictions(committed, X_test))
        with tempfile.TemporaryDirectory() as tmp:
            write(Path(tmp) / FILENAME, model, history, _attrs(seconds))
            same_bytes = sha256_file(Path(tmp) / FILENAME) == sha256_file(args.out / FILENAME)
        print(f"predictions on the test set: {'the same' if same else 'DIFFERENT'}; file bytes: "
              f"{'the same' if same_bytes else 'different (another BLAS or numpy: last bits)'}")
        return 0 if same else 1
    write(args.out / FILENAME, model, history, _attrs(seconds))
    entry = register(args.out, FILENAME)
    print(f"wrote {args.out / FILENAME}  sha256 {entry['sha256'][:16]}...  {entry['size']} bytes")
    return 0


def _attrs(seconds: float) -> dict:
    return {"source": f"scripts/train_c4_signs_cnn.py: convolutional_model((64, 64, 3), default_rng({SEED})), "
                      f"Adam lr {LEARNING_RATE}, {EPOCHS} epochs, batch {BATCH}, seed {SEED}, float64",
            "note": "weights of Course 4 chapter 2's hand-signs CNN and its per-epoch history"}


if __name__ == "__main__":
    sys.exit(main())
