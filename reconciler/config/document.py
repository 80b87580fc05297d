"""The configuration as a whole: format version, options, and one tuple of records per section.

The kinds' record models live in ``reconciler/kinds/``; this module only assembles them. A test
checks that the sections here are exactly the registry's top-level kinds.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from reconciler.kinds import KINDS, kind_by_name, kind_by_section
from reconciler.kinds.currency import Currency
from reconciler.kinds.location import Location
from reconciler.kinds.payment_term import PaymentTerm
from reconciler.kinds.price_list import PriceList
from reconciler.kinds.product import Product
from reconciler.kinds.tax_type import TaxType

FORMAT_VERSION = 1

Section = Literal[
    "currencies", "locations", "payment_terms", "tax_types", "price_lists", "products", "variants"
]
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
    min_records: int = Field(
        default=10,
        ge=0,
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
    thresholds: Thresholds = Field(default_factory=Thresholds, title="Thresholds")


def _file_schema(schema: dict[str, Any]) -> None:
    # Editors check each file alone, and `gecko_apply` is required once per configuration,
    # not in every file; x- keys hold shared anchors.
    schema.pop("required", None)
    schema["patternProperties"] = {"^x-": {"description": "Ignored; a place for anchors."}}


class Catalogue(BaseModel):
    """A whole configuration, every file merged: what the account should look like."""

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
    options: Options = Field(default_factory=Options, title="Options")
    currencies: tuple[Currency, ...] = Field(
        default=(),
        title="Currencies",
        description="The account's currencies by ISO code; its base currency is read-only.",
    )
    locations: tuple[Location, ...] = Field(default=(), title="Locations")
    payment_terms: tuple[PaymentTerm, ...] = Field(default=(), title="Payment terms")
    tax_types: tuple[TaxType, ...] = Field(default=(), title="Tax types")
    price_lists: tuple[PriceList, ...] = Field(
        default=(),
        title="Price lists",
        description="Custom price lists; retail, wholesale and buy exist in every account.",
    )
    products: tuple[Product, ...] = Field(default=(), title="Products")

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
