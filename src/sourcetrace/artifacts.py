"""Find page furniture in a news text: captions, credits, bylines, footers, markup and the like.

A scraped or exported article carries text that is not the article: a section label above the
headline, a byline, photo captions and credits, share bars, "Additional reporting by", a
copyright footer, a list of topics, Markdown markup. :func:`find_artifacts` marks them as
:class:`~sourcetrace.model.Artifact` spans; nothing is deleted, so every offset still indexes
the text as read. :func:`~sourcetrace.compare` blanks the artifacts out of the text it segments
and aligns (:func:`mask_artifacts`), so furniture is never compared, counted as omitted or
as added, while the report still shows it.

Being wrong costs more one way: marking a sentence of the article hides it from every check,
while missing some furniture only adds a line to the omissions. So every rule is narrow: it
needs the wording, the markup or the layout that only furniture has, and a line that reads
like a sentence (several words ending in a full stop) is left alone unless it says something
only furniture says ("All rights reserved", a trailing "© Agency"). How long a line of each kind
may be is the config's (:class:`~sourcetrace.config.FurnitureParams`).

Kinds:

========== ==========================================================================
kind       what
========== ==========================================================================
label      a short line above the headline ("War in Ukraine"), "Advertisement"
byline     "By ...", a line of bold author names with places, "Additional reporting by"
dateline   "LONDON (Reuters) -" opening a paragraph; a "Published ..." or date-only line
caption    a photo caption: the line above a credit, or a line ending in "© Agency"
credit     "© Reuters", "Photo: ...", "Photograph: ..."
footer     "Copyright ...", "All rights reserved"
topics     "Follow the topics in this article" and the short lines under it; "Topics: ..."
share      a bar of "Share", "Facebook", "X", "Email", "Copy link" ...
navigation "Skip to content", "Read more", "Most read", "Sign up to our newsletter" ...
stray      a paragraph of one lowercase word left over from a layout ("smiling.")
markup     Markdown heading marks, emphasis marks, rules, image lines
link       the ``[`` and ``](url)`` around a Markdown link's text
========== ==========================================================================
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from sourcetrace.config import FurnitureParams
from sourcetrace.model import Artifact, Span

# --- whole-line patterns (tried on a line with its Markdown marks removed) -----------------

_CREDIT_LINE = re.compile(
    r"^(?:©|\(c\)\s|(?:photo(?:graph)?s?|pictures?|images?|illustrations?|video|credits?"
    r"|photo credit)\s*(?::|/|by\b))",
    re.I,
)
# "... All rights reserved." ending a line, "© 2025 ...", "Copyright © The Courier 2025",
# "Copyright 2025": never the word "copyright" in a sentence ("Copyright lawyers said").
_FOOTER_LINE = re.compile(
    r"all rights reserved\.?$|^(?:copyright\s*)?(?:©|\(c\))\s*[^.]{0,60}\b\d{4}\b|^copyright\s+\d{4}\b",
    re.I,
)
_BYLINE_START = re.compile(r"^(?:by|words by|written by|reporting by|interview by)\s+[A-Z]", re.I)
_ADDITIONAL_REPORTING = re.compile(
    r"^(?:additional reporting|reporting|editing|edited|compiled) by\b", re.I
)
_DATE_LINE = re.compile(
    r"^(?:(?:published|updated|posted|first published|last updated)\b.{0,60}"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day,? \d{1,2} \w+ \d{4}"
    r"|\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w* \d{4}(?:,? \d{1,2}[:.]\d{2}.*)?"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w* \d{1,2},? \d{4}(?:,? \d{1,2}[:.]\d{2}.*)?)$",
    re.I,
)
_TOPICS_HEADING = re.compile(
    r"^(?:follow the topics in this article|related topics|topics|tags|more on (?:this|these) topics?)"
    r"\s*:?\s*",
    re.I,
)
_SHARE_WORDS = frozenset(
    "share this article on facebook twitter x linkedin whatsapp email e-mail copy link print"
    " save gift reddit pinterest telegram messenger comments comment bluesky threads"
    " the page story via".split()
)
_NAVIGATION_LINE = re.compile(
    r"^(?:skip to (?:main )?content|read more|most read|most popular|related (?:articles|stories)"
    r"|recommended|more from \w+|sign up to (?:our|the) \w+ newsletter.*|sign up.{0,40}newsletter"
    r"|subscribe(?: now| today)?|listen to this article.*|advertisement|sponsored(?: content)?"
    r"|back to top|show comments|hide comments|\d+ comments?|explore more on these topics"
    r"|menu|search|home|sections?|cookie (?:settings|policy|preferences)"
    r"|accept (?:all )?cookies|manage cookies|reuse this content"
    # a breadcrumb trail; atomic groups: the name and space classes overlap, and a long line
    # of plain words would otherwise be tried in exponentially many ways
    r"|(?>[\w&' ]{1,25})(?:\s*+(?:>|›|»|\|)\s*+(?>[\w&' ]{1,25})){2,})$",
    re.I,
)
_LABEL_LINE = re.compile(r"^(?:advertisement|sponsored|opinion|analysis|live|exclusive|breaking)$", re.I)

# --- inline patterns (tried on the raw line) -----------------------------------------------

_HEADING_MARK = re.compile(r"^#{1,6}[ \t]+")
_RULE_LINE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,}|(?:- ){2,}-|(?:\* ){2,}\*)$")
_IMAGE_LINE = re.compile(r"^!\[[^\]\n]*\]\([^)\n]*\)$")
_LINK = re.compile(r"(?<!!)(\[)[^\]\n]+(\]\([^)\s]*(?:\s+\"[^\"\n]*\")?\))")
_STRONG = re.compile(r"(\*\*|__)(?=\S)[^\n]+?(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![*\w])(\*)(?=[^\s*])[^*\n]+?(?<=[^\s*])\*(?![*\w])")
_TRAILING_CREDIT = re.compile(r"\s*©\s*[^©.!?]{2,60}$")
# "LONDON (Reuters) - ", "KYIV, Feb 16 (Reuters) - ", "WASHINGTON, March 4 — ": a city in capitals
# with a news agency or a date; a capitalised word before a dash alone ("US - China") is not one.
_DATELINE = re.compile(
    r"^[A-Z][A-Z'.-]{2,}(?:[ -][A-Z][A-Z'.-]+)*(?:,\s*[A-Z][A-Za-z.]+)*"
    r"(?:(?:,\s*[A-Z][a-z]{2,8}\.? \d{1,2})(?:\s*\([A-Za-z .]+\))?|\s*\([A-Za-z .]+\))"
    r"\s*(?:-|–|—|--)\s+(?=[A-Z\"“'‘])"
)

# Words that may join names in a byline or a list of reporters; any other word is a Name.
_NAME_JOINERS = frozenset(
    "and in & at from with for de van von der la le da di bin al".split()
)
_WHEN_WORDS = frozenset("yesterday today ago hours hour minutes updated just now".split())
_SENTENCE_END = tuple(".!?\"”’")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*|\d[\w:.]*|&")


@dataclass(frozen=True)
class _Line:
    """One non-blank line: where its stripped text starts and ends, and that text."""

    start: int
    end: int
    raw: str
    plain: str  # without Markdown marks, links reduced to their text
    paragraph_alone: bool  # blank lines (or the text's ends) above and below


def find_artifacts(text: str, params: FurnitureParams | None = None) -> tuple[Artifact, ...]:
    """Mark the page furniture in a text, never touching a sentence of the article.

    Args:
        text: A document's text.
        params: The size limits of the rules (the defaults when None).

    Returns:
        Non-overlapping artifacts sorted by start; each span is ``text[start:end]`` of one line
        (or part of one), without surrounding whitespace.
    """
    params = params or FurnitureParams()
    lines = list(_lines(text))
    kinds = _line_kinds(lines, params)
    artifacts: list[Artifact] = []
    for line, kind in zip(lines, kinds):
        if kind is not None:
            artifacts.append(Artifact(Span(line.start, line.end), kind))
        else:
            artifacts.extend(_inline_artifacts(line, params.dateline_min_rest_chars))
    return tuple(sorted(artifacts, key=lambda a: (a.span.start, a.span.end)))


def mask_artifacts(text: str, artifacts: tuple[Artifact, ...]) -> str:
    """The text with every artifact's characters (but not its line breaks) replaced by spaces.

    The result has the same length as ``text``, so spans found in it index ``text`` too.
    """
    if not artifacts:
        return text
    chars = list(text)
    for artifact in artifacts:
        for index in range(artifact.span.start, artifact.span.end):
            if chars[index] not in "\r\n":
                chars[index] = " "
    return "".join(chars)


# --- lines ---------------------------------------------------------------------------------


def _lines(text: str) -> Iterator[_Line]:
    raw_lines = text.splitlines(keepends=True)
    offset = 0
    blank = [not line.strip() for line in raw_lines]
    for index, raw in enumerate(raw_lines):
        stripped = raw.strip()
        if stripped:
            start = offset + (len(raw) - len(raw.lstrip()))
            alone = (index == 0 or blank[index - 1]) and (
                index + 1 == len(raw_lines) or blank[index + 1]
            )
            yield _Line(start, start + len(stripped), stripped, _plain(stripped), alone)
        offset += len(raw)


def _plain(raw: str) -> str:
    """A line's text without heading marks, emphasis marks and link targets."""
    text = _HEADING_MARK.sub("", raw)
    text = _LINK.sub(lambda m: m.group(0)[1 : m.start(2) - m.start(0)], text)
    text = text.replace("**", "").replace("__", "")
    text = re.sub(r"(?<![*\w])\*|\*(?![*\w])", "", text)
    return text.strip()


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


