"""Tests for sourcetrace.segment: sentence and line segmentation and character-span lookup."""

from __future__ import annotations

import bisect

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sourcetrace.model import Segment
from sourcetrace.config import SegmentationParams
from sourcetrace.segment import SEGMENTERS, char_span, segment


def texts(text: str, mode: str = "sentences") -> list[str]:
    """The segment texts of ``text``, after checking the offset invariants."""
    segments = segment(text, mode)  # type: ignore[arg-type]
    assert_invariants(text, segments)
    return [text[s.start : s.end] for s in segments]


def paragraphs(text: str, mode: str = "sentences") -> list[int]:
    return [s.paragraph for s in segment(text, mode)]  # type: ignore[arg-type]


def assert_invariants(text: str, segments: tuple[Segment, ...]) -> None:
    previous_end = 0
    previous_paragraph = 0
    for i, seg in enumerate(segments):
        piece = text[seg.start : seg.end]
        assert seg.index == i
        assert piece and piece == piece.strip()
        assert previous_end <= seg.start < seg.end <= len(text)
        assert previous_paragraph <= seg.paragraph
        # A blank line is a paragraph boundary, unless it breaks a sentence between two
        # lower-case words (a scraped page's stray break).
        lines = piece.splitlines()
        for k, line in enumerate(lines):
            if not line.strip():
                before = next(x for x in reversed(lines[:k]) if x.strip()).rstrip()
                after = next(x for x in lines[k + 1 :] if x.strip()).lstrip()
                assert before[-1].isalpha() and before[-1].islower() and after[0].islower()
        previous_end, previous_paragraph = seg.end, seg.paragraph


# --------------------------------------------------------------------------------------------
# API
# --------------------------------------------------------------------------------------------


def test_registry_and_default_mode() -> None:
    text = "Prices rose. Wages did not."
    assert set(SEGMENTERS) == {"sentences", "lines"}
    params = SegmentationParams()
    assert segment(text) == SEGMENTERS["sentences"](text, params) == segment(text, "sentences")
    assert segment(text, "lines") == SEGMENTERS["lines"](text, params)


def test_unknown_mode_is_rejected() -> None:
    with pytest.raises(ValueError):
        segment("Text.", "words")  # type: ignore[arg-type]


@pytest.mark.parametrize("mode", ["sentences", "lines"])
@pytest.mark.parametrize("text", ["", " ", "\n\n", " \t\r\n \u3000\n", "\u2028\u00a0"])
def test_blank_text_has_no_segments(text: str, mode: str) -> None:
    assert segment(text, mode) == ()  # type: ignore[arg-type]


def test_segments_carry_offsets_and_paragraphs() -> None:
    text = "  The vote was close.  It passed.\n\n\nCritics objected. "
    assert segment(text) == (
        Segment(index=0, start=2, end=21, paragraph=0),
        Segment(index=1, start=23, end=33, paragraph=0),
        Segment(index=2, start=36, end=53, paragraph=1),
    )


# --------------------------------------------------------------------------------------------
# Sentences: abbreviations
# --------------------------------------------------------------------------------------------


def test_titles_and_abbreviations_do_not_end_sentences() -> None:
    text = (
        "The talks, chaired by Dr. Amina Mohammed and Gen. Mark Milley, ended at 4 p.m. on Friday. "
        "Mrs. Thatcher's former aide, Sir Bernard Ingham, attended with Mr. Jones. "
        "Sen. Elizabeth Warren wrote to Apple Inc. on Jan. 12 and again on Feb. 3 and Sept. 30. "
        "The rally at St. Paul's Cathedral was peaceful."
    )
    assert texts(text) == [
        "The talks, chaired by Dr. Amina Mohammed and Gen. Mark Milley, ended at 4 p.m. on Friday.",
        "Mrs. Thatcher's former aide, Sir Bernard Ingham, attended with Mr. Jones.",
        "Sen. Elizabeth Warren wrote to Apple Inc. on Jan. 12 and again on Feb. 3 and Sept. 30.",
        "The rally at St. Paul's Cathedral was peaceful.",
    ]


def test_number_latin_and_country_abbreviations_do_not_end_sentences() -> None:
    text = (
        "The memo was sent to No. 10 on Monday, e.g. by courier, i.e. by hand, and reached the "
        "U.K. Treasury and U.S. officials by 9 a.m. on Tuesday. "
        "J. R. R. Tolkien would have approved."
    )
    assert texts(text) == [
        "The memo was sent to No. 10 on Monday, e.g. by courier, i.e. by hand, and reached the "
        "U.K. Treasury and U.S. officials by 9 a.m. on Tuesday.",
        "J. R. R. Tolkien would have approved.",
    ]


