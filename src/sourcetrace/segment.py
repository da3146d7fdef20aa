"""Split a text into sentence or line segments with exact character offsets.

Two segmenters are registered in :data:`SEGMENTERS`:

``"lines"``
    Every non-blank line is one segment, stripped of surrounding whitespace.

``"sentences"``
    News prose and scraped pages. The text is first cut into *units* along its line structure
    (paragraphs, Markdown headings, list items, block quotes, table rows, rules and unpunctuated
    heading lines), then every unit is split into sentences. Sentence boundaries come from
    cheap, unambiguous rules where they apply (``word. Capital``), from syntok everywhere else,
    and a few post-processing rules correct syntok on abbreviations, ellipses and quote marks.

Offsets are always Python ``str`` indices into the text exactly as given: the text is never
normalised in place. Units that span several lines are joined into a private copy and mapped
back through an offset table. Line breaks are the ones :meth:`str.splitlines` knows (``\\r\\n``
included); a *blank line* is one that holds only whitespace, and ``Segment.paragraph`` numbers the
blocks of non-blank lines between blank lines, from 0, in both modes.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from itertools import chain, groupby
from typing import Literal

from syntok.segmenter import segment as _syntok_sentences
from syntok.tokenizer import Tokenizer

from sourcetrace.config import SegmentationParams
from sourcetrace.model import Segment

SegmentMode = Literal["sentences", "lines"]
SpanMode = Literal["strict", "contract", "expand"]

# The line breaks of str.splitlines, so that "a line" means what it means everywhere in Python.
_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")

# Markup at the start of a line that is not part of the sentence after it.
_QUOTE_MARKER = re.compile(r"(?:>\s*)+")
_BLOCK_MARKER = re.compile(r"(?:(?P<heading>#{1,6})|(?P<item>[-*+•]|\d{1,3}[.)]))(?:\s+|$)")
# A line made only of these is a rule or table border (---, ***, |---|:--:|): no segment.
_RULE = re.compile(r"[-_*=~+|:#—–•\s]+")

_OPENERS = "\"'“‘«([*_"
_CLOSERS = "\"'”’»)]*_"
_TERMINALS = ".!?…"
# A line ending in one of these goes on (or is a sentence); it is never a heading.
_NOT_HEADING_FINAL = _TERMINALS + ",;:-–—/&"



@lru_cache(maxsize=8)
def _terminal(max_token: int) -> re.Pattern[str]:
    """A run of sentence-final marks (with closing quotes) followed by whitespace: the places
    where a sentence may end. The look-ahead captures the gap and the start of the next token
    (at most ``max_token`` characters of it) without consuming them. Possessive quantifiers and
    the look-behind keep long runs of dots linear."""
    return re.compile(rf"(?<![.!?…])([.!?…]++)[\"'”’»)\]*_]*+(?=(\s+)(\S{{0,{max_token}}}))")


# Two words glued by a full stop ("left.The"): syntok splits these, so they need syntok.
_GLUED = re.compile(r"[^\W\d_]{2}[.!?]++[\"'”’]?[A-Z]")
# A token that can only be an ordinary word (or a number with a unit, "10.30am", "2.7bn").
_PLAIN_WORD = re.compile(r"(?:\d[\d.,:]*)?[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_LETTER_TAIL = re.compile(r"[^\W\d_]+$")
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
_ALNUM = re.compile(r"[^\W_]")

# Abbreviations that never end a sentence: titles before a name, and Latin in-sentence markers.
_NEVER_FINAL = frozenset(
    "mr mrs ms mx dr prof gen lt col maj capt cmdr adm sgt cpl pvt sen rep gov pres rev hon fr "
    "supt insp det messrs mme mlle e.g i.e cf vs viz approx incl esp".split()
)
# Abbreviations before a number ("No. 10", "Jan. 5"): joined to a following digit.
_NUMBER_PREFIX = frozenset("no nos fig figs vol pp art ch sec para".split())
_MONTHS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
# Abbreviations that may also end a sentence ("...from Apple Inc. The company said").
_MAY_BE_FINAL = (
    frozenset("inc ltd co corp llc plc bros jr sr st ave rd blvd etc al dept univ mt ft".split())
    | _MONTHS
    | _NUMBER_PREFIX
)
_ABBREVIATIONS = _NEVER_FINAL | _MAY_BE_FINAL
# Capitalised words that start sentences far more often than they continue a name, so that an
# abbreviation before them ("in the U.S. The next day") ends the sentence.
_STARTERS = frozenset(
    "The A An He She It They We I You This That These Those There Then But And Or So Yet In On "
    "At As By For From With After Before During When While Since Although Though If However "
    "Meanwhile Still Now Its His Her Their Our My Your What Why How Who Where Asked According "
    "Last Earlier Later Another Both Each Every Some Many Most Such Officials".split()
)
# Short words that a wrapped line can end on but a heading cannot.
_CONTINUATION_WORDS = frozenset(
    "a an the of to in on at for and or but nor with by from as that which who whose than "
    "into onto over under about after before said says told is are was were be been has have "
    "had will would could should can may might not its his her their our my your this these".split()
)
# Words that stay lower case in a Title Case heading.
_MINOR_WORDS = frozenset("a an the of to in on at for and or but nor with by from as vs".split())


class _Kind(Enum):
    """What a line of a paragraph is, once its markup is read."""

    TEXT = "text"
    HEADING = "heading"
    ITEM = "item"
    TABLE = "table"
    BREAK = "break"  # a rule, or markup with nothing after it: ends the unit, yields nothing


class _Cut(Enum):
    """The verdict of the rules on one place where a sentence may end."""

    SPLIT = "split"
    MERGE = "merge"
    UNKNOWN = "unknown"  # syntok decides


@dataclass(frozen=True)
class _Line:
    """A non-blank line: ``[start, end)`` is its content with whitespace (and markup) trimmed."""

    paragraph: int
    raw_start: int
    start: int
    end: int
    kind: _Kind = _Kind.TEXT
    quoted: bool = False


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def segment(
    text: str, mode: SegmentMode = "sentences", params: SegmentationParams | None = None
) -> tuple[Segment, ...]:
    """Split ``text`` into segments.

    Args:
        text: The text, exactly as ingested; offsets index into it.
        mode: ``"sentences"`` or ``"lines"`` (a key of :data:`SEGMENTERS`).
        params: The heading and token limits of the sentence splitter (the defaults when None).

    Returns:
        The segments, sorted, non-overlapping, numbered ``0..n-1``; empty for blank text.

    Raises:
        ValueError: ``mode`` is not a registered segmenter.
    """
    try:
        segmenter = SEGMENTERS[mode]
    except KeyError:
        known = ", ".join(sorted(SEGMENTERS))
        raise ValueError(f"unknown segmentation mode {mode!r}; expected one of {known}") from None
    return segmenter(text, params or SegmentationParams())


def segment_lines(text: str) -> tuple[Segment, ...]:
    """One segment per non-blank line, stripped of surrounding whitespace.

    Args:
        text: The text to split.

    Returns:
        The line segments, each with the number of its paragraph.
    """
    return _number((line.paragraph, line.start, line.end) for line in _nonblank_lines(text))


def segment_sentences(text: str, params: SegmentationParams | None = None) -> tuple[Segment, ...]:
    """Sentence segments of news prose, Markdown or scraped text.

    Args:
        text: The text to split.
        params: How long a heading line and a token may be (the defaults when None).

    Returns:
        The sentence segments (headings, list items and table rows count as sentences).
    """
    # One tokenizer per call: syntok's tokenizer is cheap to build and keeps no state we share.
    tokenizer = Tokenizer(replace_not_contraction=False)
    params = params or SegmentationParams()
    return _number(
        (paragraph, start, end)
        for paragraph, lines in groupby(_nonblank_lines(text), key=lambda line: line.paragraph)
        for unit in _units(text, [_parse_line(text, line) for line in lines], params)
        for start, end in _split_unit(text, unit, tokenizer, params.max_token_chars)
    )


SEGMENTERS: dict[str, Callable[[str, SegmentationParams], tuple[Segment, ...]]] = {
    "sentences": segment_sentences,
    # a line is a segment whatever it holds: nothing of the config applies
    "lines": lambda text, params: segment_lines(text),
}


def char_span(
    segments: Sequence[Segment], start: int, end: int, mode: SpanMode
) -> tuple[int, int] | None:
    """Map the character range ``[start, end)`` to the half-open range of segments it covers.

    Segment numbers are positions in ``segments`` (equal to ``Segment.index`` for the output of
    :func:`segment`); ``segments`` must be sorted by start and non-overlapping.

    Args:
        segments: The segments of one text.
        start: First character of the range.
        end: One past the last character of the range.
        mode: ``"strict"``: ``start`` must be a segment start and ``end`` a segment end;
            ``"contract"``: the segments lying wholly inside the range;
            ``"expand"``: every segment that shares a character with the range.

    Returns:
        ``(first, last + 1)``, or ``None`` when the range covers no segment (an empty range
        covers none).

    Raises:
        ValueError: The range is invalid, ``mode`` is unknown, or in strict mode a bound does not
            fall on a segment boundary.
    """
    if not 0 <= start <= end:
        raise ValueError(f"invalid character range [{start}, {end})")
    if mode not in ("strict", "contract", "expand"):
        raise ValueError(f"unknown span mode {mode!r}; expected strict, contract or expand")
    if mode == "strict":
        return _strict_span(segments, start, end)
    if start == end:
        return None
    if mode == "contract":
        first = bisect_left(segments, start, key=_seg_start)
        last = bisect_right(segments, end, key=_seg_end)
    else:
        first = bisect_right(segments, start, key=_seg_end)
        last = bisect_left(segments, end, key=_seg_start)
    return (first, last) if first < last else None


def _strict_span(segments: Sequence[Segment], start: int, end: int) -> tuple[int, int] | None:
    first = bisect_left(segments, start, key=_seg_start)
    last = bisect_left(segments, end, key=_seg_end)
    starts_on_boundary = first < len(segments) and segments[first].start == start
    ends_on_boundary = last < len(segments) and segments[last].end == end
    if start == end and (starts_on_boundary or ends_on_boundary):
        return None
    if not starts_on_boundary:
        raise ValueError(f"strict span: {start} is not the start of a segment")
    if not ends_on_boundary:
        raise ValueError(f"strict span: {end} is not the end of a segment")
    return first, last + 1


def _seg_start(seg: Segment) -> int:
    return seg.start


def _seg_end(seg: Segment) -> int:
    return seg.end


# --------------------------------------------------------------------------------------------
# Lines and paragraphs
# --------------------------------------------------------------------------------------------


def _number(spans: Iterable[tuple[int, int, int]]) -> tuple[Segment, ...]:
    """Number ``(paragraph, start, end)`` spans, which arrive sorted, as segments."""
    return tuple(
        Segment(index=i, start=start, end=end, paragraph=paragraph)
        for i, (paragraph, start, end) in enumerate(spans)
    )


def _nonblank_lines(text: str) -> Iterator[_Line]:
    """The non-blank lines of ``text``, trimmed, with the number of the paragraph they are in.

    A blank line inside a sentence (a scraped page broke it: the line before ends on a word
    with no punctuation, the line after starts in lower case) does not end the paragraph.
    """
    paragraph = -1
    after_blank = True
    previous_end = ""
    line_start = 0
    for brk in chain(_LINE_BREAK.finditer(text), [None]):
        line_end = brk.start() if brk else len(text)
        start, end = _trim(text, line_start, line_end)
        if start == end:
            after_blank = True
        else:
            broken_sentence = previous_end.isalpha() and previous_end.islower() and text[start].islower()
            paragraph += after_blank and not broken_sentence
            after_blank = False
            previous_end = text[end - 1]
            yield _Line(paragraph, line_start, start, end)
        if brk:
            line_start = brk.end()


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past whitespace at both ends (``str.isspace``, as ``str.strip``)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _parse_line(text: str, line: _Line) -> _Line:
    """Read the markup at the start of a line: block quote, heading, list bullet, table, rule."""
    start, end = line.start, line.end
    quote = _QUOTE_MARKER.match(text, start, end)
    if quote:
        start = quote.end()
    if start == end or _RULE.fullmatch(text, start, end):
        return _Line(line.paragraph, line.raw_start, start, start, _Kind.BREAK, bool(quote))
    kind = _Kind.TABLE if text[start] == "|" else _Kind.TEXT
    marker = _BLOCK_MARKER.match(text, start, end)
    if marker:
        kind = _Kind.HEADING if marker.group("heading") else _Kind.ITEM
        start = marker.end()
        if kind is _Kind.HEADING:
            end = _drop_closing_hashes(text, start, end)
    start, end = _trim(text, start, end)
    if start == end:
        kind = _Kind.BREAK
    return _Line(line.paragraph, line.raw_start, start, end, kind, bool(quote))


def _drop_closing_hashes(text: str, start: int, end: int) -> int:
    """The end of an ATX heading's text without its optional closing ``#`` run (``# Title #``)."""
    body = text[start:end].rstrip("#")
    if start < start + len(body) < end and body[-1].isspace():
        return start + len(body)
    return end


