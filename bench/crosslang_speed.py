"""Speed and memory of a cross-language comparison: 60 English sentences against their
60-sentence Albanian translation (en-sq-dev), including interpreter start and model load.

Prints wall time and peak RSS (the process and its embedding workers), and beside them a
same-run baseline: the same command on English against English (lexical path, no model).

    python bench/crosslang_speed.py            # ../shared/data/en-sq-dev beside the repo
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "en-sq-dev"
SENTENCES = 60


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _pick(doc: Path) -> tuple[str, str]:
    """The first 60 line pairs whose English line is a sentence (ends in a full stop)."""
    pairs = [(e, s) for e, s in zip(_lines(doc / "en.txt"), _lines(doc / "sq.txt")) if e.strip().endswith(".")]
    chosen = pairs[:SENTENCES]
    return "\n".join(e for e, _ in chosen) + "\n", "\n".join(s for _, s in chosen) + "\n"


def _run(original: Path, derived: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB, largest child) of one ``sourcetrace compare``."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "sourcetrace", "compare", str(original), str(derived),
         "--segment", "lines", "--format", "json", "-o", str(derived.with_suffix(".json"))],
        check=True,
    )
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return elapsed, peak


def main() -> None:
    if not DATA.is_dir():
        sys.exit(f"en-sq-dev not found at {DATA}")
    english, albanian = _pick(DATA / "doc02")
    with tempfile.TemporaryDirectory() as tmp:
        en, sq, en_copy = Path(tmp, "en.txt"), Path(tmp, "sq.txt"), Path(tmp, "en2.txt")
        en.write_text(english, encoding="utf-8")
        sq.write_text(albanian, encoding="utf-8")
        en_copy.write_text(english, encoding="utf-8")
        base_time, _ = _run(en, en_copy)
        cross_time, peak = _run(en, sq)
    print(f"{SENTENCES} English sentences vs their Albanian translation: {cross_time:.1f} s, "
          f"peak RSS {peak:.0f} MB (largest process)")
    print(f"baseline, English vs the same English (no model): {base_time:.1f} s "
          f"(cross-language = {cross_time / base_time:.1f} x baseline)")


if __name__ == "__main__":
    main()