def test_abbreviation_ends_sentence_before_a_sentence_starter() -> None:
    text = (
        "Talks resumed in the U.S. The next day, officials met in the U.K. It was the first such "
        "meeting since 2019. The deal was signed by Apple Inc. They declined to comment. "
        "Voting closed at 8 p.m. But the count went on."
    )
    assert texts(text) == [
        "Talks resumed in the U.S.",
        "The next day, officials met in the U.K.",
        "It was the first such meeting since 2019.",
        "The deal was signed by Apple Inc.",
        "They declined to comment.",
        "Voting closed at 8 p.m.",
        "But the count went on.",
    ]


# --------------------------------------------------------------------------------------------
# Sentences: quotations
# --------------------------------------------------------------------------------------------


def test_multi_sentence_quotation_splits_and_keeps_closing_quote() -> None:
    text = '"We will go. We will win," he said. The crowd cheered.'
    assert texts(text) == ['"We will go.', 'We will win," he said.', "The crowd cheered."]


def test_curly_quotes_multi_sentence() -> None:
    text = "“We will go. We will win,” he said. ‘It is over. We lost,’ she replied."
    assert texts(text) == [
        "“We will go.",
        "We will win,” he said.",
        "‘It is over.",
        "We lost,’ she replied.",
    ]


def test_sentence_final_quote_stays_with_its_sentence() -> None:
    text = (
        'Asked why, the minister said: "Because we must." The crowd cheered. '
        "She replied: 'Not today.' Then she left. "
        "He called it “a disgrace.” Others agreed. "
        "“Why now?” a reporter asked. ‘Because.’ She smiled."
    )
    assert texts(text) == [
        'Asked why, the minister said: "Because we must."',
        "The crowd cheered.",
        "She replied: 'Not today.'",
        "Then she left.",
        "He called it “a disgrace.”",
        "Others agreed.",
        "“Why now?” a reporter asked.",
        "‘Because.’",
        "She smiled.",
    ]


# --------------------------------------------------------------------------------------------
# Sentences: ellipses
# --------------------------------------------------------------------------------------------


def test_ellipsis_before_lowercase_does_not_split() -> None:
    text = (
        'The minister said the report was . . . "deeply flawed" and the findings... unreliable. '
        "Critics were unmoved… and said so."
    )
    assert texts(text) == [
        'The minister said the report was . . . "deeply flawed" and the findings... unreliable.',
        "Critics were unmoved… and said so.",
    ]


def test_ellipsis_before_new_sentence_splits() -> None:
    text = (
        "The vote failed… The opposition celebrated. He paused... Then he spoke. "
        "Wait . . . It is done."
    )
    assert texts(text) == [
        "The vote failed…",
        "The opposition celebrated.",
        "He paused...",
        "Then he spoke.",
        "Wait . . .",
        "It is done.",
    ]


# --------------------------------------------------------------------------------------------
# Sentences: line structure
# --------------------------------------------------------------------------------------------


def test_hard_line_break_inside_sentence_does_not_split() -> None:
    text = (
        "The government said\nit would not raise taxes, but critics\nwere unconvinced. The "
        "Treasury\ndeclined to comment.\nLONDON (Reuters) -\nShares fell."
    )
    assert texts(text) == [
        "The government said\nit would not raise taxes, but critics\nwere unconvinced.",
        "The Treasury\ndeclined to comment.",
        "LONDON (Reuters) -\nShares fell.",
    ]


def test_blank_line_splits_paragraphs() -> None:
    text = "The minister said so\n\nThe plan would go ahead.\n \nwithout delay"
    assert texts(text) == ["The minister said so", "The plan would go ahead.", "without delay"]
    assert paragraphs(text) == [0, 1, 2]


def test_blank_line_inside_a_sentence_of_a_scraped_page_does_not_split() -> None:
    text = (
        "European officials say the US has not excluded the\n\n"
        "possibility of support for any deployment by allies.\n\n"
        "Many governments are uneasy."
    )
    assert texts(text) == [
        "European officials say the US has not excluded the\n\n"
        "possibility of support for any deployment by allies.",
        "Many governments are uneasy.",
    ]
    assert paragraphs(text) == [0, 1]


