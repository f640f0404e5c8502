"""The repository's promises: two README commands, CI running them verbatim, pinned tools."""
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_command(marker: str) -> str:
    out = subprocess.run(
        ["bash", "-c", f"source <(sed -n '/^command_after()/,/^}}/p' .ci/run); command_after '{marker}'"],
        cwd=ROOT, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_readme_has_exactly_two_commands_and_ci_reads_them():
    text = (ROOT / "README.md").read_text()
    assert text.count("<!-- build-command -->") == 1 and text.count("<!-- test-command -->") == 1
    assert text.count("```") == 4, "the README gives exactly two commands, each in its own code block"
    build, test = readme_command("<!-- build-command -->"), readme_command("<!-- test-command -->")
    assert "pip install -r requirements.txt" in build and "jupyter-book build -W" in build
    assert test == ".venv/bin/python -m pytest"
    ci = (ROOT / ".ci" / "run").read_text()
    assert 'bash -c "$build_cmd"' in ci and 'bash -c "$test_cmd"' in ci


def test_requirements_pin_jupyter_book_v1_and_every_package():
    lines = [l.strip() for l in (ROOT / "requirements.txt").read_text().splitlines()
             if l.strip() and not l.startswith("#")]
    assert all(re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][A-Za-z0-9.\-+]*", l) for l in lines), lines
    pins = dict(l.split("==") for l in lines)
    assert pins["jupyter-book"].startswith("1.")
    for name in ["numpy", "matplotlib", "h5py", "nbval", "ipywidgets"]:
        assert name in pins, name


def test_notebook_runner_reports_failures(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("raise RuntimeError('boom')")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "broken.ipynb"
    nbformat.write(nb, path)
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "run_notebooks.py"), str(path)],
                         capture_output=True, text=True)
    assert out.returncode == 1 and "FAILED" in out.stdout
