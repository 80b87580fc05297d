"""Custom price lists, keyed by ``code`` (case-insensitively).

The built-in lists ``retail``, ``wholesale`` and ``buy`` exist in every account; they are named in
a variant's ``prices`` but never declared.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, Field

from reconciler.kinds.base import KindSpec
from reconciler.kinds.fields import CurrencyCode, Key, Record, Text

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
    name: Text | None = Field(default=None, title="Name", examples=["VIP customers"])
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


class PriceListSpec(KindSpec):
    """Price lists: ``price_list["vip"]``."""

    name: ClassVar[str] = "price_list"
    section: ClassVar[str] = "price_lists"
    resource: ClassVar[str] = "price_lists"
    root: ClassVar[str] = "price_list"
    key_field: ClassVar[str] = "code"
    model: ClassVar[type[BaseModel]] = PriceList
    key_case_insensitive: ClassVar[bool] = True
