"""Index and scan synthetic scale corpora (issue 18): time, CPU, peak memory, disk, recall.

For each corpus folder made by ``bench/make_synthetic.py scale`` (docs/corpus-bench.md):
``sourcetrace index add`` of its ``index.jsonl`` into a new index, then ``sourcetrace scan`` of
(the first ``--suspects`` of) its ``suspects.jsonl``, both run as the commands a user runs.
Printed per corpus: wall clock and CPU seconds (user + sys, every process of the command) of
each, peak memory (the largest sum of the resident memory of the command and its worker
processes, sampled every second), the index's size on disk, and the share of truth cases whose
source the scan reports with a passage overlapping the case's suspect span (per reuse type
and overall). Then a growth table from the first corpus to each other one, and a linear
estimate for a million documents.

    python bench/make_synthetic.py scale /tmp/s10k --documents 10000
    python bench/make_synthetic.py scale /tmp/s100k --documents 100000
    python bench/index_scale.py /tmp/s10k /tmp/s100k [--work /tmp/scale-work]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

SOURCETRACE = Path(sys.executable).with_name("sourcetrace")
PAGE = os.sysconf("SC_PAGE_SIZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", type=Path, nargs="+")
    parser.add_argument("--work", type=Path, default=None, help="where indexes go (kept)")
    parser.add_argument("--suspects", type=int, default=1000, help="suspects scanned per corpus")
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="index-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    results = [measure(corpus, work, args.suspects, args.workers) for corpus in args.corpora]
    print(json.dumps(results, indent=1))
    growth(results)


def measure(corpus: Path, work: Path, suspects: int, workers: int) -> dict[str, Any]:
    """Index one corpus, scan its suspects, and score the scan against its truth."""
    index = work / f"{corpus.name}.db"
    for stale in (index, Path(f"{index}-wal"), Path(f"{index}-shm")):
        stale.unlink(missing_ok=True)
    documents = _lines(corpus / "index.jsonl")
    added = run([SOURCETRACE, "index", "add", index, corpus / "index.jsonl", "--workers", str(workers)])
    chosen = work / f"{corpus.name}-suspects.jsonl"
    with (corpus / "suspects.jsonl").open(encoding="utf-8") as lines, chosen.open("w") as out:
        for number, line in enumerate(lines):
            if number == suspects:
                break
            out.write(line)
    output = work / f"{corpus.name}-scan.jsonl"
    scanned = run([SOURCETRACE, "scan", index, chosen, "--format", "jsonl", "-o", output,
                   "--workers", str(workers)])
    records = [json.loads(line) for line in output.open(encoding="utf-8")]
    return {
        "corpus": str(corpus),
        "documents": documents,
        "add": added,
        "index_bytes": sum(p.stat().st_size for p in work.glob(f"{index.name}*")),
        "scan": scanned,
        "suspects": len(records),
        "verified_per_suspect": round(sum(r["verified"] for r in records) / max(len(records), 1), 2),
        "recall": recall(corpus / "truth.jsonl", records),
    }


def run(command: list[Any]) -> dict[str, float]:
    """Run a command; its wall clock, CPU seconds and peak memory of its process tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen([str(part) for part in command], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    peak = [0]
    done = threading.Event()
    sampler = threading.Thread(target=_sample, args=(process.pid, peak, done))
    sampler.start()
    _, errors = process.communicate()
    done.set()
    sampler.join()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode:
        raise SystemExit(f"{command[1:3]} failed ({process.returncode}): {errors.strip()[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": round(wall, 1), "cpu_s": round(cpu, 1), "peak_mb": round(peak[0] / 2**20)}


def _sample(root: int, peak: list[int], done: threading.Event) -> None:
    while not done.wait(1.0):
        peak[0] = max(peak[0], _tree_rss(root))


def _tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and its descendants (from /proc)."""
    parents: dict[int, int] = {}
    resident: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            statm = Path(f"/proc/{entry}/statm").read_text()
        except OSError:
            continue
        parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
        resident[int(entry)] = int(statm.split()[1]) * PAGE
    total = 0
    for pid in resident:
        ancestor = pid
        while ancestor not in (0, 1, root):
            ancestor = parents.get(ancestor, 0)
        if ancestor == root:
            total += resident[pid]
    return total


def recall(truth_path: Path, records: list[dict[str, Any]]) -> dict[str, Any]:
    """Per reuse type: cases whose source is reported with a passage on the case's span."""
    passages: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for record in records:
        for source in record["sources"]:
            spans = [(p["derived"]["start"], p["derived"]["end"]) for p in source["passages"]]
            passages[(record["suspect"]["id"], source["id"])] = spans
    scanned = {r["suspect"]["id"] for r in records}
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for line in truth_path.open(encoding="utf-8"):
        case = json.loads(line)
        if case["suspect"] not in scanned:
            continue
        span = case["suspect_span"]
        kind = case["type"] if case["type"] != "rewrite" else f"rewrite-{case['obfuscation']}"
        total[kind] += 1
        found[kind] += any(start < span["end"] and span["start"] < end
                           for start, end in passages.get((case["suspect"], case["source"]), []))
    shares = {kind: f"{found[kind]}/{total[kind]}" for kind in sorted(total)}
    shares["all"] = round(sum(found.values()) / max(sum(total.values()), 1), 4)
    return shares


def growth(results: list[dict[str, Any]]) -> None:
    """Ratios from the first corpus to each other, and a linear estimate for 1M documents."""
    base = results[0]
    print("\n| documents | add wall | add CPU | add peak MB | index MB | scan wall | scan CPU"
          " | scan peak MB | suspects | recall |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for result in results:
        add, scan = result["add"], result["scan"]
        print(f"| {result['documents']:,} | {add['wall_s']} s | {add['cpu_s']} s | {add['peak_mb']}"
              f" | {result['index_bytes'] / 1e6:.0f} | {scan['wall_s']} s | {scan['cpu_s']} s"
              f" | {scan['peak_mb']} | {result['suspects']} | {result['recall']['all']} |")
    last = results[-1]
    factor = 1_000_000 / last["documents"]
    print(f"\nper 1,000 documents at {last['documents']:,}: add {last['add']['cpu_s'] / last['documents'] * 1000:.1f}"
          f" CPU s, index {last['index_bytes'] / last['documents'] / 1e3:.1f} KB per document")
    print(f"1M documents, linear from {last['documents']:,}: add {last['add']['cpu_s'] * factor / 3600:.1f}"
          f" CPU hours, index {last['index_bytes'] * factor / 1e9:.1f} GB; scan CPU per suspect"
          f" {last['scan']['cpu_s'] / max(last['suspects'], 1):.2f} s at {last['documents']:,}"
          f" (from {base['scan']['cpu_s'] / max(base['suspects'], 1):.2f} s at {base['documents']:,})")


def _lines(path: Path) -> int:
    with path.open("rb") as lines:
        return sum(1 for _ in lines)


if __name__ == "__main__":
    if shutil.which(str(SOURCETRACE)) is None:
        sys.exit(f"Error: {SOURCETRACE} not found (run with the project's Python)")
    main()
