"""Generate (and check) the synthetic collections with known reuse of issues 18-20.

    python bench/make_synthetic.py scale OUT [--documents 10000] [--suspects 0.01] [--seed 1]
    python bench/make_synthetic.py lineage OUT [--stories 200] [--distractors 2000] [--seed 1]
    python bench/make_synthetic.py check OUT

``scale`` and ``lineage`` write a new folder (they refuse to write over files there) and print
a one-line summary with the time taken and peak memory on stderr; ``check`` reads a folder
back, prints its findings as JSON and exits 1 if a promise failed. Construction, file formats
and limits: docs/corpus-bench.md. Real text comes from ``../shared/data`` (``--data``).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from synthetic import (LineageConfig, ScaleConfig, SyntheticError, build_lineage, build_scale,
                       check_lineage, check_scale)
from synthetic.check import read_manifest

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
_data_option = click.option("--data", "data_dir", type=click.Path(path_type=Path), default=DATA,
                            show_default=True, help="The shared data folder.")
_seed_option = click.option("--seed", type=int, default=1, show_default=True)


def _range(text: str) -> tuple[int, int]:
    low, _, high = text.partition("-")
    try:
        return int(low), int(high or low)
    except ValueError:
        raise click.BadParameter(f"{text!r} is not a range like 2-6") from None


def _build(build: Callable[[Path, Path, Any], dict[str, Any]], out: Path, data_dir: Path, config: object) -> None:
    """Build, and say in one line on stderr what was written, how long it took, how much memory."""
    started = time.perf_counter()
    try:
        manifest = build(out, data_dir, config)
    except SyntheticError as error:
        raise click.ClickException(str(error)) from None
    _summary(out, started, manifest["counts"])


def _summary(out: Path, started: float, counts: dict[str, object]) -> None:
    sizes = ", ".join(f"{p.name} {p.stat().st_size / 1e6:.1f} MB" for p in sorted(out.glob("*.json*")))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    click.echo(f"wrote {out} in {time.perf_counter() - started:.1f} s (peak memory {peak:.0f} MB): "
               f"{json.dumps(counts)}; {sizes}", err=True)


@click.group()
def cli() -> None:
    """Synthetic collections with known reuse."""


@cli.command()
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--documents", type=int, default=10_000, show_default=True, help="All documents, suspects included.")
@click.option("--suspects", type=float, default=0.01, show_default=True, help="Share of the documents that are suspects.")
@click.option("--cases", default="1-3", show_default=True, help="Cases per monolingual suspect, LOW-HIGH.")
@click.option("--translations", type=float, default=0.15, show_default=True, help="Share of suspects that are translations.")
@click.option("--real-distractors", type=float, default=0.03, show_default=True,
              help="Share of the documents that are real, unreused text (as far as the pool allows).")
@_seed_option
@_data_option
def scale(out: Path, documents: int, suspects: float, cases: str, translations: float,
          real_distractors: float, seed: int, data_dir: Path) -> None:
    """The scale corpus: index.jsonl, suspects.jsonl, truth.jsonl (issue 18)."""
    config = ScaleConfig(documents, suspects, _range(cases), translations,
                         real_distractor_share=real_distractors, seed=seed)
    _build(build_scale, out, data_dir, config)


@cli.command()
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--stories", type=int, default=200, show_default=True)
@click.option("--copies", default="2-6", show_default=True, help="Derived copies per story, LOW-HIGH.")
@click.option("--chains", type=float, default=0.5, show_default=True, help="Share of stories copied in a chain (the others: trees).")
@click.option("--dated", type=float, default=0.5, show_default=True, help="Share of stories (and distractors) with dates.")
@click.option("--parallel", type=float, default=0.2, show_default=True,
              help="Share of stories from parallel text, translated on one edge (as far as the data allows).")
@click.option("--distractors", type=int, default=2000, show_default=True)
@click.option("--real-distractors", type=float, default=0.1, show_default=True, help="Share of the distractors that are real text.")
@_seed_option
@_data_option
def lineage(out: Path, stories: int, copies: str, chains: float, dated: float, parallel: float,
            distractors: int, real_distractors: float, seed: int, data_dir: Path) -> None:
    """The lineage collection: collection.jsonl, trees, edges and pairs (issue 19)."""
    config = LineageConfig(stories, _range(copies), chains, dated, parallel, distractors,
                           real_distractors, seed)
    _build(build_lineage, out, data_dir, config)


@cli.command()
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--sample", type=int, default=2000, show_default=True, help="Distractors to compare, at most.")
@_data_option
def check(out: Path, sample: int, data_dir: Path) -> None:
    """Read a generated folder back and check offsets, inheritance and unshared distractors."""
    try:
        kind = read_manifest(out)["kind"]
        data = data_dir if data_dir.is_dir() else None
        report = (check_scale if kind == "scale" else check_lineage)(out, data, sample)
    except SyntheticError as error:
        raise click.ClickException(str(error)) from None
    except (OSError, ValueError, KeyError) as error:
        raise click.ClickException(f"{out}: not a readable generated collection ({error})") from None
    click.echo(json.dumps(report, indent=1))
    sys.exit(1 if report["problem_count"] else 0)


if __name__ == "__main__":
    cli()
