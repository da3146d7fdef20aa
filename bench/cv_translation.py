"""Cross-validated figures for the translation aligner's parameters (measurement only).

Folds: the Text+Berg dev document cut into ``--textberg-folds`` contiguous blocks of its gold
beads (the document is one book: blocks stand in for its chapters), and the eleven en-sq-dev
documents, perturbed as ``bench/perturb_en_sq.py`` does (en->sq). Each parameter value is run
once over all the material; every fold is scored on its own (strict F1 of the beads whose
original lines lie in it). For each held-out fold, the value with the best mean over the other
folds is chosen and its held-out score reported beside the default's, so the figures say how a
tuned value does on material it was not tuned on.

Each value is given as a config (``Config`` with its ``[translation]`` field changed), and
one set of resources (one embedding cache) serves every run, so that only the alignment is
repeated.

    python bench/cv_translation.py [--grid skip=0.4,0.5,0.6 ...] [--textberg-folds 4]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

from sourcetrace import Config, Resources, compare
from sourcetrace.config import TranslationParams
from sourcetrace.evaluate.bitext import read_alignment, score_beads

sys.path.insert(0, str(Path(__file__).resolve().parent))
from perturb_en_sq import DATA as ENSQ, SEED, parallel_lines, perturb  # noqa: E402

TEXTBERG = ENSQ.parent / "textberg-de-fr-dev"
DEFAULT_GRID = ("faithful_skip=0.6,0.7,0.8", "piece_margin=0.15,0.2,0.25", "skip=0.4,0.5,0.6")


def _links(
    original: list[str], derived: list[str], config: Config, resources: Resources
) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    report = compare(
        "\n".join(original) + "\n", "\n".join(derived) + "\n", segment="lines", config=config, resources=resources
    )
    return sorted((link.src, link.tgt) for p in report.passages for link in p.links)


def _material(folds: int) -> list[tuple[str, list[str], list[str], list, set[int] | None]]:
    """(fold name, original lines, derived lines, gold beads, original lines of the fold)."""
    items = []
    if TEXTBERG.is_dir():
        de = (TEXTBERG / "dev.de").read_text(encoding="utf-8").splitlines()
        fr = (TEXTBERG / "dev.fr").read_text(encoding="utf-8").splitlines()
        gold = sorted(read_alignment(TEXTBERG / "dev.defr"))
        size = -(-len(gold) // folds)
        for k in range(folds):
            block = gold[k * size : (k + 1) * size]
            lines = {i for src, _ in block for i in src}
            items.append((f"textberg-{k + 1}", de, fr, block, lines))
    for doc in sorted(p.name for p in ENSQ.iterdir() if p.is_dir()) if ENSQ.is_dir() else []:
        sides = {lang: (ENSQ / doc / f"{lang}.txt").read_text(encoding="utf-8").splitlines()
                 for lang in ("en", "sq")}
        en, sq = parallel_lines(doc, sides["en"], sides["sq"])
        original, derived, gold = perturb(en, sq, random.Random(f"{SEED}-{doc}-en"))
        items.append((f"ensq-{doc}", original, derived, gold, None))
    return items


def _scores(material, override: dict[str, float], resources: Resources) -> dict[str, float]:
    """Strict F1 of every fold with ``override`` applied to the translation parameters."""
    config = Config.from_dict({"translation": override})
    done: dict[tuple[int, int], list] = {}
    result = {}
    for name, original, derived, gold, lines in material:
        key = (id(original), id(derived))
        if key not in done:
            done[key] = _links(original, derived, config, resources)
        test = done[key] if lines is None else [b for b in done[key] if set(b[0]) & lines]
        result[name] = score_beads([gold], [test]).f1_strict
    return result


def _training_mean(scores: dict[str, float], held_out: str) -> float:
    return statistics.mean(s for fold, s in scores.items() if fold != held_out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", nargs="*", default=list(DEFAULT_GRID))
    parser.add_argument("--textberg-folds", type=int, default=4)
    args = parser.parse_args()
    with Resources() as resources:
        _run(args, resources)


def _run(args: argparse.Namespace, resources: Resources) -> None:
    material = _material(args.textberg_folds)
    started = time.perf_counter()
    default = _scores(material, {}, resources)
    print("default:", " ".join(f"{k} {v:.4f}" for k, v in default.items()), flush=True)
    for spec in args.grid:
        name, values = spec.split("=")
        runs = {float(v): _scores(material, {name: float(v)}, resources) for v in values.split(",")}
        for value, scores in runs.items():
            print(f"{name}={value}:", " ".join(f"{k} {v:.4f}" for k, v in scores.items()), flush=True)
        # The default is always a candidate: a fold may be best served by leaving it alone.
        runs.setdefault(float(getattr(TranslationParams(), name)), default)
        print(f"{name}: leave-one-fold-out (chosen on the other folds -> held-out F1, default)")
        gains = []
        for fold in default:
            chosen = max(runs, key=lambda v: _training_mean(runs[v], fold))
            gains.append(runs[chosen][fold] - default[fold])
            print(f"  {fold}: {name}={chosen} -> {runs[chosen][fold]:.4f} (default {default[fold]:.4f})")
        best_everywhere = [
            v for v in runs
            if all(runs[v][f] >= default[f] for f in default)
            and any(runs[v][f] > default[f] for f in default)
        ]
        print(f"  mean held-out change {statistics.mean(gains):+.4f}; values no fold loses with and"
              f" some gain: {best_everywhere or 'none'}", flush=True)
    print(f"elapsed {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
