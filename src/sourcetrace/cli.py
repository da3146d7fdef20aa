"""The ``sourcetrace`` command line: a thin shell over the library.

Each command parses its options, calls one library function and renders the result. Domain
errors (:class:`~sourcetrace.errors.SourcetraceError`) are turned into ``Error: ...`` and exit
status 1 in one place, :class:`_Group`; bad usage exits with 2, as click does.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any, cast

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from sourcetrace import __version__
from sourcetrace.align import AlignMode
from sourcetrace.api import SegmentMode, compare_files
from sourcetrace.config import ALIGN_MODES, SEGMENT_MODES, Config, load_config
from sourcetrace.errors import SourcetraceError
from sourcetrace.evaluate.pan import OVERALL, Scores
from sourcetrace.evaluate.distortions import evaluate as evaluate_distortions
from sourcetrace.evaluate.run import PAN_CONFIG, run_pan
from sourcetrace.evaluate.bitext import run_bitext
from sourcetrace.index import Index
from sourcetrace.index.scan import ScanParams
from sourcetrace.index.inputs import Skipped, Source, read_sources
from sourcetrace.http.settings import DEFAULT_MAX_BODY_BYTES, LOOPBACK_HOSTS, Settings
from sourcetrace.ingest import INPUT_FORMATS
from sourcetrace.network import NetworkParams, build_network
from sourcetrace.network.direction import DirectionParams
from sourcetrace.output import refuse_input_paths, save_texts, write_atomic
from sourcetrace.report import FORMATS, Format, render_dict
from sourcetrace.report import scores as scores_report
from sourcetrace.report.network import NETWORK_FORMATS
from sourcetrace.report.network import csv_table as network_csv
from sourcetrace.report.network import graphml as network_graphml
from sourcetrace.report.network import jsonl as network_jsonl
from sourcetrace.report.network import write_html as write_network_html
from sourcetrace.report.saved import read_report
from sourcetrace.spark.documents import INPUTS as SPARK_INPUTS
from sourcetrace.spark.jobs import SCAN_STAGES
from sourcetrace.spark.jobs import build_index as build_spark_index
from sourcetrace.spark.jobs import scan as spark_scan
from sourcetrace.spark.session import SparkOptions, parse_conf
from sourcetrace.report.scan import (
    FOLDER_FORMATS,
    SCAN_FORMATS,
    csv_table,
    jsonl_line,
    text_table,
    write_html,
    write_pan,
)

_FORMAT_HELP = (
    "text: terminal summary; json: the full report; html: side-by-side page; csv: one row per"
    " finding; md: Markdown summary; pan: PAN detections XML."
)
_VERBOSE_HELP = "text format: list every finding and every sentence link."


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


_format_option = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
    help=_FORMAT_HELP,
)
_output_option = click.option(
    "-o", "--output", type=click.Path(allow_dash=True), default=None,
    help="Write the report to this file (atomically) instead of standard output.",
)
_config_option = click.option(
    "--config", "config_path", type=click.Path(dir_okay=False), default=None, metavar="FILE",
    help="TOML file of thresholds and weights (docs/parameters.md).  [default: the built-in ones]",
)


@cli.command(short_help="Compare two texts and report the passages reused.")
@click.argument("original", type=click.Path(allow_dash=True))
@click.argument("derived", type=click.Path(allow_dash=True))
@_format_option
@_output_option
@click.option(
    "--segment", type=click.Choice(SEGMENT_MODES), default=None,
    help="Segment prose into sentences, or take each non-blank line as one segment."
    "  [default: sentences, or the config's]",
)
@click.option(
    "--mode", type=click.Choice(ALIGN_MODES), default=None,
    help="passages: reuse anywhere, in any order; document: align the whole texts in order "
    "(moved passages still found); auto: document when most of each text maps onto the other."
    "  [default: auto, or the config's]",
)
@click.option(
    "--input-format", type=click.Choice(("auto", *INPUT_FORMATS)), default="auto",
    show_default=True, help="Read both inputs as this format instead of detecting it.",
)
@click.option(
    "--save-text", "save_text", type=click.Path(file_okay=False), default=None, metavar="DIR",
    help="Write the texts the offsets index (extracted from HTML/PDF/DOCX) as DIR/original.txt"
    " and DIR/derived.txt.",
)
@click.option(
    "--detectors", default=None, metavar="NAME[,NAME...]",
    help="Distortion detectors to run (number,date,entity,negation,hedge,relation,substitution,"
    "quote,garbled), or none.  [default: all, or the config's]",
)
@click.option(
    "--original-date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
    metavar="YYYY-MM-DD", help="The day ORIGINAL was published (else its metadata date, if any).",
)
@click.option(
    "--derived-date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
    metavar="YYYY-MM-DD", help="The day DERIVED was published (else its metadata date, if any).",
)
@_config_option
@click.option("-v", "--verbose", is_flag=True, help=_VERBOSE_HELP)
def compare(
    original: str, derived: str, fmt: str, output: str | None, segment: str | None, mode: str | None,
    input_format: str, save_text: str | None, detectors: str | None,
    original_date: dt.datetime | None, derived_date: dt.datetime | None, config_path: str | None, verbose: bool,
) -> None:
    """Compare ORIGINAL with DERIVED and report the passages DERIVED reuses.

    Each may be a text, Markdown, HTML, PDF, DOCX or one-document JSONL file, an http(s) URL,
    or - to read standard input.
    """
    path = None if output in (None, "-") else output
    if path is not None:
        refuse_input_paths(path, [original, derived])
    config = load_config(config_path)
    if detectors is not None:
        config = config.with_options(detectors=[] if detectors == "none" else _split_names(detectors))
    report = compare_files(
        original,
        derived,
        config=config,
        segment=cast(SegmentMode | None, segment),
        mode=cast(AlignMode | None, mode),
        stdin=click.get_binary_stream("stdin"),
        input_format=None if input_format == "auto" else input_format,
        original_date=original_date.date() if original_date else None,
        derived_date=derived_date.date() if derived_date else None,
    )
    if save_text is not None:
        texts = {"original": report.original.text, "derived": report.derived.text}
        save_texts(save_text, texts, [original, derived])
    _emit(report.to_dict(), fmt, path, verbose)


@cli.command(name="render", short_help="Render a saved JSON report in another format.")
@click.argument("report_path", metavar="REPORT", type=click.Path())
@_format_option
@_output_option
@click.option("-v", "--verbose", is_flag=True, help=_VERBOSE_HELP)
def render_report(report_path: str, fmt: str, output: str | None, verbose: bool) -> None:
    """Render REPORT, saved by `compare --format json`, as text, HTML, CSV, Markdown...

    The output is the same, byte for byte, as `compare` gives for the same run.
    """
    path = None if output in (None, "-") else output
    if path is not None:
        refuse_input_paths(path, [report_path])
    data = read_report(report_path)
    _emit(data, fmt, path, verbose)


def _emit(data: dict[str, Any], fmt: str, path: str | None, verbose: bool) -> None:
    """Render a report dict to ``path``, atomically, or to standard output (``None``), in
    colour only for text on a terminal that allows it."""
    color = path is None and fmt == "text" and _color_allowed(click.get_text_stream("stdout"))
    text = render_dict(data, cast(Format, fmt), color=color, verbose=verbose)
    if path is None:
        click.echo(text, nl=False)
    else:
        write_atomic(path, text)


@cli.command(short_help="Run the HTTP service and the page for editors.")
@click.option(
    "--host", default="127.0.0.1", show_default=True,
    help="Address to listen on; the default, loopback, is reachable from this machine only.",
)
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True,
    help="Port to listen on.",
)
@click.option(
    "--workers", type=click.IntRange(min=1), default=None,
    help="Worker processes comparing texts.  [default: the number of CPUs]",
)
@click.option(
    "--max-tasks-per-worker", type=click.IntRange(min=0), default=0, show_default=True,
    help="Replace a worker by a fresh one after this many tasks (a bound on its memory over "
    "weeks; the fresh one loads the models again); 0: never.",
)
@click.option("--allow-urls", is_flag=True, help="Let clients give http(s) URLs the server fetches.")
@click.option(
    "--max-body", "max_body_bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BODY_BYTES,
    show_default=True, help="Largest request body in bytes (413 beyond).",
)
@click.option(
    "--timeout", "request_timeout", type=click.FloatRange(min=0, min_open=True), default=60.0,
    show_default=True, help="Seconds a request may take (504 beyond; its work is stopped).",
)
@click.option(
    "--job-timeout", type=click.FloatRange(min=0, min_open=True), default=600.0,
    show_default=True, help="Seconds a job may run before it fails.",
)
@click.option(
    "--max-pending", type=click.IntRange(min=1), default=16, show_default=True,
    help="Requests and unfinished jobs at once (503 with Retry-After beyond).",
)
@click.option(
    "--job-threshold", "job_threshold_bytes", type=click.IntRange(min=0), default=200_000,
    show_default=True, help="Inputs over this many bytes in all are compared as a job (202).",
)
@click.option(
    "--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
    help="A host name clients may use (repeatable).  [default: the loopback names when "
    "--host is loopback, else any]",
)
@click.option(
    "--index", "index_path", type=click.Path(dir_okay=False), default=None,
    help="An index (created when missing) to add documents to and scan: the /v1/index and "
    "/v1/scan routes.",
)
@click.option(
    "--token", envvar="SOURCETRACE_TOKEN", default=None, metavar="T",
    help="The bearer token index writes need (or the SOURCETRACE_TOKEN variable).  "
    "[default: none needed]",
)
@click.option(
    "--load-language", "languages", multiple=True, metavar="CODE",
    help="A language (ISO 639-1) whose data every worker loads at start, not when it first "
    "meets it in mid-request (repeatable).",
)
@_config_option
def serve(host: str, port: int, workers: int | None, allowed_hosts: tuple[str, ...],
          config_path: str | None, **limits: Any) -> None:
    """Serve the HTTP API (/v1/...) and the page for editors (/) on HOST:PORT.

    Runs until interrupted. Requests may change fields of the config (--config) for
    themselves. With --index, documents are added to and scanned against that index. The
    API and its limits: docs/http.md.
    """
    from sourcetrace.http.server import is_loopback
    from sourcetrace.http.server import serve as run_server

    if not allowed_hosts and is_loopback(host):
        allowed_hosts = LOOPBACK_HOSTS
    settings = Settings(config=load_config(config_path), allowed_hosts=allowed_hosts, **limits)
    run_server(settings if workers is None else replace(settings, workers=workers), host, port)


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
@_config_option
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_pan(
    corpus_dir: str, detections_dir: str, workers: int | None, sections: str | None,
    config_path: str | None, as_json: bool,
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
            config=load_config(config_path, base=PAN_CONFIG),
        )
    elapsed = time.perf_counter() - started
    if as_json:
        data = {name: value.to_dict() for name, value in scores.items()}
        click.echo(json.dumps(data, indent=2))
    else:
        _print_scores(scores, elapsed)


@eval_group.command(
    name="distortions", short_help="Score the distortion detectors on generated edits."
)
@click.argument("data_dir", type=click.Path(file_okay=False))
@click.option("--seed", type=int, default=13, show_default=True, help="Seed of the edit generator.")
@click.option(
    "--per-type", type=click.IntRange(min=1), default=200, show_default=True,
    help="Cases to generate for every edit and harmless type.",
)
@click.option(
    "--per-relation", type=click.IntRange(min=1), default=150, show_default=True,
    help="Cases to generate for every relation of the substitution development set.",
)
@_config_option
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_distortions(
    data_dir: str, seed: int, per_type: int, per_relation: int, config_path: str | None, as_json: bool
) -> None:
    """Generate controlled edits of real English sentences in DATA_DIR and score the detectors.

    DATA_DIR holds en-sq-dev/, pan13-train/ and msrp-train/ (any of them). Prints per-type
    recall and precision, the share of harmless rewrites flagged critical, the cross-language
    (Albanian vs edited English) scores, the MSRP paraphrase check and the substitution
    development set (per relation, on its dev and held-out halves).
    """
    data = evaluate_distortions(
        data_dir, seed=seed, per_type=per_type, per_relation=per_relation, config=load_config(config_path)
    ).to_dict()
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    for title, key in (("edits", "edits"), ("cross-language (sq vs edited en)", "cross_language")):
        click.echo(f"{title}:")
        click.echo(f"  {'type':14} {'cases':>6} {'recall':>7} {'precision':>9}")
        for name, row in data[key].items():  # type: ignore[union-attr]
            click.echo(f"  {name:14} {row['cases']:6d} {row['recall']:7.4f} {row['precision']:9.4f}")
    click.echo("harmless rewrites flagged critical:")
    for name, row in data["harmless"].items():  # type: ignore[union-attr]
        click.echo(f"  {name:14} {row['cases']:6d} {row['rate']:7.4f}")
    msrp = data["msrp"]
    click.echo(f"MSRP paraphrases with a critical finding: {msrp['flagged_critical']}/{msrp['pairs']}"  # type: ignore[index]
               f" ({msrp['rate']:.4f})")  # type: ignore[index]
    click.echo("substitution development set (found / flagged critical):")
    click.echo(f"  {'relation':14} {'half':9} {'cases':>6} {'rate':>7}")
    for relation, halves in data["substitutions"].items():  # type: ignore[union-attr]
        for half, row in halves.items():
            click.echo(f"  {relation:14} {half:9} {row['cases']:6d} {row['rate']:7.4f}")


@eval_group.command(name="bitext", short_help="Score sentence links against a gold alignment.")
@click.argument("original", type=click.Path(dir_okay=False))
@click.argument("derived", type=click.Path(dir_okay=False))
@click.option(
    "--gold", "gold_path", type=click.Path(dir_okay=False), default=None,
    help="Gold alignment, one bead per line ([0]:[0, 1]).  [default: the files are "
    "line-parallel, line i with line i]",
)
@click.option(
    "--mode", type=click.Choice(ALIGN_MODES), default=None,
    help="The alignment mode, as for compare.  [default: auto, or the config's]",
)
@_config_option
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_bitext(
    original: str, derived: str, gold_path: str | None, mode: str | None, config_path: str | None, as_json: bool
) -> None:
    """Align ORIGINAL with DERIVED (one sentence per line) and score the links.

    Prints strict and lax precision, recall and F1 as vecalign's score.py defines them.
    """
    scores = run_bitext(
        original, derived, gold_path, mode=cast(AlignMode | None, mode), config=load_config(config_path)
    ).to_dict()
    if as_json:
        click.echo(json.dumps(scores, indent=2))
        return
    click.echo(f"{'':10} {'strict':>7} {'lax':>7}")
    for measure in ("precision", "recall", "f1"):
        click.echo(f"{measure:10} {scores[measure + '_strict']:7.4f} {scores[measure + '_lax']:7.4f}")


def _spark_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options of every Spark job: where it runs, what it reads, how it resumes."""
    for option in reversed((
        click.option("--master", default=None, metavar="URL",
                     help="Spark master: local[N], spark://HOST:PORT, yarn...  [default: the"
                     " one spark-submit gives, else local[*]]"),
        click.option("--input", "input_kind", type=click.Choice(SPARK_INPUTS), default=None,
                     help="files: every PATH a file or folder, any format (JSON Lines"
                     " detected); jsonl: every file read as JSON Lines; parquet: Parquet"
                     " datasets with id and text columns.  [default: files]"),
        click.option("--spark-conf", multiple=True, metavar="KEY=VALUE",
                     help="A Spark setting (spark.driver.memory=4g, ...); repeatable."),
        click.option("--restart", is_flag=True,
                     help="Remove the stages of an earlier run in the folder and start over."),
    )):
        command = option(command)
    return command


