"""Locations (warehouses and offices), keyed by ``label``."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, Field

from reconciler.kinds.base import KindSpec
from reconciler.kinds.fields import CountryCode, Key, Record, Text, optional_text


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
    address2: Text | None = optional_text("Address line 2", "", "#04-01")
    city: Text | None = optional_text("City", "", "Singapore")
    suburb: Text | None = optional_text("Suburb", "")
    state: Text | None = optional_text("State", "")
    zip_code: Text | None = optional_text("Postcode", "", "238839")
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


class LocationSpec(KindSpec):
    """Locations: ``location["Main Warehouse"]``."""

    name: ClassVar[str] = "location"
    section: ClassVar[str] = "locations"
    resource: ClassVar[str] = "locations"
    root: ClassVar[str] = "location"
    key_field: ClassVar[str] = "label"
    model: ClassVar[type[BaseModel]] = Location
