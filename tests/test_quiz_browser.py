"""A weekly quiz on the built site works in a real browser, offline: it renders, and answering a
question shows its feedback (right or wrong, with the explanation).

Drives plain headless Chromium (Debian package ``chromium``; no extra Python package): a copy of the
built quiz page, with a few lines appended that answer two questions and press Check, is opened from
disk with ``--dump-dom``, and the DOM after the page's scripts ran is inspected. The copy sits next to
the original so that the page's own scripts and styles load as on the site; networking is disabled.
Skips (with the reason) where the site is not built or Chromium is missing, unless
DLCOURSE_REQUIRE_BUILD=1 (set by .ci/run), where it must run.
"""
from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest

from _browser import SITE, chromium, dump_dom, dump_driven, need_page
from dlcourse import quiz

PAGE = SITE / "notebooks" / "course1" / "quiz_week2.html"

DRIVER = """
<script>
window.addEventListener("load", function () {
  var qs = document.querySelectorAll(".dlq-question");
  qs[0].querySelector("input").value = "12288";           // right (64 x 64 x 3)
  qs[0].querySelector(".dlq-check").click();
  var right = qs[2].dataset.correct.split(",");              // options are shuffled on the page:
  Array.prototype.find.call(qs[2].querySelectorAll("input"),  // tick one that is not correct
    function (b) { return right.indexOf(b.value) < 0; }).checked = true;
  qs[2].querySelector(".dlq-check").click();
  document.body.setAttribute("data-quiz-driven", "yes");
});
</script>
"""


def _question(dom: str, n: int) -> str:
    blocks = dom.split('class="dlq-question"')
    assert len(blocks) > n, "quiz did not render"
    return blocks[n]


def test_quiz_renders_and_answering_shows_feedback():
    need_page(PAGE)
    html = PAGE.read_text(encoding="utf-8")
    assert html.count('class="dlq-question"') == 9
    dom = dump_driven(PAGE, DRIVER, "quiz_week2")
    right, untouched, wrong = _question(dom, 1), _question(dom, 2), _question(dom, 3)
    feedback = re.compile(r'<div class="dlq-feedback([^"]*)"( hidden="")?><span class="dlq-verdict">([^<]*)</span>')
    m = feedback.search(right)
    assert m and "dlq-right" in m.group(1) and not m.group(2) and m.group(3) == "Correct.", right[-600:]
    assert "64 x 64 pixels x 3" in right
    m = feedback.search(wrong)
    assert m and "dlq-wrong" in m.group(1) and not m.group(2) and m.group(3) == "Not quite.", wrong[-600:]
    m = feedback.search(untouched)
    assert m and m.group(2), "an unanswered question must keep its feedback hidden"


# --- the Course 4 quizzes, rendered by dlcourse.quiz into a bare page (no book build needed) -------------

ANSWER_ALL = """
<script>
window.addEventListener("load", function () {
  var typed = %(typed)s;  // question number -> what the learner types; other questions are answered right
  document.querySelectorAll(".dlq-question").forEach(function (q, i) {
    if (q.dataset.kind === "numeric") {
      var near = parseFloat(q.dataset.answer) + 0.9 * parseFloat(q.dataset.tolerance);
      q.querySelector("input").value = (i + 1) in typed ? typed[i + 1] : String(near);
    } else {
      var right = q.dataset.correct.split(",");
      q.querySelectorAll("input").forEach(function (b) { b.checked = right.indexOf(b.value) >= 0; });
    }
    q.querySelector(".dlq-check").click();
  });
  document.body.setAttribute("data-quiz-driven", "yes");
});
</script>
"""

#: Answers a learner would type, and whether the quiz must accept them: rounded counts within the
#: tolerance the questions promise, thousands separators and a decimal comma, and answers that are off
#: (a forgotten "+ 1", a forgotten bias, too rough a rounding). Question number -> (typed, accepted).
TYPED = [
    ("course4_week1", {2: ("-15", True), 3: ("21", True), 4: ("7", False), 6: ("18 464", True),
                       9: ("1,228,900", True), 10: ("2,400", False)}),
    ("course4_week2", {3: ("1,5", True), 5: ("6144", False), 6: ("120000000", True), 7: ("12,400,000", True),
                       9: ("0.127", True)}),
    ("course4_week2", {6: ("1.2e8", True), 7: ("12 000 000", False), 9: ("0.13", False)}),
]


def _check_verdicts(dom: str, questions: list, answers: dict) -> None:
    verdicts = re.findall(r'<div class="dlq-feedback ([^"]*)"><span class="dlq-verdict">([^<]*)</span>', dom)
    assert len(verdicts) == len(questions), "every question must show its feedback after Check"
    for n, (css, verdict) in enumerate(verdicts, 1):
        accepted = answers.get(n, (None, True))[1]
        assert (css, verdict) == (("dlq-right", "Correct.") if accepted else ("dlq-wrong", "Not quite.")), \
            (n, answers.get(n), questions[n - 1]["question"])


@pytest.mark.parametrize("name, answers", TYPED)
def test_course4_quiz_accepts_right_answers_and_rejects_wrong_ones_in_a_browser(name, answers, tmp_path):
    chromium()
    q = quiz.load(name)
    typed = {n: text for n, (text, _) in answers.items()}
    page = tmp_path / f"{name}.html"
    page.write_text('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>' + quiz.to_html(q, name)
                    + ANSWER_ALL % {"typed": json.dumps(typed)} + "</body></html>", encoding="utf-8")
    _check_verdicts(dump_dom(page), q["questions"], answers)


WEEKLY = sorted(Path(f.name).stem for f in resources.files("dlcourse.quizzes").iterdir()
                if re.fullmatch(r"course\d_week\d\.json", f.name))


@pytest.mark.parametrize("name", WEEKLY)
def test_built_weekly_quiz_page_answers_every_question(name):
    """On the built site, every question of every weekly quiz answered right says so."""
    course, week = re.fullmatch(r"course(\d)_week(\d)", name).groups()
    built = SITE / "notebooks" / f"course{course}" / f"quiz_week{week}.html"
    need_page(built)
    q = quiz.load(name)
    _check_verdicts(dump_driven(built, ANSWER_ALL % {"typed": "{}"}, f"quiz_week{week}"), q["questions"], {})
