"""``GeckoClient``: the TradeGecko API as gecko-apply uses it.

The only code in gecko-apply that speaks HTTP, over an injected ``httpx.Client`` (a plain one
for the real API, Starlette's ``TestClient`` for the in-process sandbox, a ``MockTransport`` in
unit tests). Requests are what everything costs (300 per 300 s), so reads page at 250 and never
fetch records one by one, and writes go out one request per change.

Archive and DELETE: an archive whose earlier attempt failed ambiguously (a 5xx, or the answer
was lost) and whose retry answers 404 counts as done, since the first attempt may have taken
effect; a 404 on the first attempt is a ``NotFoundError``. Archiving an already archived record
is left to the API.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import quote

import httpx

from reconciler.client.decode import (
    Exchange,
    bad_response,
    raise_for_status,
    unwrap_list,
    unwrap_record,
)
from reconciler.client.governor import DEFAULT_MAX_WAIT, Governor
from reconciler.client.pagination import (
    ListResult,
    Page,
    PageInfo,
    QueryValue,
    build_query,
    page_query,
    parse_page_info,
    read_all,
)
from reconciler.client.ratelimit import (
    DEFAULT_LIMIT,
    DEFAULT_WINDOW_SECONDS,
    RateStatus,
    RateWait,
    estimate_seconds,
)
from reconciler.client.resources import Resource, lookup
from reconciler.client.retry import RetryPolicy
from reconciler.client.sender import Request, Sender, new_idempotency_key

MAX_IN_FLIGHT = 8
Record = dict[str, Any]


class GeckoClient:
    """A TradeGecko API client with pagination, a rate-limit governor, retries and idempotency.

    ``token`` is the bearer token (never read from the environment here, never shown);
    ``base_url`` defaults to the ``httpx.Client``'s own. ``max_api_share`` (0 < share <= 1) is
    the fraction of each rate-limit window this client may use. ``on_wait`` hears about every
    pause (rate limit or retry backoff). ``max_in_flight`` (1..8) is how many requests may be in
    flight at once, whichever threads send them (pages of one read, or reads of several kinds).
    ``clock`` (epoch seconds) and ``sleep`` are injectable so tests never sleep;
    ``window_seconds`` is the rate-limit window, ``reset_margin`` the seconds added to a wait for
    a reset (clock skew), ``idempotency_keys`` makes the ``Idempotency-Key`` values.
    ``max_wait`` bounds any single pause: a longer one raises ``WaitTooLong`` instead.
    Timeouts are the ``httpx.Client``'s own.
    """

    def __init__(
        self,
        http: httpx.Client,
        token: str,
        *,
        base_url: str | None = None,
        max_api_share: float = 1.0,
        on_wait: Callable[[RateWait], None] | None = None,
        max_in_flight: int = 1,
        retry: RetryPolicy | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        window_seconds: float = DEFAULT_WINDOW_SECONDS,
        reset_margin: float = 1.0,
        max_wait: float = DEFAULT_MAX_WAIT,
        idempotency_keys: Callable[[], str] = new_idempotency_key,
    ) -> None:
        if not isinstance(token, str) or not token:
            raise ValueError("an access token is required")
        if not 1 <= max_in_flight <= MAX_IN_FLIGHT:
            raise ValueError(f"max_in_flight must be between 1 and {MAX_IN_FLIGHT}")
        if base_url is None and not str(http.base_url):
            raise ValueError("base_url is required when the httpx.Client has none")
        self._base_url = base_url or str(http.base_url)
        self._clock = clock
        self._max_in_flight = max_in_flight
        self._slots = threading.BoundedSemaphore(max_in_flight)
        self._governor = Governor(
            clock=clock,
            sleep=sleep,
            on_wait=on_wait,
            max_api_share=max_api_share,
            window_seconds=window_seconds,
            reset_margin=reset_margin,
            max_wait=max_wait,
        )
        self._sender = Sender(
            http,
            token,
            base_url=base_url,
            governor=self._governor,
            policy=retry or RetryPolicy(),
            clock=clock,
            new_key=idempotency_keys,
        )

    def __repr__(self) -> str:
        return (
            f"GeckoClient(base_url={self._base_url!r}, "
            f"max_api_share={self._governor.max_api_share!r}, "
            f"max_in_flight={self._max_in_flight!r})"
        )

    @property
    def requests_sent(self) -> int:
        """Every HTTP attempt this client made, retries included."""
        return self._sender.requests_sent

    @property
    def max_in_flight(self) -> int:
        """How many requests this client keeps in flight at most."""
        return self._max_in_flight

    @property
    def rate_status(self) -> RateStatus:
        """The rate-limit budget as last reported by the API."""
        return self._governor.status

    @property
    def rate_policy(self) -> tuple[int, float]:
        """The rate limit as observed: requests per window, and the window in seconds."""
        limit = self.rate_status.limit
        return (limit if limit is not None else DEFAULT_LIMIT), self._governor.window_seconds

    def estimate_seconds(
        self, requests: int, *, seconds_per_request: float | None = None
    ) -> float:
        """How long ``requests`` more requests will take under the rate limit, from now: the
        one estimate behind both the plan's sentence and apply's ETA. Each request is assumed
        to take as long as the answered ones did on average, unless ``seconds_per_request``
        says otherwise."""
        if seconds_per_request is None:
            seconds_per_request = self._sender.seconds_per_request
        status = self.rate_status
        limit, window = self.rate_policy
        return estimate_seconds(
            requests,
            limit=limit,
            window_seconds=window,
            remaining=status.remaining,
            reset=status.reset,
            share=self._governor.max_api_share,
            now=self._clock(),
            seconds_per_request=seconds_per_request,
            margin=self._governor.reset_margin,
        )

    def list_all(
        self,
        resource: str,
        *,
        params: Mapping[str, QueryValue] | None = None,
        statuses: Iterable[str] | None = None,
        include: str | None = None,
    ) -> ListResult:
        """Every record of an index matching ``params``, paging at 250.

        ``statuses`` asks for these statuses in the same read (e.g. ``["active", "disabled",
        "archived"]``); ``include`` sideloads (``"variants"`` on products).
        """
        target = lookup(resource)
        query = build_query(params, statuses, include)

        def fetch(page: int) -> Page:
            exchange = self._call(Request("GET", target.path, page_query(query, page)))
            records, sideloaded = unwrap_list(exchange, target.plural)
            return Page(records, sideloaded, _page_info(exchange), exchange.attempts)

        return read_all(fetch, self._max_in_flight)

    def get(self, resource: str, record_id: int | str) -> Record:
        """One record by id."""
        target = lookup(resource)
        exchange = self._call(Request("GET", _record_path(target, record_id)))
        return unwrap_record(exchange, target.singular)

    def account(self) -> Record:
        """The current account (``GET /accounts/current``)."""
        exchange = self._call(Request("GET", "/accounts/current"))
        return unwrap_record(exchange, lookup("accounts").singular)

    def create(
        self, resource: str, body: Mapping[str, Any], *, idempotency_key: str | None = None
    ) -> Record:
        """Create a record from its inner body; return the record the API answers.

        ``idempotency_key``, when given, is sent instead of a fresh one: the same key for the
        same create makes a repeated or concurrent create a replay of the first.
        """
        target = lookup(resource)
        request = Request("POST", target.path, body={target.singular: dict(body)},
                          idempotency_key=idempotency_key)
        return unwrap_record(self._call(request), target.singular)

    def update(self, resource: str, record_id: int | str, body: Mapping[str, Any]) -> None:
        """Write the fields in ``body`` (a partial update) to one record."""
        target = lookup(resource)
        path = _record_path(target, record_id)
        self._call(Request("PUT", path, body={target.singular: dict(body)}))

    def archive(self, resource: str, record_id: int | str) -> None:
        """Archive one record (the API's DELETE is a soft delete)."""
        path = _record_path(lookup(resource), record_id)
        exchange = self._sender.send(Request("DELETE", path))
        if exchange.status == 404 and exchange.after_failure:
            return
        raise_for_status(exchange)

    def restore(self, resource: str, record_id: int | str) -> None:
        """Bring an archived record back (``PUT {"status": "active"}``)."""
        self.update(resource, record_id, {"status": "active"})

    def products(
        self, *, statuses: Iterable[str] | None = None, include_variants: bool = False
    ) -> ListResult:
        """Every product, optionally with their variants sideloaded under ``"variants"``."""
        return self.list_all(
            "products", statuses=statuses, include="variants" if include_variants else None
        )

    def variants(self, *, statuses: Iterable[str] | None = None) -> ListResult:
        """Every variant."""
        return self.list_all("variants", statuses=statuses)

    def _call(self, request: Request) -> Exchange:
        with self._slots:
            exchange = self._sender.send(request)
        raise_for_status(exchange)
        return exchange


def _record_path(target: Resource, record_id: int | str) -> str:
    return f"{target.path}/{quote(str(record_id), safe='')}"


def _page_info(exchange: Exchange) -> PageInfo | None:
    header = exchange.response.headers.get("x-pagination")
    if header is None:
        return None
    try:
        return parse_page_info(header)
    except ValueError:
        raise bad_response(exchange, "malformed X-Pagination header") from None
