"""The stored weights of Course 4's small ResNet (scripts/train_c4_resnet.py): checked, loadable, accurate."""
import json
import shutil

import numpy as np
import pytest

from dlcourse import data, nn
from dlcourse.data import DataFileError
from dlcourse.functional import one_hot

WEIGHTS = "c4_resnet_signs.h5"


def test_checked_path_verifies_the_manifest(tmp_path):
    path = data.checked_path(WEIGHTS)
    assert path.name == WEIGHTS and path.stat().st_size < 1_000_000  # a few hundred kB
    shutil.copy(path, tmp_path / WEIGHTS)
    manifest = json.loads((path.parent / "MANIFEST.json").read_text())
    (tmp_path / "MANIFEST.json").write_text(json.dumps({WEIGHTS: manifest[WEIGHTS]}))
    assert data.checked_path(WEIGHTS, data_dir=tmp_path) == tmp_path / WEIGHTS
    with open(tmp_path / WEIGHTS, "r+b") as fh:  # one byte changed, the size kept
        fh.seek(-10, 2)
        byte = fh.read(1)
        fh.seek(-10, 2)
        fh.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(DataFileError, match="checksum"):
        data.checked_path(WEIGHTS, data_dir=tmp_path)
    with pytest.raises(DataFileError, match="missing"):
        data.checked_path("nothing.h5", data_dir=tmp_path)
    with pytest.raises(ValueError, match="bare file name"):
        data.checked_path("../data/" + WEIGHTS)


def test_the_stored_resnet_loads_and_reads_the_test_signs():
    model = nn.small_resnet(rng=0).load(data.checked_path(WEIGHTS))
    assert sum(p.data.size for p in model.parameters()) == 15_590
    _, _, X_test, Y_test, _ = data.load_signs()
    scores = nn.predict(model, X_test / 255.0)
    assert scores.shape == (6, 120) and scores.dtype == np.float64
    assert nn.evaluate(model, X_test / 255.0, one_hot(Y_test, 6))["accuracy"] > 0.85
    top2 = np.sort(scores, axis=0)[-2:]
    assert np.min(top2[1] - top2[0]) > 1e-6  # no prediction hangs on the last bits of a sum
