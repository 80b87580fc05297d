"""Query parameters follow Rack: a repeated plain key keeps its last value, ``key[]`` builds a
list, a comma list is split for id filters only, and a scalar turned list is a 400."""

from __future__ import annotations

import pytest

from reconciler.sandbox.errors import BadRequest
from reconciler.sandbox.params import parse, single, values

from .helpers import TestClient


def ids(client: TestClient, path: str, params: list[tuple[str, str]]) -> list[int]:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return sorted(record["id"] for record in response.json()[path.strip("/")])


def test_parse_follows_rack() -> None:
    assert parse([("ids", "1"), ("ids", "3")]) == {"ids": "3"}
    assert parse([("ids[]", "1"), ("ids[]", "3")]) == {"ids": ["1", "3"]}
    assert parse([("ids[]", "1"), ("ids", "3")]) == {"ids": "3"}
    assert parse([("ids[]", "")]) == {"ids": [""]}
    assert parse([("a[b]", "1"), ("a[c][]", "2")]) == {"a": {"b": "1", "c": ["2"]}}
    assert parse([("odd[", "1")]) == {"odd[": "1"}
    with pytest.raises(BadRequest, match=r"expected an Array for param `ids\[\]'"):
        parse([("ids", "1"), ("ids[]", "2")])
    with pytest.raises(BadRequest, match="expected a Hash"):
        parse([("a", "1"), ("a[b]", "2")])


def test_values_and_single() -> None:
    params = parse([("ids", "1, 2"), ("sku[]", "A,B"), ("sku[]", " "), ("a[b]", "1")])
    assert values(params, "ids", commas=True) == ["1", "2"]
    assert values(params, "sku") == ["A,B"]
    assert values(params, "missing") == []
    with pytest.raises(BadRequest):
        values(params, "a")
    assert single(parse([("limit", " ")]), "limit") is None
    with pytest.raises(BadRequest, match="one value"):
        single(parse([("limit[]", "5")]), "limit")


def test_a_repeated_plain_key_keeps_its_last_value(client: TestClient) -> None:
    every = ids(client, "/products", [])
    first, third = every[0], every[2]
    assert ids(client, "/products", [("ids", str(first)), ("ids", str(third))]) == [third]
    assert ids(client, "/products", [("ids[]", str(first)), ("ids[]", str(third))]) == \
        [first, third]
    assert ids(client, "/products", [("ids", f"{first},{third}")]) == [first, third]


def test_a_repeated_status_keeps_its_last_value(client: TestClient) -> None:
    disabled = ids(client, "/products", [("status", "disabled")])
    assert disabled
    assert ids(client, "/products", [("status", "active"), ("status", "disabled")]) == disabled
    both = ids(client, "/products", [("status[]", "active"), ("status[]", "disabled")])
    assert set(disabled) < set(both)


def test_a_bare_list_key_filters_nothing(client: TestClient) -> None:
    response = client.get("/products?ids[]&sku[]")
    assert response.status_code == 200
    assert len(response.json()["products"]) == len(ids(client, "/products", []))


def test_comma_lists_are_split_for_id_filters_only(client: TestClient) -> None:
    variants = client.get("/variants", params={"limit": 250}).json()["variants"]
    products = sorted({v["product_id"] for v in variants})[:2]
    by_product = ids(client, "/variants", [("product_id", ",".join(map(str, products)))])
    assert {v["id"] for v in variants if v["product_id"] in products} == set(by_product)
    skus = [v["sku"] for v in variants[:2]]
    assert ids(client, "/variants", [("sku", ",".join(skus))]) == []
    assert len(ids(client, "/variants", [("sku[]", s) for s in skus])) >= 2


@pytest.mark.parametrize("query", ["ids=1&ids[]=2", "limit[]=5", "ids[x]=1", "order[]=id"])
def test_misshapen_parameters_are_400(client: TestClient, query: str) -> None:
    response = client.get(f"/products?{query}")
    assert response.status_code == 400
    assert response.json()["type"] == "Bad Request"


def test_undocumented_filters_are_ignored_as_rails_ignores_unknown_parameters(
    client: TestClient,
) -> None:
    every = ids(client, "/currencies", [])
    assert ids(client, "/currencies", [("iso", "XXX")]) == every
    assert ids(client, "/locations", [("label", "nowhere")]) == ids(client, "/locations", [])
