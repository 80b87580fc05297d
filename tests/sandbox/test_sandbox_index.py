"""Index pages: pagination, limits, X-Pagination, filters, ordering, sideloading."""

from __future__ import annotations

import json
from typing import Any

import pytest
from starlette.applications import Starlette

from .helpers import TestClient, sandbox_of


def page(client: TestClient, plural: str, **params: Any) -> tuple[list[Any], dict[str, Any]]:
    response = client.get(f"/{plural}", params=params)
    assert response.status_code == 200, response.text
    return response.json()[plural], json.loads(response.headers["X-Pagination"])


@pytest.fixture
def many(app: Starlette) -> list[int]:
    return sandbox_of(app).bulk_insert(
        "payment_terms", [{"name": f"T{n:02d}", "due_in_days": n} for n in range(20)]
    )


def test_x_pagination_is_compact_json_in_the_api_key_order(
    client: TestClient, many: list[int]
) -> None:
    header = client.get("/payment_terms", params={"limit": 5, "page": 2}).headers["X-Pagination"]
    assert header == ('{"total_records":23,"total_pages":5,"first_page":false,'
                      '"last_page":false,"out_of_bounds":false,"offset":5}')


def test_link_header_points_to_next_and_last(client: TestClient, many: list[int]) -> None:
    link = client.get("/payment_terms", params={"limit": 10, "status": "active"}).headers["Link"]
    assert link == (
        '<http://sandbox.test/payment_terms?limit=10&status=active&page=2>; rel="next", '
        '<http://sandbox.test/payment_terms?limit=10&status=active&page=3>; rel="last"'
    )
    last = client.get("/payment_terms", params={"limit": 10, "page": 3}).headers["Link"]
    assert last == '<http://sandbox.test/payment_terms?limit=10&page=3>; rel="last"'


def test_pages_walk_the_whole_collection_newest_first(client: TestClient, many: list[int]) -> None:
    seen: list[int] = []
    for number in range(1, 4):
        records, meta = page(client, "payment_terms", limit=10, page=number)
        seen += [r["id"] for r in records]
        assert meta["last_page"] is (number == 3)
    assert seen == sorted(seen, reverse=True)
    assert len(seen) == len(set(seen)) == 23
    records, meta = page(client, "payment_terms", limit=10, page=4)
    assert records == []
    assert meta["out_of_bounds"] is True


def test_limit_zero_counts_and_default_limit_is_100(client: TestClient, app: Starlette) -> None:
    sandbox_of(app).bulk_insert("payment_terms", [{"name": f"N{n}"} for n in range(120)])
    records, meta = page(client, "payment_terms", limit=0)
    assert records == []
    assert (meta["total_records"], meta["total_pages"], meta["offset"]) == (123, 1, 0)
    records, meta = page(client, "payment_terms")
    assert len(records) == 100
    assert meta["total_pages"] == 2


@pytest.mark.parametrize("params", [{"limit": 251}, {"limit": "x"}, {"limit": -1},
                                    {"page": 0}, {"order": "bogus desc"},
                                    {"created_at_min": "yesterday"}, {"ids": "1,x"}])
def test_bad_index_parameters_are_400(client: TestClient, params: dict[str, Any]) -> None:
    response = client.get("/products", params=params)
    assert response.status_code == 400
    assert response.json()["type"] == "Bad Request"
    assert response.json()["message"]


def test_limit_250_is_allowed(client: TestClient) -> None:
    assert client.get("/variants", params={"limit": 250}).status_code == 200


def test_ids_filters_accept_arrays_and_comma_lists(client: TestClient, many: list[int]) -> None:
    wanted = many[:3]
    by_array = client.get("/payment_terms", params=[("ids[]", i) for i in wanted]).json()
    by_comma, _ = page(client, "payment_terms", ids=",".join(map(str, wanted)))
    assert sorted(r["id"] for r in by_array["payment_terms"]) == sorted(wanted)
    assert sorted(r["id"] for r in by_comma) == sorted(wanted)


def test_blank_parameters_are_ignored(client: TestClient, many: list[int]) -> None:
    records, _ = page(client, "payment_terms", ids="", status="", limit="", order="")
    assert len(records) == 23


