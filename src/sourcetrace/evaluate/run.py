"""Run the detector over a PAN text-alignment corpus, write its detections and score them.

The detector is the library's own: every document is prepared by
:func:`~sourcetrace.prepare.prepare` and every pair aligned by
:func:`~sourcetrace.align.align_pair`, with the same config that :func:`sourcetrace.compare`
uses, and each passage is reported as a PAN detection.

Pairs are aligned in a process pool (alignment is CPU-bound Python and numpy; processes scale
where threads do not). Each worker owns its resources (the embedder) and a small cache of
prepared documents, because PAN corpora reuse the same source documents across many pairs.
"""

from __future__ import annotations

import math
import multiprocessing
import os
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from sourcetrace.align import align_pair
from sourcetrace.config import Config
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
from sourcetrace.model import Document, Span
from sourcetrace.prepare import PreparedDocument, prepare
from sourcetrace.resources import Resources

__all__ = [
    "Detection",
    "PAN_CONFIG",
    "PairDetector",
    "ProgressCallback",
    "read_corpus_text",
    "run_pan",
    "score_pairs",
]

# The config eval pan starts from. PAN documents are books and essays whose truth offsets
# count every character, and cases there include lines that the news-page furniture rules take
# for bylines, labels or captions: marking furniture lowered PAN13 training plagdet from
# 0.9391 to 0.9379 (docs/benchmarks.md, "One pipeline"), so it is off unless a config turns
# it on.
PAN_CONFIG = Config.from_dict({"segmentation": {"furniture": False}})

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


class PairDetector:
    """Detects reuse in corpus pairs given by path: its own resources and prepared documents.

    Documents are prepared once and kept (the ``cache_size`` most recently used), since a
    source document takes part in many pairs; the embedder keeps ``EMBEDDING_CACHE_SIZE``
    sentence embeddings for cross-language pairs.
    """

    def __init__(self, config: Config, cache_size: int = DOCUMENT_CACHE_SIZE) -> None:
        self.config = config
        self.resources = Resources(max_embeddings=EMBEDDING_CACHE_SIZE)
        self._documents: OrderedDict[str, PreparedDocument | None] = OrderedDict()
        self._cache_size = cache_size

    def __call__(self, task: tuple[str, str]) -> list[Detection]:
        """The PAN detections of the pair (suspicious path, source path): (suspicious span,
        source span) per passage, in derived-text order."""
        susp_path, src_path = task
        source, suspicious = self.prepared(src_path), self.prepared(susp_path)
        if source is None or suspicious is None:
            return []
        passages = align_pair(source, suspicious, self.config, self.resources)
        return [(p.tgt, p.src) for p in passages]

    def prepared(self, path: str) -> PreparedDocument | None:
        """The document at ``path``, prepared; None for an empty one (PAN has a few: no reuse)."""
        if path not in self._documents:
            text = read_corpus_text(path)
            document = Document(name=path, text=text)
            self._documents[path] = prepare(document, self.config, resources=self.resources) if text.strip() else None
        document = self._documents[path]
        self._documents.move_to_end(path)
        while len(self._documents) > self._cache_size:
            self._documents.popitem(last=False)
        return document

    def close(self) -> None:
        self._documents.clear()
        self.resources.close()


def run_pan(
    corpus_dir: str | os.PathLike[str],
    detections_dir: str | os.PathLike[str],
    *,
    workers: int = 1,
    sections: Sequence[str] | None = None,
    progress: ProgressCallback | None = None,
    config: Config | None = None,
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
        config: Every threshold, as for :func:`sourcetrace.compare`; :data:`PAN_CONFIG`
            (the defaults, furniture off) when None.

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
    for pair, detections in zip(pairs, _detect_all(tasks, workers, config or PAN_CONFIG), strict=True):
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


def _detect_all(tasks: list[tuple[str, str]], workers: int, config: Config) -> Iterator[list[Detection]]:
    """Detections per (suspicious path, source path) task, in task order."""
    processes = min(workers, len(tasks))
    if processes <= 1:
        detector = PairDetector(config)
        try:
            yield from map(detector, tasks)
        finally:
            detector.close()
        return
    # Spread small corpora over every worker; cap the chunk for large ones.
    chunksize = max(1, min(MAX_CHUNKSIZE, math.ceil(len(tasks) / (processes * 4))))
    with multiprocessing.Pool(processes, initializer=_start_worker, initargs=(config,)) as pool:
        yield from pool.imap(_detect_in_worker, tasks, chunksize=chunksize)


# The detector of a worker process of run_pan's pool, made by its initializer.
_worker_detector: PairDetector | None = None


def _start_worker(config: Config) -> None:
    global _worker_detector
    _worker_detector = PairDetector(config)


def _detect_in_worker(task: tuple[str, str]) -> list[Detection]:
    """Worker entry point (top-level, to pickle)."""
    assert _worker_detector is not None, "run_pan's pool starts every worker with a detector"
    return _worker_detector(task)


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
