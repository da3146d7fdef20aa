"""A small invented collection with a known lineage, for the network tests.

A council story (the root), a wire copy made from it (tail cut, one sentence reworded, a quote
added), a copy of that copy (a number changed, a sentence about something else put in) and a
second copy of the root (a sentence left out); the index stories of ``corpus_fixtures`` as
distractors; the same newsletter line at the foot of several documents (boilerplate). All the
text is made up for the tests.
"""

from __future__ import annotations

import json
from pathlib import Path

from corpus_fixtures import STORIES

ROOT = [
    "The river council approved a plan on Thursday to build a flood wall along 3.2 kilometres of the northern bank.",
    "The wall will cost 41 million euros and is meant to protect about 6,000 homes in the lower town.",
    "Work is due to start in May and should take three years, the council's engineer, Sofia Lindqvist, told reporters.",
    "Residents of the lower town have been flooded four times since 2010, most recently in the winter of 2022.",
    "The plan was opposed by two councillors, who argued that restoring the wetlands upstream would be cheaper.",
    "An independent study commissioned last year found that the wetlands alone could not hold back a major flood.",
    "The wall will be built of reinforced concrete faced with local stone, so that it matches the old quay.",
    "Gates at seven points will let residents reach the riverside paths when the water is low.",
    "Shop owners on the quay welcomed the decision but asked for help with lost trade during construction.",
    "The council said it would publish a timetable for the road closures before the end of April.",
    "A second phase, covering the southern bank, will be considered once the first is finished.",
    "The regional government has promised to pay 60 per cent of the cost of the first phase.",
]
WIRE_REWORDED = (
    "Building is expected to begin in May and to last three years, Sofia Lindqvist, the council's "
    "engineer, said."
)
WIRE_QUOTE = ('"We have waited for this wall for twenty years," said Anna Brook, who runs a bakery '
              "on the quay.")
PADDING = ("Meanwhile the city zoo announced the birth of two snow leopard cubs, the first born "
           "there in a decade.")
NEWSLETTER = (
    "Sign up for our newsletter to get the day's top stories in your inbox every morning.",
    "Follow the Valley Courier for live updates from the town hall, the courts and the football"
    " ground, and send your letters to the editor.",
)
DATES = {"root": "2024-03-07", "wire": "2024-03-08", "wire-copy": "2024-03-12",
         "digest": "2024-03-09"}


def lineage_texts() -> dict[str, str]:
    """The four documents of the lineage, by name."""
    wire = ROOT[:2] + [WIRE_REWORDED] + ROOT[3:9] + [WIRE_QUOTE]
    wire_copy = [s.replace("41 million", "14 million") for s in wire]
    wire_copy = wire_copy[:4] + [PADDING] + wire_copy[4:]
    digest = ROOT[:5] + ROOT[6:]
    return {"root": _text(ROOT), "wire": _text(wire), "wire-copy": _text(wire_copy),
            "digest": _text(digest)}


PARENTS = {"wire": "root", "wire-copy": "wire", "digest": "root"}


def _text(sentences: list[str]) -> str:
    half = len(sentences) // 2
    return " ".join(sentences[:half]) + "\n\n" + " ".join(sentences[half:])


def write_collection(path: Path, dated: bool = True, newsletter: int = 0) -> Path:
    """The collection as JSON Lines: the lineage, then the distractors; the newsletter line at
    the foot of the first ``newsletter`` distractors."""
    records = []
    for name, text in lineage_texts().items():
        record = {"id": name, "title": text[:40], "text": text}
        if dated:
            record["date"] = DATES[name]
        records.append(record)
    for number, (name, text) in enumerate(sorted(STORIES.items())):
        foot = "\n\n" + " ".join(NEWSLETTER) if number < newsletter else ""
        records.append({"id": f"other-{name}", "title": name, "text": text + foot})
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path