@cli.command(name="scan", short_help="Find which indexed sources each suspect reuses.")
@click.argument("index_path", metavar="INDEX", type=click.Path())
@click.argument("paths", metavar="PATH...", nargs=-1, required=True, type=click.Path())
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="Sources reported per suspect (the best).")
@click.option("--min-score", type=click.FloatRange(0.0, 1.0), default=0.0, show_default=True,
              help="Least share of a suspect's text a reported source must explain.")
@click.option("--min-chars", type=click.IntRange(min=0), default=0, show_default=True,
              help="Least characters of a suspect a reported source's attributed passages"
              " must hold (0: a source whose every passage a better one holds is still listed"
              " in jsonl/text/csv/html; pan output leaves it out whatever this is).")
@click.option("--format", "fmt", type=click.Choice(SCAN_FORMATS), default="text",
              show_default=True, help="jsonl: one sourcetrace.scan/1 record per suspect; text:"
              " a table; csv: one row per suspect-source; html: overview and pair pages (a"
              " folder); pan: PAN XML per suspect-source pair (a folder).")
@click.option("-o", "--output", type=click.Path(), default=None,
              help="The file to write (jsonl, text, csv; atomically), or the folder (html, pan).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Processes that verify candidates (--engine local).  [default: the number"
              " of CPUs]")
