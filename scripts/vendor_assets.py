#!/usr/bin/env python
"""(Re)produce the JavaScript the book serves itself, so the built site works offline.

    python scripts/vendor_assets.py            # rebuild book/_static/vendor/ and its SHA256SUMS
    python scripts/vendor_assets.py --check    # verify the committed files against SHA256SUMS (no network)

What goes into ``book/_static/vendor/`` (see the README.md there for versions and licenses):

* ``mathjax/``: MathJax 3 (``tex-mml-chtml.js``, its CHTML woff-v2 fonts and the TeX
  extensions that ``autoload`` fetches on demand, e.g. ``\\boldsymbol``, ``\\cancel``),
  copied from the PyPI package ``django-static-mathjax`` installed in the running Python.
* ``requirejs/require.js`` and ``jupyter-widgets/embed-amd.js`` (+ its Font Awesome
  woff2 fonts): fetched with ``npm pack`` from the npm registry at the pinned versions.

The versions are pinned below; after changing one, rerun this script and update the README.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "book" / "_static" / "vendor"
SUMS = VENDOR / "SHA256SUMS"

MATHJAX_PYPI = "django-static-mathjax==3.2.2.1"  # ships mathjax-full 3.2.2
MATHJAX_VERSION = "3.2.2"
REQUIREJS = "requirejs@2.3.8"
HTML_MANAGER = "@jupyter-widgets/html-manager@1.0.15"  # the embed bundle of ipywidgets 8.1.x

# Files kept out of the SHA256SUMS manifest (documentation, the manifest itself).
UNTRACKED = {"README.md", "SHA256SUMS"}


def _mathjax_root() -> Path:
    spec = importlib.util.find_spec("mathjax")
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"MathJax not found: pip install '{MATHJAX_PYPI}' into this Python first")
    root = Path(list(spec.submodule_search_locations)[0]) / "static" / "mathjax"
    version = json.loads((root / "package.json").read_text())["version"]
    if version != MATHJAX_VERSION:
        sys.exit(f"expected MathJax {MATHJAX_VERSION}, found {version} in {root}")
    return root


def vendor_mathjax(dest: Path) -> None:
    src = _mathjax_root()
    es5 = src / "es5"
    shutil.copy2(es5 / "tex-mml-chtml.js", dest / "tex-mml-chtml.js")
    shutil.copy2(src / "LICENSE", dest / "LICENSE")
    fonts = dest / "output" / "chtml" / "fonts" / "woff-v2"
    fonts.mkdir(parents=True)
    for f in sorted((es5 / "output" / "chtml" / "fonts" / "woff-v2").glob("*.woff")):
        shutil.copy2(f, fonts / f.name)
    ext = dest / "input" / "tex" / "extensions"
    ext.mkdir(parents=True)
    for f in sorted((es5 / "input" / "tex" / "extensions").glob("*.js")):
        if f.name != "all-packages.js":  # 215 kB, only loaded when asked for explicitly
            shutil.copy2(f, ext / f.name)


def _npm_pack(spec: str, workdir: Path) -> Path:
    """Download ``spec`` with ``npm pack`` and return the folder it unpacks to."""
    out = subprocess.run(["npm", "pack", spec, "--json", "--pack-destination", str(workdir)],
                         check=True, capture_output=True, text=True, cwd=workdir).stdout
    filename = json.loads(out)[0]["filename"]
    tarball = workdir / filename.replace("@", "").replace("/", "-")
    if not tarball.exists():  # npm's naming of scoped tarballs has varied between versions
        tarball = next(workdir.glob("*.tgz"))
    target = workdir / (tarball.stem + "_x")
    with tarfile.open(tarball) as tf:
        tf.extractall(target, filter="data")
    tarball.unlink()
    return target / "package"


def vendor_npm(dest_require: Path, dest_widgets: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pkg = _npm_pack(REQUIREJS, Path(tmp))
        shutil.copy2(pkg / "require.js", dest_require / "require.js")  # MIT, license in its header
    with tempfile.TemporaryDirectory() as tmp:
        pkg = _npm_pack(HTML_MANAGER, Path(tmp))
        dist = pkg / "dist"
        shutil.copy2(dist / "embed-amd.js", dest_widgets / "embed-amd.js")
        # BSD-3-Clause (the package ships no LICENSE file); notices of the bundled libraries:
        shutil.copy2(dist / "embed.js.LICENSE.txt", dest_widgets / "embed.js.LICENSE.txt")
        # Font Awesome fonts, resolved relative to embed-amd.js; woff2 is what browsers pick first.
        for f in sorted(dist.glob("*.woff2")):
            shutil.copy2(f, dest_widgets / f.name)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tracked_files() -> list[Path]:
    return sorted(p for p in VENDOR.rglob("*") if p.is_file() and p.relative_to(VENDOR).as_posix() not in UNTRACKED)


def write_sums() -> None:
    lines = [f"{_digest(p)}  {p.relative_to(VENDOR).as_posix()}" for p in _tracked_files()]
    SUMS.write_text("\n".join(lines) + "\n")


def check() -> int:
    if not SUMS.exists():
        print(f"missing {SUMS}", file=sys.stderr)
        return 1
    expected = dict(reversed(line.split("  ", 1)) for line in SUMS.read_text().splitlines() if line.strip())
    actual = {p.relative_to(VENDOR).as_posix(): _digest(p) for p in _tracked_files()}
    bad = sorted(set(expected) ^ set(actual)) + sorted(k for k in expected if k in actual and expected[k] != actual[k])
    for name in bad:
        print(f"mismatch: {name}", file=sys.stderr)
    total = sum(p.stat().st_size for p in _tracked_files())
    print(f"{len(actual)} vendored files, {total / 1e6:.1f} MB, {'OK' if not bad else 'DIFFERENT'}")
    return 1 if bad else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only verify the committed files against SHA256SUMS")
    args = parser.parse_args(argv)
    if args.check:
        return check()
    readme = (VENDOR / "README.md").read_text() if (VENDOR / "README.md").exists() else None
    for sub in ("mathjax", "requirejs", "jupyter-widgets"):
        shutil.rmtree(VENDOR / sub, ignore_errors=True)
        (VENDOR / sub).mkdir(parents=True)
    vendor_mathjax(VENDOR / "mathjax")
    vendor_npm(VENDOR / "requirejs", VENDOR / "jupyter-widgets")
    if readme is not None:
        (VENDOR / "README.md").write_text(readme)
    write_sums()
    return check()


if __name__ == "__main__":
    sys.exit(main())
