"""The API proper: routes a parsed request to a resource and answers it.

Runs synchronously (in a worker thread under ASGI). Writes run inside one store transaction
together with their idempotency record.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from reconciler.sandbox import crud
from reconciler.sandbox.errors import ApiError, BadRequest, NotFound, Unprocessable
from reconciler.sandbox.idempotency import ApiResponse, Idempotency, fingerprint
from reconciler.sandbox.params import parse
from reconciler.sandbox.query import includes, last_page, pagination, parse_index
from reconciler.sandbox.resources import Context, Resource
from reconciler.sandbox.store import Record, Store

logger = logging.getLogger(__name__)
WRITES = ("POST", "PUT", "DELETE")


@dataclass(frozen=True)
class ApiRequest:
    method: str
    path: str
    params: Sequence[tuple[str, str]]
    body: bytes
    base_url: str
    idempotency_key: str | None = None


class Api:
    def __init__(
        self, store: Store, resources: Mapping[str, Resource], clock: Callable[[], float]
    ) -> None:
        self.ctx = Context(store, resources)
        self.idempotency = Idempotency(store, clock)

    def handle(self, request: ApiRequest) -> ApiResponse:
        if request.method not in WRITES:
            return self._answer(request)
        with self.ctx.store.transaction():
            key = request.idempotency_key
            if key and request.method in ("POST", "PUT"):
                print_ = fingerprint(request.method, request.path, request.body)
                try:
                    return self.idempotency.run(key, print_, lambda: self._answer(request))
                except ApiError as exc:
                    return ApiResponse(exc.status, exc.body())
            return self._answer(request)

    def _answer(self, request: ApiRequest) -> ApiResponse:
        writing = request.method in WRITES
        try:
            with self.ctx.store.transaction() if writing else nullcontext():
                return self._route(request)
        except ApiError as exc:
            return ApiResponse(exc.status, exc.body())
        except Unprocessable as exc:
            return ApiResponse(422, {"errors": exc.errors})
        except Exception:
            logger.exception("sandbox failed on %s %s", request.method, request.path)
            return ApiResponse(500, ApiError(500, "Internal server error").body())

    def _route(self, request: ApiRequest) -> ApiResponse:
        parts = [part for part in request.path.split("/") if part]
        resource = self.ctx.resources.get(parts[0]) if parts else None
        if resource is None or len(parts) > 2:
            raise NotFound(f'No route matches [{request.method}] "{request.path}"')
        allowed = resource.collection_methods if len(parts) == 1 else resource.member_methods
        if request.method not in allowed:
            raise ApiError(405, f"{request.method} is not allowed on {request.path}")
        if len(parts) == 1:
            return self._collection(resource, request)
        return self._member(resource, parts[1], request)

    def _collection(self, resource: Resource, request: ApiRequest) -> ApiResponse:
        if request.method == "POST":
            record = crud.create(self.ctx, resource, payload(resource, request.body))
            public_id = resource.public_id(record)
            body = {resource.name: resource.present(self.ctx, [record])[0]}
            location = f"{request.base_url.rstrip('/')}/{resource.plural}/{public_id}"
            return ApiResponse(201, body, {"Location": location})
        query = parse_index(resource, request.params)
        body, total = crud.index(self.ctx, resource, query)
        headers = {"X-Pagination": pagination(total, query)}
        headers["Link"] = link(request, query.page, last_page(total, query.limit))
        return ApiResponse(200, body, headers)

    def _member(self, resource: Resource, id_text: str, request: ApiRequest) -> ApiResponse:
        record = self._record(resource, id_text, request.method)
        if request.method == "GET":
            include = includes(parse(request.params))
            return ApiResponse(200, crud.show(self.ctx, resource, record, include))
        if request.method == "PUT":
            crud.update(self.ctx, resource, record, payload(resource, request.body))
        else:
            crud.archive(self.ctx, resource, record)
        return ApiResponse(204)

    def _record(self, resource: Resource, id_text: str, method: str) -> Record:
        """The record an id names; ``current`` is an alias for reads only (writes name the id,
        as the official client's ``save`` does: ``PUT /accounts/{id}``)."""
        if id_text == "current" and method == "GET":
            current = resource.current(self.ctx)
            if current is not None:
                return current
        return resource.lookup(self.ctx, id_text)


def payload(resource: Resource, body: bytes) -> Mapping[str, Any]:
    """The body's ``{"<singular>": {...}}`` object; anything else is a 400."""
    try:
        data = json.loads(body) if body.strip() else None
    except (ValueError, RecursionError) as exc:
        raise BadRequest(f"The request body is not valid JSON: {exc}") from exc
    root = data.get(resource.name) if isinstance(data, dict) else None
    if not isinstance(root, dict):
        raise BadRequest(f"param is missing or the value is empty: {resource.name}")
    return root


def link(request: ApiRequest, page: int, last: int) -> str:
    """The ``Link`` header the API sends beside ``X-Pagination``: next (if any) and last."""

    def url(number: int) -> str:
        params = [(k, v) for k, v in request.params if k != "page"] + [("page", str(number))]
        return f"{request.base_url.rstrip('/')}{request.path}?{urlencode(params)}"

    parts = [f'<{url(page + 1)}>; rel="next"'] if page < last else []
    return ", ".join([*parts, f'<{url(last)}>; rel="last"'])
