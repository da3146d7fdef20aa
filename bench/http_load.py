"""Load bench of the HTTP service (issue 21): concurrent clients comparing news-length pairs.

    python bench/http_load.py [--requests 400] [--clients 8] [--workers N] [--stories 100]

Builds a lineage collection (bench/synthetic, from ``../shared/data``) and takes each of its
edges as a pair: the parent story as the original, the copy made from it (cut, reworded, padded,
numbers changed, translated) as the derived text, with their publication dates where the story
has them. Request k compares pair k (the pairs are used again in turn only if there are fewer
than ``--requests``). Then, in this one run:

1. the baseline: the same requests' pairs compared one after another in this process by the
   library (one ``Resources``, one process, models loaded first), seconds per pair;
2. ``sourcetrace serve`` on 127.0.0.1 (a free port), told to load the data of every language
   the library found among the pairs when a worker starts (``--load-language``: else a
   worker loads a language's lemma data, up to 120 MB, when it first meets the language, in
   mid-run); the warm-up: for each pair of languages among the pairs, its longest pair
   posted by as many clients at once as the server has workers;
3. ``--clients`` threads posting the ``--requests`` JSON compare requests between them, each
   client on its own keep-alive connection, while the resident memory of the server and its
   workers is sampled.

Prints the errors (any answer but a 200 with a report, and any report that differs from the
library's bytes), throughput, p50/p95 latency, the throughput against the serial baseline, and
the resident memory when half the requests were done, at the end and at most in the second
half, and whether it was flat: the growth from half the requests to the end under
``FLAT_SHARE`` of the memory at half (printed as PASS or FAIL). Exits 1 if a request failed
or the memory was not flat. The figures go into docs/benchmarks.md.
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
from collections.abc import Callable
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
# Resident memory is flat over the second half when it grows by less than this share of what
# it was at half the requests (1% of some 2 GB with two workers and four languages: 20 MB,
# against the 700 MB of a worker's models and the 120 MB of one language's lemma data).
FLAT_SHARE = 0.01


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
    per pair (the models are loaded by a first comparison, not timed). Embedding runs in this
    process too, as in a server's worker: with the embedder's forked pool this bench once
    hung (2026-12-07: the bench and its forked child both waiting on a futex, no CPU used
    for minutes)."""

    def day(text: str | None) -> dt.date | None:
        return dt.date.fromisoformat(text) if text else None

    with Resources(processes=1) as resources:
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


def tree_rss(root: int) -> dict[int, int]:
    """Resident bytes of a process and of each of its descendants, by process id (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry))
    sizes, stack = {}, [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, ()))
        try:
            sizes[pid] = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE
        except OSError:
            pass
    return sizes


@dataclass
class Run:
    """What the clients saw, and the memory samples taken meanwhile."""

    requests: int
    latencies: list[float] = field(default_factory=list)
    answers: dict[int, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    memory: list[tuple[int, int]] = field(default_factory=list)  # (requests done, bytes)
    # (requests done, bytes by process id), at the same times
    processes: list[tuple[int, dict[int, int]]] = field(default_factory=list)
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


@dataclass(frozen=True)
class Requests:
    """The JSON bodies to post to one route, request k posting ``bodies[k]``, and what a good
    answer's JSON is (any other answer, or any status but 200, is an error)."""

    path: str
    bodies: list[bytes]
    good: Callable[[Any], bool]


def compare_requests(pairs: list[Pair]) -> Requests:
    return Requests("/v1/compare", [pair.body() for pair in pairs],
                    lambda answer: answer.get("schema") == "sourcetrace.report/1")


