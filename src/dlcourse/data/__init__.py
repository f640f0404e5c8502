"""Data sets: checksummed h5 loaders and deterministic generators.

* :func:`load_cat_dataset` - the cat / non-cat pictures of Course 1 (rendered; see ``data/README.md``),
  read from ``data/*.h5`` after checking them against ``data/MANIFEST.json``
* :func:`make_cat_dataset` - the generator that rendered them (numpy only)
* :func:`load_planar_dataset`, :func:`load_extra_datasets` - the 2-D toy sets of Course 1, week 3
* :func:`load_circles_dataset`, :func:`load_goalkeeper_dataset`, :func:`load_moons_dataset` - Course 2's
  2-D sets (initialization, regularization, optimization), from ``data/course2_2d.h5``; the
  ``make_*_dataset`` functions that generated them
* :func:`load_signs`, :func:`load_signs_metadata` - the hand-signs pictures of Courses 2 and 4 (rendered by
  :func:`make_signs_dataset` / :func:`render_sign_image`, i.e. ``signs.render_sign``)
* :func:`load_course3_mismatch` - Course 3's 32x32 "web" and "mobile app" pictures (catgen renders through
  :func:`mobile_camera`, in :mod:`dlcourse.data.course3_mismatch`)
* :func:`load_happy_dataset`, :func:`load_happy_metadata` - Course 4's "Happy House" faces, smiling or not
  (rendered by :func:`make_happy_dataset` / :func:`render_face`)
* :func:`load_glove` - GloVe 6B 50d word vectors (40,000 most frequent words, PDDL) of Course 5, as a
  :class:`WordVectors` (``data/glove_6b_50d_top.h5``, made by ``data/make_glove.py``)
* :func:`load_names`, :func:`load_names_text` - Course 5's names for the character-level language model
  (first names of the 1990 US Census, public domain; the stand-in for the original's dinosaur names)
* :func:`load_chorales` - Course 5's Bach chorale melodies (eighth-note tokens, from music21's corpus by
  ``data/make_chorales.py``)
* :func:`load_weights` - trained weights shipped in ``data/`` (checked like the data sets) into an nn model
* :func:`load_h5`, :func:`checked_path`, :func:`data_dir`, :class:`DataFileError` - the checked file access underneath
"""
from .chorales import load_chorales
from .catgen import make_cat_dataset, render_image
from .course2 import (
    load_circles_dataset,
    load_goalkeeper_dataset,
    load_moons_dataset,
    make_circles_dataset,
    make_goalkeeper_dataset,
    make_moons_dataset,
)
from .files import (
    DataFileError,
    checked_path,
    data_dir,
    load_cat_dataset,
    load_cat_metadata,
    load_h5,
    load_weights,
    sha256_file,
)
from .glove import WordVectors, load_glove
from .happy import load_happy_dataset, load_happy_metadata, make_happy_dataset, render_face
from .signs import load_signs, load_signs_metadata, make_signs_dataset, render_sign as render_sign_image
from .course3_mismatch import load_course3_mismatch, mobile_camera
from .names import load_names, load_names_text
from .planar import EXTRA_DATASETS, load_extra_datasets, load_planar_dataset

__all__ = [
    "DataFileError", "data_dir", "load_h5", "checked_path", "sha256_file", "load_cat_dataset", "load_cat_metadata",
    "make_cat_dataset", "render_image", "load_planar_dataset", "load_extra_datasets", "EXTRA_DATASETS",
    "load_circles_dataset", "load_goalkeeper_dataset", "load_moons_dataset",
    "make_circles_dataset", "make_goalkeeper_dataset", "make_moons_dataset",
    "load_signs", "load_signs_metadata", "make_signs_dataset", "render_sign_image",
    "load_course3_mismatch", "mobile_camera",
    "load_happy_dataset", "load_happy_metadata", "make_happy_dataset", "render_face", "load_weights",
    "load_glove", "WordVectors",
    "load_names", "load_names_text",
    "load_happy_dataset", "load_happy_metadata", "make_happy_dataset", "render_face", "load_weights", "load_chorales",
]