# --------------------------------------------------------------------------------------------
# Units: runs of lines that are read as continuous prose
# --------------------------------------------------------------------------------------------


def _units(text: str, lines: Sequence[_Line], params: SegmentationParams) -> Iterator[list[_Line]]:
    """Group the lines of one paragraph into units, each split into sentences on its own."""
    unit: list[_Line] = []
    for line in lines:
        if unit and line.kind is not _Kind.BREAK and _continues(text, unit, line, params):
            unit.append(line)
            continue
        if unit:
            yield unit
        unit = [] if line.kind is _Kind.BREAK else [line]
    if unit:
        yield unit


def _continues(text: str, unit: Sequence[_Line], line: _Line, params: SegmentationParams) -> bool:
    """Whether ``line`` carries on the prose of ``unit`` rather than starting a new unit."""
    head, prev = unit[0], unit[-1]
    if line.kind is not _Kind.TEXT or head.kind in (_Kind.HEADING, _Kind.TABLE):
        return False
    if line.quoted != head.quoted:
        return False
    if head.kind is _Kind.ITEM:
        # A list item goes on over indented or lower-case lines (a wrapped item).
        return line.start > line.raw_start or text[line.start].islower()
    starts_sentence = len(unit) == 1 or _final_char(text, unit[-2]) in _TERMINALS
    return not (starts_sentence and _is_heading(text, prev, line, params))


