"""PAN measures, PAN XML and corpus reading (sourcetrace.evaluate.pan).

Expected values are worked out by hand in the comments. A case written ``[a, b) / [c, d)``
covers suspicious characters a..b-1 and source characters c..d-1; its size counts both sides.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sourcetrace.errors import CorpusError
from sourcetrace.evaluate.pan import (
    OVERALL,
    Case,
    Scores,
    evaluate_corpus,
    format_detections,
    pair_file_name,
    plagdet_score,
    read_cases,
    read_corpus,
    score,
    write_detections,
)
from sourcetrace.model import Span

SUSP = "suspicious-document00001.txt"
SRC = "source-document00001.txt"
PAN13 = Path(__file__).resolve().parents[2] / "shared" / "data" / "pan13-train"


def case(
    susp_start: int, susp_end: int, src_start: int, src_end: int, susp: str = SUSP, src: str = SRC
) -> Case:
    return Case(susp, src, Span(susp_start, susp_end), Span(src_start, src_end))


# --- character level ----------------------------------------------------------------------


def test_perfect_detection() -> None:
    # One case, detected exactly: every measure 1, one detection per case.
    cases = [case(0, 100, 0, 100)]
    s = score(cases, cases)
    assert (s.plagdet, s.recall, s.precision, s.granularity) == (1.0, 1.0, 1.0, 1.0)
    assert (s.micro_plagdet, s.micro_recall, s.micro_precision) == (1.0, 1.0, 1.0)
    assert (s.case_recall, s.case_precision) == (1.0, 1.0)
    assert (s.cases, s.detections, s.detected_cases, s.pairs_with_detections) == (1, 1, 1, 1)


def test_half_covered_case() -> None:
    # Case [0,100)/[0,100) = 200 chars; detection [0,50)/[0,50) covers 50 + 50 = 100 of them.
    # recall = 100/200 = 0.5; the detection lies wholly inside the case: precision = 1.
    # plagdet = F1 = 2 * 0.5 * 1 / 1.5 = 2/3 (granularity 1).
    s = score([case(0, 100, 0, 100)], [case(0, 50, 0, 50)])
    assert s.recall == pytest.approx(0.5)
    assert s.precision == pytest.approx(1.0)
    assert s.granularity == 1.0
    assert s.plagdet == pytest.approx(2 / 3)


def test_case_split_into_two_detections() -> None:
    # Detections [0,40)/[0,40) and [60,100)/[60,100) both detect the case [0,100)/[0,100):
    # recall = (80 + 80)/200 = 0.8, precision = 1, granularity = 2,
    # plagdet = F1 / log2(3) = (2 * 0.8 / 1.8) / log2(3) = 0.8889 / 1.585 = 0.5608.
    s = score([case(0, 100, 0, 100)], [case(0, 40, 0, 40), case(60, 100, 60, 100)])
    assert s.recall == pytest.approx(0.8)
    assert s.precision == pytest.approx(1.0)
    assert s.granularity == 2.0
    assert s.plagdet == pytest.approx((2 * 0.8 / 1.8) / math.log2(3))
    assert s.plagdet == pytest.approx(0.5608, abs=1e-4)


def test_exact_split_gives_f1_over_log2_3() -> None:
    # Two halves cover the case exactly: F1 = 1, plagdet = 1/log2(3) = 0.6309.
    s = score([case(0, 100, 0, 100)], [case(0, 50, 0, 50), case(50, 100, 50, 100)])
    assert (s.recall, s.precision, s.granularity) == (1.0, 1.0, 2.0)
    assert s.plagdet == pytest.approx(1 / math.log2(3))


@pytest.mark.parametrize(
    "detection",
    [
        case(0, 100, 0, 100, src="source-document00002.txt"),  # same spans, other source
        case(0, 100, 0, 100, susp="suspicious-document00002.txt"),  # other suspicious doc
        case(0, 100, 200, 300),  # right pair, suspicious side overlaps, source side does not
        case(200, 300, 0, 100),  # source side overlaps, suspicious side does not
        case(100, 150, 100, 150),  # touching ends share no character (half-open ranges)
    ],
)
def test_detection_that_does_not_detect(detection: Case) -> None:
    # Nothing is detected: recall 0, precision 0, plagdet 0; granularity 1 by convention.
    s = score([case(0, 100, 0, 100)], [detection])
    assert (s.recall, s.precision, s.plagdet, s.granularity) == (0.0, 0.0, 0.0, 1.0)
    assert (s.micro_recall, s.micro_precision) == (0.0, 0.0)
    assert (s.detected_cases, s.case_recall, s.case_precision) == (0, 0.0, 0.0)


def test_false_detection_lowers_precision() -> None:
    # Exact detection (precision 1) + a detection [500,600)/[500,600) touching no case
    # (precision 0): macro precision = (1 + 0)/2 = 0.5, micro = 200/(200 + 200) = 0.5.
    # recall stays 1; plagdet = F1 = 2 * 0.5 / 1.5 = 2/3. Case level: 1 of 2 detections true.
    s = score([case(0, 100, 0, 100)], [case(0, 100, 0, 100), case(500, 600, 500, 600)])
    assert s.recall == 1.0
    assert s.precision == pytest.approx(0.5)
    assert s.micro_precision == pytest.approx(0.5)
    assert s.plagdet == pytest.approx(2 / 3)
    assert (s.case_recall, s.case_precision) == (1.0, 0.5)


def test_detection_larger_than_case() -> None:
    # Detection [0,200)/[0,200) (400 chars) covers the case [0,100)/[0,100) (200 chars):
    # recall 1, precision 200/400 = 0.5 (macro and micro alike).
    s = score([case(0, 100, 0, 100)], [case(0, 200, 0, 200)])
    assert (s.recall, s.precision, s.micro_precision) == (1.0, 0.5, 0.5)


SMALL = case(0, 10, 0, 10, src="source-document00002.txt")  # 20 chars
LARGE = case(0, 90, 0, 90)  # 180 chars


def test_macro_and_micro_recall_differ_small_case_found() -> None:
    # Only the small case is found: macro recall = (1 + 0)/2 = 0.5,
    # micro recall = 20 / (20 + 180) = 0.1. Precision is 1 either way.
    s = score([SMALL, LARGE], [SMALL])
    assert s.recall == pytest.approx(0.5)
    assert s.micro_recall == pytest.approx(0.1)
    assert (s.precision, s.micro_precision) == (1.0, 1.0)
    assert s.plagdet == pytest.approx(2 * 0.5 / 1.5)
    assert s.micro_plagdet == pytest.approx(2 * 0.1 / 1.1)


def test_macro_and_micro_recall_differ_large_case_found() -> None:
    # Only the large case is found: macro recall 0.5, micro recall = 180/200 = 0.9.
    s = score([SMALL, LARGE], [LARGE])
    assert s.recall == pytest.approx(0.5)
    assert s.micro_recall == pytest.approx(0.9)


def test_macro_and_micro_precision_differ() -> None:
    # Detections: the small case exactly (20 chars, precision 1) and a large false one
    # [500,590)/[500,590) (180 chars, precision 0). Macro precision = 0.5, micro = 20/200 = 0.1.
    false = case(500, 590, 500, 590)
    s = score([SMALL, LARGE], [SMALL, false])
    assert s.precision == pytest.approx(0.5)
    assert s.micro_precision == pytest.approx(0.1)


def test_overlapping_detections_count_characters_once() -> None:
    # Detections [0,60)/[0,60) and [40,100)/[40,100) overlap on [40,60): the case is covered
    # once over, recall 1; each detection lies inside the case, precision 1; granularity 2.
    s = score([case(0, 100, 0, 100)], [case(0, 60, 0, 60), case(40, 100, 40, 100)])
    assert (s.recall, s.precision, s.granularity) == (1.0, 1.0, 2.0)
    assert (s.micro_recall, s.micro_precision) == (1.0, 1.0)


def test_granularity_is_a_mean_over_detected_cases() -> None:
    # Case A is hit by 3 detections, case B by 1, case C by none: granularity = (3 + 1)/2 = 2.
    a, b, c = case(0, 90, 0, 90), case(200, 300, 200, 300), case(400, 500, 400, 500)
    dets = [case(0, 30, 0, 30), case(30, 60, 30, 60), case(60, 90, 60, 90), b]
    s = score([a, b, c], dets)
    assert s.granularity == 2.0
    assert s.detected_cases == 2


# --- empty inputs ---------------------------------------------------------------------------


def test_no_cases_no_detections_is_undefined() -> None:
    s = score([], [])
    assert (s.plagdet, s.recall, s.precision) == (None, None, None)
    assert (s.micro_plagdet, s.micro_recall, s.micro_precision) == (None, None, None)
    assert (s.case_recall, s.case_precision, s.granularity) == (None, None, 1.0)
    assert (s.cases, s.detections, s.pairs, s.pairs_with_detections) == (0, 0, 0, 0)


def test_cases_without_detections_score_zero() -> None:
    # Official convention: with no detections, precision is 0, so plagdet is 0.
    s = score([case(0, 100, 0, 100)], [])
    assert (s.plagdet, s.recall, s.precision, s.granularity) == (0.0, 0.0, 0.0, 1.0)
    assert (s.case_recall, s.case_precision) == (0.0, 0.0)


def test_detections_without_cases() -> None:
    # Every detection is false (precision 0); recall is undefined, hence plagdet too.
    s = score([], [case(0, 100, 0, 100)])
    assert (s.recall, s.precision, s.plagdet) == (None, 0.0, None)
    assert (s.case_recall, s.case_precision) == (None, 0.0)
    assert (s.detections, s.pairs_with_detections) == (1, 1)


def test_plagdet_score() -> None:
    assert plagdet_score(0.0, 0.0, 1.0) == 0.0
    assert plagdet_score(None, 1.0, 1.0) is None
    assert plagdet_score(1.0, 1.0, 3.0) == pytest.approx(0.5)  # 1 / log2(4)


# --- case level ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("detections", "expected"),
    [
        # Covers 49 + 49 = 98 of 200 chars: recall 0.49 < 0.5 -> not detected, and the only
        # detection detects no case with recall >= 0.5 -> not true. (0, 0)
        ([case(0, 49, 0, 49)], (0.0, 0.0)),
        # Exactly half: recall 0.5 >= 0.5, precision 1 -> detected and true. (1, 1)
        ([case(0, 50, 0, 50)], (1.0, 1.0)),
        # Covers the case (recall 1) but is 500 chars of which 200 in the case: precision 0.4.
        ([case(0, 250, 0, 250)], (0.0, 0.0)),
        # precision exactly 200/400 = 0.5 -> detected and true.
        ([case(0, 200, 0, 200)], (1.0, 1.0)),
        # Two pieces of 30 + 30: together recall 120/200 = 0.6, each precision 1 -> both true.
        ([case(0, 30, 0, 30), case(30, 60, 30, 60)], (1.0, 1.0)),
        # As above plus a detection elsewhere: 2 of 3 detections true.
        ([case(0, 30, 0, 30), case(30, 60, 30, 60), case(900, 950, 900, 950)], (1.0, 2 / 3)),
        # [0,60) is precise (1); [60,300) spills out: 80 of its 480 chars in the case, 1/6.
        # The case is detected (recall 1, a detection with precision >= 0.5); only [0,60) is true.
        ([case(0, 60, 0, 60), case(60, 300, 60, 300)], (1.0, 0.5)),
        # [0,100)/[90,400) has 100 + 10 of its 410 chars in the case (precision 0.27), and
        # [90,400)/[0,100) likewise. Together they cover the case (recall 1), but neither has
        # precision >= 0.5: the case is not detected and neither detection is true.
        ([case(0, 100, 90, 400), case(90, 400, 0, 100)], (0.0, 0.0)),
    ],
)
def test_case_level(detections: list[Case], expected: tuple[float, float]) -> None:
    s = score([case(0, 100, 0, 100)], detections)
    assert s.case_recall == pytest.approx(expected[0])
    assert s.case_precision == pytest.approx(expected[1])


def test_case_level_with_two_cases() -> None:
    # Case A [0,100)/[0,100) found at 0.6 by a precise detection; case B [200,300)/[200,300)
    # touched by a 10-char detection (recall 0.1): case recall 1/2, case precision 1/2.
    a, b = case(0, 100, 0, 100), case(200, 300, 200, 300)
    s = score([a, b], [case(0, 60, 0, 60), case(200, 210, 200, 210)])
    assert (s.case_recall, s.case_precision) == (0.5, 0.5)


def test_empty_detection_scores_zero() -> None:
    # An empty detection (no character on either side) detects nothing: precision 0, so
    # macro precision = (1 + 0)/2.
    s = score([case(0, 100, 0, 100)], [case(0, 100, 0, 100), case(10, 10, 10, 10)])
    assert s.precision == pytest.approx(0.5)
    assert s.granularity == 1.0


# --- brute force cross-check --------------------------------------------------------------

DOCS = [
    ("suspicious-document00001.txt", SRC),
    ("suspicious-document00001.txt", "source-document00002.txt"),
    ("suspicious-document00002.txt", SRC),
]


def _chars(c: Case) -> set[tuple[str, str, str, int]]:
    """The characters of c, per side, keyed by document pair (the pooling unit)."""
    susp = {(c.susp, c.src, "susp", i) for i in range(c.susp_span.start, c.susp_span.end)}
    return susp | {(c.susp, c.src, "src", i) for i in range(c.src_span.start, c.src_span.end)}


def _naive_detects(s: Case, r: Case) -> bool:
    shared = {(side, i) for *_, side, i in _chars(s) & _chars(r)}
    return s.pair == r.pair and {side for side, _ in shared} == {"susp", "src"}


def _naive_rate(item: Case, others: list[Case]) -> float:
    union = set().union(*(_chars(o) for o in others)) if others else set()
    return len(_chars(item) & union) / item.size if item.size else 0.0


@st.composite
def _annotations(draw: st.DrawFn) -> Case:
    susp, src = draw(st.sampled_from(DOCS))
    a, b, c, d = (draw(st.integers(0, 30)) for _ in range(4))
    return case(min(a, b), max(a, b), min(c, d), max(c, d), susp=susp, src=src)


@settings(max_examples=200, deadline=None)
@given(st.lists(_annotations(), max_size=5), st.lists(_annotations(), max_size=5))
def test_matches_per_character_definition(cases: list[Case], dets: list[Case]) -> None:
    s = score(cases, dets)
    detecting = {i: [r for r in dets if _naive_detects(c, r)] for i, c in enumerate(cases)}
    detected = {j: [c for c in cases if _naive_detects(c, r)] for j, r in enumerate(dets)}
    recalls = [_naive_rate(c, detecting[i]) for i, c in enumerate(cases)]
    precisions = [_naive_rate(r, detected[j]) for j, r in enumerate(dets)]
    hit = set().union(*(_chars(c) & _chars(r) for c in cases for r in dets if _naive_detects(c, r)))
    case_chars = set().union(*(_chars(c) for c in cases))
    det_chars = set().union(*(_chars(r) for r in dets))
    counts = [len(v) for v in detecting.values() if v]
    if cases:
        assert s.recall == pytest.approx(sum(recalls) / len(cases))
        expected = len(hit) / len(case_chars) if case_chars else 0.0
        assert s.micro_recall == pytest.approx(expected)
    if dets:
        assert s.precision == pytest.approx(sum(precisions) / len(dets))
        expected = len(hit) / len(det_chars) if det_chars else 0.0
        assert s.micro_precision == pytest.approx(expected)
    assert s.granularity == pytest.approx(sum(counts) / len(counts) if counts else 1.0)
    if cases:
        found = [
            i
            for i, c in enumerate(cases)
            if recalls[i] >= 0.5 and any(precisions[dets.index(r)] >= 0.5 for r in detecting[i])
        ]
        assert s.case_recall == pytest.approx(len(found) / len(cases))


# --- PAN XML --------------------------------------------------------------------------------

EXPECTED_XML = (
    '<document reference="suspicious-document00001.txt">\n'
    '<feature name="detected-plagiarism" this_offset="0" this_length="10"'
    ' source_reference="source-document00001.txt" source_offset="100" source_length="30"/>\n'
    '<feature name="detected-plagiarism" this_offset="50" this_length="10"'
    ' source_reference="source-document00001.txt" source_offset="5" source_length="1"/>\n'
    "</document>\n"
)


def test_detections_round_trip(tmp_path: Path) -> None:
    detections = [(Span(50, 60), Span(5, 6)), (Span(0, 10), Span(100, 130))]
    first, second = tmp_path / "a" / "out.xml", tmp_path / "b.xml"
    write_detections(first, SUSP, SRC, detections)
    write_detections(second, SUSP, SRC, list(reversed(detections)))
    # Same set of detections, same bytes, whatever the order they were given in.
    assert first.read_bytes() == second.read_bytes() == EXPECTED_XML.encode("utf-8")
    assert format_detections(SUSP, SRC, detections) == EXPECTED_XML
    back = read_cases(first)
    assert [(c.susp_span, c.src_span) for c in back] == sorted(
        detections, key=lambda d: (d[0].start, d[1].start)
    )
    assert {(c.susp, c.src, c.obfuscation) for c in back} == {(SUSP, SRC, "")}
    # The temporary file was renamed into place, not left behind.
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["b.xml", "out.xml"]


def test_write_detections_replaces_and_handles_empty(tmp_path: Path) -> None:
    path = tmp_path / "out.xml"
    write_detections(path, SUSP, SRC, [(Span(0, 1), Span(0, 1))])
    write_detections(path, SUSP, SRC, [])
    assert path.read_text(encoding="utf-8") == f'<document reference="{SUSP}">\n</document>\n'
    assert read_cases(path) == []


def test_read_cases_truth_file(tmp_path: Path) -> None:
    # Other features are ignored; a translation case's type stands in for its obfuscation.
    path = tmp_path / "t.xml"
    path.write_text(
        f'<document reference="{SUSP}">\n'
        '<feature name="about" authors="x" />\n'
        f'<feature name="plagiarism" obfuscation="none" this_offset="3" this_length="4"'
        f' source_reference="{SRC}" source_offset="10" source_length="5" />\n'
        f'<feature name="plagiarism" type="translation-chain" this_offset="0" this_length="2"'
        f' source_reference="{SRC}" source_offset="0" source_length="2" />\n'
        "</document>\n",
        encoding="utf-8",
    )
    assert read_cases(path) == [
        Case(SUSP, SRC, Span(3, 7), Span(10, 15), "none"),
        Case(SUSP, SRC, Span(0, 2), Span(0, 2), "translation-chain"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "<document reference='x'>",  # not well-formed
        "<doc reference='x'></doc>",  # wrong root
        f"<document reference='{SUSP}'><feature name='plagiarism' this_offset='1'"
        f" this_length='-5' source_reference='{SRC}' source_offset='0' source_length='1'/>"
        "</document>",  # negative length
        f"<document reference='{SUSP}'><feature name='detected-plagiarism' this_offset='1'"
        " this_length='5' source_offset='0' source_length='1'/></document>",  # no source
    ],
)
def test_read_cases_rejects_bad_files(tmp_path: Path, text: str) -> None:
    path = tmp_path / "bad.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        read_cases(path)
    assert "\n" not in str(info.value)


def test_pair_file_name() -> None:
    assert pair_file_name(SUSP, SRC) == "suspicious-document00001-source-document00001.xml"


# --- corpus -----------------------------------------------------------------------------------

SUSP2 = "suspicious-document00002.txt"
SRC2 = "source-document00002.txt"


def _truth(susp: str, features: list[tuple[int, int, str, int, int]]) -> str:
    lines = [f'<document reference="{susp}">', '<feature name="about" title="news" />']
    lines += [
        f'<feature name="plagiarism" obfuscation="none" this_offset="{a}" this_length="{b}"'
        f' source_reference="{src}" source_offset="{c}" source_length="{d}" />'
        for a, b, src, c, d in features
    ]
    return "\n".join([*lines, "</document>", ""])


def _build_corpus(root: Path) -> Path:
    """Two sections: 01-none (pair 2/2, no case) and 02-plain (pair 1/1, two cases)."""
    for folder, name in (("susp", SUSP), ("susp", SUSP2), ("src", SRC), ("src", SRC2)):
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / name).write_text("x" * 1000, encoding="utf-8")
    sections = {
        "01-none": (SUSP2, SRC2, []),
        "02-plain": (SUSP, SRC, [(0, 100, SRC, 0, 100), (500, 100, SRC, 300, 100)]),
    }
    for section, (susp, src, features) in sections.items():
        (root / section).mkdir()
        (root / section / "pairs").write_text(f"{susp} {src}\n\n", encoding="utf-8")
        (root / section / pair_file_name(susp, src)).write_text(
            _truth(susp, features), encoding="utf-8"
        )
    (root / "pairs").write_text(f"{SUSP2} {SRC2}\n{SUSP} {SRC}\n", encoding="utf-8")
    return root


def test_read_corpus(tmp_path: Path) -> None:
    pairs = read_corpus(_build_corpus(tmp_path))
    assert [(p.section, p.susp, p.src, len(p.cases)) for p in pairs] == [
        ("01-none", SUSP2, SRC2, 0),
        ("02-plain", SUSP, SRC, 2),
    ]
    assert pairs[1].cases[1] == Case(SUSP, SRC, Span(500, 600), Span(300, 400), "none")


def test_evaluate_corpus(tmp_path: Path) -> None:
    corpus = _build_corpus(tmp_path / "corpus")
    dets = tmp_path / "dets"
    # 02-plain: case 1 found exactly, case 2 [500,600)/[300,400) half found by [500,550)/[300,350).
    write_detections(
        dets / pair_file_name(SUSP, SRC),
        SUSP,
        SRC,
        [(Span(0, 100), Span(0, 100)), (Span(500, 550), Span(300, 350))],
    )
    # 01-none: one false detection (in the section folder, which takes precedence).
    false_at = dets / "01-none" / pair_file_name(SUSP2, SRC2)
    write_detections(false_at, SUSP2, SRC2, [(Span(0, 10), Span(0, 10))])
    result = evaluate_corpus(corpus, dets)
    assert list(result) == ["01-none", "02-plain", OVERALL]
    none, plain, overall = result["01-none"], result["02-plain"], result[OVERALL]
    # 01-none: no case -> recall and plagdet undefined; the false detection gives precision 0.
    assert (none.recall, none.precision, none.plagdet) == (None, 0.0, None)
    assert (none.pairs, none.pairs_with_detections, none.detections) == (1, 1, 1)
    # 02-plain: recall = (1 + 0.5)/2 = 0.75, precision 1, plagdet = 2*0.75/1.75 = 0.857.
    assert plain.recall == pytest.approx(0.75)
    assert plain.precision == 1.0
    assert plain.plagdet == pytest.approx(6 / 7)
    # Overall: recall 0.75; precision = (1 + 1 + 0)/3; micro precision = 300/320.
    assert overall.recall == pytest.approx(0.75)
    assert overall.precision == pytest.approx(2 / 3)
    assert overall.micro_precision == pytest.approx(300 / 320)
    assert (overall.pairs, overall.pairs_with_detections, overall.cases) == (2, 2, 2)
    assert isinstance(overall, Scores) and overall.to_dict()["detections"] == 3


def test_evaluate_corpus_missing_detections_file_means_none(tmp_path: Path) -> None:
    corpus = _build_corpus(tmp_path / "corpus")
    (tmp_path / "dets").mkdir()
    result = evaluate_corpus(corpus, tmp_path / "dets")
    assert result["01-none"].plagdet is None
    assert (result["02-plain"].plagdet, result["02-plain"].detections) == (0.0, 0)


def _drop_src(root: Path) -> None:
    for path in (root / "src").iterdir():
        path.unlink()
    (root / "src").rmdir()


def _drop_pairs_files(root: Path) -> None:
    for section in ("01-none", "02-plain"):
        (root / section / "pairs").unlink()


def _drop_truth(root: Path) -> None:
    (root / "02-plain" / pair_file_name(SUSP, SRC)).unlink()


def _drop_document(root: Path) -> None:
    (root / "susp" / SUSP).unlink()


def _bad_pairs_line(root: Path) -> None:
    (root / "01-none" / "pairs").write_text("just-one-name\n", encoding="utf-8")


def _bad_xml(root: Path) -> None:
    (root / "02-plain" / pair_file_name(SUSP, SRC)).write_text("<doc", encoding="utf-8")


def _case_of_other_pair(root: Path) -> None:
    truth = _truth(SUSP, [(0, 10, SRC2, 0, 10)])
    (root / "02-plain" / pair_file_name(SUSP, SRC)).write_text(truth, encoding="utf-8")


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (_drop_src, "no src/ folder"),
        (_drop_pairs_files, "no section"),
        (_drop_truth, "truth file missing"),
        (_drop_document, "suspicious document missing"),
        (_bad_pairs_line, "01-none/pairs:1"),
        (_bad_xml, "cannot read"),
        (_case_of_other_pair, "not its pair"),
    ],
)
def test_broken_corpus_raises_corpus_error(
    tmp_path: Path, breakage: Callable[[Path], None], message: str
) -> None:
    root = _build_corpus(tmp_path)
    breakage(root)
    with pytest.raises(CorpusError, match=message) as info:
        read_corpus(root)
    assert "\n" not in str(info.value)


def test_missing_corpus_and_detections_folder(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="corpus folder not found"):
        read_corpus(tmp_path / "nowhere")
    with pytest.raises(CorpusError, match="detections folder not found"):
        evaluate_corpus(_build_corpus(tmp_path), tmp_path / "nowhere")


def test_real_corpus_truth_against_itself() -> None:
    if not PAN13.is_dir():
        pytest.skip(f"PAN13 corpus not found at {PAN13}: ../shared is absent")
    # The truth files hold only "plagiarism" features, which read_cases accepts as detections.
    result = evaluate_corpus(PAN13, PAN13)
    assert list(result)[-1] == OVERALL
    for name, scores in result.items():
        if scores.cases:
            assert scores.plagdet == 1.0, name
            assert (scores.granularity, scores.case_recall, scores.micro_plagdet) == (1.0, 1.0, 1.0)
        else:
            assert (scores.plagdet, scores.detections) == (None, 0), name
    assert result[OVERALL].cases == 4007
