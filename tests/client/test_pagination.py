"""Index reads: pages of 250, the request count, filters, sideloading and completeness."""

from __future__ import annotations

import math
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconciler.client import BadResponseError
from reconciler.client.pagination import build_query

from .fakes import FakeIndex, make_client, pagination, records, respond


@pytest.mark.parametrize("count", [0, 1, 249, 250, 251, 600, 1000])
def test_reads_everything_in_ceil_pages(count: int) -> None:
    index = FakeIndex("products", records(count))
    client, _ = make_client(index)
    result = client.list_all("products")
    assert [r["id"] for r in result.records] == list(range(1, count + 1))
    assert result.requests == max(1, math.ceil(count / 250))
    assert client.requests_sent == result.requests
    assert result.complete
    assert result.total_records == count
    assert list(index.pages()) == list(range(1, result.requests + 1))
    assert all(r.url.params["limit"] == "250" for r in index.requests)


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=0, max_value=2000), st.integers(min_value=1, max_value=4))
def test_request_count_is_the_lower_bound(count: int, in_flight: int) -> None:
    index = FakeIndex("variants", records(count))
    client, _ = make_client(index, max_in_flight=in_flight)
    result = client.list_all("variants")
    assert result.requests == max(1, math.ceil(count / 250)) == len(index.requests)
    assert len(result.records) == count
    assert result.complete


def test_parallel_pages_keep_order() -> None:
    index = FakeIndex("variants", records(1800))
    client, _ = make_client(index, max_in_flight=4)
    result = client.list_all("variants")
    assert [r["id"] for r in result.records] == list(range(1, 1801))
    assert result.requests == 8
    assert sorted(index.pages()) == list(range(1, 9))


def test_statuses_filters_and_include_are_sent_in_the_same_read() -> None:
    def variants_of(chunk: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
        return {"variants": [{"id": p["id"] * 10, "product_id": p["id"]} for p in chunk]}

    index = FakeIndex("products", records(300), sideload=variants_of)
    client, _ = make_client(index)
    result = client.list_all(
        "products",
        params={"brand": "Wonka", "ids": ["1", "2"]},
        statuses=["active", "disabled", "archived"],
        include="variants",
    )
    assert result.requests == 2
    query = index.requests[0].url.params
    assert query.get_list("status[]") == ["active", "disabled", "archived"]
    assert query.get_list("ids[]") == ["1", "2"]
    assert query["brand"] == "Wonka"
    assert query["include"] == "variants"
    assert len(result.sideloaded["variants"]) == 300


def test_typed_readers() -> None:
    index = FakeIndex("products", records(3), sideload=lambda chunk: {"variants": []})
    client, _ = make_client(index)
    result = client.products(statuses=["active"], include_variants=True)
    assert len(result.records) == 3
    assert index.requests[0].url.params["include"] == "variants"
    assert result.sideloaded == {"variants": []}


def test_total_growing_mid_read_is_incomplete_and_deduplicated() -> None:
    rows = records(500)
    index = FakeIndex("products", rows)

    def insert_newest(page: int) -> None:
        if page == 2:
            rows.insert(0, {"id": 9999, "name": "new"})

    index.before_page = insert_newest
    client, _ = make_client(index)
    result = client.list_all("products")
    ids = [r["id"] for r in result.records]
    assert len(ids) == len(set(ids)) == 499  # record 250 came twice, 500 was pushed out
    assert not result.complete
    assert result.requests == 2


def test_fewer_records_than_the_total_is_incomplete() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return respond(200, {"locations": records(3)}, headers={"X-Pagination": pagination(5, 1)})

    client, _ = make_client(handler)
    result = client.list_all("locations")
    assert not result.complete
    assert result.requests == 1


def test_without_pagination_header_reads_until_a_short_page() -> None:
    rows = records(600)

    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        return respond(200, {"currencies": rows[(page - 1) * 250 : page * 250]})

    client, _ = make_client(handler)
    result = client.list_all("currencies")
    assert len(result.records) == 600
    assert result.requests == 3
    assert result.complete


def test_server_ignoring_page_is_not_read_forever() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return respond(200, {"currencies": records(250)})

    client, _ = make_client(handler)
    result = client.list_all("currencies")
    assert len(result.records) == 250
    assert result.requests == 2


def test_malformed_pagination_header_is_a_bad_response() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return respond(200, {"products": []}, headers={"X-Pagination": "{not json"})

    client, _ = make_client(handler)
    with pytest.raises(BadResponseError, match="X-Pagination"):
        client.list_all("products")


def test_query_building_rules() -> None:
    assert build_query({"ids[]": ["3"]}, None, None) == [("ids[]", "3")]
    with pytest.raises(ValueError, match="limit"):
        build_query({"limit": "10"}, None, None)
    with pytest.raises(TypeError):
        build_query(None, "active", None)


def test_unknown_resource_is_a_programming_error() -> None:
    client, _ = make_client(FakeIndex("products", []))
    with pytest.raises(ValueError, match="unknown API resource"):
        client.list_all("widgets")
