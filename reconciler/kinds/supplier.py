"""Suppliers: the account's companies of type ``supplier``, keyed by ``name``.

Products name their supplier (``supplier: Acme Beans``); the defaults a supplier carries (payment
term, tax type, price list, stock location) name those records by their natural keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from pydantic import BaseModel, Field

from reconciler.kinds.base import Fields, References
from reconciler.kinds.columns import Column, ColumnSpec, reference
from reconciler.kinds.fields import Amount, Key, Record, ReferenceTo, Text, optional_text
from reconciler.kinds.values import decimal_text, folded_text, tag_list

COMPANY_TYPE = "supplier"
PRICE_LIST_ID = "default_price_list_id"


class Supplier(Record):
    """A supplier: a company products are bought from."""

    name: Key = Field(
        title="Name",
        description="Identity key; products name their supplier by it.",
        examples=["Acme Beans"],
    )
    company_code: Text | None = optional_text("Company code", "Your own code for it.", "ACME")
    email: Text | None = optional_text("Email", "Contact email address.", "orders@acme.example")
    phone_number: Text | None = optional_text("Phone number", "Kept as written.", "+65 6123 4567")
    fax: Text | None = optional_text("Fax", "Fax number, kept as written.")
    website: Text | None = optional_text("Website", "Address of its website.", "https://acme.example")
    tax_number: Text | None = optional_text(
        "Tax number", "Tax registration number (GST, VAT, ABN...).", "201912345K"
    )
    description: Text | None = optional_text(
        "Description", "Free-text notes about the supplier.", "Green coffee importer."
    )
    tags: tuple[Text, ...] | None = Field(
        default=None, title="Tags", description="Compared as a set.", examples=[["coffee"]]
    )
    default_discount_rate: Amount | None = Field(
        default=None, title="Default discount rate", description="In percent.", examples=[5]
    )
    default_payment_term: Key | None = optional_text(
        "Default payment term", "Name of a declared or existing payment term.", "NET30"
    )
    default_tax_type: Key | None = optional_text(
        "Default tax type", "Code of a declared or existing tax type.", "PURCHASES"
    )
    default_price_list: Key | None = optional_text(
        "Default price list",
        "Code of a declared or existing price list, or `retail`, `wholesale` or `buy`.",
        "buy",
    )
    default_stock_location: Key | None = optional_text(
        "Default stock location", "Label of a declared or existing location.", "Main Warehouse"
    )

    def yaml_references(self) -> tuple[ReferenceTo, ...]:
        return tuple(
            (kind, value, (name,))
            for name, kind in SupplierSpec.refers_to.items()
            if (value := getattr(self, name)) is not None
        )


def _wire_tags(tags: list[str] | None, refs: References) -> list[str]:
    """Company tags are an array on the wire."""
    return list(tags or [])


class SupplierSpec(ColumnSpec):
    """Suppliers: ``supplier["Acme Beans"]``."""

    name: ClassVar[str] = "supplier"
    section: ClassVar[str] = "suppliers"
    section_description: ClassVar[str | None] = (
        "Suppliers (companies of type supplier), by name."
    )
    resource: ClassVar[str] = "companies"
    root: ClassVar[str] = "company"
    key_field: ClassVar[str] = "name"
    model: ClassVar[type[BaseModel]] = Supplier
    read_statuses: ClassVar[tuple[str, ...] | None] = ("active", "disabled", "archived")
    read_filter: ClassVar[Mapping[str, str]] = {"company_type": COMPANY_TYPE}
    refers_to: ClassVar[Mapping[str, str]] = {
        "default_payment_term": "payment_term",
        "default_tax_type": "tax_type",
        "default_price_list": "price_list",
        "default_stock_location": "location",
    }
    columns: ClassVar[tuple[Column, ...]] = (
        Column("name"),
        Column("company_code"),
        Column("email"),
        Column("phone_number"),
        Column("fax"),
        Column("website"),
        Column("tax_number"),
        Column("description"),
        Column("tags", normalise=tag_list, write=_wire_tags),
        Column("default_discount_rate", normalise=decimal_text),
        reference("default_payment_term", "payment_term"),
        reference("default_tax_type", "tax_type"),
        reference("default_price_list", "price_list", normalise=folded_text),
        reference("default_stock_location", "location"),
    )

    def update_body(self, fields: Fields, refs: References) -> dict[str, Any]:
        body = super().update_body(fields, refs)
        if body.get(PRICE_LIST_ID) is not None:
            body[PRICE_LIST_ID] = str(body[PRICE_LIST_ID])  # a String attribute ("retail", "12")
        return body

    def create_body(self, fields: Fields, refs: References) -> dict[str, Any]:
        return {**self.update_body(fields, refs), "company_type": COMPANY_TYPE}
