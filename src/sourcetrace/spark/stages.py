"""A job's folder of stages: each stage one Parquet dataset, written whole or not at all.

``FOLDER/stages.json`` (schema :data:`MANIFEST_SCHEMA`) lists the stages that are complete,
each with the parameters it was computed from, its rows, wall seconds and finishing time. A
stage is written to ``NAME.tmp`` and renamed to ``NAME`` once Spark has written every part,
then entered in the manifest: a job killed at any moment leaves complete stages and at most
one partial ``.tmp`` folder, and a rerun reads the complete stages back instead of computing
them again. A stage whose parameters changed is computed again, and so is every stage after
it. The folder must be one every executor sees (a local disk in local mode, a shared mount
on a cluster).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from sourcetrace.errors import InvalidOption
from sourcetrace.output import write_atomic

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["MANIFEST", "MANIFEST_SCHEMA", "StageFolder"]

MANIFEST = "stages.json"
MANIFEST_SCHEMA = "sourcetrace.spark-stages/1"


class StageFolder:
    """The stages of one job under ``path``, in the order ``names`` gives.

    Args:
        path: The folder (created when missing; a folder holding anything but stages is
            refused, so nothing a user put there is overwritten).
        names: The job's stages, in order.
        restart: Remove the stages written before and start over.
        log: Told one line per stage (computed or reused, and how long it took).

    Raises:
        InvalidOption: ``path`` is a file, or a folder holding other files.
    """

    def __init__(self, spark: SparkSession, path: str, names: Sequence[str], *,
                 restart: bool = False, log: Callable[[str], None] = lambda line: None) -> None:
        self.spark = spark
        self.path = os.path.abspath(path)
        self.names = list(names)
        self.log = log
        manifest = os.path.join(self.path, MANIFEST)
        if os.path.exists(self.path) and not os.path.isdir(self.path):
            raise InvalidOption(f"{path}: is a file, not a folder for the job's stages")
        if os.path.isdir(self.path) and os.listdir(self.path) and not os.path.exists(manifest):
            raise InvalidOption(f"{path}: the folder holds files that are not sourcetrace stages;"
                                " give an empty or new folder")
        os.makedirs(self.path, exist_ok=True)
        self.stages: dict[str, dict[str, Any]] = {}
        if os.path.exists(manifest):
            self.stages = _read_manifest(manifest)
        if restart:
            self._drop(self.names)

    def done(self, name: str) -> bool:
        """Whether stage ``name`` is complete (whatever its parameters)."""
        return name in self.stages and os.path.isdir(self._dir(name))

    def info(self, name: str) -> dict[str, Any]:
        """A complete stage's manifest entry (params, rows, seconds, finished)."""
        return self.stages[name]

    def run(self, name: str, params: dict[str, Any], compute: Callable[[], DataFrame]) -> DataFrame:
        """Stage ``name``: read back when it is complete and was computed from ``params``, else
        computed, written and entered in the manifest (every later stage dropped)."""
        if self.done(name) and self.stages[name]["params"] == _plain(params):
            self.log(f"stage {name}: complete, reused ({self.stages[name]['rows']} rows)")
            return self.read(name)
        self._drop(self.names[self.names.index(name):])
        started = time.perf_counter()
        partial = self._dir(name) + ".tmp"
        shutil.rmtree(partial, ignore_errors=True)
        compute().write.parquet(partial)
        os.rename(partial, self._dir(name))
        frame = self.read(name)
        seconds = round(time.perf_counter() - started, 3)
        self.stages[name] = {
            "params": _plain(params),
            "rows": frame.count(),
            "seconds": seconds,
            "finished": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        }
        self._write_manifest()
        self.log(f"stage {name}: {self.stages[name]['rows']} rows in {seconds:.1f} s")
        return frame

    def read(self, name: str) -> DataFrame:
        return self.spark.read.parquet(self._dir(name))

    def _dir(self, name: str) -> str:
        return os.path.join(self.path, name)

    def _drop(self, names: Sequence[str]) -> None:
        """Forget and remove the stages ``names`` (and their partial folders)."""
        changed = False
        for name in names:
            for folder in (self._dir(name), self._dir(name) + ".tmp"):
                shutil.rmtree(folder, ignore_errors=True)
            changed |= self.stages.pop(name, None) is not None
        if changed or not os.path.exists(os.path.join(self.path, MANIFEST)):
            self._write_manifest()

    def _write_manifest(self) -> None:
        data = {"schema": MANIFEST_SCHEMA,
                "stages": {name: self.stages[name] for name in self.names if name in self.stages}}
        write_atomic(os.path.join(self.path, MANIFEST), json.dumps(data, indent=2, sort_keys=True)
                     + "\n")


def _read_manifest(path: str) -> dict[str, dict[str, Any]]:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError) as error:
        raise InvalidOption(f"{path}: cannot read the stage manifest ({error})") from None
    if not isinstance(data, dict) or data.get("schema") != MANIFEST_SCHEMA:
        raise InvalidOption(f"{path}: not a {MANIFEST_SCHEMA} manifest")
    return dict(data["stages"])


def _plain(params: dict[str, Any]) -> dict[str, Any]:
    """``params`` as the manifest stores them (JSON types), so equal parameters compare equal."""
    return json.loads(json.dumps(params, sort_keys=True))
