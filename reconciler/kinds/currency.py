"""Currencies, keyed by their ISO 4217 code; the account's base currency is read-only.

Price lists (and anything else naming a currency) refer to one by code, so a currency declared
here is created before them. The base currency (the account's ``default_currency_id``) is the
unit every other rate is relative to: the API does not let it change, so a declaration may name
it (to say the catalogue relies on it) but a field that differs is a plan error.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, Field

from reconciler.kinds.columns import Column, ColumnSpec
from reconciler.kinds.fields import NOT_BOOLEAN, CurrencyCode, Record, Text
from reconciler.kinds.values import decimal_text, integer

Rate = Annotated[Decimal, Field(gt=0)]


class Currency(Record):
    """One of the account's currencies."""

    iso: CurrencyCode = Field(
        title="ISO code", description="Identity key: an ISO 4217 code.", examples=["EUR"]
    )
    name: Text | None = Field(
        default=None, title="Name", description="Display name.", examples=["Euro"]
    )
    symbol: Text | None = Field(
        default=None,
        title="Symbol",
        description="Shown with amounts, where `format` puts `%u`.",
        examples=["€"],
    )
    rate: Rate | None = Field(
        default=None,
        title="Rate",
        description="Exchange rate against the account's base currency.",
        examples=[0.68],
    )
    separator: Text | None = Field(
        default=None, title="Decimal separator", description="Kept as written.", examples=[","]
    )
    delimiter: Text | None = Field(
        default=None,
        title="Thousands delimiter",
        description="Kept as written (a space is a delimiter).",
        examples=["."],
    )
    format: Text | None = Field(
        default=None,
        title="Format",
        description="`%n` is the number, `%u` the symbol: `%u%n` shows `€12`.",
        examples=["%n %u"],
    )
    precision: Annotated[int, Field(ge=0, le=10), NOT_BOOLEAN] | None = Field(
        default=None, title="Precision", description="Decimal places shown.", examples=[2]
    )


def exact_text(value: Any) -> str | None:
    """Separators and formats are compared as written: a space is a value, not blank."""
    if value is None or value == "":
        return None
    return str(value)


def _iso(value: Any) -> str | None:
    return str(value).strip().upper() if value is not None and str(value).strip() else None


class CurrencySpec(ColumnSpec):
    """Currencies: ``currency["EUR"]``."""

    name: ClassVar[str] = "currency"
    section: ClassVar[str] = "currencies"
    resource: ClassVar[str] = "currencies"
    root: ClassVar[str] = "currency"
    key_field: ClassVar[str] = "iso"
    model: ClassVar[type[BaseModel]] = Currency
    needs_account: ClassVar[bool] = True
    section_description: ClassVar[str | None] = (
        "The account's currencies by ISO code; its base currency is read-only."
    )
    required_on_create: ClassVar[tuple[str, ...]] = ()
    columns: ClassVar[tuple[Column, ...]] = (
        Column("iso", normalise=_iso),
        Column("name"),
        Column("symbol", normalise=exact_text),
        Column("rate", normalise=decimal_text),
        Column("separator", normalise=exact_text),
        Column("delimiter", normalise=exact_text),
        Column("format", normalise=exact_text),
        Column("precision", normalise=integer),
    )

    def normalise_key(self, key: str) -> str:
        return key.strip().upper()

    def is_builtin(self, api_record: Mapping[str, Any], account: Mapping[str, Any]) -> bool:
        base = account.get("default_currency_id")
        return base is not None and str(api_record.get("id")) == str(base)

    def builtin_write_problem(self) -> str | None:
        return (
            "is the account's base currency, which the API does not let change (every rate is "
            "relative to it); remove these fields from its declaration"
        )

    def export_builtin(self, fields: dict[str, Any]) -> dict[str, Any] | None:
        """The base currency is named, so the catalogue says it relies on it, never written."""
        return {"iso": fields["iso"]}
