"""Headless Chromium for the browser tests (Debian package ``chromium``; no extra Python package).

A page is opened from disk with ``--dump-dom`` and networking off; the DOM after the page's scripts ran
comes back as text. The tests skip (with the reason) where the site is not built or Chromium is missing,
unless DLCOURSE_REQUIRE_BUILD=1 (set by .ci/run), where they must run.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
REQUIRED = os.environ.get("DLCOURSE_REQUIRE_BUILD") == "1"


def need(condition: bool, reason: str) -> None:
    """Skip the test with ``reason`` unless the condition holds; fail instead under DLCOURSE_REQUIRE_BUILD=1."""
    if not condition:
        if REQUIRED:
            pytest.fail(f"DLCOURSE_REQUIRE_BUILD=1 but {reason}")
        pytest.skip(reason)


def need_page(page: Path) -> None:
    need(page.exists(), f"the book is not built ({page} missing; run the README's build command)")


def chromium() -> str:
    """The Chromium executable (the test is skipped or failed, as ``need`` says, when there is none)."""
    path = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
    need(path is not None, "no Chromium installed (Debian: apt-get install chromium)")
    return path


def dump_dom(page: Path, marker: str = 'data-quiz-driven="yes"') -> str:
    """The DOM of ``page`` after its scripts ran; asserts that the driver appended to it set ``marker``."""
    browser = chromium()
    profile = tempfile.mkdtemp(prefix="dlcourse-chromium-")
    try:
        result = subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-extensions", f"--user-data-dir={profile}", "--virtual-time-budget=5000",
             "--dump-dom", page.as_uri()],
            capture_output=True, text=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert marker in result.stdout, f"page scripts did not run:\n{result.stderr[-2000:]}"
    return result.stdout


def dump_driven(page: Path, driver: str, name: str) -> str:
    """A copy of the built ``page`` with ``driver`` appended before ``</body>``, saved beside it (so the
    page's own scripts and styles load as on the site) as ``_browser_test_<name>.html``, opened; the DOM."""
    driven = page.with_name(f"_browser_test_{name}.html")
    driven.write_text(page.read_text(encoding="utf-8").replace("</body>", driver + "</body>"), encoding="utf-8")
    try:
        return dump_dom(driven)
    finally:
        driven.unlink(missing_ok=True)
