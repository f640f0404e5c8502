"""Worked solutions of the exercises of "Operations on word vectors".

``grader.show_solution("<exercise>")`` prints them. They are the learner-style answers (each checked by its
grader in the tests), not the library kernels of :mod:`dlcourse.wordvec`.
"""
import numpy as np


def cosine_similarity(u, v):
    dot = np.dot(u, v)
    norm_u = np.sqrt(np.sum(u * u))
    norm_v = np.sqrt(np.sum(v * v))
    return dot / (norm_u * norm_v)


def complete_analogy(word_a, word_b, word_c, wv):
    e_a, e_b, e_c = wv[word_a], wv[word_b], wv[word_c]
    best_word, max_cosine_sim = None, -np.inf
    for w in wv.words:
        if w in (word_a, word_b, word_c):
            continue
        sim = cosine_similarity(e_b - e_a, wv[w] - e_c)
        if sim > max_cosine_sim:
            best_word, max_cosine_sim = w, sim
    return best_word


def neutralize(e, g):
    e_biascomponent = np.dot(e, g) / np.sum(g * g) * g
    return e - e_biascomponent


def equalize(e_w1, e_w2, g):
    mu = (e_w1 + e_w2) / 2
    mu_B = np.dot(mu, g) / np.sum(g * g) * g
    mu_orth = mu - mu_B
    e_w1B = np.dot(e_w1, g) / np.sum(g * g) * g
    e_w2B = np.dot(e_w2, g) / np.sum(g * g) * g
    scale = np.sqrt(np.abs(1 - np.sum(mu_orth * mu_orth)))
    corrected_e_w1B = scale * (e_w1B - mu_B) / np.linalg.norm(e_w1 - mu_orth - mu_B)
    corrected_e_w2B = scale * (e_w2B - mu_B) / np.linalg.norm(e_w2 - mu_orth - mu_B)
    return corrected_e_w1B + mu_orth, corrected_e_w2B + mu_orth
