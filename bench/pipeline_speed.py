"""Speed of the one pipeline (issue 17), each figure against a baseline run in the same invocation.

(a) ``eval pan`` pairs per second: the released wheel (``--old-wheel``, installed into a
    temporary virtual environment that sees this interpreter's packages) against the code this
    interpreter imports, on the same corpus, alternately ``--repeat`` times; printed as the
    ratio new / old (issue 17's acceptance: at least 1), by wall clock (best run of each) and
    by CPU time (the run's processes' user + system time, median of the runs), which other
    jobs on a shared machine disturb far less than the wall clock.
(b) One original prepared once and compared with ``--documents`` derived texts
    (:func:`~sourcetrace.prepare` + :func:`~sourcetrace.compare_prepared`) against as many
    separate :func:`~sourcetrace.compare` calls on the texts: the reports must be the same
    (asserted), and the time saved is printed (wall clock and this process's CPU time).
    Both paths share one :class:`~sourcetrace.Resources`, so only the preparation differs.

The documents are PAN13 training documents (``../shared/data/pan13-train``); the script
stops with a message when they are absent.

    python bench/pipeline_speed.py [--old-wheel /work/baseline/sourcetrace-0.1.0-py3-none-any.whl]
        [--sections 02-no-obfuscation] [--workers 2] [--repeat 1] [--documents 100]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from collections import Counter
from pathlib import Path

from sourcetrace import Resources, compare, compare_prepared, prepare
from sourcetrace.evaluate.pan import read_corpus
from sourcetrace.evaluate.run import read_corpus_text

PAN13 = Path(__file__).resolve().parents[2] / "shared" / "data" / "pan13-train"


def _old_environment(wheel: Path, folder: Path) -> Path:
    """A virtual environment with ``wheel`` installed (its dependencies from this one)."""
    venv.EnvBuilder(system_site_packages=True, with_pip=True).create(folder)
    python = folder / "bin" / "python"
    site = subprocess.run(
        [sys.executable, "-c", "import site, sys; print('\\n'.join(site.getsitepackages()))"],
        check=True, capture_output=True, text=True,
    ).stdout.split()
    # the new environment also sees this one's packages (a venv's own site-packages included)
    (Path(_site_packages(python)) / "parent.pth").write_text("\n".join(site) + "\n")
    subprocess.run([python, "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True)
    return python


def _site_packages(python: Path) -> str:
    return subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()


def _eval_pan(python: Path | str, out: Path, sections: list[str], workers: int) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one ``eval pan`` run (detections written to ``out``)."""
    command = [str(python), "-m", "sourcetrace", "eval", "pan", str(PAN13), "--detections", str(out),
               "--workers", str(workers), "--json"]
    for section in sections:
        command += ["--sections", section]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=tempfile.gettempdir())
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def pan_speed(wheel: Path, sections: list[str], workers: int, repeat: int) -> None:
    pairs = len([p for p in read_corpus(PAN13) if not sections or p.section in sections])
    with tempfile.TemporaryDirectory() as folder:
        old_python = _old_environment(wheel, Path(folder) / "old")
        walls: dict[str, list[float]] = {"old": [], "new": []}
        cpus: dict[str, list[float]] = {"old": [], "new": []}
        for run in range(repeat):
            for name, python in (("old", old_python), ("new", sys.executable)):
                wall, cpu = _eval_pan(python, Path(folder) / f"{name}-{run}", sections, workers)
                walls[name].append(wall)
                cpus[name].append(cpu)
                print(f"  {name} run {run + 1}: {wall:.1f} s, {pairs / wall:.1f} pairs/s; "
                      f"{cpu:.1f} CPU s, {pairs / cpu:.1f} pairs per CPU s", flush=True)
    old, new = (pairs / min(walls[name]) for name in ("old", "new"))
    old_cpu, new_cpu = (pairs / statistics.median(cpus[name]) for name in ("old", "new"))
    print(f"(a) eval pan, {pairs} pairs, {workers} workers, {repeat} runs each: wall clock (best run) "
          f"old {old:.1f} pairs/s, new {new:.1f} pairs/s, new/old {new / old:.3f}; CPU time (median run) "
          f"old {old_cpu:.1f}, new {new_cpu:.1f} pairs per CPU s, new/old {new_cpu / old_cpu:.3f}")


def _texts(count: int) -> tuple[str, list[str]]:
    """The source document taking part in most PAN13 pairs, and ``count`` suspicious documents
    (its partners first)."""
    pairs = read_corpus(PAN13)
    source = Counter(p.src for p in pairs).most_common(1)[0][0]
    partners = [p.susp for p in pairs if p.src == source]
    others = sorted({p.susp for p in pairs} - set(partners))
    chosen = (partners + others)[:count]
    return (
        read_corpus_text(PAN13 / "src" / source),
        [read_corpus_text(PAN13 / "susp" / name) for name in chosen],
    )


def prepared_once(count: int) -> None:
    original, derived = _texts(count)
    with Resources() as resources:
        compare(original, derived[0], resources=resources)  # models loaded before timing
        started, started_cpu = time.perf_counter(), time.process_time()
        separate = [compare(original, text, resources=resources).to_dict() for text in derived]
        separate_seconds = time.perf_counter() - started
        separate_cpu = time.process_time() - started_cpu
        started, started_cpu = time.perf_counter(), time.process_time()
        source = prepare(original, name="original", resources=resources)
        once = [
            compare_prepared(source, prepare(text, name="derived", resources=resources), resources=resources).to_dict()
            for text in derived
        ]
        once_seconds = time.perf_counter() - started
        once_cpu = time.process_time() - started_cpu
    assert once == separate, "a prepared original must give the reports separate compare calls give"
    passages = sum(len(r["passages"]) for r in once)
    print(f"(b) one original ({len(original)} characters) against {len(derived)} documents "
          f"({passages} passages): {len(derived)} compare calls {separate_seconds:.1f} s "
          f"({separate_cpu:.1f} CPU s), prepared once {once_seconds:.1f} s ({once_cpu:.1f} CPU s); "
          f"same reports; saved {1 - once_seconds / separate_seconds:.1%} of the wall clock, "
          f"{1 - once_cpu / separate_cpu:.1%} of the CPU time")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old-wheel", type=Path, default=Path("/work/baseline/sourcetrace-0.1.0-py3-none-any.whl"))
    parser.add_argument("--sections", action="append", default=[], help="PAN sections to run (all when none)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--skip-pan", action="store_true", help="only (b)")
    args = parser.parse_args()
    if not PAN13.is_dir():
        sys.exit(f"PAN13 training corpus not found at {PAN13}: nothing to measure")
    if not args.skip_pan:
        if not args.old_wheel.is_file():
            sys.exit(f"old wheel not found: {args.old_wheel}")
        pan_speed(args.old_wheel, args.sections, args.workers, args.repeat)
    prepared_once(args.documents)


if __name__ == "__main__":
    main()
