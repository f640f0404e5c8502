"""Word-vector kernels of Course 5, week 2: cosine similarity, word2vec's skip-gram with negative sampling and
the GloVe objective, each a forward returning ``(loss, cache)`` and a backward returning the gradients.

Conventions: a vocabulary of ``V`` words, vectors of ``d`` dimensions stored one per ROW, ``E`` (V, d) the
centre-word ("target") embeddings and ``theta`` (V, d) the context-word ("output") vectors, as in the lectures'
``theta_t . e_c``. Word indices are integer arrays. Gradients are dense arrays of the parameters' shapes; rows of
words not in the batch are zero. float32 and float64 are kept as given.

* skip-gram with negative sampling (Mikolov et al. 2013), for ``m`` (centre c, context t) pairs and ``k``
  negatives n_1..n_k per pair:
  ``L = (1/m) sum_i [ -log sigmoid(theta_t . e_c) - sum_j log sigmoid(-theta_{n_j} . e_c) ]``
* GloVe (Pennington et al. 2014), for the non-zero co-occurrence counts X_ij of ``m`` pairs:
  ``J = sum_pairs f(X_ij) (w_i . wt_j + b_i + bt_j - log X_ij)^2`` with ``f(x) = min(1, (x / x_max)^alpha)``
"""
from __future__ import annotations

import numpy as np

__all__ = ["cosine_similarity", "complete_analogy", "analogy_accuracy", "neutralize", "equalize", "ANALOGY_SET", "init_embeddings", "skipgram_ns_forward", "skipgram_ns_backward", "glove_weight",
           "glove_forward", "glove_backward", "sigmoid_log"]


def _float_array(name: str, x, ndim: int) -> np.ndarray:
    x = np.asarray(x)
    if x.dtype.kind not in "fiu" or x.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-D numeric array, got {x.dtype} with shape {x.shape}")
    return x if x.dtype.kind == "f" else x.astype(np.float64)


def _index_array(name: str, idx, ndim: int, V: int) -> np.ndarray:
    idx = np.asarray(idx)
    if idx.dtype.kind not in "iu" or idx.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-D integer array of word indices, got {idx.dtype} {idx.shape}")
    if idx.size and (idx.min() < 0 or idx.max() >= V):
        raise ValueError(f"{name} holds indices outside [0, {V}): min {idx.min()}, max {idx.max()}")
    return idx.astype(np.int64)


def cosine_similarity(u, v) -> float:
    """``u . v / (||u|| ||v||)`` of two 1-D vectors of the same length; ValueError for a zero vector."""
    u = _float_array("u", u, 1)
    v = _float_array("v", v, 1)
    if u.shape != v.shape:
        raise ValueError(f"u and v must have the same length, got {u.shape[0]} and {v.shape[0]}")
    nu, nv = np.linalg.norm(u), np.linalg.norm(v)
    if nu == 0 or nv == 0:
        raise ValueError(f"cosine similarity is undefined for a zero vector ({'u' if nu == 0 else 'v'} is zero)")
    return float(np.dot(u, v) / (nu * nv))


def init_embeddings(V: int, d: int, seed: int = 0, dtype=np.float64) -> np.ndarray:
    """A (V, d) matrix drawn uniformly from [-0.5/d, 0.5/d) (word2vec's initialisation), from ``default_rng(seed)``."""
    if not (isinstance(V, (int, np.integer)) and V > 0 and isinstance(d, (int, np.integer)) and d > 0):
        raise ValueError(f"V and d must be positive integers, got V={V!r}, d={d!r}")
    dtype = np.dtype(dtype)
    if dtype not in (np.float32, np.float64):
        raise ValueError(f"dtype must be float32 or float64, got {dtype}")
    rng = np.random.default_rng(seed)
    return ((rng.random((int(V), int(d))) - 0.5) / d).astype(dtype)


def sigmoid_log(z: np.ndarray) -> np.ndarray:
    """``log sigmoid(z)`` computed without overflow: ``-log(1 + exp(-z))``."""
    return -np.logaddexp(0, -z)


def _sigmoid(z):
    return np.exp(sigmoid_log(z))


