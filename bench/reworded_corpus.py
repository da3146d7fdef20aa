"""A same-language reuse corpus in PAN's layout, from one side of Text+Berg (German or French).

The lexical aligner stems words in each document's language (issue 17); PAN13 is English only,
so this builds non-English pairs with known reuse to measure that on. The Text+Berg dev
document (one Alpine club yearbook, one sentence per line) is cut into passages of
``PASSAGE_LINES`` lines. For each passage, the ORIGINAL (source) document is the passage with
``CONTEXT_LINES`` lines of its own context before and after it; the DERIVED (suspicious)
document is a reworded copy of the passage between two runs of ``FILLER_LINES`` lines taken
from far away in the same book (same topic, not reused). The rewording is deterministic
(seeded per pair) and made of the edits PAN's random obfuscation uses, at three strengths:

* each sentence is deleted with probability ``delete`` (never all of them),
* each word is dropped with probability ``drop``,
* each word is put in another inflection with probability ``inflect``: replaced by its
  dictionary form (``simplemma``'s lemma: "Lasten" -> "Last", "brachten" -> "bringen"), as a
  rewording changes number, case or tense (only this edit can tell a stemmer that knows the
  language from one that does not),
* words are shuffled within windows of ``window`` words.

Sections: ``01-no-reuse`` (the derived document is filler only: every detection is a false
positive), ``02-light``, ``03-heavy`` and ``04-severe`` (one case per pair: the whole passage
in both texts).
Score it with ``sourcetrace eval pan OUT/de --detections DIR``.

    python bench/reworded_corpus.py OUT [--languages de,fr] [--seed 17]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from xml.sax.saxutils import quoteattr

import simplemma

TEXTBERG = Path(__file__).resolve().parents[2] / "shared" / "data" / "textberg-de-fr-dev"
PASSAGE_LINES, CONTEXT_LINES, FILLER_LINES = 8, 6, 6
# Filler comes from at least this many lines away from the passage.
FAR = 60
STRENGTHS = {
    "02-light": {"delete": 0.1, "drop": 0.05, "inflect": 0.1, "window": 2},
    "03-heavy": {"delete": 0.2, "drop": 0.2, "inflect": 0.3, "window": 4},
    "04-severe": {"delete": 0.3, "drop": 0.35, "inflect": 0.4, "window": 6},
}


def reworded(
    lines: list[str], rng: random.Random, language: str, delete: float, drop: float, inflect: float, window: int
) -> list[str]:
    """The lines with sentences deleted, words dropped, inflected otherwise and shuffled within
    windows."""
    kept = [line for line in lines if rng.random() >= delete] or [rng.choice(lines)]
    result = []
    for line in kept:
        words = [w for w in line.split() if rng.random() >= drop] or line.split()[:1]
        words = [simplemma.lemmatize(w, lang=language) if rng.random() < inflect else w for w in words]
        shuffled: list[str] = []
        for start in range(0, len(words), window):
            part = words[start : start + window]
            rng.shuffle(part)
            shuffled += part
        result.append(" ".join(shuffled))
    return result


def _far_lines(lines: list[str], start: int, count: int, rng: random.Random) -> list[str]:
    """``count`` consecutive lines at least ``FAR`` lines away from line ``start``."""
    choices = [k for k in range(len(lines) - count) if abs(k - start) >= FAR + PASSAGE_LINES]
    at = rng.choice(choices)
    return lines[at : at + count]


def _document(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


def build(lines: list[str], out: Path, language: str, seed: int) -> int:
    """Write one language's corpus under ``out``; return the number of pairs."""
    (out / "src").mkdir(parents=True, exist_ok=True)
    (out / "susp").mkdir(parents=True, exist_ok=True)
    starts = range(CONTEXT_LINES, len(lines) - PASSAGE_LINES - CONTEXT_LINES, PASSAGE_LINES)
    pairs = 0
    for section in ("01-no-reuse", *STRENGTHS):
        folder = out / section
        folder.mkdir(exist_ok=True)
        listing = []
        for k, start in enumerate(starts):
            rng = random.Random(f"{seed}-{language}-{section}-{k}")
            name = f"{section[:2]}{k:03d}"
            src_lines = lines[start - CONTEXT_LINES : start + PASSAGE_LINES + CONTEXT_LINES]
            before = _document(src_lines[:CONTEXT_LINES])
            passage = _document(lines[start : start + PASSAGE_LINES]).rstrip("\n")
            head = _document(_far_lines(lines, start, FILLER_LINES, rng))
            tail = _document(_far_lines(lines, start, FILLER_LINES, rng))
            cases = []
            if section in STRENGTHS:
                copy = _document(reworded(lines[start : start + PASSAGE_LINES], rng, language, **STRENGTHS[section]))
                derived = head + copy + tail
                cases.append((len(head), len(copy.rstrip("\n")), len(before), len(passage)))
            else:
                derived = head + tail
            src_file, susp_file = f"source-{name}.txt", f"suspicious-{name}.txt"
            (out / "src" / src_file).write_text(_document(src_lines), encoding="utf-8")
            (out / "susp" / susp_file).write_text(derived, encoding="utf-8")
            listing.append(f"{susp_file} {src_file}")
            _write_truth(folder / f"{susp_file[:-4]}-{src_file[:-4]}.xml", susp_file, src_file, cases)
            pairs += 1
        (folder / "pairs").write_text("\n".join(listing) + "\n", encoding="utf-8")
    return pairs


def _write_truth(path: Path, susp: str, src: str, cases: list[tuple[int, int, int, int]]) -> None:
    features = "".join(
        f'<feature name="plagiarism" this_offset="{a}" this_length="{b}" source_reference={quoteattr(src)}'
        f' source_offset="{c}" source_length="{d}" obfuscation="random"/>\n'
        for a, b, c, d in cases
    )
    path.write_text(f'<document reference={quoteattr(susp)}>\n{features}</document>\n', encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--languages", default="de,fr")
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    for language in args.languages.split(","):
        lines = [line.strip() for line in (TEXTBERG / f"dev.{language}").read_text(encoding="utf-8").splitlines()]
        lines = [line for line in lines if line]
        print(language, build(lines, args.out / language, language, args.seed), "pairs")


if __name__ == "__main__":
    main()
