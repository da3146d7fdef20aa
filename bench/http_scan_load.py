"""Load bench of the HTTP service's index routes (issue 21): concurrent clients scanning suspects.

    python bench/http_scan_load.py [--requests 400] [--clients 8] [--workers N] [--documents 1000]

Builds a small scale corpus (bench/synthetic, from ``../shared/data``: ``--documents``
news-length documents, a tenth of them suspects carrying copied, rewritten, summarised or
translated passages of the others) and indexes its sources with the library. Request k scans
suspect k (in turn again when there are fewer suspects than ``--requests``), one suspect a
request, its id and text posted to ``POST /v1/scan``. Then, in this one run:

1. the baseline: the distinct suspects scanned one after another in this process by the
   library (``Index.scan``, one process), seconds per suspect; their records are what every
   request for them must answer;
2. ``sourcetrace serve --index`` on 127.0.0.1 (a free port), each worker loading the data of
   every language of the index and the suspects at start (``--load-language``); the warm-up:
   the longest suspect of each language posted by as many clients at once as the server has
   workers;
3. ``--clients`` threads posting the requests, each client on its own keep-alive connection,
   while the resident memory of the server and its workers is sampled.

Prints the same figures as bench/http_load.py (errors, answers that differ from the
library's records, throughput, p50/p95 latency, against the serial baseline, resident memory
and whether it was flat over the second half). Exits 1 if a request failed, an answer
differed or the memory was not flat. The figures go into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from http_load import Requests, Run, load, load_arguments, report_load
from http_server import running_server
from synthetic import ScaleConfig, build_scale
from synthetic.check import read_jsonl

from sourcetrace import Index
from sourcetrace.model import Document
from sourcetrace.report.scan import jsonl_line

SUSPECT_SHARE = 0.1


def build_index(folder: Path, data_dir: Path, documents: int) -> tuple[Path, list[tuple[str, str]]]:
    """The index of a scale corpus's sources and distractors, and its suspects (id, text)."""
    corpus = folder / "corpus"
    build_scale(corpus, data_dir, ScaleConfig(documents=documents, suspect_share=SUSPECT_SHARE,
                                              seed=1))
    index_path = folder / "sources.db"
    Index(index_path).add([str(corpus / "index.jsonl")], workers=1)
    suspects = [(r["id"], r["text"]) for r in read_jsonl(corpus / "suspects.jsonl")]
    return index_path, suspects


def library_records(index_path: Path, suspects: list[tuple[str, str]]) -> tuple[list[Any], float]:
    """Each suspect's ``sourcetrace.scan/1`` record as the server answers it (no pair reports),
    and seconds per suspect (the models are loaded by a first scan, not timed). A record
    depends on the suspect and the index alone, so each distinct suspect is scanned once."""
    index = Index(index_path, read_only=True)

    def named(pairs: list[tuple[str, str]]) -> list[tuple[str, Document]]:
        return [(i, Document(name=i, text=text)) for i, text in pairs]

    list(index.scan(named(suspects[:1]), workers=1))
    started = time.perf_counter()
    records = [json.loads(jsonl_line(r)) for r in index.scan(named(suspects), workers=1)]
    return records, (time.perf_counter() - started) / len(suspects)


def scan_requests(suspects: list[tuple[str, str]]) -> Requests:
    bodies = [json.dumps({"suspects": [{"id": i, "text": text}]}).encode("utf-8")
              for i, text in suspects]
    return Requests("/v1/scan", bodies, lambda answer: [r.get("schema") for r in answer.get(
        "records", [])] == ["sourcetrace.scan/1"])


def longest_of_each_language(
    suspects: list[tuple[str, str]], records: list[Any]
) -> dict[str, tuple[str, str]]:
    longest: dict[str, tuple[str, str]] = {}
    for suspect, record in zip(suspects, records, strict=True):
        language = record["suspect"].get("language") or "unknown"
        if language not in longest or len(suspect[1]) > len(longest[language][1]):
            longest[language] = suspect
    return longest


def measure(args: argparse.Namespace, scratch: Path) -> tuple[Run, float, float, list[Any],
                                                          int, Run, list[str]]:
    """Build and index the corpus, take the baseline, serve and load: (the run, its seconds,
    the baseline's seconds per suspect, the expected records, distinct suspects, the warm-up,
    the languages loaded)."""
    index_path, suspects = build_index(scratch, args.data, args.documents)
    records, serial_seconds = library_records(index_path, suspects[: args.requests])
    requested = [suspects[k % len(suspects)] for k in range(args.requests)]
    expected = [records[k % len(records)] for k in range(args.requests)]
    indexed = set(Index(index_path, read_only=True).stats()["languages"])
    longest = longest_of_each_language(requested, expected)
    languages = sorted((indexed | set(longest)) - {"en", "unknown"})
    options = ["--workers", str(args.workers), "--index", str(index_path)]
    for code in languages:
        options += ["--load-language", code]
    with running_server(*options, log=scratch / "serve.log") as (base, process):
        warm_suspects = [s for s in longest.values() for _ in range(args.workers)]
        warm = load(base, process.pid, scan_requests(warm_suspects), len(warm_suspects),
                    args.workers)[0]
        run, elapsed = load(base, process.pid, scan_requests(requested), args.requests,
                            args.clients)
    return run, elapsed, serial_seconds, expected, len(suspects), warm, languages


def main() -> int:
    args = load_arguments(__doc__, "documents", 1000,
                          "documents of the scale corpus (a tenth of them suspects)")
    if args is None:
        return 1
    args.workers = args.workers or os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="http-scan-load-") as scratch:
        run, elapsed, serial_seconds, expected, distinct, warm, languages = measure(
            args, Path(scratch))
    mismatches = sum(
        index in run.answers and json.loads(run.answers[index])["records"] != [record]
        for index, record in enumerate(expected)
    )
    print(f"index: {args.documents - distinct} documents ({args.documents} in the corpus), "
          f"suspects: {distinct} distinct, requests: {run.requests}, clients: "
          f"{args.clients}, server workers: {args.workers}; load average now "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    flat = report_load(run, elapsed, serial_seconds, mismatches, warm, languages, "suspect")
    return 1 if run.errors or warm.errors or mismatches or not flat else 0


if __name__ == "__main__":
    sys.exit(main())
