#!/usr/bin/env python
"""Extract the soprano melodies of Bach's chorales from music21's corpus into ``data/c5_chorales.h5``.

    python3 -m venv /tmp/m21 && /tmp/m21/bin/pip install music21 numpy==2.4.6 h5py==3.16.0
    /tmp/m21/bin/python data/make_chorales.py            # writes data/c5_chorales.h5 (about 30 s)
    /tmp/m21/bin/python data/make_chorales.py --check    # re-extract in a temporary folder, compare bytes

music21 is needed only here, once (it is not a dependency of the book); the file it writes is committed
and registered in ``data/MANIFEST.json``, and Course 5's music chapter reads it with
``dlcourse.data.load_chorales()``. Built with music21 10.5.1, numpy 2.4.6, h5py 3.16.0.

**Source and licence.** The melodies are J. S. Bach's (1685-1750), in the public domain. The MusicXML
encodings they are read from (``music21/corpus/bach/*.mxl``) ship with music21 (whose code is BSD-3-Clause);
music21's ``corpus/license.txt`` says the corpus's encodings "are distributed with the permission of the
encoders ... and where permitted under United States copyright law", that "some encodings ... may not be used
for commercial uses or have other restrictions" (see the licences embedded in individual files; the Bach
files read here embed none: their MusicXML identification holds only the encoding software and date), and
that the works "may or may not be free in your jurisdiction". This file keeps only the notes' pitches and
rhythm on an eighth-note grid (no layout, lyrics, harmonisation or other part of the encodings).

**What is extracted.** For every chorale of the corpus's ``bach`` folder in 4/4 with a part named
"Soprano" (sorted by file name): the soprano part with ties merged (``stripTies``), its key estimated by
music21 (``analyze('key')``, Krumhansl-Schmuckler), and the melody **transposed to C major or A minor** by the
smallest shift (-6..+5 semitones), so that all melodies share one scale and a model learns one set of
pitches. The melody becomes one token per **eighth note** (0.5 quarter notes):

* ``HOLD`` (0): the note or rest sounding at the previous step goes on;
* ``REST`` (1): a rest starts here;
* ``2 + (midi - LOWEST)``: a note of MIDI pitch ``midi`` starts here (``LOWEST`` = 60, middle C ... 81).

Onsets are floored to the grid; a second onset in the same eighth (a sixteenth-note ornament) is dropped;
a chord (rare) keeps its top note; grace notes are dropped. The same tune appears in several harmonisations:
only the first chorale (in file order) of each tune is kept, a tune being the sequence of its first 12 note
pitches after transposition (so that held-out melodies are not copies of training ones). Chorales
whose transposed melody leaves MIDI 60-81 are skipped (none of those kept does).

Datasets: ``tokens`` int8 (N,) every melody's tokens one after another; ``starts`` int64 (n + 1,) melody ``k``
is ``tokens[starts[k]:starts[k + 1]]``; ``name`` S (n,) the corpus file (``bwv66.6``); ``key`` S (n,) the
estimated original key (``f# minor``); ``mode`` int8 (n,) 1 = major, 0 = minor; ``shift`` int8 (n,) the
transposition in semitones; ``split`` int8 (n,) 0 = train, 1 = test (every 7th kept chorale, k % 7 == 3).
"""
from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
from pathlib import Path

import h5py
import numpy as np

HERE = Path(__file__).resolve().parent
FILENAME = "c5_chorales.h5"
STEP = 0.5          # quarter notes per token: eighth notes
LOWEST, HIGHEST = 60, 81
HOLD, REST = 0, 1
TUNE_NOTES = 12


def _key_shift(key) -> tuple[int, int]:
    """(mode, shift): the transposition that takes the tonic to C (major) or A (minor), in -6..+5."""
    major = key.mode == "major"
    target = 0 if major else 9
    shift = (target - key.tonic.pitchClass + 6) % 12 - 6
    return int(major), int(shift)


