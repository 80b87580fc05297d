"""Suppliers: companies of type ``supplier``, their defaults by natural key, and products naming
them by name (``supplier_ids`` on the wire)."""

from __future__ import annotations

from typing import Any

import pytest

from reconciler.engine.plan import Action
from reconciler.engine.scope import kinds_in_scope, kinds_touched, with_refers
from reconciler.engine.state import declared_records
from reconciler.kinds.base import Fields
from tests.engine.helpers import (
    api_product,
    catalogue,
    change,
    model,
    references,
    source_of,
    spec,
)

REFS = references(
    ("supplier", "Acme Beans", 31),
    ("supplier", "Wonka Candy", 32),
    ("payment_term", "NET30", 5),
    ("tax_type", "PURCHASES", 6),
    ("price_list", "VIP", 7),
    ("price_list", "buy", "buy"),
    ("location", "Main Warehouse", 8409),
)


def api_company(company_id: int, name: str, **overrides: Any) -> dict[str, Any]:
    """A company as the API reference shows one (tags an array, defaults by id)."""
    record: dict[str, Any] = {
        "id": company_id, "created_at": "2015-11-02T01:22:24.612Z",
        "updated_at": "2015-11-02T01:22:24.612Z", "assignee_id": None,
        "default_ledger_account_id": None, "default_payment_term_id": None,
        "default_stock_location_id": None, "default_tax_type_id": None, "company_code": None,
        "company_type": "supplier", "default_discount_rate": None, "default_price_list_id": None,
        "default_tax_rate": None, "description": "", "email": None, "fax": None, "name": name,
        "phone_number": None, "status": "active", "tax_number": None, "website": None,
        "tags": [], "address_ids": [], "contact_ids": [], "note_ids": [],
    }
    return record | overrides


def desired_supplier(data: dict[str, Any]) -> Fields:
    return spec("supplier").desired(model("supplier", data), {})


FULL = {
    "name": "Acme Beans", "company_code": "ACME", "email": "orders@acme.example",
    "phone_number": "+65 6123 4567", "website": "https://acme.example", "tax_number": "2019K",
    "description": "Green coffee.", "tags": ["coffee", "beans"], "default_discount_rate": 5.0,
    "default_payment_term": "NET30", "default_tax_type": "PURCHASES",
    "default_price_list": "VIP", "default_stock_location": "Main Warehouse",
}
API_FULL = api_company(
    31, "Acme Beans", company_code="ACME", email="orders@acme.example",
    phone_number="+65 6123 4567", website="https://acme.example", tax_number="2019K",
    description="Green coffee.", tags=["beans", "coffee"], default_discount_rate="5.0",
    default_payment_term_id=5, default_tax_type_id=6, default_price_list_id="7",
    default_stock_location_id=8409,
)


def test_a_supplier_reads_back_as_written() -> None:
    wanted = desired_supplier(FULL)
    current = spec("supplier").current(API_FULL, REFS)
    assert wanted["default_price_list"] == "vip"  # price list codes are case-insensitive
    assert {name: current[name] for name in wanted} == wanted


def test_only_written_fields_are_managed() -> None:
    assert desired_supplier({"name": "Acme Beans", "email": "a@b.example"}) == {
        "name": "Acme Beans", "email": "a@b.example",
    }


def test_create_is_a_supplier_with_defaults_sent_as_ids() -> None:
    body = spec("supplier").create_body(desired_supplier(FULL), REFS)
    assert body["company_type"] == "supplier"
    assert body["default_payment_term_id"] == 5
    assert body["default_tax_type_id"] == 6
    assert body["default_price_list_id"] == "7"  # a String attribute in the reference
    assert body["default_stock_location_id"] == 8409
    assert body["tags"] == ["beans", "coffee"]  # an array, unlike a product's tags


def test_a_built_in_default_price_list_is_sent_by_its_id() -> None:
    fields = desired_supplier({"name": "Acme Beans", "default_price_list": "Buy"})
    assert spec("supplier").update_body(fields, REFS)["default_price_list_id"] == "buy"


def test_a_supplier_names_its_defaults_as_references() -> None:
    record = model("supplier", FULL)
    assert record.yaml_references() == (  # type: ignore[attr-defined]
        ("payment_term", "NET30", ("default_payment_term",)),
        ("tax_type", "PURCHASES", ("default_tax_type",)),
        ("price_list", "VIP", ("default_price_list",)),
        ("location", "Main Warehouse", ("default_stock_location",)),
    )


def test_suppliers_are_read_with_their_filter() -> None:
    assert spec("supplier").read_filter == {"company_type": "supplier"}
    assert spec("supplier").resource == "companies"


# --- products naming their supplier -----------------------------------------------------------


def test_a_product_supplier_is_read_from_supplier_ids_and_written_as_ids() -> None:
    product = spec("product")
    wanted = product.desired(model("product", {"name": "Latte", "supplier": "Acme Beans"}), {})
    current = product.current(api_product(1, "Latte", supplier="Old text", supplier_ids=[31]), REFS)
    assert wanted == {"name": "Latte", "supplier": "Acme Beans"}
    assert current["supplier"] == "Acme Beans"
    assert product.update_body({"supplier": "Wonka Candy"}, REFS) == {"supplier_ids": [32]}
    assert product.update_body({"supplier": None}, REFS) == {"supplier_ids": []}


def test_a_product_without_supplier_ids_has_no_supplier() -> None:
    current = spec("product").current(api_product(1, "Latte", supplier="Text only"), REFS)
    assert current["supplier"] is None


def test_an_unknown_supplier_cannot_be_written() -> None:
    with pytest.raises(KeyError, match="supplier 'Nobody' is not in the account"):
        spec("product").update_body({"supplier": "Nobody"}, REFS)


# --- what is read, and when -----------------------------------------------------------------------


def names(specs: Any) -> list[str]:
    return [s.name for s in specs]


def test_suppliers_are_read_only_when_declared_or_named() -> None:
    plain = catalogue(products=[{"name": "Latte"}])
    named = catalogue(products=[{"name": "Latte", "supplier": "Acme Beans"}])
    declared = catalogue(suppliers=[{"name": "Acme Beans"}])
    assert "supplier" not in names(kinds_in_scope(declared_records(plain, source_of), ()))
    assert "supplier" in names(kinds_in_scope(declared_records(named, source_of), ()))
    in_scope = names(kinds_in_scope(declared_records(declared, source_of), ()))
    assert in_scope == ["supplier"]


def test_a_supplier_naming_a_tax_type_reads_tax_types() -> None:
    declared = catalogue(suppliers=[{"name": "Acme Beans", "default_tax_type": "PURCHASES"}])
    assert names(kinds_in_scope(declared_records(declared, source_of), ())) == [
        "tax_type", "supplier"
    ]


def test_a_saved_plan_reads_suppliers_only_when_it_writes_a_supplier() -> None:
    retype = change("product", "Latte", Action.UPDATE, {"product_type": ("A", "B")}, remote_id=1)
    resupply = change("product", "Latte", Action.UPDATE, {"supplier": (None, "A")}, remote_id=1)
    assert "supplier" not in names(kinds_touched([retype]))
    assert "supplier" in names(kinds_touched([resupply]))


def test_export_of_products_reads_their_suppliers() -> None:
    assert "supplier" in names(with_refers({"product"}))
