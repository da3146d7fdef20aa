"""Passage edges: grown over words that are the same on both sides."""

from sourcetrace.align.trim import extend_verbatim, trim_pair
from sourcetrace.config import PassageParams
from sourcetrace.model import Span

LEXICAL = PassageParams()
EDGES = (LEXICAL.verbatim_min_tokens, LEXICAL.verbatim_reach)
TRIM = ("en", LEXICAL.trim_window, LEXICAL.trim_density)

ADDRESS = "3401-B Forrest Ave, Efland, NC 27243. (919) 732-5441."
NOTICE = (
    "Catered food and drinks are served at every auction in the climate-controlled building. "
    "Sales tax will be charged unless you have a tax identification number on file with us. "
    "We accept MasterCard, VISA, American Express and Discover at the cashier's window."
)


def test_a_copy_grows_over_the_same_words_before_and_after_it():
    src_text = "Welcome to our site. " + ADDRESS + " " + NOTICE + " Thank you for visiting!"
    tgt_text = "Read this first. " + ADDRESS + " " + NOTICE + " Thank you for visiting! More soon."
    src = Span(src_text.index(NOTICE), src_text.index(NOTICE) + len(NOTICE))
    tgt = Span(tgt_text.index(NOTICE), tgt_text.index(NOTICE) + len(NOTICE))
    grown_src, grown_tgt = extend_verbatim(src_text, src, tgt_text, tgt, 0, len(tgt_text), *EDGES)
    assert src_text[grown_src.start : grown_src.end] == ADDRESS + " " + NOTICE + " Thank you for visiting!"
    assert tgt_text[grown_tgt.start : grown_tgt.end] == ADDRESS + " " + NOTICE + " Thank you for visiting!"


def test_a_word_or_two_the_same_by_chance_does_not_grow_a_passage():
    # two words alike on each side ("the city.", "It") are no run of copied text
    src_text = "It rained over the city. " + NOTICE + " It was late."
    tgt_text = "Prices rose in the city. " + NOTICE + " It is over."
    src = Span(src_text.index(NOTICE), src_text.index(NOTICE) + len(NOTICE))
    tgt = Span(tgt_text.index(NOTICE), tgt_text.index(NOTICE) + len(NOTICE))
    assert extend_verbatim(src_text, src, tgt_text, tgt, 0, len(tgt_text), *EDGES) == (src, tgt)


def test_growth_stops_at_the_bounds_given_for_the_derived_side():
    src_text = "Welcome to our site. " + ADDRESS + " " + NOTICE
    tgt_text = "Read this first. " + ADDRESS + " " + NOTICE
    tgt_start = tgt_text.index(NOTICE)
    src = Span(src_text.index(NOTICE), len(src_text))
    tgt = Span(tgt_start, len(tgt_text))
    floor = tgt_text.index("NC 27243")
    grown_src, grown_tgt = extend_verbatim(src_text, src, tgt_text, tgt, floor, len(tgt_text), *EDGES)
    assert tgt_text[grown_tgt.start : grown_tgt.end].startswith("NC 27243. (919) 732-5441. Catered")
    assert src_text[grown_src.start : grown_src.end].startswith("NC 27243. (919) 732-5441. Catered")


def test_trimming_stops_short_of_an_edge_within_the_slack():
    # the reworded copy's last two words ("the roseola") are synonyms its source lacks
    src_text = "Children with the disease will often develop a rash on the chest within two days of the fever."
    tgt_text = "Children with disease frequently develop rash on chest two days after fever and will develop the roseola."
    src, tgt = Span(0, len(src_text)), Span(0, len(tgt_text))
    _, strict = trim_pair(src_text, src, tgt_text, tgt, *TRIM)
    _, loose = trim_pair(src_text, src, tgt_text, tgt, *TRIM, slack=2)
    assert tgt_text[strict.start : strict.end].endswith("will develop")
    assert loose == tgt


def test_the_slack_does_not_keep_a_longer_unrelated_tail():
    src_text = "Children with the disease will often develop a rash on the chest within two days of the fever."
    tgt_text = (
        "Children with disease frequently develop rash on chest two days after fever. "
        "Our bakery sells bread, cakes and pastries every morning."
    )
    _, trimmed = trim_pair(src_text, Span(0, len(src_text)), tgt_text, Span(0, len(tgt_text)), *TRIM, slack=2)
    assert tgt_text[trimmed.start : trimmed.end] == "Children with disease frequently develop rash on chest two days after fever"
