#!/usr/bin/env python
"""Execute the chapter notebooks and report how long each one takes.

    python scripts/run_notebooks.py                 # time every notebook, leave files untouched
    python scripts/run_notebooks.py --write         # execute in place, storing outputs (and widget state)
    python scripts/run_notebooks.py notebooks/course1/03_*.ipynb --write

Notebooks are executed with nbclient in their own folder, exactly as nbval and the book
build run them. Each must finish in under --budget seconds (60 s on the 2-core reference
machine); the script exits non-zero if one fails or runs over budget.

Timings assume an otherwise idle machine: BLAS uses every core, and on a busy 2-core machine
its threads slow each other down badly. There, run with OPENBLAS_NUM_THREADS=1 for stable
(if slower) numbers.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def execute(path: Path, write: bool, timeout: int) -> float:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", store_widget_state=True,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    if write:
        nbformat.write(nb, path)
    return elapsed


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebooks/**/*.ipynb")
    parser.add_argument("--write", action="store_true", help="store the outputs back into the notebooks")
    parser.add_argument("--budget", type=float, default=60.0, help="seconds allowed per notebook")
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "notebooks").rglob("*.ipynb"))
    paths = [p for p in paths if ".ipynb_checkpoints" not in p.parts]
    if not paths:
        print("no notebooks found", file=sys.stderr)
        return 1
    failed = False
    total = 0.0
    names = {p: _display(p) for p in paths}
    width = max(len("notebook"), *(len(n) for n in names.values()))
    print(f"{'notebook':<{width}} {'seconds':>8}")
    for path in paths:
        try:
            elapsed = execute(path.resolve(), args.write, args.timeout)
        except Exception as exc:  # report and go on with the others
            print(f"{names[path]:<{width}} {'FAILED':>8}  {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
            failed = True
            continue
        total += elapsed
        flag = "  OVER BUDGET" if elapsed > args.budget else ""
        failed |= bool(flag)
        print(f"{names[path]:<{width}} {elapsed:8.1f}{flag}", flush=True)
    print(f"{'total':<{width}} {total:8.1f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
