"""Test doubles for the client: a fake clock, canned responses and a small fake API."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx

from reconciler.client import GeckoClient, RateWait, RetryPolicy

TOKEN = "s3cr3t-token-abc123"
BASE_URL = "https://api.test"
START = 1_700_000_000.0  # 100 s before an epoch-aligned 300 s boundary

Handler = Callable[[httpx.Request], httpx.Response]


@dataclass
class FakeClock:
    """Epoch seconds that move only when the code under test sleeps."""

    now: float = START
    sleeps: list[float] = field(default_factory=list)

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def respond(
    status: int = 200,
    body: Any = None,
    *,
    headers: dict[str, str] | None = None,
    text: str | None = None,
) -> httpx.Response:
    """A response with a JSON body (or ``text``) and an ``X-Request-ID``."""
    all_headers = {"X-Request-ID": "2d51871d-5944-41b9-839d-6d1c0560866d", **(headers or {})}
    if text is not None:
        return httpx.Response(status, text=text, headers=all_headers)
    if body is None:
        return httpx.Response(status, headers=all_headers)
    return httpx.Response(status, json=body, headers=all_headers)


def pagination(total: int, page: int, limit: int = 250) -> str:
    pages = math.ceil(total / limit) if limit else 1
    return json.dumps(
        {
            "total_records": total,
            "total_pages": pages,
            "first_page": page == 1,
            "last_page": page >= pages,
            "out_of_bounds": page > pages,
            "offset": (page - 1) * limit,
        },
        separators=(",", ":"),
    )


def make_client(
    handler: Handler,
    *,
    clock: FakeClock | None = None,
    waits: list[RateWait] | None = None,
    retry: RetryPolicy | None = None,
    **options: Any,
) -> tuple[GeckoClient, FakeClock]:
    """A client over ``MockTransport(handler)`` with a fake clock and no jitter."""
    clock = clock or FakeClock()
    http = httpx.Client(transport=httpx.MockTransport(handler), base_url=BASE_URL)
    client = GeckoClient(
        http,
        TOKEN,
        clock=clock,
        sleep=clock.sleep,
        on_wait=waits.append if waits is not None else None,
        retry=retry or RetryPolicy(rng=lambda: 0.5),
        **options,
    )
    return client, clock


def records(count: int, start: int = 1, **fields: Any) -> list[dict[str, Any]]:
    return [{"id": i, "name": f"record {i}", **fields} for i in range(start, start + count)]


@dataclass
class FakeIndex:
    """Serves ``GET /<root>`` from a list with the API's pagination; logs every request."""

    root: str
    rows: list[dict[str, Any]]
    sideload: Callable[[list[dict[str, Any]]], dict[str, list[dict[str, Any]]]] | None = None
    requests: list[httpx.Request] = field(default_factory=list)
    before_page: Callable[[int], None] | None = None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        limit = int(request.url.params.get("limit", "100"))
        page = int(request.url.params.get("page", "1"))
        if self.before_page is not None:
            self.before_page(page)
        chunk = self.rows[(page - 1) * limit : page * limit]
        body: dict[str, Any] = {self.root: chunk}
        if self.sideload is not None and request.url.params.get("include"):
            body.update(self.sideload(chunk))
        headers = {"X-Pagination": pagination(len(self.rows), page, limit)}
        return respond(200, body, headers=headers)

    def pages(self) -> Iterator[int]:
        return (int(r.url.params["page"]) for r in self.requests)


@dataclass
class WindowedLimit:
    """The API's rate limit on a fake clock: ``limit`` per fixed epoch-aligned window."""

    clock: FakeClock
    limit: int = 300
    window: int = 300
    used: int = 0
    window_end: float = 0.0
    rejected: int = 0

    def headers(self) -> dict[str, str]:
        return {
            "X-Rate-Limit-Limit": str(self.limit),
            "X-Rate-Limit-Remaining": str(max(0, self.limit - self.used)),
            "X-Rate-Limit-Reset": str(int(self.window_end)),
        }

    def admit(self) -> httpx.Response | None:
        """``None`` when the request may proceed, else the 429 to answer."""
        now = self.clock()
        if now >= self.window_end:
            self.window_end = (math.floor(now / self.window) + 1) * self.window
            self.used = 0
        if self.used >= self.limit:
            self.rejected += 1
            body = {"type": "Too Many Requests", "message": "Rate limit exceeded"}
            return respond(429, body, headers=self.headers())
        self.used += 1
        return None

    def wrap(self, handler: Handler) -> Handler:
        def limited(request: httpx.Request) -> httpx.Response:
            refusal = self.admit()
            if refusal is not None:
                return refusal
            response = handler(request)
            response.headers.update(self.headers())
            return response

        return limited
