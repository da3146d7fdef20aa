"""Hand-made reports for the renderer tests, with every kind of finding in them.

The reports are built from model types (not from ``compare``), so the renderers are tested on
distortions, omissions, additions and page furniture whatever the detectors currently find.
Offsets are computed from the texts with :func:`span_of`, never typed in.
"""

from __future__ import annotations

from sourcetrace.model import (
    Addition,
    Artifact,
    Distortion,
    Document,
    Link,
    Omission,
    Passage,
    Report,
    Segment,
    Span,
)

ORIGINAL = (
    "Library reopens after flood repairs\n"
    "\n"
    "Photo: the reading room in March.\n"
    "\n"
    "The Ashwick public library will reopen on Saturday after eight months of repairs. "
    "Volunteers rescued 3,000 books from the basement when the river burst its banks. "
    "\"We will never again keep the rare collection downstairs,\" said head librarian Ruth Gale.\n"
    "\n"
    "The council paid for a new heating system. The café on the ground floor stays closed "
    "until May.\n"
)

DERIVED = (
    "Ashwick library opens its doors again\n"
    "\n"
    "The Ashwick public library will reopen on Sunday after eight months of repairs. "
    "Volunteers rescued 300 books from the basement when the river burst its banks. "
    "\"We will never again keep the rare collection downstairs,\" "
    "claimed head librarian Ruth Gale.\n"
    "\n"
    "The council paid for a new heating system. Readers can also borrow e-books from home.\n"
)

HOSTILE_DERIVED = (
    "The Ashwick public library will reopen on Saturday after eight months of repairs. "
    "<script>window.__hacked = true; alert(1)</script> "
    "<img src=x onerror=\"window.__hacked = true; alert(2)\"> "
    "<a href=\"javascript:alert(3)\">click here</a> "
    "Volunteers rescued 3,000 books from the basement when the river burst its banks.\n"
)


def span_of(text: str, phrase: str, occurrence: int = 0) -> Span:
    """The span of the ``occurrence``-th appearance of ``phrase`` in ``text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    return Span(start, start + len(phrase))


def segments_of(text: str, sentences: list[str]) -> tuple[Segment, ...]:
    """Segments for the given sentences, found in order; paragraphs counted by blank lines."""
    segments = []
    position = 0
    for index, sentence in enumerate(sentences):
        start = text.index(sentence, position)
        position = start + len(sentence)
        segments.append(Segment(index, start, position, text[:start].count("\n\n")))
    return tuple(segments)


ORIGINAL_SENTENCES = [
    "Library reopens after flood repairs",
    "Photo: the reading room in March.",
    "The Ashwick public library will reopen on Saturday after eight months of repairs.",
    "Volunteers rescued 3,000 books from the basement when the river burst its banks.",
    "\"We will never again keep the rare collection downstairs,\" said head librarian Ruth Gale.",
    "The council paid for a new heating system.",
    "The café on the ground floor stays closed until May.",
]
DERIVED_SENTENCES = [
    "Ashwick library opens its doors again",
    "The Ashwick public library will reopen on Sunday after eight months of repairs.",
    "Volunteers rescued 300 books from the basement when the river burst its banks.",
    "\"We will never again keep the rare collection downstairs,\" "
    "claimed head librarian Ruth Gale.",
    "The council paid for a new heating system.",
    "Readers can also borrow e-books from home.",
]


def sample_report(derived_text: str = DERIVED, derived_name: str = "derived.txt") -> Report:
    """A rewrite of a news brief: two critical distortions, a minor one, an omission, an
    addition and a photo caption (page furniture) in the original."""
    original = Document(
        name="original.txt",
        text=ORIGINAL,
        language="en",
        artifacts=(Artifact(span_of(ORIGINAL, ORIGINAL_SENTENCES[1]), "caption"),),
    )
    derived = Document(name=derived_name, text=derived_text, language="en")
    original_segments = segments_of(ORIGINAL, ORIGINAL_SENTENCES)
    derived_segments = segments_of(DERIVED, DERIVED_SENTENCES)
    links = (
        Link((0,), (0,), 0.41),
        Link((2,), (1,), 0.93),
        Link((3,), (2,), 0.95),
        Link((4,), (3,), 0.94),
        Link((5,), (4,), 1.0),
    )
    passage = Passage(
        Span(0, original_segments[5].end),
        Span(0, derived_segments[4].end),
        "paraphrase",
        0.85,
        links,
    )
    distortions = (
        Distortion(
            "date", "critical", span_of(ORIGINAL, "Saturday"), span_of(DERIVED, "Sunday"),
            "day changed: Saturday -> Sunday",
        ),
        Distortion(
            "number", "critical", span_of(ORIGINAL, "3,000"), span_of(DERIVED, "300"),
            "number changed: 3,000 -> 300",
        ),
        Distortion(
            "hedge", "minor", span_of(ORIGINAL, "said"), span_of(DERIVED, "claimed"),
            "reporting verb changed: said -> claimed",
        ),
    )
    return Report(
        original=original,
        derived=derived,
        original_segments=original_segments,
        derived_segments=derived_segments,
        passages=(passage,),
        verdict="rewrite",
        scores={"coverage": 0.8125, "derived_from_original": 0.8571, "fidelity": 0.62},
        options={"segment": "sentences"},
        distortions=distortions,
        omissions=(Omission(original_segments[6].span),),
        additions=(Addition(derived_segments[5].span),),
    )


def hostile_report() -> Report:
    """A report whose derived text (and name) hold markup and script that must stay inert."""
    original = Document(name="original.txt", text=ORIGINAL, language="en")
    derived = Document(name="<b>derived</b>.txt", text=HOSTILE_DERIVED, language="en")
    original_segments = segments_of(ORIGINAL, ORIGINAL_SENTENCES)
    script = "<script>window.__hacked = true; alert(1)</script>"
    derived_sentences = [
        "The Ashwick public library will reopen on Saturday after eight months of repairs.",
        script,
        "<img src=x onerror=\"window.__hacked = true; alert(2)\">",
        "<a href=\"javascript:alert(3)\">click here</a>",
        "Volunteers rescued 3,000 books from the basement when the river burst its banks.",
    ]
    derived_segments = segments_of(HOSTILE_DERIVED, derived_sentences)
    return Report(
        original=original,
        derived=derived,
        original_segments=original_segments,
        derived_segments=derived_segments,
        passages=(
            Passage(
                Span(original_segments[2].start, original_segments[3].end),
                Span(0, derived_segments[4].end),
                "verbatim",
                1.0,
                (Link((2,), (0,), 1.0), Link((3,), (4,), 1.0)),
            ),
        ),
        verdict="partial",
        scores={"coverage": 0.3, "derived_from_original": 0.6},
        options={"segment": "sentences"},
        distortions=(
            Distortion(
                "other", "critical", span_of(ORIGINAL, "Saturday"),
                span_of(HOSTILE_DERIVED, script),
                "<img src=x onerror=\"window.__hacked = true\"> inserted",
            ),
        ),
        additions=(Addition(derived_segments[2].span), Addition(derived_segments[3].span)),
    )