@_config_option
@click.option("--engine", type=click.Choice(("local", "spark")), default="local",
              show_default=True, help="local: a process pool on this machine; spark: Spark"
              " stages (INDEX is then a folder made by index build-spark; docs/spark.md).")
@_spark_options
@click.option("--stages", "stages_dir", type=click.Path(file_okay=False), default=None,
              metavar="DIR", help="--engine spark: the folder of the job's stages; a rerun with"
              " the same folder resumes after the last complete stage.")
@click.option("--until", type=click.Choice(SCAN_STAGES), default=None,
              help="--engine spark: stop after this stage (nothing is written but the stages).")
def scan(index_path: str, paths: tuple[str, ...], top: int, min_score: float, min_chars: int,
         fmt: str, output: str | None, workers: int | None, config_path: str | None, engine: str,
         master: str | None, input_kind: str | None, spark_conf: tuple[str, ...], restart: bool,
         stages_dir: str | None, until: str | None) -> None:
    """Scan the suspects in every PATH (files, folders, JSON Lines) against INDEX.

    For each suspect, candidate sources are found approximately (shared word windows; for
    other languages, document vectors and anchors), then each candidate is compared with the
    suspect in full, so every passage reported is the comparison's own.
    """
    if fmt in FOLDER_FORMATS and output is None and until is None:
        raise click.UsageError(f"--format {fmt} writes a folder: give it with -o")
    if output is not None:
        refuse_input_paths(output, [index_path, *paths])
    config = load_config(config_path)
    # PAN XML holds passages only: the sources need no assessment (the dearer half of a scan)
    params = ScanParams(top=top, min_score=min_score, min_chars=min_chars, assess=fmt != "pan")
    started = time.perf_counter()
    if engine == "spark":
        if workers is not None:
            raise click.UsageError("--workers is for --engine local; Spark's cores come from"
                                   " --master (local[N]) or the cluster")
        if stages_dir is None:
            raise click.UsageError("--engine spark writes its stages to a folder: give it with"
                                   " --stages DIR")
        result = spark_scan(
            index_path, list(paths), stages_dir, kind=input_kind or "files",
            params=params, config=config,
            options=SparkOptions(master, parse_conf(spark_conf)), restart=restart,
            until=until, log=lambda line: click.echo(line, err=True))
        records, reasons = result.records, result.skipped
        if until is not None:
            click.echo(f"stopped after stage {until} in {time.perf_counter() - started:.1f} s;"
                       f" rerun without --until to finish", err=True)
            return
    else:
        spark_given = [name for name, value in (("--master", master), ("--input", input_kind),
                       ("--spark-conf", spark_conf), ("--restart", restart),
                       ("--stages", stages_dir), ("--until", until)) if value]
        if spark_given:
            raise click.UsageError(f"{spark_given[0]} is for --engine spark")
        records, reasons = _local_scan(index_path, paths, config, params, workers)
    for reason in reasons:
        click.echo(f"skipped: {reason}", err=True)
    errors = [r for r in records if "error" in r]
    for record in errors:
        click.echo(f"skipped: {record['error']}", err=True)
    _write_scan(records, fmt, output)
    found = sum(len(r["sources"]) for r in records)
    verified = sum(r["verified"] for r in records)
    click.echo(f"{len(records)} suspects scanned, {verified} candidates verified, {found} sources"
               f" reported in {time.perf_counter() - started:.1f} s", err=True)
    if reasons or errors:
        click.get_current_context().exit(1)