def _is_heading(text: str, line: _Line, following: _Line, params: SegmentationParams) -> bool:
    """Whether ``line``, which starts a sentence, is a heading rather than a wrapped line.

    A heading has no final punctuation, starts with a capital, is followed by a line that starts
    like a sentence, and is either Title Case (``max_title_words``) or short
    (``max_heading_words`` and ``max_heading_chars``).
    """
    if _final_char(text, line) in _NOT_HEADING_FINAL:
        return False
    if not (_first_char(text, line).isupper() or _first_char(text, line).isdigit()):
        return False
    nxt = _first_char(text, following)
    if not (nxt.isupper() or nxt.isdigit()):
        return False
    punctuation = _OPENERS + _CLOSERS + _NOT_HEADING_FINAL
    words = [w.strip(punctuation) for w in text[line.start : line.end].split()]
    words = [w for w in words if w]
    if not words or words[-1].lower() in _CONTINUATION_WORDS:
        return False
    if _is_title_case(words):
        return len(words) <= params.max_title_words
    return len(words) <= params.max_heading_words and line.end - line.start <= params.max_heading_chars


def _is_title_case(words: Sequence[str]) -> bool:
    major = [w for w in words if w.lower() not in _MINOR_WORDS and w[0].isalpha()]
    return len(major) >= 2 and all(w[0].isupper() for w in major)


