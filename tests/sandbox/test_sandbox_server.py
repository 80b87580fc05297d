"""Faults, the request log, uvicorn on loopback, persistence across restarts, concurrency."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from reconciler.sandbox import DroppedConnection, create_app, parse_faults

from .helpers import AUTH, LiveServer, TestClient, make_client, sandbox_of


def statuses(client: TestClient, count: int) -> list[int]:
    return [client.get("/currencies").status_code for _ in range(count)]


def test_server_error_faults_are_seeded_and_repeatable() -> None:
    runs = [statuses(make_client(create_app(rate_limit=None, faults="5xx=0.5", fault_seed=7)), 30)
            for _ in range(2)]
    assert runs[0] == runs[1]
    assert set(runs[0]) == {200, 500, 503}
    other = statuses(make_client(create_app(rate_limit=None, faults="5xx=0.5", fault_seed=8)), 30)
    assert other != runs[0]


def test_server_errors_do_nothing_and_have_type_and_message(app: Starlette) -> None:
    client = make_client(app)
    sandbox_of(app).set_faults("5xx=1", seed=1)
    response = client.post("/payment_terms", json={"payment_term": {"name": "Never"}})
    assert response.status_code in (500, 503)
    assert set(response.json()) == {"type", "message"}
    sandbox_of(app).set_faults(None)
    names = [t["name"] for t in client.get("/payment_terms").json()["payment_terms"]]
    assert "Never" not in names


def test_drop_after_commit_in_process_raises_and_the_write_is_kept(app: Starlette) -> None:
    client = make_client(app)
    sandbox_of(app).set_faults("drop_after_commit=1", seed=1)
    assert client.get("/payment_terms").status_code == 200
    with pytest.raises(httpx.RemoteProtocolError) as raised:
        client.post("/payment_terms", json={"payment_term": {"name": "Kept"}},
                    headers={"Idempotency-Key": "drop-1"})
    assert isinstance(raised.value, DroppedConnection)
    sandbox_of(app).set_faults(None)
    retry = client.post("/payment_terms", json={"payment_term": {"name": "Kept"}},
                        headers={"Idempotency-Key": "drop-1"})
    assert retry.status_code == 201
    names = [t["name"] for t in client.get("/payment_terms").json()["payment_terms"]]
    assert names.count("Kept") == 1
    assert sandbox_of(app).request_log[1].fault == "drop_after_commit"


def test_drop_after_commit_over_a_socket(app: Starlette) -> None:
    sandbox_of(app).set_faults("drop_after_commit=1", seed=3)
    with LiveServer(app) as url, httpx.Client(base_url=url, headers=AUTH, timeout=5) as http:
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            http.put("/products/1", json={"product": {"brand": "Dropped"}})
        assert http.get("/products/1").json()["product"]["brand"] == "Dropped"


def test_rate_bursts_are_runs_of_429(app: Starlette) -> None:
    client = make_client(app)
    sandbox_of(app).set_faults("rate_burst=3,rate_burst_chance=0.2", seed=5)
    first = statuses(client, 60)
    sandbox_of(app).set_faults("rate_burst=3,rate_burst_chance=0.2,seed=5")
    assert statuses(client, 60) == first
    runs = "".join("x" if s == 429 else "." for s in first).split(".")
    lengths = [len(run) for run in runs if run]
    assert lengths
    assert all(length % 3 == 0 for length in lengths)
    burst = next(r for r in (client.get("/currencies") for _ in range(100)) if r.status_code == 429)
    assert burst.headers["Retry-After"] == "1"
    assert burst.headers["X-Rate-Limit-Remaining"] == "0"


def test_latency_is_added(app: Starlette) -> None:
    client = make_client(app)
    sandbox_of(app).set_faults("latency=40ms")
    started = time.perf_counter()
    client.get("/currencies")
    assert time.perf_counter() - started >= 0.04
    assert sandbox_of(app).request_log[-1].duration_ms >= 40


def test_parse_faults() -> None:
    spec = parse_faults("5xx=0.1, drop_after_commit=0.05,latency=50ms,rate_burst=4,seed=9")
    assert (spec.server_errors, spec.drop_after_commit, spec.latency, spec.rate_burst,
            spec.seed) == (0.1, 0.05, 0.05, 4, 9)
    assert parse_faults("latency=0.2s").latency == 0.2
    assert parse_faults(None) == parse_faults("off") == parse_faults("")
    for bad in ("5xx", "5xx=2", "latency=fast", "gremlins=1", "rate_burst=x"):
        with pytest.raises(ValueError, match="fault"):
            parse_faults(bad)


def test_request_log_in_memory_and_file(tmp_path: Path) -> None:
    log_file = tmp_path / "requests.jsonl"
    app = create_app(rate_limit=None, request_log_path=log_file)
    client = make_client(app)
    ok = client.get("/products", params={"limit": 2})
    client.post("/payment_terms", json={"payment_term": {"name": "Logged"}})
    client.get("/products/999")
    entries = sandbox_of(app).request_log
    assert [(e.method, e.path, e.status) for e in entries] == [
        ("GET", "/products", 200), ("POST", "/payment_terms", 201), ("GET", "/products/999", 404)]
    assert entries[0].query == "limit=2"
    assert entries[0]["request_id"] == ok.headers["X-Request-ID"]
    lines = [json.loads(line) for line in log_file.read_text().splitlines()]
    assert len(lines) == 3
    assert set(lines[0]) >= {"time", "method", "path", "query", "status", "duration_ms",
                             "request_id"}
    assert lines[0]["request_id"] == ok.headers["X-Request-ID"]
    assert lines[2]["status"] == 404
    assert isinstance(lines[1]["duration_ms"], float)
    sandbox_of(app).reset_request_log()
    assert sandbox_of(app).request_log == []


def test_the_app_under_uvicorn_answers_like_in_process(live_client: httpx.Client) -> None:
    listed = live_client.get("/variants", params={"limit": 3})
    assert listed.status_code == 200
    assert len(listed.json()["variants"]) == 3
    assert json.loads(listed.headers["X-Pagination"])["total_records"] == 8
    created = live_client.post("/locations", json={"location": {
        "label": "Live", "address1": "1 Socket Way", "country": "SG"}})
    assert created.status_code == 201
    assert created.headers["Location"].startswith(str(live_client.base_url).rstrip("/"))
    assert live_client.get("/products", headers={"Authorization": "Bearer no"}).status_code == 401


def test_storage_survives_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "sandbox.sqlite"
    first = create_app(db, rate_limit=None)
    created = make_client(first).post("/products", json={"product": {"name": "Durable"}})
    stamp = created.json()["product"]["updated_at"]
    sandbox_of(first).close()
    second = create_app(db, rate_limit=None, seed="empty")
    client = make_client(second)
    names = [p["name"] for p in client.get("/products").json()["products"]]
    assert names.count("Durable") == 1
    assert len(names) == 4
    client.put(f"/products/{created.json()['product']['id']}", json={"product": {"brand": "B"}})
    after = client.get(f"/products/{created.json()['product']['id']}").json()["product"]
    assert after["updated_at"] > stamp
    assert sandbox_of(second).seeded is False
    sandbox_of(second).close()


def test_concurrent_writes_do_not_corrupt_storage(app: Starlette) -> None:
    errors: list[str] = []

    def writer(url: str, worker: int) -> None:
        with httpx.Client(base_url=url, headers=AUTH, timeout=10) as http:
            for n in range(8):
                response = http.post("/products", json={"product": {
                    "name": f"W{worker}-{n}", "variants": [{"sku": f"W{worker}-{n}-A"},
                                                           {"sku": f"W{worker}-{n}-B"}]}})
                if response.status_code != 201:
                    errors.append(response.text)
                same = http.post("/variants", json={"variant": {"product_id": 1, "sku": "RACE"}},
                                 headers={"Idempotency-Key": "race"})
                if same.status_code != 201:
                    errors.append(same.text)

    with LiveServer(app) as url:
        threads = [threading.Thread(target=writer, args=(url, w)) for w in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    assert errors == []
    sandbox = sandbox_of(app)
    duplicates = sandbox.query(
        "SELECT sku, COUNT(*) AS n FROM variants GROUP BY sku HAVING n > 1")
    assert duplicates == []
    assert sandbox.query("SELECT COUNT(*) AS n FROM variants WHERE sku LIKE 'W%'") == \
        [{"n": 96}]
    assert sandbox.query("PRAGMA integrity_check") == [{"integrity_check": "ok"}]
    with pytest.raises(sqlite3.OperationalError):
        sandbox.query("DELETE FROM variants")