def melody_tokens(part, shift: int) -> list[int] | None:
    """The soprano ``part`` (ties merged) as eighth-note tokens, transposed by ``shift`` semitones."""
    events = []
    for n in part.flatten().notesAndRests:
        if n.quarterLength == 0:  # grace note
            continue
        onset = int(np.floor(float(n.offset) / STEP + 1e-6))
        end = int(np.floor(float(n.offset + n.quarterLength) / STEP + 1e-6))
        if n.isRest:
            pitch = None
        elif n.isChord:
            pitch = max(p.midi for p in n.pitches) + shift
        else:
            pitch = n.pitch.midi + shift
        events.append((onset, max(end, onset + 1), pitch))
    if not events:
        return None
    length = max(e for _, e, _ in events)
    tokens = [HOLD] * length
    taken = set()
    for onset, _, pitch in events:
        if onset in taken:
            continue
        taken.add(onset)
        if pitch is None:
            tokens[onset] = REST
        elif LOWEST <= pitch <= HIGHEST:
            tokens[onset] = 2 + pitch - LOWEST
        else:
            return None
    if tokens[0] == HOLD:  # the part starts with silence that music21 did not write as a rest
        tokens[0] = REST
    return tokens


def extract() -> dict:
    from music21 import corpus, meter

    paths = sorted((p for p in corpus.getComposer("bach") if str(p).endswith(".mxl")), key=lambda p: Path(p).name)
    rows, tunes = [], set()
    for path in paths:
        name = Path(path).name[:-4]
        score = corpus.parse(path)
        sopranos = [p for p in score.parts if (p.partName or "").strip().lower() == "soprano"]
        if len(score.parts) != 4 or len(sopranos) != 1:
            continue
        sigs = {(ts.numerator, ts.denominator) for ts in score.parts[0].recurse().getElementsByClass(meter.TimeSignature)}
        if sigs != {(4, 4)}:
            continue
        key = score.analyze("key")
        mode, shift = _key_shift(key)
        tokens = melody_tokens(sopranos[0].stripTies(), shift)
        if tokens is None:
            continue
        tune = tuple(t for t in tokens if t > REST)[:TUNE_NOTES]
        if tune in tunes:
            continue
        tunes.add(tune)
        rows.append((name, f"{key.tonic.name.lower() if mode == 0 else key.tonic.name} {key.mode}", mode, shift,
                     tokens))
    starts = np.cumsum([0] + [len(r[4]) for r in rows]).astype(np.int64)
    return {
        "tokens": np.concatenate([np.array(r[4], dtype=np.int8) for r in rows]),
        "starts": starts,
        "name": np.array([r[0] for r in rows], dtype="S"),
        "key": np.array([r[1] for r in rows], dtype="S"),
        "mode": np.array([r[2] for r in rows], dtype=np.int8),
        "shift": np.array([r[3] for r in rows], dtype=np.int8),
        "split": (np.arange(len(rows)) % 7 == 3).astype(np.int8),
    }


def write_h5(path: Path, arrays: dict, attrs: dict) -> None:
    """Byte-deterministic h5 (no timestamps, gzip 9, fixed format), as data/build_datasets.py writes them."""
    with h5py.File(path, "w", libver=("earliest", "v110"), track_order=False) as f:
        for key, value in attrs.items():
            f.attrs[key] = np.bytes_(value)
        for name, arr in arrays.items():
            f.create_dataset(name, data=arr, chunks=(min(4096, arr.shape[0]),), compression="gzip",
                             compression_opts=9, track_times=False)


ATTRS = {
    "source": "soprano lines of the 4/4 Bach chorales in music21's corpus (music21/corpus/bach/*.mxl), one "
              "harmonisation per tune, transposed to C major / A minor, eighth-note grid; data/make_chorales.py",
    "licence": "J. S. Bach's melodies are in the public domain; the MusicXML encodings they were read from ship "
               "with music21 (BSD-3-Clause code; corpus/license.txt: encodings distributed with the encoders' "
               "permission, possibly with restrictions on commercial use)",
    "tokens": "0 = hold, 1 = rest, 2 + (midi - 60) = note onset, midi 60..81; one token per eighth note",
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="re-extract in a temporary folder, compare bytes")
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args(argv)
    arrays = extract()
    n = arrays["name"].size
    print(f"{n} chorales ({int(arrays['split'].sum())} test), {arrays['tokens'].size} tokens, "
          f"{int(arrays['mode'].sum())} major")
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            write_h5(Path(tmp) / FILENAME, arrays, ATTRS)
            same = sha256(Path(tmp) / FILENAME) == sha256(args.out / FILENAME)
        print("the same bytes" if same else "DIFFERENT bytes")
        return 0 if same else 1
    write_h5(args.out / FILENAME, arrays, ATTRS)
    path = args.out / FILENAME
    print(f"wrote {path}  sha256 {sha256(path)}  {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
