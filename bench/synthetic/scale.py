"""The scale corpus (issue 18): sources and distractors to index, suspects to scan, and the
truth of every reuse case put into the suspects.

A monolingual suspect is a real host piece with one to three passages put in between its
sentences, each from a source document of its own: a verbatim ``copy``, a ``rewrite`` (PAN's
random obfuscation, ``low`` or ``high``: about 12% or 30% of the words edited) or a
``summary`` (three to eight sentences drawn from across a long stretch of the source, each
shortened). A translation suspect is a whole document in the other language of a parallel text:
the translation of a run of its source's lines, with lines of the same language around it. Its
source is built only from the other side of parallel lines whose own translation appears nowhere
else. Every source, host and real distractor is a different piece of the cleaned pools, so the
only text two of them share is the reuse recorded in ``truth.jsonl``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from synthetic.collection import (Written, atomic_files, document_ids, free_of, positions_by_role,
                                  prepare_folder, random_site, shuffled_roles, write_documents)
from synthetic.documents import Record, Span, assemble, paragraph_breaks, random_date
from synthetic.errors import SyntheticError
from synthetic.pools import ParallelSupply, Piece, Supply, pan_pieces, parallel_documents
from synthetic.rewrite import SUMMARY_OPERATIONS, obfuscate, vocabulary_of

SCHEMA = "sourcetrace.synthetic/1"
FILES = ("index.jsonl", "suspects.jsonl", "truth.jsonl", "manifest.json")
KINDS = ("copy", "rewrite-low", "rewrite-high", "summary")
_RATES = {"rewrite-low": 0.12, "rewrite-high": 0.3}
_PASSAGE_CHARS = ((250, 700), (700, 1600), (1600, 3200))  # short, medium, long as in PAN
_PASSAGE_WEIGHTS = (0.35, 0.45, 0.2)


@dataclass(frozen=True)
class ScaleConfig:
    """What to build; every choice below it is drawn from ``seed``."""

    documents: int = 10_000
    suspect_share: float = 0.01
    cases_per_suspect: tuple[int, int] = (1, 3)
    translation_share: float = 0.15
    kind_weights: tuple[float, float, float, float] = (0.3, 0.25, 0.2, 0.25)  # as KINDS
    real_distractor_share: float = 0.03
    seed: int = 1

    def validate(self) -> None:
        if self.documents < 10:
            raise SyntheticError("--documents must be at least 10")
        for name in ("suspect_share", "translation_share", "real_distractor_share"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise SyntheticError(f"{name.replace('_', '-')} must be in [0, 1]")
        low, high = self.cases_per_suspect
        if not 1 <= low <= high <= 5:
            raise SyntheticError("cases per suspect must be 1 <= low <= high <= 5")


@dataclass(frozen=True)
class Built:
    """A document built from real text, before it has an id."""

    text: str
    language: str
    origin: str
    date: dt.date


@dataclass(frozen=True)
class Case:
    kind: str
    source: int  # index into the built sources
    suspect: int  # index into the built suspects
    source_span: Span
    suspect_span: Span
    links: tuple[tuple[Span, Span], ...]
    source_language: str = "en"
    suspect_language: str = "en"


@dataclass
class _Build:
    sources: list[Built] = field(default_factory=list)
    suspects: list[Built] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    translations_short: int = 0  # translation suspects asked for that parallel data could not give


def build_scale(out: Path, data_dir: Path, config: ScaleConfig) -> dict[str, object]:
    """Write the scale corpus into ``out``; returns the manifest."""
    config.validate()
    prepare_folder(out, FILES)
    rng = random.Random(f"{config.seed}:scale")
    suspects = round(config.documents * config.suspect_share)
    cases_high = config.cases_per_suspect[1]
    pieces = pan_pieces(data_dir, config.seed, needed=suspects * (1 + cases_high) + 50
                        + round(config.real_distractor_share * config.documents))
    supply = Supply(pieces, "PAN13 source pool")
    parallel = ParallelSupply(parallel_documents(data_dir), random.Random(f"{config.seed}:parallel"))
    build = _Build()
    for _ in range(suspects):
        if rng.random() < config.translation_share:
            if _translation_suspect(build, parallel, rng):
                continue
            build.translations_short += 1
        _monolingual_suspect(build, supply, rng, config)
    reused = (d.text for d in build.sources + build.suspects)
    reals = free_of(supply.rest(), reused)[: round(config.real_distractor_share * config.documents)]
    return _write(out, config, build, reals, pieces, rng)


# ---------------------------------------------------------------------------------------------
# Monolingual suspects


def _monolingual_suspect(build: _Build, supply: Supply, rng: random.Random, config: ScaleConfig) -> None:
    host = supply.take()
    count = rng.randint(*config.cases_per_suspect)
    kinds = rng.choices(KINDS, weights=config.kind_weights, k=count)
    passages = [_passage(build, supply.take(_long if k == "summary" else None), k, rng) for k in kinds]
    places = dict(zip(sorted(rng.sample(range(len(host.sentences) + 1), count)), range(count)))
    sentences: list[str] = []
    breaks: list[bool] = []
    tags: list[tuple[int, int] | None] = []  # (passage, link) of each suspect sentence
    for index in range(len(host.sentences) + 1):
        if index in places:
            passage = passages[places[index]]
            for link, (sentence, starts) in enumerate(zip(passage.sentences, passage.breaks)):
                sentences.append(sentence)
                breaks.append(starts if link else rng.random() < 0.5)
                tags.append((places[index], link))
        if index < len(host.sentences):
            after_passage = bool(tags) and tags[-1] is not None
            sentences.append(host.sentences[index])
            breaks.append(rng.random() < 0.5 if after_passage else host.breaks[index])
            tags.append(None)
    breaks[0] = True
    _record_suspect(build, sentences, breaks, tags, passages, host.origin, "en", rng)


def _long(piece: Piece) -> bool:
    """Long enough to summarise: eight sentences or more."""
    return len(piece.sentences) >= 8


@dataclass(frozen=True)
class _Passage:
    """What a case puts into a suspect: its sentences, and where each came from."""

    kind: str
    source: int
    source_span: Span  # the reused stretch of the source (a summary's whole stretch)
    source_spans: tuple[Span, ...]  # the source sentence of each suspect sentence
    sentences: tuple[str, ...]
    breaks: tuple[bool, ...]


def _passage(build: _Build, piece: Piece, kind: str, rng: random.Random) -> _Passage:
    source = assemble(piece.sentences, piece.breaks)
    build.sources.append(Built(source.text, "en", piece.origin, random_date(rng, years=9)))
    vocabulary = vocabulary_of(piece.sentences)
    if kind == "summary":
        start, end, chosen = _summary_sentences(piece, rng)
        sentences = [obfuscate(piece.sentences[i], rng, 0.25, vocabulary, SUMMARY_OPERATIONS)
                     for i in chosen]
        breaks = [False] * len(chosen)
    else:
        start, end = _run(piece, rng)
        chosen = list(range(start, end))
        rate = _RATES.get(kind)
        sentences = [piece.sentences[i] if rate is None else obfuscate(piece.sentences[i], rng, rate, vocabulary)
                     for i in chosen]
        breaks = [piece.breaks[i] for i in chosen]
    return _Passage(kind, len(build.sources) - 1, (source.spans[start][0], source.spans[end - 1][1]),
                    tuple(source.spans[i] for i in chosen), tuple(sentences), tuple(breaks))


def _run(piece: Piece, rng: random.Random) -> tuple[int, int]:
    """A run of sentences of one of PAN's passage lengths (the piece's end bounding it)."""
    low, high = rng.choices(_PASSAGE_CHARS, weights=_PASSAGE_WEIGHTS)[0]
    target = rng.randint(low, high)
    start = end = rng.randrange(len(piece.sentences))
    chars = 0
    while chars < target and (end < len(piece.sentences) or start > 0):
        if end < len(piece.sentences):
            chars, end = chars + len(piece.sentences[end]) + 1, end + 1
        else:
            start, chars = start - 1, chars + len(piece.sentences[start - 1]) + 1
    return start, end


def _summary_sentences(piece: Piece, rng: random.Random) -> tuple[int, int, list[int]]:
    """A long stretch (at least 60% of the piece) and sentences from across it, one per equal
    part, the longer of two tries in each (a summary keeps the sentences that say something)."""
    total = len(piece.sentences)
    length = rng.randint(min(total, max(8, math.ceil(0.6 * total))), total)
    start = rng.randint(0, total - length)
    parts = min(8, max(3, round(length / 6)))
    bounds = [start + round(j * length / parts) for j in range(parts + 1)]
    chosen = []
    for low, high in zip(bounds, bounds[1:]):
        tries = [rng.randrange(low, high) for _ in range(2)]
        chosen.append(max(tries, key=lambda i: (len(piece.sentences[i]), -i)))
    return start, start + length, chosen


def _record_suspect(build: _Build, sentences: list[str], breaks: list[bool],
                    tags: list[tuple[int, int] | None], passages: list[_Passage], origin: str,
                    language: str, rng: random.Random) -> None:
    """Assemble a suspect and record its cases (a suspect is dated after its sources)."""
    suspect = assemble(sentences, breaks)
    latest = max(build.sources[p.source].date for p in passages)
    build.suspects.append(Built(suspect.text, language, origin, latest + dt.timedelta(days=rng.randint(1, 60))))
    links: dict[int, list[tuple[Span, Span]]] = {}
    for span, tag in zip(suspect.spans, tags):
        if tag is not None:
            links.setdefault(tag[0], []).append((passages[tag[0]].source_spans[tag[1]], span))
    for number, passage in enumerate(passages):
        pairs = tuple(links[number])
        build.cases.append(Case(passage.kind, passage.source, len(build.suspects) - 1, passage.source_span,
                                (pairs[0][1][0], pairs[-1][1][1]), pairs,
                                build.sources[passage.source].language, language))


# ---------------------------------------------------------------------------------------------
# Translation suspects


def _translation_suspect(build: _Build, parallel: ParallelSupply, rng: random.Random) -> bool:
    """A suspect in the other language of a parallel text; False when the data has run out."""
    units = parallel.take(rng.randint(12, 24))
    if units is None:
        return False
    source_language = units[0].languages[0] if units[0].languages[0] == "en" or rng.random() < 0.5 \
        else units[0].languages[1]
    target = units[0].other(source_language)
    source = assemble([u.text(source_language) for u in units], paragraph_breaks(len(units), rng))
    origin = f"{units[0].origin}+{len(units)}"
    build.sources.append(Built(source.text, source_language, origin, random_date(rng, years=9)))
    length = rng.randint(math.ceil(len(units) / 2), len(units))
    start = rng.randint(0, len(units) - length)
    chosen = range(start, start + length)
    passage = _Passage("translation", len(build.sources) - 1,
                       (source.spans[start][0], source.spans[start + length - 1][1]),
                       tuple(source.spans[i] for i in chosen),
                       tuple(units[i].text(target) for i in chosen), (True,) * length)
    # Lines around it in the same language, whose other side is used nowhere.
    host = parallel.take_following(rng.randint(1, 8))
    before = rng.randint(0, len(host))
    sentences = [u.text(target) for u in host[:before]] + list(passage.sentences) \
        + [u.text(target) for u in host[before:]]
    tags = [None] * before + [(0, i) for i in range(length)] + [None] * (len(host) - before)
    _record_suspect(build, sentences, paragraph_breaks(len(sentences), rng), tags, [passage],
                    f"{host[0].origin}+{len(host)}" if host else origin, target, rng)
    return True


# ---------------------------------------------------------------------------------------------
# Writing


def _write(out: Path, config: ScaleConfig, build: _Build, reals: list[Piece], pieces: list[Piece],
           rng: random.Random) -> dict[str, object]:
    roles = shuffled_roles({"source": len(build.sources), "suspect": len(build.suspects),
                            "real": len(reals)}, config.documents, rng)
    ids = document_ids(config.documents)
    positions = positions_by_role(roles, rng)
    built: dict[int, Record] = {}
    for role, docs in (("source", build.sources), ("suspect", build.suspects)):
        for position, doc in zip(positions.get(role, []), docs):
            built[position] = Record(ids[position], doc.text, doc.date, random_site(rng))
    for position, piece in zip(positions.get("real", []), reals):
        built[position] = Record(ids[position], assemble(piece.sentences, piece.breaks).text,
                                 random_date(rng), random_site(rng))
    source_ids = [ids[p] for p in positions.get("source", [])]
    suspect_ids = [ids[p] for p in positions.get("suspect", [])]
    cases = sorted(build.cases, key=lambda c: (suspect_ids[c.suspect], c.suspect_span))
    with atomic_files(out, FILES) as handles:
        written = write_documents(handles, roles, ids, built,
                                  lambda role: "suspects.jsonl" if role == "suspect" else "index.jsonl",
                                  pieces, config.seed)
        for number, case in enumerate(cases, 1):
            handles["truth.jsonl"].write(json.dumps(_case_record(number, case, source_ids, suspect_ids)) + "\n")
        real_ids = [ids[p] for p in positions.get("real", [])]
        origins = dict(zip(source_ids, (d.origin for d in build.sources)))
        origins.update(zip(suspect_ids, (d.origin for d in build.suspects)))
        origins.update(zip(real_ids, (p.origin for p in reals)))
        manifest = _manifest(config, build, cases, source_ids, suspect_ids, real_ids, written)
        manifest["origins"] = dict(sorted(origins.items()))
        handles["manifest.json"].write(json.dumps(manifest, indent=1) + "\n")
    return manifest


def _case_record(number: int, case: Case, source_ids: list[str], suspect_ids: list[str]) -> dict[str, object]:
    kind, _, level = case.kind.partition("-")
    return {
        "case": f"case-{number:05d}",
        "type": kind,
        "obfuscation": level or {"copy": "none"}.get(kind, kind),
        "source": source_ids[case.source],
        "suspect": suspect_ids[case.suspect],
        "source_language": case.source_language,
        "suspect_language": case.suspect_language,
        "source_span": _span(case.source_span),
        "suspect_span": _span(case.suspect_span),
        "links": [{"source": _span(a), "suspect": _span(b)} for a, b in case.links],
    }


def _span(span: Span) -> dict[str, int]:
    return {"start": span[0], "end": span[1]}


def _manifest(config: ScaleConfig, build: _Build, cases: list[Case], source_ids: list[str],
              suspect_ids: list[str], real_ids: list[str], written: Written) -> dict[str, object]:
    types = Counter(c.kind for c in cases)
    return {
        "schema": SCHEMA,
        "kind": "scale",
        "parameters": asdict(config),
        "files": {"index": "index.jsonl", "suspects": "suspects.jsonl", "truth": "truth.jsonl"},
        "counts": {
            "documents": config.documents,
            "index": config.documents - len(suspect_ids),
            "suspects": len(suspect_ids),
            "sources": len(source_ids),
            "real_distractors": len(real_ids),
            "made_up_distractors": written.made_up,
            "made_up_redrawn": written.redrawn,
            "cases": dict(sorted(types.items())),
            "translation_suspects_short": build.translations_short,
        },
        "sources": sorted(source_ids),
        "suspects": sorted(suspect_ids),
        "real_distractors": sorted(real_ids),
    }
