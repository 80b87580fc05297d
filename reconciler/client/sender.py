"""Sending one operation: the governor, retries, idempotency keys, auth and logging.

An operation is one logical request (one create, one page of a read). It may take several
attempts; every POST and PUT carries one ``Idempotency-Key`` for all of them, so an attempt
whose answer was lost is replayed by the API instead of performed twice.

The access token lives in a ``_Token`` whose repr hides it; it is only ever written into the
``Authorization`` header. Debug lines carry method, path (no query string), status, request id,
duration and attempt number, never headers.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import httpx

from reconciler.client.decode import Exchange, error_from_response
from reconciler.client.errors import BadResponseError, ConnectionFailed
from reconciler.client.governor import Clock, Governor
from reconciler.client.ratelimit import RateStatus, RateWait, parse_rate_headers
from reconciler.client.retry import RETRYABLE_STATUSES, RetryPolicy, retry_after_seconds
from reconciler.client.serverclock import ServerClock

log = logging.getLogger("reconciler.client")

Params = Sequence[tuple[str, str]]
_KEYED_METHODS = frozenset({"POST", "PUT"})


def new_idempotency_key() -> str:
    """A fresh ``Idempotency-Key`` value."""
    return str(uuid.uuid4())


class _Token:
    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def header(self) -> str:
        return f"Bearer {self._value}"

    def scrub(self, text: str) -> str:
        return text.replace(self._value, "<token>") if self._value else text

    def __repr__(self) -> str:
        return "<token hidden>"

    __str__ = __repr__


@dataclass
class _Tries:
    started: float
    count: int = 0
    rate_waited: float = 0.0
    after_failure: bool = False


@dataclass(frozen=True)
class Request:
    """What to send: method, path below the base URL, query and JSON body."""

    method: str
    path: str
    params: Params = ()
    body: dict[str, Any] | None = None
    idempotency_key: str | None = None
    """The ``Idempotency-Key`` to send; a fresh one for a POST or PUT without it."""


class Sender:
    """Sends operations over an injected ``httpx.Client``; thread-safe."""

    def __init__(
        self,
        http: httpx.Client,
        token: str,
        *,
        base_url: str | None,
        governor: Governor,
        policy: RetryPolicy,
        clock: Clock,
        new_key: Callable[[], str] = new_idempotency_key,
    ) -> None:
        self._http = http
        self._token = _Token(token)
        self._base_url = base_url.rstrip("/") if base_url else ""
        self._governor = governor
        self._policy = policy
        self._clock = clock
        self._new_key = new_key
        self._counter = _Counter()
        self._latency = _Mean()
        self._server_clock = ServerClock()

    @property
    def requests_sent(self) -> int:
        return self._counter.value

    @property
    def seconds_per_request(self) -> float:
        """The mean time an answered request took, 0 before the first."""
        return self._latency.value

    def __repr__(self) -> str:
        return f"Sender(base_url={self._base_url!r})"

    def send(self, request: Request) -> Exchange:
        """Send ``request`` until it gets a final answer; raise once retries are exhausted.

        The answer may be any status other than 429 and the retryable 5xx; reading it is the
        caller's business. ``Exchange.attempts`` says how many attempts it took.
        """
        key = request.idempotency_key
        if key is None and request.method in _KEYED_METHODS:
            key = self._new_key()
        tries = _Tries(started=self._clock())
        while True:
            outcome = self._attempt(request, key, tries)
            if isinstance(outcome, httpx.Response):
                exchange = Exchange(
                    request.method,
                    request.path,
                    outcome,
                    tries.count,
                    tries.after_failure,
                    self._token.scrub,
                )
                if outcome.status_code == 429:
                    self._after_rate_limited(exchange, tries)
                    continue
                if outcome.status_code not in RETRYABLE_STATUSES:
                    return exchange
                self._back_off(request, exchange, tries)
            else:
                self._back_off(request, outcome, tries)
            tries.after_failure = True

    def _attempt(
        self, request: Request, key: str | None, tries: _Tries
    ) -> httpx.Response | httpx.TransportError:
        before = self._clock()
        self._governor.acquire()
        tries.rate_waited += self._clock() - before
        tries.count += 1
        self._counter.add()
        started = time.perf_counter()
        try:
            response = self._http.request(
                request.method,
                self._base_url + request.path,
                params=list(request.params),
                json=request.body,
                headers=self._headers(key),
            )
        except BaseException as exc:
            self._governor.record(None)
            if isinstance(exc, httpx.TransportError):
                self._log(request, type(exc).__name__, None, started, tries.count)
                return exc
            if isinstance(exc, httpx.HTTPError):
                raise self._unreadable(request, exc, tries) from None
            raise
        self._server_clock.observe(response.headers.get("date"), self._clock())
        self._latency.add(time.perf_counter() - started)
        self._governor.record(self._rate_status(response.headers))
        request_id = response.headers.get("x-request-id")
        self._log(request, str(response.status_code), request_id, started, tries.count)
        return response

    def _headers(self, key: str | None) -> dict[str, str]:
        headers = {"Authorization": self._token.header(), "Accept": "application/json"}
        if key is not None:
            headers["Idempotency-Key"] = key
        return headers

    def _after_rate_limited(self, exchange: Exchange, tries: _Tries) -> None:
        if tries.count >= self._policy.max_attempts:
            raise error_from_response(exchange)
        headers = exchange.response.headers
        reported = self._rate_status(headers)
        self._governor.rate_limited(
            retry_after=self._retry_after(headers),
            reset=reported.reset if reported else None,
            backoff=self._policy.delay(tries.count),
        )

    def _rate_status(self, headers: httpx.Headers) -> RateStatus | None:
        """The budget a response reports, its reset moved onto this machine's clock."""
        reported = parse_rate_headers(headers)
        if reported is None or reported.reset is None:
            return reported
        return replace(reported, reset=self._server_clock.to_local(reported.reset))

    def _retry_after(self, headers: httpx.Headers) -> float | None:
        server_now = self._server_clock.server_now(self._clock())
        return retry_after_seconds(headers.get("retry-after"), server_now)

    def _back_off(
        self, request: Request, failure: Exchange | httpx.TransportError, tries: _Tries
    ) -> None:
        delay = self._policy.delay(tries.count)
        if isinstance(failure, Exchange):
            asked = self._retry_after(failure.response.headers)
            delay = max(delay, asked or 0.0)
        elapsed = self._clock() - tries.started - tries.rate_waited
        if tries.count >= self._policy.max_attempts or elapsed + delay > self._policy.max_elapsed:
            if isinstance(failure, Exchange):
                raise error_from_response(failure)
            raise self._connection_failed(request, failure, tries)
        what = str(failure.status) if isinstance(failure, Exchange) else type(failure).__name__
        reason = f"{what}; retrying (attempt {tries.count + 1} of {self._policy.max_attempts})"
        self._governor.pause(RateWait(delay, reason, "retry"))

    def _connection_failed(
        self, request: Request, exc: httpx.TransportError, tries: _Tries
    ) -> ConnectionFailed:
        detail = self._token.scrub(" ".join(str(exc).split()))
        message = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
        return ConnectionFailed(
            message, method=request.method, path=request.path, attempts=tries.count
        )

    def _unreadable(
        self, request: Request, exc: httpx.HTTPError, tries: _Tries
    ) -> BadResponseError:
        detail = self._token.scrub(" ".join(str(exc).split()))
        return BadResponseError(
            f"unreadable answer ({type(exc).__name__}: {detail})",
            method=request.method,
            path=request.path,
            attempts=tries.count,
        )

    @staticmethod
    def _log(
        request: Request, outcome: str, request_id: str | None, started: float, attempt: int
    ) -> None:
        log.debug(
            "%s %s -> %s (request %s, %.3f s, attempt %d)",
            request.method,
            request.path,
            outcome,
            request_id or "-",
            time.perf_counter() - started,
            attempt,
        )


class _Counter:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.value = 0

    def add(self) -> None:
        with self._lock:
            self.value += 1


class _Mean:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._total = 0.0
        self._count = 0

    def add(self, value: float) -> None:
        with self._lock:
            self._total += value
            self._count += 1

    @property
    def value(self) -> float:
        with self._lock:
            return self._total / self._count if self._count else 0.0
