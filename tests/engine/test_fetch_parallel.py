"""Reads with several requests in flight: the same state and request count as one at a time,
whatever order the answers come in, and never more in flight than allowed."""

from __future__ import annotations

import random
import threading
import time
import warnings
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from starlette.applications import Starlette

from reconciler.cli import main
from reconciler.client import GeckoClient
from reconciler.engine.fetch import RawState, fetch_state
from reconciler.kinds import KINDS
from reconciler.sandbox import create_app
from tests.client.fakes import FakeClock, FakeIndex, WindowedLimit, make_client, respond
from tests.client.fakes import records as fake_records

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

TOKEN = "sandbox-token"
PRODUCTS, VARIANTS_EACH = 700, 2  # 3 pages of products, 6 of variants


@pytest.fixture(scope="module")
def app() -> Iterator[Starlette]:
    app = create_app(rate_limit=None, seed="demo")
    app.state.sandbox.bulk_insert("products", [
        {"name": f"Product {i:04}",
         "variants": [{"sku": f"P{i:04}-{j}", "name": f"V{j}"} for j in range(VARIANTS_EACH)]}
        for i in range(PRODUCTS)
    ])
    yield app
    app.state.sandbox.close()


class Jumbled:
    """Forwards each request to the sandbox after a random delay, so answers come back in
    another order than the requests went out; records the order and the peak in flight."""

    def __init__(self, inner: httpx.Client, seed: int) -> None:
        self.inner = inner
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.in_flight = self.peak = 0
        self.sent: list[str] = []
        self.answered: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        name = f"{request.url.path}?page={request.url.params.get('page', '')}"
        with self.lock:
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)
            self.sent.append(name)
            delay = self.rng.uniform(0, 0.03)
        time.sleep(delay)
        answer = self.inner.send(request)
        with self.lock:
            self.in_flight -= 1
            self.answered.append(name)
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)


def read(app: Starlette, in_flight: int, seed: int = 1) -> tuple[RawState, Jumbled]:
    with TestClient(app, base_url="http://sandbox.local") as inner:
        jumbled = Jumbled(inner, seed)
        http = httpx.Client(transport=httpx.MockTransport(jumbled), base_url=inner.base_url)
        client = GeckoClient(http, TOKEN, max_in_flight=in_flight)
        state = fetch_state(client, KINDS)
        assert client.requests_sent == state.requests
    return state, jumbled


def summary(state: RawState) -> dict[str, Any]:
    return {
        name: ([r["id"] for r in kind.records], kind.complete,
               {key: [r["id"] for r in rows] for key, rows in kind.companions.items()})
        for name, kind in state.kinds.items()
    }


def test_several_in_flight_read_the_same_state_with_the_same_requests(app: Starlette) -> None:
    app.state.sandbox.reset_request_log()
    one, sequential = read(app, 1)
    sequential_log = len(app.state.sandbox.request_log)
    app.state.sandbox.reset_request_log()
    four, parallel = read(app, 4)
    assert summary(four) == summary(one)
    assert four.kinds == one.kinds and four.account == one.account
    assert four.requests == one.requests == sequential_log == len(app.state.sandbox.request_log)
    assert len(four.kinds["variant"].records) >= PRODUCTS * VARIANTS_EACH
    assert sequential.peak == 1
    assert 2 <= parallel.peak <= 4
    assert parallel.answered != parallel.sent  # the answers really came back out of order


@pytest.mark.parametrize("seed", [2, 3, 4])
def test_any_order_of_answers_gives_the_same_state(app: Starlette, seed: int) -> None:
    reference, _ = read(app, 1)
    state, jumbled = read(app, 3, seed)
    assert summary(state) == summary(reference)
    assert jumbled.peak <= 3


def test_the_cli_option_is_bounded_and_changes_nothing_in_the_plan(tmp_path: Any) -> None:
    db = str(tmp_path / "sandbox.sqlite")
    plans = [
        CliRunner().invoke(main, ["plan", "examples/demo", "--sandbox", db, *extra])
        for extra in ([], ["--max-in-flight", "1"], ["--max-in-flight", "8"])
    ]
    assert [p.exit_code for p in plans] == [0, 0, 0]
    assert plans[0].output == plans[1].output == plans[2].output
    refused = CliRunner().invoke(main, ["plan", "examples/demo", "--sandbox", db,
                                        "--max-in-flight", "0"])
    assert refused.exit_code == 1  # a usage error, never 2 ("changes present")
    assert "--max-in-flight" in refused.output and "Traceback" not in refused.output


def test_reads_in_flight_stay_within_the_budget_and_its_reserve() -> None:
    clock = FakeClock()
    limit = WindowedLimit(clock, limit=10)
    sizes = {"products": 600, "variants": 1300, "tax_components": 3}
    indexes = {f"/{spec.resource}": FakeIndex(spec.resource, fake_records(sizes.get(
        spec.resource, 2))) for spec in KINDS}
    indexes.update({"/currencies": FakeIndex("currencies", fake_records(1)),
                    "/tax_components": FakeIndex("tax_components", fake_records(3))})
    lock = threading.Lock()
    used: dict[float, int] = {}

    def handler(request: httpx.Request) -> httpx.Response:
        with lock:
            answer = limit.wrap(route)(request)
            if answer.status_code != 429:
                used[limit.window_end] = used.get(limit.window_end, 0) + 1
            return answer

    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/accounts/current":
            return respond(200, {"account": {"id": 1}})
        return indexes[request.url.path](request)

    client, _ = make_client(handler, clock=clock, max_in_flight=4, max_api_share=0.5)
    state = fetch_state(client, KINDS, with_account=True)
    assert limit.rejected == 0
    assert max(used.values()) <= 5  # half of each window of 10, whatever is in flight
    assert len(used) > 3  # the read spanned several windows, waiting for each reset
    assert len(state.kinds["variant"].records) == 1300
    assert state.requests == sum(used.values()) == client.requests_sent
