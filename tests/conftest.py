import os
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"


@pytest.fixture
def rng():
    return np.random.default_rng(1234)


def require_build_or_skip(msg: str) -> None:
    """Skip with ``msg``, or fail under ``DLCOURSE_REQUIRE_BUILD=1`` (set by .ci/run after the build)."""
    if os.environ.get("DLCOURSE_REQUIRE_BUILD") == "1":
        pytest.fail(msg + "  (DLCOURSE_REQUIRE_BUILD=1)", pytrace=False)
    pytest.skip(msg)


@pytest.fixture(scope="session")
def site() -> Path:
    """The built book; the tests that read it skip until it has been built."""
    if not (HTML / "index.html").is_file():
        require_build_or_skip(f"the book has not been built ({HTML.relative_to(ROOT)}/index.html is missing); "
                              "build it first with: .venv/bin/jupyter-book build -W --keep-going .")
    return HTML


@pytest.fixture(autouse=True)
def _fresh_hint_levels():
    """Each test starts every chapter grader at hint level 1."""
    from _grading import reset_hint_levels
    reset_hint_levels()
    yield
