"""A plain HTTP client of the API for building and reading accounts in migration tests.

It speaks to the sandbox over its real socket, as any other program would, so the accounts the
migration is checked against are built and read without gecko-apply's own code.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx

TOKEN = "sandbox-token"


class Api:
    def __init__(self, url: str) -> None:
        self.http = httpx.Client(
            base_url=url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30
        )

    def create(self, plural: str, root: str, body: dict[str, Any]) -> dict[str, Any]:
        response = self.http.post(f"/{plural}", json={root: body})
        assert response.status_code == 201, f"POST /{plural}: {response.text}"
        record: dict[str, Any] = response.json()[root]
        return record

    def update(self, plural: str, root: str, record_id: int, body: dict[str, Any]) -> None:
        response = self.http.put(f"/{plural}/{record_id}", json={root: body})
        assert response.status_code == 204, f"PUT /{plural}/{record_id}: {response.text}"

    def account(self) -> dict[str, Any]:
        account: dict[str, Any] = self.http.get("/accounts/current").json()["account"]
        return account

    def all(self, plural: str, **params: str) -> list[dict[str, Any]]:
        """Every active record of a resource (products: active and disabled), page by page."""
        return list(self._pages(plural, params))

    def _pages(self, plural: str, params: dict[str, str]) -> Iterator[dict[str, Any]]:
        page = 1
        while True:
            response = self.http.get(f"/{plural}", params={**params, "limit": 250, "page": page})
            response.raise_for_status()
            yield from response.json()[plural]
            if json.loads(response.headers["X-Pagination"])["last_page"]:
                return
            page += 1

    def close(self) -> None:
        self.http.close()
