"""Omissions, additions, the assess() entry point and the fidelity score."""

from __future__ import annotations

import pytest

from assessing import RESOURCES, sentence_pair
from sourcetrace import Config, compare
from sourcetrace.api import fidelity
from sourcetrace.assess import DETECTORS, assess, detector_names
from sourcetrace.assess.accounting import is_artifact, phrase_changes
from sourcetrace.errors import InvalidOption
from sourcetrace.model import Artifact, Distortion, Link, Passage, Segment, Span


ORIGINAL = (
    "The harbour board met on Monday to discuss the new ferry terminal. "
    "Three engineers presented plans for a second quay. "
    "The board did not approve the budget, which stands at 40 million euros. "
    "Members from Kelsby, Tarn and Ovely asked for more time. "
    "The old lighthouse will be turned into a museum."
)
DERIVED = (
    "The harbour board met tomorrow to discuss the new ferry terminal. "
    "Two engineers presented plans for a second quay. "
    "The board approved the budget, which stands at 40 million euros. "
    "Members from Kelsby and Ovely asked for more time on Sunday. "
    "A spokesman said the ferry company welcomed the decision."
)


def _texts(report, kind):  # type: ignore[no-untyped-def]
    doc = report.original if kind == "omissions" else report.derived
    return [(item.level, doc.span_text(item.span)) for item in getattr(report, kind)]


def test_compare_reports_distortions_omissions_and_additions() -> None:
    report = compare(ORIGINAL, DERIVED)
    found = {(d.type, report.original.span_text(d.original), report.derived.span_text(d.derived))
             for d in report.distortions if d.severity == "critical"}
    assert ("date", "Monday", "tomorrow") in found
    assert ("number", "Three", "Two") in found
    assert any(d[0] == "negation" for d in found)
    assert ("sentence", "The old lighthouse will be turned into a museum.") in _texts(report, "omissions")
    assert ("sentence", "A spokesman said the ferry company welcomed the decision.") in _texts(report, "additions")
    assert ("phrase", "on Sunday") in _texts(report, "additions")
    assert 0.0 < report.scores["fidelity"] < 0.5


def test_a_name_dropped_from_a_list_is_a_phrase_omission() -> None:
    pair = sentence_pair(
        "Leaders including Prime Minister Anna Berg, Chancellor Olaf Weiss and the heads of "
        "the agencies will meet.",
        "Leaders including Prime Minister Anna Berg and the heads of the agencies will meet.",
    )
    omitted, added = phrase_changes(pair)
    assert [pair.original_sentence[o.span.start : o.span.end] for o in omitted] == ["Chancellor Olaf Weiss"]
    assert added == []


def test_reordered_words_are_neither_omitted_nor_added() -> None:
    pair = sentence_pair(
        "Alexander Stubb, Finland's president, told the newspaper.",
        "Alexander Stubb, president of Finland, told the newspaper.",
    )
    assert phrase_changes(pair) == ([], [])


def test_artifact_sentences_are_marked_not_counted() -> None:
    assert is_artifact(Span(0, 10), [Artifact(Span(0, 8), "caption")], 0.5)
    assert not is_artifact(Span(0, 10), [Artifact(Span(0, 2), "caption")], 0.5)


def test_detectors_can_be_chosen_and_unknown_ones_are_refused() -> None:
    assert detector_names(None) == tuple(DETECTORS)
    assert detector_names(["quote", "number"]) == ("number", "quote")
    with pytest.raises(InvalidOption, match="unknown detector 'colour'"):
        detector_names(["colour"])
    report = compare(ORIGINAL, DERIVED, detectors=["number"])
    assert {d.type for d in report.distortions} == {"number"}
    assert compare(ORIGINAL, DERIVED, detectors=[]).distortions == ()


def test_assess_of_no_passage_lists_every_sentence() -> None:
    segments = (Segment(0, 0, 5), Segment(1, 6, 11))
    from sourcetrace.model import Document

    result = assess(Document("o", "Aaaa. Bbbb."), Document("d", "Cccc."), segments,
                    (Segment(0, 0, 5),), (), Config(), RESOURCES)
    assert [o.span for o in result.omissions] == [Span(0, 5), Span(6, 11)]
    assert [a.span for a in result.additions] == [Span(0, 5)]


def test_fidelity_weighs_links_by_original_characters() -> None:
    segments = (Segment(0, 0, 30), Segment(1, 31, 41))
    passage = Passage(Span(0, 41), Span(0, 41), "paraphrase", 0.9,
                      (Link((0,), (0,), 0.9), Link((1,), (1,), 0.9)))
    critical = Distortion("number", "critical", Span(2, 5), Span(2, 5), "number changed")
    minor = Distortion("hedge", "minor", Span(33, 35), Span(33, 35), "certainty changed")
    assert fidelity(segments, [passage], []) == 1.0
    assert fidelity(segments, [passage], [critical]) == pytest.approx(10 / 40)
    assert fidelity(segments, [passage], [minor]) == pytest.approx((30 + 0.75 * 10) / 40)
    assert fidelity(segments, [], []) == 0.0