# --- whole lines ---------------------------------------------------------------------------


def _line_kinds(lines: list[_Line], params: FurnitureParams) -> list[str | None]:
    """The artifact kind of each line, or None for an article line (which may hold markup)."""
    kinds: list[str | None] = [_own_kind(line, params) for line in lines]
    _mark_captions(lines, kinds, params.caption_gap_chars)
    _mark_leading_labels(lines, kinds, params.label_max_words)
    _mark_topic_lists(lines, kinds, params.topic_max_words)
    _mark_continued_credits(lines, kinds)
    return kinds


def _own_kind(line: _Line, params: FurnitureParams) -> str | None:
    """The kind a line has by itself, whatever surrounds it."""
    raw, plain = line.raw, line.plain
    if _RULE_LINE.match(raw) or _IMAGE_LINE.match(raw):
        return "markup"
    if not plain:
        return "markup"
    words = _words(plain)
    if _FOOTER_LINE.search(plain) and len(words) <= params.footer_max_words:
        return "footer"
    if _is_credit(plain, words, params.credit_max_words):
        return "credit"
    if _TRAILING_CREDIT.search(plain) and not _TRAILING_CREDIT.match(plain):
        return "caption"  # a caption that carries its credit: "... in 2017 © Evan Vucci/AP"
    if _TOPICS_HEADING.fullmatch(plain) or _starts_topic_list(plain):
        return "topics"
    if _ADDITIONAL_REPORTING.match(plain) and len(_words(plain)) <= params.reporting_max_words:
        return "byline"
    if _is_byline(line, params.byline_max_words):
        return "byline"
    if _is_share_bar(plain):
        return "share"
    if _NAVIGATION_LINE.fullmatch(plain):
        return "label" if _LABEL_LINE.match(plain) else "navigation"
    if _DATE_LINE.match(plain) and not plain.endswith(_SENTENCE_END):
        return "dateline"
    if line.paragraph_alone and _is_stray_word(plain):
        return "stray"
    return None


