"""Aligning two test texts through the library's own stages (prepare, then align_pair)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from sourcetrace import Config, Document, Resources, align_pair, prepare
from sourcetrace.config import PassageParams
from sourcetrace.model import Passage


def align_texts(
    original: str,
    derived: str,
    lexical: PassageParams | None = None,
    *,
    languages: tuple[str | None, str | None] | None = None,
    segment: str = "sentences",
    mode: str = "auto",
    model: Callable[[Sequence[str]], np.ndarray] | None = None,
    config: Config | None = None,
) -> tuple[Passage, ...]:
    """The passages of ``derived`` that reuse ``original``: ``languages`` given skip detection,
    ``lexical`` replaces the lexical thresholds, ``model`` replaces e5."""
    config = (config or Config()).with_options(segment=segment, mode=mode)
    if lexical is not None:
        config = replace(config, lexical=lexical)
    src_language, tgt_language = languages or (None, None)
    src = prepare(Document(name="original", text=original, language=src_language), config)
    tgt = prepare(Document(name="derived", text=derived, language=tgt_language), config)
    with Resources(embedding_model=model) as resources:
        return align_pair(src, tgt, config, resources)
