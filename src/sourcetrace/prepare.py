"""Prepare a document once for any number of comparisons: its furniture, language, segments,
alignment units and their stems.

:func:`prepare` runs the per-document half of the pipeline; :func:`~sourcetrace.align.align_pair`
and :func:`~sourcetrace.api.compare_prepared` take two prepared documents. A prepared document
is plain data: :meth:`PreparedDocument.to_dict` gives JSON-safe values (embeddings as base64
float32), :meth:`PreparedDocument.from_dict` reads them back, so an index can store sources
prepared once and a scan never prepares them again.

Example:
    >>> source = prepare("A long article ...", name="source")  # doctest: +SKIP
    >>> [compare_prepared(source, prepare(text)) for text in copies]  # doctest: +SKIP
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

import numpy as np

from sourcetrace.align.lexical import content_words, lexical_language
from sourcetrace.align.units import Units, alignment_units
from sourcetrace.artifacts import find_artifacts, mask_artifacts
from sourcetrace.config import Config
from sourcetrace.errors import EmptyDocument, InputTooLarge, InvalidOption, UnreadableInput
from sourcetrace.language import detect_language
from sourcetrace.model import Artifact, Document, Segment, Span
from sourcetrace.resources import Resources
from sourcetrace.segment import segment as split_segments

__all__ = ["PREPARED_SCHEMA", "PreparedDocument", "comparable_text", "prepare", "preparation_conflict", "preparation_settings"]

PREPARED_SCHEMA = "sourcetrace.prepared/1"

# A lone surrogate (from bytes decoded with ``surrogateescape``, say) is no character: no
# model takes it and no report can be written with it in UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class PreparedDocument:
    """A document with everything a comparison needs of it on its own.

    ``segments`` index :attr:`comparable_text` (the text with page furniture blanked out, same
    offsets as ``document.text``); ``units`` are the lexical aligner's units (overlong
    sentences cut into chunks) and ``stems`` their content-word stems, in the document's
    language where PyStemmer has a stemmer for it, else in English. ``preparation`` records
    the settings these depend on (:func:`preparation_settings`) and the language the stems
    are in (``stemming``), so a document prepared under one config is not aligned under
    another by mistake. ``embeddings`` (one e5 row per segment) are filled in only
    when asked for (:meth:`with_embeddings`): same-language comparisons never need them.
    """

    document: Document
    segments: tuple[Segment, ...]
    units: Units
    stems: tuple[tuple[str, ...], ...]
    preparation: Mapping[str, Any]
    embeddings: np.ndarray | None = None

    @property
    def name(self) -> str:
        return self.document.name

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def language(self) -> str | None:
        return self.document.language

    @cached_property
    def comparable_text(self) -> str:
        """The text segmentation and alignment see (:func:`comparable_text`)."""
        return comparable_text(self.document, self.preparation["segmentation"])

    @cached_property
    def sentences(self) -> tuple[str, ...]:
        """The text of every segment."""
        return tuple(self.comparable_text[s.start : s.end] for s in self.segments)

    def check_config(self, config: Config) -> None:
        """Refuse a config under which this document would have been prepared differently.

        Raises:
            InvalidOption: The document was prepared with other segmentation or unit settings.
        """
        conflict = preparation_conflict(self.preparation, config)
        if conflict:
            raise InvalidOption(f"{self.name}: {conflict}; prepare it again")

    def with_embeddings(self, resources: Resources) -> PreparedDocument:
        """This document with the e5 embedding of every segment (computed by ``resources``)."""
        if self.embeddings is not None:
            return self
        return replace(self, embeddings=resources.embedder(list(self.sentences)))

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-safe data (schema ``sourcetrace.prepared/1``) that :meth:`from_dict` reads."""
        return {
            "schema": PREPARED_SCHEMA,
            "preparation": dict(self.preparation),
            "document": document_to_dict(self.document),
            "segments": [[s.start, s.end, s.paragraph] for s in self.segments],
            "units": [[u.start, u.end, sentence] for u, sentence in zip(self.units.segments, self.units.sentence)],
            "stems": [list(stems) for stems in self.stems],
            "embeddings": None if self.embeddings is None else _array_dict(self.embeddings),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PreparedDocument:
        """The prepared document :meth:`to_dict` gave.

        Raises:
            InvalidOption: The data is not a ``sourcetrace.prepared/1`` document.
        """
        if data.get("schema") != PREPARED_SCHEMA:
            raise InvalidOption(f"not a prepared document of schema {PREPARED_SCHEMA}: {data.get('schema')!r}")
        segments = tuple(Segment(k, s, e, p) for k, (s, e, p) in enumerate(data["segments"]))
        units = Units(
            tuple(Segment(k, s, e, segments[i].paragraph) for k, (s, e, i) in enumerate(data["units"])),
            tuple(i for _, _, i in data["units"]),
        )
        embeddings = data.get("embeddings")
        return cls(
            document=document_from_dict(data["document"]),
            segments=segments,
            units=units,
            stems=tuple(tuple(stems) for stems in data["stems"]),
            preparation=dict(data["preparation"]),
            embeddings=None if embeddings is None else _array_of(embeddings),
        )


def prepare(
    value: str | Document,
    config: Config | None = None,
    *,
    name: str = "document",
    resources: Resources | None = None,
) -> PreparedDocument:
    """Mark ``value``'s page furniture, detect its language and segment it for comparison.

    Args:
        value: A text (named ``name``) or a document (e.g. from
            :func:`~sourcetrace.ingest.read_document`); a document that already has artifacts
            or a language keeps them.
        config: The segmentation, language, furniture and unit settings (``Config()`` when
            None); with ``segmentation.furniture`` off no furniture is looked for.
        name: The name of a plain text.
        resources: The language model to use (:class:`~sourcetrace.resources.Resources`); a
            fresh one when None.

    Raises:
        EmptyDocument: The text is empty or only whitespace.
        InputTooLarge: The text is longer than ``config.input.max_chars``.
    """
    config = config or Config()
    document = _as_document(value, name, config, resources or Resources())
    text = comparable_text(document, config.segmentation.mode)
    segments = split_segments(text, config.segmentation.mode, config.segmentation)
    units = alignment_units(text, segments, config.lexical.max_unit_words)
    stemming = lexical_language(document.language)
    stems = tuple(tuple(content_words(text[u.start : u.end], stemming)) for u in units.segments)
    return PreparedDocument(document, segments, units, stems, {**preparation_settings(config), "stemming": stemming})


def comparable_text(document: Document, segmentation: str) -> str:
    """The text segmentation and alignment see.

    Page furniture (``document.artifacts``) is blanked out, offsets unchanged, so it is never
    compared. Pre-segmented input (``lines``) is taken as it is: line k stays segment k, and
    its furniture is still reported.
    """
    if segmentation == "lines":
        return document.text
    return mask_artifacts(document.text, document.artifacts)


def preparation_settings(config: Config) -> dict[str, Any]:
    """The config fields a prepared document depends on (sections other than ``segmentation``
    named ``section.field``; a prepared document's ``preparation`` holds them, and ``stemming``:
    the language of its stems, see :func:`~sourcetrace.align.lexical.lexical_language`)."""
    segmentation = config.segmentation.to_dict()
    return {
        "segmentation": segmentation.pop("mode"),
        "furniture": segmentation.pop("furniture"),
        **{f"segmentation.{key}": value for key, value in segmentation.items()},
        **{f"language.{key}": value for key, value in config.language.to_dict().items()},
        **{f"furniture.{key}": value for key, value in config.furniture.to_dict().items()},
        "max_unit_words": config.lexical.max_unit_words,
    }


def preparation_conflict(preparation: Mapping[str, Any], config: Config, *, exact: bool = False) -> str | None:
    """The first setting a stored ``preparation`` holds otherwise than ``config`` asks, worded
    "prepared with KEY=VALUE, but the config asks for VALUE"; None when they agree.

    Args:
        exact: Settings the config does not have count too (an index written by another
            version); otherwise only the config's own are compared (a prepared document also
            records the language of its stems).
    """
    expected = preparation_settings(config)
    keys = expected.keys() | preparation.keys() if exact else expected.keys()
    changed = sorted(key for key in keys if preparation.get(key) != expected.get(key))
    if not changed:
        return None
    key = changed[0]
    return f"prepared with {key}={preparation.get(key)!r}, but the config asks for {expected.get(key)!r}"


def _check_length(document: Document, max_chars: int) -> None:
    """Refuse a text longer than the limit before any stage spends time on it."""
    if len(document.text) > max_chars:
        raise InputTooLarge(
            f"{document.name}: the text is {len(document.text):,} characters, over the"
            f" {max_chars:,} character limit"
            " (config input.max_chars)"
        )


def _check_characters(document: Document) -> None:
    """Refuse a text that holds a lone surrogate, which is not Unicode text."""
    found = _SURROGATE.search(document.text)
    if found:
        raise UnreadableInput(
            f"{document.name}: not Unicode text: a lone surrogate U+{ord(found.group()):04X} at"
            f" character {found.start()} (decode the bytes without errors='surrogateescape')"
        )


def _as_document(value: str | Document, name: str, config: Config, resources: Resources) -> Document:
    """Wrap a plain text as a document, refuse empty or too long text, mark its page furniture
    (when ``segmentation.furniture`` is on) and detect its language."""
    document = value if isinstance(value, Document) else Document(name=name, text=value)
    _check_length(document, config.input.max_chars)
    _check_characters(document)
    if not document.text.strip():
        raise EmptyDocument(f"{document.name}: the text is empty")
    if config.segmentation.furniture and not document.artifacts:
        document = replace(document, artifacts=find_artifacts(document.text, config.furniture))
    if document.language is None:
        language = detect_language(document.text, resources.languages, config.language)
        document = replace(document, language=language)
    return document


def document_to_dict(document: Document) -> dict[str, Any]:
    """A document as plain data (its text, metadata, furniture) that :func:`document_from_dict` reads."""
    return {
        "name": document.name,
        "text": document.text,
        "encoding": document.encoding,
        "notes": list(document.notes),
        "language": document.language,
        "format": document.format,
        "text_source": document.text_source,
        "metadata": dict(sorted(document.metadata.items())),
        "artifacts": [[a.span.start, a.span.end, a.kind] for a in document.artifacts],
    }


def document_from_dict(data: Mapping[str, Any]) -> Document:
    return Document(
        name=data["name"],
        text=data["text"],
        encoding=data["encoding"],
        notes=tuple(data["notes"]),
        language=data["language"],
        format=data["format"],
        text_source=data["text_source"],
        metadata=dict(data["metadata"]),
        artifacts=tuple(Artifact(Span(s, e), kind) for s, e, kind in data["artifacts"]),
    )


def _array_dict(array: np.ndarray) -> dict[str, Any]:
    values = np.ascontiguousarray(array, dtype="<f4")
    return {"dtype": "float32", "shape": list(values.shape), "data": base64.b64encode(values.tobytes()).decode("ascii")}


def _array_of(data: Mapping[str, Any]) -> np.ndarray:
    raw = base64.b64decode(data["data"])
    return np.frombuffer(raw, dtype="<f4").reshape(data["shape"]).astype(np.float32)