def _is_credit(plain: str, words: list[str], max_words: int) -> bool:
    """"© Reuters", "Photo: Jane Doe/AP": short, and not a sentence unless it starts with ©."""
    if not _CREDIT_LINE.match(plain) or len(words) > max_words:
        return False
    return plain.startswith("©") or not plain.endswith(_SENTENCE_END)


def _starts_topic_list(plain: str) -> bool:
    """"Topics: EU defence, War in Ukraine" (a heading followed by a list on the same line)."""
    match = _TOPICS_HEADING.match(plain)
    return bool(match and match.group(0).rstrip().endswith(":") and not plain.endswith("."))


def _is_byline(line: _Line, max_words: int) -> bool:
    """"By Jane Doe", or a line of bold names with places ("**A, B** and **C** in Munich")."""
    plain = line.plain
    if plain.endswith(_SENTENCE_END) and not plain.endswith("."):
        return False
    words = _words(plain)
    if _BYLINE_START.match(plain) and len(words) <= max_words and not plain.endswith("."):
        return _only_names(words[1:])
    bold_names = len(_STRONG.findall(line.raw))
    return bold_names >= 2 and not plain.endswith(".") and _only_names(words)


def _only_names(words: list[str]) -> bool:
    """Whether every word is Capitalised, a joiner ("and", "in") or a when-word ("YESTERDAY")."""
    if not words:
        return False
    for word in words:
        lower = word.casefold()
        if lower in _NAME_JOINERS or lower in _WHEN_WORDS or word[0].isdigit():
            continue
        if not word[0].isupper():
            return False
    return True


