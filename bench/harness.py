"""The benchmarks' sandbox and clients: an in-process sandbox, a seeded account, and a
recorder that keeps a plan's reads so that the plan can be repeated without the fetch."""

from __future__ import annotations

import contextlib
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.catalogue import CUSTOM_PRICE_LISTS, Shape, api_products, write_catalogue
from reconciler.client import GeckoClient
from reconciler.config import load_catalogue
from reconciler.engine.desire import desire_from
from reconciler.engine.service import Desire, PlanOptions, apply_planned, make_plan
from reconciler.sandbox import create_app

TOKEN = "bench-token"


def now_utc() -> datetime:
    return datetime.now(UTC)


# --- the sandbox and clients ----------------------------------------------------------------------


@contextlib.contextmanager
def sandbox_http(db: str = ":memory:") -> Iterator[Any]:
    """The sandbox app (empty account, rate limit off) and an httpx client into it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    app = create_app(db, token=TOKEN, rate_limit=None, seed="empty")
    try:
        with TestClient(app, base_url="http://sandbox.local") as http:
            yield app, http
    finally:
        app.state.sandbox.close()


def new_client(http: Any, window_seconds: float = 300.0) -> GeckoClient:
    """A fresh client (its rate-limit governor knows nothing yet). The reset margin is small:
    the sandbox shares this machine's clock, so there is no skew to absorb."""
    return GeckoClient(http, TOKEN, window_seconds=window_seconds, reset_margin=0.02)


def load(path: Path) -> Desire:
    return desire_from(load_catalogue(path), path)


# --- seeding --------------------------------------------------------------------------------------


def seed(app: Any, http: Any, directory: Path, shape: Shape) -> dict[str, float]:
    """Small kinds through the API (plan + apply), products and variants by bulk insert."""
    sandbox = app.state.sandbox
    sandbox.set_rate_limit(None)
    started = time.perf_counter()
    small_kinds = write_catalogue(directory.parent / "small-kinds", Shape(0, shape.variants))
    small = load(small_kinds)
    client = new_client(http)
    planned = make_plan(small, client, PlanOptions(), now=now_utc())
    report = apply_planned(planned, client, None)
    if not report.ok:
        raise RuntimeError(f"seeding the small kinds failed: {report}")
    api_seconds = time.perf_counter() - started
    lists = {row["code"].upper(): row["id"] for row in _price_lists(sandbox)}
    ids = {code: lists[code] for code, _, _ in CUSTOM_PRICE_LISTS}
    started = time.perf_counter()
    suppliers = {row["name"]: row["id"] for row in sandbox.query("SELECT id, name FROM companies")}
    sandbox.bulk_insert("products", api_products(shape, ids, suppliers))
    bulk_seconds = time.perf_counter() - started
    sandbox.reset_request_log()
    return {"small_kinds_api_s": api_seconds, "bulk_insert_s": bulk_seconds}


def _price_lists(sandbox: Any) -> list[dict[str, Any]]:
    rows = sandbox.query("SELECT id, json_extract(doc, '$.code') AS code FROM price_lists")
    return [row for row in rows if row["code"]]


# --- recording and replaying the fetch ------------------------------------------------------------


@dataclass
class Recorder:
    """Forwards reads to a client, keeping what they returned and the time they took."""

    client: GeckoClient
    max_in_flight = 1  # one read at a time, so the timings below add up
    lists: dict[tuple[Any, ...], Any] = field(default_factory=dict)
    account_record: dict[str, Any] | None = None
    wall: float = 0.0
    cpu: float = 0.0

    def _timed(self, call: Callable[[], Any]) -> Any:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return call()
        finally:
            self.wall += time.perf_counter() - wall
            self.cpu += time.process_time() - cpu

    def list_all(self, resource: str, *, params: Mapping[str, str] | None = None,
                 statuses: Iterable[str] | None = None, include: str | None = None) -> Any:
        key = (resource, tuple(statuses) if statuses is not None else None, include)
        result = self._timed(
            lambda: self.client.list_all(
                resource, params=params, statuses=statuses, include=include
            )
        )
        self.lists[key] = result
        return result

    def account(self) -> dict[str, Any]:
        self.account_record = self._timed(self.client.account)
        return self.account_record

    def create(self, resource: str, body: dict[str, Any]) -> dict[str, Any]:
        raise AssertionError("a plan never writes")

    update = archive = create

    def estimate_seconds(self, requests: int) -> float:
        return self.client.estimate_seconds(requests)

    @property
    def rate_policy(self) -> tuple[int, float]:
        return self.client.rate_policy


@dataclass
class Replay:
    """Answers a plan's reads with what a ``Recorder`` kept: a plan without the fetch."""

    recorded: Recorder
    max_in_flight = 1

    def list_all(self, resource: str, *, params: Mapping[str, str] | None = None,
                 statuses: Iterable[str] | None = None, include: str | None = None) -> Any:
        return self.recorded.lists[(resource, tuple(statuses) if statuses is not None else None,
                                    include)]

    def account(self) -> dict[str, Any]:
        return self.recorded.account_record or {}

    def create(self, resource: str, body: dict[str, Any]) -> dict[str, Any]:
        raise AssertionError("a plan never writes")

    update = archive = create

    def estimate_seconds(self, requests: int) -> float:
        return self.recorded.client.estimate_seconds(requests)

    @property
    def rate_policy(self) -> tuple[int, float]:
        return self.recorded.client.rate_policy
