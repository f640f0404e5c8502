"""Course 3's case studies work on the built site in a real browser, offline: both render with their
scenarios, and answering a decision shows its feedback (a numeric gap answered right, a choice answered
wrong). Same approach as ``test_quiz_browser.py``: a copy of the built page with a few lines appended,
opened from disk in headless Chromium with ``--dump-dom``; skips where the site is not built or Chromium
is missing, unless DLCOURSE_REQUIRE_BUILD=1."""
from __future__ import annotations

import re

from _browser import SITE, dump_driven, need_page
from dlcourse import quiz

PAGE = SITE / "notebooks" / "course3" / "06_case_studies.html"

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


def test_case_studies_render_and_give_feedback_offline():
    need_page(PAGE)
    birds, driving = quiz.load("course3_birds"), quiz.load("course3_driving")
    html = PAGE.read_text(encoding="utf-8")
    assert html.count('class="dlq-question"') == len(birds["questions"]) + len(driving["questions"])
    assert html.count('class="dlq-scenario"') == len(birds["questions"]) + len(driving["questions"])
    numeric = birds["questions"][5]
    assert numeric["kind"] == "numeric" and birds["questions"][1]["kind"] == "single"
    dom = dump_driven(PAGE, DRIVER % {"answer": numeric["answer"]}, "case_studies")
    birds_dom = dom.split('id="dlq-course3-birds"')[1].split('id="dlq-course3-driving"')[0]
    blocks = birds_dom.split('class="dlq-question"')
    feedback = re.compile(r'<div class="dlq-feedback([^"]*)"( hidden="")?><span class="dlq-verdict">([^<]*)</span>')
    m = feedback.search(blocks[6])
    assert m and "dlq-right" in m.group(1) and not m.group(2) and m.group(3) == "Correct.", blocks[6][-600:]
    m = feedback.search(blocks[2])
    assert m and "dlq-wrong" in m.group(1) and not m.group(2) and m.group(3) == "Not quite.", blocks[2][-600:]
    m = feedback.search(blocks[3])
    assert m and m.group(2), "an unanswered decision keeps its feedback hidden"
