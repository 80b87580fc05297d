"""The ASGI application: authentication, rate limit, faults, body limits, request ids and the
request log around the API (``api.py``), which runs in a worker thread."""

from __future__ import annotations

import asyncio
import hmac
import logging
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from reconciler.sandbox.api import WRITES, ApiRequest
from reconciler.sandbox.errors import ApiError
from reconciler.sandbox.faults import DroppedConnection
from reconciler.sandbox.idempotency import ApiResponse
from reconciler.sandbox.ratelimit import RateState
from reconciler.sandbox.requestlog import RequestLogEntry
from reconciler.sandbox.state import Sandbox

logger = logging.getLogger(__name__)
MAX_BODY_BYTES = 1024 * 1024
CLIENT_CLOSED = 499  # nginx's "client closed request": the client hung up before its answer
_METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"]


class DroppedResponse(Response):
    """Starts the response, then fails: the server closes the connection mid-response and an
    in-process client sees the exception instead of a response.

    The headers promise one byte more than will ever come (and a bodiless 204 is sent as 200),
    so no client can take what it received for a complete response.
    """

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = [(k, v) for k, v in self.raw_headers if k != b"content-length"]
        headers.append((b"content-length", str(len(self.body) + 1).encode()))
        status = 200 if self.status_code == 204 else self.status_code
        await send({"type": "http.response.start", "status": status, "headers": headers})
        raise DroppedConnection("Server disconnected without sending a complete response.")


def create_app(
    db: str | Path = ":memory:",
    *,
    token: str = "sandbox-token",
    rate_limit: tuple[int, int] | None = (300, 300),
    faults: str | None = None,
    fault_seed: int | None = None,
    seed: str = "demo",
    request_log_path: str | Path | None = None,
    clock: Callable[[], float] | None = None,
) -> Starlette:
    """Build the sandbox app; ``app.state.sandbox`` is its :class:`Sandbox`."""
    sandbox = Sandbox(
        db, token=token, rate_limit=rate_limit, faults=faults, fault_seed=fault_seed,
        seed=seed, request_log_path=request_log_path, clock=clock,
    )
    endpoint = _Endpoint(sandbox)
    app = Starlette(routes=[Route("/{path:path}", endpoint.respond, methods=_METHODS)])
    app.state.sandbox = sandbox
    return app


class _Endpoint:
    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox

    async def respond(self, request: Request) -> Response:
        started, stamp = time.perf_counter(), datetime.now(UTC)
        request_id = str(uuid.uuid4())
        try:
            answer, rate, fault = await self._process(request)
        except ClientDisconnect:
            # A killed or timed-out client, not a failure here: nothing was done, nobody to answer.
            logger.debug("client hung up on %s %s", request.method, request.url.path)
            answer, rate, fault = ApiResponse(CLIENT_CLOSED), None, None
        except Exception:
            logger.exception("sandbox failed on %s %s", request.method, request.url.path)
            answer, rate, fault = _error(500, "Internal server error"), None, None
        headers = {**answer.headers, "X-Request-ID": request_id}
        if rate is not None and "X-Rate-Limit-Limit" not in headers:
            headers.update(rate.headers())
        status, content = answer.status, answer.content()
        self.sandbox.log.add(RequestLogEntry(
            time=stamp.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            method=request.method, path=request.url.path, query=request.url.query,
            status=status, duration_ms=round((time.perf_counter() - started) * 1000, 3),
            request_id=request_id, fault=fault,
        ))
        kind = DroppedResponse if fault == "drop_after_commit" else Response
        media = "application/json; charset=utf-8" if content else None
        return kind(content, status, headers, media_type=media)

    async def _process(
        self, request: Request
    ) -> tuple[ApiResponse, RateState | None, str | None]:
        sandbox = self.sandbox
        if not self._authorised(request):
            return _error(401, "The access token is invalid"), sandbox.limiter.peek(), None
        rate = sandbox.limiter.hit()
        if rate is not None and not rate.allowed:
            return _error(429, "Rate limit exceeded, retry after the reset time"), rate, None
        early = await self._faults(request)
        if early is not None:
            return early[0], rate, early[1]
        try:
            body = await _read_body(request)
        except ApiError as exc:
            return ApiResponse(exc.status, exc.body()), rate, None
        answer = await run_in_threadpool(sandbox.api.handle, _api_request(request, body))
        plural = request.url.path.strip("/").partition("/")[0]
        if request.method == "GET" and _shorten_page(answer, plural, sandbox.faults.short_page):
            return answer, rate, "short_page"
        dropped = request.method in WRITES and answer.status < 300 and sandbox.faults.drop()
        return answer, rate, "drop_after_commit" if dropped else None

    def _authorised(self, request: Request) -> bool:
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        expected = self.sandbox.token
        return scheme.lower() == "bearer" and hmac.compare_digest(given.strip(), expected)

    async def _faults(self, request: Request) -> tuple[ApiResponse, str] | None:
        faults = self.sandbox.faults
        if faults.spec.latency:
            await asyncio.sleep(faults.spec.latency)
        if faults.spec.write_latency and request.method in WRITES:
            await asyncio.sleep(faults.spec.write_latency)
        if faults.rate_burst():
            burst = _error(429, "Rate limit exceeded (injected burst)")
            reset = int(self.sandbox.clock()) + 1
            burst.headers.update(RateState(self.sandbox.rate_limit_value(), 0, reset, False)
                                 .headers())
            burst.headers["Retry-After"] = "1"
            return burst, "rate_burst"
        status = faults.server_error()
        if status is not None:
            return _error(status, "Injected server fault"), "5xx"
        return None


def _shorten_page(answer: ApiResponse, plural: str, draw: Callable[[], bool]) -> bool:
    """Leave the last record out of an index page (``X-Pagination`` unchanged) when drawn."""
    if "X-Pagination" not in answer.headers or not isinstance(answer.body, dict):
        return False
    records = answer.body.get(plural)
    if not isinstance(records, list) or not records or not draw():
        return False
    records.pop()
    return True


def _error(status: int, message: str) -> ApiResponse:
    return ApiResponse(status, ApiError(status, message).body())


def _api_request(request: Request, body: bytes) -> ApiRequest:
    return ApiRequest(
        method=request.method,
        path=request.url.path,
        params=request.query_params.multi_items(),
        body=body,
        base_url=str(request.base_url),
        idempotency_key=request.headers.get("idempotency-key") or None,
    )


async def _read_body(request: Request) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise ApiError(413, f"The request body is larger than {MAX_BODY_BYTES} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise ApiError(413, f"The request body is larger than {MAX_BODY_BYTES} bytes")
        chunks.append(chunk)
    return b"".join(chunks)
