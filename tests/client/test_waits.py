"""Every wait is capped by ``max_wait``, and resets are read on the server's clock.

A ``Retry-After`` of a day, an HTTP date in 2099, ``1e12`` or a rate-limit reset hours ahead
raise ``WaitTooLong`` (one clear line) without sleeping; a server whose clock is an hour off
this machine's is still waited for correctly (no 429s, no hour-long waits).
"""

from __future__ import annotations

import email.utils
from dataclasses import dataclass

import httpx
import pytest

from reconciler.client import RateWait, WaitTooLong

from .fakes import START, FakeClock, WindowedLimit, make_client, respond

HOUR = 3600.0


def ok(request: httpx.Request) -> httpx.Response:
    return respond(200, {"account": {"id": 1}})


def _limited_once(headers: dict[str, str]) -> list[httpx.Response]:
    body = {"type": "Too Many Requests", "message": "Rate limit exceeded"}
    return [respond(429, body, headers=headers), respond(200, {"account": {"id": 1}})]


@pytest.mark.parametrize(
    "retry_after",
    ["86400", "1e12", "Wed, 01 Jul 2099 00:00:00 GMT"],
    ids=["a-day", "1e12", "year-2099"],
)
def test_a_retry_after_past_max_wait_is_an_error_not_a_sleep(retry_after: str) -> None:
    answers = iter(_limited_once({"Retry-After": retry_after}))
    client, clock = make_client(lambda request: next(answers))
    with pytest.raises(WaitTooLong) as caught:
        client.account()
    assert clock.sleeps == []
    assert "longer than --max-wait 15 min" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_retry_after_within_max_wait_is_waited() -> None:
    answers = iter(_limited_once({"Retry-After": "90"}))
    client, clock = make_client(lambda request: next(answers), max_wait=120)
    assert client.account() == {"id": 1}
    assert clock.sleeps == [90.0]


def test_a_rate_limit_reset_hours_ahead_is_an_error() -> None:
    headers = {"X-Rate-Limit-Limit": "300", "X-Rate-Limit-Remaining": "0",
               "X-Rate-Limit-Reset": str(int(START + 5 * HOUR))}
    client, clock = make_client(lambda request: respond(200, {"account": {"id": 1}},
                                                        headers=headers))
    client.account()
    with pytest.raises(WaitTooLong) as caught:
        client.account()
    assert clock.sleeps == []
    assert "5 h" in str(caught.value)
    assert caught.value.fatal


def test_max_wait_bounds_an_ordinary_budget_wait_too() -> None:
    clock = FakeClock()
    limit = WindowedLimit(clock, limit=2)
    client, _ = make_client(limit.wrap(ok), clock=clock, max_wait=30)
    client.account()
    client.account()
    with pytest.raises(WaitTooLong):
        client.account()   # the window ends 100 s from now


@dataclass
class ServerClock:
    """The server's clock: this machine's ``local`` clock shifted by ``skew`` seconds."""

    local: FakeClock
    skew: float

    def __call__(self) -> float:
        return self.local() + self.skew

    def date(self) -> str:
        return email.utils.formatdate(self(), usegmt=True)


def _skewed_server(clock: FakeClock, skew: float, limit: int) -> tuple[WindowedLimit, object]:
    server_clock = ServerClock(clock, skew)
    window = WindowedLimit(server_clock, limit=limit)  # type: ignore[arg-type]

    def handler(request: httpx.Request) -> httpx.Response:
        response = window.wrap(ok)(request)
        response.headers["Date"] = server_clock.date()
        return response

    return window, handler


@pytest.mark.parametrize("skew", [-HOUR, HOUR], ids=["server-an-hour-behind", "an-hour-ahead"])
def test_resets_are_read_on_the_servers_clock(skew: float) -> None:
    clock = FakeClock()
    window, handler = _skewed_server(clock, skew, limit=5)
    waits: list[RateWait] = []
    client, _ = make_client(handler, clock=clock, waits=waits)  # type: ignore[arg-type]
    for _ in range(12):
        client.account()
    assert window.rejected == 0
    assert [wait.kind for wait in waits] == ["budget", "budget"]
    assert all(wait.seconds <= 300 + 2 for wait in waits)


def test_a_retry_after_date_is_read_against_the_servers_date() -> None:
    clock = FakeClock()
    server = ServerClock(clock, -HOUR)
    in_half_a_minute = email.utils.formatdate(server() + 30, usegmt=True)
    answers = iter(_limited_once({"Retry-After": in_half_a_minute, "Date": server.date()}))
    client, _ = make_client(lambda request: next(answers), clock=clock)
    client.account()
    assert clock.sleeps == [30.0]
