"""Tests of the Jupyter Book project: its configuration, its vendored assets and the built site.

Configuration tests need no build. The built-site tests read ``_build/html`` and are skipped
when it does not exist (build first: ``.venv/bin/jupyter-book build -W --keep-going .``),
unless ``DLCOURSE_REQUIRE_BUILD=1`` is set, in which case a missing build is an error.
"""
from __future__ import annotations

import hashlib
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"

COURSE_CAPTIONS = [
    "Course 1: Neural Networks and Deep Learning",
    "Course 2: Improving Deep Neural Networks",
    "Course 3: Structuring Machine Learning Projects",
    "Course 4: Convolutional Neural Networks",
    "Course 5: Sequence Models",
]
COURSE1_CHAPTERS = [
    "notebooks/course1/01_introduction",
    "notebooks/course1/02_python_numpy",
    "notebooks/course1/03_logistic_regression",
    "notebooks/course1/04_shallow_network",
    "notebooks/course1/05_deep_network_step_by_step",
    "notebooks/course1/06_deep_network_application",
]
REQUIRED_EXCLUDES = [
    ".venv", "_build", "src", "data", "tests", ".ci", "scripts", ".pytest_cache",
    ".jupyter_cache", "README.md", "**/.ipynb_checkpoints",
]
SOURCE_SUFFIXES = (".md", ".ipynb")


# --- helpers ---------------------------------------------------------------------------------------