def _local_scan(index_path: str, paths: tuple[str, ...], config: Config, params: ScanParams,
                workers: int | None) -> tuple[list[dict[str, Any]], list[str]]:
    """Scan with the local engine: the records, and why inputs were skipped."""
    index = Index(index_path, config=config)
    index.list_ids([])  # a missing or damaged index fails here, before any suspect is read
    skipped: list[Skipped] = []
    suspects = ((s.id, s.document) for s in _readable(read_sources(list(paths)), skipped))
    records = []
    with _progress_bar("scanning suspects") as progress:
        for record in index.scan(suspects, top=params.top, min_score=params.min_score,
                                 min_chars=params.min_chars, workers=workers,
                                 assess=params.assess):
            records.append(record)
            progress(len(records), None)
    return records, [item.reason for item in skipped]


def _readable(items: Iterable[Source | Skipped], skipped: list[Skipped]) -> Iterator[Source]:
    for item in items:
        if isinstance(item, Skipped):
            skipped.append(item)
        else:
            yield item


def _write_scan(records: list[dict[str, Any]], fmt: str, output: str | None) -> None:
    if fmt == "pan":
        write_pan(records, cast(str, output))
    elif fmt == "html":
        write_html(records, cast(str, output))
    else:
        text = ("".join(map(jsonl_line, records)) if fmt == "jsonl"
                else text_table(records) if fmt == "text" else csv_table(records))
        if output in (None, "-"):
            click.echo(text, nl=False)
        else:
            write_atomic(output, text)


