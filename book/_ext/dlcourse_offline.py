"""Keep the built book self-contained (a local Sphinx extension, see ``_config.yml``).

On every HTML page, after the other extensions have added their per-page scripts:

* drop duplicate ``<script>`` entries (sphinx-thebe and sphinx-togglebutton register their
  inline configuration twice under Jupyter Book, which makes browsers report
  "Identifier 'THEBE_JS_URL' has already been declared" on every page);
* when Thebe is off (``launch_buttons.thebe: false``), drop sphinx-thebe's scripts, whose
  only job is to fetch Thebe from unpkg.com when a launch button is pressed;
* warn about any script or stylesheet that would be loaded from the network, so that
  ``jupyter-book build -W`` fails instead of publishing a site that does not work offline.
  (``tests/test_book.py`` additionally checks the finished HTML, raw HTML in pages included.)
"""
from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

__version__ = "1.0"


def _is_remote(url: Any) -> bool:
    if not isinstance(url, str) or not url:
        return False
    return url.startswith("//") or urlsplit(url).scheme.lower() in {"http", "https"}


def _thebe_enabled(app: Sphinx) -> bool:
    launch = (getattr(app.config, "html_theme_options", None) or {}).get("launch_buttons") or {}
    return bool(launch.get("thebe"))


def _is_thebe_asset(js: Any) -> bool:
    filename = str(getattr(js, "filename", "") or "")
    body = str((getattr(js, "attributes", None) or {}).get("body", ""))
    return filename.endswith("sphinx-thebe.js") or "THEBE_JS_URL" in body or "unpkg.com/thebe" in filename


def _key(asset: Any) -> tuple:
    attributes = getattr(asset, "attributes", None) or {}
    filename = getattr(asset, "filename", asset) or ""  # inline scripts: None or ""
    return (str(filename), tuple(sorted((k, str(v)) for k, v in attributes.items())))


def clean_page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if app.builder is None or app.builder.format != "html":
        return
    drop_thebe = not _thebe_enabled(app)
    for name in ("script_files", "css_files"):
        assets = context.get(name)
        if not isinstance(assets, list):
            continue
        seen: set[tuple] = set()
        kept = []
        for asset in assets:
            key = _key(asset)
            if key in seen or (name == "script_files" and drop_thebe and _is_thebe_asset(asset)):
                continue
            seen.add(key)
            kept.append(asset)
            filename = getattr(asset, "filename", asset)
            if _is_remote(filename):
                logger.warning("page %r loads a remote %s: %s (the book must work offline; vendor it "
                               "into book/_static/vendor/)", pagename,
                               "script" if name == "script_files" else "stylesheet", filename,
                               type="dlcourse", subtype="remote_asset")
        context[name] = kept


def setup(app: Sphinx) -> dict[str, Any]:
    # Priority 900: after sphinx.ext.mathjax and myst-nb (default 500) add their per-page scripts.
    app.connect("html-page-context", clean_page_assets, priority=900)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
