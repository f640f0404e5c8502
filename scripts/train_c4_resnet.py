"""Train the small ResNet of Course 4, "Residual networks", on the hand signs; store its weights.

    .venv/bin/python scripts/train_c4_resnet.py            # train, write data/c4_resnet_signs.h5 + its MANIFEST entry
    .venv/bin/python scripts/train_c4_resnet.py --check    # train again in memory, compare with the stored weights

The chapter loads the weights (checked against ``data/MANIFEST.json``) instead of training for minutes.
Deterministic: the model is ``dlcourse.nn.small_resnet(rng=np.random.default_rng(SEED))`` (float64), trained
by ``nn.fit`` with Adam (learning rate decayed as ``LEARNING_RATE / (1 + DECAY * epoch)``) on the 1080
training pictures scaled to [0, 1], mini-batches of BATCH_SIZE drawn from ``SEED``; two runs on one
machine give the same bytes. Another BLAS changes the last bits of the sums, and over
EPOCHS epochs of training those differences grow, so ``--check`` compares with a tolerance and reports
the test accuracy of both (what the chapter prints from the stored file does not depend on it).
Run time (OPENBLAS_NUM_THREADS=1): 2 min 16 s of CPU time, 7 min 15 s wall-clock on the shared, busy 2-core
machine it was run on (about 3 to 11 s per epoch depending on the load). Result: training accuracy 98.8 %,
test accuracy 89.2 % (107 of 120), evaluation mode.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from dlcourse import data, nn, optim  # noqa: E402
from dlcourse import functional as F  # noqa: E402
from dlcourse.data.files import MANIFEST_NAME, sha256_file  # noqa: E402

WEIGHTS_FILE = "c4_resnet_signs.h5"
SEED = 0
EPOCHS = 40
BATCH_SIZE = 32
LEARNING_RATE = 0.003
DECAY = 0.05


def load():
    X_train, Y_train, X_test, Y_test, _ = data.load_signs()
    return X_train / 255.0, F.one_hot(Y_train, 6), X_test / 255.0, F.one_hot(Y_test, 6)


def train(verbose: bool = True):
    """Adam with an inverse-time decay of the learning rate (``LEARNING_RATE / (1 + DECAY * epoch)``)."""
    X_train, Y_train, X_test, Y_test = load()
    model = nn.small_resnet(rng=np.random.default_rng(SEED))
    optimizer = optim.Adam(model, learning_rate=LEARNING_RATE)
    shuffle = np.random.default_rng(SEED)  # one stream of mini-batches over all the epochs
    history = {}
    for epoch in range(EPOCHS):
        optimizer.learning_rate = optim.inverse_time_decay(LEARNING_RATE, epoch, DECAY)
        one = nn.fit(model, "softmax_cross_entropy", optimizer, X_train, Y_train, epochs=1, batch_size=BATCH_SIZE,
                     seed=shuffle, X_val=X_test, Y_val=Y_test, progress=False)
        for k, v in one.items():
            history.setdefault(k, []).extend(v)
        if verbose:
            print(f"epoch {epoch + 1:3d}: learning rate {optimizer.learning_rate:.5f}  loss {one['loss'][0]:.4f}  "
                  f"train {one['accuracy'][0]:.3f}  test {one['val_accuracy'][0]:.3f}", flush=True)
    return model, history


def write_manifest_entry(path: Path) -> None:
    manifest_path = path.parent / MANIFEST_NAME
    manifest = json.loads(manifest_path.read_text())
    manifest[path.name] = {"sha256": sha256_file(path), "size": path.stat().st_size}
    manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="retrain and compare with the stored weights")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / WEIGHTS_FILE)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    model, history = train()
    seconds = time.perf_counter() - start
    X_train, Y_train, X_test, Y_test = load()
    train_acc = nn.evaluate(model, X_train, Y_train)["accuracy"]
    test_acc = nn.evaluate(model, X_test, Y_test)["accuracy"]
    print(f"trained in {seconds:.0f} s: train accuracy {train_acc:.4f}, test accuracy {test_acc:.4f} (evaluation mode)")
    if args.check:
        stored = nn.small_resnet(rng=0).load(data.checked_path(WEIGHTS_FILE))
        state, fresh = stored.state_dict(), model.state_dict()
        worst = max(float(np.max(np.abs(state[k] - fresh[k]))) for k in state)
        stored_acc = nn.evaluate(stored, X_test, Y_test)["accuracy"]
        print(f"largest difference from the stored weights: {worst:.3g}; stored test accuracy {stored_acc:.4f}")
        return 0 if worst < 1e-6 else 1
    path = model.save(args.out)
    if path.parent == ROOT / "data":
        write_manifest_entry(path)
    print(f"wrote {path} ({path.stat().st_size} bytes, sha256 {sha256_file(path)[:16]}...)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
