"""Turn a compare request, JSON or a multipart form, into the inputs the workers read.

JSON: a :class:`~sourcetrace.http.models.CompareRequest`. A multipart form has the fields
``original`` and ``derived`` (each a file of any format ``compare`` reads, or a text field),
optionally ``original_url`` / ``derived_url`` instead (fetched only with ``--allow-urls``),
``original_format`` / ``derived_format`` and ``options`` (a JSON object of
:class:`~sourcetrace.http.models.CompareOptions`). Only the base name of an upload's file name
is kept, as the document's label: no path a client sends is ever opened.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request

from sourcetrace.assess import detector_names
from sourcetrace.config import Config, ConfigError
from sourcetrace.errors import InvalidOption
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
    """A validated compare request: two inputs, the config and the publication dates."""

    original: InputSpec
    derived: InputSpec
    config: Config
    original_date: dt.date | None = None
    derived_date: dt.date | None = None

    @property
    def size(self) -> int:
        return self.original.size + self.derived.size


async def read_compare_request(
    request: Request, *, base_config: Config, allow_urls: bool
) -> CompareWork:
    """Validate a compare request's body; its options change ``base_config``.

    Raises:
        UnsupportedMediaType: The body is neither JSON nor a multipart form.
        InvalidRequest: The body does not match the models, or its config is invalid.
        Forbidden: It names a URL and the server does not fetch URLs.
    """
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json":
        work = _from_json(await request.body(), base_config)
    elif content_type == "multipart/form-data":
        work = await _from_form(request, base_config)
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


def _check_input_limits(config: Config, base_config: Config) -> None:
    """A request may lower the server's input limits, never raise them (they bound its work)."""
    for name, limit in sorted(base_config.input.to_dict().items()):
        if getattr(config.input, name) > limit:
            raise InvalidRequest(f"options.config: input.{name} may not exceed the server's {limit}")


def compare_work(
    original: InputSpec, derived: InputSpec, options: CompareOptions, base_config: Config
) -> CompareWork:
    """The work of a request: ``base_config`` with the options' changes, checked in full here
    (not in a worker), so a bad field is a 422 naming it."""
    try:
        config = base_config.merged(options.config.model_dump(exclude_unset=True) if options.config else {})
    except ConfigError as error:
        raise InvalidRequest(f"options.config: {error}") from None
    _check_input_limits(config, base_config)
    if "detectors" in options.model_fields_set:
        config = config.with_options(detectors=options.detectors)
    config = config.with_options(segment=options.segment, mode=options.mode)
    try:
        detector_names(config.assessment.detectors)
    except InvalidOption as error:
        raise InvalidRequest(f"options.config.assessment.detectors: {error}") from None
    return CompareWork(
        original=original,
        derived=derived,
        config=config,
        original_date=options.original_date,
        derived_date=options.derived_date,
    )


def _from_json(body: bytes, base_config: Config) -> CompareWork:
    parsed: CompareRequest = validate(CompareRequest, body)
    return compare_work(
        _spec(parsed.original, "original"), _spec(parsed.derived, "derived"), parsed.options,
        base_config,
    )


def _spec(value: str | TextInput, default_name: str) -> InputSpec:
    if isinstance(value, str):
        return InputSpec(name=default_name, text=value)
    name = value.name or value.url or default_name
    return InputSpec(
        name=name[:NAME_CHARS], text=value.text, url=value.url, input_format=value.format
    )


async def _from_form(request: Request, base_config: Config) -> CompareWork:
    form = await request.form(max_files=len(SIDES), max_fields=len(_FORM_FIELDS))
    try:
        unknown = sorted(set(form.keys()) - _FORM_FIELDS)
        if unknown:
            raise InvalidRequest(f"unknown form field {unknown[0]!r}")
        options = form.get("options")
        if isinstance(options, UploadFile):
            raise InvalidRequest("options: send a JSON text field, not a file")
        return compare_work(
            await _form_side(form, "original"),
            await _form_side(form, "derived"),
            validate(CompareOptions, (options or "{}").encode("utf-8"), "options"),
            base_config,
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
        name = base_name(value.filename) or side
        formats = validate(_FileFormat, {"format": input_format or None}, side)
        return InputSpec(name=name, data=await value.read(), input_format=formats.format)
    if value is None and not url:
        raise InvalidRequest(f"{side}: give a file, a text or a URL")
    fields = validate(
        TextInput, {"text": value, "url": url or None, "format": input_format or None}, side
    )
    return _spec(fields, side)


def base_name(filename: str | None) -> str:
    """The last part of an upload's file name (a label; browsers may send a whole path)."""
    if not filename:
        return ""
    return re.split(r"[\\/]", filename)[-1][:NAME_CHARS]
