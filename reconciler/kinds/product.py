"""Products, keyed by ``name``, each with its variants nested."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, Field

from reconciler.kinds.base import Fields, References
from reconciler.kinds.columns import Column, ColumnSpec
from reconciler.kinds.fields import Key, Record, ReferenceTo, Text, optional_text
from reconciler.kinds.image import Image
from reconciler.kinds.values import tag_list
from reconciler.kinds.variant import Variant


class Product(Record):
    """A product and its variants."""

    name: Key = Field(
        title="Name",
        description="Identity key, unique within the configuration.",
        examples=["Everlasting Gobstopper"],
    )
    product_type: Text | None = optional_text(
        "Product type", "Free-text category TradeGecko groups products by.", "Candy"
    )
    brand: Text | None = optional_text("Brand", "Brand name.", "Wonka")
    description: Text | None = optional_text(
        "Description", "Description of the product, as sales channels show it.", "Never runs out."
    )
    tags: tuple[Text, ...] | None = Field(
        default=None,
        title="Tags",
        description="Compared as a set.",
        examples=[["candy", "summer"]],
    )
    status: Literal["active", "disabled"] | None = Field(
        default=None,
        title="Status",
        description="`active` or `disabled`; archival is `options.archive_missing`.",
        examples=["active"],
    )
    opt1: Text | None = optional_text(
        "Option 1 name", "Name of the first option variants differ by (their `opt1`).", "Flavour"
    )
    opt2: Text | None = optional_text(
        "Option 2 name", "Name of the second option variants differ by (their `opt2`).", "Size"
    )
    opt3: Text | None = optional_text(
        "Option 3 name", "Name of the third option variants differ by (their `opt3`)."
    )
    supplier: Key | None = optional_text(
        "Supplier", "Name of a declared or existing supplier.", "Wonka Candy"
    )
    ordered_variants: bool | None = Field(
        default=None,
        title="Ordered variants",
        description=(
            "Manage the variants' order: the order of `variants` is their order in TradeGecko "
            "(their `position`); undeclared variants keep theirs and do not count."
        ),
        examples=[True],
    )
    variants: tuple[Variant, ...] = Field(
        default=(),
        title="Variants",
        description="The product's variants, keyed by SKU.",
    )
    images: tuple[Image, ...] = Field(
        default=(),
        title="Images",
        description=(
            "The product's images, in order, matched by the file name their URL ends with; "
            "when written (even `[]`), images not listed are deleted."
        ),
    )

    def yaml_references(self) -> tuple[ReferenceTo, ...]:
        return (("supplier", self.supplier, ("supplier",)),) if self.supplier else ()


def _read_supplier(api_record: Mapping[str, Any], refs: References) -> str | None:
    """The API keeps one supplier per product, as a one-item ``supplier_ids``."""
    ids = api_record.get("supplier_ids") or []
    return refs.key_of("supplier", ids[0]) if isinstance(ids, list) and ids else None


def _write_supplier(name: str | None, refs: References) -> list[int | str]:
    return [] if name is None else [refs.id_of("supplier", name)]


def _wire_tags(tags: list[str], refs: References) -> str:
    """Tags travel as one comma-separated string."""
    return ",".join(tags or [])


class ProductSpec(ColumnSpec):
    """Products: ``product["Everlasting Gobstopper"]``."""

    name: ClassVar[str] = "product"
    section: ClassVar[str] = "products"
    section_description: ClassVar[str | None] = (
        "Products by name, each with its variants and images."
    )
    resource: ClassVar[str] = "products"
    root: ClassVar[str] = "product"
    key_field: ClassVar[str] = "name"
    model: ClassVar[type[BaseModel]] = Product
    embeds: ClassVar[str | None] = "variants"
    needs: ClassVar[tuple[str, ...]] = ("variant",)
    read_statuses: ClassVar[tuple[str, ...] | None] = ("active", "disabled", "archived")
    refers_to: ClassVar[Mapping[str, str]] = {"supplier": "supplier"}
    columns: ClassVar[tuple[Column, ...]] = (
        Column("name"),
        Column("product_type"),
        Column("brand"),
        Column("description"),
        Column("tags", normalise=tag_list, write=_wire_tags),
        Column("status"),
        Column("opt1"),
        Column("opt2"),
        Column("opt3"),
        Column("supplier", wire="supplier_ids", read=_read_supplier, write=_write_supplier),
    )

    def export(self, fields: Fields) -> dict[str, Any]:
        exported = super().export(fields)
        if exported.get("status") == "active":
            del exported["status"]
        return exported

    def nest(self, item: dict[str, Any], section: str, children: list[dict[str, Any]]) -> None:
        """Variants are exported in the account's order, which the export then manages."""
        if len(children) > 1:
            item["ordered_variants"] = True
        item[section] = children
