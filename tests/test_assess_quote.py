"""The quote detector: any change of a quotation's words, or another speaker."""

from __future__ import annotations

from assessing import sentence_pair
from sourcetrace.assess.quotes import detect_quotes, quotations


def _found(original: str, derived: str) -> list[tuple[str, str, str]]:
    pair = sentence_pair(original, derived)
    return [(d.severity, original[d.original.start : d.original.end],
             derived[d.derived.start : d.derived.end]) for d in detect_quotes(pair)]


def test_a_changed_word_inside_a_quotation_is_critical() -> None:
    found = _found('"Things are definitely moving," the mayor told reporters.',
                   "“Things are eventually moving,” the mayor told reporters.")
    assert found == [("critical", "definitely", "eventually")]


def test_a_quotation_opened_in_an_earlier_sentence_is_read_to_its_closing_mark() -> None:
    assert [q.text for q in quotations('We are ready," she said.')] == ["We are ready,"]
    assert _found('We are ready," she said.', 'We are almost ready," she said.')[0][0] == "critical"


def test_the_same_words_with_other_marks_spelling_or_case_are_not_flagged() -> None:
    assert _found('"Our defence is strong," he said.', "“Our defense is strong,” he said.") == []
    assert _found('She called it "a once-in-a-generation chance".',
                  "She called it “a once in a generation chance”.") == []


def test_a_change_of_function_words_only_is_minor() -> None:
    assert _found('"It is the end of the road," he said.', '"It is an end of the road," he said.')[0][0] == "minor"


def test_a_quotation_given_to_another_named_speaker_is_critical() -> None:
    found = _found('"We will win," Johnson said after meeting Smith.',
                   '"We will win," Smith said after meeting Johnson.')
    assert found == [("critical", "Johnson", "Smith")]


def test_unquoted_text_is_not_a_quotation() -> None:
    assert _found("The mayor said the works were over.", "The mayor said the work was finished.") == []


def test_quoting_a_shorter_excerpt_of_the_same_words_is_not_flagged() -> None:
    assert _found('"We will rebuild the harbour wall by spring," the mayor said.',
                  'The mayor said they "will rebuild the harbour wall".') == []


def test_contractions_inflection_and_joined_words_are_not_critical() -> None:
    assert _found('"We don\'t know who runs the harbour teams," she said.',
                  '"We do not know who runs the harbour team," she said.') in ([], [("minor", "teams", "team")])
    assert _found('"The new cyber assets are safe," he said.', '"The new cyberassets are safe," he said.') == []


def test_a_statement_quoted_in_other_words_in_many_places_is_minor() -> None:
    found = _found('"The ferry service will resume once the new pier is finished," the mayor said.',
                   '"Ferry crossings can restart as soon as the pier has been completed," the mayor said.')
    assert [severity for severity, _, _ in found] == ["minor"]


def test_a_cut_marked_by_an_ellipsis_or_a_bracketed_insertion_is_no_misquote() -> None:
    assert _found('"We will rebuild the old harbour wall by spring," he said.',
                  '"We will rebuild the ... wall by spring," he said.') == []
    assert _found('"They paid the harbour levy in full," he said.',
                  '"They paid the [port] levy in full," he said.') == []


def test_a_word_dropped_at_the_end_inside_the_same_marks_is_critical() -> None:
    found = _found('"It looks like an isolated failure," the engineer said.',
                   '"It looks like an isolated," the engineer said.')
    assert [severity for severity, _, _ in found] == ["critical"]


def test_words_added_where_the_other_side_marks_a_cut_may_slide_to_the_cut() -> None:
    # The inserted run "are in the middle of when they're" can stand right at the "...".
    assert _found('He said crews should "not be working when they ... are saying their prayers."',
                  'He said crews should "not be working when they are in the middle of when '
                  'they\'re saying their prayers."') == []
    found = _found('He said crews should "not be working when they are saying their prayers."',
                   'He said crews should "not be working when they are in the middle of when '
                   'they\'re saying their prayers."')
    assert [severity for severity, _, _ in found] == ["critical"]


def test_a_date_or_number_in_another_format_is_the_same_word() -> None:
    assert _found('"It all started on the 24th of February 2022," he said.',
                  '"It all started on February 24, 2022," he said.') in ([], [("minor", "the", "")])
    assert _found('"We gave 95 per cent of it back," he said.', '"We gave 95% of it back," he said.') == []
    assert _found('"We gave three of them back," he said.', '"We gave 3 of them back," he said.') == []
    found = _found('"It all started on the 24th of February 2022," he said.',
                   '"It all started on February 25, 2022," he said.')
    assert [severity for severity, _, _ in found] == ["critical"]


def test_a_dropped_function_word_like_rather_is_minor() -> None:
    found = _found('"We talk about peace rather than war," he said.',
                   '"We talk about peace than war," he said.')
    assert [severity for severity, _, _ in found] == ["minor"]
