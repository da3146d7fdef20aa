"""Lexical stems and stop words in the document's language (issue 17, item 5)."""

from __future__ import annotations

from dataclasses import replace

from aligning import align_texts
from sourcetrace import Config, Document, Resources, align_pair, prepare
from sourcetrace.align.lexical import content_word_offsets, content_words, lexical_language
from sourcetrace.model import Span
from sourcetrace.prepare import PreparedDocument
from sourcetrace.stopwords import ENGLISH_FUNCTION_WORDS, ENGLISH_REUSE_STOPWORDS, reuse_stopwords

# A German passage and a copy that changes number and case throughout (Expeditionen ->
# Expedition, Lasten -> Last, Stürme -> Sturms): the same words to a German stemmer.
ORIGINAL = (
    "Die Expeditionen der Schweizer Bergsteiger erreichten im Mai die höchsten Gipfel des Himalaya. "
    "Die Träger brachten die schweren Lasten über die vereisten Gletscher zu den oberen Lagern. "
    "Wegen der heftigen Stürme mussten die Mannschaften mehrere Tage in den Zelten warten. "
    "Erst nach dem Wetterumschwung konnten die Seilschaften den steilen Grat begehen. "
    "Im Tal feierte das Dorf unterdessen sein jährliches Erntefest mit Musik und Tanz. "
)
DERIVED = (
    "Ein Bericht aus der Zeitung von gestern über den Markt und die Preise. "
    "Die Expedition des Schweizer Bergsteigers erreichte im Mai den höchsten Gipfel im Himalaya. "
    "Der Träger brachte die schwere Last über den vereisten Gletscher zum oberen Lager. "
    "Wegen des heftigen Sturms musste die Mannschaft mehrere Tage im Zelt warten. "
    "Erst nach einem Wetterumschwung konnte die Seilschaft den steilen Grat begehen. "
)


def test_a_language_with_a_snowball_stemmer_is_stemmed_in_it_others_in_english() -> None:
    assert lexical_language("de") == "de" and lexical_language("fr") == "fr"
    assert lexical_language("sq") == "en"  # no Albanian stemmer in PyStemmer
    assert lexical_language(None) == "en"


def test_german_content_words_are_german_stems_without_german_stop_words() -> None:
    singular = "Der Träger brachte die schwere Last über den vereisten Gletscher zum oberen Lager."
    plural = "Die Träger brachten die schweren Lasten über die vereisten Gletscher zu den oberen Lagern."
    assert content_words(singular, "de") == content_words(plural, "de") == [
        "trag", "bracht", "schwer", "last", "vereist", "gletsch", "ober", "lag",
    ]
    # under English rules the German function words stay and the inflections differ
    assert "die" in content_words(plural, "en") and content_words(singular, "en") != content_words(plural, "en")


def test_english_keeps_its_own_stop_words_and_stems() -> None:
    assert reuse_stopwords("en") is ENGLISH_REUSE_STOPWORDS
    assert content_words("The runners said they were running to the harbour", "en") == ["runner", "run", "harbour"]
    # the detectors' function words are another list: "said" is content to them
    assert "said" in ENGLISH_REUSE_STOPWORDS and "said" not in ENGLISH_FUNCTION_WORDS
    assert reuse_stopwords("sq") == frozenset()


def test_content_word_offsets_index_the_text_and_agree_with_content_words() -> None:
    text = "Vorwort. Die Träger brachten die schweren Lasten."
    words = content_word_offsets(text, Span(9, len(text)), "de")
    assert list(words.stems) == content_words(text[9:], "de")
    assert [text[a:b] for a, b in zip(words.starts, words.ends)] == ["Träger", "brachten", "schweren", "Lasten"]


def test_a_prepared_document_says_how_it_was_stemmed() -> None:
    german = prepare(Document(name="de", text=ORIGINAL, language="de"))
    unknown = prepare(Document(name="sq", text=ORIGINAL, language="sq"))
    assert german.preparation["stemming"] == "de" and unknown.preparation["stemming"] == "en"
    assert german.stems[1] == tuple(content_words(german.sentences[1], "de"))
    assert PreparedDocument.from_dict(german.to_dict()).preparation == german.preparation
    german.check_config(Config())  # the stemming is the document's, not a config setting


def test_an_inflected_german_copy_is_a_close_match_under_german_stems() -> None:
    (german,) = align_texts(ORIGINAL, DERIVED, languages=("de", "de"))
    (as_english,) = align_texts(ORIGINAL, DERIVED, languages=("sq", "sq"))
    assert german.similarity > 0.9 and as_english.similarity < 0.7
    assert [link.tgt for link in german.links] == [(1,), (2,), (3,), (4,)]


def test_a_document_of_unknown_language_is_stemmed_like_its_partner() -> None:
    config = Config()
    original = prepare(Document(name="original", text=ORIGINAL, language="de"), config)
    german = prepare(Document(name="derived", text=DERIVED, language="de"), config)
    # the same text prepared as one whose language was not found: English stems
    text = german.comparable_text
    unknown = replace(
        german,
        document=replace(german.document, language=None),
        stems=tuple(tuple(content_words(text[u.start : u.end], "en")) for u in german.units.segments),
        preparation={**german.preparation, "stemming": "en"},
    )
    assert unknown.stems != german.stems
    with Resources() as resources:
        assert align_pair(original, unknown, config, resources) == align_pair(original, german, config, resources)