def _is_share_bar(plain: str) -> bool:
    words = [w.casefold() for w in re.split(r"[\s|•·/,]+", plain) if w]
    return (
        len(words) >= 2
        and words[0] in {"share", "facebook", "twitter", "x", "email", "linkedin", "whatsapp"}
        and all(w.strip(":") in _SHARE_WORDS for w in words)
    )


def _is_stray_word(plain: str) -> bool:
    """One lowercase word standing as a paragraph ("smiling."): a fragment of a layout."""
    words = plain.split()
    return len(words) == 1 and plain[0].islower() and plain.rstrip(".,;:!?").isalpha()


def _mark_captions(lines: list[_Line], kinds: list[str | None], max_gap: int) -> None:
    """The line right above a credit line (no blank line between) is its photo's caption."""
    for index in range(1, len(lines)):
        above = lines[index - 1]
        if kinds[index] == "credit" and kinds[index - 1] is None and _adjacent(above, lines[index], max_gap):
            kinds[index - 1] = "caption"


def _adjacent(above: _Line, below: _Line, max_gap: int) -> bool:
    """Whether two lines are consecutive (a single line break, and at most ``max_gap``
    characters of it and of indentation, between them)."""
    return below.start - above.end <= max_gap and not above.paragraph_alone


def _mark_leading_labels(lines: list[_Line], kinds: list[str | None], max_words: int) -> None:
    """Short lines above the headline: section labels and kickers ("War in Ukraine")."""
    for index, line in enumerate(lines):
        if kinds[index] is not None:
            continue
        words = _words(line.plain)
        if _HEADING_MARK.match(line.raw) or len(words) > max_words or line.plain.endswith(_SENTENCE_END):
            return
        if not all(w[0].isupper() or w.casefold() in _NAME_JOINERS for w in words):
            return
        if line.raw == line.plain and not line.plain.isupper():
            return  # a plain short line may be the headline: only a bold or capitals kicker goes
        kinds[index] = "label"


def _mark_topic_lists(lines: list[_Line], kinds: list[str | None], max_words: int) -> None:
    """The short unpunctuated lines under a topics heading, up to the first that is not one."""
    for index, kind in enumerate(kinds):
        if kind != "topics" or not _TOPICS_HEADING.fullmatch(lines[index].plain):
            continue
        for below in range(index + 1, len(lines)):
            plain = lines[below].plain
            if kinds[below] not in (None, "label") or len(_words(plain)) > max_words:
                break
            if plain.endswith(_SENTENCE_END):
                break
            kinds[below] = "topics"


def _mark_continued_credits(lines: list[_Line], kinds: list[str | None]) -> None:
    """A list of names continuing a byline that stopped mid-list ("..., Lucy" / "Fisher in ...")."""
    for index in range(1, len(lines)):
        previous, line = lines[index - 1], lines[index]
        if kinds[index] is not None or kinds[index - 1] != "byline":
            continue
        if previous.plain.endswith(_SENTENCE_END) or line.plain.endswith(_SENTENCE_END):
            continue
        if _only_names(_words(line.plain)):
            kinds[index] = "byline"


# --- inside an article line ----------------------------------------------------------------


def _inline_artifacts(line: _Line, dateline_min_rest: int) -> Iterator[Artifact]:
    """Markup, link marks, a leading dateline (when more than ``dateline_min_rest`` characters
    of the line follow it) and a trailing credit inside an article line."""
    raw, base = line.raw, line.start
    spans: list[tuple[int, int, str]] = []
    heading = _HEADING_MARK.match(raw)
    if heading:
        spans.append((0, heading.end(), "markup"))
    for match in _LINK.finditer(raw):
        spans.append((match.start(1), match.end(1), "link"))
        spans.append((match.start(2), match.end(2), "link"))
    for pattern in (_STRONG, _EMPHASIS):
        for match in pattern.finditer(raw):
            marks = len(match.group(1))
            spans.append((match.start(), match.start() + marks, "markup"))
            spans.append((match.end() - marks, match.end(), "markup"))
    dateline = _DATELINE.match(raw)
    if dateline and len(raw) > dateline.end() + dateline_min_rest:
        spans.append((0, len(dateline.group(0).rstrip()), "dateline"))
    yield from (
        Artifact(Span(base + start, base + end), kind)
        for start, end, kind in _without_overlaps(spans)
    )


def _without_overlaps(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The spans sorted, keeping the first (then the longest) where two overlap."""
    kept: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start < end and (not kept or start >= kept[-1][1]):
            kept.append((start, end, kind))
    return kept
