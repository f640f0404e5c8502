"""Course 5's chorale melodies (data/c5_chorales.h5) and the melody LSTM's stored weights: checked loaders,
missing or corrupt files raise DataFileError, and the model's loss gradients pass a gradient check."""
import json
import shutil

import numpy as np
import pytest

from dlcourse import music
from dlcourse.data import DataFileError, load_chorales
from dlcourse.data import chorales as C
from dlcourse.data.files import data_dir
from dlcourse.gradcheck import check_gradients


def _copy(tmp_path, name):
    shutil.copy(data_dir() / name, tmp_path / name)
    manifest = json.loads((data_dir() / "MANIFEST.json").read_text())
    (tmp_path / "MANIFEST.json").write_text(json.dumps({name: manifest[name]}))


def test_the_melodies_load():
    d = load_chorales()
    assert len(d["train"]) == 165 and len(d["test"]) == 28
    assert all(m.dtype == np.int64 and m[0] != C.HOLD and m.max() < C.N_TOKENS for m in d["train"] + d["test"])
    assert d["train_names"][0] == "bwv10.7" and set(d["test_mode"]) <= {0, 1}
    assert len(C.token_names()) == C.N_TOKENS == 24 and C.token_midi(2) == 60 and C.token_midi(0) is None
    stats = music.melody_stats(d["train"])
    assert stats["in key"] > 0.95 and stats["steps <= 2"] > 0.8   # one key, mostly stepwise: transposed chorales


@pytest.mark.parametrize("name,loader", [(C.CHORALES_FILE, load_chorales),
                                         (music.MUSIC_LSTM_FILE, music.load_music_lstm)])
def test_missing_and_corrupt_files_raise(tmp_path, name, loader):
    with pytest.raises(DataFileError, match="missing"):
        loader(data_dir=tmp_path)
    _copy(tmp_path, name)
    loader(data_dir=tmp_path)
    with open(tmp_path / name, "r+b") as fh:   # one byte flipped, the size kept
        fh.seek(-100, 2)
        b = fh.read(1)
        fh.seek(-100, 2)
        fh.write(bytes([b[0] ^ 0xFF]))
    with pytest.raises(DataFileError, match="checksum"):
        loader(data_dir=tmp_path)
    (tmp_path / name).write_bytes(b"x" * 10)
    with pytest.raises(DataFileError, match="bytes"):
        loader(data_dir=tmp_path)


def test_the_stored_lstm_loads_and_beats_the_bigram():
    params, history = music.load_music_lstm()
    assert params["Wf"].shape == (64, 88) and history["loss"].shape == (40,)
    d = load_chorales()
    lstm = music.evaluate(music.next_token_log_probs(params, d["test"]), d["test"])
    bigram = music.evaluate(music.bigram_log_probs(d["train"], d["test"]), d["test"])
    assert lstm["nll"] < bigram["nll"] - 0.4 and lstm["accuracy"] > bigram["accuracy"] + 0.1


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_music_loss_gradients(dtype):
    rng = np.random.default_rng(3)
    p = {k: v.astype(dtype) for k, v in music.init_music_lstm(6, 4, rng).items()}
    Y = rng.integers(0, 6, (3, 5))
    X = music.one_step_ahead(Y, 6, dtype=dtype)
    loss, grads, y = music.music_loss(p, X, Y)
    assert y.dtype == dtype and isinstance(loss, float)
    if dtype == np.float64:
        result = check_gradients(lambda: music.music_loss(p, X, Y)[0], p, {k: grads["d" + k] for k in p})
        assert all(v < 1e-6 for v in (result.values() if isinstance(result, dict) else [result]))


def test_inputs_and_sampling():
    Y = np.array([[3, 0, 5]])
    X = music.one_step_ahead(Y, 6)
    assert X[:, 0, 0].sum() == 0 and X[3, 0, 1] == 1 and X[0, 0, 2] == 1
    with pytest.raises(TypeError, match="integer"):
        music.one_step_ahead(Y.astype(float), 6)
    with pytest.raises(ValueError, match="outside"):
        music.one_step_ahead(Y, 4)
    params, _ = music.load_music_lstm()
    U = np.random.default_rng(0).random((4, 16))
    S = music.sample_tokens(params, U, 1.0)
    assert S.shape == (4, 16) and np.array_equal(S, music.sample_tokens(params, U, 1.0))
    assert np.array_equal(music.sample_tokens(params, U, 0.01), music.sample_tokens(params, U * 0 + 0.5, 0.01))
    with pytest.raises(ValueError, match="temperature"):
        music.sample_tokens(params, U, 0)
    audio = music.synthesize(S[0], rate=8000)
    assert audio.shape == (17 * 2000,) and np.max(np.abs(audio)) <= 1.0
    assert music.training_windows([np.array([1, 0, 0, 0, 0, 5, 0, 0, 0, 0])], 4, 4).shape == (2, 4)  # 2nd from 5
