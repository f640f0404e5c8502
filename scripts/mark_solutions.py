#!/usr/bin/env python
"""Put nbgrader's solution markers and metadata on the chapter notebooks (idempotent).

    python scripts/mark_solutions.py            # every notebooks/**/*.ipynb
    python scripts/mark_solutions.py --check    # exit 1 if a notebook would change

Converts ``# --- your code starts here/ends here ---`` to ``### BEGIN SOLUTION`` /
``### END SOLUTION`` and gives each solution cell nbgrader cell metadata, a ``solution`` tag
and the book's "Show solution" toggle (see ``dlcourse.edition``). Outputs are not touched.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

from dlcourse.edition import mark_solutions

ROOT = Path(__file__).resolve().parents[1]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--check", action="store_true", help="change nothing; fail if a notebook is not marked")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(p for p in (ROOT / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    stale = []
    for path in paths:
        before = path.read_text(encoding="utf-8")
        nb = nbformat.reads(before, as_version=4)
        n = mark_solutions(nb, path.stem)
        after = nbformat.writes(nb) + "\n"
        if after != before and nbformat.writes(nbformat.reads(before, as_version=4)) + "\n" != after:
            stale.append(path)
            if not args.check:
                path.write_text(after, encoding="utf-8")
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {n} solution cells"
              f"{' (updated)' if path in stale and not args.check else ''}")
    if args.check and stale:
        print("not marked: " + ", ".join(map(str, stale)) + " (run scripts/mark_solutions.py)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
