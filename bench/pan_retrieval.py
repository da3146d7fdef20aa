"""PAN13 as a retrieval task: index the sources, find and verify candidates for every suspect.

Candidates (default): for each truth case of sections 02-05 (one per suspicious-source pair
with a case), whether its source is among the suspect's candidates, per section; candidates
per suspect; the time of each stage.

With ``--scan DIR``: the full scan (every candidate verified by the comparison), its PAN
detections written to DIR (one XML per suspect-source pair with attributed passages), and
per section the share of truth pairs whose source is reported with passages, and plagdet of
all scan detections against all truth cases (detections on pairs without a case count as
false positives). With ``--pairwise DIR`` (the detections of ``sourcetrace eval pan``) the
same two figures of the pairwise run are printed beside them.

The sources go in through a JSON Lines export (ids = file names, texts exactly as PAN's
offsets count them: ``read_document`` refuses a few PAN files that hold NUL bytes), under
``eval pan``'s config (no page-furniture marking: PAN's offsets count every character).

    python bench/pan_retrieval.py ../shared/data/pan13-train --index /tmp/pan13.db
    python bench/pan_retrieval.py ../shared/data/pan13-train --scan /tmp/scan-det \
        --pairwise /tmp/pan-det

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

from sourcetrace.evaluate.pan import OVERALL, Case, pair_file_name, read_cases, read_corpus, score
from sourcetrace.evaluate.run import PAN_CONFIG, read_corpus_text
from sourcetrace.index import Index, ScanParams, SearchParams
from sourcetrace.index.scan import attribute
from sourcetrace.model import Document, Span
from sourcetrace.report.scan import write_pan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--index", type=Path, default=None, help="index file (kept; reused)")
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--extra-jsonl", type=Path, nargs="*", default=[],
                        help="more source exports to index (cross-language sources)")
    parser.add_argument("--scan", type=Path, default=None, help="verify; PAN detections here")
    parser.add_argument("--pairwise", type=Path, default=None,
                        help="eval pan's detections folder, for the pairwise figures")
    parser.add_argument("--fold", default=None, metavar="I/K",
                        help="only the suspects whose position in name order is I modulo K"
                        " (folds for tuning on some suspects and reporting on others)")
    parser.add_argument("--limit", type=int, default=None,
                        help="only the first N suspects (of the fold)")
    parser.add_argument("--records", type=Path, default=None,
                        help="with --scan: write the scan records here (JSON Lines, without"
                        " the full pair reports), to score them again with --rescore;"
                        " without: the candidates of every suspect (JSON)")
    parser.add_argument("--rescore", type=Path, default=None,
                        help="score saved --records again (no scan): per fold of --folds")
    parser.add_argument("--grid", nargs="*", default=[], metavar="SCORE,CHARS",
                        help="with --rescore: reporting thresholds to try (min_score,min_chars)")
    parser.add_argument("--attribution", default=None, choices=("similarity", "rank"),
                        help="with --rescore: attribute the saved passages again this way")
    parser.add_argument("--unattributed", action="store_true",
                        help="with --rescore: count every passage, attributed or not (as if"
                        " no passage were attributed to a better-ranked source)")
    parser.add_argument("--folds", type=int, default=1,
                        help="with --rescore: the figures per fold of suspects as well")
    for field, value in vars(SearchParams()).items():
        parser.add_argument("--" + field.replace("_", "-"), type=type(value), default=value)
    args = parser.parse_args()
    params = SearchParams(**{f: getattr(args, f) for f in vars(SearchParams())})
    if args.rescore is not None:  # saved records: no index, no scan
        pairs = read_corpus(args.corpus)
        suspects = chosen_suspects(sorted({p.susp for p in pairs}), args.fold, args.limit)
        grid = [(float(a), int(b)) for a, b in (g.split(",") for g in args.grid)]
        rescore(pairs, suspects, args.rescore, args.pairwise, args.folds, grid,
                args.unattributed, args.attribution)
        return
    index_path = args.index or Path(tempfile.mkdtemp()) / "pan13.db"

    started = time.perf_counter()
    if not index_path.exists():
        with tempfile.TemporaryDirectory() as folder:
            export = Path(folder) / "pan13-src.jsonl"
            write_sources(args.corpus / "src", export)
            summary = Index(index_path, config=PAN_CONFIG).add(
                [str(export), *map(str, args.extra_jsonl)], workers=args.workers
            )
        for skipped in summary.skipped:
            print(f"skipped: {skipped.reason}")
        print(f"indexed {summary.added} documents in {time.perf_counter() - started:.1f} s",
              flush=True)
    pairs = read_corpus(args.corpus)
    suspects = chosen_suspects(sorted({p.susp for p in pairs}), args.fold, args.limit)
    pairs = [p for p in pairs if p.susp in set(suspects)]
    truth = [(p.susp, p.src, p.section) for p in pairs if p.cases]
    documents = (
        Document(name, read_corpus_text(args.corpus / "susp" / name), language=None)
        for name in suspects
    )
    index = Index(index_path, config=PAN_CONFIG)
    if args.scan is not None:
        suspects_in = ((name, Document(name, read_corpus_text(args.corpus / "susp" / name)))
                       for name in suspects)
        started = time.perf_counter()
        # as `scan --format pan`: PAN XML needs the passages only, no assessment
        records = list(index.scan(suspects_in, top=1000, search=params, workers=args.workers,
                                  assess=False))
        print(f"scan {time.perf_counter() - started:.1f} s", flush=True)
        write_pan(records, args.scan)
        if args.records is not None:
            write_records(records, args.records)
        report_scan(pairs, records, args.pairwise)
        return
    ids = {row.doc: row.id for row in index.list()}
    started = time.perf_counter()
    found: dict[str, list[str]] = {}
    channels: Counter[str] = Counter()
    for name, candidates in zip(suspects, index.search(documents, params)):
        found[name] = [ids[c.doc] for c in candidates]
        channels.update(c.channel for c in candidates)
    search_time = time.perf_counter() - started
    report(truth, found, channels, search_time)
    if args.records is not None:  # the candidates of every suspect, by id
        args.records.write_text(json.dumps(found, indent=0, sort_keys=True), encoding="utf-8")


def chosen_suspects(names: list[str], fold: str | None, limit: int | None) -> list[str]:
    """The suspects of ``--fold I/K`` (position modulo K), the first ``--limit`` of them."""
    if fold is not None:
        number, count = (int(x) for x in fold.split("/"))
        names = [n for position, n in enumerate(names) if position % count == number]
    return names[:limit] if limit is not None else names


def write_records(records, path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            light = {**record, "sources": [{k: v for k, v in s.items() if k != "report"}
                                           for s in record["sources"]]}
            out.write(json.dumps(light, ensure_ascii=False) + "\n")


def rescore(pairs, suspects: list[str], path: Path, pairwise: Path | None, folds: int,
            grid: list[tuple[float, int]], unattributed: bool = False,
            attribution: str | None = None) -> None:
    """The scan figures of saved records (a scan with ``top`` 1000 and no threshold, so every
    source with passages is there): all of ``suspects``, then per fold of them; with a grid,
    for every (min_score, min_chars) the sources :meth:`ScanParams.reports` keeps."""
    with path.open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    if attribution is not None:  # the scan's own rule (the records hold every source)
        for record in records:
            flags = attribute([[(p["derived"]["start"], p["derived"]["end"], p["similarity"])
                                for p in s["passages"]] for s in record["sources"]], attribution)
            for source, marks in zip(record["sources"], flags):
                for passage, mark in zip(source["passages"], marks):
                    passage["attributed"] = mark
    if unattributed:
        for record in records:
            for source in record["sources"]:
                for passage in source["passages"]:
                    passage["attributed"] = True
    groups = [("all", set(suspects))]
    if folds > 1:
        groups += [(f"fold {i}/{folds}", set(suspects[i::folds])) for i in range(folds)]
    for min_score, min_chars in grid or [(0.0, 0)]:
        rule = ScanParams(min_score=min_score, min_chars=min_chars)
        kept = [_reported(r, rule) for r in records]
        for label, chosen in groups:
            print(f"min_score {min_score} min_chars {min_chars}: {label}")
            report_scan([p for p in pairs if p.susp in chosen],
                        [r for r in kept if r["suspect"]["id"] in chosen], pairwise)


def _reported(record, rule: ScanParams):
    """The record with only the sources ``rule`` reports."""
    def chars(source):
        return sum(p["derived"]["end"] - p["derived"]["start"] for p in source["passages"]
                   if p["attributed"])
    return {**record, "sources": [s for s in record["sources"]
                                  if rule.reports(s["score"], chars(s))]}


def report_scan(pairs, records, pairwise: Path | None) -> None:
    """Per section: truth pairs whose source the scan reports with passages; overall plagdet."""
    reported = {(r["suspect"]["id"], s["id"]) for r in records for s in r["sources"]
                if any(p["attributed"] for p in s["passages"])}
    detections = [
        Case(r["suspect"]["id"], s["id"], Span(p["derived"]["start"], p["derived"]["end"]),
             Span(p["original"]["start"], p["original"]["end"]))
        for r in records for s in r["sources"] for p in s["passages"] if p["attributed"]
    ]
    verified = [r["verified"] for r in records]
    print(f"verified per suspect: mean {statistics.mean(verified):.2f}; sources reported"
          f" {len(reported)}; detections {len(detections)}")
    truth = [case for p in pairs for case in p.cases]
    paired = _pairwise(pairs, pairwise) if pairwise else None
    for section in sorted({p.section for p in pairs if p.cases}):
        chosen = [p for p in pairs if p.section == section and p.cases]
        share = sum((p.susp, p.src) in reported for p in chosen) / len(chosen)
        line = f"  {section:28} reported {share:.4f}"
        if paired is not None:
            pair_share = sum(bool(paired[(p.susp, p.src)]) for p in chosen) / len(chosen)
            line += f"   pairwise {pair_share:.4f}"
        print(line)
    listed = {(p.susp, p.src) for p in pairs}
    on_listed = [d for d in detections if d.pair in listed]
    unlisted = [(s, p) for r in records for s in r["sources"] for p in s["passages"]
                if p["attributed"] and (r["suspect"]["id"], s["id"]) not in listed]
    verbatim = [p for _, p in unlisted if p["kind"] == "verbatim"]
    print(f"  detections on listed pairs {len(on_listed)}, on unlisted pairs {len(unlisted)}"
          f" (verbatim {len(verbatim)}, {sum(p['derived']['end'] - p['derived']['start'] for p in verbatim)}"
          f" suspect characters); plagdet of those on listed pairs"
          f" {score(truth, on_listed).plagdet:.4f}")
    overall = score(truth, detections)
    line = (f"  {OVERALL:28} plagdet {overall.plagdet:.4f} (recall {overall.recall:.4f},"
            f" precision {overall.precision:.4f}, granularity {overall.granularity:.4f})")
    if paired is not None:
        pair_score = score(truth, [d for dets in paired.values() for d in dets])
        line += f"   pairwise {pair_score.plagdet:.4f}"
    print(line)


def _pairwise(pairs, folder: Path) -> dict[tuple[str, str], list[Case]]:
    found = {}
    for p in pairs:
        path = folder / p.section / pair_file_name(p.susp, p.src)
        found[(p.susp, p.src)] = read_cases(path) if path.exists() else []
    return found


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
