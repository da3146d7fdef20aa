"""Alignment: find the passages of the derived text that reuse the original, with sentence links.

Two signals feed one passage builder: lexical overlap of stems when both texts are in the same
language, multilingual embeddings plus anchors (:mod:`.crosslingual`) when they are not. The
builder is a list of named stages, all in :mod:`.stages`; in ``document`` mode (chosen
automatically when most of each text maps onto the other) the links come from a monotonic
whole-document alignment (:mod:`.document`, :mod:`.translation`) instead, with moved passages
aligned on their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from sourcetrace.align.pair import CrossPair, LexicalPair
from sourcetrace.align.stages import crosslingual_passages, lexical_passages
from sourcetrace.config import ALIGN_MODES, Config
from sourcetrace.language import check_multilingual
from sourcetrace.model import Passage

if TYPE_CHECKING:
    from sourcetrace.prepare import PreparedDocument
    from sourcetrace.resources import Resources

__all__ = ["ALIGN_MODES", "AlignMode", "align_pair"]

AlignMode = Literal["auto", "passages", "document"]


def align_pair(
    original: PreparedDocument, derived: PreparedDocument, config: Config, resources: Resources
) -> tuple[Passage, ...]:
    """Passages of ``derived`` that reuse ``original``.

    Texts in two different known languages are aligned with multilingual embeddings (from
    ``resources``, seeded with the documents' stored embeddings when they have them), others
    by their lexical units' stems.

    Args:
        original: The original, prepared (:func:`~sourcetrace.prepare.prepare`).
        derived: The derived text, prepared under the same config.
        config: Every threshold; ``config.alignment.mode`` is ``"passages"`` (reuse anywhere,
            in any order), ``"document"`` (a monotonic whole-document alignment, moved passages
            aligned apart) or ``"auto"`` (document mode when most of each text maps onto the other).
        resources: The embedder (and its cache) of the caller.

    Returns:
        Passages sorted by their position in the derived text; each carries the sentence
        links (indices into the documents' segments) that support it.

    Raises:
        InvalidOption: A document was prepared under other segmentation settings.
        UnsupportedLanguage: The languages differ and the multilingual model lacks one.
    """
    original.check_config(config)
    derived.check_config(config)
    if not original.segments or not derived.segments:
        return ()
    languages = (original.language, derived.language)
    if None in languages or languages[0] == languages[1]:
        return lexical_passages(LexicalPair.of(original, derived, config))
    check_multilingual([language for language in languages if language])
    for document in (original, derived):
        if document.embeddings is not None:
            resources.embedder.remember(document.sentences, document.embeddings)
    return crosslingual_passages(CrossPair.of(original, derived, config, resources.embedder))
