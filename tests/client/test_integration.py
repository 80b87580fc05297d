"""The client against the sandbox: request counts, dropped connections, the real rate limit.

Requests are counted by the sandbox's own request log, not by the client.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.exceptions import StarletteDeprecationWarning

from reconciler.client import AuthError, GeckoClient, RateWait, RetryPolicy
from reconciler.sandbox import create_app
from tests.servers import on_loopback

from .fakes import TOKEN, FakeClock

with warnings.catch_warnings():
    # The TestClient prefers httpx2; the project's client is built on httpx.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

SANDBOX_TOKEN = "sandbox-token"
PRODUCTS, VARIANTS_EACH = 600, 3
ALL_PRODUCT_STATUSES = ["active", "disabled", "archived"]
SMALL_KINDS = (
    "locations",
    "payment_terms",
    "tax_types",
    "tax_components",
    "price_lists",
    "currencies",
)


def catalogue(count: int, prefix: str = "Product") -> list[dict[str, Any]]:
    return [
        {
            "name": f"{prefix} {i:04}",
            "brand": "Wonka",
            "variants": [
                {
                    "sku": f"{prefix[:3].upper()}-{i:04}-{j}",
                    "name": f"Flavour {j}",
                    "opt1": f"Flavour {j}",
                    "retail_price": "22.0",
                }
                for j in range(VARIANTS_EACH)
            ],
        }
        for i in range(count)
    ]


def read_catalogue(client: GeckoClient) -> dict[str, int]:
    """Read every kind the way a plan does; the number of records of each."""
    counts = {}
    products = client.list_all("products", statuses=ALL_PRODUCT_STATUSES)
    variants = client.list_all("variants", statuses=["active", "archived"])
    counts["products"], counts["variants"] = len(products.records), len(variants.records)
    assert products.complete and variants.complete
    for kind in SMALL_KINDS:
        listed = client.list_all(kind, statuses=["active", "archived"])
        assert listed.complete
        counts[kind] = len(listed.records)
    return counts


EXPECTED_READ_REQUESTS = 3 + 8 + len(SMALL_KINDS)


@pytest.fixture(scope="module")
def big_app() -> Iterator[Starlette]:
    app = create_app(rate_limit=None, seed="empty")
    app.state.sandbox.bulk_insert("products", catalogue(PRODUCTS))
    yield app
    app.state.sandbox.close()


@contextmanager
def in_process(app: Starlette, **options: Any) -> Iterator[GeckoClient]:
    with TestClient(app) as http:
        yield GeckoClient(http, SANDBOX_TOKEN, **options)


def log_of(app: Starlette) -> list[Any]:
    entries: list[Any] = app.state.sandbox.request_log
    return entries


class TestReadCost:
    def test_whole_catalogue_in_the_lower_bound_of_requests(self, big_app: Starlette) -> None:
        big_app.state.sandbox.reset_request_log()
        with in_process(big_app) as client:
            counts = read_catalogue(client)
            assert client.requests_sent == EXPECTED_READ_REQUESTS
        assert counts["products"] == PRODUCTS
        assert counts["variants"] == PRODUCTS * VARIANTS_EACH
        log = log_of(big_app)
        assert len(log) == EXPECTED_READ_REQUESTS == 17
        assert [e.path for e in log].count("/products") == 3
        assert [e.path for e in log].count("/variants") == 8
        assert all(e.status == 200 and "limit=250" in e.query for e in log)

    def test_parallel_pages_cost_the_same(self, big_app: Starlette) -> None:
        big_app.state.sandbox.reset_request_log()
        with in_process(big_app, max_in_flight=4) as client:
            counts = read_catalogue(client)
        assert counts["variants"] == PRODUCTS * VARIANTS_EACH
        assert len(log_of(big_app)) == EXPECTED_READ_REQUESTS

    def test_products_with_sideloaded_variants(self, big_app: Starlette) -> None:
        big_app.state.sandbox.reset_request_log()
        with in_process(big_app) as client:
            result = client.products(statuses=ALL_PRODUCT_STATUSES, include_variants=True)
        assert len(result.records) == PRODUCTS
        assert len(result.sideloaded["variants"]) == PRODUCTS * VARIANTS_EACH
        assert result.requests == len(log_of(big_app)) == 3

    def test_over_a_real_socket(self, big_app: Starlette) -> None:
        big_app.state.sandbox.reset_request_log()
        with on_loopback(big_app) as url, httpx.Client(base_url=url, timeout=30) as http:
            client = GeckoClient(http, SANDBOX_TOKEN)
            counts = read_catalogue(client)
            assert client.account()["id"]
        assert counts["variants"] == PRODUCTS * VARIANTS_EACH
        assert len(log_of(big_app)) == EXPECTED_READ_REQUESTS + 1

    def test_archived_records_come_in_the_same_read(self) -> None:
        app = create_app(rate_limit=None, seed="empty")
        ids = app.state.sandbox.bulk_insert("products", catalogue(5))
        with in_process(app) as client:
            client.archive("products", ids[0])
            app.state.sandbox.reset_request_log()
            default = client.list_all("products")
            everything = client.list_all("products", statuses=ALL_PRODUCT_STATUSES)
        assert len(default.records) == 4
        assert {r["id"]: r["status"] for r in everything.records}[ids[0]] == "archived"
        assert len(log_of(app)) == 2


class TestDroppedConnections:
    def test_every_create_makes_exactly_one_record(self) -> None:
        app = create_app(rate_limit=None, seed="empty")
        sandbox = app.state.sandbox
        sandbox.set_faults("drop_after_commit=0.3", seed=11)
        with in_process(app, retry=RetryPolicy(rng=lambda: 0.0), sleep=lambda s: None) as client:
            created = [client.create("products", body) for body in catalogue(40, "Drop")]
        assert len({record["id"] for record in created}) == 40
        drops = [e for e in log_of(app) if e.fault == "drop_after_commit"]
        assert len(drops) >= 5  # the fault really fired
        rows = sandbox.query("SELECT name, COUNT(*) AS n FROM products GROUP BY name")
        assert len(rows) == 40 and all(row["n"] == 1 for row in rows)
        assert sandbox.query("SELECT COUNT(*) AS n FROM variants")[0]["n"] == 40 * VARIANTS_EACH

    def test_updates_archives_and_restores_converge(self) -> None:
        app = create_app(rate_limit=None, seed="empty")
        sandbox = app.state.sandbox
        ids = sandbox.bulk_insert("products", catalogue(30, "Keep"))
        sandbox.set_faults("drop_after_commit=0.3", seed=5)
        with in_process(app, retry=RetryPolicy(rng=lambda: 0.0), sleep=lambda s: None) as client:
            for product_id in ids:
                client.update("products", product_id, {"brand": "Slugworth"})
            for product_id in ids[:10]:
                client.archive("products", product_id)
            for product_id in ids[:5]:
                client.restore("products", product_id)
        assert any(e.fault == "drop_after_commit" for e in log_of(app))
        rows = sandbox.query("SELECT id, status, brand FROM products ORDER BY id")
        assert [row["brand"] for row in rows] == ["Slugworth"] * 30
        statuses = [row["status"] for row in rows]
        assert statuses == ["active"] * 5 + ["archived"] * 5 + ["active"] * 20

    def test_over_a_real_socket(self) -> None:
        app = create_app(rate_limit=None, seed="empty")
        sandbox = app.state.sandbox
        sandbox.set_faults("drop_after_commit=0.3", seed=3)
        retry = RetryPolicy(base_delay=0.01)
        with on_loopback(app) as url, httpx.Client(base_url=url, timeout=30) as http:
            client = GeckoClient(http, SANDBOX_TOKEN, retry=retry)
            for body in catalogue(15, "Sock"):
                client.create("products", body)
        assert any(e.fault == "drop_after_commit" for e in log_of(app))
        rows = sandbox.query("SELECT name, COUNT(*) AS n FROM products GROUP BY name")
        assert len(rows) == 15 and all(row["n"] == 1 for row in rows)


class TestRateLimit:
    def test_governor_sends_no_request_into_a_429(self) -> None:
        clock = FakeClock()
        app = create_app(rate_limit=(10, 60), seed="empty", clock=clock)
        app.state.sandbox.bulk_insert("products", catalogue(300))
        waits: list[RateWait] = []
        options = {
            "clock": clock,
            "sleep": clock.sleep,
            "on_wait": waits.append,
            "window_seconds": 60.0,
        }
        with in_process(app, **options) as client:
            counts = read_catalogue(client)
            for body in catalogue(12, "More"):
                client.create("products", body)
        log = log_of(app)
        assert counts["variants"] == 900
        assert len(log) == 2 + 4 + len(SMALL_KINDS) + 12 == 24
        assert [e.status for e in log if e.status == 429] == []
        assert {w.kind for w in waits} == {"budget"}
        # the first window ends 40 s after the start; one second of margin for clock skew
        assert clock.sleeps == [41.0, 60.0]

    def test_reserve_share_against_the_sandbox(self) -> None:
        clock = FakeClock()
        app = create_app(rate_limit=(10, 60), seed="empty", clock=clock)
        sent_at_wait: list[int] = []
        holder: list[GeckoClient] = []

        def on_wait(wait: RateWait) -> None:
            sent_at_wait.append(holder[0].requests_sent)

        options = {
            "clock": clock,
            "sleep": clock.sleep,
            "on_wait": on_wait,
            "window_seconds": 60.0,
            "max_api_share": 0.5,
        }
        with in_process(app, **options) as client:
            holder.append(client)
            for _ in range(16):
                client.account()
        assert all(e.status == 200 for e in log_of(app))
        assert sent_at_wait == [5, 10, 15]

    def test_injected_429_bursts_are_waited_out(self) -> None:
        clock = FakeClock()
        app = create_app(rate_limit=None, seed="empty", clock=clock)
        app.state.sandbox.bulk_insert("products", catalogue(300))
        app.state.sandbox.set_faults("rate_burst=2,rate_burst_chance=0.3", seed=2)
        waits: list[RateWait] = []
        options = {"clock": clock, "sleep": clock.sleep, "on_wait": waits.append}
        with in_process(app, **options) as client:
            counts = read_catalogue(client)
        assert counts["variants"] == 900
        assert any(e.status == 429 for e in log_of(app))
        assert waits and {w.kind for w in waits} == {"rate_limited"}


def test_server_errors_are_retried_to_a_complete_read() -> None:
    app = create_app(rate_limit=None, seed="empty")
    app.state.sandbox.bulk_insert("products", catalogue(300))
    app.state.sandbox.set_faults("5xx=0.3", seed=9)
    with in_process(app, retry=RetryPolicy(rng=lambda: 0.0), sleep=lambda s: None) as client:
        counts = read_catalogue(client)
    assert counts["products"] == 300 and counts["variants"] == 900
    assert any(e.status >= 500 for e in log_of(app))


def test_a_wrong_token_is_an_auth_error_that_does_not_show_it() -> None:
    app = create_app(rate_limit=None, seed="empty")
    with TestClient(app) as http:
        client = GeckoClient(http, TOKEN)
        with pytest.raises(AuthError) as caught:
            client.account()
    assert caught.value.status == 401
    assert TOKEN not in str(caught.value)
