"""Word embeddings (Course 5, week 2): look up one column of an embedding matrix per word index.

Layouts, as in the lectures and the programming assignments:

* ``E`` is the embedding matrix ``(n_e, V)``: column ``j`` is the vector ``e_j = E o_j`` of word ``j``
  of a vocabulary of ``V`` words (the lecture's ``E``, 300 x 10000). The assignments' ``emb_matrix``
  (one *row* per word, what GloVe files and Keras' ``Embedding`` hold) is ``E.T``.
* ``indices`` is ``(m, T_x)`` integers, one row of word indices per example (what the Emojify
  assignment's ``sentences_to_indices`` returns).
* the output is a sequence in the course's layout ``(n_e, m, T_x)``: it feeds an RNN / LSTM / GRU
  directly (``out[:, i, t] = E[:, indices[i, t]]``).

The backward is a scatter-add: the gradient of column ``j`` of ``E`` is the sum of the upstream
gradients of every position that looked word ``j`` up. It is computed without ``np.add.at``: for a
vocabulary up to 8 times the number of positions, one ``np.bincount`` weighted by each feature's
gradients (a loop over the ``n_e`` features; bincount adds in float64, and the result is rounded to
E's dtype once); for a larger vocabulary, the positions are sorted by word index once and each word's
run summed with one ``np.add.reduceat``, so only the columns looked up are touched. Either way each
word's sum runs over its positions in order: the result depends on nothing but the inputs.
"""
from __future__ import annotations

import numpy as np

from .._validate import as_array, as_float
from ._cache import Cache, open_cache

__all__ = ["embedding_forward", "embedding_backward", "check_indices"]


def check_indices(name: str, indices, vocab_size: int) -> np.ndarray:
    """``indices`` as an integer array ``(m, T_x)`` with every entry in ``[0, vocab_size)``, or a clear error.

    Floats are refused even when they hold whole numbers (a float index is almost always a mistake:
    data that went through a float conversion, or the vectors instead of the indices); so are bools.
    """
    if not isinstance(indices, np.ndarray):
        if isinstance(indices, (list, tuple)):
            indices = np.asarray(indices)
        else:
            raise TypeError(f"{name} must be a numpy array of integer word indices (m, T_x), "
                            f"got {type(indices).__name__}")
    if indices.dtype.kind not in "iu":
        hint = ""
        if indices.dtype.kind == "f":
            hint = (" (whole numbers stored as floats? convert them with .astype(np.int64); a Tensor holds "
                    "floats, so pass the integer array itself)")
        raise TypeError(f"{name} must hold integer word indices, got dtype {indices.dtype}{hint}")
    if indices.ndim != 2:
        hint = ""
        if indices.ndim == 1:
            hint = f" (one sentence? use {name}[None, :]; a batch of one-word inputs? use {name}[:, None])"
        raise ValueError(f"{name} has shape {indices.shape} but expected (m, T_x): one row of word indices "
                         f"per example{hint}")
    m, T = indices.shape
    if m == 0:
        raise ValueError(f"{name} has shape {indices.shape}: m (the number of examples) is 0")
    if T == 0:
        raise ValueError(f"{name} has shape {indices.shape}: T_x (the number of time steps) is 0")
    lo, hi = int(indices.min()), int(indices.max())
    if lo < 0 or hi >= vocab_size:
        raise ValueError(f"{name} must be word indices in [0, V) = [0, {vocab_size}), found values in "
                         f"[{lo}, {hi}] (a vocabulary of another size? padding marked with -1? the embedding "
                         f"matrix is (n_e, V): pass emb_matrix.T if yours has one row per word)")
    return indices


def _check_matrix(E) -> np.ndarray:
    E = as_float("E", E)
    if E.ndim != 2:
        raise ValueError(f"E has shape {E.shape} but expected the embedding matrix (n_e, V)")
    if E.shape[0] == 0 or E.shape[1] == 0:
        raise ValueError(f"E has shape {E.shape}: n_e and V must be positive")
    return E


def embedding_forward(indices, E):
    """Look up the vectors of word indices: indices (m, T_x) integers, E (n_e, V) -> out (n_e, m, T_x).

    ``out[:, i, t] = E[:, indices[i, t]]``; out has E's dtype. Returns ``(out, cache)``.
    """
    E = _check_matrix(E)
    indices = check_indices("indices", indices, E.shape[1])
    out = E[:, indices]  # (n_e, m, T_x), a new contiguous array
    return out, Cache("embedding", indices=indices, shape=E.shape, dtype=E.dtype)


def embedding_backward(dout, cache):
    """Backward of :func:`embedding_forward` given dout (n_e, m, T_x): returns dE (n_e, V).

    ``dE[:, j] = sum of dout[:, i, t] over the positions (i, t) with indices[i, t] == j``; columns of
    words that were not looked up are zero. (The indices are data: they get no gradient.)
    """
    v = open_cache(cache, "embedding")
    indices, (n_e, V), dtype = v["indices"], v["shape"], v["dtype"]
    m, T = indices.shape
    dout = as_array("dout", dout)
    if dout.dtype.kind in "biu":
        dout = dout.astype(dtype)
    dout = as_float("dout", dout)
    if dout.dtype != dtype:
        raise TypeError(f"dout is {dout.dtype} but the embedding matrix is {dtype}: cast one of them")
    if dout.shape != (n_e, m, T):
        raise ValueError(f"dout has shape {dout.shape} but the forward's output had shape (n_e, m, T_x) = "
                         f"{(n_e, m, T)} (cache of another layer?)")
    flat = indices.reshape(-1)
    grads = dout.reshape(n_e, m * T)  # column (i, t): the gradient of the position (i, t)
    if V <= 8 * m * T:
        # a vocabulary not much larger than the batch: one weighted count per feature (a loop over the
        # n_e features, not over positions), each summing the positions of every word in order
        dE = np.empty((n_e, V), dtype=dtype)
        for r in range(n_e):
            dE[r] = np.bincount(flat, weights=grads[r], minlength=V)
        return dE
    # a large vocabulary: only the words looked up are touched. Sort the positions by word once and sum
    # each word's run of positions (in order) with one reduceat.
    order = np.argsort(flat, kind="stable")
    words = flat[order]
    starts = np.flatnonzero(np.concatenate(([True], words[1:] != words[:-1])))
    rows = grads.T[order]  # (m T, n_e): one row per position, grouped by word
    dE = np.zeros((n_e, V), dtype=dtype)
    dE[:, words[starts]] = np.add.reduceat(rows, starts, axis=0).T
    return dE
