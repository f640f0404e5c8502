"""dlcourse.wordvec: cosine similarity, skip-gram negative sampling and GloVe losses, gradchecked."""
import numpy as np
import pytest

from dlcourse.gradcheck import check_gradients
from dlcourse.wordvec import (cosine_similarity, glove_backward, glove_forward, glove_weight, init_embeddings,
                              skipgram_ns_backward, skipgram_ns_forward)


def test_cosine_similarity_known_values_and_errors():
    assert cosine_similarity([1.0, 0.0], [1.0, 1.0]) == pytest.approx(2 ** -0.5)
    assert cosine_similarity(np.array([1, 2, 3.0]), np.array([-2, -4, -6.0])) == pytest.approx(-1)
    with pytest.raises(ValueError, match="zero vector"):
        cosine_similarity([0.0, 0.0], [1.0, 0.0])
    with pytest.raises(ValueError, match="same length"):
        cosine_similarity([1.0, 0.0], [1.0, 0.0, 0.0])
    with pytest.raises(ValueError, match="u must be"):
        cosine_similarity(np.ones((2, 2)), [1.0, 0.0])


def _sg_case(dtype, V=12, d=4, m=7, k=3, seed=0):
    rng = np.random.default_rng(seed)
    E = rng.standard_normal((V, d)).astype(dtype)
    theta = rng.standard_normal((V, d)).astype(dtype)
    c, t = rng.integers(0, V, m), rng.integers(0, V, m)
    n = rng.integers(0, V, (m, k))
    n[0, 0] = c[0]  # repeated rows and a negative equal to a centre: np.add.at must accumulate
    n[1] = t[1]
    return E, theta, c, t, n


def test_skipgram_ns_loss_matches_a_direct_formula():
    E, theta, c, t, n = _sg_case(np.float64)
    sig = lambda z: 1 / (1 + np.exp(-z))
    direct = np.mean([-np.log(sig(theta[t[i]] @ E[c[i]])) - sum(np.log(sig(-theta[j] @ E[c[i]])) for j in n[i])
                      for i in range(len(c))])
    loss, _ = skipgram_ns_forward(E, theta, c, t, n)
    assert loss == pytest.approx(direct, rel=1e-12)


def test_skipgram_ns_backward_gradchecks():
    E, theta, c, t, n = _sg_case(np.float64)
    _, cache = skipgram_ns_forward(E, theta, c, t, n)
    dE, dtheta = skipgram_ns_backward(cache)
    diff = check_gradients(lambda: float(skipgram_ns_forward(E, theta, c, t, n)[0]), {"E": E, "theta": theta},
                           {"E": dE, "theta": dtheta})
    assert max(diff.values()) < 1e-7, diff


def test_skipgram_ns_keeps_float32_and_is_stable_for_large_scores():
    E, theta, c, t, n = _sg_case(np.float32)
    loss, cache = skipgram_ns_forward(E * 1e3, theta * 1e3, c, t, n)
    dE, dtheta = skipgram_ns_backward(cache)
    assert np.isfinite(loss) and loss.dtype == np.float32 and dE.dtype == dtheta.dtype == np.float32
    assert np.all(np.isfinite(dE)) and np.all(np.isfinite(dtheta))


def test_skipgram_ns_errors_name_the_argument():
    E, theta, c, t, n = _sg_case(np.float64)
    with pytest.raises(ValueError, match="negatives"):
        skipgram_ns_forward(E, theta, c, t, n.ravel())
    with pytest.raises(ValueError, match="contexts holds indices outside"):
        skipgram_ns_forward(E, theta, c, t + 100, n)
    with pytest.raises(ValueError, match="same shape"):
        skipgram_ns_forward(E, theta[:, :2], c, t, n)
    with pytest.raises(ValueError, match="centers must be"):
        skipgram_ns_forward(E, theta, c.astype(float), t, n)


def _glove_case(dtype, V=9, d=3, P=20, seed=1):
    rng = np.random.default_rng(seed)
    W, Wt = rng.standard_normal((V, d)).astype(dtype), rng.standard_normal((V, d)).astype(dtype)
    b, bt = rng.standard_normal(V).astype(dtype), rng.standard_normal(V).astype(dtype)
    i, j = rng.integers(0, V, P), rng.integers(0, V, P)
    x = rng.integers(1, 300, P).astype(dtype)
    return W, Wt, b, bt, i, j, x


