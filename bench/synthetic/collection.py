"""What both collections share: ids in a shuffled order, made-up distractors streamed to disk
between the real documents, files written whole or not at all."""

from __future__ import annotations

import contextlib
import os
import random
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from synthetic.documents import SITES, Record, assemble, news_length, random_date
from synthetic.errors import SyntheticError
from synthetic.fake import FakeText
from synthetic.ngrams import Guard, WordHasher
from synthetic.pools import Piece

MADE_UP = "made_up"


def prepare_folder(out: Path, names: Sequence[str]) -> None:
    """Refuse to write over anything: the folder must be new or hold none of ``names``."""
    if out.exists() and not out.is_dir():
        raise SyntheticError(f"{out}: exists and is not a folder")
    taken = [n for n in names if (out / n).exists()]
    if taken:
        raise SyntheticError(f"{out / taken[0]}: exists; choose another folder")
    out.mkdir(parents=True, exist_ok=True)


@contextlib.contextmanager
def atomic_files(out: Path, names: Sequence[str]) -> Iterator[dict[str, IO[str]]]:
    """Files opened under a temporary name and renamed into place only when all succeeded."""
    parts = {n: out / f".{n}.part" for n in names}
    handles = {n: p.open("w", encoding="utf-8", newline="\n") for n, p in parts.items()}
    try:
        yield handles
    except BaseException:
        for handle in handles.values():
            handle.close()
        for part in parts.values():
            part.unlink(missing_ok=True)
        raise
    for handle in handles.values():
        handle.close()
    for name, part in parts.items():
        os.replace(part, out / name)


def shuffled_roles(counts: Mapping[str, int], total: int, rng: random.Random) -> list[str]:
    """The role of every position (a document's id is its position), made-up ones filling up."""
    fixed = sum(counts.values())
    if fixed > total:
        raise SyntheticError(f"{total} documents cannot hold the {fixed} built from real text: "
                             "ask for more documents or fewer suspects/stories")
    roles = [role for role, count in counts.items() for _ in range(count)]
    roles += [MADE_UP] * (total - fixed)
    rng.shuffle(roles)
    return roles


def positions_by_role(roles: Sequence[str], rng: random.Random) -> dict[str, list[int]]:
    """The positions of each role, shuffled: the k-th document built for a role goes to the
    k-th of them. Shuffled, so that ids say nothing of the order of building (a copy is built
    after its parent, a suspect next to its sources)."""
    positions: dict[str, list[int]] = {}
    for position, role in enumerate(roles):
        positions.setdefault(role, []).append(position)
    for role in sorted(positions):
        rng.shuffle(positions[role])
    return positions


def document_ids(total: int) -> list[str]:
    width = max(6, len(str(total - 1)))
    return [f"doc-{k:0{width}d}" for k in range(total)]


def random_site(rng: random.Random) -> str:
    return rng.choice(SITES)


def free_of(pieces: Sequence[Piece], reused: Iterable[str]) -> list[Piece]:
    """The pieces that share no 8-gram with the ``reused`` texts. The pools share none, but a
    rewrite's edits can make an 8-gram that some other real text has: a real distractor must
    not hold one."""
    hasher = WordHasher()
    guard = Guard(hasher.text_ngrams(text) for text in reused)
    return [p for p in pieces if not guard.hits(hasher.text_ngrams(" ".join(p.sentences)))]


@dataclass(frozen=True)
class Written:
    made_up: int
    redrawn: int  # made-up texts drawn again because they held a protected 8-gram


def write_documents(handles: Mapping[str, IO[str]], roles: Sequence[str], ids: Sequence[str],
                    built: Mapping[int, Record], file_of: Callable[[str], str],
                    frames: Sequence[Piece], seed: int, dated_share: float = 1.0) -> Written:
    """Every document in id order, each to ``file_of(role)``: the ``built`` ones as they are, the
    others made up on the spot (with a generator of their own, from ``seed`` and the position)
    from the frames and words of ``frames``, never with an 8-gram of a built one."""
    hasher = WordHasher()
    guard = Guard(hasher.text_ngrams(r.text) for r in built.values())
    fake = FakeText(frames)
    made_up = redrawn = 0
    for position, (role, doc_id) in enumerate(zip(roles, ids)):
        record = built.get(position)
        if record is None:
            rng = random.Random(f"{seed}:made up:{position}")
            sentences, breaks, tries = fake.document(rng, news_length(rng), guard, hasher)
            text = assemble(sentences, breaks).text
            date = random_date(rng) if rng.random() < dated_share else None
            record = Record(doc_id, text, date, random_site(rng))
            made_up, redrawn = made_up + 1, redrawn + tries - 1
        handles[file_of(role)].write(record.to_json() + "\n")
    return Written(made_up, redrawn)

