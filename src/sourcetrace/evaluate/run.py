"""Run the detector over a PAN text-alignment corpus, write its detections and score them.

The detector is the library's own: :func:`detect_pair` calls the same
:func:`~sourcetrace.align.align` (with the same default parameters and sentence segmentation)
that :func:`sourcetrace.compare` uses, and reports each passage as a PAN detection.

Pairs are aligned in a process pool (alignment is CPU-bound Python and numpy; processes scale
where threads do not). Each worker keeps a small cache of read and segmented documents because
PAN corpora reuse the same source documents across many pairs.
"""

from __future__ import annotations

import functools
import math
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from sourcetrace.align import align
from sourcetrace.align.crosslingual import Embedder
from sourcetrace.align.embedding import EmbeddingCache
from sourcetrace.errors import CorpusError, InvalidOption
from sourcetrace.evaluate.pan import (
    OVERALL,
    Case,
    CorpusPair,
    Scores,
    read_corpus,
    score,
    write_detections,
)
from sourcetrace.language import detect_language
from sourcetrace.model import Segment, Span
from sourcetrace.segment import segment

__all__ = [
    "Detection",
    "ProgressCallback",
    "detect_pair",
    "read_corpus_text",
    "run_pan",
    "score_pairs",
]

# (suspicious = derived span, source = original span), PAN's order.
Detection = tuple[Span, Span]
# Called with (pairs done, pairs in all) once before the first pair and after each pair.
ProgressCallback = Callable[[int, int], None]

# Pairs sent to a worker at a time: large enough to amortise inter-process traffic, small
# enough that consecutive pairs (which often share a source document) land on one worker.
MAX_CHUNKSIZE = 8
# Documents kept read and segmented per worker process.
DOCUMENT_CACHE_SIZE = 64
# Sentence embeddings kept per worker process (cross-language pairs; about 1.5 KB each).
EMBEDDING_CACHE_SIZE = 20_000


def detect_pair(
    src_text: str,
    src_segments: tuple[Segment, ...],
    susp_text: str,
    susp_segments: tuple[Segment, ...],
    *,
    languages: tuple[str | None, str | None] | None = None,
    embedder: Embedder | None = None,
) -> list[Detection]:
    """The PAN detections of one pair: every passage :func:`~sourcetrace.align.align` finds.

    Args:
        src_text: The source (original) text.
        src_segments: Its segments.
        susp_text: The suspicious (derived) text.
        susp_segments: Its segments.
        languages: The two texts' languages; detected when None.
        embedder: Embeds sentences of cross-language pairs; a fresh cache when None.

    Returns:
        (suspicious span, source span) per passage, in derived-text order.
    """
    passages = align(
        src_text, src_segments, susp_text, susp_segments, languages=languages, embedder=embedder
    )
    return [(p.tgt, p.src) for p in passages]


def run_pan(
    corpus_dir: str | os.PathLike[str],
    detections_dir: str | os.PathLike[str],
    *,
    workers: int = 1,
    sections: Sequence[str] | None = None,
    progress: ProgressCallback | None = None,
) -> dict[str, Scores]:
    """Detect reuse in every pair of a PAN corpus, write the detections and score them.

    Writes one detections file per pair to ``detections_dir/<section>/<pair file>``
    (:func:`~sourcetrace.evaluate.pan.write_detections`), then scores the pairs run exactly
    as :func:`~sourcetrace.evaluate.pan.evaluate_corpus` scores a whole corpus.

    Args:
        corpus_dir: The corpus root (``src/``, ``susp/`` and section folders).
        detections_dir: Where to write the detections; created if missing.
        workers: Processes to align pairs in; 1 runs in this process.
        sections: Names of the sections to run; all when None.
        progress: Told (pairs done, pairs in all) as the run advances.

    Returns:
        Scores per section run, in name order, then ``"overall"``.

    Raises:
        InvalidOption: ``workers`` is below 1, a section name is unknown, or a detections
            file cannot be written.
        CorpusError: The corpus layout is wrong, or a document cannot be read as UTF-8.
    """
    if workers < 1:
        raise InvalidOption(f"workers must be at least 1, not {workers}")
    pairs = _select(read_corpus(corpus_dir), sections)
    root, out = Path(corpus_dir), Path(detections_dir)
    tasks = [(str(root / "susp" / p.susp), str(root / "src" / p.src)) for p in pairs]
    found: list[list[Detection]] = []
    report = progress or (lambda done, total: None)
    report(0, len(tasks))
    for pair, detections in zip(pairs, _detect_all(tasks, workers), strict=True):
        _write(out / pair.section / pair.file_name, pair, detections)
        found.append(detections)
        report(len(found), len(tasks))
    return score_pairs(pairs, found)