def _final_char(text: str, line: _Line) -> str:
    """The last character of a line that is not a closing quote or bracket."""
    end = line.end
    while end > line.start and text[end - 1] in _CLOSERS:
        end -= 1
    return text[end - 1] if end > line.start else ""


def _first_char(text: str, line: _Line) -> str:
    """The first character of a line that is not an opening quote or bracket."""
    start = line.start
    while start < line.end and text[start] in _OPENERS:
        start += 1
    return text[start] if start < line.end else ""


# --------------------------------------------------------------------------------------------
# Sentences within a unit
# --------------------------------------------------------------------------------------------


def _split_unit(
    text: str, unit: Sequence[_Line], tokenizer: Tokenizer, max_token: int
) -> Iterator[tuple[int, int]]:
    """The sentences of one unit as ``(start, end)`` ranges of ``text``.

    The unit's lines are joined with single spaces into a copy (block-quote markers between
    lines must not reach syntok); copy offsets are mapped back to ``text`` line by line.
    """
    copy = " ".join(text[line.start : line.end] for line in unit)
    if unit[0].kind in (_Kind.HEADING, _Kind.TABLE):
        cuts: list[int] = []  # a heading or table row is one segment, whatever its dots
    else:
        cuts = _sentence_cuts(copy, tokenizer, max_token)
    starts = []
    position = 0
    for line in unit:
        starts.append(position)
        position += line.end - line.start + 1

    def to_text(pos: int) -> int:
        i = bisect_right(starts, pos) - 1
        return unit[i].start + pos - starts[i]

    for left, right in zip([0, *cuts], [*cuts, len(copy)]):
        left, right = _trim(copy, left, right)
        if left < right:
            yield to_text(left), to_text(right - 1) + 1


