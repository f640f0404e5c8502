"""Graders for Course 5, "Operations on word vectors".

Four exercises: cosine similarity, completing an analogy by a search over a vocabulary, and Bolukbasi et al.'s
neutralize and equalize steps of debiasing. The references are the kernels of :mod:`dlcourse.wordvec`; the cases
are random vectors and a small random vocabulary (a :class:`dlcourse.data.WordVectors`), plus a few GloVe-like
ones with a known answer.
"""
from __future__ import annotations

import numpy as np

from ..data.glove import WordVectors
from ..wordvec import complete_analogy as _ref_analogy, cosine_similarity as _ref_cos, equalize as _ref_equalize
from ..wordvec import neutralize as _ref_neutralize
from .solutions import c5_word_vectors as _solutions
from ._core import Chapter

__all__ = ["check_cosine_similarity", "check_complete_analogy", "check_neutralize", "check_equalize", "hint",
           "show_solution"]

chapter = Chapter(__name__)
hint, show_solution = chapter.hint, chapter.show_solution
_rng = np.random.default_rng


def _pair(rng, d=50):
    return rng.standard_normal(d), rng.standard_normal(d)


# --- Exercise 1: cosine_similarity ---------------------------------------------------------------------

@chapter.exercise(
    "cosine_similarity", _ref_cos,
    fresh=lambda rng: ("two random 50-vectors", _pair(rng), {}),
    concept="cosine similarity is the dot product of the two vectors divided by the product of their lengths: "
            "it measures the angle between them and ignores how long they are.",
    formula="np.dot(u, v) / (np.sqrt(np.sum(u ** 2)) * np.sqrt(np.sum(v ** 2)))",
    mistakes=[
        (lambda u, v: np.dot(u, v), "divide the dot product by the two norms ||u|| ||v||."),
        (lambda u, v: np.dot(u, v) / (np.sum(u * u) * np.sum(v * v)),
         "the norm is the square root of the sum of squares: np.sqrt(np.sum(u ** 2))."),
        (lambda u, v: np.dot(u, v) / np.linalg.norm(v) ** 2, "divide by ||u|| ||v||, not ||v||^2."),
        (lambda u, v: np.linalg.norm(u - v), "that is the Euclidean distance, not the cosine of the angle."),
    ],
    solution=_solutions.cosine_similarity)
def check_cosine_similarity():
    """``cosine_similarity(u, v) -> float``."""
    rng = _rng(51)
    return [
        ("(2, 0) and (1, 1)", (np.array([2.0, 0.0]), np.array([1.0, 1.0])), {}),
        ("opposite vectors of different lengths", (np.array([1.0, 2, 3]), np.array([-2.0, -4, -6])), {}),
        ("two random 50-vectors, one 10 times longer", (rng.standard_normal(50), 10 * rng.standard_normal(50)), {}),
    ]


# --- Exercise 2: complete_analogy ----------------------------------------------------------------------

def _vocab(rng, V=60, d=8):
    words = [f"w{i}" for i in range(V)]
    return WordVectors(words, rng.standard_normal((V, d)))


def _designed_vocab():
    """c = w2 lies next to a = w0, so that b = w1 itself would be the answer if it were not excluded."""
    rng = _rng(52)
    base = _vocab(rng, 40, 6)
    vec = base.vectors.copy()
    vec[2] = vec[0] + 0.05 * rng.standard_normal(6)
    return WordVectors(base.words, vec)


def _analogy_with(keep_inputs=False, wrong_diff=False, no_minus_c=False, dot=False):
    def analogy(a, b, c, wv):
        ea, eb, ec = wv[a], wv[b], wv[c]
        best, best_s = None, -np.inf
        for w in wv.words:
            if not keep_inputs and w in (a, b, c):
                continue
            target = (ea - eb) if wrong_diff else (eb - ea)
            cand = wv[w] if no_minus_c else wv[w] - ec
            s = np.dot(target, cand) if dot else np.dot(target, cand) / (np.linalg.norm(target) * np.linalg.norm(cand) + 1e-300)
            if s > best_s:
                best, best_s = w, s
        return best
    return analogy


@chapter.exercise(
    "complete_analogy", _ref_analogy,
    fresh=lambda rng: ("a random 60-word vocabulary", ("w1", "w2", "w3", _vocab(rng)), {}),
    concept="the answer d of a : b :: c : d is the word whose offset from c points the same way as b's offset "
            "from a; the three words of the question are not candidates.",
    formula="for every word w not in (a, b, c): sim = cosine_similarity(e_b - e_a, e_w - e_c); keep the w "
            "with the largest sim.",
    mistakes=[
        (_analogy_with(keep_inputs=True), "skip the words a, b and c themselves: they are not allowed as answers."),
        (_analogy_with(wrong_diff=True), "compare with e_b - e_a (from a to b), not e_a - e_b."),
        (_analogy_with(no_minus_c=True), "compare e_b - e_a with the offset e_w - e_c, not with e_w itself."),
        (_analogy_with(dot=True), "compare with the cosine similarity, not the raw dot product (long vectors would win)."),
    ],
    solution=_solutions.complete_analogy)