@cli.command(name="network", short_help="Who reused whom across an index: pairs, direction, lineage.")
@click.argument("index_path", metavar="INDEX", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(NETWORK_FORMATS), default="jsonl",
              show_default=True, help="jsonl: sourcetrace.network/1 records (pairs, clusters,"
              " boilerplate); csv: one row per pair; graphml: documents and pairs for Gephi or"
              " networkx; html: an overview, a page per cluster and the pair reports (a folder).")
@click.option("-o", "--output", type=click.Path(), default=None,
              help="The file to write (jsonl, csv, graphml; atomically), or the folder (html).")
@click.option("--max-df", type=click.IntRange(min=2), default=NetworkParams.max_df,
              show_default=True, help="A sentence held by more documents is boilerplate.")
@click.option("--max-cluster", type=click.IntRange(min=2), default=NetworkParams.max_cluster,
              show_default=True, help="The most documents a cluster may hold.")
@click.option("--min-passage", type=click.IntRange(min=0), default=NetworkParams.min_passage,
              show_default=True, help="Least characters of a pair's longest passage.")
@click.option("--min-confidence", type=click.FloatRange(0.0, 1.0),
              default=DirectionParams.min_confidence, show_default=True,
              help="Directions less confident than this are reported as unknown.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Processes that find and compare pairs.  [default: the number of CPUs]")
