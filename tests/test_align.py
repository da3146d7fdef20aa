"""Alignment situations on small hand-written news texts."""

from aligning import align_texts

STORY = (
    "The city council voted on Tuesday to close the Elm Street library for repairs. "
    "Engineers found that the roof had been leaking for at least two winters. "
    "The repairs are expected to cost about 1.2 million dollars and to last eight months. "
    "Residents will be able to borrow books from a mobile library parked outside the town hall. "
    "Council leader Maria Okafor said the decision had not been taken lightly. "
    "She promised that the library would reopen before the next school year begins."
)
FILLER_A = (
    "Elsewhere, the regional football league announced a new schedule for the spring season. "
    "Matches will now start an hour earlier on Saturdays to avoid clashing with the evening market. "
    "Supporters groups welcomed the change but asked for more buses on match days."
)
FILLER_B = (
    "A bakery on the high street celebrated its fiftieth anniversary with free pastries. "
    "The owners, a family of four generations, said they had no plans to retire. "
    "Queues formed before dawn and stretched around the corner by seven o'clock."
)


def run(original: str, derived: str):
    return align_texts(original, derived)


def test_verbatim_passage_embedded_in_other_text_has_exact_offsets():
    derived = FILLER_A + " " + STORY + " " + FILLER_B
    (passage,) = run(STORY, derived)
    assert derived[passage.tgt.start : passage.tgt.end] == STORY
    assert STORY[passage.src.start : passage.src.end] == STORY
    assert passage.kind == "verbatim"


def test_two_passages_from_one_source_in_swapped_order():
    sentences = STORY.split(". ")
    first, second = ". ".join(sentences[:3]) + ".", ". ".join(sentences[3:])
    original = first + " " + FILLER_A + " " + second
    derived = second + " " + FILLER_B + " " + first
    passages = run(original, derived)
    assert len(passages) == 2
    assert {derived[p.tgt.start : p.tgt.end] for p in passages} == {first, second}
    for p in passages:
        assert original[p.src.start : p.src.end] == derived[p.tgt.start : p.tgt.end]


def test_reworded_copy_is_linked_sentence_by_sentence():
    derived = (
        "On Tuesday the city council voted to shut the Elm Street library for repairs. "
        "Engineers discovered the roof had leaked for at least two winters. "
        "Repairs should cost around 1.2 million dollars and last eight months. "
        "Residents can borrow books from a mobile library parked outside the town hall. "
        "Council leader Maria Okafor said the decision was not taken lightly. "
        "She promised the library would reopen before the next school year starts."
    )
    (passage,) = run(STORY, derived)
    assert passage.kind == "paraphrase"
    assert [(link.src, link.tgt) for link in passage.links] == [((k,), (k,)) for k in range(6)]


def test_unrelated_texts_on_a_similar_subject_give_no_passage():
    derived = (
        "The county museum will close its west wing for six months while the heating is replaced. "
        "Visitors can still see the main collection, and entry remains free on Sundays. "
        "The museum director said the work was overdue and thanked donors for their support."
    )
    assert run(STORY, derived) == ()


NERVES = (
    "Lack of blood supply to the legs, from plaque building up in the arteries, can cause pain and tingling while walking. "
    "Pressure on the spinal nerves, as from a herniated disk, can cause numbness or tingling in the wrist, fingers or hand."
)
NERVES_CUT = "Plaque in arteries can cause legs pain, tingling walking. Pressure on spinal nerves, disk cause numbness in fingers."


def test_a_short_reworded_copy_that_drops_words_is_found():
    # the derived passage keeps half the words of its source: under 150 characters, though
    # its source is twice as long and both of its sentences match
    assert len(NERVES_CUT) < 150 < len(NERVES)
    derived = STORY + " " + NERVES_CUT
    passages = run(FILLER_A + " " + NERVES + " " + FILLER_B, derived)
    start = derived.index(NERVES_CUT)
    assert [(p.tgt.start, p.tgt.end) for p in passages] == [(start, len(derived))]


def test_one_short_sentence_match_is_not_a_passage():
    one = NERVES_CUT.split(". ")[1]
    assert run(FILLER_A + " " + NERVES + " " + FILLER_B, STORY + " " + one) == ()
