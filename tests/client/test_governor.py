"""The rate-limit governor: never send into a spent budget, wait for the reset, keep a reserve."""

from __future__ import annotations

import threading

import httpx
import pytest

from reconciler.client import RateStatus, RateWait, estimate_seconds
from reconciler.client.governor import Governor
from reconciler.client.ratelimit import parse_rate_headers

from .fakes import START, FakeClock, FakeIndex, WindowedLimit, make_client, records, respond

WINDOW_END = 1_700_000_100.0


def ok(request: httpx.Request) -> httpx.Response:
    return respond(200, {"account": {"id": 1}})


def test_first_request_goes_out_knowing_nothing() -> None:
    clock = FakeClock()
    governor = Governor(clock=clock, sleep=clock.sleep)
    governor.acquire()
    assert clock.sleeps == []
    assert governor.status == RateStatus()


def test_spent_budget_waits_until_the_reset_and_sends_no_429() -> None:
    clock = FakeClock()
    limit = WindowedLimit(clock, limit=5)
    waits: list[RateWait] = []
    client, _ = make_client(limit.wrap(ok), clock=clock, waits=waits)
    for _ in range(12):
        client.account()
    assert limit.rejected == 0
    assert client.requests_sent == 12
    assert [w.kind for w in waits] == ["budget", "budget"]
    assert waits[0].seconds == pytest.approx(WINDOW_END - START + 1.0)
    assert "0 of 5" in waits[0].reason
    assert clock.now == pytest.approx(WINDOW_END + 300 + 1.0)


def test_no_request_is_sent_while_the_budget_is_spent() -> None:
    clock = FakeClock()
    sent_at: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent_at.append(clock())
        remaining = 1 if len(sent_at) == 1 else 0
        headers = {
            "X-Rate-Limit-Limit": "300",
            "X-Rate-Limit-Remaining": str(remaining),
            "X-Rate-Limit-Reset": str(int(WINDOW_END)),
        }
        return respond(200, {"account": {"id": 1}}, headers=headers)

    client, _ = make_client(handler, clock=clock)
    client.account()
    client.account()  # remaining 1 → may go
    client.account()  # remaining 0 → must wait for the reset first
    assert sent_at[:2] == [START, START]
    assert sent_at[2] == WINDOW_END + 1.0


def test_reserve_share_is_honoured() -> None:
    clock = FakeClock()
    limit = WindowedLimit(clock, limit=10)
    waits: list[RateWait] = []
    client, _ = make_client(limit.wrap(ok), clock=clock, waits=waits, max_api_share=0.8)
    for _ in range(8):
        client.account()
    assert waits == []
    client.account()
    assert len(waits) == 1 and waits[0].kind == "budget"
    assert "2 kept in reserve" in waits[0].reason
    assert limit.used == 1  # the ninth request went out in the next window
    assert limit.rejected == 0


def test_concurrent_reads_share_the_budget() -> None:
    clock = FakeClock()
    lock = threading.Lock()
    limit = WindowedLimit(clock, limit=4)
    index = FakeIndex("variants", records(2500))

    def handler(request: httpx.Request) -> httpx.Response:
        with lock:
            return limit.wrap(index)(request)

    client, _ = make_client(handler, clock=clock, max_in_flight=4)
    result = client.list_all("variants")
    assert len(result.records) == 2500
    assert result.requests == 10
    assert limit.rejected == 0


def test_out_of_order_responses_never_raise_the_budget() -> None:
    clock = FakeClock()
    governor = Governor(clock=clock, sleep=clock.sleep)
    for _ in range(2):
        governor.acquire()
    governor.record(RateStatus(300, 10, WINDOW_END))
    governor.record(RateStatus(300, 12, WINDOW_END))
    assert governor.status.remaining == 10
    governor.record(RateStatus(300, 250, WINDOW_END - 300))  # from an earlier window
    assert governor.status == RateStatus(300, 10, WINDOW_END)


def test_window_rolls_over_at_the_reset() -> None:
    clock = FakeClock()
    governor = Governor(clock=clock, sleep=clock.sleep)
    governor.acquire()
    governor.record(RateStatus(300, 0, WINDOW_END))
    governor.acquire()
    assert clock.sleeps == [pytest.approx(WINDOW_END - START + 1.0)]
    governor.record(RateStatus(300, 299, WINDOW_END))  # a late answer of the old window
    assert governor.status == RateStatus(300, 300, WINDOW_END + 300)


