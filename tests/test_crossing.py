"""Crossing evidence for the translation aligner, on hand-made embeddings (no model needed).

The texts are short German and French sentences; a dictionary gives every sentence and every
piece of a sentence a vector built from topic axes, so each test states exactly which part of
a sentence is translated where.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from sourcetrace.align.crossing import Crossings, ends_in_abbreviation, pieces
from sourcetrace.align.types import SentenceVectors
from sourcetrace.align.translation import translation_blocks
from sourcetrace.config import TranslationParams

PIECES = TranslationParams()


def _pieces(sentence: str) -> list[str]:
    """The pieces of the default config (at most 7 words, at least 3)."""
    return pieces(sentence, PIECES.piece_words, PIECES.min_piece_words)


def _costs(margin: float, piece_weight: float, number_weight: float, abbreviation_weight: float) -> TranslationParams:
    return replace(
        TranslationParams(), piece_margin=margin, piece_weight=piece_weight,
        number_weight=number_weight, abbreviation_weight=abbreviation_weight,
    )

DIM = 64
# Each sentence also has a private axis (its wording), so a translation is close, never identical.
NOISE = 0.5


def _axis(*weights: tuple[int, float]) -> np.ndarray:
    row = np.zeros(DIM)
    for topic, weight in weights:
        row[topic] = weight
    return row / np.linalg.norm(row)


def test_pieces_end_at_clause_boundaries() -> None:
    sentence = "Die ersten Seillängen über dem Bergschrund hatten Stunden gekostet, 250 Höhenmeter erforderten zwei Tage."
    # seven words end a piece; the two left before the comma are too few to stand alone
    assert _pieces(sentence) == [
        "Die ersten Seillängen über dem Bergschrund hatten Stunden gekostet,",
        "250 Höhenmeter erforderten zwei Tage.",
    ]


def test_a_short_clause_joins_its_neighbour_and_a_short_sentence_is_one_piece() -> None:
    assert _pieces("Am 9. Mai, früh, erreichten sie den Gipfel über den Nordgrat.") == [
        "Am 9. Mai, früh,",
        "erreichten sie den Gipfel über den Nordgrat.",
    ]
    assert _pieces("Literatur :") == ["Literatur :"]
    assert _pieces("Sie seilen sich ab.") == ["Sie seilen sich ab."]


def test_pieces_keep_every_word_in_order() -> None:
    sentence = "Von den vier Zacken , die den Gipfel bilden , ist der höchste so scharf , dass nur ein Mensch darauf stehen kann ."
    assert " ".join(_pieces(sentence)).split() == sentence.split()


# Original 1 says topic 2 at length and, in a last clause, topic 3; the translation moves that
# clause into its next sentence, which also translates original 2 (topic 4).
SRC = [
    "Der Aufstieg begann im Morgengrauen.",
    "Die ersten Seillängen über dem Bergschrund kosteten viele Stunden harter Arbeit, dann zwei Tage.",
    "Am späten Abend erreichten sie endlich das obere Lager.",
]
TGT = [
    "La montée commença à l'aube.",
    "Les premières longueurs de corde au-dessus de la rimaye coûtèrent de longues heures de travail.",
    "Il fallut deux jours, et le soir ils atteignirent le camp.",
]


def _embedder(table: dict[str, np.ndarray]):
    return lambda texts: np.array([table[t] for t in texts])


def _table(src_rows, tgt_rows) -> dict[str, np.ndarray]:
    table = dict(zip(SRC + TGT, [*src_rows, *tgt_rows]))
    long_clause, short_clause = _pieces(SRC[1])[0], _pieces(SRC[1])[-1]
    table[long_clause], table[short_clause] = _axis((2, 1.0)), _axis((3, 1.0))
    days, evening = _pieces(TGT[2])
    table[days], table[evening] = _axis((3, 1.0)), _axis((4, 1.0))
    for text in SRC + TGT:
        for piece in _pieces(text):
            table.setdefault(piece, table[text])
    return table


def _crossings(number_weight: float = 0.0) -> Crossings:
    src_rows = np.array([_axis((1, 1.0)), _axis((2, 3.0), (3, 1.0)), _axis((4, 1.0))])
    tgt_rows = np.array([_axis((1, 1.0)), _axis((2, 1.0)), _axis((3, 1.0), (4, 3.0))])
    return Crossings(
        SRC, TGT, src_rows, tgt_rows, _embedder(_table(src_rows, tgt_rows)),
        params=_costs(0.2, 1.0, number_weight, 0.3),
    )


def test_a_bead_that_cuts_through_a_translated_clause_pays_for_it() -> None:
    crossings = _crossings()
    one_to_one = crossings(1, 1, 2, np.array([2]))[0]  # original 1 with derived 1
    clause_share = len(_pieces(SRC[1])[-1]) / sum(len(p) for p in _pieces(SRC[1]))
    days_share = len(_pieces(TGT[2])[0]) / sum(len(p) for p in _pieces(TGT[2]))
    assert one_to_one == pytest.approx(clause_share)
    # original 2 with derived 2: the derived clause "two days" belongs with original 1
    assert crossings(1, 1, 3, np.array([3]))[0] == pytest.approx(days_share)


def test_the_bead_the_translation_really_is_pays_nothing() -> None:
    crossings = _crossings()
    assert crossings(2, 2, 3, np.array([3]))[0] == 0.0
    assert crossings(1, 1, 1, np.array([1]))[0] == 0.0  # a sentence translated on its own


def test_a_number_translated_next_to_the_bead_counts() -> None:
    src = ["Der Aufstieg begann im Morgengrauen.", "Sie stiegen 250 Meter in zwei Tagen.", "Am Abend erreichten sie das Lager."]
    tgt = ["La montée commença à l'aube.", "Ils montèrent lentement.", "Il fallut deux jours pour 250 mètres, puis le camp."]
    rows = np.eye(3, DIM)
    table = {t: rows[k % 3] for k, t in enumerate(src + tgt)}
    for text in src + tgt:
        for piece in _pieces(text):
            table.setdefault(piece, table[text])
    crossings = Crossings(src, tgt, rows, rows, _embedder(table), params=_costs(0.2, 0.0, 0.7, 0.3))
    # original 1's 250 lies in derived 2, outside the bead; derived 2's 250 in original 1
    assert crossings(1, 1, 2, np.array([2]))[0] == pytest.approx(0.7)
    assert crossings(1, 1, 3, np.array([3]))[0] == pytest.approx(0.7)
    assert crossings(2, 2, 3, np.array([3]))[0] == 0.0


WEIGHT = 3.0


def _worded(row: np.ndarray, axis: int) -> np.ndarray:
    row = row + NOISE * np.eye(DIM)[axis]
    return row / np.linalg.norm(row)


def _document(weight: float = WEIGHT):
    """A faithful translation of twelve sentences; 4 and 5 are split differently, as in
    ``SRC`` and ``TGT`` (topics 20-22), the others translate one by one."""
    src_texts = [f"Satz Nummer {w} über etwas anderes." for w in "abcdefghijkl"]
    tgt_texts = [f"Phrase numéro {w} sur autre chose." for w in "abcdefghijkl"]
    src_texts[4:6] = [SRC[1], SRC[2]]
    tgt_texts[4:6] = [TGT[1], TGT[2]]
    src_topics = [_axis((k + 5, 1.0)) for k in range(12)]
    tgt_topics = list(src_topics)
    src_topics[4:6] = [_axis((20, weight), (21, 1.0)), _axis((22, 1.0))]
    tgt_topics[4:6] = [_axis((20, 1.0)), _axis((21, 1.0), (22, weight))]
    src_rows = np.array([_worded(row, 30 + k) for k, row in enumerate(src_topics)])
    tgt_rows = np.array([_worded(row, 45 + k) for k, row in enumerate(tgt_topics)])
    table = dict(zip(src_texts + tgt_texts, [*src_rows, *tgt_rows]))
    table[_pieces(SRC[1])[0]], table[_pieces(SRC[1])[-1]] = _axis((20, 1.0)), _axis((21, 1.0))
    table[_pieces(TGT[2])[0]], table[_pieces(TGT[2])[1]] = _axis((21, 1.0)), _axis((22, 1.0))
    for text in src_texts + tgt_texts:
        for piece in _pieces(text):
            table.setdefault(piece, table[text])
    lengths = [np.array([len(t) for t in texts], dtype=np.float64) for texts in (src_texts, tgt_texts)]
    src = SentenceVectors(src_rows, lengths[0])
    tgt = SentenceVectors(tgt_rows, lengths[1])
    crossings = Crossings(
        src_texts, tgt_texts, src_rows, tgt_rows, _embedder(table), params=_costs(0.2, 1.0, 0.7, 0.3)
    )
    return src, tgt, crossings


def _beads(src, tgt, crossing, params=TranslationParams()):
    scores = np.asarray(src.rows) @ np.asarray(tgt.rows).T
    blocks = translation_blocks(src, tgt, scores, gap=4, params=params, crossing=crossing)
    beads: dict[int, tuple[set[int], set[int]]] = {}
    for block in blocks:
        for seed in block.seeds:
            key = min(k for k, (s, t) in beads.items() if seed.src in s or seed.tgt in t) if any(
                seed.src in s or seed.tgt in t for s, t in beads.values()
            ) else len(beads)
            beads.setdefault(key, (set(), set()))
            beads[key][0].add(seed.src)
            beads[key][1].add(seed.tgt)
    return sorted((tuple(sorted(s)), tuple(sorted(t))) for s, t in beads.values())


def test_a_faithful_translation_keeps_a_resplit_pair_of_sentences_together() -> None:
    src, tgt, crossings = _document()
    one_by_one = [((k,), (k,)) for k in range(12)]
    # sentence embeddings alone: each 1-1 pair is close enough, the cut goes through a clause
    assert _beads(src, tgt, None) == one_by_one
    assert _beads(src, tgt, crossings) == [((k,), (k,)) for k in range(4)] + [((4, 5), (4, 5))] + [
        ((k,), (k,)) for k in range(6, 12)
    ]


def test_a_cut_through_a_minor_clause_is_not_worth_a_larger_bead() -> None:
    # the moved clause is a sixth of original 4's content: the 1-1 pairs fit much better
    src, tgt, crossings = _document(weight=6.0)
    assert _beads(src, tgt, crossings) == [((k,), (k,)) for k in range(12)]


def test_crossing_costs_nothing_where_every_sentence_translates_one_by_one() -> None:
    src, tgt, _ = _document()
    texts = [f"Satz {w} über etwas." for w in "abcdefghijkl"], [f"Phrase {w} sur autre chose." for w in "abcdefghijkl"]
    rows = np.array([_axis((k + 5, 1.0)) for k in range(12)])
    table = {t: rows[k] for side in texts for k, t in enumerate(side)}
    crossings = Crossings(*texts, rows, rows, _embedder(table), params=_costs(0.2, 1.0, 0.7, 0.3))
    for k in range(1, 13):
        assert crossings(1, 1, k, np.array([k]))[0] == 0.0


def test_a_segment_cut_at_an_abbreviation_does_not_end_a_sentence() -> None:
    assert ends_in_abbreviation("Erstersteigung 1933 durch B.M .")
    assert ends_in_abbreviation("Kangchendzönga , ca. 8597 m , Leiter Ch .")
    assert ends_in_abbreviation("Le sommet fut atteint par Gyalzen ( n° 57 de l' H .")
    assert not ends_in_abbreviation("Sie seilen sich 50 m ab und gelangen zu den fixen Seilen .")
    assert not ends_in_abbreviation("Die neue Kote ist 8848 m.")
    assert not ends_in_abbreviation("Ich folgte G. O. Dyhrenfurth.")


def test_a_bead_ending_after_an_abbreviation_pays_unless_the_text_ends_there() -> None:
    src = ["Erstersteigung 1933 durch B.M .", "Abalakow , seitdem wiederholt besucht .", "Der Gipfel ist vergletschert ."]
    tgt = ["Première ascension en 1933 par E. M. Abalakow .", "Souvent visité depuis .", "Le sommet est glaciaire ."]
    rows = np.eye(3, DIM)
    table = {t: rows[k % 3] for k, t in enumerate(src + tgt)}
    crossings = Crossings(
        src, tgt, rows, rows, _embedder(table), params=_costs(0.2, 0.0, 0.0, 0.3)
    )
    assert crossings(1, 1, 1, np.array([1, 2]))[0] == pytest.approx(0.3)  # cut after "B.M ."
    assert crossings(2, 2, 2, np.array([2]))[0] == 0.0
    assert crossings(1, 1, 3, np.array([3]))[0] == 0.0  # the last segment ends the text


def test_debris_is_linked_only_inside_a_link_around_it() -> None:
    from aligning import align_texts

    words = ("eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht")
    src_lines = [f"Der Satz {word} steht hier." for word in words]
    french = ("un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit")
    tgt_lines = [f"La phrase {word} est ici." for word in french]
    # OCR debris after the third derived sentence; the fifth original sentence is translated
    # as two sentences with a stray mark between them
    tgt_lines[4:5] = ["La phrase cinq commence ici,", "* , *^", "et la phrase cinq finit là."]
    tgt_lines[3:3] = ["....."]
    src_rows = [_worded(_axis((k + 1, 1.0)), 30 + k) for k in range(8)]
    src_rows[4] = _worded(_axis((5, 1.0), (20, 1.0)), 34)
    tgt_topics = [1, 2, 3, None, 4, 5, None, 20, 6, 7, 8]
    tgt_rows = [
        _worded(_axis((topic, 1.0)), 45 + k) if topic else _axis((60 + k % 2, 1.0))
        for k, topic in enumerate(tgt_topics)
    ]
    table = dict(zip(src_lines + tgt_lines, [*src_rows, *tgt_rows]))
    for text in src_lines + tgt_lines:
        for piece in _pieces(text):
            table.setdefault(piece, table[text])
    src_text, tgt_text = "\n".join(src_lines) + "\n", "\n".join(tgt_lines) + "\n"

    passages = align_texts(
        src_text, tgt_text, languages=("de", "fr"), segment="lines", mode="document", model=_embedder(table),
    )

    links = sorted((link.src, link.tgt) for p in passages for link in p.links)
    assert links == [
        ((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (4,)), ((4,), (5, 6, 7)),
        ((5,), (8,)), ((6,), (9,)), ((7,), (10,)),
    ]


def test_only_the_edge_pieces_of_a_sentence_are_embedded() -> None:
    src = ["Am frühen Morgen , nach einer kalten Nacht im Zelt , über den Grat und die steile Scharte , erreichten sie endlich den Gipfel ."]
    tgt = ["Le matin , après une nuit froide , ils atteignirent le sommet ."]
    parts = _pieces(src[0])
    assert len(parts) == 4
    asked: list[str] = []

    def embedder(texts):
        asked.extend(texts)
        return np.array([_axis((k % 3, 1.0)) for k, _ in enumerate(texts)])

    rows = np.array([_axis((0, 1.0))])
    crossings = Crossings(src, tgt, rows, rows, embedder, params=_costs(0.2, 1.0, 0.7, 0.3))
    assert crossings(1, 1, 1, np.array([1]))[0] == 0.0
    assert parts[0] in asked and parts[-1] in asked
    assert parts[1] not in asked and parts[2] not in asked