def test_status_filter_single_and_array(client: TestClient, many: list[int]) -> None:
    client.delete(f"/payment_terms/{many[0]}")
    archived, _ = page(client, "payment_terms", status="archived")
    array = client.get("/payment_terms", params=[("status[]", "active"),
                                                 ("status[]", "archived")]).json()
    assert [r["id"] for r in archived] == [many[0]]
    assert len(array["payment_terms"]) == 23
    # Comma lists are documented for id filters only: "active,archived" is one status.
    assert page(client, "payment_terms", status="active,archived")[0] == []


def test_time_range_filters(client: TestClient) -> None:
    product = client.get("/products").json()["products"][-1]
    stamp = product["created_at"]
    newer, _ = page(client, "products", created_at_min=stamp)
    older, _ = page(client, "products", created_at_max=stamp)
    assert product["id"] in [p["id"] for p in newer]
    assert [p["id"] for p in older] == [product["id"]]
    client.put(f"/products/{product['id']}", json={"product": {"brand": "Touched"}})
    touched = client.get(f"/products/{product['id']}").json()["product"]["updated_at"]
    recent, _ = page(client, "products", updated_at_min=touched)
    assert [p["id"] for p in recent] == [product["id"]]
    none, _ = page(client, "products", updated_at_max="2001-01-01")
    assert none == []


def test_order_parameter(client: TestClient) -> None:
    ascending, _ = page(client, "products", order="created_at asc")
    plus, _ = page(client, "products", order="created_at+desc")
    by_name, _ = page(client, "products", order="name")
    assert [p["id"] for p in ascending] == sorted(p["id"] for p in ascending)
    assert [p["id"] for p in plus] == sorted((p["id"] for p in plus), reverse=True)
    assert [p["name"] for p in by_name] == sorted(p["name"] for p in by_name)


def test_product_filters(client: TestClient) -> None:
    def names(**params: Any) -> list[str]:
        return sorted(p["name"] for p in page(client, "products", **params)[0])

    assert names(product_type="Candy") == ["Everlasting Gobstopper"]
    assert names(brand="Wonka") == ["Everlasting Gobstopper", "Golden Egg", "Wonka Bar"]
    assert names(tags="summer") == ["Everlasting Gobstopper"]
    assert names(tags="summer,chocolate") == ["Everlasting Gobstopper", "Golden Egg", "Wonka Bar"]
    assert names(sku="DEMO-EGG-XL") == ["Golden Egg"]
    assert names(q="gobs") == ["Everlasting Gobstopper"]
    assert names(q="Snozzberry") == ["Everlasting Gobstopper"]
    assert names(status="disabled") == ["Wonka Bar"]


def test_variant_and_component_filters(client: TestClient) -> None:
    products = {p["name"]: p["id"] for p in page(client, "products")[0]}
    egg, bar = products["Golden Egg"], products["Wonka Bar"]
    variants, _ = page(client, "variants", product_id=f"{egg},{bar}")
    assert len(variants) == 6
    assert {v["product_id"] for v in variants} == {egg, bar}
    by_sku, _ = page(client, "variants", sku="DEMO-BAR-DARK")
    assert [v["name"] for v in by_sku] == ["Dark"]
    components, _ = page(client, "tax_components", tax_type_id=2)
    assert [c["tax_type_id"] for c in components] == [2]


def test_include_variants_sideloads_a_top_level_list(client: TestClient) -> None:
    response = client.get("/products", params={"include": "variants", "limit": 2})
    body = response.json()
    assert list(body) == ["variants", "products", "meta"]
    product_ids = {p["id"] for p in body["products"]}
    assert {v["product_id"] for v in body["variants"]} == product_ids
    assert sorted(v["id"] for v in body["variants"]) == sorted(
        vid for p in body["products"] for vid in p["variant_ids"])
    plain = client.get("/products", params={"limit": 2}).json()
    assert list(plain) == ["products", "meta"]
    one = client.get(f"/products/{body['products'][0]['id']}", params={"include": "variants"})
    assert set(one.json()) == {"product", "variants"}


def test_tax_types_index_sideloads_components(client: TestClient) -> None:
    body = client.get("/tax_types").json()
    ids = {c["id"] for c in body["tax_components"]}
    assert ids == {cid for t in body["tax_types"] for cid in t["tax_component_ids"]}