def test_headings_are_their_own_segment() -> None:
    text = (
        "# Europe scrambles to respond\n"
        "The European Union said on Monday it would retaliate.\n\n"
        "Markets react\n\n"
        "Stocks fell.\n\n"
        "Trade War Escalates\n"
        "Brussels announced tariffs on steel.\n"
        "Leaders meet in Brussels\n"
        "Leaders will meet on Friday.\n\n"
        "## Analysis ##\n"
        "What next?"
    )
    assert texts(text) == [
        "Europe scrambles to respond",
        "The European Union said on Monday it would retaliate.",
        "Markets react",
        "Stocks fell.",
        "Trade War Escalates",
        "Brussels announced tariffs on steel.",
        "Leaders meet in Brussels",
        "Leaders will meet on Friday.",
        "Analysis",
        "What next?",
    ]
    assert paragraphs(text) == [0, 0, 1, 2, 3, 3, 3, 3, 4, 4]


def test_heading_keeps_its_internal_dots() -> None:
    assert texts("# U.S. and U.K. agree. Talks go on\nThe deal was signed.") == [
        "U.S. and U.K. agree. Talks go on",
        "The deal was signed.",
    ]


def test_list_items_are_segments_without_markers() -> None:
    text = (
        "Key points:\n\n"
        "- Tariffs rise to 25%\n"
        "- Talks collapse. Markets fall\n"
        "* Brussels responds\n"
        "+ Beijing waits\n"
        "1. Exports drop\n"
        "2) Imports rise\n"
        "- A long item that wraps\n"
        "  onto a second line"
    )
    assert texts(text) == [
        "Key points:",
        "Tariffs rise to 25%",
        "Talks collapse.",
        "Markets fall",
        "Brussels responds",
        "Beijing waits",
        "Exports drop",
        "Imports rise",
        "A long item that wraps\n  onto a second line",
    ]


def test_blockquote_marker_is_not_part_of_segment() -> None:
    text = (
        "The statement read:\n\n"
        "> The EU will respond. We are ready.\n"
        "> So is Paris.\n\n"
        "She agreed."
    )
    assert texts(text) == [
        "The statement read:",
        "The EU will respond.",
        "We are ready.",
        "So is Paris.",
        "She agreed.",
    ]


def test_rules_and_table_borders_yield_no_segment() -> None:
    text = (
        "Top story\n\n---\n\n***\n\n"
        "| Country | Tariff |\n|---|---|\n| France | 25% |\n\n"
        "![Chart of tariffs](https://example.com/chart.png)\n\n___\n- - -\n"
    )
    assert texts(text) == [
        "Top story",
        "| Country | Tariff |",
        "| France | 25% |",
        "![Chart of tariffs](https://example.com/chart.png)",
    ]


def test_rule_line_ends_a_sentence_unit() -> None:
    text = "The minister said\n---\nthe plan would go ahead"
    assert texts(text) == ["The minister said", "the plan would go ahead"]


# --------------------------------------------------------------------------------------------
# Sentences: numbers, URLs, emails
# --------------------------------------------------------------------------------------------


def test_numbers_times_urls_and_emails_do_not_split() -> None:
    text = (
        "Shares fell 3.5% to $1,200.50 on Friday, wiping 2.7bn off its value. "
        "The meeting starts at 10.30am. Tickets cost €1.200,50 at 7.45 p.m. on Friday. "
        "Details are at https://www.example.com/news/2024/03/story.html?id=4.2 and "
        "press.office@example.co.uk for now. Visit www.bbc.co.uk. The site is free."
    )
    assert texts(text) == [
        "Shares fell 3.5% to $1,200.50 on Friday, wiping 2.7bn off its value.",
        "The meeting starts at 10.30am.",
        "Tickets cost €1.200,50 at 7.45 p.m. on Friday.",
        "Details are at https://www.example.com/news/2024/03/story.html?id=4.2 and "
        "press.office@example.co.uk for now.",
        "Visit www.bbc.co.uk.",
        "The site is free.",
    ]


def test_missing_space_after_full_stop_splits() -> None:
    text = "Prices rose.The central bank acted."
    assert texts(text) == ["Prices rose.", "The central bank acted."]


# --------------------------------------------------------------------------------------------
# Line endings and lines mode
# --------------------------------------------------------------------------------------------


NEWS = (
    "# Europe scrambles to respond\n"
    "The European Union said\non Monday it would retaliate. \"We will go. We will win,\" he said.\n"
    "\n"
    "- Tariffs rise to 25%\n"
    "- Talks collapse\n"
    "  \n"
    "> Mr. Smith arrived in the U.S. The next day he left.\n"
)


