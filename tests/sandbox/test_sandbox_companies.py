"""Companies: the ``company_type`` filter, defaults that must exist, tags as an array, archival,
and products naming their supplier through ``supplier_ids``."""

from __future__ import annotations

from typing import Any

from .helpers import TestClient


def create_company(client: TestClient, **body: Any) -> dict[str, Any]:
    response = client.post("/companies", json={"company": {"company_type": "supplier", **body}})
    assert response.status_code == 201, response.text
    company: dict[str, Any] = response.json()["company"]
    return company


def test_a_company_is_created_as_the_reference_shows_it(client: TestClient) -> None:
    company = create_company(client, name="Acme Beans", tags="coffee, beans", email="a@b.example")
    assert company["company_type"] == "supplier"
    assert company["tags"] == ["coffee", "beans"]
    assert company["status"] == "active"
    for readonly in ("address_ids", "contact_ids", "note_ids"):
        assert company[readonly] == []
    shown = client.get(f"/companies/{company['id']}").json()
    assert shown == {"company": company}


def test_the_reference_example_type_is_accepted_in_any_case(client: TestClient) -> None:
    response = client.post(
        "/companies", json={"company": {"name": "TradeGecko (Demo)", "company_type": "Supplier"}}
    )
    assert response.status_code == 201
    assert response.json()["company"]["company_type"] == "supplier"


def test_name_and_a_known_type_are_required(client: TestClient) -> None:
    response = client.post("/companies", json={"company": {"company_type": "vendor"}})
    assert response.status_code == 422
    assert response.json() == {
        "errors": {"company_type": ["is not included in the list"], "name": ["can't be blank"]}
    }


def test_the_index_filters_by_company_type(client: TestClient) -> None:
    create_company(client, name="Acme Beans")
    create_company(client, name="Bill's Boots", company_type="business")
    listed = client.get("/companies", params={"company_type": "supplier"}).json()["companies"]
    assert {c["name"] for c in listed} == {"Acme Beans", "Wonka Candy"}  # the demo's own
    everyone = client.get("/companies").json()["companies"]
    assert {c["name"] for c in everyone} == {"Acme Beans", "Bill's Boots", "Wonka Candy"}


def test_defaults_must_name_live_records(client: TestClient) -> None:
    term = client.get("/payment_terms").json()["payment_terms"][0]
    good = create_company(
        client, name="Acme", default_payment_term_id=term["id"], default_price_list_id="buy"
    )
    assert good["default_payment_term_id"] == term["id"]
    assert good["default_price_list_id"] == "buy"
    response = client.post("/companies", json={"company": {
        "name": "Bad", "company_type": "supplier", "default_tax_type_id": 999_999,
        "default_price_list_id": "424242", "default_stock_location_id": 999_999,
    }})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {
        "default_tax_type_id", "default_price_list_id", "default_stock_location_id"
    }


def test_update_archive_and_restore(client: TestClient) -> None:
    company = create_company(client, name="Acme")
    path = f"/companies/{company['id']}"
    website = {"company": {"website": "https://acme.example"}}
    assert client.put(path, json=website).status_code == 204
    assert client.get(path).json()["company"]["website"] == "https://acme.example"
    assert client.delete(path).status_code == 204
    listed = client.get("/companies", params={"company_type": "supplier"}).json()["companies"]
    assert company["id"] not in {c["id"] for c in listed}
    archived = client.get("/companies", params={"status": "archived"}).json()["companies"]
    assert [c["id"] for c in archived] == [company["id"]]
    assert client.put(path, json={"company": {"status": "active"}}).status_code == 204
    assert client.get(path).json()["company"]["status"] == "active"


def test_a_product_names_its_supplier_through_supplier_ids(client: TestClient) -> None:
    supplier = create_company(client, name="Acme Beans")
    response = client.post("/products", json={"product": {
        "name": "Latte", "supplier_ids": [supplier["id"]],
    }})
    assert response.status_code == 201, response.text
    product = response.json()["product"]
    assert product["supplier_ids"] == [supplier["id"]]
    assert product["supplier"] == "Acme Beans"


def test_supplier_ids_must_name_suppliers(client: TestClient) -> None:
    customer = create_company(client, name="Bill's Boots", company_type="business")
    for ids in ([customer["id"]], [999_999]):
        response = client.post("/products", json={"product": {"name": "X", "supplier_ids": ids}})
        assert response.status_code == 422
        assert response.json() == {"errors": {"supplier_ids": ["is invalid"]}}
