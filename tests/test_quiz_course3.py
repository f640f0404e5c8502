"""Course 3's two case studies (its weekly quizzes): well formed, every decision with its scenario, every
numeric answer recomputed from the scenario's numbers, and rendered self-contained with the case text."""
from __future__ import annotations

import html as html_lib
import re

import pytest

from dlcourse import quiz

NAMES = ["course3_birds", "course3_driving"]


def recompute(key: str) -> float:
    """The answer of a numeric question from its 'verify' key: ``diff:a,b`` = a - b (a gap between two
    error rates, in points); ``share:err,k,n`` = err * k / n (the part of an error rate due to k of n
    analysed mistakes)."""
    kind, arg = key.split(":")
    values = [float(v) for v in arg.split(",")]
    if kind == "diff":
        a, b = values
        return a - b
    if kind == "share":
        err, k, n = values
        return err * k / n
    raise KeyError(key)


def _numbers(text: str) -> list[float]:
    return [float(v) for v in re.findall(r"\d+(?:\.\d+)?", text.replace(",", ""))]


@pytest.mark.parametrize("name", NAMES)
def test_case_study_is_valid_with_a_scenario_per_decision(name):
    q = quiz.load(name)
    assert q["intro"].strip()
    assert 12 <= len(q["questions"]) <= 15
    assert {x["kind"] for x in q["questions"]} == {"single", "multiple", "numeric"}
    assert sum(x["kind"] == "numeric" for x in q["questions"]) >= 3
    for x in q["questions"]:
        assert x["scenario"].strip(), x["question"]


@pytest.mark.parametrize("name", NAMES)
def test_every_numeric_answer_follows_from_its_scenario(name):
    for x in quiz.load(name)["questions"]:
        if x["kind"] != "numeric":
            continue
        assert abs(recompute(x["verify"]) - x["answer"]) <= max(x["tolerance"], 1e-9), x["question"]
        # the numbers the answer is computed from are the scenario's own
        given = _numbers(x["scenario"])
        for v in (float(v) for v in x["verify"].split(":")[1].split(",")):
            assert v in given, (v, x["scenario"])


def test_the_error_gaps_add_up():
    """Case 2: bias + variance + data mismatch + dev overfitting = test error - human level."""
    qs = {x["verify"]: x["answer"] for x in quiz.load("course3_driving")["questions"] if x["kind"] == "numeric"}
    assert qs["diff:7.0,0.5"] + qs["diff:7.5,7.0"] + qs["diff:13.0,7.5"] == pytest.approx(13.0 - 0.5)


@pytest.mark.parametrize("name", NAMES)
def test_rendered_with_intro_and_scenarios_self_contained(name):
    q = quiz.load(name)
    page = quiz.to_html(q, name)
    assert page == quiz.to_html(q, name)
    assert "http" not in page and " src=" not in page and "@import" not in page
    assert page.count('class="dlq-question"') == len(q["questions"])
    assert page.count('class="dlq-scenario"') == len(q["questions"])
    assert html_lib.escape(q["intro"]) in page
    blocks = page.split('<div class="dlq-question"')[1:]
    first = []
    for block, question in zip(blocks, q["questions"]):
        assert html_lib.escape(question["scenario"]) in block
        if question["kind"] == "numeric":
            continue
        shown = [html_lib.unescape(t) for t in re.findall(r'value="\d+"> (.*?)</label>', block)]
        correct = [int(c) for c in re.search(r'data-correct="([\d,]+)"', block).group(1).split(",")]
        assert sorted(shown[c] for c in correct) == sorted(question["options"][c] for c in question["correct"])
        if question["kind"] == "single":
            first.append(correct[0] == 0)
    assert sum(first) < len(first) / 2, "the right answer is still mostly shown first"


@pytest.mark.parametrize("bad, match", [
    ({"intro": ""}, "intro"),
    ({"questions": [{"kind": "single", "question": "q", "options": ["a", "b"], "correct": [0],
                     "explanation": "e", "scenario": "  "}]}, "scenario"),
])
def test_validate_refuses_empty_case_text(bad, match):
    q = {"title": "t", "questions": [{"kind": "numeric", "question": "q", "answer": 1, "explanation": "e"}], **bad}
    with pytest.raises(ValueError, match=match):
        quiz.validate(q, "demo")
