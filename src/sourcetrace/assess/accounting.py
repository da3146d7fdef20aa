"""Omissions and additions: what the derived text left out of the original, and what it added.

At sentence level, an original segment that no link carries is omitted, and a derived segment
that no link carries is added. Original text marked as page furniture (``Document.artifacts``:
captions, bylines, footers) is reported as an omission with ``artifact=True``, so a reader sees
it but it is never counted as content left out.

At phrase level, inside each aligned sentence pair of one language, the words are aligned
(``difflib`` over normalised words) and a run of original words with no counterpart is an
omitted phrase, a run of derived words with none an added phrase, when the run says something:
three content words or more (``assessment.phrase_min_content_words``: "joined by the heads of
government of Italy"), or a name, number or date anchor with a content word ("on Sunday", "Olaf
Scholz"). Runs whose content words stand elsewhere in the other sentence were moved, not
dropped, and are not reported.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sourcetrace.assess.pair import SentencePair
from sourcetrace.assess.words import STOPWORDS, Word, words
from sourcetrace.model import Addition, Artifact, Omission, Segment, Span

_ANCHOR_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday
    tonight weekend week month year""".split()
)


def sentence_omissions(
    segments: Sequence[Segment], carried: set[int], artifacts: Sequence[Artifact], share: float
) -> list[Omission]:
    """Original segments that no link carries; furniture among them (``share`` of it or more:
    ``assessment.artifact_share``) is marked as artifact."""
    furniture = Furniture.of(artifacts)
    return [
        Omission(s.span, "sentence", artifact=furniture.covers(s.span, share))
        for s in segments
        if s.index not in carried
    ]


def sentence_additions(
    segments: Sequence[Segment], carried: set[int], artifacts: Sequence[Artifact], share: float
) -> list[Addition]:
    """Derived segments that no link carries (furniture of the derived page left out)."""
    furniture = Furniture.of(artifacts)
    return [
        Addition(s.span, "sentence")
        for s in segments
        if s.index not in carried and not furniture.covers(s.span, share)
    ]


def is_artifact(span: Span, artifacts: Iterable[Artifact], share: float) -> bool:
    """Whether at least ``share`` of ``span`` lies inside page furniture."""
    return Furniture.of(artifacts).covers(span, share)


@dataclass(frozen=True)
class Furniture:
    """A document's furniture spans sorted by start, so that each segment is checked against
    the few near it, not against all of them (segments times artifacts grew with the square
    of a long page's size)."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    longest: int

    @classmethod
    def of(cls, artifacts: Iterable[Artifact]) -> Furniture:
        spans = sorted((a.span.start, a.span.end) for a in artifacts)
        longest = max((end - start for start, end in spans), default=0)
        return cls(tuple(s for s, _ in spans), tuple(e for _, e in spans), longest)

    def covers(self, span: Span, share: float) -> bool:
        """Whether at least ``share`` of ``span`` lies inside these spans (overlapping ones
        counted each time, as a sum over the artifacts)."""
        # an artifact that overlaps ``span`` starts within ``longest`` before it, or in it
        first = bisect.bisect_right(self.starts, span.start - self.longest)
        last = bisect.bisect_left(self.starts, span.end)
        inside = sum(
            max(0, min(span.end, self.ends[k]) - max(span.start, self.starts[k])) for k in range(first, last)
        )
        return len(span) > 0 and inside >= share * len(span)


def phrase_changes(pair: SentencePair) -> tuple[list[Omission], list[Addition]]:
    """Phrases dropped from and added to one aligned sentence pair of one language."""
    if not pair.same_language:
        return [], []
    old_words, new_words = words(pair.original_sentence), words(pair.derived_sentence)
    matcher = difflib.SequenceMatcher(
        None, [w.norm for w in old_words], [w.norm for w in new_words], autojunk=False
    )
    old_vocabulary = {w.norm for w in old_words}
    new_vocabulary = {w.norm for w in new_words}
    enough = pair.config.assessment.phrase_min_content_words
    omissions, additions = [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "delete" and _says_something(old_words[i1:i2], new_vocabulary, pair.original_sentence, enough):
            omissions.append(Omission(_span(pair.original_span, old_words[i1:i2]), "phrase"))
        elif tag == "insert" and _says_something(new_words[j1:j2], old_vocabulary, pair.derived_sentence, enough):
            additions.append(Addition(_span(pair.derived_span, new_words[j1:j2]), "phrase"))
    return omissions, additions


def phrase_spans(pair: SentencePair) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Sentence-relative spans of the dropped and the added phrases of a pair."""
    omissions, additions = phrase_changes(pair)
    return (
        [(o.span.start - pair.original.start, o.span.end - pair.original.start) for o in omissions],
        [(a.span.start - pair.derived.start, a.span.end - pair.derived.start) for a in additions],
    )


def _says_something(run: Sequence[Word], other_vocabulary: set[str], sentence: str, enough: int) -> bool:
    """A run worth reporting: ``enough`` content words, an anchor or an aside, and not merely
    moved."""
    content = [w for w in run if w.norm not in STOPWORDS]
    if not content:
        return False
    moved = sum(w.norm in other_vocabulary for w in content)
    if moved * 2 >= len(content):
        return False
    anchored = any(_is_anchor(w, sentence) for w in content)
    return len(content) >= enough or (
        len(run) >= 2 and (anchored or _is_aside(run, sentence))
    )


def _is_aside(run: Sequence[Word], sentence: str) -> bool:
    """A run set off by commas, like an inserted ", for example,"."""
    before = sentence[: run[0].start].rstrip()
    after = sentence[run[-1].end :].lstrip()
    return before.endswith(",") and (after[:1] in (",", "") or after[:1] in ".;")


def _is_anchor(word: Word, sentence: str) -> bool:
    """A name, number or date word: a fact even when the phrase is short."""
    if word.norm in _ANCHOR_WORDS or any(c.isdigit() for c in word.text):
        return True
    before = sentence[: word.start].rstrip()
    return word.text[:1].isupper() and bool(before) and not re.search(r"[.!?:\"“«]$", before)


def _span(locate, run: Sequence[Word]) -> Span:  # type: ignore[no-untyped-def]
    return locate(run[0].start, run[-1].end)
