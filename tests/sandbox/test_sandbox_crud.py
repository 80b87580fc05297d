"""Create, show, update, archive and restore, and the 422s, across the resources."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import TestClient


def create(client: TestClient, plural: str, root: str, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(f"/{plural}", json={root: body})
    assert response.status_code == 201, response.text
    record: dict[str, Any] = response.json()[root]
    return record


def test_create_answers_201_with_location_and_singular_root(client: TestClient) -> None:
    response = client.post("/payment_terms", json={"payment_term": {"name": "NET45",
                                                                    "due_in_days": "45"}})
    assert response.status_code == 201
    term = response.json()["payment_term"]
    assert term["name"] == "NET45"
    assert term["due_in_days"] == 45
    assert term["from"] == "now"
    assert term["status"] == "active"
    assert response.headers["Location"] == f"http://sandbox.test/payment_terms/{term['id']}"
    assert client.get(f"/payment_terms/{term['id']}").json() == {"payment_term": term}


def test_update_answers_204_and_changes_only_given_fields(client: TestClient) -> None:
    location = create(client, "locations", "location",
                      {"label": "Annex", "address1": "1 Road", "country": "sg", "city": "X"})
    assert location["country"] == "SG"
    response = client.put(f"/locations/{location['id']}", json={"location": {"city": "Y"}})
    assert response.status_code == 204
    assert response.content == b""
    after = client.get(f"/locations/{location['id']}").json()["location"]
    assert after["city"] == "Y"
    assert after["address1"] == "1 Road"
    assert after["updated_at"] > location["updated_at"]
    assert after["created_at"] == location["created_at"]


def test_quick_writes_give_distinct_increasing_updated_at(client: TestClient) -> None:
    product = create(client, "products", "product", {"name": "Quick"})
    stamps = [product["updated_at"]]
    for number in range(5):
        client.put(f"/products/{product['id']}", json={"product": {"brand": f"B{number}"}})
        stamps.append(client.get(f"/products/{product['id']}").json()["product"]["updated_at"])
    assert stamps == sorted(set(stamps))
    assert len(stamps) == 6
    assert all(len(stamp) == 24 and stamp.endswith("Z") for stamp in stamps)


def test_read_only_fields_are_ignored_on_write(client: TestClient) -> None:
    variant = client.get("/variants", params={"sku": "DEMO-GOBS-PEA"}).json()["variants"][0]
    response = client.put(f"/variants/{variant['id']}", json={"variant": {
        "stock_on_hand": "999", "id": 12345, "product_name": "Other", "created_at": "2001-01-01",
        "initial_stock_level": 500, "name": "Peach!",
    }})
    assert response.status_code == 204
    after = client.get(f"/variants/{variant['id']}").json()["variant"]
    assert after["stock_on_hand"] == variant["stock_on_hand"] == "10"
    assert after["id"] == variant["id"]
    assert after["product_name"] == "Everlasting Gobstopper"
    assert after["created_at"] == variant["created_at"]
    assert after["name"] == "Peach!"


def test_variant_product_id_is_required_and_immutable(client: TestClient) -> None:
    response = client.post("/variants", json={"variant": {"sku": "X-1"}})
    assert response.status_code == 422
    assert response.json() == {"errors": {"product_id": ["can't be blank"]}}
    missing = client.post("/variants", json={"variant": {"sku": "X-1", "product_id": 999}})
    assert missing.status_code == 422
    assert "product" in missing.json()["errors"]
    variant = client.get("/variants", params={"sku": "DEMO-GOBS-PEA"}).json()["variants"][0]
    client.put(f"/variants/{variant['id']}", json={"variant": {"product_id": 2}})
    assert client.get(f"/variants/{variant['id']}").json()["variant"]["product_id"] == \
        variant["product_id"]


@pytest.mark.parametrize(
    ("plural", "root", "body", "errors"),
    [
        ("products", "product", {"name": ""}, {"name": ["can't be blank"]}),
        ("products", "product", {"name": "P", "status": "archived"},
         {"status": ["is not included in the list"]}),
        ("payment_terms", "payment_term", {"name": "T", "from": "later"},
         {"from": ["is not included in the list"]}),
        ("locations", "location", {"label": "L"},
         {"address1": ["can't be blank"], "country": ["can't be blank"]}),
        ("price_lists", "price_list", {"code": "VIP"}, {"currency_id": ["can't be blank"]}),
        ("tax_types", "tax_type", {"code": "T"}, {"name": ["can't be blank"]}),
        ("currencies", "currency", {"name": "Euro"}, {"iso": ["can't be blank"]}),
        ("variants", "variant", {"product_id": 1, "weight_unit": "stone"},
         {"weight_unit": ["is not included in the list"]}),
        ("variants", "variant", {"product_id": 1, "retail_price": "lots"},
         {"retail_price": ["is not a number"]}),
    ],
)
def test_invalid_records_answer_422_with_errors(
    client: TestClient, plural: str, root: str, body: dict[str, Any], errors: dict[str, Any]
) -> None:
    before = client.get(f"/{plural}", params={"limit": 0}).headers["X-Pagination"]
    response = client.post(f"/{plural}", json={root: body})
    assert response.status_code == 422
    assert response.json() == {"errors": errors}
    assert client.get(f"/{plural}", params={"limit": 0}).headers["X-Pagination"] == before


@pytest.mark.parametrize("unit", ["kg", "gm", "g", "oz", "lb"])
def test_every_weight_unit_is_accepted(client: TestClient, unit: str) -> None:
    variant = create(client, "variants", "variant", {"product_id": 1, "weight_unit": unit,
                                                     "weight": 2})
    assert (variant["weight_unit"], variant["weight"]) == (unit, "2.0")


def test_duplicate_active_location_label_is_422(client: TestClient) -> None:
    first = create(client, "locations", "location",
                   {"label": "Depot", "address1": "1 Road", "country": "SG"})
    again = client.post("/locations", json={"location": {"label": "Depot", "address1": "2 Road",
                                                         "country": "SG"}})
    assert again.status_code == 422
    assert again.json() == {"errors": {"label": ["has already been taken"]}}
    assert client.delete(f"/locations/{first['id']}").status_code == 204
    second = create(client, "locations", "location",
                    {"label": "Depot", "address1": "2 Road", "country": "SG"})
    restore = client.put(f"/locations/{first['id']}", json={"location": {"status": "active"}})
    assert restore.status_code == 422
    assert second["label"] == "Depot"


def test_delete_archives_and_put_status_active_restores(client: TestClient) -> None:
    term = create(client, "payment_terms", "payment_term", {"name": "Gone"})
    assert client.delete(f"/payment_terms/{term['id']}").status_code == 204
    shown = client.get(f"/payment_terms/{term['id']}").json()["payment_term"]
    assert shown["status"] == "archived"
    listed = [t["id"] for t in client.get("/payment_terms").json()["payment_terms"]]
    assert term["id"] not in listed
    archived = client.get("/payment_terms", params={"status": "archived"}).json()
    assert [t["id"] for t in archived["payment_terms"]] == [term["id"]]
    assert client.delete(f"/payment_terms/{term['id']}").status_code == 204
    restore = client.put(f"/payment_terms/{term['id']}",
                         json={"payment_term": {"status": "active"}})
    assert restore.status_code == 204
    assert term["id"] in [t["id"] for t in client.get("/payment_terms").json()["payment_terms"]]


def test_archiving_a_product_archives_its_variants_and_restore_brings_them_back(
    client: TestClient,
) -> None:
    product = create(client, "products", "product", {"name": "Fizzy", "variants": [
        {"sku": "FZ-1"}, {"sku": "FZ-2"}]})
    loose = create(client, "variants", "variant", {"product_id": product["id"], "sku": "FZ-3"})
    client.delete(f"/variants/{loose['id']}")
    assert client.delete(f"/products/{product['id']}").status_code == 204
    assert client.get("/variants", params={"product_id": product["id"]}).json()["variants"] == []
    client.put(f"/products/{product['id']}", json={"product": {"status": "active"}})
    live = client.get("/variants", params={"product_id": product["id"]}).json()["variants"]
    assert sorted(v["sku"] for v in live) == ["FZ-1", "FZ-2"]


def test_product_status_disabled_is_writable_and_listed_by_default(client: TestClient) -> None:
    product = create(client, "products", "product", {"name": "Sleepy", "status": "disabled"})
    assert product["status"] == "disabled"
    listed = [p["id"] for p in client.get("/products").json()["products"]]
    assert product["id"] in listed
    client.put(f"/products/{product['id']}", json={"product": {"status": "active"}})
    assert client.get(f"/products/{product['id']}").json()["product"]["status"] == "active"


def test_unknown_record_is_404_with_type_and_message(client: TestClient) -> None:
    response = client.get("/products/424242")
    assert response.status_code == 404
    assert response.json() == {"type": "Not Found",
                               "message": "Couldn't find Product with 'id'=424242"}
    assert client.put("/variants/abc", json={"variant": {}}).status_code == 404
    assert client.delete("/locations/99999").status_code == 404
    assert client.get("/nowhere").json()["type"] == "Not Found"


def test_built_in_records_cannot_be_archived(client: TestClient) -> None:
    assert client.delete("/price_lists/retail").status_code == 422
    primary = client.get("/accounts/current").json()["account"]["primary_location_id"]
    assert client.delete(f"/locations/{primary}").status_code == 422
    assert client.get(f"/locations/{primary}").json()["location"]["status"] == "active"


def test_account_current_reads_and_updates(client: TestClient) -> None:
    account = client.get("/accounts/current").json()["account"]
    assert account["location_ids"] == [account["primary_location_id"]]
    assert client.put(f"/accounts/{account['id']}", json={"account": {
        "country": "US", "logo_url": "x"}}).status_code == 204
    after = client.get("/accounts/current").json()["account"]
    assert (after["country"], after["logo_url"]) == ("US", None)
    assert after["updated_at"] > account["updated_at"]
    assert client.delete(f"/accounts/{account['id']}").status_code == 405
