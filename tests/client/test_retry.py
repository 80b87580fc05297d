"""Retries: which failures, how long, idempotency keys, and 429 recovery."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import format_datetime

import httpx
import pytest

from reconciler.client import (
    BadRequestError,
    ConnectionFailed,
    NotFoundError,
    RateLimitedError,
    RateWait,
    RetryPolicy,
    ServerError,
)
from reconciler.client.retry import retry_after_seconds

from .fakes import START, FakeClock, make_client, respond

CREATED = {"product": {"id": 7, "name": "Gobstopper"}}


def failing(
    failures: list[Callable[[httpx.Request], httpx.Response]],
    final: httpx.Response,
    seen: list[httpx.Request],
) -> Callable[[httpx.Request], httpx.Response]:
    """Answers with each failure in turn, then ``final``; records every request."""

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if len(seen) <= len(failures):
            return failures[len(seen) - 1](request)
        return final

    return handler


def status(code: int) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: respond(code, {"type": "Error", "message": f"status {code}"})


def raises(exc: type[httpx.TransportError]) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc("simulated", request=request)

    return handler


RETRYABLE = [
    pytest.param(status(500), id="500"),
    pytest.param(status(502), id="502"),
    pytest.param(status(503), id="503"),
    pytest.param(status(504), id="504"),
    pytest.param(raises(httpx.ReadTimeout), id="read-timeout"),
    pytest.param(raises(httpx.ConnectTimeout), id="connect-timeout"),
    pytest.param(raises(httpx.RemoteProtocolError), id="dropped-connection"),
    pytest.param(raises(httpx.ReadError), id="read-error"),
    pytest.param(raises(httpx.ConnectError), id="connect-error"),
]


@pytest.mark.parametrize("failure", RETRYABLE)
def test_retryable_failures_are_retried_with_backoff(
    failure: Callable[[httpx.Request], httpx.Response],
) -> None:
    seen: list[httpx.Request] = []
    waits: list[RateWait] = []
    client, clock = make_client(
        failing([failure, failure], respond(201, CREATED), seen), waits=waits
    )
    assert client.create("products", {"name": "Gobstopper"}) == CREATED["product"]
    assert len(seen) == 3 == client.requests_sent
    assert clock.sleeps == [pytest.approx(0.375), pytest.approx(0.75)]  # jitter 0.5 of 0.5, 1
    assert [w.kind for w in waits] == ["retry", "retry"]
    assert "attempt 2 of 6" in waits[0].reason


@pytest.mark.parametrize("failure", RETRYABLE)
def test_same_idempotency_key_on_every_attempt(
    failure: Callable[[httpx.Request], httpx.Response],
) -> None:
    seen: list[httpx.Request] = []
    client, _ = make_client(failing([failure, failure], respond(201, CREATED), seen))
    client.create("products", {"name": "Gobstopper"})
    keys = {request.headers["Idempotency-Key"] for request in seen}
    assert len(keys) == 1
    assert len(next(iter(keys))) == 36


def test_different_operations_get_different_keys() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.method == "POST":
            return respond(201, CREATED)
        return respond(204)

    client, _ = make_client(handler)
    client.create("products", {"name": "a"})
    client.create("products", {"name": "b"})
    client.update("products", 7, {"name": "c"})
    client.restore("products", 7)
    client.archive("products", 7)
    keys = [request.headers.get("Idempotency-Key") for request in seen]
    assert None not in keys[:4]
    assert len(set(keys[:4])) == 4
    assert keys[4] is None  # DELETE carries none


def test_put_keeps_its_key_across_retries() -> None:
    seen: list[httpx.Request] = []
    client, _ = make_client(failing([raises(httpx.ReadError)], respond(204), seen))
    client.update("variants", 3, {"retail_price": "22.0"})
    assert seen[0].headers["Idempotency-Key"] == seen[1].headers["Idempotency-Key"]


@pytest.mark.parametrize("code", [400, 401, 403, 404, 409, 422])
def test_client_errors_are_not_retried(code: int) -> None:
    seen: list[httpx.Request] = []
    client, clock = make_client(failing([], respond(code, {"message": "no"}), seen))
    with pytest.raises(Exception) as caught:
        client.create("products", {"name": ""})
    assert getattr(caught.value, "status", None) == code
    assert len(seen) == 1
    assert clock.sleeps == []


def test_server_errors_give_up_after_max_attempts() -> None:
    seen: list[httpx.Request] = []
    client, _ = make_client(failing([], respond(503, {"message": "busy"}), seen))
    with pytest.raises(ServerError) as caught:
        client.account()
    assert len(seen) == 6
    assert caught.value.attempts == 6
    assert str(caught.value).startswith("GET /accounts/current: 503 Service Unavailable: busy")


def test_connection_failures_give_up_as_connection_failed() -> None:
    seen: list[httpx.Request] = []
    retry = RetryPolicy(max_attempts=3, rng=lambda: 0.0)
    client, _ = make_client(
        failing([raises(httpx.ConnectError)] * 9, respond(200), seen), retry=retry
    )
    with pytest.raises(ConnectionFailed) as caught:
        client.account()
    assert len(seen) == 3
    assert caught.value.status is None
    assert str(caught.value) == (
        "GET /accounts/current: connection failed: ConnectError: simulated after 3 attempts"
    )


def test_retries_stop_at_the_time_budget() -> None:
    seen: list[httpx.Request] = []
    retry = RetryPolicy(max_attempts=50, max_elapsed=10.0, base_delay=1.0, rng=lambda: 1.0)
    client, clock = make_client(failing([], respond(500), seen), retry=retry)
    with pytest.raises(ServerError):
        client.account()
    assert clock.sleeps == [1.0, 2.0, 4.0]  # the next 8 s would pass 10 s
    assert sum(clock.sleeps) <= 10.0
    assert len(seen) == 4


def test_backoff_is_capped() -> None:
    policy = RetryPolicy(base_delay=1.0, max_delay=5.0, rng=lambda: 1.0)
    assert [policy.delay(n) for n in range(1, 6)] == [1.0, 2.0, 4.0, 5.0, 5.0]
    low = RetryPolicy(base_delay=1.0, rng=lambda: 0.0)
    assert low.delay(3) == 2.0


def test_503_retry_after_is_honoured() -> None:
    seen: list[httpx.Request] = []
    busy = respond(503, {"message": "busy"}, headers={"Retry-After": "7"})
    client, clock = make_client(failing([lambda r: busy], respond(200, {"account": {}}), seen))
    client.account()
    assert clock.sleeps == [7.0]


class TestRateLimited:
    def test_retry_after_is_honoured(self) -> None:
        seen: list[httpx.Request] = []
        waits: list[RateWait] = []
        limited = respond(429, {"message": "slow down"}, headers={"Retry-After": "12"})
        client, clock = make_client(
            failing([lambda r: limited], respond(201, CREATED), seen), waits=waits
        )
        client.create("products", {"name": "x"})
        assert clock.sleeps == [12.0]
        assert waits[0].kind == "rate_limited"
        assert "Retry-After 12 s" in waits[0].reason
        assert seen[0].headers["Idempotency-Key"] == seen[1].headers["Idempotency-Key"]

    def test_retry_after_as_http_date(self) -> None:
        when = datetime.fromtimestamp(START + 30, tz=UTC)
        assert retry_after_seconds(format_datetime(when, usegmt=True), START) == 30
        assert retry_after_seconds("soon", START) is None
        assert retry_after_seconds("inf", START) is None
        assert retry_after_seconds(None, START) is None

    def test_waits_until_the_reset_without_retry_after(self) -> None:
        seen: list[httpx.Request] = []
        headers = {
            "X-Rate-Limit-Limit": "300",
            "X-Rate-Limit-Remaining": "0",
            "X-Rate-Limit-Reset": str(int(START + 100)),
        }
        limited = respond(429, {"message": "slow down"}, headers=headers)
        client, clock = make_client(
            failing([lambda r: limited], respond(200, {"account": {}}), seen)
        )
        client.account()
        assert clock.sleeps == [101.0]
        assert clock.now == START + 101

    def test_backs_off_without_any_hint(self) -> None:
        seen: list[httpx.Request] = []
        limited = respond(429, {"message": "slow down"})
        client, clock = make_client(
            failing([lambda r: limited], respond(200, {"account": {}}), seen)
        )
        client.account()
        assert clock.sleeps == [0.375]

    def test_gives_up_as_rate_limited(self) -> None:
        seen: list[httpx.Request] = []
        limited = respond(429, {"type": "Too Many Requests", "message": "slow down"})
        retry = RetryPolicy(max_attempts=3, rng=lambda: 0.5)
        client, _ = make_client(failing([], limited, seen), retry=retry)
        with pytest.raises(RateLimitedError) as caught:
            client.account()
        assert len(seen) == 3
        assert caught.value.status == 429

    def test_rate_limit_waits_do_not_count_against_the_time_budget(self) -> None:
        seen: list[httpx.Request] = []
        limited = respond(429, {}, headers={"Retry-After": "300"})
        retry = RetryPolicy(max_elapsed=5.0, rng=lambda: 0.5)
        client, clock = make_client(
            failing([lambda r: limited, lambda r: limited], respond(200, {"account": {}}), seen),
            retry=retry,
        )
        client.account()
        assert clock.sleeps == [300.0, 300.0]


class TestArchive:
    def test_404_after_a_lost_answer_counts_as_done(self) -> None:
        seen: list[httpx.Request] = []
        client, _ = make_client(
            failing([raises(httpx.RemoteProtocolError)], respond(404, {"message": "gone"}), seen)
        )
        client.archive("variants", 5)
        assert [r.method for r in seen] == ["DELETE", "DELETE"]

    def test_404_on_the_first_attempt_is_not_found(self) -> None:
        seen: list[httpx.Request] = []
        client, _ = make_client(failing([], respond(404, {"message": "gone"}), seen))
        with pytest.raises(NotFoundError):
            client.archive("variants", 5)

    def test_404_after_a_429_is_not_found(self) -> None:
        seen: list[httpx.Request] = []
        limited = respond(429, {}, headers={"Retry-After": "1"})
        client, _ = make_client(
            failing([lambda r: limited], respond(404, {"message": "gone"}), seen)
        )
        with pytest.raises(NotFoundError):
            client.archive("variants", 5)

    def test_other_errors_still_raise(self) -> None:
        seen: list[httpx.Request] = []
        client, _ = make_client(failing([], respond(400, {"message": "bad"}), seen))
        with pytest.raises(BadRequestError):
            client.archive("variants", 5)


def test_clock_is_not_advanced_without_failures() -> None:
    clock = FakeClock()
    client, _ = make_client(lambda r: respond(200, {"account": {"id": 1}}), clock=clock)
    client.account()
    assert clock.sleeps == []