def check_complete_analogy():
    """``complete_analogy(word_a, word_b, word_c, wv) -> str``."""
    rng = _rng(53)
    return [
        ("a vocabulary whose vectors have very different lengths", ("w3", "w4", "w5", _uneven_vocab()), {}),
        ("a vocabulary where b itself would win if not excluded", ("w0", "w1", "w2", _designed_vocab()), {}),
        ("a random 30-word vocabulary", ("w5", "w9", "w12", _vocab(rng, 30, 5)), {}),
        ("a random 80-word vocabulary", ("w40", "w2", "w7", _vocab(rng, 80, 10)), {}),
    ]


def _uneven_vocab():
    rng = _rng(56)
    base = _vocab(rng, 50, 6)
    return WordVectors(base.words, base.vectors * np.exp(rng.uniform(-2, 2, (50, 1))))


# --- Exercise 3: neutralize ----------------------------------------------------------------------------

@chapter.exercise(
    "neutralize", _ref_neutralize,
    fresh=lambda rng: ("random 50-vectors e and g", _pair(rng), {}),
    concept="remove from e its projection on the bias direction g, so that what is left is orthogonal to g.",
    formula="e_biascomponent = (np.dot(e, g) / np.sum(g ** 2)) * g;  e_debiased = e - e_biascomponent",
    mistakes=[
        (lambda e, g: e - np.dot(e, g) * g, "divide the projection by ||g||^2 (g is not a unit vector)."),
        (lambda e, g: e - np.dot(e, g) / np.linalg.norm(g) * g, "divide by ||g||^2, not ||g||."),
        (lambda e, g: np.dot(e, g) / np.sum(g * g) * g, "return e MINUS its bias component, not the component."),
        (lambda e, g: e - np.dot(e, g) / np.sum(e * e) * g, "the projection divides by ||g||^2, not ||e||^2."),
    ],
    solution=_solutions.neutralize)
def check_neutralize():
    """``neutralize(e, g) -> e_debiased``, (d,) like e."""
    rng = _rng(54)
    return [
        ("e along g plus an orthogonal part", (np.array([3.0, 1.0, 2.0]), np.array([2.0, 0.0, 0.0])), {}),
        ("random 50-vectors, g long", (rng.standard_normal(50), 5 * rng.standard_normal(50)), {}),
    ]


# --- Exercise 4: equalize ------------------------------------------------------------------------------

def _equalize_with(no_orth=False, no_scale=False, swap=False, plain_norm=False):
    def equalize(e_w1, e_w2, g):
        proj = lambda v: np.dot(v, g) / np.sum(g * g) * g
        mu = (e_w1 + e_w2) / 2
        mu_B = proj(mu)
        mu_orth = mu - mu_B
        s = 1 - np.sum(mu_orth ** 2)
        scale = 1.0 if no_scale else np.sqrt(abs(s))
        out = []
        for e in (e_w1, e_w2):
            den = np.linalg.norm(e - mu_orth - mu_B) if not plain_norm else np.linalg.norm(proj(e) - mu_B)
            out.append(scale * (proj(e) - mu_B) / den + (0 if no_orth else mu_orth))
        return (out[1], out[0]) if swap else (out[0], out[1])
    return equalize


@chapter.exercise(
    "equalize", _ref_equalize,
    fresh=lambda rng: ("random 50-vectors scaled like GloVe's", tuple(0.15 * rng.standard_normal((3, 50))), {}),
    concept="both words get the same part orthogonal to g (their mean's, mu_orth) and opposite parts along g, "
            "so that every neutral word is equally similar to the two.",
    formula="mu = (e_w1 + e_w2) / 2; mu_B = proj_g(mu); mu_orth = mu - mu_B; e_wiB = proj_g(e_wi); "
            "corrected_e_wiB = sqrt(|1 - ||mu_orth||^2|) * (e_wiB - mu_B) / ||e_wi - mu_orth - mu_B||; "
            "e_i = corrected_e_wiB + mu_orth, with proj_g(v) = (v . g / ||g||^2) g.",
    mistakes=[
        (_equalize_with(no_scale=True), "scale the bias parts by sqrt(|1 - ||mu_orth||^2|)."),
        (_equalize_with(swap=True), "return (e1, e2) in the order of the words given."),
        (_equalize_with(plain_norm=True),
         "divide by ||e_wi - mu_orth - mu_B||, the whole offset of the word from the mean, not its bias part."),
        (_equalize_with(no_orth=True), "add mu_orth back: e_i = corrected_e_wiB + mu_orth."),
    ],
    solution=_solutions.equalize)
def check_equalize():
    """``equalize(e_w1, e_w2, g) -> (e1, e2)``."""
    rng = _rng(55)
    return [
        ("a pair in 3-D, g along the first axis", (np.array([0.5, 0.2, 0.1]), np.array([-0.3, 0.4, 0.1]),
                                                   np.array([1.0, 0.0, 0.0])), {}),
        ("a long pair (||mu_orth|| > 1)", tuple(rng.standard_normal((3, 20))), {}),
        ("random 50-vectors scaled like GloVe's", tuple(0.15 * rng.standard_normal((3, 50))), {}),
    ]
