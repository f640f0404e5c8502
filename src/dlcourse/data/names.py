"""Course 5's names for the character-level language model (the stand-in for the original's dinosaur names).

``data/names.txt`` holds the 5,163 first names of the 1990 US Census (public domain; extracted once from
the PyPI package ``names`` 0.3.0 by ``data/make_names.py``), lowercase, one a line, sorted. The loader
checks the file against ``data/MANIFEST.json`` and then its content.
"""
from __future__ import annotations

import re

from .files import _REBUILD_HINT, DataFileError, checked_path

__all__ = ["NAMES_FILE", "NAMES_COUNT", "load_names", "load_names_text"]

NAMES_FILE = "names.txt"
#: The number of names in ``data/names.txt`` (the original's ``dinos.txt`` has 1,536).
NAMES_COUNT = 5163
_REBUILD = ("restore it with `git checkout -- data/names.txt` or rebuild it with `data/make_names.py` "
            "(see its docstring)")


def load_names_text(data_dir=None) -> str:
    """The whole file as one string, names separated by ``"\\n"`` (what the original reads from ``dinos.txt``,
    lowercase already). Raises :class:`DataFileError` if the file is missing, corrupt or malformed."""
    path = checked_path(NAMES_FILE, data_dir)
    try:
        text = path.read_bytes().decode("ascii")
    except OSError as err:
        raise DataFileError(f"cannot read {path} ({type(err).__name__}: {err}); {_REBUILD_HINT}") from err
    except UnicodeDecodeError as err:
        raise DataFileError(f"{path} is not ASCII text ({err}); {_REBUILD}") from err
    if not re.fullmatch(r"(?:[a-z]+\n)+", text):
        raise DataFileError(f"{path} should hold lowercase names a-z, one a line, each ending with a newline; "
                            f"{_REBUILD}")
    names = text.splitlines()
    if len(names) != NAMES_COUNT or names != sorted(set(names)):
        raise DataFileError(f"{path} should hold {NAMES_COUNT} distinct names in sorted order, got {len(names)}; "
                            f"{_REBUILD}")
    return text


def load_names(data_dir=None) -> list:
    """The 5,163 names (list of str, lowercase, sorted), checked as :func:`load_names_text` does."""
    return load_names_text(data_dir).splitlines()
