"""Course 5's melodies: the soprano lines of 193 Bach chorales as eighth-note tokens (``data/c5_chorales.h5``).

The file is extracted once from music21's corpus by ``data/make_chorales.py`` (which states the source, the
licence and every choice: 4/4 chorales, one harmonisation per tune, transposed to C major / A minor, onsets on
an eighth-note grid). The tokens:

* ``HOLD`` = 0: the note (or rest) sounding at the previous step goes on;
* ``REST`` = 1: a rest starts;
* ``2 + (midi - LOWEST)``: a note of MIDI pitch ``midi`` (``LOWEST`` 60 = middle C ... ``HIGHEST`` 81) starts.

:func:`load_chorales` checks the file against ``data/MANIFEST.json`` and what it holds, and returns the
melodies as lists of int64 arrays.
"""
from __future__ import annotations

import numpy as np

from .files import DataFileError, _REBUILD_HINT, _where, load_h5

__all__ = ["load_chorales", "CHORALES_FILE", "HOLD", "REST", "LOWEST", "HIGHEST", "N_TOKENS", "STEP",
           "token_names", "token_midi"]

CHORALES_FILE = "c5_chorales.h5"
HOLD, REST = 0, 1
LOWEST, HIGHEST = 60, 81
N_TOKENS = 2 + HIGHEST - LOWEST + 1   # 24
STEP = 0.5                            # quarter notes per token (an eighth note)
N_CHORALES = 193
_HINT = _REBUILD_HINT.replace("`.venv/bin/python data/build_datasets.py`",
                              "data/make_chorales.py (needs music21, see its docstring)")
_NOTE_NAMES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")


def token_midi(token: int) -> int | None:
    """The MIDI pitch a note token starts (``None`` for HOLD and REST)."""
    token = int(token)
    if not 0 <= token < N_TOKENS:
        raise ValueError(f"token must be in 0..{N_TOKENS - 1}, got {token}")
    return None if token < 2 else LOWEST + token - 2


def token_names() -> list[str]:
    """A short name per token: '-' (hold), 'r' (rest), 'C4', 'C#4', ... 'A5'."""
    names = ["-", "r"]
    for midi in range(LOWEST, HIGHEST + 1):
        names.append(f"{_NOTE_NAMES[midi % 12]}{midi // 12 - 1}")
    return names


def load_chorales(data_dir=None) -> dict:
    """The chorale melodies, split into training and held-out (test) chorales.

    Returns ``{"train": [...], "test": [...], "train_names", "test_names", "train_keys", "test_keys",
    "train_mode", "test_mode"}``: each melody an int64 array of tokens (lengths 48-386; 165 training and 28
    test chorales, every 7th chorale in file order held out), names such as ``'bwv66.6'``, the original key as
    music21 estimated it (``'f# minor'``) and the mode (1 major, now C major; 0 minor, now A minor).
    Raises :class:`~dlcourse.data.DataFileError` if the file is missing, corrupt or does not hold melodies.
    """
    keys = ["tokens", "starts", "name", "key", "mode", "shift", "split"]
    d = load_h5(CHORALES_FILE, keys, data_dir)
    where = _where(data_dir, CHORALES_FILE)
    tokens, starts = d["tokens"], d["starts"]

    def bad(what):
        return DataFileError(f"{where}: {what}; {_HINT}")

    if tokens.dtype != np.int8 or tokens.ndim != 1:
        raise bad(f"tokens should be a 1-D int8 array, got {tokens.dtype} {tokens.shape}")
    if starts.dtype != np.int64 or starts.shape != (N_CHORALES + 1,):
        raise bad(f"starts should be int64 of shape ({N_CHORALES + 1},), got {starts.dtype} {starts.shape}")
    if starts[0] != 0 or starts[-1] != tokens.size or np.any(np.diff(starts) < 8):
        raise bad("starts does not cut tokens into melodies (it must rise from 0 to len(tokens) by >= 8)")
    if tokens.min() < 0 or tokens.max() >= N_TOKENS:
        raise bad(f"tokens must lie in 0..{N_TOKENS - 1}, found {tokens.min()}..{tokens.max()}")
    if np.any(tokens[starts[:-1]] == HOLD):
        raise bad("a melody starts with HOLD (nothing to hold): the file is damaged")
    for k in ("name", "key"):
        if d[k].dtype.kind != "S" or d[k].shape != (N_CHORALES,):
            raise bad(f"{k} should be {N_CHORALES} byte strings, got {d[k].dtype} {d[k].shape}")
    for k in ("mode", "shift", "split"):
        if d[k].dtype != np.int8 or d[k].shape != (N_CHORALES,):
            raise bad(f"{k} should be int8 of shape ({N_CHORALES},), got {d[k].dtype} {d[k].shape}")
    if not (np.isin(d["mode"], (0, 1)).all() and np.isin(d["split"], (0, 1)).all()):
        raise bad("mode and split must hold 0/1")
    if np.any(np.abs(d["shift"]) > 6):
        raise bad("shift must lie in -6..+5 semitones")
    melodies = [tokens[a:b].astype(np.int64) for a, b in zip(starts[:-1], starts[1:])]
    out = {}
    for split, flag in (("train", 0), ("test", 1)):
        idx = np.flatnonzero(d["split"] == flag)
        if idx.size == 0:
            raise bad(f"no {split} chorales")
        out[split] = [melodies[i] for i in idx]
        out[f"{split}_names"] = [d["name"][i].decode("ascii") for i in idx]
        out[f"{split}_keys"] = [d["key"][i].decode("ascii") for i in idx]
        out[f"{split}_mode"] = d["mode"][idx].astype(np.int64)
    return out