def skipgram_ns_forward(E, theta, centers, contexts, negatives):
    """Skip-gram negative-sampling loss, averaged over the ``m`` pairs.

    ``E``, ``theta``: (V, d); ``centers``, ``contexts``: (m,) word indices; ``negatives``: (m, k) word indices.
    Returns ``(loss, cache)``; ``cache["context_rows"]`` (m, k+1) lists the rows of ``theta`` the step touches
    (the true context word first)."""
    E = _float_array("E", E, 2)
    theta = _float_array("theta", theta, 2)
    if E.shape != theta.shape:
        raise ValueError(f"E and theta must have the same shape (V, d), got {E.shape} and {theta.shape}")
    V = E.shape[0]
    c = _index_array("centers", centers, 1, V)
    t = _index_array("contexts", contexts, 1, V)
    n = _index_array("negatives", negatives, 2, V)
    if not (c.shape[0] == t.shape[0] == n.shape[0]) or c.shape[0] == 0:
        raise ValueError(f"centers, contexts and negatives must have the same number m >= 1 of rows, got "
                         f"{c.shape[0]}, {t.shape[0]}, {n.shape[0]}")
    rows = np.concatenate([t[:, None], n], axis=1)            # (m, k+1)
    sign = np.ones(rows.shape, dtype=E.dtype)
    sign[:, 1:] = -1                                            # +1: true pair, -1: negative
    e = E[c]                                                    # (m, d)
    th = theta[rows]                                            # (m, k+1, d)
    s = np.einsum("mkd,md->mk", th, e)                          # scores theta . e
    m = c.shape[0]
    loss = -np.sum(sigmoid_log(sign * s)) / m
    cache = {"E_shape": E.shape, "dtype": E.dtype, "centers": c, "context_rows": rows, "sign": sign, "e": e,
             "th": th, "s": s}
    return E.dtype.type(loss), cache


def skipgram_ns_backward(cache):
    """Gradients ``(dE, dtheta)`` of :func:`skipgram_ns_forward`'s loss: with ``y = +-1``,
    d/ds [-log sigmoid(y s)] = -y sigmoid(-y s), then ds/de_c = theta_row and ds/dtheta_row = e_c."""
    sign, s, e, th, rows = cache["sign"], cache["s"], cache["e"], cache["th"], cache["context_rows"]
    m = s.shape[0]
    ds = -sign * _sigmoid(-sign * s) / m                        # (m, k+1)
    dE = np.zeros(cache["E_shape"], dtype=cache["dtype"])
    dtheta = np.zeros(cache["E_shape"], dtype=cache["dtype"])
    np.add.at(dE, cache["centers"], np.einsum("mk,mkd->md", ds, th))
    np.add.at(dtheta, rows.reshape(-1), (ds[:, :, None] * e[:, None, :]).reshape(-1, e.shape[1]))
    return dE, dtheta


def glove_weight(x, x_max: float = 100.0, alpha: float = 0.75) -> np.ndarray:
    """GloVe's weighting ``f(x) = (x / x_max)^alpha`` below ``x_max``, 1 above (and f(0) = 0)."""
    x = np.asarray(x)
    if x.dtype.kind not in "fiu" or (x.size and x.min() < 0):
        raise ValueError("x must hold non-negative co-occurrence counts")
    if not x_max > 0 or not alpha > 0:
        raise ValueError(f"x_max and alpha must be positive, got x_max={x_max!r}, alpha={alpha!r}")
    return np.minimum(1.0, (x / x_max) ** alpha)


def glove_forward(W, Wt, b, bt, rows, cols, counts, x_max: float = 100.0, alpha: float = 0.75):
    """GloVe's weighted least-squares loss over the pairs ``(rows[p], cols[p])`` with counts ``counts[p] > 0``.

    ``W``, ``Wt``: (V, d) word and context vectors; ``b``, ``bt``: (V,) biases. Returns ``(loss, cache)``."""
    W = _float_array("W", W, 2)
    Wt = _float_array("Wt", Wt, 2)
    b = _float_array("b", b, 1)
    bt = _float_array("bt", bt, 1)
    V = W.shape[0]
    if Wt.shape != W.shape or b.shape != (V,) or bt.shape != (V,):
        raise ValueError(f"W, Wt must be (V, d) and b, bt (V,): got {W.shape}, {Wt.shape}, {b.shape}, {bt.shape}")
    i = _index_array("rows", rows, 1, V)
    j = _index_array("cols", cols, 1, V)
    x = np.asarray(counts)
    if x.shape != i.shape or j.shape != i.shape or i.size == 0:
        raise ValueError(f"rows, cols and counts must have the same length >= 1, got {i.shape}, {j.shape}, {x.shape}")
    if x.dtype.kind not in "fiu" or x.min() <= 0:
        raise ValueError("counts must be positive (only the non-zero co-occurrence counts enter GloVe's loss)")
    f = glove_weight(x, x_max, alpha).astype(W.dtype)
    diff = np.einsum("pd,pd->p", W[i], Wt[j]) + b[i] + bt[j] - np.log(x).astype(W.dtype)
    loss = np.sum(f * diff ** 2)
    cache = {"W": W, "Wt": Wt, "i": i, "j": j, "f": f, "diff": diff}
    return W.dtype.type(loss), cache