@_config_option
def network(index_path: str, fmt: str, output: str | None, max_df: int, max_cluster: int,
            min_passage: int, min_confidence: float, workers: int | None,
            config_path: str | None) -> None:
    """Compare every document of INDEX with the others it shares text with: reuse pairs with
    their direction and its reasons, clusters, and each cluster's lineage (which copy was made
    from which, and what changed at each step)."""
    if fmt == "html" and output is None:
        raise click.UsageError("--format html writes a folder: give it with -o")
    if output is not None:
        refuse_input_paths(output, [index_path])
    params = NetworkParams(max_df=max_df, max_cluster=max_cluster, min_passage=min_passage,
                           direction=DirectionParams(min_confidence=min_confidence))
    started = time.perf_counter()
    with _progress_bar("network") as progress:
        found = build_network(Index(index_path, config=load_config(config_path)), params,
                              workers=workers, progress=lambda _, done, total: progress(done, total))
    if fmt == "html":
        write_network_html(found, cast(str, output))
    else:
        text = {"jsonl": network_jsonl, "csv": network_csv, "graphml": network_graphml}[fmt](found)
        if output in (None, "-"):
            click.echo(text, nl=False)
        else:
            write_atomic(output, text)
    click.echo(f"{len(found.pairs)} reuse pairs, {len(found.clusters)} clusters,"
               f" {len(found.boilerplate)} boilerplate sentences in"
               f" {time.perf_counter() - started:.1f} s", err=True)


