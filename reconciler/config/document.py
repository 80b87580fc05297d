"""The configuration as a whole: format version, options, and one tuple of records per section.

The kinds' record models live in ``reconciler/kinds/``; this module only assembles them: the
sections of ``Catalogue`` are the registry's top-level kinds, in order, so registering a kind
makes it declarable.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, create_model

from reconciler.kinds import KINDS, kind_by_name, kind_by_section, top_level_kinds
from reconciler.kinds.fields import NOT_BOOLEAN

FORMAT_VERSION = 1

if TYPE_CHECKING:
    Section = str
else:
    Section = Literal[tuple(spec.section for spec in KINDS)]
Percent = Annotated[Decimal, Field(ge=0, le=100)]


def _all_sections(value: Any) -> Any:
    """``archive_missing: true`` means every kind; ``false`` none."""
    if value is True:
        return [spec.section for spec in KINDS]
    if value is False or value is None:
        return []
    return value


class Thresholds(BaseModel):
    """Safety limits: a plan over one is refused unless ``--force``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    archive_percent: Percent = Field(
        default=Decimal(25),
        title="Archive percent",
        description=(
            "Refuse a plan archiving more than this percentage of a kind's active records "
            "(checked for kinds with at least `min_records` records)."
        ),
    )
    update_percent: Percent | None = Field(
        default=None,
        title="Update percent",
        description="Refuse a plan updating more than this percentage of a kind; null = off.",
        examples=[50],
    )
    price_change_percent: Annotated[Decimal, Field(ge=0)] = Field(
        default=Decimal(50),
        title="Price change percent",
        description="Refuse a plan moving any single price by more than this percentage.",
    )
    min_records: Annotated[int, Field(ge=0), NOT_BOOLEAN] = Field(
        default=10,
        title="Minimum records",
        description="The percentage thresholds apply to kinds with at least this many records.",
    )


class Options(BaseModel):
    """How the configuration is applied; every option is optional."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    archive_missing: Annotated[
        tuple[Section, ...], BeforeValidator(_all_sections, json_schema_input_type=Any)
    ] = Field(
        default=(),
        title="Archive missing",
        description=(
            "Sections whose remote records that are not declared are archived: a list of "
            "sections, `true` for all, `false` or `[]` for none (the default). Variants are "
            "archived only under declared products."
        ),
        json_schema_extra={
            "anyOf": [
                {"type": "boolean"},
                {"type": "array", "items": {"enum": [spec.section for spec in KINDS]}},
            ]
        },
        examples=[["variants"], True],
    )
    thresholds: Thresholds = Field(
        default_factory=Thresholds,
        title="Thresholds",
        description="Safety limits: a plan over one is refused unless `--force`.",
    )


def _file_schema(schema: dict[str, Any]) -> None:
    # Editors check each file alone, and `gecko_apply` is required once per configuration,
    # not in every file; x- keys hold shared anchors.
    schema.pop("required", None)
    schema["patternProperties"] = {"^x-": {"description": "Ignored; a place for anchors."}}


class CatalogueHeader(BaseModel):
    """What every configuration has besides its sections: the format version and options."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="gecko-apply catalogue",
        json_schema_extra=_file_schema,
    )

    version: Literal[1] = Field(
        alias="gecko_apply",
        title="Format version",
        description="Required once per configuration (any file may carry it); must be 1.",
    )
    options: Options = Field(
        default_factory=Options,
        title="Options",
        description="How the configuration is applied: archival and safety thresholds.",
    )

    if TYPE_CHECKING:

        def __getattr__(self, section: str) -> tuple[Any, ...]: ...

    def records(self, section: str) -> tuple[BaseModel, ...]:
        """The records of one kind section, nested ones (``variants``) from every parent, in
        order; ``KeyError`` for an unknown section."""
        spec = kind_by_section(section)
        if spec.parent is None:
            return tuple(getattr(self, section))
        parents = self.records(kind_by_name(spec.parent).section)
        return tuple(child for parent in parents for child in getattr(parent, section))

    def archive_sections(self) -> frozenset[str]:
        """The sections whose undeclared remote records are archived."""
        return frozenset(self.options.archive_missing)


def _section_fields() -> dict[str, Any]:
    return {
        spec.section: (
            tuple[spec.model, ...],  # type: ignore[name-defined]
            Field(default=(), title=spec.title(), description=spec.section_description),
        )
        for spec in top_level_kinds()
    }


Catalogue = create_model(
    "Catalogue",
    __base__=CatalogueHeader,
    __doc__="A whole configuration, every file merged: what the account should look like.",
    **_section_fields(),
)
