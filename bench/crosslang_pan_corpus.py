"""Write a cross-language PAN-layout corpus from en-sq-dev, to score with ``eval pan``.

Each case: an English source document (one en-sq-dev document, as prose) and an Albanian
suspicious document made of unrelated Albanian text (sentences of the *other* documents) with
one passage of 3-15 consecutive sentences of the source's Albanian translation embedded in
it. A second section holds pairs without reuse (an English source against Albanian text from
other documents only). Deterministic (fixed seed).

    python bench/crosslang_pan_corpus.py /tmp/xpan --cases 40
    sourcetrace eval pan /tmp/xpan --detections /tmp/xpan-det
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from xml.sax.saxutils import quoteattr

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "en-sq-dev"
SEED = 20261122
FILLER_SENTENCES = (20, 40)


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]


def _prose(sentences: list[str]) -> str:
    """Sentences as paragraphs of 4, the way an article reads."""
    return "\n\n".join(" ".join(sentences[k : k + 4]) for k in range(0, len(sentences), 4)) + "\n"


def _case(rng: random.Random, docs: list[str], k: int, with_reuse: bool):
    doc = docs[k % len(docs)]
    english, albanian = _lines(DATA / doc / "en.txt"), _lines(DATA / doc / "sq.txt")
    start = rng.randrange(0, max(1, len(english) - 60))
    source = [s for s in english[start : start + 60] if s]
    others = [s for d in docs if d != doc for s in _lines(DATA / d / "sq.txt") if len(s) > 40]
    first = rng.randrange(0, len(others) - 60)
    filler = others[first : first + rng.randint(*FILLER_SENTENCES)]
    if not with_reuse:
        return _prose(source), _prose(filler), None
    size = rng.randint(3, 15)
    at = rng.randrange(0, len(source) - size)
    passage = [s for s in albanian[start + at : start + at + size] if s]
    cut = rng.randrange(1, len(filler))
    before, after = _prose(filler[:cut]), _prose(filler[cut:])
    susp_passage = " ".join(passage)
    susp = before + "\n" + susp_passage + "\n\n" + after
    src_text = _prose(source)
    src_start = src_text.index(source[at])
    src_end = src_text.index(source[at + size - 1]) + len(source[at + size - 1])
    this_offset = len(before) + 1
    return src_text, susp, (this_offset, len(susp_passage), src_start, src_end - src_start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--cases", type=int, default=40)
    args = parser.parse_args()
    if not DATA.is_dir():
        sys.exit(f"en-sq-dev not found at {DATA}")
    docs = sorted(p.name for p in DATA.iterdir() if p.is_dir())
    rng = random.Random(SEED)
    for folder in ("src", "susp", "01-no-reuse", "02-translation"):
        (args.out / folder).mkdir(parents=True, exist_ok=False)
    for section, with_reuse in (("01-no-reuse", False), ("02-translation", True)):
        pairs = []
        for k in range(args.cases if with_reuse else args.cases // 4):
            number = len(list((args.out / "src").iterdir())) + 1
            src_name, susp_name = f"source-document{number:05d}.txt", f"suspicious-document{number:05d}.txt"
            src, susp, case = _case(rng, docs, k, with_reuse)
            (args.out / "src" / src_name).write_text(src, encoding="utf-8")
            (args.out / "susp" / susp_name).write_text(susp, encoding="utf-8")
            pairs.append(f"{susp_name} {src_name}")
            feature = "" if case is None else (
                f'<feature name="plagiarism" obfuscation="translation" source_length="{case[3]}" '
                f'source_offset="{case[2]}" source_reference={quoteattr(src_name)} '
                f'this_length="{case[1]}" this_offset="{case[0]}" type="artificial" />\n'
            )
            xml = f"<document reference={quoteattr(susp_name)}>\n{feature}</document>\n"
            (args.out / section / f"{susp_name[:-4]}-{src_name[:-4]}.xml").write_text(xml, encoding="utf-8")
        (args.out / section / "pairs").write_text("\n".join(pairs) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
