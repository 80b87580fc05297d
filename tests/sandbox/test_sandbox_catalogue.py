"""Prices, tax rates, stock, tags and price lists: the quirks NOTES.md records."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import TestClient


def post(client: TestClient, plural: str, root: str, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(f"/{plural}", json={root: body})
    assert response.status_code == 201, response.text
    record: dict[str, Any] = response.json()[root]
    return record


def variant(client: TestClient, variant_id: int) -> dict[str, Any]:
    found: dict[str, Any] = client.get(f"/variants/{variant_id}").json()["variant"]
    return found


@pytest.fixture
def vip(client: TestClient) -> dict[str, Any]:
    return post(client, "price_lists", "price_list", {"code": "VIP", "name": "VIP",
                                                      "currency_id": 1})


def test_price_list_fields_and_read_only_ones(client: TestClient, vip: dict[str, Any]) -> None:
    assert isinstance(vip["id"], int)
    assert (vip["currency_iso"], vip["currency_symbol"]) == ("SGD", "$")
    assert (vip["is_default"], vip["is_cost"], vip["position"]) == (None, False, 1)
    client.put(f"/price_lists/{vip['id']}", json={"price_list": {
        "currency_iso": "USD", "is_default": True, "name": "Very Important"}})
    after = client.get(f"/price_lists/{vip['id']}").json()["price_list"]
    assert (after["currency_iso"], after["is_default"], after["name"]) == \
        ("SGD", None, "Very Important")
    retail = client.get("/price_lists/retail").json()["price_list"]
    assert (retail["id"], retail["code"], retail["is_default"]) == ("retail", "RETAIL", True)
    assert client.get("/price_lists/buy").json()["price_list"]["is_cost"] is True
    listed = client.get("/price_lists", params={"ids": f"retail,{vip['id']}"}).json()
    assert sorted(str(p["id"]) for p in listed["price_lists"]) == sorted(["retail",
                                                                          str(vip["id"])])


def test_unknown_currency_is_422(client: TestClient) -> None:
    response = client.post("/price_lists", json={"price_list": {"code": "X", "currency_id": 9}})
    assert response.json() == {"errors": {"currency_id": ["is invalid"]}}


def test_built_in_prices_are_written_only_through_their_fields(
    client: TestClient, vip: dict[str, Any]
) -> None:
    created = post(client, "variants", "variant", {
        "product_id": 1, "sku": "P-1", "retail_price": 22, "wholesale_price": "12.50",
        "variant_prices": [{"price_list_id": "retail", "value": "99.0"},
                           {"price_list_id": vip["id"], "value": 20}],
    })
    assert (created["retail_price"], created["wholesale_price"], created["buy_price"]) == \
        ("22.0", "12.5", None)
    assert created["variant_prices"] == [
        {"price_list_id": "retail", "value": "22.0"},
        {"price_list_id": "wholesale", "value": "12.5"},
        {"price_list_id": str(vip["id"]), "value": "20.0"},
    ]
    assert created["prices"] == {"retail": "22.0", "wholesale": "12.5", str(vip["id"]): "20.0"}
    client.put(f"/variants/{created['id']}", json={"variant": {
        "variant_prices": [{"price_list_id": "wholesale", "value": "1.0"},
                           {"price_list_id": str(vip["id"]), "value": "18.5"}],
        "buy_price": "4.5"}})
    after = variant(client, created["id"])
    assert after["wholesale_price"] == "12.5"
    assert after["buy_price"] == "4.5"
    assert {"price_list_id": str(vip["id"]), "value": "18.5"} in after["variant_prices"]
    assert len(after["variant_prices"]) == 4


def test_variant_prices_for_an_unknown_list_are_422(client: TestClient) -> None:
    response = client.post("/variants", json={"variant": {
        "product_id": 1, "variant_prices": [{"price_list_id": 4242, "value": "1"}]}})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["variant_prices"]


def test_product_reads_through_on_variants(client: TestClient) -> None:
    product = post(client, "products", "product", {"name": "Lolly", "product_type": "Candy",
                                                   "variants": [{"sku": "L-1"}]})
    (variant_id,) = product["variant_ids"]
    client.put(f"/products/{product['id']}", json={"product": {"name": "Lollipop",
                                                               "status": "disabled"}})
    after = variant(client, variant_id)
    assert (after["product_name"], after["product_status"], after["product_type"]) == \
        ("Lollipop", "disabled", "Candy")


def test_initial_stock_goes_to_the_given_or_primary_location(client: TestClient) -> None:
    depot = post(client, "locations", "location", {"label": "Depot", "address1": "1 Rd",
                                                   "country": "SG"})
    primary = post(client, "variants", "variant", {"product_id": 1, "initial_stock_level": 7,
                                                   "initial_cost_price": "4.5"})
    placed = post(client, "variants", "variant", {
        "product_id": 1, "initial_stock_level": "2.5", "initial_stock_location_id": depot["id"]})
    assert primary["stock_on_hand"] == "7"
    assert primary["stock_levels"] == {"1": "7.0"}
    assert primary["locations"][0]["location_id"] == 1
    assert primary["locations"][0]["stock_on_hand"] == "7"
    assert (primary["last_cost_price"], primary["moving_average_cost"]) == ("4.5", "4.5")
    assert placed["stock_levels"] == {str(depot["id"]): "2.5"}
    assert placed["stock_on_hand"] == "2.5"
    bad = client.post("/variants", json={"variant": {"product_id": 1, "initial_stock_level": 1,
                                                     "initial_stock_location_id": 999}})
    assert bad.json() == {"errors": {"initial_stock_location_id": ["is invalid"]}}


def test_product_quantity_and_search_cache_come_from_variants(client: TestClient) -> None:
    gobstopper = client.get("/products", params={"q": "Gobstopper"}).json()["products"][0]
    assert gobstopper["quantity"] == "20"
    assert gobstopper["search_cache"] == "DEMO-GOBS-PEA Peach DEMO-GOBS-SNO Snozzberry"
    assert len(gobstopper["variant_ids"]) == 2


@pytest.mark.parametrize(("written", "wire"), [
    (["candy", "summer"], "candy,summer"),
    ("candy, summer,,", "candy,summer"),
    ([], None),
    ("", None),
])
def test_tags_are_a_comma_string_on_the_wire(client: TestClient, written: Any, wire: Any) -> None:
    product = post(client, "products", "product", {"name": "Tagged", "tags": written})
    assert product["tags"] == wire


def test_embedded_variant_errors_are_reported_and_nothing_is_created(client: TestClient) -> None:
    before = client.get("/variants", params={"limit": 0}).headers["X-Pagination"]
    response = client.post("/products", json={"product": {"name": "Broken", "variants": [
        {"sku": "OK"}, {"sku": "BAD", "weight_unit": "stone"}]}})
    assert response.status_code == 422
    assert response.json() == {"errors": {"variants[1].weight_unit":
                                          ["is not included in the list"]}}
    assert client.get("/variants", params={"limit": 0}).headers["X-Pagination"] == before
    assert client.get("/products", params={"q": "Broken"}).json()["products"] == []


@pytest.mark.parametrize(("components", "rate"), [
    ([{"rate": 10}, {"rate": 5}, {"rate": 1, "compound": True}], "16.15"),
    ([{"rate": "7.0"}, {"rate": "3.5"}, {"rate": "1.0", "compound": None}], "11.5"),
    ([{"rate": 9}], "9.0"),
    ([], "0.0"),
])
def test_tax_type_effective_rate(
    client: TestClient, components: list[dict[str, Any]], rate: str
) -> None:
    embedded = [{"label": f"C{n}", "position": n, **c} for n, c in enumerate(components)]
    tax = post(client, "tax_types", "tax_type", {"name": "T", "code": "T",
                                                 "tax_components": embedded})
    assert tax["effective_rate"] == rate
    assert len(tax["tax_component_ids"]) == len(components)


def test_tax_components_are_their_own_resource_and_update_the_type(client: TestClient) -> None:
    tax = post(client, "tax_types", "tax_type", {"name": "State", "code": "ST",
                                                 "tax_components": [{"label": "A", "rate": 10}]})
    extra = post(client, "tax_components", "tax_component",
                 {"tax_type_id": tax["id"], "label": "B", "rate": "5", "compound": True})
    after = client.get(f"/tax_types/{tax['id']}").json()["tax_type"]
    assert after["effective_rate"] == "15.5"
    assert after["tax_component_ids"] == [*tax["tax_component_ids"], extra["id"]]
    client.put(f"/tax_components/{extra['id']}", json={"tax_component": {"rate": 10}})
    assert client.get(f"/tax_types/{tax['id']}").json()["tax_type"]["effective_rate"] == "21.0"
    assert client.delete(f"/tax_components/{extra['id']}").status_code == 204
    assert client.get(f"/tax_components/{extra['id']}").status_code == 404
    assert client.get(f"/tax_types/{tax['id']}").json()["tax_type"]["effective_rate"] == "10.0"
    orphan = client.post("/tax_components", json={"tax_component": {"tax_type_id": 999}})
    assert orphan.status_code == 422
