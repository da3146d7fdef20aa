"""How compare's time and memory grow with the size of the pair (issue 22's bounded cost).

For each size (characters of each text) and kind of text, a pair is built and compared with
``sourcetrace compare --format json`` in a child process, timed, with its peak resident memory:

* ``prose``: an original made of distinct English sentences (PAN13 source documents when
  ../shared/data is present, else generated ones) and a derived text that copies, rewords and
  reorders half of it among new sentences;
* ``repetitive``: one sentence repeated (the original) against the same sentence repeated
  with a changed number every tenth time (the derived text).

Prints wall and CPU seconds, MB and the load average (1 minute) per case and, per kind, the time ratio of each size to the one ten times
smaller (target: at most 15) and the peak memory at the largest size (target: under 2 GB).

    python bench/compare_growth.py [--sizes 10000,100000,1000000,5000000] [--kinds prose,repetitive]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PAN_SOURCES = Path(__file__).resolve().parents[2] / "shared" / "data" / "pan13-train" / "src"
WORDS = (
    "harbour council board repairs quay storm river bridge school market library station road "
    "village town county fund money budget workers divers contractors residents visitors boats "
    "winter summer spring autumn week month year report meeting plan promise warning cracks wall"
).split()


def prose_sentences(needed: int, rng: random.Random) -> list[str]:
    """Distinct sentences of real English where the shared data has them."""
    sentences: list[str] = []
    if PAN_SOURCES.is_dir():
        for path in sorted(PAN_SOURCES.glob("*.txt")):
            text = path.read_text(encoding="utf-8", errors="replace")
            # a few PAN sources hold binary junk, which compare rightly refuses as not text
            sentences += [
                s.strip() + "." for s in text.replace("\n", " ").split(". ")
                if 40 < len(s) < 300 and s.isprintable()
            ]
            if sum(map(len, sentences)) > needed * 1.3:
                break
    while sum(map(len, sentences)) < needed * 1.3:
        words = [rng.choice(WORDS) for _ in range(rng.randint(10, 22))]
        sentences.append(" ".join(words).capitalize() + f" {rng.randint(2, 900)}.")
    return sentences


def prose_pair(size: int, rng: random.Random) -> tuple[str, str]:
    pool = prose_sentences(2 * size, rng)
    original, filler, total = [], iter(pool[len(pool) // 2 :]), 0
    for sentence in pool:
        if total >= size:
            break
        original.append(sentence)
        total += len(sentence) + 1
    derived: list[str] = []
    for k in range(0, len(original), 10):
        block = original[k : k + 10]
        if rng.random() < 0.5:
            words = " ".join(block).split()
            for _ in range(len(words) // 12):
                i = rng.randrange(len(words) - 1)
                words[i], words[i + 1] = words[i + 1], words[i]
            derived.append(" ".join(words))
        else:
            derived += [next(filler, block[0]) for _ in block]
    rng.shuffle(derived)
    return " ".join(original), "\n\n".join(derived)[: size]


def repetitive_pair(size: int) -> tuple[str, str]:
    sentence = "The harbour board said the repairs would cost 40 million pounds this year. "
    count = size // len(sentence)
    derived = [sentence.replace("40", "45") if k % 10 == 0 else sentence for k in range(count)]
    return sentence * count, "".join(derived)


# The child compares the two files as the CLI does and prints its own peak resident memory
# (and that of any worker it waited for), so each case's figure is its own.
CHILD = """
import resource, sys
from sourcetrace.cli import cli
try:
    cli(["compare", sys.argv[1], sys.argv[2], "--format", "json", "-o", sys.argv[3]])
except SystemExit as done:
    if done.code:
        raise
finally:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(max(own, workers), file=sys.stderr)
"""


def run(original: str, derived: str) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user and system, of the child) and peak MB of one compare."""
    with tempfile.TemporaryDirectory() as folder:
        a, b = Path(folder) / "a.txt", Path(folder) / "b.txt"
        a.write_text(original, encoding="utf-8")
        b.write_text(derived, encoding="utf-8")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(a), str(b), str(Path(folder) / "r.json")],
            capture_output=True, text=True,
        )
        elapsed = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if done.returncode != 0:
            raise SystemExit(f"compare failed: {done.stderr.strip()}")
    return elapsed, cpu, int(done.stderr.strip().splitlines()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000,5000000")
    parser.add_argument("--kinds", default="prose,repetitive")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    for kind in args.kinds.split(","):
        times = []
        for size in sizes:
            rng = random.Random(size)
            original, derived = prose_pair(size, rng) if kind == "prose" else repetitive_pair(size)
            seconds, cpu, megabytes = run(original, derived)
            times.append(seconds)
            load = os.getloadavg()[0]
            print(
                f"{kind:10} {size:>9,} chars  {seconds:8.1f} s  cpu {cpu:8.1f} s  peak {megabytes:7.0f} MB"
                f"  load {load:.1f}",
                flush=True,
            )
        ratios = [later / earlier for earlier, later in zip(times, times[1:])]
        print(f"{kind:10} time ratio per step: " + ", ".join(f"{r:.1f}" for r in ratios), flush=True)


if __name__ == "__main__":
    main()
