"""Rewrites of real sentences, after PAN's random obfuscation, with the project's word tables.

PAN13's random obfuscation shuffles, deletes, inserts and replaces words and short phrases at
random. Here each operation takes one sentence and a seeded generator:

* ``synonym``: a word of the project's synonym or British/American spelling table
  (``sourcetrace.evaluate.distortions``) rewritten; where the sentence has none, a word replaced
  by one drawn from the source document's own words (PAN drew its replacements at random too);
  ``table`` is the same without the random replacement (a summary only shortens and rewords);
* ``delete``, ``insert`` (a word of the source document), ``swap`` (two neighbours) and
  ``shuffle`` (three words in a row put in another order).

Words with a digit are never touched: numbers change only where the truth says so
(:func:`change_number`), and a copy of a copy keeps them.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

from sourcetrace.evaluate.distortions import edit_number, rewrite_spelling, rewrite_synonym

OPERATIONS = ("synonym", "delete", "insert", "swap", "shuffle")
SUMMARY_OPERATIONS = ("delete", "delete", "table")
_ENDING = re.compile(r"[.!?…]+[\"'”’)]*$")


def obfuscate(sentence: str, rng: random.Random, rate: float, vocabulary: Sequence[str],
              operations: Sequence[str] = OPERATIONS) -> str:
    """``sentence`` with about ``rate`` of its words edited (at least one edit)."""
    ending = _ENDING.search(sentence)
    body = sentence[: ending.start()] if ending else sentence
    tokens = body.split()
    wanted = max(1, round(rate * len(tokens)))
    # An operation can leave the words as they were (a shuffle into the same order, a swap of
    # two equal words): only one that changed them counts.
    for _ in range(4 * wanted + 4):
        edited = _apply(rng.choice(operations), tokens, rng, vocabulary)
        if edited != tokens:
            tokens, wanted = edited, wanted - 1
        if not wanted:
            break
    text = " ".join(tokens)
    if sentence[:1].isupper():
        text = text[:1].upper() + text[1:]
    return text + (ending.group() if ending else "")


def _free(tokens: list[str]) -> list[int]:
    return [i for i, t in enumerate(tokens) if not any(c.isdigit() for c in t)]


def _apply(operation: str, tokens: list[str], rng: random.Random, vocabulary: Sequence[str]) -> list[str]:
    free = _free(tokens)
    if operation in ("synonym", "table"):
        rewritten = rewrite_synonym(" ".join(tokens), rng) or rewrite_spelling(" ".join(tokens), rng)
        if rewritten is not None:
            return rewritten[0].split()
        if operation == "table":
            return tokens
        operation = "replace"
    if len(free) < 3 or not vocabulary:
        return tokens
    tokens = list(tokens)
    if operation == "replace":
        tokens[rng.choice(free)] = rng.choice(vocabulary)
    elif operation == "delete":
        del tokens[rng.choice(free)]
    elif operation == "insert":
        tokens.insert(rng.randrange(len(tokens) + 1), rng.choice(vocabulary))
    elif operation == "swap":
        pairs = [i for i in free if i + 1 in free]
        if pairs:
            i = rng.choice(pairs)
            tokens[i], tokens[i + 1] = tokens[i + 1], tokens[i]
    elif operation == "shuffle":
        runs = [i for i in free if i + 1 in free and i + 2 in free]
        if runs:
            i = rng.choice(runs)
            window = tokens[i : i + 3]
            rng.shuffle(window)
            tokens[i : i + 3] = window
    return tokens


def vocabulary_of(sentences: Sequence[str]) -> list[str]:
    """The words (letters only, three or more) of a document, in order, repeats kept: drawing
    from it follows the document's own word frequencies."""
    return [w for s in sentences for w in re.findall(r"[^\W\d_]{3,}", s)]


def change_number(sentence: str, rng: random.Random, tries: int = 6) -> tuple[str, tuple[int, int], tuple[int, int]] | None:
    """A number written in digits changed (``edit_number`` of the project's distortion
    evaluation): (new sentence, old span, new span) in the sentence, or None where it has none.
    Spelled-out counts are passed over: a later rewrite could drop the word, and a copy of a
    copy must keep the change."""
    for _ in range(tries):
        edited = edit_number(sentence, rng)
        if edited is None:
            return None
        new, old_span, new_span = edited
        if any(c.isdigit() for c in sentence[old_span.start : old_span.end]):
            return new, (old_span.start, old_span.end), (new_span.start, new_span.end)
    return None
