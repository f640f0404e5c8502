"""Weekly quizzes: questions in JSON files (dlcourse/quizzes/<name>.json), rendered as self-contained HTML.

The rendered quiz is one HTML block with an inline script and no external resource, so it works the
same on the static site (stored as a notebook output, no kernel) and in a running notebook.
Question kinds: "single" (one correct option), "multiple" (several correct; all of them and only
them), "numeric" (a number, within ``tolerance``; the learner may
write a decimal comma or group thousands with commas or spaces). Every question has an explanation, shown after
the learner answers.
"""
from __future__ import annotations

import html
import json
import random
import zlib
from importlib import resources
from typing import Any

KINDS = {"single", "multiple", "numeric"}


def load(name: str) -> dict:
    """The quiz ``name`` (e.g. "course1_week1"), validated."""
    text = resources.files("dlcourse.quizzes").joinpath(f"{name}.json").read_text(encoding="utf-8")
    quiz = json.loads(text)
    validate(quiz, name)
    return quiz


def validate(quiz: dict, name: str = "quiz") -> None:
    """Raise ValueError naming the question if a question lacks an answer or an explanation.

    Optional text for case studies: a quiz-level ``intro`` (shown under the title) and a question-level
    ``scenario`` (what happened in the project before this decision, shown above the question).
    """
    if not quiz.get("title") or not isinstance(quiz.get("questions"), list) or not quiz["questions"]:
        raise ValueError(f"{name}: needs a 'title' and a non-empty 'questions' list")
    if "intro" in quiz and (not isinstance(quiz["intro"], str) or not quiz["intro"].strip()):
        raise ValueError(f"{name}: 'intro', when given, must be non-empty text")
    for i, q in enumerate(quiz["questions"], 1):
        where = f"{name} question {i}"
        kind = q.get("kind")
        if kind not in KINDS:
            raise ValueError(f"{where}: kind must be one of {sorted(KINDS)}, got {kind!r}")
        if not q.get("question") or not q.get("explanation"):
            raise ValueError(f"{where}: needs 'question' and 'explanation' text")
        if "scenario" in q and (not isinstance(q["scenario"], str) or not q["scenario"].strip()):
            raise ValueError(f"{where}: 'scenario', when given, must be non-empty text")
        if kind == "numeric":
            if not isinstance(q.get("answer"), (int, float)) or isinstance(q.get("answer"), bool):
                raise ValueError(f"{where}: a numeric question needs a number as 'answer', got {q.get('answer')!r}")
        else:
            options = q.get("options")
            if not isinstance(options, list) or len(options) < 2:
                raise ValueError(f"{where}: needs at least two 'options'")
            correct = q.get("correct")
            if not isinstance(correct, list) or not correct or not all(
                    isinstance(c, int) and 0 <= c < len(options) for c in correct):
                raise ValueError(f"{where}: 'correct' must list option indices 0..{len(options) - 1}, got {correct!r}")
            if kind == "single" and len(correct) != 1:
                raise ValueError(f"{where}: a single-choice question has exactly one correct option")


_SCRIPT = """
(function () {
  var root = document.getElementById("%(id)s");
  if (!root || root.dataset.ready) return;
  root.dataset.ready = "1";
  root.querySelectorAll(".dlq-question").forEach(function (q) {
    q.querySelector(".dlq-check").addEventListener("click", function () {
      var kind = q.dataset.kind, ok;
      if (kind === "numeric") {
        // a comma is a decimal comma ("0,99") or groups thousands ("1,228,900"): either reading may match
        var text = q.querySelector("input").value.replace(/\\s/g, "");
        var answer = parseFloat(q.dataset.answer), tolerance = parseFloat(q.dataset.tolerance);
        ok = [text.replace(",", "."), text.replace(/,/g, "")].some(function (t) {
          var v = parseFloat(t);
          return isFinite(v) && Math.abs(v - answer) <= tolerance;
        });
      } else {
        var want = q.dataset.correct.split(",").sort().join(",");
        var got = Array.prototype.filter.call(q.querySelectorAll("input"), function (b) { return b.checked; })
          .map(function (b) { return b.value; }).sort().join(",");
        ok = got === want;
      }
      var fb = q.querySelector(".dlq-feedback");
      fb.hidden = false;
      fb.className = "dlq-feedback " + (ok ? "dlq-right" : "dlq-wrong");
      fb.querySelector(".dlq-verdict").textContent = ok ? "Correct." : "Not quite.";
    });
  });
})();
"""

