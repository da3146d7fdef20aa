"""What a Spark Python worker keeps between tasks: the vector model and one Resources.

Spark reuses a Python worker process for task after task (``spark.python.worker.reuse``), so
models loaded by its first task serve the rest, as the local engine's pool loads them once per
process. Loading takes seconds; a document takes milliseconds.
"""

from __future__ import annotations

from sourcetrace.index.scan import EMBEDDINGS_PER_WORKER
from sourcetrace.index.vectors import VectorModel
from sourcetrace.resources import Resources

__all__ = ["worker_resources", "worker_vector_model"]

# This worker process's models, made by its first task that needs them.
_loaded: dict[str, object] = {}


def worker_vector_model() -> VectorModel:
    if "model" not in _loaded:
        model = VectorModel()
        model.load()
        _loaded["model"] = model
    return _loaded["model"]  # type: ignore[return-value]


def worker_resources() -> Resources:
    """The worker's Resources (language model, sentence embeddings), as a local scan worker's."""
    if "resources" not in _loaded:
        _loaded["resources"] = Resources(max_embeddings=EMBEDDINGS_PER_WORKER, processes=1)
    return _loaded["resources"]  # type: ignore[return-value]
