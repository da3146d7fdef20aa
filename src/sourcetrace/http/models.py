"""The request and response models of the service, as its OpenAPI schema documents them.

Requests are validated against these models. A report is sent as the JSON text the library
renders (``sourcetrace.report/1``, byte for byte what ``compare --format json`` writes), and
:class:`ReportModel` describes it for the schema; objects allow fields beyond those listed, as
the report format allows fields to be added within a version.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import Field as DataclassField
from dataclasses import fields
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator

from sourcetrace.assess import DETECTORS
from sourcetrace.config import ALIGN_MODES, SEGMENT_MODES, Config
from sourcetrace.ingest import INPUT_FORMATS

InputFormat = Literal[INPUT_FORMATS]  # type: ignore[valid-type]
DetectorName = Literal[tuple(DETECTORS)]  # type: ignore[valid-type]
SegmentName = Literal[SEGMENT_MODES]  # type: ignore[valid-type]
ModeName = Literal[ALIGN_MODES]  # type: ignore[valid-type]
# Longest document name kept (an upload's file name, a name given in JSON).
NAME_CHARS = 200
# A text must hold something besides whitespace (the library refuses blank text).
NOT_BLANK = r"\S"
Text = Annotated[str, Field(pattern=NOT_BLANK, description="A text, not blank.")]


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Answer(BaseModel):
    model_config = ConfigDict(extra="allow")


# --- requests ---------------------------------------------------------------------------------


class TextInput(_Request):
    """One input: a text, or (when the server allows it) a URL the server fetches."""

    text: Text | None = Field(None, description="The text itself.")
    url: str | None = Field(
        None,
        pattern=r"^[hH][tT][tT][pP][sS]?://",
        description="An http(s) URL the server fetches (only when started with --allow-urls).",
    )
    name: str | None = Field(
        None, max_length=NAME_CHARS, description="The name the report gives the document."
    )
    format: InputFormat | None = Field(
        None,
        description="Read the text as this format (markdown, html...) instead of plain text; "
        "for a URL, instead of the format its content type names.",
    )

    @model_validator(mode="after")
    def _one_source(self) -> TextInput:
        if (self.text is None) == (self.url is None):
            raise ValueError("give exactly one of text and url")
        return self


def _config_changes_model() -> type[BaseModel]:
    """The model of a partial config: any sections of :class:`~sourcetrace.config.Config`, any
    fields of each, with the types and ranges the config checks (which checks them again, and
    what ties fields together)."""
    sections: dict[str, Any] = {}
    for section_field in fields(Config):
        section = section_field.default_factory  # type: ignore[misc]
        model = create_model(
            "".join(word.title() for word in section.name.split("_")) + "Changes",
            __config__=_CONFIG_FIELDS,
            __doc__=(section.__doc__ or "").split("\n")[0],
            **{spec.name: _config_field(spec) for spec in fields(section)},
        )
        sections[section.name] = (model, Field(None, description=model.__doc__))
    return create_model(
        "ConfigChanges",
        __config__=_CONFIG_FIELDS,
        __doc__="Fields of the server's config to change for this request, by section "
        "(docs/parameters.md); the others keep the server's values.",
        **sections,
    )


_CONFIG_FIELDS = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)


def _config_field(spec: DataclassField[Any]) -> tuple[Any, Any]:
    meta, default = spec.metadata, spec.default
    if meta.get("choices"):
        return Literal[meta["choices"]], Field(default)
    if meta.get("names"):
        return list[str] | None, Field(default)
    kind = type(default)
    return kind, Field(default, ge=meta.get("low"), le=meta.get("high"))


ConfigChanges = _config_changes_model()


class CompareOptions(_Request):
    """How to compare: the server's config, with these changes for this request only.

    ``segment``, ``mode`` and ``detectors`` are the command line's ``--segment``, ``--mode`` and
    ``--detectors``, and are applied over ``config``; a field left out keeps the config's value.
    """

    segment: SegmentName | None = Field(
        None, description="sentences, or one segment per line; null: the config's."
    )
    mode: ModeName | None = Field(
        None, description="passages, document or auto; null: the config's."
    )
    detectors: list[DetectorName] | None = Field(
        None,
        description="The distortion detectors to run; null: all, []: none; left out: the "
        "config's.",
        json_schema_extra=lambda schema: schema.pop("default"),
    )
    config: ConfigChanges | None = Field(None, description="Changes to the server's config.")
    original_date: dt.date | None = Field(
        None, strict=True, description="The day the original was published (YYYY-MM-DD)."
    )
    derived_date: dt.date | None = Field(
        None, strict=True, description="The day the derived text was published (YYYY-MM-DD)."
    )


class CompareRequest(_Request):
    """Two inputs and the options to compare them with."""

    original: Text | TextInput = Field(description="The original: its text, or an input object.")
    derived: Text | TextInput = Field(description="The derived text, or an input object.")
    options: CompareOptions = Field(default_factory=CompareOptions)


# Largest number of uploaded files one add, and of suspects one scan, takes.
MAX_DOCUMENTS = 10_000
MAX_SUSPECTS = 1_000
IDENTIFIER_CHARS = 500
Identifier = Annotated[
    str, Field(min_length=1, max_length=IDENTIFIER_CHARS, pattern=NOT_BLANK,
               description="A document's id in the index.")
]


class IndexRecord(BaseModel):
    """One document to index: its id and text, and any metadata fields, kept as they are."""

    model_config = ConfigDict(extra="allow", strict=True)

    id: Identifier
    text: Text
    title: str | None = Field(None, description="The document's title (metadata).")
    date: str | None = Field(None, description="When it was published (metadata).")
    url: str | None = Field(None, description="Where it was published (metadata, not fetched).")


class AddRequest(_Request):
    """Documents to add to the index; one whose id the index holds replaces it."""

    model_config = ConfigDict(extra="forbid", strict=True)

    # As many as the body limit allows (413 beyond): a maxItems here would be unreachable.
    documents: list[IndexRecord] = Field(min_length=1)


class ScanSuspect(_Request):
    """One suspect text, with the id its record carries."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: str | None = Field(
        None, max_length=IDENTIFIER_CHARS, description="Its id in the answer; default suspect-N."
    )
    text: Text = Field(description="The suspect text.")
    format: InputFormat | None = Field(None, description="Read the text as this format.")