def _sentence_cuts(copy: str, tokenizer: Tokenizer, max_token: int) -> list[int]:
    """Offsets in ``copy`` where a new sentence starts (excluding 0), sorted."""
    # Keyed by where the next sentence would start: after the mark, its quotes and the gap.
    verdicts = {
        match.end() + len(match.group(2)): _classify(copy, match, max_token)
        for match in _terminal(max_token).finditer(copy)
    }
    sure = [pos for pos, verdict in verdicts.items() if verdict is _Cut.SPLIT and pos < len(copy)]
    open_questions = [pos for pos, verdict in verdicts.items() if verdict is _Cut.UNKNOWN]
    merged = {pos for pos, verdict in verdicts.items() if verdict is _Cut.MERGE}
    cuts = list(sure)
    for left, right in zip([0, *sure], [*sure, len(copy)]):
        # syntok is the slow part: call it only on stretches where the rules left a question open.
        if _any_between(open_questions, left, right) or _GLUED.search(copy, left, right):
            cuts.extend(c for c in _syntok_cuts(copy, left, right, tokenizer) if c not in merged)
    return _merge_fragments(copy, _attach_closing_quotes(copy, sorted(set(cuts))))


def _any_between(positions: Sequence[int], left: int, right: int) -> bool:
    """Whether the sorted ``positions`` hold one strictly between ``left`` and ``right``."""
    i = bisect_right(positions, left)
    return i < len(positions) and positions[i] < right


def _syntok_cuts(copy: str, left: int, right: int, tokenizer: Tokenizer) -> Iterator[int]:
    """Where syntok starts new sentences in ``copy[left:right]``."""
    # syntok offsets tokens by padding the text with as many spaces and scanning them, which
    # made a long unit's stretches quadratic: the stretch's own offsets are shifted here instead
    sentences = _syntok_sentences(tokenizer.tokenize(copy[left:right]))
    for sentence in sentences:
        pos = sentence[0].offset + left
        if left < pos < right:
            yield pos


