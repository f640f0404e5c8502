"""Course 3's case studies work on the built site in a real browser, offline: both render with their
scenarios, and answering a decision shows its feedback (a numeric gap answered right, a choice answered
wrong). Same approach as ``test_quiz_browser.py``: a copy of the built page with a few lines appended,
opened from disk in headless Chromium with ``--dump-dom``; skips where the site is not built or Chromium
is missing, unless DLCOURSE_REQUIRE_BUILD=1."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from dlcourse import quiz

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "_build" / "html" / "notebooks" / "course3" / "06_case_studies.html"
REQUIRED = os.environ.get("DLCOURSE_REQUIRE_BUILD") == "1"

DRIVER = """
<script>
window.addEventListener("load", function () {
  var qs = document.querySelectorAll("#dlq-course3-birds .dlq-question");
  qs[5].querySelector("input").value = "%(answer)s";         // the avoidable-bias question, right
  qs[5].querySelector(".dlq-check").click();
  var right = qs[1].dataset.correct.split(",");               // tick an option that is not correct
  Array.prototype.find.call(qs[1].querySelectorAll("input"),
    function (b) { return right.indexOf(b.value) < 0; }).checked = true;
  qs[1].querySelector(".dlq-check").click();
  document.body.setAttribute("data-quiz-driven", "yes");
});
</script>
"""


def _need(condition: bool, reason: str) -> None:
    if not condition:
        if REQUIRED:
            pytest.fail(f"DLCOURSE_REQUIRE_BUILD=1 but {reason}")
        pytest.skip(reason)


def test_case_studies_render_and_give_feedback_offline():
    _need(PAGE.exists(), f"the book is not built ({PAGE} missing)")
    chromium = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
    _need(chromium is not None, "no Chromium installed (Debian: apt-get install chromium)")
    birds, driving = quiz.load("course3_birds"), quiz.load("course3_driving")
    html = PAGE.read_text(encoding="utf-8")
    assert html.count('class="dlq-question"') == len(birds["questions"]) + len(driving["questions"])
    assert html.count('class="dlq-scenario"') == len(birds["questions"]) + len(driving["questions"])
    numeric = birds["questions"][5]
    assert numeric["kind"] == "numeric" and birds["questions"][1]["kind"] == "single"
    driven = PAGE.with_name("_browser_test_case_studies.html")
    driven.write_text(html.replace("</body>", DRIVER % {"answer": numeric["answer"]} + "</body>"), encoding="utf-8")
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
    birds_dom = dom.split('id="dlq-course3-birds"')[1].split('id="dlq-course3-driving"')[0]
    blocks = birds_dom.split('class="dlq-question"')
    feedback = re.compile(r'<div class="dlq-feedback([^"]*)"( hidden="")?><span class="dlq-verdict">([^<]*)</span>')
    m = feedback.search(blocks[6])
    assert m and "dlq-right" in m.group(1) and not m.group(2) and m.group(3) == "Correct.", blocks[6][-600:]
    m = feedback.search(blocks[2])
    assert m and "dlq-wrong" in m.group(1) and not m.group(2) and m.group(3) == "Not quite.", blocks[2][-600:]
    m = feedback.search(blocks[3])
    assert m and m.group(2), "an unanswered decision keeps its feedback hidden"