class ScanRequest(_Request):
    """Suspect texts to find the sources of in the index."""

    model_config = ConfigDict(extra="forbid", strict=True)

    suspects: list[Text | ScanSuspect] = Field(
        min_length=1, max_length=MAX_SUSPECTS, description="Texts, or suspect objects."
    )
    top: int = Field(10, ge=1, le=100, description="Sources reported per suspect (the best).")
    min_score: float = Field(
        0.0, ge=0.0, le=1.0, allow_inf_nan=False,
        description="The least share of a suspect a reported source must explain.",
    )
    reports: bool = Field(
        False, description="Put each source's full pair report (sourcetrace.report/1) in it."
    )


# --- answers ----------------------------------------------------------------------------------


class ErrorDetail(BaseModel):
    code: str = Field(description="A stable code, e.g. input_too_large.")
    message: str = Field(description="One line saying what went wrong.")


class ErrorModel(BaseModel):
    """The one shape of every 4xx and 5xx answer."""

    error: ErrorDetail
    status: int = Field(description="The HTTP status, repeated.")


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    workers: int = Field(description="Worker processes comparing texts.")
    pending: int = Field(description="Requests and unfinished jobs admitted now.")
    max_pending: int = Field(description="How many may be admitted at once before 503.")
    allow_urls: bool = Field(description="Whether the server fetches URL inputs.")
    index: bool = Field(description="Whether the server has an index to add to and scan.")


class JobProgress(BaseModel):
    done: int = Field(description="Steps done.")
    total: int = Field(description="Steps in all.")
    stage: str = Field(description="What the job is doing: queued, reading, comparing...")


class JobInfo(BaseModel):
    """A job: its state, its progress, and where its result will be."""

    id: str
    kind: Literal["compare", "scan", "index"]
    state: Literal["queued", "running", "done", "failed"]
    progress: JobProgress
    created: float = Field(description="When it was submitted, in Unix seconds.")
    url: str = Field(description="This job's URL.")
    result_url: str = Field(description="Where the result is, once the state is done.")
    error: ErrorModel | None = Field(None, description="Why the job failed, if it did.")


