"""The weekly quizzes: every question is well formed, and every numeric answer is recomputed here."""
from __future__ import annotations

import math

import numpy as np
import pytest

from dlcourse import init, quiz
from dlcourse.functional import activations

NAMES = [f"course1_week{w}" for w in range(1, 5)]


def _ints(arg: str) -> list[int]:
    return [int(v) for v in arg.split(",")]


def recompute(key: str) -> float:
    """The answer of a numeric question, computed from its 'verify' key with dlcourse or numpy."""
    kind, arg = key.split(":")
    if kind == "dense_params":
        params = init.initialize_parameters(_ints(arg))
        return sum(p.size for p in params.values())
    if kind == "weights":
        n_in, n_out = _ints(arg)
        return init.initialize_parameters([n_in, n_out])["W1"].size
    if kind == "layers":
        return len(init.initialize_parameters(_ints(arg))) // 2
    if kind == "flatten":
        return np.zeros((7, *_ints(arg))).reshape(7, -1).T.shape[0]
    if kind == "sigmoid_derivative":
        return float(activations.sigmoid_derivative(np.array([float(arg)]))[0])
    if kind == "tanh_derivative":
        return float(activations.tanh_derivative(np.array([float(arg)]))[0])
    if kind == "dz":
        a, y = (float(v) for v in arg.split(","))
        z = math.log(a / (1 - a))  # the z with sigmoid(z) = a; dL/dz by a central difference
        loss = lambda z: -(y * math.log(activations.sigmoid(np.array(z))) + (1 - y) * math.log(1 - activations.sigmoid(np.array(z))))
        return (loss(z + 1e-6) - loss(z - 1e-6)) / 2e-6
    if kind == "cost":
        a, y = (np.array([float(v) for v in part.split(",")]) for part in arg.split(";"))
        return float(-np.mean(y * np.log(a) + (1 - y) * np.log(1 - a)))
    raise KeyError(key)


@pytest.mark.parametrize("name", NAMES)
def test_quiz_is_valid_and_mixes_question_kinds(name):
    q = quiz.load(name)
    assert 8 <= len(q["questions"]) <= 10
    assert {x["kind"] for x in q["questions"]} == {"single", "multiple", "numeric"}


@pytest.mark.parametrize("name", NAMES)
def test_every_numeric_answer_is_recomputed(name):
    for x in quiz.load(name)["questions"]:
        if x["kind"] == "numeric":
            assert "verify" in x, x["question"]
            assert abs(recompute(x["verify"]) - x["answer"]) <= max(x["tolerance"], 1e-6), x["question"]


def test_broadcasting_answers_of_week2_hold():
    with pytest.raises(ValueError):
        np.ones((4, 3)) * np.ones((3, 1))
    assert (np.ones((2, 3)) + np.ones((2, 1))).shape == (2, 3)


@pytest.mark.parametrize("bad, match", [
    ({"kind": "single", "question": "q", "options": ["a", "b"], "correct": [0]}, "explanation"),
    ({"kind": "single", "question": "q", "options": ["a", "b"], "correct": [0, 1], "explanation": "e"}, "exactly one"),
    ({"kind": "multiple", "question": "q", "options": ["a", "b"], "correct": [2], "explanation": "e"}, "indices"),
    ({"kind": "numeric", "question": "q", "explanation": "e"}, "number"),
    ({"kind": "essay", "question": "q", "explanation": "e"}, "kind"),
])
def test_validate_names_the_broken_question(bad, match):
    with pytest.raises(ValueError, match=match):
        quiz.validate({"title": "t", "questions": [bad]}, "demo")


def test_html_is_self_contained_and_deterministic():
    html = quiz.to_html(quiz.load("course1_week2"), "course1_week2")
    assert html == quiz.to_html(quiz.load("course1_week2"), "course1_week2")
    assert "http" not in html and " src=" not in html and "@import" not in html
    assert html.count('class="dlq-question"') == 9 and html.count("dlq-feedback") >= 9


def test_options_are_shuffled_but_the_right_ones_stay_right():
    """On the page the right answer is not always first, and data-correct points at the right texts."""
    import html as html_lib
    import re
    first = []
    for name in NAMES:
        q = quiz.load(name)
        page = quiz.to_html(q, name)
        blocks = page.split('<div class="dlq-question"')[1:]
        for block, question in zip(blocks, q["questions"]):
            if question["kind"] == "numeric":
                continue
            shown = [html_lib.unescape(t) for t in re.findall(r'value="\d+"> (.*?)</label>', block)]
            correct = [int(c) for c in re.search(r'data-correct="([\d,]+)"', block).group(1).split(",")]
            assert sorted(shown) == sorted(question["options"])
            assert sorted(shown[c] for c in correct) == sorted(question["options"][c] for c in question["correct"])
            if question["kind"] == "single":
                first.append(correct[0] == 0)
    assert first and sum(first) < len(first) / 2, "the right answer is still mostly the first option"
