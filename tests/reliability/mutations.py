"""Bad API answers for the fuzz tests: real sandbox responses, mutated one at a time.

A ``Mutation`` is drawn by hypothesis and applied to the ``index``-th response of a plan's
reads: the body truncated, replaced by an HTML page, a JSON value deep inside replaced by a
value of any type or deleted, the whole body replaced, the status changed, the
``X-Pagination`` header broken, or a page's records cut short. Every other request is answered
by the live sandbox. ``Replay`` is the ``httpx.MockTransport`` handler doing that, with a
budget of requests so that a client reading forever fails the test instead of hanging it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx
from hypothesis import strategies as st

KINDS = ("truncate", "html", "replace", "delete", "top", "status", "pagination", "records")
STATUSES = (200, 201, 204, 301, 302, 400, 401, 404, 410, 422, 429, 500, 502)
PAGINATION_KEYS = ("total_records", "total_pages", "last_page", "out_of_bounds", "next_page")
REQUEST_BUDGET = 120
HTML = b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>"

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63) | st.floats()
    | st.text(max_size=12),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=6,
)


@dataclass(frozen=True)
class Mutation:
    index: int
    kind: str
    path: tuple[int, ...]
    value: Any
    cut: float
    status: int

    def apply(self, response: httpx.Response) -> httpx.Response:
        status, headers, body = response.status_code, _headers(response), response.content
        if self.kind == "truncate":
            body = body[: int(len(body) * self.cut)]
        elif self.kind == "html":
            status, body = 200, HTML
            headers["content-type"] = "text/html; charset=utf-8"
        elif self.kind == "top":
            body = _dumps(self.value)
        elif self.kind == "status":
            status = self.status
        elif self.kind == "pagination":
            _break_pagination(headers, self)
        else:
            body = self._edit_json(body)
        return httpx.Response(status, headers=headers, content=body)

    def _edit_json(self, body: bytes) -> bytes:
        try:
            data = json.loads(body)
        except ValueError:
            return body
        if self.kind == "records":
            if isinstance(data, dict):
                for key, value in data.items():
                    if isinstance(value, list):
                        data[key] = value[: int(len(value) * self.cut)]
            return _dumps(data)
        parent, key = _walk(data, self.path)
        if parent is None:
            return _dumps(self.value if self.kind == "replace" else None)
        if self.kind == "replace":
            parent[key] = self.value
        else:
            del parent[key]
        return _dumps(data)


mutations = st.builds(
    Mutation,
    index=st.integers(0, 14),
    kind=st.sampled_from(KINDS),
    path=st.lists(st.integers(0, 10_000), max_size=6).map(tuple),
    value=json_values,
    cut=st.floats(0, 1),
    status=st.sampled_from(STATUSES),
)


def _headers(response: httpx.Response) -> dict[str, str]:
    return {k: v for k, v in response.headers.items() if k.lower() != "content-length"}


def _dumps(value: Any) -> bytes:
    return json.dumps(value).encode()


def _walk(data: Any, path: tuple[int, ...]) -> tuple[Any, Any]:
    """The container and key ``path`` leads to (each step picks a child modulo the count)."""
    parent: Any = None
    key: Any = None
    node = data
    for step in path:
        if isinstance(node, dict) and node:
            keys = list(node)
            parent, key = node, keys[step % len(keys)]
        elif isinstance(node, list) and node:
            parent, key = node, step % len(node)
        else:
            break
        node = parent[key]
    return parent, key


def _break_pagination(headers: dict[str, str], mutation: Mutation) -> None:
    header = headers.get("x-pagination")
    choice = mutation.path[0] % 4 if mutation.path else 0
    if header is None or choice == 0:
        headers.pop("x-pagination", None)
    elif choice == 1:
        headers["x-pagination"] = "{not json"
    else:
        data = json.loads(header)
        name = PAGINATION_KEYS[int(mutation.cut * len(PAGINATION_KEYS)) % len(PAGINATION_KEYS)]
        # choice 2: a count that lies (more records and pages than there are); 3: any value
        data[name] = (2 + mutation.status * 1000) if choice == 2 else mutation.value
        headers["x-pagination"] = json.dumps(data)


class Replay:
    """Answers from the live sandbox, one of them mutated; fails past the request budget.

    Reads are answered from ``cache`` once seen (the sandbox is not written to meanwhile)."""

    def __init__(self, live: httpx.Client, mutation: Mutation | None,
                 budget: int = REQUEST_BUDGET,
                 cache: dict[str, httpx.Response] | None = None) -> None:
        self.live = live
        self.mutation = mutation
        self.budget = budget
        self.cache = cache if cache is not None else {}
        self.seen: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(f"{request.method} {request.url.path}?{request.url.query.decode()}")
        if len(self.seen) > self.budget:
            raise AssertionError(f"more than {self.budget} requests; the last: {self.seen[-3:]}")
        real = self.cache.get(self.seen[-1]) if request.method == "GET" else None
        if real is None:
            real = self.live.request(
                request.method, request.url.path, params=request.url.params,
                headers={"Authorization": request.headers.get("authorization", "")},
                content=request.content,
            )
            if request.method == "GET":
                self.cache[self.seen[-1]] = real
        if self.mutation is not None and len(self.seen) - 1 == self.mutation.index:
            return self.mutation.apply(real)
        return httpx.Response(real.status_code, headers=_headers(real), content=real.content)
