"""Course 5's melody model: an LSTM over one-hot note tokens, trained to predict the next token.

Used by the music-generation chapter (``notebooks/course5/03_music_generation.ipynb``) and by
``scripts/train_c5_music.py``. The tokens are those of :mod:`dlcourse.data.chorales` (HOLD, REST, note onsets
on an eighth-note grid, ``N_TOKENS`` = 24). Layouts follow the course: inputs ``X`` (n_values, m, T_x), the
targets ``Y`` (m, T_x) int token indices, the LSTM's parameters the course's dict (``Wf, bf, Wi, bi, Wc, bc,
Wo, bo`` acting on ``[a<t-1>; x<t>]``, ``Wy, by`` the softmax output layer), and the recurrent kernels are
:func:`dlcourse.functional.rnn.lstm_forward` / :func:`~dlcourse.functional.rnn.lstm_backward`.

* :func:`one_step_ahead` - the inputs of a window of targets: x<1> = 0 (start), x<t> = one_hot(y<t-1>)
* :func:`training_windows` - windows of ``T_x`` tokens cut from melodies
* :func:`init_music_lstm`, :func:`music_loss` (loss and gradients), :func:`train_music_lstm` (Adam)
* :func:`next_token_log_probs` - the model's log-probability of every token of whole melodies
* :func:`bigram_log_probs` - the baseline: a bigram table with add-``alpha`` smoothing
* :func:`sample_tokens` - the sampling loop (one uniform number per melody and step, a temperature)
* :func:`load_music_lstm` - the weights trained by ``scripts/train_c5_music.py``
* :func:`melody_events`, :func:`melody_stats`, :func:`synthesize`, :func:`piano_roll`
"""
from __future__ import annotations

import numpy as np

from . import optim
from ._validate import as_float
from .data.chorales import HOLD, LOWEST, N_TOKENS, REST, STEP
from .functional.activations import softmax
from .functional.rnn import lstm_backward, lstm_cell_forward, lstm_forward

__all__ = ["one_step_ahead", "training_windows", "init_music_lstm", "music_loss", "train_music_lstm",
           "next_token_log_probs", "bigram_log_probs", "evaluate", "sample_tokens", "melody_events", "melody_stats",
           "synthesize", "piano_roll", "load_music_lstm", "LSTM_KEYS", "C_MAJOR"]

LSTM_KEYS = ("Wf", "bf", "Wi", "bi", "Wc", "bc", "Wo", "bo", "Wy", "by")
C_MAJOR = (0, 2, 4, 5, 7, 9, 11)   # pitch classes of C major / A natural minor (the melodies' one key signature)


def _tokens(name, Y, n_values):
    Y = np.asarray(Y)
    if Y.dtype.kind not in "iu":
        raise TypeError(f"{name} must hold integer token indices, got dtype {Y.dtype}")
    if Y.ndim != 2 or Y.shape[0] == 0 or Y.shape[1] == 0:
        raise ValueError(f"{name} must have shape (m, T) with m, T > 0, got {Y.shape}")
    if Y.min() < 0 or Y.max() >= n_values:
        raise ValueError(f"{name} holds tokens outside 0..{n_values - 1} ({Y.min()}..{Y.max()})")
    return Y.astype(np.int64)


def one_step_ahead(Y, n_values: int = N_TOKENS, dtype=np.float64):
    """The inputs X (n_values, m, T_x) that make Y (m, T_x) the next-token targets: x<1> is the zero vector
    (nothing played yet) and x<t> = one_hot(y<t-1>), so the model reads a token and predicts the next."""
    Y = _tokens("Y", Y, n_values)
    m, T = Y.shape
    X = np.zeros((n_values, m, T), dtype=dtype)
    rows, steps = np.meshgrid(np.arange(m), np.arange(1, T), indexing="ij")
    X[Y[:, :-1], rows, steps] = 1
    return X


def training_windows(melodies, T_x: int, stride: int):
    """Every window of ``T_x`` tokens that starts at a multiple of ``stride`` in each melody, as (m, T_x) int64,
    in melody order; a window starts on a note or rest (a window opening on HOLD starts one step later)."""
    rows = []
    for mel in melodies:
        mel = np.asarray(mel, dtype=np.int64)
        for s in range(0, len(mel) - T_x + 1, stride):
            while s + T_x <= len(mel) and mel[s] == HOLD:
                s += 1
            if s + T_x <= len(mel):
                rows.append(mel[s:s + T_x])
    if not rows:
        raise ValueError(f"no melody is at least T_x = {T_x} tokens long")
    return np.stack(rows)


