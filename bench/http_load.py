"""Load bench of the HTTP service (issue 21): concurrent clients comparing news-length pairs.

    python bench/http_load.py [--requests 400] [--clients 8] [--workers N] [--stories 100]

Builds a lineage collection (bench/synthetic, from ``../shared/data``) and takes each of its
edges as a pair: the parent story as the original, the copy made from it (cut, reworded, padded,
numbers changed, translated) as the derived text, with their publication dates where the story
has them. Request k compares pair k (the pairs are used again in turn only if there are fewer
than ``--requests``). Then, in this one run:

1. the baseline: the same requests' pairs compared one after another in this process by the
   library (one ``Resources``, models loaded first), seconds per pair;
2. ``sourcetrace serve`` on 127.0.0.1 (a free port); the warm-up: for each pair of languages
   among the pairs, its first pair posted by as many clients at once as the server has
   workers (a worker loads a language's lemma data when it first meets the language; the
   models it loads when it starts);
3. ``--clients`` threads posting the ``--requests`` JSON compare requests between them, each
   client on its own keep-alive connection, while the resident memory of the server and its
   workers is sampled.

Prints the errors (any answer but a 200 with a report, and any report that differs from the
library's bytes), throughput, p50/p95 latency, the throughput against the serial baseline, and
the resident memory when half the requests were done, at the end and at most in the second
half. Exits 1 if a request failed. The figures go into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # tests/http_server.py starts and stops the server

from http_server import running_server  # noqa: E402
from synthetic import LineageConfig, build_lineage  # noqa: E402
from synthetic.check import read_jsonl  # noqa: E402

from sourcetrace import Resources, compare  # noqa: E402
from sourcetrace.report import render  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
SAMPLE_SECONDS = 0.25
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Pair:
    original: str
    derived: str
    original_date: str | None
    derived_date: str | None

    def body(self) -> bytes:
        dates = {"original_date": self.original_date, "derived_date": self.derived_date}
        options = {name: day for name, day in dates.items() if day is not None}
        return json.dumps(
            {"original": self.original, "derived": self.derived, "options": options}
        ).encode("utf-8")


def lineage_pairs(data_dir: Path, stories: int, folder: Path) -> list[Pair]:
    """Every edge of a lineage collection of ``stories`` stories: (parent, child) in file order."""
    build_lineage(folder, data_dir, LineageConfig(stories=stories, distractors=0, seed=1))
    texts = {record["id"]: record["text"] for record in read_jsonl(folder / "collection.jsonl")}
    return [
        Pair(texts[edge["parent"]], texts[edge["child"]], edge["parent_date"], edge["child_date"])
        for edge in read_jsonl(folder / "edges.jsonl")
    ]


def library_reports(pairs: list[Pair]) -> tuple[list[str], float]:
    """The JSON reports of ``pairs`` compared one after another in this process, and seconds
    per pair (the models are loaded by a first comparison, not timed)."""

    def day(text: str | None) -> dt.date | None:
        return dt.date.fromisoformat(text) if text else None

    with Resources() as resources:
        compare(pairs[0].original, pairs[0].derived, resources=resources)
        started = time.perf_counter()
        reports = [
            render(
                compare(p.original, p.derived, resources=resources,
                        original_date=day(p.original_date), derived_date=day(p.derived_date)),
                "json",
            )
            for p in pairs
        ]
        return reports, (time.perf_counter() - started) / len(pairs)


def tree_rss(root: int) -> int:
    """Resident bytes of a process and all its descendants (read from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, ()))
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE
        except OSError:
            pass
    return total


@dataclass
class Run:
    """What the clients saw, and the memory samples taken meanwhile."""

    requests: int
    latencies: list[float] = field(default_factory=list)
    answers: dict[int, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    memory: list[tuple[int, int]] = field(default_factory=list)  # (requests done, bytes)
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_index: int = 0

    def take(self) -> int | None:
        with self.lock:
            if self.next_index >= self.requests:
                return None
            self.next_index += 1
            return self.next_index - 1

    def done(self) -> int:
        with self.lock:
            return len(self.latencies) + len(self.errors)


def client(base: str, pairs: list[Pair], run: Run) -> None:
    """Post requests until none is left, keeping the answers."""
    address = urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=300)
    try:
        while (index := run.take()) is not None:
            pair = pairs[index]
            started = time.perf_counter()
            try:
                connection.request("POST", "/v1/compare", pair.body(),
                                   {"content-type": "application/json"})
                answer = connection.getresponse()
                text = answer.read().decode("utf-8")
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                with run.lock:
                    run.errors.append(f"request {index}: {error}")
                continue
            elapsed = time.perf_counter() - started
            with run.lock:
                if answer.status != 200 or json.loads(text).get("schema") != "sourcetrace.report/1":
                    run.errors.append(f"request {index}: {answer.status} {text[:200]}")
                else:
                    run.latencies.append(elapsed)
                    run.answers[index] = text
    finally:
        connection.close()


