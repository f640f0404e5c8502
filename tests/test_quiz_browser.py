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

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "_build" / "html" / "notebooks" / "course1" / "quiz_week2.html"
REQUIRED = os.environ.get("DLCOURSE_REQUIRE_BUILD") == "1"

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


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _need(condition: bool, reason: str) -> None:
    if not condition:
        if REQUIRED:
            pytest.fail(f"DLCOURSE_REQUIRE_BUILD=1 but {reason}")
        pytest.skip(reason)


def _question(dom: str, n: int) -> str:
    blocks = dom.split('class="dlq-question"')
    assert len(blocks) > n, "quiz did not render"
    return blocks[n]


def test_quiz_renders_and_answering_shows_feedback():
    _need(PAGE.exists(), f"the book is not built ({PAGE} missing; run the README's build command)")
    chromium = _chromium()
    _need(chromium is not None, "no Chromium installed (Debian: apt-get install chromium)")
    html = PAGE.read_text(encoding="utf-8")
    assert html.count('class="dlq-question"') == 9
    driven = PAGE.with_name("_browser_test_quiz_week2.html")
    driven.write_text(html.replace("</body>", DRIVER + "</body>"), encoding="utf-8")
    profile = tempfile.mkdtemp(prefix="dlcourse-chromium-")
    try:
        result = subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-extensions", f"--user-data-dir={profile}", "--virtual-time-budget=5000",
             "--dump-dom", driven.as_uri()],
            capture_output=True, text=True, timeout=120)
    finally:
        driven.unlink(missing_ok=True)
        shutil.rmtree(profile, ignore_errors=True)
    dom = result.stdout
    assert 'data-quiz-driven="yes"' in dom, f"page scripts did not run:\n{result.stderr[-2000:]}"
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


def _run_driven(chromium: str, page: Path, profile: Path) -> str:
    """The DOM of ``page`` after its scripts (and the driver appended to it) ran."""
    result = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", f"--user-data-dir={profile}", "--virtual-time-budget=5000",
         "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120)
    assert 'data-quiz-driven="yes"' in result.stdout, f"page scripts did not run:\n{result.stderr[-2000:]}"
    return result.stdout


def _check_verdicts(dom: str, questions: list, answers: dict) -> None:
    verdicts = re.findall(r'<div class="dlq-feedback ([^"]*)"><span class="dlq-verdict">([^<]*)</span>', dom)
    assert len(verdicts) == len(questions), "every question must show its feedback after Check"
    for n, (css, verdict) in enumerate(verdicts, 1):
        accepted = answers.get(n, (None, True))[1]
        assert (css, verdict) == (("dlq-right", "Correct.") if accepted else ("dlq-wrong", "Not quite.")), \
            (n, answers.get(n), questions[n - 1]["question"])


@pytest.mark.parametrize("name, answers", TYPED)
def test_course4_quiz_accepts_right_answers_and_rejects_wrong_ones_in_a_browser(name, answers, tmp_path):
    import json

    from dlcourse import quiz

    chromium = _chromium()
    _need(chromium is not None, "no Chromium installed (Debian: apt-get install chromium)")
    q = quiz.load(name)
    typed = {n: text for n, (text, _) in answers.items()}
    page = tmp_path / f"{name}.html"
    page.write_text('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>' + quiz.to_html(q, name)
                    + ANSWER_ALL % {"typed": json.dumps(typed)} + "</body></html>", encoding="utf-8")
    _check_verdicts(_run_driven(chromium, page, tmp_path / "profile"), q["questions"], answers)


@pytest.mark.parametrize("week", [1, 2])
def test_built_course4_quiz_page_answers_every_question(week, tmp_path):
    """On the built site, every question of a Course 4 quiz answered right says so."""
    from dlcourse import quiz

    built = ROOT / "_build" / "html" / "notebooks" / "course4" / f"quiz_week{week}.html"
    _need(built.exists(), f"the book is not built ({built} missing; run the README's build command)")
    chromium = _chromium()
    _need(chromium is not None, "no Chromium installed (Debian: apt-get install chromium)")
    q = quiz.load(f"course4_week{week}")
    driven = built.with_name(f"_browser_test_quiz_week{week}.html")  # beside it: the page's assets load
    driven.write_text(built.read_text(encoding="utf-8").replace("</body>", ANSWER_ALL % {"typed": "{}"} + "</body>"),
                      encoding="utf-8")
    try:
        _check_verdicts(_run_driven(chromium, driven, tmp_path / "profile"), q["questions"], {})
    finally:
        driven.unlink(missing_ok=True)