def init_music_lstm(n_values: int, n_a: int, rng, dtype=np.float64) -> dict:
    """LSTM + softmax parameters, N(0, 1/fan_in) weights, zero biases but the forget gate's (1)."""
    p = {}
    for g in "fico":
        p[f"W{g}"] = (rng.standard_normal((n_a, n_a + n_values)) / np.sqrt(n_a + n_values)).astype(dtype)
        p[f"b{g}"] = np.full((n_a, 1), 1.0 if g == "f" else 0.0, dtype=dtype)
    p["Wy"] = (rng.standard_normal((n_values, n_a)) / np.sqrt(n_a)).astype(dtype)
    p["by"] = np.zeros((n_values, 1), dtype=dtype)
    return p


def music_loss(parameters: dict, X, Y):
    """Mean cross-entropy of the next-token predictions and its gradients.

    X (n_values, m, T_x) inputs, Y (m, T_x) int targets. Returns ``(loss, grads, y)`` with ``grads`` named
    ``dWf, dbf, ..., dWy, dby`` and y (n_values, m, T_x) the predicted distributions.
    """
    n_values, m, T = X.shape
    Wy = parameters["Wy"]
    n_a = Wy.shape[1]
    a0 = np.zeros((n_a, m), dtype=Wy.dtype)
    a, y, _, cache = lstm_forward(X, a0, parameters)
    Y = _tokens("Y", Y, n_values)
    idx = (Y.T.reshape(1, -1), np.tile(np.arange(m), T)[None], np.repeat(np.arange(T), m)[None])
    p_true = y[Y.T.reshape(-1), np.tile(np.arange(m), T), np.repeat(np.arange(T), m)]
    loss = -float(np.mean(np.log(np.maximum(p_true, np.finfo(y.dtype).tiny))))
    dz = y.copy()
    dz[idx[0][0], idx[1][0], idx[2][0]] -= 1
    dz /= m * T
    dz2, a2 = dz.reshape(n_values, m * T), a.reshape(n_a, m * T)
    grads = lstm_backward((Wy.T @ dz2).reshape(n_a, m, T), cache)
    grads.update(dWy=dz2 @ a2.T, dby=dz2.sum(axis=1, keepdims=True))
    for k in ("dx", "da0", "dc0"):
        grads.pop(k)
    return loss, grads, y


def train_music_lstm(parameters: dict, Y_windows, epochs: int, batch_size: int, learning_rate: float, seed: int,
                     callback=None):
    """Adam on mini-batches of windows (reshuffled every epoch from ``default_rng(seed)``); ``callback(epoch,
    parameters)``, if given, is called after every epoch (e.g. to measure held-out melodies).

    Returns ``(parameters, losses)``: the trained parameters (new arrays) and the mean loss of every epoch
    (the mean over its mini-batches, weighted by their sizes)."""
    Y_windows = _tokens("Y_windows", Y_windows, parameters["Wy"].shape[0])
    dtype = parameters["Wy"].dtype
    opt = optim.Adam(learning_rate=learning_rate)
    rng = np.random.default_rng(seed)
    params = {k: np.array(v) for k, v in parameters.items()}
    losses = []
    m = Y_windows.shape[0]
    for _ in range(epochs):
        order = rng.permutation(m)
        total = 0.0
        for s in range(0, m, batch_size):
            Yb = Y_windows[order[s:s + batch_size]]
            loss, grads, _ = music_loss(params, one_step_ahead(Yb, dtype=dtype), Yb)
            params = opt.step(params, grads)
            total += loss * Yb.shape[0]
        losses.append(total / m)
        if callback is not None:
            callback(len(losses), params)
    return params, np.array(losses)


def evaluate(log_probs, melodies) -> dict:
    """Per-token mean negative log-likelihood (nats), perplexity, next-token accuracy over all steps and over
    the steps where a note or rest starts (not HOLD), from :func:`next_token_log_probs` or
    :func:`bigram_log_probs` on ``melodies``."""
    ll = np.concatenate([lp for lp, _ in log_probs])
    pred = np.concatenate([p for _, p in log_probs])
    target = np.concatenate([np.asarray(m) for m in melodies])
    onset = target != HOLD
    nll = float(-ll.mean())
    return {"nll": nll, "perplexity": float(np.exp(nll)), "accuracy": float(np.mean(pred == target)),
            "onset accuracy": float(np.mean(pred[onset] == target[onset]))}