def sample_memory(server_pid: int, run: Run, stop: threading.Event) -> None:
    while not stop.wait(SAMPLE_SECONDS):
        run.memory.append((run.done(), tree_rss(server_pid)))


def warm_up(base: str, server_pid: int, pairs: list[Pair], reports: list[str],
            workers: int) -> Run:
    """The first pair of each pair of languages, posted ``workers`` times at once."""
    firsts: dict[tuple[str, str], Pair] = {}
    for pair, text in zip(pairs, reports, strict=True):
        report = json.loads(text)
        firsts.setdefault((report["original"]["language"], report["derived"]["language"]), pair)
    repeated = [pair for pair in firsts.values() for _ in range(workers)]
    return load(base, server_pid, repeated, len(repeated), workers)[0]


def load(base: str, server_pid: int, pairs: list[Pair], requests: int,
         clients: int) -> tuple[Run, float]:
    run = Run(requests)
    stop = threading.Event()
    sampler = threading.Thread(target=sample_memory, args=(server_pid, run, stop))
    threads = [threading.Thread(target=client, args=(base, pairs, run)) for _ in range(clients)]
    started = time.perf_counter()
    sampler.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    stop.set()
    sampler.join()
    run.memory.append((run.done(), tree_rss(server_pid)))
    return run, elapsed


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def megabytes(count: int) -> str:
    return f"{count / 1e6:,.0f} MB"


def report(run: Run, elapsed: float, serial_seconds: float, mismatches: int, pairs: int,
           workers: int, clients: int, warm: Run) -> None:
    print(f"pairs: {pairs} distinct (lineage edges), requests: {run.requests}, clients: {clients}, "
          f"server workers: {workers}; load average now {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} CPUs")
    print(f"warm-up: {warm.requests} requests ({len(warm.errors)} errors), resident memory after "
          f"it {megabytes(run.memory[0][1] if run.memory else 0)}")
    print(f"errors: {len(run.errors)}; reports that differ from the library's: {mismatches}")
    for line in run.errors[:5]:
        print(f"  {line}")
    if not run.latencies:
        return
    throughput = len(run.latencies) / elapsed
    print(f"throughput: {throughput:.2f} requests/s ({elapsed:.1f} s in all)")
    print(f"latency: p50 {percentile(run.latencies, 0.5):.2f} s, "
          f"p95 {percentile(run.latencies, 0.95):.2f} s, max {max(run.latencies):.2f} s")
    print(f"baseline (library, one pair after another in one process): {serial_seconds:.3f} s "
          f"per pair = {1 / serial_seconds:.2f} pairs/s; service / baseline: "
          f"{throughput * serial_seconds:.2f}x")
    half = run.requests // 2
    second_half = [rss for done, rss in run.memory if done >= half]
    at_half = second_half[0] if second_half else run.memory[-1][1]
    end = run.memory[-1][1]
    print(f"resident memory (server and workers): {megabytes(at_half)} at {half} requests, "
          f"{megabytes(end)} at the end ({(end - at_half) / at_half:+.1%}), at most "
          f"{megabytes(max(second_half or [end]))} in the second half")


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=None,
                        help="server worker processes (default: serve's, one per CPU)")
    parser.add_argument("--stories", type=int, default=120,
                        help="stories of the lineage collection (each gives 1-5 pairs)")
    parser.add_argument("--data", type=Path, default=DATA, help="the shared data folder")
    return parser.parse_args()


def main() -> int:
    args = arguments()
    if not (args.data / "pan13-train").is_dir():
        print(f"Error: {args.data}/pan13-train is missing: the pairs are built from it", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="http-load-") as scratch:
        pairs = lineage_pairs(args.data, args.stories, Path(scratch) / "lineage")
        requested = [pairs[k % len(pairs)] for k in range(args.requests)]
        expected, serial_seconds = library_reports(requested)
        workers = args.workers or os.cpu_count() or 1
        with running_server("--workers", str(workers), log=Path(scratch) / "serve.log") as (
            base, process,
        ):
            warm = warm_up(base, process.pid, requested, expected, workers)
            run, elapsed = load(base, process.pid, requested, args.requests, args.clients)
    mismatches = sum(
        index in run.answers and run.answers[index] != text for index, text in enumerate(expected)
    )
    report(run, elapsed, serial_seconds, mismatches, len(pairs), workers, args.clients, warm)
    return 1 if run.errors or warm.errors or mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
