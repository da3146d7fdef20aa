"""Language-independent anchors: numbers, names, countries."""

from __future__ import annotations

from sourcetrace.align.anchors import anchor_incidence, anchor_matrix, anchors


def anchor_dice(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice overlap of two anchor sets, worked out directly (0.0 when both are empty)."""
    return 2.0 * len(a & b) / (len(a) + len(b)) if a or b else 0.0


def test_numbers_keep_their_digits_whatever_the_separators() -> None:
    assert "#1500" in anchors("It cost 1,500 euros.")
    assert "#1500" in anchors("Kushtoi 1.500 euro.")
    assert "#7" not in anchors("It took 7 days.")  # single digits tell nothing apart


def test_names_are_transliterated_and_cut_to_a_prefix() -> None:
    assert "@petro" in anchors("Lawyer Natali Petrovska said so.")
    assert "@petro" in anchors("Avokatja Natali Petrovskës tha kështu.", ["sq"])
    assert "@petro" in anchors("Адвокат Натали Петровска.")


def test_country_names_map_to_one_code_across_languages() -> None:
    assert "^DE" in anchors("Exports to Germany grew.")
    assert "^DE" in anchors("Die Exporte nach Deutschland wuchsen.", ["de"])


def test_dice_matrix_matches_pairwise_dice() -> None:
    src = [anchors("In 2019 Germany sent 250 experts."), anchors("nothing here")]
    tgt = [anchors("Në 2019 Gjermania dërgoi 250 ekspertë.", ["sq"])]
    a, b = anchor_incidence(src, tgt)
    matrix = anchor_matrix(a, b)
    assert matrix.shape == (2, 1)
    assert matrix[0, 0] == anchor_dice(src[0], tgt[0]) > 0.5
    assert matrix[1, 0] == 0.0