def next_token_log_probs(parameters: dict, melodies) -> list:
    """For each melody, the model's log-probability of each of its tokens given the ones before (from the start
    vector), a float64 array as long as the melody; and the most likely token at each step."""
    out = []
    n_a = parameters["Wy"].shape[1]
    for mel in melodies:
        Y = np.asarray(mel, dtype=np.int64)[None]
        X = one_step_ahead(Y, parameters["Wy"].shape[0], dtype=parameters["Wy"].dtype)
        _, y, _, _ = lstm_forward(X, np.zeros((n_a, 1), dtype=X.dtype), parameters)
        y = y[:, 0, :]
        out.append((np.log(y[Y[0], np.arange(Y.shape[1])]).astype(np.float64), np.argmax(y, axis=0)))
    return out


def bigram_log_probs(train_melodies, melodies, alpha: float = 1.0, n_values: int = N_TOKENS) -> list:
    """The bigram baseline: P(token | previous token) counted on ``train_melodies`` (the first token's
    'previous' is a start symbol) with ``alpha`` added to every count. Same return as
    :func:`next_token_log_probs`."""
    counts = np.full((n_values + 1, n_values), float(alpha))   # row n_values = start
    for mel in train_melodies:
        prev = np.concatenate([[n_values], mel[:-1]])
        np.add.at(counts, (prev, mel), 1)
    probs = counts / counts.sum(axis=1, keepdims=True)
    out = []
    for mel in melodies:
        prev = np.concatenate([[n_values], mel[:-1]])
        out.append((np.log(probs[prev, mel]), np.argmax(probs[prev], axis=1)))
    return out


def sample_tokens(parameters: dict, U, temperature: float = 1.0):
    """Sample m melodies of T_y tokens: U (m, T_y) uniform numbers in [0, 1), one per melody and step.

    From x<1> = 0 and a = c = 0, each step runs one LSTM cell, takes p = softmax((Wy a + by) / temperature)
    and picks the first token whose cumulative probability exceeds U[:, t] (what ``rng.choice(n, p=p)``
    does with that uniform number), which becomes the next input. Returns (m, T_y) int64 tokens.
    """
    U = as_float("U", U)
    if U.ndim != 2:
        raise ValueError(f"U must have shape (m, T_y), got {U.shape}")
    if not (isinstance(temperature, (int, float)) and temperature > 0):
        raise ValueError(f"temperature must be a number > 0, got {temperature!r}")
    Wy, by = parameters["Wy"], parameters["by"]
    n_values, n_a = Wy.shape
    m, T = U.shape
    x = np.zeros((n_values, m), dtype=Wy.dtype)
    a = np.zeros((n_a, m), dtype=Wy.dtype)
    c = np.zeros((n_a, m), dtype=Wy.dtype)
    out = np.empty((m, T), dtype=np.int64)
    for t in range(T):
        a, c, _, _ = lstm_cell_forward(x, a, c, parameters)
        p = softmax((Wy @ a + by) / temperature, axis=0)
        idx = np.minimum((np.cumsum(p, axis=0) <= U[:, t]).sum(axis=0), n_values - 1)
        out[:, t] = idx
        x = np.zeros_like(x)
        x[idx, np.arange(m)] = 1
    return out


MUSIC_LSTM_FILE = "c5_music_lstm.h5"
MUSIC_HISTORY = ("loss", "val_nll", "val_accuracy")


