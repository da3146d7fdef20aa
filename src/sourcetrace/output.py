"""Writing output files: atomically, and never over an input."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from sourcetrace.errors import InvalidOption


def refuse_input_paths(output: str | os.PathLike[str], inputs: Iterable[str]) -> None:
    """Refuse an output path that names one of the input files.

    Args:
        output: The output path.
        inputs: The input paths as given; ``"-"`` (standard input) is skipped.

    Raises:
        InvalidOption: ``output`` is one of the inputs (same path, or a link to the same file).
    """
    for path in inputs:
        if path != "-" and _same_file(output, path):
            raise InvalidOption(f"refusing to overwrite the input file {path}")


def write_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` so that readers never see a partial file.

    The text goes to a temporary file in the same folder, which then replaces ``path``.

    Args:
        path: The file to write; its folder must exist.
        text: The content.

    Raises:
        InvalidOption: The file cannot be written (missing folder, a directory, no permission).
    """
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise _unwritable(target, error) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
        # mkstemp makes the file private (0600); a report is an ordinary output file.
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as error:
        _remove(tmp)
        raise _unwritable(target, error) from None
    except BaseException:
        _remove(tmp)
        raise


def _same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        # One of them does not exist (yet): compare where the paths lead.
        return os.path.realpath(a) == os.path.realpath(b)


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def _unwritable(path: Path, error: OSError) -> InvalidOption:
    if isinstance(error, IsADirectoryError) or path.is_dir():
        return InvalidOption(f"cannot write {path}: is a directory")
    if isinstance(error, FileNotFoundError):
        return InvalidOption(f"cannot write {path}: its folder does not exist")
    return InvalidOption(f"cannot write {path}: {(error.strerror or str(error)).lower()}")


def save_texts(
    folder: str | os.PathLike[str], texts: dict[str, str], inputs: Iterable[str]
) -> list[Path]:
    """Write each text as ``FOLDER/<name>.txt`` (UTF-8), creating the folder if needed.

    ``compare --save-text`` uses it to write the texts every offset of a report indexes (the
    extracted text of an HTML page, a PDF or a DOCX), so the offsets can be checked.

    Args:
        folder: The folder to write into.
        texts: File stem (``"original"``, ``"derived"``) -> text.
        inputs: The input paths as given, none of which may be overwritten.

    Returns:
        The paths written, in the order of ``texts``.

    Raises:
        InvalidOption: The folder cannot be created, or a file would overwrite an input or
            cannot be written.
    """
    target = Path(folder)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _unwritable(target, error) from None
    inputs = list(inputs)
    written = []
    for stem, text in texts.items():
        path = target / f"{stem}.txt"
        refuse_input_paths(path, inputs)
        write_atomic(path, text)
        written.append(path)
    return written