def test_glove_weight():
    assert glove_weight(np.array([0.0, 50, 100, 400])).tolist() == pytest.approx([0, 0.5 ** 0.75, 1, 1])
    with pytest.raises(ValueError, match="non-negative"):
        glove_weight(np.array([-1.0]))


def test_glove_loss_and_backward_gradcheck():
    W, Wt, b, bt, i, j, x = _glove_case(np.float64)
    loss, cache = glove_forward(W, Wt, b, bt, i, j, x)
    direct = sum(min(1, (x[p] / 100) ** 0.75) * (W[i[p]] @ Wt[j[p]] + b[i[p]] + bt[j[p]] - np.log(x[p])) ** 2
                 for p in range(len(x)))
    assert loss == pytest.approx(direct, rel=1e-12)
    dW, dWt, db, dbt = glove_backward(cache)
    diff = check_gradients(lambda: float(glove_forward(W, Wt, b, bt, i, j, x)[0]),
                           {"W": W, "Wt": Wt, "b": b, "bt": bt}, {"W": dW, "Wt": dWt, "b": db, "bt": dbt})
    assert max(diff.values()) < 1e-7, diff


def test_glove_float32_and_errors():
    W, Wt, b, bt, i, j, x = _glove_case(np.float32)
    loss, cache = glove_forward(W, Wt, b, bt, i, j, x)
    assert loss.dtype == np.float32 and all(g.dtype == np.float32 for g in glove_backward(cache))
    with pytest.raises(ValueError, match="counts must be positive"):
        glove_forward(W, Wt, b, bt, i, j, x * 0)
    with pytest.raises(ValueError, match="cols holds indices"):
        glove_forward(W, Wt, b, bt, i, j + 50, x)


def test_init_embeddings():
    E = init_embeddings(10, 4, seed=3, dtype=np.float32)
    assert E.shape == (10, 4) and E.dtype == np.float32 and np.abs(E).max() <= 0.125
    assert np.array_equal(E, init_embeddings(10, 4, seed=3, dtype=np.float32))
    with pytest.raises(ValueError, match="positive integers"):
        init_embeddings(0, 4)


def test_neutralize_and_equalize_on_small_vectors():
    from dlcourse.wordvec import equalize, neutralize
    g = np.array([1.0, 0.0, 0.0])
    assert neutralize(np.array([0.3, 0.4, 0.5]), g).tolist() == pytest.approx([0, 0.4, 0.5])
    e1, e2 = equalize(np.array([0.5, 0.2, 0.1]), np.array([-0.3, 0.4, 0.1]), g)
    assert e1[1:] == pytest.approx(e2[1:]) and e1[0] == pytest.approx(-e2[0])
    # the pair differs only along g, symmetric about the neutral subspace: equally similar to a neutral word
    w = np.array([0.0, 0.3, -0.7])
    assert cosine_similarity(e1, w) == pytest.approx(cosine_similarity(e2, w))
    with pytest.raises(ValueError, match="g non-zero"):
        neutralize(np.ones(3), np.zeros(3))


def test_glove_numbers_of_the_original_course():
    from dlcourse.data import load_glove
    from dlcourse.wordvec import ANALOGY_SET, analogy_accuracy, complete_analogy, equalize, neutralize
    wv = load_glove()
    assert complete_analogy("italy", "italian", "spain", wv) == "spanish"
    assert complete_analogy("india", "delhi", "japan", wv) == "tokyo"
    assert complete_analogy("man", "woman", "boy", wv) == "girl"
    assert complete_analogy("small", "smaller", "large", wv) == "larger"
    g = wv["woman"] - wv["man"]
    assert cosine_similarity(wv["receptionist"], g) == pytest.approx(0.330779417506, abs=5e-4)
    assert abs(cosine_similarity(neutralize(wv["receptionist"], g), g)) < 1e-6
    e1, e2 = equalize(wv["man"], wv["woman"], g)
    assert cosine_similarity(e1, g) == pytest.approx(-0.700436428931, abs=5e-4)
    assert cosine_similarity(e2, g) == pytest.approx(0.700436428931, abs=5e-4)
    acc = analogy_accuracy(wv, ANALOGY_SET)
    assert acc["overall"] == (45, 100) and all(n == 20 for _, n in list(acc.values())[:-1])
