"""Custom price lists, keyed by ``code`` (case-insensitively).

The built-in lists ``retail``, ``wholesale`` and ``buy`` exist in every account; they are named in
a variant's ``prices`` but never declared.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, Field

from reconciler.kinds.base import References
from reconciler.kinds.columns import Column, ColumnSpec
from reconciler.kinds.fields import NOT_BOOLEAN, CurrencyCode, Key, Record, ReferenceTo, Text
from reconciler.kinds.values import boolean, integer, upper_code

BUILTIN_PRICE_LISTS: tuple[str, ...] = ("retail", "wholesale", "buy")
"""The built-in lists' ids, which is how ``prices`` names them (case-insensitively)."""

RESERVED_PRICE_LIST_CODES: frozenset[str] = frozenset({"retail", "wholesale", "whole", "buy"})
"""Codes (casefolded) a declared list may not take: the built-in lists' ids and codes."""


class PriceList(Record):
    """A custom price list."""

    code: Key = Field(
        title="Code",
        description="Identity key, matched case-insensitively; the key of a variant's `prices`.",
        examples=["VIP"],
    )
    name: Text | None = Field(
        default=None, title="Name", description="Display name.", examples=["VIP customers"]
    )
    currency: CurrencyCode | None = Field(
        default=None,
        title="Currency",
        description=(
            "ISO 4217 code of one of the account's currencies; required when the list is created."
        ),
        examples=["SGD"],
    )
    is_cost: bool | None = Field(
        default=None,
        title="Is cost",
        description="Offer the list when creating purchase orders.",
        examples=[False],
    )

    position: Annotated[int, Field(ge=0), NOT_BOOLEAN] | None = Field(
        default=None,
        title="Position",
        description="Where the list appears among the custom lists in TradeGecko.",
        examples=[1],
    )

    def yaml_references(self) -> tuple[ReferenceTo, ...]:
        return (("currency", self.currency, ("currency",)),) if self.currency else ()


def _read_currency(api_record: Mapping[str, Any], refs: References) -> str | None:
    currency_id = api_record.get("currency_id")
    if currency_id is not None:
        iso = refs.key_of("currency", currency_id)
        if iso is not None:
            return iso
    return upper_code(api_record.get("currency_iso"))


def _write_currency(value: Any, refs: References) -> Any:
    return refs.id_of("currency", str(value)) if value is not None else None


class PriceListSpec(ColumnSpec):
    """Price lists: ``price_list["vip"]``."""

    name: ClassVar[str] = "price_list"
    section: ClassVar[str] = "price_lists"
    resource: ClassVar[str] = "price_lists"
    root: ClassVar[str] = "price_list"
    key_field: ClassVar[str] = "code"
    model: ClassVar[type[BaseModel]] = PriceList
    key_case_insensitive: ClassVar[bool] = True
    required_on_create: ClassVar[tuple[str, ...]] = ("currency",)
    needs: ClassVar[tuple[str, ...]] = ("currency",)
    section_description: ClassVar[str | None] = (
        "Custom price lists; retail, wholesale and buy exist in every account."
    )
    columns: ClassVar[tuple[Column, ...]] = (
        Column("code"),
        Column("name"),
        Column("currency", wire="currency_id", read=_read_currency, write=_write_currency),
        Column("is_cost", normalise=boolean),
        Column("position", normalise=integer),
    )

    def key_of(self, api_record: Mapping[str, Any]) -> str | None:
        """The built-in lists are known by their ids (``retail``), custom lists by code."""
        if self.is_builtin(api_record, {}):
            return str(api_record["id"])
        return super().key_of(api_record)

    def is_builtin(self, api_record: Mapping[str, Any], account: Mapping[str, Any]) -> bool:
        return str(api_record.get("id")) in BUILTIN_PRICE_LISTS

    def export_builtin(self, fields: dict[str, Any]) -> dict[str, Any] | None:
        """Every account has the built-in lists: they are never declared."""
        return None

    def create_body(self, fields: dict[str, Any], refs: References) -> dict[str, Any]:
        body = self.update_body(fields, refs)
        body.setdefault("name", fields.get("code"))
        return body
