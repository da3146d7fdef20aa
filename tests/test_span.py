"""Span helpers: containment, overlap, gap and cover, as the report, scores and detectors use them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sourcetrace.model import Segment, Span, segments_cover


def test_a_span_contains_the_spans_inside_it_edges_included() -> None:
    outer = Span(10, 20)
    assert outer.contains(Span(10, 20)) and outer.contains(Span(12, 15))
    assert outer.contains(Span(20, 20))  # empty, at the edge
    assert not outer.contains(Span(9, 15)) and not outer.contains(Span(15, 21))


def test_spans_overlap_when_each_starts_before_the_other_ends() -> None:
    assert Span(0, 5).overlaps(Span(4, 9)) and Span(4, 9).overlaps(Span(0, 5))
    assert not Span(0, 5).overlaps(Span(5, 9))  # touching
    # an empty span strictly inside another overlaps it (a dropped word inside a finding)
    assert Span(3, 3).overlaps(Span(0, 9)) and not Span(0, 0).overlaps(Span(0, 9))


def test_the_gap_between_spans_is_zero_when_they_touch_or_overlap() -> None:
    assert Span(0, 5).gap(Span(9, 12)) == 4 == Span(9, 12).gap(Span(0, 5))
    assert Span(0, 5).gap(Span(5, 7)) == 0 and Span(0, 5).gap(Span(2, 3)) == 0


def test_a_cover_runs_from_the_first_start_to_the_last_end() -> None:
    assert Span.cover([Span(30, 40), Span(5, 8), Span(12, 20)]) == Span(5, 40)
    with pytest.raises(ValueError):
        Span.cover([])


def test_a_link_side_covers_its_segments_and_what_lies_between() -> None:
    segments = (Segment(0, 0, 10), Segment(1, 12, 30), Segment(2, 31, 50))
    assert segments_cover(segments, (0, 2)) == Span(0, 50)
    assert segments_cover(segments, (1,)) == Span(12, 30)


spans = st.tuples(st.integers(0, 50), st.integers(0, 50)).map(lambda p: Span(min(p), max(p)))


@given(spans, spans)
def test_span_helpers_agree_with_the_characters_they_stand_for(a: Span, b: Span) -> None:
    chars_a, chars_b = set(range(a.start, a.end)), set(range(b.start, b.end))
    if len(a) and len(b):
        assert a.overlaps(b) == bool(chars_a & chars_b)
        assert a.contains(b) == (chars_b <= chars_a)
    cover = Span.cover([a, b])
    assert cover.contains(a) and cover.contains(b)
    assert a.gap(b) == b.gap(a) >= 0
