"""The substitution detector: a content word replaced by one that changes the claim; synonyms,
spelling variants and faithful renderings stay harmless. Sentences written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessing import sentence_pair
from sourcetrace.assess import detect
from sourcetrace.assess.lexicon import relate
from sourcetrace.assess.substitution import detect_substitutions
from sourcetrace.assess.wordnet import SYNSET_MEMO, WordNet, _synset, preload, wordnet
from sourcetrace.errors import MissingResource


def _found(original: str, derived: str) -> list[tuple[str, str, str]]:
    pair = sentence_pair(original, derived, "en", "en")
    return [(d.severity, original[d.original.start : d.original.end],
             derived[d.derived.start : d.derived.end]) for d in detect_substitutions(pair)]


@pytest.mark.parametrize(
    ("original", "derived", "expected"),
    [
        # An action turned into its opposite.
        ("The harbour board welcomed the plan for a second ferry berth.",
         "The harbour board rejected the plan for a second ferry berth.",
         ("critical", "welcomed", "rejected")),
        ("Ticket sales rose sharply after the festival was announced.",
         "Ticket sales fell sharply after the festival was announced.", ("critical", "rose", "fell")),
        ("The jury acquitted the former treasurer of fraud on all counts.",
         "The jury convicted the former treasurer of fraud on all counts.",
         ("critical", "acquitted", "convicted")),
        # An adjective made its opposite, with or without a negative prefix.
        ("The auditors said the contract was legal under the new rules.",
         "The auditors said the contract was illegal under the new rules.",
         ("critical", "legal", "illegal")),
        ("Most of the new posts in the port are domestic flights to the islands.",
         "Most of the new posts in the port are foreign flights to the islands.",
         ("critical", "domestic", "foreign")),
        # False friends of machine translation.
        ("The current figures show that fewer pupils left school early.",
         "The actual figures show that fewer pupils left school early.",
         ("critical", "current", "actual")),
        ("The judge said he was sympathetic to the families of the crew.",
         "The judge said he was nice to the families of the crew.",
         ("critical", "sympathetic", "nice")),
        ("The treaty calls for a global ban on the sale of the mines.",
         "The treaty calls for a total ban on the sale of the mines.",
         ("critical", "global", "total")),
        # An opposite through a rarer sense of the word put in ("ignore": "disregard").
        ("Officials knew the risks of the old bridge for years.",
         "Officials ignored the risks of the old bridge for years.", ("critical", "knew", "ignored")),
        ("Crowds rushed to the harbour when the ferry came in.",
         "Crowds lingered at the harbour when the ferry came in.", ("critical", "rushed", "lingered")),
        # A word put in another's place that the tagger reads as another part of speech.
        ("The agency will impartially and swiftly handle complaints about the count.",
         "The agency will impartially and swiftly regiment complaints about the count.",
         ("critical", "handle", "regiment")),
        ("Posters may be displayed free of charge at the town hall.",
         "Posters may be displayed unfree of charge at the town hall.", ("critical", "free", "unfree")),
        ("The quality of the repairs varied and the second survey found worse damage.",
         "The quality of the repairs unvaried and the second survey found worse damage.",
         ("critical", "varied", "unvaried")),
        # A function word, or one word inside the other, turned into its opposite.
        ("Contested races took place in many towns along the coast.",
         "Contested races took place in few towns along the coast.", ("critical", "many", "few")),
        ("The court ruled on the merits of the appeal last week.",
         "The court ruled on the demerits of the appeal last week.", ("critical", "merits", "demerits")),
        ("The council has the power to close the harbour in a storm.",
         "The council has the powerlessness to close the harbour in a storm.",
         ("critical", "power", "powerlessness")),
        # A related but different event: listed for a look, minor.
        ("Officials described the army's advance as an invasion of the valley.",
         "Officials described the army's advance as an occupation of the valley.",
         ("minor", "invasion", "occupation")),
    ],
)
def test_a_changed_claim_is_found(original: str, derived: str, expected: tuple[str, str, str]) -> None:
    assert _found(original, derived) == [expected]


@pytest.mark.parametrize(
    ("original", "derived"),
    [
        # Synonyms and near-synonyms.
        ("Europe's leaders will gather in Paris for crisis talks on the harbour.",
         "Europe's leaders will meet in Paris for crisis talks on the harbour."),
        ("The government will safeguard the funding of the lifeboat service.",
         "The government will protect the funding of the lifeboat service."),
        ("The vote will underscore the council's lack of influence over the port.",
         "The vote will underline the council's lack of influence over the port."),
        ("The mayor cautioned that the bridge could close for a month.",
         "The mayor warned that the bridge could close for a month."),
        ("The week is decisive for the future of the ferry company.",
         "The week is crucial for the future of the ferry company."),
        # Spelling variants and inflection.
        ("The defence of the harbour wall will cost more than planned.",
         "The defense of the harbour wall will cost more than planned."),
        ("The match was cancelled after the storm.", "The match was canceled after the storm."),
        # Literal but faithful renderings.
        ("Trump's top diplomat Marco Rubio sits down with Sergei Lavrov in Riyadh.",
         "Trump's high diplomat Marco Rubio sits with Sergei Lavrov in Riyadh."),
        ("Shares in the ferry company rose 5 per cent in early trading.",
         "Shares in the ferry company gained 5 per cent in early trading."),
        # A more general word.
        ("The family bought a sedan after the old van broke down.",
         "The family bought a car after the old van broke down."),
        # A negation turned round by an antonym says the same thing.
        ("The committee did not accept the proposal for a new quay.",
         "The committee rejected the proposal for a new quay."),
        # One word inside the other that is no opposite: the same word with a part cut.
        ("The capsule survived reentry over the Pacific.", "The capsule survived entry over the Pacific."),
        # A function word replaced by another that is no opposite.
        ("Most of the crew came from the islands.", "Many of the crew came from the islands."),
        # One word written two ways.
        ("Forty guests attended the ceremony with some non-traditional touches.",
         "Forty guests attended the ceremony with some nontraditional touches."),
        # A reworded sentence: its words are not paired one by one.
        ("The council rejected the plan after a long debate on costs.",
         "After arguing at length about what it would cost, councillors accepted nothing."),
    ],
)
def test_harmless_rewording_is_not_critical(original: str, derived: str) -> None:
    pair = sentence_pair(original, derived, "en", "en")
    assert [d for d in detect(pair) if d.severity == "critical"] == []


def test_the_finding_is_typed_and_explained() -> None:
    pair = sentence_pair("The mayor welcomed the proposal.", "The mayor rejected the proposal.")
    (finding,) = detect_substitutions(pair)
    assert finding.type == "substitution"
    assert finding.explanation == "word replaced by its opposite: 'welcomed' -> 'rejected'"


def test_other_languages_are_not_paired() -> None:
    pair = sentence_pair("Bordi e mirëpriti planin.", "The board rejected the plan.", "sq", "en")
    assert detect_substitutions(pair) == ()


def test_wordnet_relations() -> None:
    assert relate("buy", "sell", "v").kind == "antonym"
    assert relate("buy", "purchase", "v").kind == "synonym"
    assert relate("know", "ignore", "v").kind == "antonym"  # through "ignore"'s fourth sense
    assert relate("doctor", "nurse", "n").kind == "kin"
    assert relate("invasion", "occupation", "n").event
    assert wordnet().base_forms("went", "v") == ("go",)


def test_preloading_wordnet_fills_the_memo_and_changes_no_lookup() -> None:
    # What a server's worker does when it starts (sourcetrace.http.tasks.start_worker).
    net = wordnet()
    words = ("bank", "ferry", "council", "repair", "harbour")
    offsets = {w: net.offsets(w, "n") for w in words}
    preload(net)
    assert _synset.cache_info().currsize == SYNSET_MEMO
    for word in words:
        senses = net.senses(word, "n")
        assert senses and tuple(s.offset for s in senses) == offsets[word]
        # Each is what parsing its line again gives.
        assert senses == tuple(_synset.__wrapped__(net, "n", o) for o in offsets[word])
    assert net.synset("v", net.offsets("close", "v")[0]).words[0] == "close"


def test_missing_wordnet_data_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(MissingResource) as error:
        WordNet(tmp_path)
    assert "\n" not in str(error.value)
    assert "apt-get install wordnet-base" in str(error.value)