@cli.group(name="index", cls=_Group)
def index_group() -> None:
    """Build and inspect a corpus index of source documents (one SQLite file)."""


@index_group.command(name="add", short_help="Index files, folders and JSON Lines exports.")
@click.argument("index_path", metavar="INDEX", type=click.Path(dir_okay=False))
@click.argument("paths", metavar="PATH...", nargs=-1, required=True, type=click.Path())
@click.option(
    "--workers", type=click.IntRange(min=1), default=None,
    help="Processes that prepare and sign documents.  [default: the number of CPUs]",
)
@_config_option
def index_add(
    index_path: str, paths: tuple[str, ...], workers: int | None, config_path: str | None
) -> None:
    """Add the documents of every PATH to INDEX (created when missing).

    A PATH is a file in any format compare reads, a folder (read recursively) or a JSON Lines
    export (one {"id", "text", ...} record per line). A document whose id is indexed replaces
    it; one unchanged since it was indexed is skipped, so a rerun completes an interrupted add.
    Unreadable files are reported and skipped (exit status 1 at the end).
    """
    refuse_input_paths(index_path, list(paths))
    started = time.perf_counter()
    with _progress_bar("indexing documents") as progress:
        index = Index(index_path, config=load_config(config_path))
        summary = index.add(list(paths), workers=workers, progress=progress)
    for skipped in summary.skipped:
        click.echo(f"skipped: {skipped.reason}", err=True)
    click.echo(
        f"{summary.added} documents indexed ({summary.replaced} replaced), {summary.unchanged}"
        f" unchanged, {len(summary.skipped)} skipped in {time.perf_counter() - started:.1f} s"
    )
    if summary.skipped:
        click.get_current_context().exit(1)


@index_group.command(name="build-spark",
                     short_help="Build an index folder with Spark, for scan --engine spark.")
