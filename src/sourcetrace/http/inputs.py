"""Turn a compare request, JSON or a multipart form, into the inputs the workers read.

JSON: a :class:`~sourcetrace.http.models.CompareRequest`. A multipart form has the fields
``original`` and ``derived`` (each a file of any format ``compare`` reads, or a text field),
optionally ``original_url`` / ``derived_url`` instead (fetched only with ``--allow-urls``),
``original_format`` / ``derived_format`` and ``options`` (a JSON object of
:class:`~sourcetrace.http.models.CompareOptions`). Only the base name of an upload's file name
is kept, as the document's label: no path a client sends is ever opened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request

from sourcetrace.http.errors import Forbidden, InvalidRequest, UnsupportedMediaType
from sourcetrace.http.models import (
    NAME_CHARS,
    NOT_BLANK,
    CompareOptions,
    CompareRequest,
    InputFormat,
    TextInput,
)
from sourcetrace.http.tasks import InputSpec

SIDES = ("original", "derived")
_FORM_FIELDS = frozenset(
    {"options", *SIDES, *(f"{side}_{part}" for side in SIDES for part in ("url", "format"))}
)
# Pydantic's names for the branches of a union, left out of a field's dotted path.
# What one branch of a ``text | object`` union says when the value is meant for the other.
_UNION_MISSES = ("Input should be a valid string", "Input should be an object")
_BRANCH = re.compile(r"^(str|int|float|bool|list|dict|none)$|[\[(-]|^[A-Z]")


class _FileFormat(BaseModel):
    """The format field that may come with an uploaded file."""

    format: InputFormat | None = None


@dataclass(frozen=True)
class CompareWork:
    """A validated compare request: two inputs and ``compare()``'s keyword options."""

    original: InputSpec
    derived: InputSpec
    options: dict[str, Any]

    @property
    def size(self) -> int:
        return self.original.size + self.derived.size


async def read_compare_request(request: Request, *, allow_urls: bool) -> CompareWork:
    """Validate a compare request's body.

    Raises:
        UnsupportedMediaType: The body is neither JSON nor a multipart form.
        InvalidRequest: The body does not match the models.
        Forbidden: It names a URL and the server does not fetch URLs.
    """
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json":
        work = _from_json(await request.body())
    elif content_type == "multipart/form-data":
        work = await _from_form(request)
    else:
        raise UnsupportedMediaType(
            f"send the texts as application/json or multipart/form-data, not {content_type or 'nothing'!r}"
        )
    if not allow_urls and (work.original.url or work.derived.url):
        raise Forbidden("this server does not fetch URLs (start it with --allow-urls)")
    return work


def validation_message(error: ValidationError, prefix: str = "") -> str:
    """One line naming each invalid field (after ``prefix``) and what it should be."""
    messages: dict[str, list[str]] = {}
    for item in error.errors(include_url=False):
        names = [prefix] if prefix else []
        names += [str(p) for p in item["loc"] if not _BRANCH.search(str(p))]
        path = ".".join(names)
        messages.setdefault(path, []).append(_message(item))
    parts = []
    for path, found in messages.items():
        # A union reports every branch; an object given for a text field fails the text branch.
        specific = [m for m in found if m not in _UNION_MISSES] or found
        parts.extend(f"{path}: {m}" if path else m for m in dict.fromkeys(specific))
    return "; ".join(parts)


def _message(item: Any) -> str:
    if item["type"] == "string_pattern_mismatch" and item["ctx"]["pattern"] == NOT_BLANK:
        return "the text is empty or only whitespace"
    return str(item["msg"]).removeprefix("Value error, ")


def validate(model: type[BaseModel], data: Any, prefix: str = "") -> Any:
    """``model`` validated from a Python object or JSON bytes, or :class:`InvalidRequest`
    naming the fields (after ``prefix``, the form field they came from)."""
    try:
        if isinstance(data, bytes):
            return model.model_validate_json(data)
        return model.model_validate(data)
    except ValidationError as error:
        raise InvalidRequest(validation_message(error, prefix)) from None


def _from_json(body: bytes) -> CompareWork:
    parsed: CompareRequest = validate(CompareRequest, body)
    return CompareWork(
        original=_spec(parsed.original, "original"),
        derived=_spec(parsed.derived, "derived"),
        options=parsed.options.model_dump(),
    )


def _spec(value: str | TextInput, default_name: str) -> InputSpec:
    if isinstance(value, str):
        return InputSpec(name=default_name, text=value)
    name = value.name or value.url or default_name
    return InputSpec(
        name=name[:NAME_CHARS], text=value.text, url=value.url, input_format=value.format
    )


async def _from_form(request: Request) -> CompareWork:
    form = await request.form(max_files=len(SIDES), max_fields=len(_FORM_FIELDS))
    try:
        unknown = sorted(set(form.keys()) - _FORM_FIELDS)
        if unknown:
            raise InvalidRequest(f"unknown form field {unknown[0]!r}")
        options = form.get("options")
        if isinstance(options, UploadFile):
            raise InvalidRequest("options: send a JSON text field, not a file")
        return CompareWork(
            original=await _form_side(form, "original"),
            derived=await _form_side(form, "derived"),
            options=validate(
                CompareOptions, (options or "{}").encode("utf-8"), "options"
            ).model_dump(),
        )
    finally:
        await form.close()


async def _form_side(form: FormData, side: str) -> InputSpec:
    value, url, input_format = form.get(side), form.get(f"{side}_url"), form.get(f"{side}_format")
    if isinstance(url, UploadFile) or isinstance(input_format, UploadFile):
        raise InvalidRequest(f"{side}_url and {side}_format are text fields, not files")
    if isinstance(value, UploadFile):
        if url is not None:
            raise InvalidRequest(f"{side}: give a file or a URL, not both")
        name = _base_name(value.filename) or side
        formats = validate(_FileFormat, {"format": input_format or None}, side)
        return InputSpec(name=name, data=await value.read(), input_format=formats.format)
    if value is None and not url:
        raise InvalidRequest(f"{side}: give a file, a text or a URL")
    fields = validate(
        TextInput, {"text": value, "url": url or None, "format": input_format or None}, side
    )
    return _spec(fields, side)


def _base_name(filename: str | None) -> str:
    """The last part of an upload's file name (a label; browsers may send a whole path)."""
    if not filename:
        return ""
    return re.split(r"[\\/]", filename)[-1][:NAME_CHARS]
