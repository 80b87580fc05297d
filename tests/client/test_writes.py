"""Writes and single reads: the bodies, roots, paths and statuses on the wire."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from reconciler.client import RESOURCES, GeckoClient

from .fakes import BASE_URL, TOKEN, make_client, respond


class Recorder:
    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.response

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]

    def body(self) -> Any:
        return json.loads(self.last.content)


def test_create_wraps_and_unwraps_the_singular_root() -> None:
    created = {"id": 42, "name": "Gobstopper", "variant_ids": [1, 2]}
    recorder = Recorder(respond(201, {"product": created}, headers={"Location": "/products/42"}))
    client, _ = make_client(recorder)
    variants = [{"sku": "A", "name": "Peach"}, {"sku": "B", "name": "Pear"}]
    result = client.create("products", {"name": "Gobstopper", "variants": variants})
    assert result == created
    assert recorder.last.method == "POST"
    assert recorder.last.url == f"{BASE_URL}/products"
    assert recorder.body() == {"product": {"name": "Gobstopper", "variants": variants}}
    assert recorder.last.headers["Authorization"] == f"Bearer {TOKEN}"
    assert recorder.last.headers["Content-Type"] == "application/json"


def test_tax_type_with_embedded_components() -> None:
    recorder = Recorder(respond(201, {"tax_type": {"id": 3, "code": "GST"}}))
    client, _ = make_client(recorder)
    components = [{"label": "GST", "rate": "9.0", "position": 0, "compound": False}]
    client.create("tax_types", {"code": "GST", "tax_components": components})
    assert recorder.body() == {"tax_type": {"code": "GST", "tax_components": components}}


def test_update_is_a_partial_put() -> None:
    recorder = Recorder(respond(204))
    client, _ = make_client(recorder)
    client.update("variants", 9, {"retail_price": "22.0"})
    assert recorder.last.method == "PUT"
    assert recorder.last.url.path == "/variants/9"
    assert recorder.body() == {"variant": {"retail_price": "22.0"}}


def test_update_tolerates_a_body() -> None:
    recorder = Recorder(respond(200, {"variant": {"id": 9}}))
    client, _ = make_client(recorder)
    client.update("variants", 9, {"name": "x"})


def test_restore_puts_status_active() -> None:
    recorder = Recorder(respond(204))
    client, _ = make_client(recorder)
    client.restore("locations", 4)
    assert recorder.last.method == "PUT"
    assert recorder.body() == {"location": {"status": "active"}}


def test_archive_is_delete() -> None:
    recorder = Recorder(respond(204))
    client, _ = make_client(recorder)
    client.archive("payment_terms", 8)
    assert recorder.last.method == "DELETE"
    assert recorder.last.url.path == "/payment_terms/8"
    assert recorder.last.content == b""


def test_string_ids_are_quoted() -> None:
    recorder = Recorder(respond(200, {"price_list": {"id": "retail"}}))
    client, _ = make_client(recorder)
    assert client.get("price_lists", "retail") == {"id": "retail"}
    client.get("price_lists", "a/b")
    assert recorder.last.url.raw_path == b"/price_lists/a%2Fb"


def test_account() -> None:
    recorder = Recorder(respond(200, {"account": {"id": 7067, "primary_location_id": 8409}}))
    client, _ = make_client(recorder)
    assert client.account()["primary_location_id"] == 8409
    assert recorder.last.url.path == "/accounts/current"


def test_explicit_base_url_wins() -> None:
    recorder = Recorder(respond(200, {"account": {"id": 1}}))
    http = httpx.Client(transport=httpx.MockTransport(recorder))
    client = GeckoClient(http, TOKEN, base_url="https://sandbox.local/api/")
    client.account()
    assert str(recorder.last.url) == "https://sandbox.local/api/accounts/current"


def test_constructor_checks() -> None:
    http = httpx.Client(transport=httpx.MockTransport(lambda r: respond(200)))
    with pytest.raises(ValueError, match="base_url"):
        GeckoClient(http, TOKEN)
    with pytest.raises(ValueError, match="token"):
        GeckoClient(http, "", base_url=BASE_URL)
    with pytest.raises(ValueError, match="max_in_flight"):
        GeckoClient(http, TOKEN, base_url=BASE_URL, max_in_flight=9)
    with pytest.raises(ValueError, match="max_api_share"):
        GeckoClient(http, TOKEN, base_url=BASE_URL, max_api_share=0.0)


def test_resource_roots() -> None:
    assert {name: r.singular for name, r in RESOURCES.items()} == {
        "products": "product",
        "variants": "variant",
        "price_lists": "price_list",
        "tax_types": "tax_type",
        "tax_components": "tax_component",
        "locations": "location",
        "payment_terms": "payment_term",
        "currencies": "currency",
        "accounts": "account",
        "companies": "company",
        "images": "image",
    }