def score_pairs(
    pairs: Sequence[CorpusPair], found: Sequence[Sequence[Detection]]
) -> dict[str, Scores]:
    """Score detections against the pairs' truth, per section and overall.

    The same measures and pair counts as :func:`~sourcetrace.evaluate.pan.evaluate_corpus`,
    but for any subset of a corpus's pairs and for detections held in memory.

    Args:
        pairs: The pairs, with their truth cases.
        found: The detections of each pair, in the order of ``pairs``.

    Returns:
        Scores per section, in name order, then ``"overall"``.
    """
    cases = [[_case(pair, det) for det in dets] for pair, dets in zip(pairs, found, strict=True)]
    result = {}
    for section in sorted({pair.section for pair in pairs}):
        chosen = [i for i, pair in enumerate(pairs) if pair.section == section]
        result[section] = _score([pairs[i] for i in chosen], [cases[i] for i in chosen])
    result[OVERALL] = _score(pairs, cases)
    return result


def _select(pairs: list[CorpusPair], sections: Sequence[str] | None) -> list[CorpusPair]:
    """The pairs of the chosen sections, refusing names the corpus lacks."""
    if sections is None:
        return pairs
    if not sections:
        raise InvalidOption("no section named; give at least one section name")
    available = sorted({pair.section for pair in pairs})
    for name in sections:
        if name not in available:
            raise InvalidOption(
                f"unknown section {name!r}; the corpus has: {', '.join(available)}"
            )
    return [pair for pair in pairs if pair.section in sections]


def _detect_all(tasks: list[tuple[str, str]], workers: int) -> Iterator[list[Detection]]:
    """Detections per (suspicious path, source path) task, in task order."""
    processes = min(workers, len(tasks))
    if processes <= 1:
        # In this process the cache outlives the run: start and end it empty, since a file
        # may change between two runs and the documents are no use afterwards.
        _load.cache_clear()
        _embedder.cache_clear()
        try:
            yield from map(_detect_task, tasks)
        finally:
            _load.cache_clear()
            _embedder.cache_clear()
        return
    # Spread small corpora over every worker; cap the chunk for large ones.
    chunksize = max(1, min(MAX_CHUNKSIZE, math.ceil(len(tasks) / (processes * 4))))
    with multiprocessing.Pool(processes) as pool:
        yield from pool.imap(_detect_task, tasks, chunksize=chunksize)


def _detect_task(task: tuple[str, str]) -> list[Detection]:
    """Worker entry point: read (or recall) both documents and detect. Top-level to pickle."""
    susp_path, src_path = task
    src_text, src_segments, src_language = _load(src_path)
    susp_text, susp_segments, susp_language = _load(susp_path)
    return detect_pair(
        src_text,
        src_segments,
        susp_text,
        susp_segments,
        languages=(src_language, susp_language),
        embedder=_embedder(),
    )


@functools.lru_cache(maxsize=1)
def _embedder() -> EmbeddingCache:
    """This process's embedding cache: sentences of a source document recur across pairs."""
    return EmbeddingCache(max_texts=EMBEDDING_CACHE_SIZE)


@functools.lru_cache(maxsize=DOCUMENT_CACHE_SIZE)
def _load(path: str) -> tuple[str, tuple[Segment, ...], str | None]:
    """A document's text, sentence segments and language, cached per process by path (a
    source document takes part in many pairs)."""
    text = read_corpus_text(path)
    return text, segment(text, "sentences"), detect_language(text)


def read_corpus_text(path: str | os.PathLike[str]) -> str:
    """A PAN corpus document, decoded exactly as PAN's offsets count it.

    PAN documents are UTF-8 and their truth offsets index the decoded text as it is, so this
    reads them strictly, with no encoding detection and no refusal of odd content:
    :func:`~sourcetrace.ingest.read_document` would refuse the few PAN 2013 documents that hold
    stray NUL characters as binary data.

    Raises:
        CorpusError: The file cannot be read or is not UTF-8.
    """
    try:
        return Path(path).read_bytes().decode("utf-8")
    except OSError as error:
        raise CorpusError(f"cannot read {path}: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise CorpusError(f"{path}: not valid UTF-8 (byte {error.start})") from None


def _write(path: Path, pair: CorpusPair, detections: list[Detection]) -> None:
    try:
        write_detections(path, pair.susp, pair.src, detections)
    except OSError as error:
        raise InvalidOption(
            f"cannot write detections to {path}: {error.strerror or error}"
        ) from None


def _case(pair: CorpusPair, detection: Detection) -> Case:
    susp_span, src_span = detection
    return Case(pair.susp, pair.src, susp_span, src_span)


def _score(pairs: Sequence[CorpusPair], cases: Sequence[Sequence[Case]]) -> Scores:
    truth = [case for pair in pairs for case in pair.cases]
    detections = [det for dets in cases for det in dets]
    # Count every pair run, not only those a case or a detection names (most have neither).
    return replace(
        score(truth, detections),
        pairs=len(pairs),
        pairs_with_detections=sum(1 for dets in cases if dets),
    )
