"""The Spark engine against the local engine on PAN13 as retrieval: differences and wall times.

Both engines index the 3,230 source documents and scan the suspicious ones (as
bench/pan_retrieval.py does: JSON Lines exports, texts as PAN's offsets count them, ``eval
pan``'s config, every verified source kept): the local engine with ``--workers`` processes,
Spark in ``local[N]`` with as many cores. Then, per suspect, the candidates (source, channel,
candidate score) and every reported source (score, scores, passages with offsets) are
compared after sorting; the number of differences is printed (0 is parity), with each
engine's wall time and CPU seconds (of this process and all its descendants, the JVM and
Spark's Python workers included, sampled from /proc every half second), and Spark's
per-stage seconds.

    python bench/spark_parity.py ../shared/data/pan13-train --cores 2
    python bench/spark_parity.py ../shared/data/pan13-train --suspects 300   # a sample
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from sourcetrace.evaluate.run import PAN_CONFIG, read_corpus_text
from sourcetrace.index import Index
from sourcetrace.index.inputs import read_sources
from sourcetrace.index.scan import ScanParams
from sourcetrace.spark import SparkOptions, build_index, scan

TOP = 1000  # every verified source


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--cores", type=int, default=2, help="local workers and Spark cores")
    parser.add_argument("--suspects", type=int, default=None,
                        help="scan this many suspects (evenly spread), not all")
    parser.add_argument("--work", type=Path, default=None, help="folder for the runs (kept)")
    parser.add_argument("--engine", choices=("both", "local", "spark"), default="both",
                        help="run one engine only (its records go to WORK/ENGINE.jsonl)")
    parser.add_argument("--diff", type=Path, nargs=2, metavar=("LOCAL", "SPARK"), default=None,
                        help="only compare two records files written by earlier runs")
    args = parser.parse_args()
    if args.diff is not None:
        _print_differences(*(_read_records(path) for path in args.diff))
        return
    work = args.work or Path(tempfile.mkdtemp(prefix="spark-parity-"))
    work.mkdir(parents=True, exist_ok=True)
    sources, suspects = work / "sources.jsonl", work / "suspects.jsonl"
    _export(sorted((args.corpus / "src").iterdir()), sources)
    chosen = sorted((args.corpus / "susp").iterdir())
    if args.suspects:
        step = max(1, len(chosen) // args.suspects)
        chosen = chosen[::step][: args.suspects]
    _export(chosen, suspects)
    print(f"{len(chosen)} suspects; machine shared with other sessions; work in {work}",
          flush=True)
    results = {}
    if args.engine in ("both", "local"):
        results["local"] = _measured("local", lambda: _local(work, sources, suspects, args.cores))
    if args.engine in ("both", "spark"):
        results["spark"] = _measured("spark", lambda: _spark(work, sources, suspects, args.cores))
    for name, (records, wall, cpu) in results.items():
        (work / f"{name}.jsonl").write_text("".join(json.dumps(r, sort_keys=True) + "\n"
                                                   for r in records), encoding="utf-8")
    if len(results) == 2:
        _print_differences(results["local"][0], results["spark"][0])
        print(f"wall: local {results['local'][1]:.1f} s, spark {results['spark'][1]:.1f} s"
              f" (spark/local {results['spark'][1] / results['local'][1]:.2f}x)")
        print(f"cpu:  local {results['local'][2]:.1f} s, spark {results['spark'][2]:.1f} s")


def _local(work: Path, sources: Path, suspects: Path, cores: int) -> list[dict[str, Any]]:
    index_path = work / "local.db"
    if index_path.exists():
        index_path.unlink()
    started = time.perf_counter()
    index = Index(index_path, config=PAN_CONFIG)
    index.add([str(sources)], workers=cores)
    print(f"local index add {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    items = [(s.id, s.document) for s in read_sources([str(suspects)])]
    records = list(index.scan(items, top=TOP, workers=cores))
    print(f"local scan {time.perf_counter() - started:.1f} s", flush=True)
    return records


def _spark(work: Path, sources: Path, suspects: Path, cores: int) -> list[dict[str, Any]]:
    options = SparkOptions(f"local[{cores}]", {"spark.ui.enabled": "false",
                                               "spark.driver.memory": "4g"})
    started = time.perf_counter()
    built = build_index([str(sources)], str(work / "spark-index"), config=PAN_CONFIG,
                        options=options, restart=True, log=_log)
    print(f"spark index build {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    result = scan(str(work / "spark-index"), [str(suspects)], str(work / "spark-stages"),
                  params=ScanParams(top=TOP), config=PAN_CONFIG, options=options, restart=True,
                  log=_log)
    print(f"spark scan {time.perf_counter() - started:.1f} s", flush=True)
    stages = {f"index.{k}": v["seconds"] for k, v in built.stages.items()}
    stages.update({f"scan.{k}": v["seconds"] for k, v in result.stages.items()})
    print("spark stage seconds: " + json.dumps(stages), flush=True)
    return result.records


def _print_differences(local: list[dict[str, Any]], spark: list[dict[str, Any]]) -> None:
    differences = _differences(local, spark)
    sources = sum(len(r["sources"]) for r in local)
    print(f"{len(local)} suspects, {sum(r['candidates'] for r in local)} candidates,"
          f" {sources} sources reported; differences: {len(differences)}")
    for line in differences[:20]:
        print("  " + line)


def _read_records(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def _differences(local: list[dict[str, Any]], spark: list[dict[str, Any]]) -> list[str]:
    """One line per suspect-level or source-level difference, after sorting."""
    found = []
    by_id = {r["suspect"]["id"]: r for r in spark}
    for record in local:
        name = record["suspect"]["id"]
        other = by_id.pop(name, None)
        if other is None:
            found.append(f"{name}: no spark record")
            continue
        for key in ("candidates", "verified", "error"):
            if record.get(key) != other.get(key):
                found.append(f"{name}: {key} {record.get(key)} vs {other.get(key)}")
        mine, theirs = _sources(record), _sources(other)
        for source in sorted(set(mine) | set(theirs)):
            if mine.get(source) != theirs.get(source):
                found.append(f"{name} / {source}: differs")
    found += [f"{name}: no local record" for name in sorted(by_id)]
    return found


def _sources(record: dict[str, Any]) -> dict[str, Any]:
    return {s["id"]: json.dumps({k: v for k, v in s.items() if k not in ("rank", "report")},
                                sort_keys=True) for s in record["sources"]}


def _export(paths: list[Path], target: Path) -> None:
    with target.open("w", encoding="utf-8") as out:
        for path in paths:
            out.write(json.dumps({"id": path.name, "text": read_corpus_text(path)},
                                 ensure_ascii=False) + "\n")


def _log(line: str) -> None:
    print("  " + line, flush=True)


def _measured(name: str, run: Any) -> tuple[Any, float, float]:
    sampler = CpuSampler()
    sampler.start()
    started = time.perf_counter()
    result = run()
    wall = time.perf_counter() - started
    cpu = sampler.stop()
    print(f"{name}: wall {wall:.1f} s, cpu {cpu:.1f} s", flush=True)
    return result, wall, cpu


class CpuSampler(threading.Thread):
    """CPU seconds of this process and its descendants since start (sampled from /proc: a
    process that lives less than a sample interval is missed)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self._done = threading.Event()
        self._start = self._snapshot()
        self._seen: dict[int, float] = {}

    def run(self) -> None:
        while not self._done.wait(0.5):
            self._seen.update(self._snapshot())

    def stop(self) -> float:
        self._done.set()
        self.join()
        self._seen.update(self._snapshot())
        return sum(cpu - self._start.get(pid, 0.0) for pid, cpu in self._seen.items())

    @staticmethod
    def _snapshot() -> dict[int, float]:
        ticks = os.sysconf("SC_CLK_TCK")
        parents, cpu = {}, {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry)] = int(fields[1])
            cpu[int(entry)] = (int(fields[11]) + int(fields[12])) / ticks
        mine = {os.getpid()}
        grew = True
        while grew:
            grew = False
            for pid, parent in parents.items():
                if parent in mine and pid not in mine:
                    mine.add(pid)
                    grew = True
        return {pid: cpu[pid] for pid in mine}


if __name__ == "__main__":
    sys.exit(main())