class Range(_Answer):
    start: int
    end: int


class Quoted(Range):
    text: str


class DocumentModel(_Answer):
    name: str
    language: str | None
    length: int
    encoding: str
    format: str
    text_source: Literal["file", "extracted"]
    metadata: dict[str, Any]
    notes: list[str]
    text: str
    segments: list[list[int]] = Field(description="[start, end, paragraph] per segment.")


class LinkModel(_Answer):
    original: Range
    derived: Range
    original_segments: list[int]
    derived_segments: list[int]
    similarity: float
    status: Literal["faithful", "distorted"]


class PassageModel(_Answer):
    original: Range
    derived: Range
    kind: Literal["verbatim", "paraphrase", "summary", "translation"]
    similarity: float
    links: list[LinkModel]


class DistortionModel(_Answer):
    type: str
    severity: Literal["critical", "minor"]
    original: Quoted
    derived: Quoted
    explanation: str


class OmissionModel(Quoted):
    level: Literal["sentence", "phrase"]
    artifact: bool


class AdditionModel(Quoted):
    level: Literal["sentence", "phrase"]


class ArtifactModel(Quoted):
    side: Literal["original", "derived"]
    kind: str


class ReportModel(_Answer):
    """The JSON report, schema ``sourcetrace.report/1`` (docs/json-format.md)."""

    schema_: Literal["sourcetrace.report/1"] = Field(alias="schema")
    original: DocumentModel
    derived: DocumentModel
    verdict: Literal["independent", "partial", "translation", "copy", "summary", "rewrite"]
    scores: dict[str, float]
    options: dict[str, Any]
    passages: list[PassageModel]
    distortions: list[DistortionModel]
    omissions: list[OmissionModel]
    additions: list[AdditionModel]
    artifacts: list[ArtifactModel]


class SkippedModel(BaseModel):
    name: str = Field(description="The document that was not added.")
    reason: str = Field(description="Why, in one line.")


class AddSummaryModel(BaseModel):
    """What an add did."""

    added: int = Field(description="Documents written (new or replacing).")
    replaced: int = Field(description="Of those, documents that replaced one of the same id.")
    unchanged: int = Field(description="Documents the index held already, text and metadata.")
    skipped: list[SkippedModel] = Field(description="Documents that could not be prepared.")


class DocumentInfo(BaseModel):
    """What the index holds about a document (its text is not sent)."""

    id: str
    name: str
    language: str | None
    length: int = Field(description="Its text's length in characters.")
    metadata: dict[str, Any] = Field(description="title, date, url and its other fields.")


class IndexStats(BaseModel):
    documents: int
    languages: dict[str, int] = Field(description="Documents per language.")
    bytes: int = Field(description="The index's size on disk.")


class ScanPassage(_Answer):
    original: Range = Field(description="Where it is in the source.")
    derived: Range = Field(description="Where it is in the suspect.")
    kind: Literal["verbatim", "paraphrase", "summary", "translation"]
    similarity: float
    attributed: bool = Field(
        description="False when more similar passages of other sources hold half of it.")


class ScanSource(_Answer):
    """One source of a suspect, verified by the full comparison."""

    id: str
    name: str
    rank: int
    metadata: dict[str, Any]
    channel: str = Field(description="How it was found: lexical, or cross-language.")
    candidate_score: float
    score: float = Field(description="The share of the suspect it explains.")
    verdict: str
    scores: dict[str, float]
    passages: list[ScanPassage]
    distortions: dict[str, int] = Field(description="Critical and minor distortions.")
    report: ReportModel | None = Field(None, description="The pair report, when asked for.")


class ScanSuspectInfo(_Answer):
    id: str
    name: str
    length: int
    language: str | None = None


class ScanRecord(_Answer):
    """One suspect's sources, schema ``sourcetrace.scan/1`` (docs/json-format.md)."""

    schema_: Literal["sourcetrace.scan/1"] = Field(alias="schema")
    suspect: ScanSuspectInfo
    candidates: int
    verified: int
    sources: list[ScanSource]
    error: str | None = Field(None, description="Why the suspect could not be scanned.")


class ScanAnswer(BaseModel):
    """A record per suspect, in the order given."""

    records: list[ScanRecord]