def test_response_without_headers_is_counted() -> None:
    clock = FakeClock()
    governor = Governor(clock=clock, sleep=clock.sleep)
    governor.acquire()
    governor.record(RateStatus(300, 5, WINDOW_END))
    governor.acquire()
    governor.record(None)
    assert governor.status.remaining == 4


def test_share_must_be_a_fraction() -> None:
    clock = FakeClock()
    with pytest.raises(ValueError, match="max_api_share"):
        Governor(clock=clock, sleep=clock.sleep, max_api_share=1.5)
    with pytest.raises(ValueError, match="max_api_share"):
        Governor(clock=clock, sleep=clock.sleep, max_api_share=0)


class TestEstimate:
    def test_within_the_budget_costs_nothing(self) -> None:
        assert estimate_seconds(0) == 0
        assert estimate_seconds(300, now=START) == 0
        assert estimate_seconds(10, remaining=10, reset=WINDOW_END, now=START) == 0

    def test_waits_for_the_reset_then_whole_windows(self) -> None:
        assert estimate_seconds(11, remaining=10, reset=WINDOW_END, now=START) == 100
        assert estimate_seconds(310, remaining=10, reset=WINDOW_END, now=START) == 100
        assert estimate_seconds(311, remaining=10, reset=WINDOW_END, now=START) == 400
        assert estimate_seconds(610, remaining=10, reset=WINDOW_END, now=START) == 400

    def test_unknown_budget_assumes_a_fresh_aligned_window(self) -> None:
        assert estimate_seconds(301, now=START) == 100
        assert estimate_seconds(900, now=START) == 100 + 300

    def test_share_shrinks_each_window(self) -> None:
        assert estimate_seconds(240, share=0.8, now=START) == 0
        assert estimate_seconds(241, share=0.8, now=START) == 100
        assert estimate_seconds(481, share=0.8, now=START) == 400
        assert estimate_seconds(1, remaining=60, reset=WINDOW_END, share=0.8, now=START) == 100

    def test_past_reset_means_a_fresh_window(self) -> None:
        assert estimate_seconds(300, remaining=0, reset=START - 5, now=START) == 0

    def test_latency_and_limit(self) -> None:
        assert estimate_seconds(10, seconds_per_request=0.5, now=START) == 5
        assert estimate_seconds(7, limit=5, window_seconds=60, remaining=5, reset=60, now=0) == 60

    def test_client_estimate_uses_the_last_status(self) -> None:
        clock = FakeClock()
        limit = WindowedLimit(clock, limit=10)
        client, _ = make_client(limit.wrap(ok), clock=clock)
        assert client.estimate_seconds(10) == 0
        client.account()
        assert client.estimate_seconds(9, seconds_per_request=0) == 0
        # 100 s to the reset, plus the margin the governor waits past it
        assert client.estimate_seconds(10, seconds_per_request=0) == 100 + 1
        assert client.estimate_seconds(9) > 0  # by default each request takes the time seen

    def test_the_window_is_declared_by_rate_limit_policy_or_learnt_from_resets(self) -> None:
        declared = Governor(clock=FakeClock(), sleep=lambda s: None)
        declared.record(parse_rate_headers({"x-rate-limit-limit": "20", "x-rate-limit-remaining":
                                            "19", "x-rate-limit-reset": "1000",
                                            "ratelimit-policy": "20;w=10"}))
        assert declared.window_seconds == 10
        learnt = Governor(clock=FakeClock(), sleep=lambda s: None)
        for reset in (1000, 1020, 1030):  # epoch-aligned: every gap is a multiple of the window
            learnt.record(RateStatus(limit=20, remaining=19, reset=reset))
        assert learnt.window_seconds == 10


def test_budget_without_a_reset_header_waits_for_the_aligned_window() -> None:
    clock = FakeClock()
    governor = Governor(clock=clock, sleep=clock.sleep)
    governor.acquire()
    governor.record(RateStatus(300, 0, None))
    governor.acquire()
    governor.acquire()
    assert clock.sleeps == [pytest.approx(WINDOW_END - START + 1.0)]


def test_retry_after_shorter_than_the_window_is_honoured() -> None:
    clock = FakeClock()
    governor = Governor(clock=clock, sleep=clock.sleep)
    governor.acquire()
    governor.record(RateStatus(300, 0, WINDOW_END))
    governor.rate_limited(retry_after=5.0, reset=WINDOW_END, backoff=1.0)
    governor.acquire()
    assert clock.sleeps == [5.0]
