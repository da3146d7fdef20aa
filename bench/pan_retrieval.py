"""PAN13 as a retrieval task: index the sources, find candidates for every suspicious document.

Measures the candidate search of issue 18 (no verification): for each truth case of sections
02-05 (one per suspicious-source pair with a case), whether its source is among the suspect's
candidates, per section; the number of candidates per suspect; and the time of each stage.
The sources go in through a JSON Lines export (ids = file names, texts exactly as PAN's
offsets count them: ``read_document`` refuses a few PAN files that hold NUL bytes).

    python bench/pan_retrieval.py ../shared/data/pan13-train --index /tmp/pan13.db

Options of the search (``--min-lexical`` ...) are those of :class:`SearchParams`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from sourcetrace.evaluate.pan import read_corpus
from sourcetrace.evaluate.run import read_corpus_text
from sourcetrace.index import Index, SearchParams
from sourcetrace.model import Document


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--index", type=Path, default=None, help="index file (kept; reused)")
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--extra-jsonl", type=Path, nargs="*", default=[],
                        help="more source exports to index (cross-language sources)")
    for field, value in vars(SearchParams()).items():
        parser.add_argument("--" + field.replace("_", "-"), type=type(value), default=value)
    args = parser.parse_args()
    params = SearchParams(**{f: getattr(args, f) for f in vars(SearchParams())})
    index_path = args.index or Path(tempfile.mkdtemp()) / "pan13.db"

    started = time.perf_counter()
    if not index_path.exists():
        with tempfile.TemporaryDirectory() as folder:
            export = Path(folder) / "pan13-src.jsonl"
            write_sources(args.corpus / "src", export)
            summary = Index(index_path).add([str(export), *map(str, args.extra_jsonl)],
                                            workers=args.workers)
        for skipped in summary.skipped:
            print(f"skipped: {skipped.reason}")
        print(f"indexed {summary.added} documents in {time.perf_counter() - started:.1f} s",
              flush=True)
    pairs = read_corpus(args.corpus)
    truth = [(p.susp, p.src, p.section) for p in pairs if p.cases]
    suspects = sorted({p.susp for p in pairs})
    documents = (
        Document(name, read_corpus_text(args.corpus / "susp" / name), language=None)
        for name in suspects
    )
    index = Index(index_path)
    ids = {row.doc: row.id for row in index.list()}
    started = time.perf_counter()
    found: dict[str, list[str]] = {}
    channels: Counter[str] = Counter()
    for name, candidates in zip(suspects, index.search(documents, params)):
        found[name] = [ids[c.doc] for c in candidates]
        channels.update(c.channel for c in candidates)
    search_time = time.perf_counter() - started
    report(truth, found, channels, search_time)


def write_sources(folder: Path, export: Path) -> None:
    with export.open("w", encoding="utf-8") as out:
        for path in sorted(folder.iterdir()):
            record = {"id": path.name, "text": read_corpus_text(path)}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def report(truth, found, channels, search_time) -> None:
    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for susp, src, section in truth:
        totals[section] += 1
        hits[section] += src in found.get(susp, [])
    counts = [len(v) for v in found.values()]
    print(f"suspects {len(found)}, search {search_time:.1f} s"
          f" ({1000 * search_time / max(len(found), 1):.1f} ms per suspect)")
    print(f"candidates per suspect: mean {statistics.mean(counts):.2f},"
          f" median {statistics.median(counts)}, max {max(counts)}; by channel {dict(channels)}")
    for section in sorted(totals):
        print(f"  {section:28} {hits[section]:5d}/{totals[section]:5d}"
              f"  recall {hits[section] / totals[section]:.4f}")


if __name__ == "__main__":
    sys.exit(main())
