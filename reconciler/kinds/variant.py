"""Variants, keyed by ``sku`` across the whole account, declared under their product."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel, Field

from reconciler.kinds.base import KindSpec
from reconciler.kinds.fields import Amount, Key, Record, Text, optional_text


class Variant(Record):
    """One sellable variant of a product."""

    sku: Key = Field(
        title="SKU",
        description="Identity key, unique across the account; a number is read as written.",
        examples=["DEMO-GOBS-PEA"],
    )
    name: Text | None = optional_text("Name", "", "Peach")
    opt1: Text | None = optional_text("Option 1", "Value of the product's first option.", "Peach")
    opt2: Text | None = optional_text("Option 2", "Value of the product's second option.")
    opt3: Text | None = optional_text("Option 3", "Value of the product's third option.")
    prices: dict[Key, Amount] = Field(
        default_factory=dict,
        title="Prices",
        description=(
            "Prices by price list code: the built-in `retail`, `wholesale` and `buy`, or the code "
            "of a declared or existing custom list. Only the prices written are managed."
        ),
        examples=[{"retail": 22.0, "wholesale": 12.0, "buy": 4.5, "VIP": 20}],
    )
    taxable: bool | None = Field(
        default=None, title="Taxable", description="Whether the variant can be taxed."
    )
    weight: Amount | None = Field(default=None, title="Weight", examples=[0.2])
    weight_unit: Literal["kg", "gm", "oz", "lb"] | None = Field(
        default=None, title="Weight unit", examples=["kg"]
    )
    upc: Text | None = optional_text("UPC", "The barcode; digits are kept as written.")
    supplier_code: Text | None = optional_text("Supplier code", "")
    description: Text | None = optional_text("Description", "")
    initial_stock_level: Amount | None = Field(
        default=None,
        title="Initial stock level",
        description="Stock added when the variant is created; never compared afterwards.",
        examples=[100],
    )
    initial_stock_location: Key | None = Field(
        default=None,
        title="Initial stock location",
        description=(
            "Label of the location receiving the initial stock (declared or existing); "
            "default: the account's primary location. Create-only."
        ),
        examples=["Main Warehouse"],
    )
    initial_cost_price: Amount | None = Field(
        default=None,
        title="Initial cost price",
        description="Cost price of the initial stock. Create-only.",
        examples=[4.5],
    )


class VariantSpec(KindSpec):
    """Variants: ``variant["DEMO-GOBS-PEA"]``, nested under ``products[].variants``."""

    name: ClassVar[str] = "variant"
    section: ClassVar[str] = "variants"
    resource: ClassVar[str] = "variants"
    root: ClassVar[str] = "variant"
    key_field: ClassVar[str] = "sku"
    model: ClassVar[type[BaseModel]] = Variant
    parent: ClassVar[str | None] = "product"
