"""Auth, request ids, the rate limit, idempotency, body limits and malformed input."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.applications import Starlette

from reconciler.sandbox import create_app, parse_rate_limit

from .helpers import FakeClock, TestClient, make_client, sandbox_of


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"},
                                     {"Authorization": "Basic sandbox-token"},
                                     {"Authorization": "sandbox-token"}])
def test_requests_without_the_token_are_401(app: Starlette, headers: dict[str, str]) -> None:
    response = TestClient(app).get("/products", headers=headers)
    assert response.status_code == 401
    assert response.json()["type"] == "Unauthorized"
    assert response.headers["X-Request-ID"]


def test_a_custom_token_is_accepted() -> None:
    app = create_app(token="s3cret", rate_limit=None)
    lower = TestClient(app).get("/products", headers={"Authorization": "bearer s3cret"})
    assert lower.status_code == 200
    assert make_client(app).get("/products").status_code == 401


def test_every_response_has_a_unique_request_id(client: TestClient) -> None:
    responses = [client.get("/products"), client.get("/products/999"), client.get("/x"),
                 client.post("/products", content=b"{")]
    ids = [r.headers["X-Request-ID"] for r in responses]
    assert len(set(ids)) == 4
    assert all(len(i) == 36 for i in ids)


def test_rate_limit_window_is_fixed_and_epoch_aligned(clock: FakeClock) -> None:
    app = create_app(rate_limit=(3, 300), clock=clock)
    client = make_client(app)
    answers = [client.get("/currencies") for _ in range(4)]
    assert [r.status_code for r in answers] == [200, 200, 200, 429]
    assert [r.headers["X-Rate-Limit-Remaining"] for r in answers] == ["2", "1", "0", "0"]
    assert {r.headers["X-Rate-Limit-Reset"] for r in answers} == {"1500000300"}
    assert {r.headers["X-Rate-Limit-Limit"] for r in answers} == {"3"}
    assert answers[3].json()["type"] == "Too Many Requests"
    clock.now = 1_500_000_299.9
    assert client.get("/currencies").status_code == 429
    clock.now = 1_500_000_300.0
    fresh = client.get("/currencies")
    assert (fresh.status_code, fresh.headers["X-Rate-Limit-Remaining"]) == (200, "2")
    assert int(fresh.headers["X-Rate-Limit-Reset"]) % 300 == 0
    assert fresh.headers["X-Rate-Limit-Reset"] == "1500000600"


def test_rate_limit_headers_on_errors_and_can_be_switched(clock: FakeClock) -> None:
    app = create_app(rate_limit=(300, 300), clock=clock)
    client = make_client(app)
    missing = client.get("/products/424242")
    assert missing.headers["X-Rate-Limit-Remaining"] == "299"
    sandbox_of(app).set_rate_limit(None)
    assert "X-Rate-Limit-Limit" not in client.get("/products").headers
    sandbox_of(app).set_rate_limit((1, 60))
    assert [client.get("/products").status_code for _ in range(2)] == [200, 429]


def test_parse_rate_limit() -> None:
    assert parse_rate_limit("300/300") == (300, 300)
    assert parse_rate_limit(" 10 / 1 ") == (10, 1)
    assert parse_rate_limit("off") is None
    for bad in ("300", "0/10", "a/b", "10/0"):
        with pytest.raises(ValueError, match="N/SECONDS"):
            parse_rate_limit(bad)


def test_idempotent_post_replays_the_first_response(client: TestClient) -> None:
    body = {"payment_term": {"name": "Once", "due_in_days": 5}}
    key = {"Idempotency-Key": "key-1"}
    first = client.post("/payment_terms", json=body, headers=key)
    second = client.post("/payment_terms", json=body, headers=key)
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json() == second.json()
    assert first.headers["Location"] == second.headers["Location"]
    assert second.headers["Idempotent-Replayed"] == "true"
    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]
    named = client.get("/payment_terms").json()["payment_terms"]
    assert [t["name"] for t in named].count("Once") == 1


def test_idempotent_put_is_not_repeated(client: TestClient) -> None:
    key = {"Idempotency-Key": "put-1"}
    body = {"product": {"description": "x"}}
    assert client.put("/products/1", json=body, headers=key).status_code == 204
    stamp = client.get("/products/1").json()["product"]["updated_at"]
    replay = client.put("/products/1", json=body, headers=key)
    assert (replay.status_code, replay.content) == (204, b"")
    assert client.get("/products/1").json()["product"]["updated_at"] == stamp


def test_idempotency_replays_422_and_refuses_a_different_request(client: TestClient) -> None:
    key = {"Idempotency-Key": "bad-1"}
    first = client.post("/products", json={"product": {"name": ""}}, headers=key)
    again = client.post("/products", json={"product": {"name": ""}}, headers=key)
    assert (first.status_code, again.status_code) == (422, 422)
    assert first.json() == again.json()
    other = client.post("/products", json={"product": {"name": "Other"}}, headers=key)
    assert other.status_code == 409
    assert set(other.json()) == {"type", "message"}


def test_idempotency_keys_expire_after_24_hours(clock: FakeClock) -> None:
    client = make_client(create_app(rate_limit=None, clock=clock))
    body = {"payment_term": {"name": "Daily"}}
    key = {"Idempotency-Key": "day"}
    first = client.post("/payment_terms", json=body, headers=key).json()["payment_term"]["id"]
    clock.now += 23 * 3600
    same = client.post("/payment_terms", json=body, headers=key).json()["payment_term"]["id"]
    clock.now += 2 * 3600
    later = client.post("/payment_terms", json=body, headers=key).json()["payment_term"]["id"]
    assert first == same != later


@pytest.mark.parametrize("content", [
    b"{", b"not json", b"[]", b"null", b"", b'{"product": []}', b'{"variant": {}}',
    b'{"product": "x"}', b"[" * 50_000 + b"]" * 50_000, b'\xff\xfe{"product"',
])
def test_malformed_bodies_are_400(client: TestClient, content: bytes) -> None:
    response = client.post("/products", content=content,
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json()["type"] == "Bad Request"


def test_bodies_over_one_mebibyte_are_413(client: TestClient) -> None:
    big = json.dumps({"product": {"name": "x" * (1024 * 1024)}}).encode()
    response = client.post("/products", content=big)
    assert response.status_code == 413
    assert set(response.json()) == {"type", "message"}

    def chunks() -> Iterator[bytes]:
        yield b'{"product": {"name": "'
        for _ in range(20):
            yield b"y" * 65536
        yield b'"}}'

    streamed = client.post("/products", content=chunks())
    assert streamed.status_code == 413


def test_out_of_range_numbers_are_422_not_500(client: TestClient) -> None:
    huge = client.post("/variants", json={"variant": {"product_id": 10**30}})
    nan = client.post("/variants", content=b'{"variant": {"product_id": 1, "weight": NaN}}')
    assert (huge.status_code, nan.status_code) == (422, 422)
    assert client.get(f"/products/{10**30}").status_code == 404
    assert client.get("/products", params={"page": 10**30}).status_code == 400


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=3),
    max_leaves=8,
)
fields = st.sampled_from(["name", "status", "tags", "variants", "brand", "product_id", "sku",
                          "variant_prices", "weight_unit", "retail_price", "initial_stock_level",
                          "tax_components", "currency_id", "label", "country", "from"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["product", "variant", "tax_type", "location", "price_list",
                        "payment_term"]),
       st.dictionaries(fields, json_values, max_size=5))
def test_arbitrary_payloads_never_answer_500(root: str, payload: dict[str, object]) -> None:
    client = _shared_client()
    plural = {"product": "products", "variant": "variants", "tax_type": "tax_types",
              "location": "locations", "price_list": "price_lists",
              "payment_term": "payment_terms"}[root]
    content = json.dumps({root: payload}).encode()  # NaN and Infinity included on purpose
    created = client.post(f"/{plural}", content=content)
    assert created.status_code in (201, 422), created.text
    updated = client.put(f"/{plural}/1", content=content)
    assert updated.status_code in (204, 404, 422), updated.text


_CLIENTS: list[TestClient] = []


def _shared_client() -> TestClient:
    if not _CLIENTS:
        _CLIENTS.append(make_client(create_app(rate_limit=None)))
    return _CLIENTS[0]
