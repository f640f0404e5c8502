#!/usr/bin/env python
"""Build the learner edition: the chapters with every worked solution taken out.

    python scripts/build_learner_edition.py                 # -> learner/course1/03_logistic_regression.ipynb ...
    python scripts/build_learner_edition.py --out DIR

Each solution region (between ``### BEGIN SOLUTION`` and ``### END SOLUTION``) becomes
``# YOUR CODE HERE`` / ``raise NotImplementedError()``, and the outputs of every exercise cell
and of the grader check that follows it are cleared; everything else is as in the book. The
notebooks import ``dlcourse`` and find the data through it, so they run from any folder of a
clone where ``pip install -e .`` was done. The book build writes the same files into the site
(``_downloads/learner/``), one download per chapter.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

from dlcourse.edition import solution_cells, write_learner_edition

ROOT = Path(__file__).resolve().parents[1]


def chapters(root: Path = ROOT) -> list[Path]:
    """Every chapter notebook with at least one exercise."""
    paths = sorted(p for p in (root / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    return [p for p in paths if solution_cells(nbformat.read(p, as_version=4))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "learner", help="output folder (default: learner/)")
    args = parser.parse_args(argv)
    for path in chapters():
        dest = write_learner_edition(path, args.out / path.relative_to(ROOT / "notebooks"))
        print(dest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