@pytest.mark.parametrize("mode", ["sentences", "lines"])
def test_crlf_works_like_lf(mode: str) -> None:
    lf = texts(NEWS, mode)
    crlf = texts(NEWS.replace("\n", "\r\n"), mode)
    assert [t.replace("\r\n", "\n") for t in crlf] == lf
    assert paragraphs(NEWS.replace("\n", "\r\n"), mode) == paragraphs(NEWS, mode)


def test_crlf_sentences_exact() -> None:
    text = "The European Union said\r\non Monday it would act.\r\n\r\nMarkets fell. Bonds rose.\r\n"
    assert texts(text) == [
        "The European Union said\r\non Monday it would act.",
        "Markets fell.",
        "Bonds rose.",
    ]
    assert paragraphs(text) == [0, 1, 1]


def test_lines_mode() -> None:
    text = "  Europe scrambles  \r\nThe EU said so. It acted.\n\n\t\n- Tariffs rise\n---\n \nLast"
    assert texts(text, "lines") == [
        "Europe scrambles",
        "The EU said so. It acted.",
        "- Tariffs rise",
        "---",
        "Last",
    ]
    assert paragraphs(text, "lines") == [0, 0, 1, 1, 2]


# --------------------------------------------------------------------------------------------
# Performance
# --------------------------------------------------------------------------------------------


_PROSE = [
    "The government said on Tuesday that it would raise taxes by 3.5% next year.",
    '"We will go. We will win," he said.',
    "Mr. Smith, 45, arrived at 10.30am with Dr. Jones.",
    "Shares in Apple Inc. rose to $1,200.50 in New York, the highest since Jan. 5.",
    "Officials in the U.S. declined to comment.",
    "Critics say the plan is too little... and too late.",
]


def test_one_megabyte_of_prose_is_segmented_sentence_by_sentence() -> None:
    # Its speed is measured by bench/segment_speed.py, against a same-run baseline.
    paragraph = " ".join(_PROSE)
    copies = 1_000_000 // len(paragraph) + 1
    text = "\n\n".join([paragraph] * copies)
    segments = segment(text)
    assert len(segments) == 7 * copies
    # Every copy of the paragraph gives the same seven sentences (the quotation holds two),
    # in its own paragraph.
    expected = [_PROSE[0], '"We will go.', 'We will win," he said.', *_PROSE[2:]]
    assert [text[s.start : s.end] for s in segments] == expected * copies
    assert [s.paragraph for s in segments] == [k for k in range(copies) for _ in range(7)]


@pytest.mark.parametrize(
    "text", [". " * 20_000, "." * 200_000, ("ab" + "." * 1000) * 200, "x" + " " * 200_000 + "y."]
)
def test_pathological_input_is_one_segment(text: str) -> None:
    # Nothing in these ends a sentence before their end: each is one segment, ending where the
    # text does (less trailing space). bench/segment_speed.py shows the time grows linearly.
    assert segment(text) == (Segment(0, 0, len(text.rstrip()), 0),)


# --------------------------------------------------------------------------------------------
# Invariants on random text
# --------------------------------------------------------------------------------------------