_STYLE = """
.dlq {border:1px solid #ccc;border-radius:6px;padding:0.5em 1em;margin:1em 0}
.dlq-question {margin:1em 0}
.dlq-options label {display:block;margin:0.2em 0}
.dlq-feedback {margin-top:0.4em;padding:0.4em 0.6em;border-radius:4px}
.dlq-right {background:#e6f4ea} .dlq-wrong {background:#fdecea}
.dlq-verdict {font-weight:bold;margin-right:0.4em}
"""
# case-study text (inline, so that the pages of quizzes without it stay byte for byte the same)
_CASE_STYLE = "background:#f4f6f8;border-left:3px solid #8aa;padding:0.4em 0.6em;margin:0.4em 0"


def _display_order(quiz_id: str, number: int, n: int) -> list[int]:
    """The order in which a question's options appear: shuffled, so that the right answer is not
    always where the author wrote it, but fixed by the quiz and question (same page on every build)."""
    order = list(range(n))
    random.Random(zlib.crc32(f"{quiz_id}/{number}".encode())).shuffle(order)
    return order


def to_html(quiz: dict, quiz_id: str) -> str:
    """Self-contained HTML (inline style and script; ids derived from ``quiz_id``, so it is deterministic)."""
    validate(quiz, quiz_id)
    e = html.escape
    dom_id = "dlq-" + "".join(c if c.isalnum() else "-" for c in quiz_id)
    parts = [f'<div class="dlq" id="{dom_id}"><style>{_STYLE}</style>', f"<h3>{e(quiz['title'])}</h3>"]
    if quiz.get("intro"):
        parts.append(f'<p class="dlq-intro" style="{_CASE_STYLE}">{e(quiz["intro"])}</p>')
    for i, q in enumerate(quiz["questions"], 1):
        qid = f"{dom_id}-q{i}"
        attrs = f'data-kind="{q["kind"]}"'
        if q["kind"] == "numeric":
            attrs += f' data-answer="{q["answer"]!r}" data-tolerance="{q.get("tolerance", 0)!r}"'
        else:
            order = _display_order(quiz_id, i, len(q["options"]))
            shown = {j: k for k, j in enumerate(order)}  # option index -> position on the page
            attrs += f' data-correct="{",".join(str(shown[c]) for c in sorted(q["correct"]))}"'
        hint = {"single": "Choose one.", "multiple": "Choose all that apply.", "numeric": "Enter a number."}[q["kind"]]
        scenario = f'<p class="dlq-scenario" style="{_CASE_STYLE}">{e(q["scenario"])}</p>' if q.get("scenario") else ""
        parts.append(f'<div class="dlq-question" id="{qid}" {attrs}>{scenario}<p><b>{i}.</b> {e(q["question"])} '
                     f'<i>{hint}</i></p>')
        if q["kind"] == "numeric":
            parts.append(f'<input type="text" inputmode="decimal" aria-label="answer to question {i}">')
        else:
            box = "radio" if q["kind"] == "single" else "checkbox"
            parts.append('<div class="dlq-options">')
            for k, j in enumerate(order):
                parts.append(f'<label><input type="{box}" name="{qid}" value="{k}"> {e(q["options"][j])}</label>')
            parts.append("</div>")
        parts.append('<button type="button" class="dlq-check">Check</button>')
        parts.append(f'<div class="dlq-feedback" hidden><span class="dlq-verdict"></span>{e(q["explanation"])}</div></div>')
    parts.append(f"<script>{_SCRIPT % {'id': dom_id}}</script></div>")
    return "\n".join(parts)


class Quiz:
    """What ``show`` returns: displayed as the HTML quiz in Jupyter, as the title in plain text."""

    def __init__(self, name: str):
        self.name = name
        self.quiz = load(name)

    def _repr_html_(self) -> str:
        return to_html(self.quiz, self.name)

    def __repr__(self) -> str:
        return f"{self.quiz['title']} ({len(self.quiz['questions'])} questions)"


def show(name: str) -> Any:
    """Display the quiz ``name`` (in a notebook: put ``show("course1_week1")`` last in a cell)."""
    return Quiz(name)
