"""``Idempotency-Key`` on POST and PUT: the first response is stored and replayed for 24 h."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from reconciler.sandbox.errors import ApiError
from reconciler.sandbox.store import Store

TTL_SECONDS = 24 * 60 * 60
REPLAYED_HEADER = "Idempotent-Replayed"


@dataclass
class ApiResponse:
    status: int
    body: object | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def content(self) -> bytes:
        return b"" if self.body is None else json.dumps(self.body).encode()


def fingerprint(method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(b"\0".join([method.encode(), path.encode(), body])).hexdigest()


class Idempotency:
    def __init__(self, store: Store, clock: Callable[[], float]) -> None:
        self._store = store
        self._clock = clock

    def run(
        self, key: str, print_: str, action: Callable[[], ApiResponse]
    ) -> ApiResponse:
        """Replay the stored response for ``key`` or run ``action`` and store what it answers.

        The caller holds the store's transaction, so the stored response commits with the
        write it describes: a client that lost the response gets it back on retry.
        """
        now = self._clock()
        self._store.execute("DELETE FROM idempotency WHERE created < ?", [now - TTL_SECONDS])
        found = self._store.rows(
            "SELECT fingerprint, status, headers, body FROM idempotency WHERE key = ?", [key]
        )
        if found:
            if found[0][0] != print_:
                raise ApiError(409, f"Idempotency-Key {key!r} was used for a different request")
            headers = {**json.loads(found[0][2]), REPLAYED_HEADER: "true"}
            body = json.loads(found[0][3]) if found[0][3] else None
            return ApiResponse(int(found[0][1]), body, headers)
        response = action()
        if response.status < 500:
            self._store.execute(
                "INSERT INTO idempotency (key, fingerprint, status, headers, body, created)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [key, print_, response.status, json.dumps(response.headers),
                 response.content(), now],
            )
        return response