_PIECES = st.sampled_from(
    [
        *"The government said Mr. Dr. U.S. U.K. p.m. e.g. Inc. No. 10 3.5% $1,200.50 J. R.".split(),
        *"http://a.b/c.d a@b.co . ? ! ... … , \" ' “ ” ‘ ’ ( ) [ ] * - # | ---".split(),
        *"x It was ok é 日本 Ünïcödé".split(),
        ". . .", "> ", "- ", "* ", "1. ", " ", "  ", "\t", "\n", "\n\n", "\r\n", "\r",
        "\u2028", "\u00a0", "\u3000",
    ]
)
_TEXTS = st.lists(_PIECES | st.text(max_size=3), max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_sentence_invariants(text: str) -> None:
    segments = segment(text)
    assert_invariants(text, segments)
    lines = segment(text, "lines")
    for seg in segments:
        # A sentence lies in the paragraph of the line it starts on.
        line = char_span(lines, seg.start, seg.start + 1, "expand")
        assert line is not None and lines[line[0]].paragraph == seg.paragraph
    # No letter is lost: markup and rules hold none, so every letter lies in some segment.
    starts = [s.start for s in segments]
    for pos, char in enumerate(text):
        if char.isalpha():
            i = bisect.bisect_right(starts, pos) - 1
            assert i >= 0 and segments[i].start <= pos < segments[i].end


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_line_invariants(text: str) -> None:
    segments = segment(text, "lines")
    assert_invariants(text, segments)
    expected = [line.strip() for line in text.splitlines() if line.strip()]
    assert [text[s.start : s.end] for s in segments] == expected


@settings(max_examples=200, deadline=None)
@given(_TEXTS.filter(lambda t: "\r" not in t))
def test_crlf_invariance(text: str) -> None:
    for mode in ("sentences", "lines"):
        lf = segment(text, mode)  # type: ignore[arg-type]
        crlf_text = text.replace("\n", "\r\n")
        crlf = segment(crlf_text, mode)  # type: ignore[arg-type]
        crlf_texts = [crlf_text[s.start : s.end].replace("\r\n", "\n") for s in crlf]
        assert crlf_texts == [text[s.start : s.end] for s in lf]
        assert [s.paragraph for s in crlf] == [s.paragraph for s in lf]


@settings(max_examples=100, deadline=None)
@given(_TEXTS)
def test_segmentation_is_deterministic(text: str) -> None:
    assert segment(text) == segment(text)


# --------------------------------------------------------------------------------------------
# char_span
# --------------------------------------------------------------------------------------------

SPAN_TEXT = "Prices rose. Wages fell. Rents soared."
#            0          12 13      23 24         37


@pytest.fixture(name="segs")
def fixture_segs() -> tuple[Segment, ...]:
    segments = segment(SPAN_TEXT)
    assert [(s.start, s.end) for s in segments] == [(0, 12), (13, 24), (25, 38)]
    return segments


def test_char_span_strict(segs: tuple[Segment, ...]) -> None:
    assert char_span(segs, 0, 12, "strict") == (0, 1)
    assert char_span(segs, 0, 38, "strict") == (0, 3)
    assert char_span(segs, 13, 24, "strict") == (1, 2)
    assert char_span(segs, 13, 13, "strict") is None
    for start, end in [(1, 12), (0, 13), (12, 24), (13, 37), (25, 24), (40, 41)]:
        with pytest.raises(ValueError):
            char_span(segs, start, end, "strict")


def test_char_span_contract(segs: tuple[Segment, ...]) -> None:
    assert char_span(segs, 0, 38, "contract") == (0, 3)
    assert char_span(segs, 12, 24, "contract") == (1, 2)
    assert char_span(segs, 1, 37, "contract") == (1, 2)
    assert char_span(segs, 1, 24, "contract") == (1, 2)
    assert char_span(segs, 1, 23, "contract") is None
    assert char_span(segs, 5, 5, "contract") is None


def test_char_span_expand(segs: tuple[Segment, ...]) -> None:
    assert char_span(segs, 1, 2, "expand") == (0, 1)
    assert char_span(segs, 11, 14, "expand") == (0, 2)
    assert char_span(segs, 12, 13, "expand") is None  # only the space between two sentences
    assert char_span(segs, 0, 100, "expand") == (0, 3)
    assert char_span(segs, 37, 38, "expand") == (2, 3)
    assert char_span(segs, 38, 50, "expand") is None
    assert char_span(segs, 5, 5, "expand") is None


def test_char_span_rejects_bad_input(segs: tuple[Segment, ...]) -> None:
    with pytest.raises(ValueError):
        char_span(segs, 5, 4, "expand")
    with pytest.raises(ValueError):
        char_span(segs, -1, 4, "contract")
    with pytest.raises(ValueError):
        char_span(segs, 0, 12, "nearest")  # type: ignore[arg-type]
    assert char_span((), 0, 10, "expand") is None
    assert char_span((), 0, 10, "contract") is None


@settings(max_examples=200, deadline=None)
@given(_TEXTS, st.integers(0, 200), st.integers(0, 200))
def test_char_span_matches_brute_force(text: str, a: int, b: int) -> None:
    segments = segment(text)
    start, end = min(a, b), max(a, b)
    # An empty range covers no segment, even one it points into.
    empty = start == end
    inside = [i for i, s in enumerate(segments) if start <= s.start and s.end <= end and not empty]
    overlapping = [i for i, s in enumerate(segments) if s.start < end and start < s.end]
    overlapping = [] if empty else overlapping
    assert char_span(segments, start, end, "contract") == (
        (inside[0], inside[-1] + 1) if inside else None
    )
    assert char_span(segments, start, end, "expand") == (
        (overlapping[0], overlapping[-1] + 1) if overlapping else None
    )
    for i, first in enumerate(segments):
        for j in range(i, len(segments)):
            assert char_span(segments, first.start, segments[j].end, "strict") == (i, j + 1)