def load_music_lstm(data_dir=None):
    """The LSTM trained by ``scripts/train_c5_music.py`` (64 units, 40 epochs), checked against the manifest.

    Returns ``(parameters, history)``: the course-style parameter dict (float64) and the per-epoch ``loss``,
    ``val_nll`` and ``val_accuracy``. Raises :class:`~dlcourse.data.DataFileError` if the file is missing,
    corrupt, or holds arrays of the wrong shapes.
    """
    from .data.files import DataFileError, _where, load_h5

    d = load_h5(MUSIC_LSTM_FILE, list(LSTM_KEYS) + [f"history_{k}" for k in MUSIC_HISTORY], data_dir)
    where = _where(data_dir, MUSIC_LSTM_FILE)
    n_a = d["Wy"].shape[1] if d["Wy"].ndim == 2 else -1
    shapes = {**{f"W{g}": (n_a, n_a + N_TOKENS) for g in "fico"}, **{f"b{g}": (n_a, 1) for g in "fico"},
              "Wy": (N_TOKENS, n_a), "by": (N_TOKENS, 1)}
    for k, shape in shapes.items():
        if d[k].dtype != np.float64 or d[k].shape != shape or not np.all(np.isfinite(d[k])):
            raise DataFileError(f"{where}: {k} should be finite float64 of shape {shape}, got {d[k].dtype} "
                                f"{d[k].shape}; rerun scripts/train_c5_music.py or `git checkout -- data/`")
    history = {k: d[f"history_{k}"] for k in MUSIC_HISTORY}
    return {k: d[k] for k in LSTM_KEYS}, history


def melody_events(tokens) -> list:
    """(start step, length in steps, midi or None for a rest) of every note and rest of a token sequence.
    A HOLD at the very start (nothing to hold) counts as a rest."""
    events = []
    for t, tok in enumerate(np.asarray(tokens, dtype=np.int64)):
        if tok == HOLD and events:
            s, n, p = events[-1]
            events[-1] = (s, n + 1, p)
        else:
            events.append((t, 1, None if tok in (HOLD, REST) else LOWEST + int(tok) - 2))
    return events


def melody_stats(melodies) -> dict:
    """Simple statistics of a set of melodies: the share of notes on the scale of C major / A minor (white
    keys), of steps between consecutive notes of at most 2 semitones and of more than 7, the mean note length
    (in quarter notes) and the number of notes."""
    pcs, intervals, lengths = [], [], []
    for mel in melodies:
        notes = [(n, p) for _, n, p in melody_events(mel) if p is not None]
        pcs += [p % 12 for _, p in notes]
        intervals += [abs(b[1] - a[1]) for a, b in zip(notes, notes[1:])]
        lengths += [n * STEP for n, _ in notes]
    pcs, intervals = np.array(pcs), np.array(intervals)
    return {"in key": float(np.isin(pcs, C_MAJOR).mean()), "steps <= 2": float(np.mean(intervals <= 2)),
            "leaps > 7": float(np.mean(intervals > 7)), "mean length": float(np.mean(lengths)), "notes": len(pcs)}


def synthesize(tokens, rate: int = 8000, quarter_seconds: float = 0.5, harmonics=(1.0, 0.5, 0.25, 0.12)):
    """Audio (float64 in [-1, 1]) of a token sequence: each note a sum of sine harmonics with a short attack
    and an exponential decay; rests are silence."""
    step = int(round(STEP * quarter_seconds * rate))
    events = melody_events(tokens)
    total = sum(n for _, n, _ in events) * step
    out = np.zeros(total + step)
    for start, n, midi in events:
        if midi is None:
            continue
        length = n * step
        t = np.arange(length) / rate
        f0 = 440.0 * 2.0 ** ((midi - 69) / 12)
        tone = sum(h * np.sin(2 * np.pi * f0 * (k + 1) * t) for k, h in enumerate(harmonics))
        env = np.minimum(1.0, t / 0.015) * np.exp(-2.5 * t) * np.minimum(1.0, (length - np.arange(length)) / (0.02 * rate))
        out[start * step:start * step + length] += tone * env
    return out / max(1e-9, np.max(np.abs(out)))


def piano_roll(ax, tokens, title: str = "", color: str = "tab:blue"):
    """Draw a melody as a piano roll on ``ax``: one bar per note, time in quarter notes, pitch in MIDI."""
    from matplotlib.patches import Rectangle
    lo, hi = 127, 0
    for start, n, midi in melody_events(tokens):
        if midi is None:
            continue
        ax.add_patch(Rectangle((start * STEP, midi - 0.4), n * STEP - 0.05, 0.8, color=color))
        lo, hi = min(lo, midi), max(hi, midi)
    ax.set_xlim(0, len(tokens) * STEP)
    ax.set_ylim(min(lo, 60) - 1, max(hi, 79) + 1)
    ax.set_yticks([60, 64, 67, 72, 76, 79])
    ax.set_yticklabels(["C4", "E4", "G4", "C5", "E5", "G5"])
    ax.set_xlabel("time (quarter notes)")
    ax.grid(axis="x", alpha=0.3)
    if title:
        ax.set_title(title)
    return ax
