"""Cross-language retrieval (issue 18): English sources among distractors, Albanian suspects.

Indexes the English side of every en-sq-dev document (ids ``docNN``; lines joined by newlines)
into a copy of an index that already holds the distractors (``--distractors``, e.g. the PAN13
sources index of ``bench/pan_retrieval.py``), scans the Albanian side of every document and
prints, per suspect, the rank of its own English source among the reported sources, and the
share ranked first. Under ``eval pan``'s config, like the PAN13 index it is added to.

    python bench/pan_retrieval.py ../shared/data/pan13-train --index /tmp/pan13.db
    python bench/crosslang_retrieval.py ../shared/data/en-sq-dev --distractors /tmp/pan13.db
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from sourcetrace.evaluate.run import PAN_CONFIG
from sourcetrace.index import Index
from sourcetrace.model import Document


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the en-sq-dev folder")
    parser.add_argument("--distractors", type=Path, required=True, help="an index (copied)")
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    args = parser.parse_args()
    documents = sorted(p.name for p in args.data.iterdir() if (p / "en.txt").exists())
    with tempfile.TemporaryDirectory() as folder:
        index_path = Path(folder) / "index.db"
        shutil.copyfile(args.distractors, index_path)
        export = Path(folder) / "en.jsonl"
        with export.open("w", encoding="utf-8") as out:
            for name in documents:
                record = {"id": name, "text": _text(args.data / name / "en.txt")}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        index = Index(index_path, config=PAN_CONFIG)
        started = time.perf_counter()
        summary = index.add([str(export)], workers=args.workers)
        print(f"added {summary.added} English sources to {len(index.list())} documents"
              f" in {time.perf_counter() - started:.1f} s")
        suspects = [(name, Document(f"{name}/sq.txt", _text(args.data / name / "sq.txt")))
                    for name in documents]
        started = time.perf_counter()
        records = list(index.scan(suspects, top=10, workers=args.workers))
        print(f"scanned {len(records)} Albanian suspects in {time.perf_counter() - started:.1f} s")
    first = 0
    for name, record in zip(documents, records):
        ranked = [s["id"] for s in record["sources"]]
        rank = ranked.index(name) + 1 if name in ranked else None
        first += rank == 1
        best = record["sources"][0] if record["sources"] else None
        print(f"  {name}: language {record['suspect']['language']}, candidates"
              f" {record['candidates']}, own source rank {rank}, first"
              f" {best['id'] if best else None} ({best['channel'] if best else '-'},"
              f" score {best['score'] if best else 0:.3f})")
    print(f"right source first: {first}/{len(documents)} = {first / len(documents):.4f}")


def _text(path: Path) -> str:
    return "\n".join(line.strip() for line in path.read_text(encoding="utf-8").splitlines())


if __name__ == "__main__":
    sys.exit(main())
