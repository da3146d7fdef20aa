"""Resources own the models: each loads on first use, once per Resources, never at creation."""

from __future__ import annotations

from pathlib import Path

import pytest

import sourcetrace.assess.nlp as nlp
import sourcetrace.language as language
from sourcetrace import Resources, compare, prepare
from sourcetrace.assess.nlp import EnglishParser

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the models loaded during the test, in order."""
    loaded: list[str] = []
    english, model = nlp.load_english, language.load_language_model

    def load_english():  # type: ignore[no-untyped-def]
        loaded.append("english")
        return english()

    def load_language_model():  # type: ignore[no-untyped-def]
        loaded.append("language")
        return model()

    monkeypatch.setattr(nlp, "load_english", load_english)
    monkeypatch.setattr(language, "load_language_model", load_language_model)
    return loaded


def test_each_resources_loads_each_model_once_when_first_needed(loads: list[str]) -> None:
    original = (EXAMPLES / "harbour-original.txt").read_text(encoding="utf-8")
    derived = (EXAMPLES / "harbour-derived.txt").read_text(encoding="utf-8")
    resources = Resources()
    assert loads == []
    first = compare(original, derived, resources=resources)
    assert first.distortions and loads == ["language", "english"]
    assert compare(original, derived, resources=resources) == first
    assert loads == ["language", "english"]
    other = Resources()
    assert compare(original, derived, resources=other) == first
    assert loads == ["language", "english", "language", "english"]


def test_a_document_with_a_language_and_no_detector_loads_nothing(loads: list[str]) -> None:
    from sourcetrace import Document

    resources = Resources()
    text = (EXAMPLES / "harbour-original.txt").read_text(encoding="utf-8")
    report = compare(Document("a", text, language="en"), Document("b", text, language="en"),
                     resources=resources, detectors=[])
    assert report.passages and loads == []
    assert prepare(text, resources=resources).language == "en" and loads == ["language"]


def test_the_parser_keeps_the_most_recent_parses() -> None:
    parser = EnglishParser(max_parses=2)
    first = parser.parse("The mayor opened the bridge.")
    assert parser.parse("The mayor opened the bridge.") is first
    parser.parse_many(["The ferry left at noon.", "The storm closed the port."])
    # Two parses are kept: the first sentence was the least recently used.
    assert parser.parse("The mayor opened the bridge.") is not first
    assert [t.lemma_ for t in first][:3] == ["the", "mayor", "open"]