def glove_backward(cache):
    """Gradients ``(dW, dWt, db, dbt)`` of :func:`glove_forward`'s loss: with g = 2 f diff,
    dW_i += g Wt_j, dWt_j += g W_i, db_i += g, dbt_j += g (summed over the pairs)."""
    W, Wt, i, j = cache["W"], cache["Wt"], cache["i"], cache["j"]
    g = 2 * cache["f"] * cache["diff"]
    dW, dWt = np.zeros_like(W), np.zeros_like(Wt)
    db, dbt = np.zeros(W.shape[0], W.dtype), np.zeros(W.shape[0], W.dtype)
    np.add.at(dW, i, g[:, None] * Wt[j])
    np.add.at(dWt, j, g[:, None] * W[i])
    np.add.at(db, i, g)
    np.add.at(dbt, j, g)
    return dW, dWt, db, dbt


# --- analogies and debiasing (Bolukbasi et al. 2016) ---------------------------------------------------------

def _unit_rows(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def complete_analogy(word_a: str, word_b: str, word_c: str, wv, unit_vectors=None) -> str:
    """The word d with a : b :: c : d, i.e. the word w (not a, b or c) maximising cos(e_b - e_a, e_w - e_c),
    searched over the vocabulary of ``wv`` (a :class:`dlcourse.data.WordVectors`). ``unit_vectors``: the
    vocabulary's vectors divided by their norms, to reuse over many questions (computed if None)."""
    words = [w.lower() for w in (word_a, word_b, word_c)]
    ea, eb, ec = (wv.vector(w).astype(np.float64) for w in words)
    diff = eb - ea
    nd = np.linalg.norm(diff)
    if nd == 0:
        raise ValueError(f"{word_a!r} and {word_b!r} have the same vector: the analogy has no direction")
    cand = wv.vectors.astype(np.float64) - ec                     # e_w - e_c for every w
    scores = cand @ diff / (np.linalg.norm(cand, axis=1) * nd + 1e-300)
    for w in words:
        scores[wv.index(w)] = -np.inf
    return wv.words[int(np.argmax(scores))]


def analogy_accuracy(wv, analogies) -> dict:
    """Fraction of the analogies ``(a, b, c, d)`` that :func:`complete_analogy` answers with ``d``, per category.

    ``analogies``: ``{category: [(a, b, c, d), ...]}``. Returns ``{category: (n_right, n), ..., "overall": (n_right, n)}``."""
    out, right, total = {}, 0, 0
    for cat, items in analogies.items():
        r = sum(complete_analogy(a, b, c, wv) == d for a, b, c, d in items)
        out[cat] = (int(r), len(items))
        right, total = right + r, total + len(items)
    out["overall"] = (int(right), total)
    return out


def neutralize(e, g) -> np.ndarray:
    """``e`` with its component along the bias direction ``g`` removed: ``e - (e . g / ||g||^2) g``."""
    e = _float_array("e", e, 1)
    g = _float_array("g", g, 1)
    if e.shape != g.shape or not np.any(g):
        raise ValueError(f"e and g must be 1-D of the same length and g non-zero, got {e.shape}, {g.shape}")
    return e - (e @ g) / (g @ g) * g


def equalize(e_w1, e_w2, g):
    """Bolukbasi et al.'s equalization of a definitional pair (e.g. actor / actress) about the bias direction
    ``g``, as in the original course: both words get the same component orthogonal to ``g`` (their mean's) and
    opposite components along ``g`` (scaled by sqrt(|1 - ||mu_orth||^2|) / ||e - mu||, the original formula).
    Returns ``(e1, e2)``."""
    e_w1 = _float_array("e_w1", e_w1, 1)
    e_w2 = _float_array("e_w2", e_w2, 1)
    g = _float_array("g", g, 1)
    if not (e_w1.shape == e_w2.shape == g.shape) or not np.any(g):
        raise ValueError("e_w1, e_w2 and g must be 1-D of the same length, g non-zero")
    mu = (e_w1 + e_w2) / 2
    proj = lambda v: (v @ g) / (g @ g) * g
    mu_B = proj(mu)
    mu_orth = mu - mu_B
    scale = np.sqrt(np.abs(1 - mu_orth @ mu_orth))
    out = []
    for e in (e_w1, e_w2):
        e_B = proj(e)
        out.append(scale * (e_B - mu_B) / np.linalg.norm(e - mu_orth - mu_B) + mu_orth)
    return out[0], out[1]


#: Our own analogy questions (a : b :: c : d), written for this course (not the original course's, which has
#: none to score): 5 categories of 20, common words only (all in the 40,000 most frequent GloVe words).
ANALOGY_SET = {
    "capital": [("france", "paris", c, d) for c, d in (
        ("italy", "rome"), ("spain", "madrid"), ("germany", "berlin"), ("japan", "tokyo"), ("russia", "moscow"),
        ("china", "beijing"), ("egypt", "cairo"), ("greece", "athens"), ("portugal", "lisbon"),
        ("poland", "warsaw"), ("austria", "vienna"), ("sweden", "stockholm"), ("norway", "oslo"),
        ("finland", "helsinki"), ("ireland", "dublin"), ("hungary", "budapest"), ("kenya", "nairobi"),
        ("thailand", "bangkok"), ("cuba", "havana"), ("peru", "lima"))],
    "gender": [("man", "woman", c, d) for c, d in (
        ("king", "queen"), ("boy", "girl"), ("brother", "sister"), ("father", "mother"), ("son", "daughter"),
        ("husband", "wife"), ("uncle", "aunt"), ("nephew", "niece"), ("prince", "princess"), ("he", "she"),
        ("his", "her"), ("grandfather", "grandmother"), ("actor", "actress"), ("mr", "mrs"),
        ("boys", "girls"), ("sons", "daughters"), ("brothers", "sisters"), ("kings", "queens"),
        ("emperor", "empress"), ("duke", "duchess"))],
    "plural": [("car", "cars", c, d) for c, d in (
        ("dog", "dogs"), ("house", "houses"), ("tree", "trees"), ("bird", "birds"), ("book", "books"),
        ("city", "cities"), ("child", "children"), ("woman", "women"), ("man", "men"), ("mouse", "mice"),
        ("hand", "hands"), ("eye", "eyes"), ("road", "roads"), ("country", "countries"), ("horse", "horses"),
        ("computer", "computers"), ("game", "games"), ("river", "rivers"), ("window", "windows"),
        ("student", "students"))],
    "comparative": [("small", "smaller", c, d) for c, d in (
        ("large", "larger"), ("big", "bigger"), ("fast", "faster"), ("slow", "slower"), ("strong", "stronger"),
        ("weak", "weaker"), ("old", "older"), ("young", "younger"), ("high", "higher"), ("low", "lower"),
        ("long", "longer"), ("short", "shorter"), ("cheap", "cheaper"), ("easy", "easier"), ("hard", "harder"),
        ("warm", "warmer"), ("cold", "colder"), ("good", "better"), ("bad", "worse"), ("deep", "deeper"))],
    "past tense": [("walk", "walked", c, d) for c, d in (
        ("go", "went"), ("see", "saw"), ("take", "took"), ("give", "gave"), ("eat", "ate"), ("write", "wrote"),
        ("run", "ran"), ("speak", "spoke"), ("play", "played"), ("jump", "jumped"), ("sing", "sang"),
        ("swim", "swam"), ("fly", "flew"), ("know", "knew"), ("buy", "bought"), ("think", "thought"),
        ("bring", "brought"), ("sell", "sold"), ("teach", "taught"), ("fall", "fell"))],
}
