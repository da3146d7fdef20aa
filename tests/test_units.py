"""Alignment units (``sourcetrace.align.units``): overlong sentences cut into chunks of words."""

from __future__ import annotations

from sourcetrace.align.units import alignment_units
from sourcetrace.segment import segment

# A scraped page's menu, run together into one "sentence" of 50 words without punctuation.
MENU_WORDS = (
    "Home News World Politics Business Markets Technology Science Health Education Sport "
    "Football Cricket Tennis Golf Culture Books Music Film Television Theatre Travel Food "
    "Recipes Lifestyle Fashion Property Cars Money Pensions Savings Jobs Opinion Letters "
    "Obituaries Weather Puzzles Crosswords Podcasts Video Photos Newsletters Events Shop "
    "Subscribe Archive Contact Help Accessibility Privacy"
).split()
SHORT = "The harbour board met the fishermen on Monday to discuss the new berth fees."


def _words(count: int) -> str:
    return " ".join(MENU_WORDS[k % len(MENU_WORDS)] for k in range(count))


def _unit_texts(text: str, max_words: int = 30) -> list[str]:
    units = alignment_units(text, segment(text, "lines"), max_words)
    return [text[u.start : u.end] for u in units.segments]


def test_sentences_up_to_half_again_the_limit_stay_whole() -> None:
    text = f"{SHORT}\n{_words(45)}\n"
    sentences = segment(text, "lines")
    units = alignment_units(text, sentences)
    # Units are the sentences themselves: same offsets, same paragraphs, each its own parent.
    assert [(u.start, u.end, u.paragraph) for u in units.segments] == [
        (s.start, s.end, s.paragraph) for s in sentences
    ]
    assert [u.index for u in units.segments] == [0, 1]
    assert units.sentence == (0, 1)


def test_a_longer_sentence_is_cut_into_chunks_of_about_equal_size() -> None:
    # 46 words: two chunks of 23; 61 words: three of 21, 21 and 19; 100 words: four of 25.
    for count, sizes in ((46, [23, 23]), (61, [21, 21, 19]), (100, [25, 25, 25, 25])):
        line = _words(count)
        chunks = _unit_texts(line + "\n")
        assert [len(chunk.split()) for chunk in chunks] == sizes, count
        # Each chunk starts and ends on a word, and together they hold every word in order.
        assert all(chunk == chunk.strip() for chunk in chunks)
        assert " ".join(chunks) == line


def test_chunks_index_the_text_and_name_their_sentence_and_paragraph() -> None:
    long_line = _words(50)
    text = f"{SHORT}\n\n{long_line}\n{SHORT}\n"
    units = alignment_units(text, segment(text, "lines"))
    starts = [text.index(long_line), text.index(long_line) + len(_words(25)) + 1]
    assert [(u.index, u.start, u.paragraph) for u in units.segments] == [
        (0, 0, 0), (1, starts[0], 1), (2, starts[1], 1), (3, text.rindex(SHORT), 1)
    ]
    assert [text[u.start : u.end] for u in units.segments] == [
        SHORT, _words(25), " ".join(MENU_WORDS[25:50]), SHORT
    ]
    # The two halves of the long line both belong to sentence 1.
    assert units.sentence == (0, 1, 1, 2)


def test_the_limit_is_a_parameter() -> None:
    assert _unit_texts("The old quay wall had cracked in two places.\n", max_words=4) == [
        "The old quay", "wall had cracked", "in two places."
    ]
    assert _unit_texts("The quay wall had cracked.\n", max_words=4) == ["The quay wall had cracked."]


def test_runs_of_spaces_and_line_breaks_inside_a_sentence_are_not_words() -> None:
    # A sentence of prose that wraps over lines: chunks are cut between words, never inside
    # the whitespace, and their offsets index the text as given.
    lines = [_words(12).lower() for _ in range(5)]
    text = "  The " + "\n".join(lines) + ".  "
    sentences = segment(text)
    assert len(sentences) == 1
    units = alignment_units(text, sentences)
    chunks = [text[u.start : u.end] for u in units.segments]
    assert [len(chunk.split()) for chunk in chunks] == [21, 21, 19]  # 61 words
    assert units.segments[0].start == 2 and units.segments[-1].end == len(text) - 2
    assert [word for chunk in chunks for word in chunk.split()] == text.split()


def test_no_sentences_no_units() -> None:
    units = alignment_units("", ())
    assert units.segments == () and units.sentence == ()
