"""What comparisons load once and share: models, their caches and worker processes.

A :class:`Resources` belongs to whoever runs comparisons (a CLI command, an evaluation
worker, a scan, the HTTP service): it is passed in, never found in a module, so a long-running
engine loads each model once and decides how many processes it starts, and closing it stops
them. What it caches is the output of pure functions: sharing it changes speed, never a result.

Example:
    >>> with Resources() as resources:  # doctest: +SKIP
    ...     reports = [compare_prepared(source, copy, resources=resources) for copy in copies]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import TracebackType

import numpy as np

from sourcetrace.align.embedding import EmbeddingCache

__all__ = ["Resources"]


class Resources:
    """The embedder (multilingual e5 and its cache) shared by the comparisons of one owner.

    Args:
        max_embeddings: Sentence embeddings to keep (about 1.5 KB each); ``None``: all, for a
            one-off comparison.
        processes: The most processes one long batch of sentences is embedded in (this one
            included); ``None``: one per CPU.
        embedding_model: Embeds texts into unit rows instead of e5 (tests, other models).
    """

    def __init__(
        self,
        *,
        max_embeddings: int | None = None,
        processes: int | None = None,
        embedding_model: Callable[[Sequence[str]], np.ndarray] | None = None,
    ) -> None:
        self.embedder = EmbeddingCache(max_texts=max_embeddings, processes=processes, model=embedding_model)

    def close(self) -> None:
        """Stop any worker process started; the resources stay usable (they start again)."""
        self.embedder.close()

    def __enter__(self) -> Resources:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()
