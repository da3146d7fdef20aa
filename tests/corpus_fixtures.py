"""A small invented corpus for the index tests: news stories on unrelated topics, and suspects
that reuse some of them (a copy, a rewrite). All the text is made up for the tests."""

from __future__ import annotations

import json
from pathlib import Path

STORIES = {
    "harbour": (
        "The harbour board voted on Tuesday to raise mooring fees by 33 per cent from April, the "
        "first increase in nine years. Fishermen said the rise would cost a typical trawler owner "
        "about 2,400 pounds a year. The board said the money would pay for dredging the inner "
        "basin, which has silted up since the storms of 2023. A public meeting will be held at the "
        "town hall on 12 March, when members of the board will answer questions from residents. "
        "Tom Baird, who chairs the fishermen's association, said his members felt ignored."
    ),
    "orchard": (
        "Apple growers in the valley expect their smallest harvest in a decade after a late frost "
        "destroyed blossom across 800 hectares of orchards. Marta Kowalski, whose family has farmed "
        "near Elmbridge since 1952, said two thirds of her trees carried no fruit at all. The "
        "cooperative that buys most of the crop has asked the regional council for emergency grants "
        "to keep seasonal pickers employed. Cider makers warned that prices could climb by a fifth "
        "before Christmas. Agronomists blamed a warm February that brought the trees into flower "
        "weeks too early."
    ),
    "library": (
        "The city library will open on Sundays for the first time from next month, after volunteers "
        "offered to staff the reading rooms. Librarian Grace Okafor said visits had doubled since the "
        "building reopened after its renovation in 2021. The Sunday hours will run from ten until "
        "four, and the children's section will host storytelling sessions every fortnight. Funding "
        "for new computers came from a bequest left by a retired schoolteacher. The council said the "
        "trial would be reviewed after six months."
    ),
    "tram": (
        "Engineers have found cracks in forty of the tram network's older carriages, forcing the "
        "operator to withdraw them for inspection. Commuters faced crowded platforms on Monday as "
        "services ran every twenty minutes instead of every eight. The operator said replacement "
        "buses would serve the eastern line until the end of the week. A spokesman for the transport "
        "authority, Ivan Petrov, said safety came before punctuality. The carriages were built in 1989 "
        "and had been due for replacement in 2027."
    ),
    "observatory": (
        "Astronomers at the mountain observatory have recorded a comet that will pass closest to the "
        "Sun in early October. The comet, catalogued as C/2031 K4, was first spotted by an amateur "
        "observer in Patagonia using a small telescope. Researchers said it could become visible to "
        "the naked eye for a few days if its nucleus survives the approach. The observatory plans to "
        "stream images every night during the closest passage. Its director, Helena Marsh, called "
        "the discovery a reminder of how much amateurs still contribute."
    ),
    "chess": (
        "A fourteen-year-old from Lindenfeld won the national chess championship on Sunday, beating "
        "the defending champion in a tense final game that lasted six hours. Jonas Weber clinched the "
        "title with a rook endgame after his opponent declined a draw offer. His coach said Weber "
        "trains for three hours every evening after school. The federation will fund his place at "
        "the world youth championship in Montevideo next spring. The previous youngest winner was "
        "fifteen when he took the title in 1978."
    ),
}

# The orchard story, copied word for word into a longer page.
COPY_SUSPECT = (
    "Regional roundup. Weather forecasters expect a dry weekend across the north. "
    + STORIES["orchard"]
    + " In other news, the county fair will move to a new site next year."
)

# The tram story, rewritten: words replaced, sentences shortened and reordered.
REWRITE_SUSPECT = (
    "Cracks were discovered by engineers in forty older carriages of the tram network, and the "
    "operator has pulled them out of service for checks. On Monday commuters crowded the "
    "platforms because trams ran every twenty minutes rather than every eight. Until the end of "
    "the week replacement buses will run on the eastern line, the operator said. Ivan Petrov, "
    "speaking for the transport authority, said that safety mattered more than punctuality."
)

# The observatory story in French (the tests' own translation).
FRENCH_SUSPECT = (
    "Des astronomes de l'observatoire de montagne ont observé une comète qui passera au plus près "
    "du Soleil début octobre. La comète, cataloguée C/2031 K4, a d'abord été repérée par un "
    "observateur amateur en Patagonie avec un petit télescope. Selon les chercheurs, elle pourrait "
    "devenir visible à l'œil nu pendant quelques jours si son noyau survit à l'approche. "
    "L'observatoire prévoit de diffuser des images chaque nuit pendant le passage. Sa directrice, "
    "Helena Marsh, a qualifié la découverte de rappel de tout ce que les amateurs apportent encore."
)


def write_corpus(folder: Path) -> dict[str, Path]:
    """One text file per story under ``folder/stories``; returns the paths by story name."""
    target = folder / "stories"
    target.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, text in STORIES.items():
        paths[name] = target / f"{name}.txt"
        paths[name].write_text(text + "\n", encoding="utf-8")
    return paths


def write_jsonl(path: Path, names: list[str] | None = None) -> Path:
    """The stories as a passim-style JSON Lines export, with a title and a date each."""
    with path.open("w", encoding="utf-8") as out:
        for number, name in enumerate(names or sorted(STORIES)):
            record = {"id": name, "series": "the-courier", "title": name.title(),
                      "date": f"2025-03-{number + 1:02d}", "page": number + 1,
                      "text": STORIES[name]}
            out.write(json.dumps(record) + "\n")
    return path
