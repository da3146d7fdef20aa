"""Synthetic collections with known reuse, for the corpus-scale benchmarks (issues 18-20).

Two collections, each written into a folder with a ``manifest.json`` (schema
``sourcetrace.synthetic/1``), deterministic from a seed (same seed and data, same bytes):

* :func:`build_scale`: N news-length documents, a share of them suspects carrying copies,
  rewrites, translations and summaries of known sources at known offsets (``index.jsonl`` to
  index, ``suspects.jsonl`` to scan, ``truth.jsonl``);
* :func:`build_lineage`: seed stories with chains and trees of derived copies among distractors
  (``collection.jsonl``, ``trees.jsonl``, ``edges.jsonl``, ``pairs.jsonl``).

:func:`check_scale` and :func:`check_lineage` read a folder back and check its promises.
Construction and formats: ``docs/corpus-bench.md``. CLI: ``python bench/make_synthetic.py``.
Bench scripts import this package as ``synthetic`` (``bench/`` is on their path).
"""

from synthetic.check import check_lineage, check_scale
from synthetic.errors import SyntheticError
from synthetic.lineage import LineageConfig, build_lineage
from synthetic.scale import ScaleConfig, build_scale

__all__ = ["LineageConfig", "ScaleConfig", "SyntheticError", "build_lineage", "build_scale",
           "check_lineage", "check_scale"]
