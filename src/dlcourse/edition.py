"""The two editions of a chapter: the book's (worked solutions in) and the learner's (solutions out).

A chapter notebook marks each exercise solution the way instructors' tools expect, with
nbgrader's markers inside the function the learner writes::

    def sigmoid(z):
        ### BEGIN SOLUTION
        s = 1 / (1 + np.exp(-z))
        ### END SOLUTION
        return s

The cell also carries nbgrader's cell metadata (``solution: true``), a ``solution`` tag, and
myst-nb prompts so the book shows it behind a "Show solution" toggle rather than the
"Show code" toggle of collapsed plotting code.

* :func:`mark_solutions` puts those markers and metadata on a notebook (idempotent; it also
  converts the older ``# --- your code starts here ---`` / ``# --- your code ends here ---`` markers).
* :func:`learner_notebook` makes the learner edition: every solution region becomes
  ``# YOUR CODE HERE`` / ``raise NotImplementedError()`` (the markers stay, so the learner
  sees where to write and the grader's "not implemented yet" message points at them), and the
  outputs of each exercise cell and of the check cell after it are cleared.
* :func:`restore_solutions` puts the book's solutions back into a learner notebook (used by
  the tests to show that the two editions differ only inside the markers).

Used by ``scripts/mark_solutions.py``, ``scripts/build_learner_edition.py`` and the book's
``book/_ext/dlcourse_learner.py``.
"""
from __future__ import annotations

import copy
import re
from pathlib import Path

import nbformat

__all__ = [
    "BEGIN", "END", "PLACEHOLDER", "mark_solutions", "solution_cells", "learner_notebook",
    "restore_solutions", "is_learner_edition", "write_learner_edition",
]

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
PLACEHOLDER = ("# YOUR CODE HERE", "raise NotImplementedError()")
_LEGACY = {"# --- your code starts here ---": BEGIN, "# --- your code ends here ---": END}
_MARKER_LINE = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>### (?:BEGIN|END) SOLUTION)[ \t]*$")
_DEF = re.compile(r"^\s*def\s+(\w+)\s*\(", re.MULTILINE)
SOLUTION_PROMPTS = {"code_prompt_show": "Show solution", "code_prompt_hide": "Hide solution"}


class EditionError(ValueError):
    """A chapter's solution markers are malformed (unpaired, nested, or at different indents)."""


def _regions(source: str, where: str) -> list[tuple[int, int, str]]:
    """(begin line, end line, indent) of each marked region, checked for pairing."""
    regions, begin = [], None
    for i, line in enumerate(source.split("\n")):
        m = _MARKER_LINE.match(line)
        if not m:
            continue
        if m["marker"] == BEGIN:
            if begin is not None:
                raise EditionError(f"{where}: {BEGIN} on line {i + 1} before the previous one was closed")
            begin = (i, m["indent"])
        else:
            if begin is None:
                raise EditionError(f"{where}: {END} on line {i + 1} without a {BEGIN}")
            if m["indent"] != begin[1]:
                raise EditionError(f"{where}: the markers on lines {begin[0] + 1} and {i + 1} are indented differently")
            regions.append((begin[0], i, begin[1]))
            begin = None
    if begin is not None:
        raise EditionError(f"{where}: {BEGIN} on line {begin[0] + 1} is never closed")
    return regions


def solution_cells(nb) -> list[int]:
    """Indices of the code cells holding a marked solution."""
    return [i for i, cell in enumerate(nb.cells)
            if cell.cell_type == "code" and any(_MARKER_LINE.match(l) for l in cell.source.split("\n"))]


def mark_solutions(nb, chapter: str) -> int:
    """Convert legacy markers to nbgrader's and set the solution metadata; returns the number of solution cells.

    Running it again changes nothing. Outputs are never touched.
    """
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        lines = cell.source.split("\n")
        for i, line in enumerate(lines):
            stripped = line.strip()
            if stripped in _LEGACY:
                lines[i] = line[: len(line) - len(line.lstrip())] + _LEGACY[stripped]
        cell.source = "\n".join(lines)
    cells = solution_cells(nb)
    used: set[str] = set()
    for i in cells:
        cell = nb.cells[i]
        _regions(cell.source, f"{chapter}, cell {i}")
        names = _DEF.findall(cell.source)
        grade_id = f"{chapter}-{names[0] if names else f'cell{i}'}"
        while grade_id in used:  # nbgrader needs unique ids
            grade_id += "-2"
        used.add(grade_id)
        tags = list(cell.metadata.get("tags", []))
        for tag in ("hide-input", "solution"):
            if tag not in tags:
                tags.append(tag)
        cell.metadata["tags"] = tags
        cell.metadata["nbgrader"] = {"solution": True, "grade": False, "locked": False,
                                     "grade_id": grade_id, "schema_version": 3}
        cell.metadata["mystnb"] = dict(cell.metadata.get("mystnb", {}), **SOLUTION_PROMPTS)
    return len(cells)


def _strip(source: str, where: str) -> str:
    lines = source.split("\n")
    for begin, end, indent in reversed(_regions(source, where)):
        lines[begin + 1:end] = [indent + p for p in PLACEHOLDER]
    return "\n".join(lines)


def _clear(cell) -> None:
    cell.outputs = []
    cell.execution_count = None
    cell.metadata.pop("execution", None)


def learner_notebook(nb, chapter: str = "notebook"):
    """A copy of ``nb`` with every solution replaced by the placeholder and answer-revealing outputs cleared."""
    out = copy.deepcopy(nb)
    cells = solution_cells(out)
    if not cells:
        raise EditionError(f"{chapter}: no {BEGIN} / {END} markers (run scripts/mark_solutions.py)")
    for i in cells:
        cell = out.cells[i]
        cell.source = _strip(cell.source, f"{chapter}, cell {i}")
        _clear(cell)
        nxt = next((j for j in range(i + 1, len(out.cells)) if out.cells[j].cell_type == "code"), None)
        if nxt is not None:  # the check cell: it shows the grader's verdict and the solution's results
            _clear(out.cells[nxt])
    out.metadata["dlcourse"] = {"edition": "learner"}
    return out


def is_learner_edition(nb) -> bool:
    return nb.metadata.get("dlcourse", {}).get("edition") == "learner"


def restore_solutions(learner, full, chapter: str = "notebook"):
    """Put ``full``'s solution regions back into a copy of ``learner`` (cells must correspond one to one)."""
    out = copy.deepcopy(learner)
    a, b = solution_cells(out), solution_cells(full)
    if a != b:
        raise EditionError(f"{chapter}: the two editions have solutions in different cells ({a} vs {b})")
    for i in a:
        mine, theirs = out.cells[i].source.split("\n"), full.cells[i].source.split("\n")
        ra, rb = _regions(out.cells[i].source, chapter), _regions(full.cells[i].source, chapter)
        if len(ra) != len(rb):
            raise EditionError(f"{chapter}, cell {i}: different numbers of solution regions")
        for (b1, e1, _), (b2, e2, _) in reversed(list(zip(ra, rb))):
            mine[b1 + 1:e1] = theirs[b2 + 1:e2]
        out.cells[i].source = "\n".join(mine)
    out.metadata.pop("dlcourse", None)
    return out


def write_learner_edition(src: Path, dest: Path) -> Path:
    """Read the chapter at ``src`` and write its learner edition to ``dest``."""
    nb = nbformat.read(src, as_version=4)
    dest.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(learner_notebook(nb, Path(src).stem), dest)
    return dest
