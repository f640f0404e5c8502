"""Offer each chapter's learner edition for download (a local Sphinx extension, see ``_config.yml``).

For every notebook page that holds marked exercise solutions (``dlcourse.edition``):

* when the build finishes, its learner edition is written to
  ``_downloads/learner/<path of the notebook under notebooks/>``;
* the page's download menu (sphinx-book-theme's header button) gets a
  "learner .ipynb" entry beside the full notebook's ".ipynb", and a short banner at the top
  of the chapter links both editions.
"""
from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

import nbformat
from sphinx.application import Sphinx
from sphinx.util import logging

from dlcourse.edition import solution_cells, write_learner_edition

logger = logging.getLogger(__name__)

__version__ = "1.0"
TARGET = "_downloads/learner"


def _chapters(app: Sphinx) -> dict[str, Path]:
    """docname -> source path of every notebook page with exercises (computed once per build)."""
    cached = getattr(app, "_dlcourse_learner", None)
    if cached is None:
        cached = {}
        for docname in sorted(app.env.found_docs):
            path = Path(app.env.doc2path(docname))
            if path.suffix == ".ipynb" and solution_cells(nbformat.read(path, as_version=4)):
                cached[docname] = path
        app._dlcourse_learner = cached
    return cached


def _relative(docname: str) -> str:
    parts = PurePosixPath(docname).parts
    return str(PurePosixPath(*parts[1:]) if parts[0] == "notebooks" else PurePosixPath(docname)) + ".ipynb"


def add_download(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if app.builder is None or app.builder.format != "html" or pagename not in _chapters(app):
        return
    url = context["pathto"](f"{TARGET}/{_relative(pagename)}", 1)
    for button in context.get("header_buttons", []):
        if button.get("label") == "download-buttons":
            button["buttons"].insert(1, {
                "type": "link", "url": url, "text": "learner .ipynb", "icon": "fas fa-pencil-alt",
                "tooltip": "Download the learner edition (exercises to fill in)",
                "label": "download-learner-notebook-button",
            })
    # The chapter's own source is the full notebook (sphinx-book-theme's ".ipynb" download).
    full = context.get("sourcename") if context.get("page_source_suffix") == ".ipynb" else context.get("ipynb_source")
    full_url = f"{context['pathto']('_sources', 1)}/{full}" if full else None
    links = f'<a class="reference download" href="{url}" download>learner edition</a> (exercises to fill in)'
    if full_url:
        links += f' or the <a class="reference download" href="{full_url}" download>full notebook</a> (worked solutions)'
    context["body"] = (f'<div class="admonition tip dlcourse-downloads"><p>Run this chapter yourself: download the '
                       f'{links}. <a href="{context["pathto"]("book/how_to_use")}#the-learner-edition">How to use them</a>.'
                       f'</p></div>\n' + context.get("body", ""))


def write_editions(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder is None or app.builder.format != "html":
        return
    out = Path(app.outdir) / TARGET
    for docname, path in _chapters(app).items():
        write_learner_edition(path, out / _relative(docname))
    logger.info("learner edition: %d chapters written to %s", len(_chapters(app)), out)


def setup(app: Sphinx) -> dict[str, Any]:
    # After sphinx-book-theme (priority 501) has built its header buttons.
    app.connect("html-page-context", add_download, priority=600)
    app.connect("build-finished", write_editions)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