def _classify(copy: str, match: re.Match[str], max_token: int) -> _Cut:
    """Decide whether the sentence-final mark in ``match`` ends a sentence.

    Args:
        copy: The unit's text.
        match: A :func:`_terminal` match: the mark with its closing quotes, the gap after it and
            the start of the next token.
        max_token: How far back to look for the start of the token before the mark.
    """
    word = _token_before(copy, match.start(), max_token).lstrip(_OPENERS)
    mark = match.group(1)
    following = match.group(3).lstrip(_OPENERS)
    ellipsis = "..." in mark or "…" in mark or _spaced_ellipsis(copy, match.start())
    if not following or not (word or ellipsis):
        return _Cut.UNKNOWN
    first = following[0]
    starter = following.rstrip(",;:.!?") in _STARTERS
    if ellipsis:
        # An ellipsis marks an omission inside a sentence unless a new sentence clearly follows.
        return _Cut.MERGE if first.islower() else _Cut.SPLIT if starter else _Cut.UNKNOWN
    if mark == ".":
        verdict = _abbreviation_verdict(word, first, starter)
        if verdict is not None:
            return verdict
    if first.isupper() and _is_plain_word(word):
        return _Cut.SPLIT
    return _Cut.UNKNOWN


def _token_before(copy: str, pos: int, max_token: int) -> str:
    """The non-space run that ends at ``pos`` (at most ``max_token`` characters of it: words are
    far shorter)."""
    start = pos
    limit = max(0, pos - max_token)
    while start > limit and not copy[start - 1].isspace():
        start -= 1
    return copy[start:pos]


def _spaced_ellipsis(copy: str, pos: int) -> bool:
    """Whether the full stop at ``pos`` ends a spaced ellipsis ``. . .``."""
    return copy.endswith(". . .", max(0, pos - 4), pos + 1)


def _abbreviation_verdict(word: str, first: str, starter: bool) -> _Cut | None:
    """The verdict for ``word.`` followed by a token starting with ``first``; None if no rule."""
    low = word.lower()
    if low in _NEVER_FINAL:
        return _Cut.MERGE
    if (low in _NUMBER_PREFIX or low in _MONTHS) and first.isdigit():
        return _Cut.MERGE
    initial = len(word) == 1 and word.isupper()
    if not (initial or low in _MAY_BE_FINAL or _DOTTED.fullmatch(word)):
        return None
    if first.islower():
        return _Cut.MERGE
    if starter:
        return _Cut.SPLIT
    # "J. R. R. Tolkien": an initial before a capitalised name.
    return _Cut.MERGE if initial and first.isupper() else _Cut.UNKNOWN


def _is_plain_word(word: str) -> bool:
    """Whether ``word`` is an ordinary word (not an abbreviation), so a full stop after it ends."""
    if not _PLAIN_WORD.fullmatch(word):
        return False
    tail = _LETTER_TAIL.search(word)
    return tail is not None and len(tail[0]) >= 2 and tail[0].lower() not in _ABBREVIATIONS


def _attach_closing_quotes(copy: str, cuts: Sequence[int]) -> list[int]:
    """Move cuts that fall before a closing quote or bracket to after it.

    A sentence keeps the quote that closes it: ``"We will go." He`` not ``"We will go.`` ``" He``.
    """
    moved = []
    for cut in cuts:
        pos = cut
        while pos < len(copy) and _closes(copy, pos):
            pos += 1
        while pos < len(copy) and copy[pos].isspace():
            pos += 1
        if pos < len(copy):
            moved.append(pos)
    return sorted(set(moved))


def _closes(copy: str, pos: int) -> bool:
    """Whether the character at ``pos`` closes a quotation or bracket (rather than opening one)."""
    char = copy[pos]
    if char in "”’»)]":
        return True
    # A straight quote closes when what follows it is a space, punctuation or the end.
    if char not in "\"'":
        return False
    return pos + 1 == len(copy) or copy[pos + 1].isspace() or copy[pos + 1] in ",.;:!?"


def _merge_fragments(copy: str, cuts: Sequence[int]) -> list[int]:
    """Drop cuts that would leave a piece with no letter or digit: stray marks join a neighbour."""
    kept = [
        cut for cut, nxt in zip(cuts, [*cuts[1:], len(copy)]) if _ALNUM.search(copy, cut, nxt)
    ]
    if kept and not _ALNUM.search(copy, 0, kept[0]):
        kept = kept[1:]
    return kept