def _load_yaml(name: str) -> dict:
    with open(ROOT / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.fixture(scope="module")
def toc() -> dict:
    return _load_yaml("_toc.yml")


@pytest.fixture(scope="module")
def config() -> dict:
    return _load_yaml("_config.yml")


def _sphinx_config(config: dict) -> dict:
    return (config.get("sphinx") or {}).get("config") or {}


def toc_files(toc: dict) -> list[str]:
    """Every ``file`` entry of a jb-book ToC, root first, in reading order."""
    files = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return files


def static_dirs(config: dict) -> list[Path]:
    return [ROOT / p for p in _sphinx_config(config).get("html_static_path", [])]


def is_remote(url: str | None) -> bool:
    """True for absolute http(s) URLs and protocol-relative ``//host/...`` URLs."""
    if not url:
        return False
    url = url.strip()
    if url.startswith("//"):
        return True
    return urlsplit(url).scheme.lower() in {"http", "https", "ftp", "ws", "wss"}


def local_asset_paths(config: dict) -> dict[str, str]:
    """The configured MathJax and ipywidgets scripts, as paths relative to ``_static``."""
    sphinx = _sphinx_config(config)
    assets = {"mathjax": sphinx.get("mathjax_path", "")}
    for i, url in enumerate(sphinx.get("nb_ipywidgets_js") or {}):
        assets[f"ipywidgets_js[{i}]"] = url
    return assets


# --- configuration (no build needed) ---------------------------------------------------------------

def test_toc_is_jb_book_rooted_at_the_welcome_page(toc):
    assert toc["format"] == "jb-book"
    assert toc["root"] == "book/intro"


def test_toc_has_five_course_parts_each_starting_with_its_landing_page(toc):
    parts = toc["parts"]
    captions = [p["caption"] for p in parts]
    assert captions[:5] == COURSE_CAPTIONS, captions
    for n, part in enumerate(parts[:5], start=1):
        assert part["chapters"][0]["file"] == f"book/course{n}/index", part["caption"]
    # Anything after the courses is reference material, not another course.
    assert all(not c.startswith("Course") for c in captions[5:]), captions


def test_toc_course1_lists_its_chapters_in_order(toc):
    course1 = toc["parts"][0]
    files = [e["file"] for e in course1["chapters"][1:]]
    files += [s["file"] for e in course1["chapters"] for s in e.get("sections", [])]
    quizzes = [f for f in files if f.rsplit("/", 1)[-1].startswith("quiz_week")]  # the weekly quizzes
    assert quizzes == [f"notebooks/course1/quiz_week{w}" for w in range(1, 5)]
    files = [f for f in files if f not in quizzes]
    assert files == COURSE1_CHAPTERS


COURSE2_CHAPTERS = [
    "notebooks/course2/01_initialization",
    "notebooks/course2/02_regularization",
    "notebooks/course2/03_gradient_checking",
    "notebooks/course2/04_optimization",
    "notebooks/course2/05_hyperparameters_batchnorm",
    "notebooks/course2/06_framework",
]
COURSE2_WEEK_ENDS = {1: "notebooks/course2/03_gradient_checking", 2: "notebooks/course2/04_optimization",
                     3: "notebooks/course2/06_framework"}


def test_toc_course2_lists_its_six_chapters_in_order(toc):
    files = [e["file"] for e in toc["parts"][1]["chapters"][1:]]
    assert [f for f in files if not f.rsplit("/", 1)[-1].startswith("quiz_week")] == COURSE2_CHAPTERS


COURSE3_CHAPTERS = [f"notebooks/course3/{name}" for name in (
    "01_setting_up_your_goal", "02_human_level_performance", "03_error_analysis", "04_mismatched_data",
    "05_transfer_and_multitask", "06_case_studies")]


def test_toc_course3_lists_its_six_chapters_in_order(toc):
    # Course 3's weekly quizzes are its two case studies, inside the last chapter
    assert [e["file"] for e in toc["parts"][2]["chapters"][1:]] == COURSE3_CHAPTERS


def test_toc_course2_quizzes_close_their_weeks(toc):
    """Each Course 2 quiz comes right after the last chapter of its week, in week order."""
    files = [e["file"] for e in toc["parts"][1]["chapters"]]
    quizzes = [f for f in files if f.rsplit("/", 1)[-1].startswith("quiz_week")]
    assert quizzes == [f"notebooks/course2/quiz_week{w}" for w in range(1, 4)]
    for week, last in COURSE2_WEEK_ENDS.items():
        assert files[files.index(f"notebooks/course2/quiz_week{week}") - 1] == last, (week, files)


# as in the original: week 1 ends with the CNN application, week 2 with residual networks
COURSE4_WEEK_ENDS = {1: "notebooks/course4/02_cnn_application", 2: "notebooks/course4/03_residual_networks"}


def test_toc_course4_quizzes_close_their_weeks(toc):
    """Each Course 4 quiz comes right after the last chapter of its week, in week order."""
    files = [e["file"] for e in toc["parts"][3]["chapters"]]
    quizzes = [f for f in files if f.rsplit("/", 1)[-1].startswith("quiz_week")]
    assert quizzes == [f"notebooks/course4/quiz_week{w}" for w in sorted(COURSE4_WEEK_ENDS)]
    for week, last in COURSE4_WEEK_ENDS.items():
        assert files[files.index(f"notebooks/course4/quiz_week{week}") - 1] == last, (week, files)


def test_toc_has_reference_part_with_notation_and_references(toc):
    files = toc_files(toc)
    assert "book/notation" in files and "book/references" in files
    assert len(files) == len(set(files)), "a page is listed twice in _toc.yml"


def test_every_file_in_toc_exists(toc):
    """Fails until every chapter listed in _toc.yml has been written (intended)."""
    missing = [f for f in toc_files(toc) if not any((ROOT / (f + s)).is_file() for s in SOURCE_SUFFIXES)]
    assert not missing, f"_toc.yml lists files that do not exist: {missing}"


def test_config_builds_only_toc_files_and_excludes_non_book_folders(config):
    assert config["title"] == "dlcourse: Deep Learning from Scratch"
    assert config["only_build_toc_files"] is True
    excludes = set(config["exclude_patterns"])
    missing = [p for p in REQUIRED_EXCLUDES if p not in excludes]
    assert not missing, f"exclude_patterns lacks {missing}"


def test_config_execution_uses_the_stored_outputs(config):
    execute = config["execute"]
    assert execute["execute_notebooks"] == "off"
    assert execute["raise_on_error"] is True
    assert execute["timeout"] == 300


def test_every_toc_notebook_is_stored_fully_executed(toc):
    """The site shows the stored outputs ("off" above), so none may be missing or stale-ordered."""
    import nbformat

    notebooks = [ROOT / f"{f}.ipynb" for f in toc_files(toc) if (ROOT / f"{f}.ipynb").exists()]
    assert notebooks, "no notebooks in the TOC"
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
        counts = [c.execution_count for c in code]
        assert all(isinstance(n, int) for n in counts), f"{path.name}: unexecuted code cells"
        assert counts == list(range(1, len(counts) + 1)), f"{path.name}: cells were not run top to bottom once"
        errors = [o for c in code for o in c.outputs if o.output_type == "error"]
        assert not errors, f"{path.name}: stored error outputs"


def test_config_enables_the_myst_extensions_the_pages_use(config):
    extensions = set(config["parse"]["myst_enable_extensions"])
    assert {"amsmath", "dollarmath", "colon_fence"} <= extensions


def test_config_enables_nothing_that_loads_remote_resources(config):
    launch = config.get("launch_buttons") or {}
    assert not launch.get("thebe")
    for key in ("binderhub_url", "jupyterhub_url", "colab_url", "deepnote_url"):
        assert not launch.get(key), f"launch_buttons.{key} is set"
    html = config.get("html") or {}
    for key in ("use_edit_page_button", "use_repository_button", "use_issues_button"):
        assert not html.get(key), f"html.{key} is on"
    comments = html.get("comments") or {}
    assert not comments.get("hypothesis") and not comments.get("utterances")
    analytics = html.get("analytics") or {}
    assert not analytics.get("google_analytics_id") and not analytics.get("plausible_analytics_domain")


def test_offline_guard_extension_is_enabled(config):
    local = (config.get("sphinx") or {}).get("local_extensions") or {}
    assert "dlcourse_offline" in local, "book/_ext/dlcourse_offline.py is not enabled"
    assert (ROOT / local["dlcourse_offline"] / "dlcourse_offline.py").is_file()


def test_static_path_is_under_book_not_the_root(config):
    dirs = static_dirs(config)
    assert dirs, "sphinx.config.html_static_path is not set"
    assert ROOT / "book" / "_static" in dirs
    assert not (ROOT / "_static").exists(), "use book/_static, not a root _static/"


def test_mathjax_and_widget_scripts_are_configured_as_local_vendored_files(config):
    assets = local_asset_paths(config)
    assert assets["mathjax"].endswith("tex-mml-chtml.js"), assets
    for name, rel in assets.items():
        assert rel and not is_remote(rel) and not rel.startswith("/"), f"{name} = {rel!r} is not a local path"
        assert any((d / rel).is_file() for d in static_dirs(config)), f"{name}: {rel} is not in html_static_path"
    widget_js = [Path(p).name for p in _sphinx_config(config)["nb_ipywidgets_js"]]
    assert widget_js == ["widgets-setup.js", "require.js", "embed-amd.js"], \
        "expected widgets-setup.js, then RequireJS, then embed-amd.js"
    for attrs in _sphinx_config(config)["nb_ipywidgets_js"].values():
        assert not any(is_remote(v) for v in (attrs or {}).values()), attrs


def test_vendored_assets_match_their_checksums():
    vendor = ROOT / "book" / "_static" / "vendor"
    sums = vendor / "SHA256SUMS"
    assert sums.is_file(), "run scripts/vendor_assets.py"
    expected = {}
    for line in sums.read_text().splitlines():
        digest, name = line.split("  ", 1)
        expected[name] = digest
    actual = {
        p.relative_to(vendor).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in vendor.rglob("*") if p.is_file() and p.name not in {"SHA256SUMS", "README.md"}
    }
    assert set(actual) == set(expected), f"files differ from SHA256SUMS: {sorted(set(actual) ^ set(expected))}"
    changed = [name for name in expected if actual[name] != expected[name]]
    assert not changed, f"vendored files changed since scripts/vendor_assets.py ran: {changed}"
    # MathJax must come with the CHTML fonts it loads relative to itself.
    assert list((vendor / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2").glob("*.woff"))
    total = sum((vendor / name).stat().st_size for name in actual)
    assert total < 8_000_000, f"vendored assets grew to {total / 1e6:.1f} MB"


# --- the built site --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def html_pages(site) -> list[Path]:
    pages = sorted(p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts)
    assert pages
    return pages


class _AssetCollector(HTMLParser):
    """Collect what a page loads: scripts, stylesheets and other linked resources, embedded media."""

    LOADING_RELS = {"stylesheet", "preload", "modulepreload", "prefetch", "preconnect", "dns-prefetch",
                    "icon", "apple-touch-icon", "manifest"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.inline_scripts: list[str] = []
        self.links: list[tuple[str, str]] = []  # (rel, href)
        self.media: list[str] = []
        self.styles: list[str] = []
        self.widget_state = False
        self._in_style = False
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "script":
            if a.get("src"):
                self.scripts.append(a["src"])
            if a.get("type") == "application/vnd.jupyter.widget-state+json":
                self.widget_state = True
            self._in_script = not a.get("src") and a.get("type", "text/javascript") in {"text/javascript", "module", ""}
        elif tag == "link":
            rels = set(a.get("rel", "").lower().split())
            if rels & self.LOADING_RELS:
                self.links.append((a.get("rel", ""), a.get("href", "")))
        elif tag in {"img", "iframe", "embed", "source", "video", "audio", "track", "input"}:
            if a.get("src"):
                self.media.append(a["src"])
        elif tag == "object" and a.get("data"):
            self.media.append(a["data"])
        elif tag == "style":
            self._in_style = True
        if a.get("style"):
            self.styles.append(a["style"])

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False
        elif tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)
        elif self._in_script and data.strip():
            self.inline_scripts.append(data.strip())


def _parse(page: Path) -> _AssetCollector:
    collector = _AssetCollector()
    collector.feed(page.read_text(encoding="utf-8", errors="replace"))
    return collector


_REMOTE_CSS = re.compile(r"""(@import\s+(url\()?\s*['"]?\s*(https?:)?//)|(url\(\s*['"]?\s*(https?:)?//)""", re.I)


def test_is_remote_recognises_remote_urls():
    assert is_remote("https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js")
    assert is_remote("//cdnjs.cloudflare.com/require.min.js")
    assert is_remote("HTTP://example.org/x.css")
    assert not is_remote("../_static/vendor/mathjax/tex-mml-chtml.js?v=1")
    assert not is_remote("_static/pygments.css")
    assert _REMOTE_CSS.search("@import url(https://fonts.googleapis.com/css?family=Roboto)")
    assert _REMOTE_CSS.search("@import 'http://x.org/a.css';")
    assert _REMOTE_CSS.search("src: url( '//fonts.example/a.woff2')")
    assert not _REMOTE_CSS.search("@import \"../basic.css\"; src: url(fonts/a.woff2)")


def test_every_toc_page_was_built(site, toc):
    missing = [f for f in toc_files(toc) if not (site / f"{f}.html").is_file()]
    assert not missing, f"pages listed in _toc.yml but not built: {missing}"


def test_no_page_loads_a_remote_script_or_stylesheet(html_pages, site):
    offenders = []
    for page in html_pages:
        found = _parse(page)
        name = page.relative_to(site).as_posix()
        offenders += [f"{name}: <script src={s}>" for s in found.scripts if is_remote(s)]
        offenders += [f"{name}: <link rel={r} href={h}>" for r, h in found.links if is_remote(h)]
        offenders += [f"{name}: <style> {m.group(0)}" for css in found.styles for m in _REMOTE_CSS.finditer(css)]
    assert not offenders, "remote resources:\n" + "\n".join(offenders[:30])


def test_no_page_loads_a_script_twice_or_thebe(html_pages, site, config):
    """book/_ext/dlcourse_offline.py removes duplicated scripts and, with Thebe off, Thebe's."""
    thebe_on = bool((config.get("launch_buttons") or {}).get("thebe"))
    problems = []
    for page in html_pages:
        found = _parse(page)
        name = page.relative_to(site).as_posix()
        for kind, items in (("script", [urlsplit(s).path for s in found.scripts]), ("inline script", found.inline_scripts)):
            dupes = sorted({i for i in items if items.count(i) > 1})
            problems += [f"{name}: {kind} included twice: {d[:80]}" for d in dupes]
        if not thebe_on:
            problems += [f"{name}: loads {s}" for s in found.scripts if "thebe" in s]
            problems += [f"{name}: inline Thebe setup" for s in found.inline_scripts if "THEBE_JS_URL" in s]
    assert not problems, "\n".join(problems[:30])


def test_no_page_embeds_remote_media(html_pages, site):
    offenders = [f"{page.relative_to(site).as_posix()}: {src}"
                 for page in html_pages for src in _parse(page).media if is_remote(src)]
    assert not offenders, "remote images/frames (the site must work offline):\n" + "\n".join(offenders[:30])


def test_no_stylesheet_imports_remote_css_or_fonts(site):
    offenders = []
    for css in sorted((site / "_static").rglob("*.css")):
        for m in _REMOTE_CSS.finditer(css.read_text(encoding="utf-8", errors="replace")):
            offenders.append(f"{css.relative_to(site).as_posix()}: {m.group(0)}")
    assert not offenders, "\n".join(offenders[:30])


def test_vendored_scripts_were_copied_into_the_site(site, config):
    for name, rel in local_asset_paths(config).items():
        assert (site / "_static" / rel).is_file(), f"{name}: _static/{rel} missing from the built site"
    fonts = site / "_static" / Path(local_asset_paths(config)["mathjax"]).parent / "output" / "chtml" / "fonts" / "woff-v2"
    assert list(fonts.glob("*.woff")), f"MathJax fonts missing from {fonts.relative_to(site)}"


def test_widget_fonts_sit_where_the_setup_script_points(site, config):
    """embed-amd.js loads its woff2 fonts from the folder widgets-setup.js maps it to."""
    shim, _, embed = (site / "_static" / p for p in _sphinx_config(config)["nb_ipywidgets_js"])
    target = re.search(r'new URL\("([^"]+)"', shim.read_text())
    assert target, "the shim no longer sets the assets path from its own URL"
    folder = (shim.parent / target.group(1)).resolve()
    assert folder == embed.parent.resolve(), f"shim points at {folder}, embed-amd.js is in {embed.parent}"
    wanted = set(re.findall(r'"([0-9a-f]{20}\.woff2)"', embed.read_text(encoding="utf-8", errors="replace")))
    assert wanted, "no woff2 fonts referenced by embed-amd.js (did its bundle change?)"
    missing = sorted(f for f in wanted if not (folder / f).is_file())
    assert not missing, f"fonts embed-amd.js loads but the site lacks: {missing}"


def _script_targets(page: Path, site: Path) -> list[str]:
    """The page's local script sources as paths relative to the site root, query strings dropped."""
    out = []
    for src in _parse(page).scripts:
        if is_remote(src):
            out.append(src)
            continue
        target = (page.parent / urlsplit(src).path).resolve()
        out.append(target.relative_to(site.resolve()).as_posix() if target.is_relative_to(site.resolve()) else src)
    return out


def test_pages_with_math_load_the_local_mathjax(site, config):
    mathjax = f"_static/{local_asset_paths(config)['mathjax']}"
    for page in ("book/notation.html", "book/intro.html"):
        scripts = _script_targets(site / page, site)
        assert mathjax in scripts, f"{page} does not load {mathjax}: {scripts}"
        assert (site / mathjax).is_file()


def test_pages_with_widgets_load_the_local_widget_scripts_in_order(html_pages, site, config):
    wanted = [f"_static/{p}" for p in _sphinx_config(config)["nb_ipywidgets_js"]]
    for page in html_pages:
        if not _parse(page).widget_state:
            continue
        scripts = _script_targets(page, site)
        name = page.relative_to(site).as_posix()
        assert all(w in scripts for w in wanted), f"{name} has widgets but loads {scripts}"
        assert [scripts.index(w) for w in wanted] == sorted(scripts.index(w) for w in wanted), \
            f"{name}: widget scripts out of order: {scripts}"


def test_printed_lines_render_as_one_output_block(config):
    # Kernels send each print as its own stream message; unmerged, every line gets its own box.
    assert _sphinx_config(config).get("nb_merge_streams") is True
