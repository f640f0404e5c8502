"""The learner edition: solutions out, everything else as in the book, and the graders say so.

* every exercise of the learner edition fails its grader with the one-line "not implemented
  yet" message (no traceback);
* a learner notebook runs top to bottom up to its first exercise check;
* putting the book's solutions back into the learner edition gives the book's code again, and
  those solutions pass their graders (nbval separately runs every full chapter);
* the markers are nbgrader's, every solution cell carries nbgrader metadata and the
  "Show solution" toggle, and marking is idempotent.
"""
from __future__ import annotations

import copy
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from dlcourse import edition
from dlcourse.graders._core import NOT_IMPLEMENTED

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted(p for p in (ROOT / "notebooks").rglob("*.ipynb")
                  if ".ipynb_checkpoints" not in p.parts
                  and edition.solution_cells(nbformat.read(p, as_version=4)))
IDS = [p.stem for p in CHAPTERS]
CHECK = re.compile(r"grader\.check_(\w+)\(")


def _read(path):
    return nbformat.read(path, as_version=4)


def test_every_chapter_with_exercises_is_found():
    assert len(CHAPTERS) >= 6, CHAPTERS


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_solution_cells_are_marked_for_nbgrader_and_the_book(path):
    nb = _read(path)
    ids = set()
    for i in edition.solution_cells(nb):
        meta = nb.cells[i].metadata
        assert meta["nbgrader"]["solution"] is True and meta["nbgrader"]["schema_version"] == 3
        ids.add(meta["nbgrader"]["grade_id"])
        assert {"hide-input", "solution"} <= set(meta["tags"])
        assert meta["mystnb"]["code_prompt_show"] == "Show solution"
        assert "your code starts here" not in nb.cells[i].source
    assert len(ids) == len(edition.solution_cells(nb)), "nbgrader grade_ids must be unique"
    again = copy.deepcopy(nb)
    edition.mark_solutions(again, path.stem)
    assert again == nb, "scripts/mark_solutions.py would change this notebook: run it"


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_learner_edition_hides_every_solution(path):
    full = _read(path)
    learner = edition.learner_notebook(full, path.stem)
    assert edition.is_learner_edition(learner)
    assert len(learner.cells) == len(full.cells)
    for i in edition.solution_cells(full):
        src = learner.cells[i].source
        assert "# YOUR CODE HERE" in src and "raise NotImplementedError()" in src
        assert learner.cells[i].outputs == []
        solution_lines = {l.strip() for l in full.cells[i].source.split("\n")} - {l.strip() for l in src.split("\n")}
        assert solution_lines, "nothing was removed"
        # the check cell after the exercise is cleared too: its output shows the solution's results
        nxt = next(j for j in range(i + 1, len(full.cells)) if full.cells[j].cell_type == "code")
        assert learner.cells[nxt].outputs == [] and learner.cells[nxt].source == full.cells[nxt].source
    # everything outside the solution cells and their checks is as in the book
    touched = set(edition.solution_cells(full))
    touched |= {next(j for j in range(i + 1, len(full.cells)) if full.cells[j].cell_type == "code") for i in touched}
    for i, (a, b) in enumerate(zip(learner.cells, full.cells)):
        if i not in touched:
            assert a == b, f"cell {i} differs"


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_round_trip_gives_the_book_back(path):
    full = _read(path)
    restored = edition.restore_solutions(edition.learner_notebook(full, path.stem), full, path.stem)
    assert [c.source for c in restored.cells] == [c.source for c in full.cells]


def test_malformed_markers_are_refused():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("def f():\n    ### BEGIN SOLUTION\n    return 1\n")])
    with pytest.raises(edition.EditionError, match="never closed"):
        edition.learner_notebook(nb, "broken")
    nb.cells[0].source = "def f():\n    ### END SOLUTION\n"
    with pytest.raises(edition.EditionError, match="without a"):
        edition.learner_notebook(nb, "broken")
    with pytest.raises(edition.EditionError, match="no ### BEGIN SOLUTION"):
        edition.learner_notebook(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")]), "empty")


def _prefix_through_first_check(nb):
    """The cells of ``nb`` up to and including the first grader check."""
    for j, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and CHECK.search(cell.source):
            return j
    raise AssertionError("no grader check")


def _run(nb, path, upto):
    nb = copy.deepcopy(nb)
    nb.cells = nb.cells[: upto + 1]
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_learner_notebook_runs_up_to_its_first_exercise_then_says_not_implemented(path):
    learner = edition.learner_notebook(_read(path), path.stem)
    upto = _prefix_through_first_check(learner)
    with pytest.raises(CellExecutionError) as info:
        _run(learner, path, upto)
    err = info.value
    assert err.ename == "GraderError", f"a cell before the first check failed: {err.ename}: {err.evalue}"
    assert NOT_IMPLEMENTED in err.evalue
    # rendered as the message alone: no traceback frames of the grader machinery
    assert "_core.py" not in str(err)


def _check_cells(nb):
    return [j for j, c in enumerate(nb.cells) if c.cell_type == "code" and CHECK.search(c.source)]


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_every_exercise_of_the_learner_edition_reports_not_implemented(path):
    """Run the whole learner notebook (errors allowed): every grader check says "not implemented yet"."""
    learner = edition.learner_notebook(_read(path), path.stem)
    NotebookClient(learner, timeout=300, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    checks = _check_cells(learner)
    assert len(checks) >= len(edition.solution_cells(learner))
    for j in checks:
        errors = [o for o in learner.cells[j].outputs if o.output_type == "error"]
        assert errors, f"cell {j} ({learner.cells[j].source.splitlines()[0]}) did not fail"
        assert errors[0].ename == "GraderError" and NOT_IMPLEMENTED in errors[0].evalue, (
            f"cell {j}: {errors[0].ename}: {errors[0].evalue[:300]}")
        assert not any("_core.py" in line for line in errors[0].traceback), "the grader's traceback is shown"


def test_restored_solutions_pass_their_graders():
    """The round trip in a kernel, for the shortest chapter: book solutions back in, graders pass."""
    path = next(p for p in CHAPTERS if p.stem.startswith("02_"))
    full = _read(path)
    restored = edition.restore_solutions(edition.learner_notebook(full, path.stem), full, path.stem)
    nb = _run(restored, path, len(restored.cells) - 1)
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert text.count("[pass]") == len(set(CHECK.findall("".join(c.source for c in full.cells))))


def test_build_script_writes_every_chapter(tmp_path):
    import subprocess
    import sys
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_learner_edition.py"), "--out", str(tmp_path)],
                         capture_output=True, text=True, check=True).stdout.split()
    assert len(out) == len(CHAPTERS)
    for path in CHAPTERS:
        assert edition.is_learner_edition(_read(tmp_path / path.relative_to(ROOT / "notebooks")))


def test_site_offers_both_editions_of_every_chapter(site):
    for path in CHAPTERS:
        rel = path.relative_to(ROOT / "notebooks")
        page = (site / path.relative_to(ROOT)).with_suffix(".html").read_text(encoding="utf-8")
        learner = site / "_downloads" / "learner" / rel
        assert edition.is_learner_edition(_read(learner)), learner
        assert f"_downloads/learner/{rel.as_posix()}" in page and "download-learner-notebook-button" in page
        assert f"_sources/{path.relative_to(ROOT).as_posix()}" in page, "no link to the full notebook"
        assert page.count("Show solution") >= len(edition.solution_cells(_read(path)))