@click.argument("paths", metavar="PATH...", nargs=-1, required=True, type=click.Path())
@click.option("--output", "folder", type=click.Path(file_okay=False), required=True,
              metavar="DIR", help="The index folder (its stages; a rerun resumes them).")
@_spark_options
@_config_option
def index_build_spark(paths: tuple[str, ...], folder: str, master: str | None,
                      input_kind: str | None, spark_conf: tuple[str, ...], restart: bool,
                      config_path: str | None) -> None:
    """Index the documents of every PATH into the folder DIR, as Spark stages.

    The documents are prepared and signed as `index add` does, and written as Parquet
    (documents, signatures, band and anchor postings) for `scan --engine spark`. Unreadable
    inputs are reported and skipped (exit status 1 at the end).
    """
    refuse_input_paths(folder, list(paths))
    started = time.perf_counter()
    result = build_spark_index(
        list(paths), folder, kind=input_kind or "files", config=load_config(config_path),
        options=SparkOptions(master, parse_conf(spark_conf)), restart=restart,
        log=lambda line: click.echo(line, err=True))
    for reason in result.skipped:
        click.echo(f"skipped: {reason}", err=True)
    click.echo(f"{result.documents} documents indexed, {len(result.skipped)} skipped in"
               f" {time.perf_counter() - started:.1f} s")
    if result.skipped:
        click.get_current_context().exit(1)


@index_group.command(name="remove", short_help="Remove documents from an index by id.")
@click.argument("index_path", metavar="INDEX", type=click.Path(dir_okay=False))
@click.argument("ids", metavar="ID...", nargs=-1, required=True)
def index_remove(index_path: str, ids: tuple[str, ...]) -> None:
    """Remove the documents with these IDs from INDEX (ids it does not hold are reported)."""
    index = Index(index_path)
    held = {row.id for row in index.list_ids(list(ids))}
    removed = index.remove([i for i in ids if i in held])
    for missing in sorted(set(ids) - held):
        click.echo(f"not in the index: {missing}", err=True)
    click.echo(f"{removed} documents removed")


@index_group.command(name="list", short_help="List the documents of an index.")
@click.argument("index_path", metavar="INDEX", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per document.")
def index_list(index_path: str, as_json: bool) -> None:
    """List INDEX's documents in id order: id, language, length, title."""
    for row in Index(index_path).list():
        if as_json:
            data = {"id": row.id, "name": row.name, "language": row.language,
                    "length": row.length, "metadata": row.metadata}
            click.echo(json.dumps(data, ensure_ascii=False, sort_keys=True))
        else:
            title = str(row.metadata.get("title", ""))
            click.echo(f"{row.id}\t{row.language or '-'}\t{row.length}\t{title}")


@index_group.command(name="stats", short_help="Documents, languages and size of an index.")
@click.argument("index_path", metavar="INDEX", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def index_stats(index_path: str, as_json: bool) -> None:
    """Print INDEX's number of documents, documents per language and size on disk."""
    stats = Index(index_path).stats()
    if as_json:
        click.echo(json.dumps(stats, sort_keys=True))
        return
    click.echo(f"documents: {stats['documents']}")
    languages = ", ".join(f"{name} {count}" for name, count in stats["languages"].items())
    click.echo(f"languages: {languages or '-'}")
    click.echo(f"size: {stats['bytes'] / 1e6:.1f} MB")


def _color_allowed(stream: Any) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return bool(stream.isatty()) and not os.environ.get("NO_COLOR")


def _split_names(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [name.strip() for name in value.split(",") if name.strip()]


@contextmanager
def _progress_bar(label: str = "aligning pairs") -> Iterator[Callable[[int, int | None], None]]:
    """A transient progress bar on standard error, hidden when it is not a terminal."""
    stderr = click.get_text_stream("stderr")
    # No refresh thread (auto_refresh=False): the pool forks worker processes while this runs.
    progress = Progress(
        TextColumn(label),
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

        def update(done: int, total: int | None) -> None:
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
