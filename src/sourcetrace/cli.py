"""The ``sourcetrace`` command line: a thin shell over the library.

Each command parses its options, calls one library function and renders the result. Domain
errors (:class:`~sourcetrace.errors.SourcetraceError`) are turned into ``Error: ...`` and exit
status 1 in one place, :class:`_Group`; bad usage exits with 2, as click does.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, cast

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from sourcetrace import __version__
from sourcetrace.api import SEGMENT_MODES, SegmentMode, compare_files
from sourcetrace.errors import SourcetraceError
from sourcetrace.evaluate.pan import OVERALL, Scores
from sourcetrace.evaluate.run import run_pan
from sourcetrace.output import refuse_input_paths, write_atomic
from sourcetrace.report import FORMATS, Format, render
from sourcetrace.report import scores as scores_report


class _Group(click.Group):
    """A command group that shows every domain error as ``Error: ...`` with exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SourcetraceError as error:
            raise click.ClickException(str(error)) from None


@click.group(cls=_Group)
@click.version_option(__version__, "--version", prog_name="sourcetrace")
def cli() -> None:
    """Find where a text came from: align an ORIGINAL with a DERIVED text and report reuse."""


@cli.command(short_help="Compare two texts and report the passages reused.")
@click.argument("original", type=click.Path(allow_dash=True))
@click.argument("derived", type=click.Path(allow_dash=True))
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
    help="text: terminal summary; json: the full report; pan: PAN detections XML.",
)
@click.option(
    "-o", "--output", type=click.Path(allow_dash=True), default=None,
    help="Write the report to this file (atomically) instead of standard output.",
)
@click.option(
    "--segment", type=click.Choice(SEGMENT_MODES), default="sentences", show_default=True,
    help="Segment prose into sentences, or take each non-blank line as one segment.",
)
def compare(original: str, derived: str, fmt: str, output: str | None, segment: str) -> None:
    """Compare ORIGINAL with DERIVED and report the passages DERIVED reuses.

    Either file may be - to read standard input.
    """
    path = None if output in (None, "-") else output
    if path is not None:
        refuse_input_paths(path, [original, derived])
    report = compare_files(
        original,
        derived,
        segment=cast(SegmentMode, segment),
        stdin=click.get_binary_stream("stdin"),
    )
    color = path is None and fmt == "text" and _color_allowed(click.get_text_stream("stdout"))
    text = render(report, cast(Format, fmt), color=color)
    if path is None:
        click.echo(text, nl=False)
    else:
        write_atomic(path, text)


@cli.group(name="eval", cls=_Group)
def eval_group() -> None:
    """Evaluate the detector on annotated corpora."""


@eval_group.command(name="pan", short_help="Run and score the detector on a PAN corpus.")
@click.argument("corpus_dir", type=click.Path(file_okay=False))
@click.option(
    "--detections", "detections_dir", type=click.Path(file_okay=False), required=True,
    help="Folder to write one PAN detections XML per pair into, as <section>/<pair>.xml.",
)
@click.option(
    "--workers", type=click.IntRange(min=1), default=None,
    help="Processes to align pairs in.  [default: the number of CPUs]",
)
@click.option(
    "--sections", default=None, metavar="NAME[,NAME...]",
    help="Run only these sections, e.g. 02-no-obfuscation,03-random-obfuscation.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_pan(
    corpus_dir: str, detections_dir: str, workers: int | None, sections: str | None, as_json: bool
) -> None:
    """Run the detector on a PAN text-alignment corpus in CORPUS_DIR and score it.

    Prints plagdet, recall, precision, granularity, micro and case-level measures per section
    and overall.
    """
    started = time.perf_counter()
    with _progress_bar() as progress:
        scores = run_pan(
            corpus_dir,
            detections_dir,
            workers=workers or os.cpu_count() or 1,
            sections=_split_names(sections),
            progress=progress,
        )
    elapsed = time.perf_counter() - started
    if as_json:
        data = {name: value.to_dict() for name, value in scores.items()}
        click.echo(json.dumps(data, indent=2))
    else:
        _print_scores(scores, elapsed)


def _color_allowed(stream: Any) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return bool(stream.isatty()) and not os.environ.get("NO_COLOR")


def _split_names(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [name.strip() for name in value.split(",") if name.strip()]


@contextmanager
def _progress_bar() -> Iterator[Callable[[int, int], None]]:
    """A transient progress bar on standard error, hidden when it is not a terminal."""
    stderr = click.get_text_stream("stderr")
    # No refresh thread (auto_refresh=False): the pool forks worker processes while this runs.
    progress = Progress(
        TextColumn("aligning pairs"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(file=stderr),
        transient=True,
        auto_refresh=False,
        disable=not stderr.isatty(),
    )
    with progress:
        task = progress.add_task("pairs", total=None)

        def update(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)
            progress.refresh()

        yield update


def _print_scores(scores: dict[str, Scores], elapsed: float) -> None:
    stdout = click.get_text_stream("stdout")
    color = _color_allowed(stdout)
    width = shutil.get_terminal_size().columns if stdout.isatty() else scores_report.WIDTH
    data = {name: value.to_dict() for name, value in scores.items()}
    click.echo(scores_report.render(data, color=color, width=width), nl=False)
    pairs = scores[OVERALL].pairs
    rate = f"{pairs / elapsed:.2f}" if elapsed > 0 else "n/a"
    click.echo(f"{pairs} pairs in {elapsed:.1f} s ({rate} pairs/s)")