def client(base: str, requests: Requests, run: Run) -> None:
    """Post requests until none is left, keeping the answers."""
    address = urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=300)
    try:
        while (index := run.take()) is not None:
            started = time.perf_counter()
            try:
                connection.request("POST", requests.path, requests.bodies[index],
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
                if answer.status != 200 or not requests.good(json.loads(text)):
                    run.errors.append(f"request {index}: {answer.status} {text[:200]}")
                else:
                    run.latencies.append(elapsed)
                    run.answers[index] = text
    finally:
        connection.close()


def sample_memory(server_pid: int, run: Run, stop: threading.Event | None = None) -> None:
    """Take one sample of the server's memory; with ``stop``, one every ``SAMPLE_SECONDS``
    until it is set."""
    while stop is None or not stop.wait(SAMPLE_SECONDS):
        done, sizes = run.done(), tree_rss(server_pid)
        run.memory.append((done, sum(sizes.values())))
        run.processes.append((done, sizes))
        if stop is None:
            return


def longest_of_each_language_pair(
    pairs: list[Pair], reports: list[str]
) -> dict[tuple[str, str], Pair]:
    """The longest pair of each (original, derived) pair of languages, as the library named
    them (the largest buffers a comparison of theirs allocates are then allocated first)."""
    longest: dict[tuple[str, str], Pair] = {}
    for pair, text in zip(pairs, reports, strict=True):
        report = json.loads(text)
        key = (report["original"]["language"], report["derived"]["language"])
        size = len(pair.original) + len(pair.derived)
        if key not in longest or size > len(longest[key].original) + len(longest[key].derived):
            longest[key] = pair
    return longest


def warm_up(base: str, server_pid: int, firsts: dict[tuple[str, str], Pair], workers: int) -> Run:
    """The longest pair of each pair of languages, posted ``workers`` times at once."""
    repeated = [pair for pair in firsts.values() for _ in range(workers)]
    return load(base, server_pid, compare_requests(repeated), len(repeated), workers)[0]


def load(base: str, server_pid: int, requests: Requests, count: int,
         clients: int) -> tuple[Run, float]:
    """``count`` requests posted by ``clients`` threads, the server's memory sampled."""
    run = Run(count)
    stop = threading.Event()
    sampler = threading.Thread(target=sample_memory, args=(server_pid, run, stop))
    threads = [threading.Thread(target=client, args=(base, requests, run)) for _ in range(clients)]
    started = time.perf_counter()
    sampler.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    stop.set()
    sampler.join()
    sample_memory(server_pid, run)
    return run, elapsed


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def megabytes(count: int) -> str:
    return f"{count / 1e6:,.0f} MB"


def report(run: Run, elapsed: float, serial_seconds: float, mismatches: int, pairs: int,
           workers: int, clients: int, warm: Run, languages: list[str]) -> bool:
    """Print the figures; whether the resident memory was flat over the second half."""
    print(f"pairs: {pairs} distinct (lineage edges), requests: {run.requests}, clients: {clients}, "
          f"server workers: {workers}; load average now {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} CPUs")
    return report_load(run, elapsed, serial_seconds, mismatches, warm, languages, "pair")


def report_load(run: Run, elapsed: float, serial_seconds: float, mismatches: int, warm: Run,
                languages: list[str], unit: str) -> bool:
    """Print the figures of a run whose requests the library took ``serial_seconds`` per
    ``unit`` for; whether the resident memory was flat over the second half."""
    print(f"languages loaded by each worker at start: {', '.join(languages) or 'none'}")
    print(f"warm-up: {warm.requests} requests ({len(warm.errors)} errors), resident memory after "
          f"it {megabytes(run.memory[0][1] if run.memory else 0)}")
    print(f"errors: {len(run.errors)}; answers that differ from the library's: {mismatches}")
    for line in run.errors[:5]:
        print(f"  {line}")
    if not run.latencies:
        return False
    throughput = len(run.latencies) / elapsed
    print(f"throughput: {throughput:.2f} requests/s ({elapsed:.1f} s in all)")
    print(f"latency: p50 {percentile(run.latencies, 0.5):.2f} s, "
          f"p95 {percentile(run.latencies, 0.95):.2f} s, max {max(run.latencies):.2f} s")
    print(f"baseline (library, one {unit} after another in one process): {serial_seconds:.3f} s "
          f"per {unit} = {1 / serial_seconds:.2f} {unit}s/s; service / baseline: "
          f"{throughput * serial_seconds:.2f}x")
    return memory_flat(run)


def memory_flat(run: Run) -> bool:
    """Print the resident memory figures; whether it grew less than ``FLAT_SHARE`` over the
    second half of the requests."""
    half = run.requests // 2
    second_half = [rss for done, rss in run.memory if done >= half]
    at_half = second_half[0] if second_half else run.memory[-1][1]
    start, end = run.memory[0][1], run.memory[-1][1]
    print(f"resident memory (server and workers): {megabytes(start)} at the start, "
          f"{megabytes(at_half)} at {half} requests, {megabytes(end)} at the end, at most "
          f"{megabytes(max(second_half or [end]))} in the second half")
    at = next(i for i, (done, _) in enumerate(run.processes) if done >= half or
              i == len(run.processes) - 1)
    print("  by process, at the start -> at half -> at the end (the server first, then its "
          "workers and their pool's resource tracker): " + "; ".join(
              " -> ".join(megabytes(sample[1].get(pid, 0))
                          for sample in (run.processes[0], run.processes[at], run.processes[-1]))
              for pid in run.processes[-1][1]))
    growth = end - at_half
    flat = growth < FLAT_SHARE * at_half
    print(f"growth over the first half {(at_half - start) / 1e6:+,.1f} MB, over the second half "
          f"{growth / 1e6:+,.1f} MB ({growth / at_half:+.2%}): "
          f"{'PASS' if flat else 'FAIL'} flat (under {FLAT_SHARE:.0%} of {megabytes(at_half)})")
    return flat


def load_arguments(doc: str, size: str, default: int, about: str) -> argparse.Namespace | None:
    """The options of a load bench: requests, clients, server workers, the data folder and
    the size of what the texts are built from (``--SIZE``); None if PAN13, which the texts
    are built from, is missing (said on stderr)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=None,
                        help="server worker processes (default: serve's, one per CPU)")
    parser.add_argument(f"--{size}", type=int, default=default, help=about)
    parser.add_argument("--data", type=Path, default=DATA, help="the shared data folder")
    args = parser.parse_args()
    if (args.data / "pan13-train").is_dir():
        return args
    print(f"Error: {args.data}/pan13-train is missing: the texts are built from it",
          file=sys.stderr)
    return None


def main() -> int:
    args = load_arguments(__doc__, "stories", 120,
                          "stories of the lineage collection (each gives 1-5 pairs)")
    if args is None:
        return 1
    with tempfile.TemporaryDirectory(prefix="http-load-") as scratch:
        pairs = lineage_pairs(args.data, args.stories, Path(scratch) / "lineage")
        requested = [pairs[k % len(pairs)] for k in range(args.requests)]
        expected, serial_seconds = library_reports(requested)
        workers = args.workers or os.cpu_count() or 1
        firsts = longest_of_each_language_pair(requested, expected)
        languages = sorted({code for codes in firsts for code in codes} - {"en"})
        options = ["--workers", str(workers)]
        for code in languages:
            options += ["--load-language", code]
        with running_server(*options, log=Path(scratch) / "serve.log") as (base, process):
            warm = warm_up(base, process.pid, firsts, workers)
            run, elapsed = load(base, process.pid, compare_requests(requested), args.requests,
                                args.clients)
    mismatches = sum(
        index in run.answers and run.answers[index] != text for index, text in enumerate(expected)
    )
    flat = report(run, elapsed, serial_seconds, mismatches, len(pairs), workers, args.clients,
                  warm, languages)
    return 1 if run.errors or warm.errors or mismatches or not flat else 0


if __name__ == "__main__":
    sys.exit(main())
