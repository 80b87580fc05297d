"""Locations (warehouses and offices), keyed by ``label``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from pydantic import BaseModel, Field

from reconciler.kinds.columns import Column, ColumnSpec
from reconciler.kinds.fields import CountryCode, Key, Record, Text, optional_text
from reconciler.kinds.values import boolean, upper_code


class Location(Record):
    """A stock location or office."""

    label: Key = Field(
        title="Label",
        description="Identity key: unique among active locations.",
        examples=["Main Warehouse"],
    )
    address1: Text | None = optional_text(
        "Address line 1", "Required when the location is created.", "887 Orchard Road"
    )
    address2: Text | None = optional_text("Address line 2", "Second line of the address.", "#04-01")
    city: Text | None = optional_text("City", "City or town.", "Singapore")
    suburb: Text | None = optional_text("Suburb", "Suburb or district.")
    state: Text | None = optional_text("State", "State, province or region.")
    zip_code: Text | None = optional_text(
        "Postcode", "Postal code; a number is kept as written (leading zeros too).", "238839"
    )
    country: CountryCode | None = Field(
        default=None,
        title="Country",
        description=(
            "ISO 3166-1 alpha-2 country code, upper-cased; required when the location is created."
        ),
        examples=["SG"],
    )
    holds_stock: bool | None = Field(
        default=None,
        title="Holds stock",
        description="Whether the location is a warehouse that holds stock.",
        examples=[True],
    )


class LocationSpec(ColumnSpec):
    """Locations: ``location["Main Warehouse"]``."""

    name: ClassVar[str] = "location"
    section: ClassVar[str] = "locations"
    section_description: ClassVar[str | None] = "Stock locations and offices, by label."
    resource: ClassVar[str] = "locations"
    root: ClassVar[str] = "location"
    key_field: ClassVar[str] = "label"
    model: ClassVar[type[BaseModel]] = Location
    required_on_create: ClassVar[tuple[str, ...]] = ("address1", "country")
    needs_account: ClassVar[bool] = True
    columns: ClassVar[tuple[Column, ...]] = (
        Column("label"),
        Column("address1"),
        Column("address2"),
        Column("city"),
        Column("suburb"),
        Column("state"),
        Column("zip_code"),
        Column("country", normalise=upper_code),
        Column("holds_stock", normalise=boolean),
    )

    def is_builtin(self, api_record: Mapping[str, Any], account: Mapping[str, Any]) -> bool:
        """The account's primary location is never archived."""
        primary = account.get("primary_location_id")
        return primary is not None and str(api_record.get("id")) == str(primary)
