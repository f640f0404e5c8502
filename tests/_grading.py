"""What every chapter's grader test needs: call a check by the exercise's name, and assert that an answer
passes. The hint level of every grader restarts at each test (an autouse fixture in tests/conftest.py)."""
from __future__ import annotations

import sys


def grading(grader):
    """``check(name)`` -> the grader's ``check_<name>``; ``passes(name, fn, capsys)`` runs it on ``fn`` and
    asserts the deterministic pass line."""
    def check(name):
        return getattr(grader, f"check_{name}")

    def passes(name, fn, capsys):
        check(name)(fn)
        assert f"[pass] {name}: all " in capsys.readouterr().out
    return check, passes


def reset_hint_levels() -> None:
    """Forget the failed attempts of every loaded chapter grader (they raise the hint level)."""
    for name, module in list(sys.modules.items()):
        chapter = getattr(module, "chapter", None) if name.startswith("dlcourse.graders.") else None
        if chapter is not None and hasattr(chapter, "failures"):
            chapter.failures.clear()
