"""The sandbox's state and controls, exposed to tests and tools as ``app.state.sandbox``."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from reconciler.sandbox import crud
from reconciler.sandbox.api import Api
from reconciler.sandbox.faults import Faults, parse_faults
from reconciler.sandbox.ratelimit import RateLimiter
from reconciler.sandbox.requestlog import RequestLog, RequestLogEntry
from reconciler.sandbox.resources import Context, registry
from reconciler.sandbox.seed import seed_if_new
from reconciler.sandbox.store import Store


class Sandbox:
    def __init__(
        self,
        db: str | Path,
        *,
        token: str,
        rate_limit: tuple[int, int] | None,
        faults: str | None,
        fault_seed: int | None,
        seed: str,
        request_log_path: str | Path | None,
        clock: Callable[[], float] | None,
    ) -> None:
        self.db_path = str(db)
        self.token = token
        self.clock: Callable[[], float] = clock or time.time
        self.resources = registry()
        self.store = Store(db, [resource.table() for resource in self.resources.values()])
        self.ctx = Context(self.store, self.resources)
        self.seeded = seed_if_new(self.ctx, seed)
        self.api = Api(self.store, self.resources, self.clock)
        self._rate_limit = rate_limit
        self.limiter = RateLimiter(rate_limit, self.clock)
        self.faults = Faults(parse_faults(faults), fault_seed)
        self.log = RequestLog(request_log_path)

    @property
    def request_log(self) -> list[RequestLogEntry]:
        """Every request answered so far (a copy), oldest first."""
        return self.log.entries

    def reset_request_log(self) -> None:
        self.log.reset()

    def set_rate_limit(self, limit: tuple[int, int] | None) -> None:
        """Change the limit (``None`` turns it off); the current window starts afresh."""
        self._rate_limit = limit
        self.limiter.configure(limit)

    def rate_limit_value(self) -> int:
        return self._rate_limit[0] if self._rate_limit else 300

    def set_faults(self, spec: str | None, seed: int | None = None) -> None:
        """Replace the fault spec (``None`` turns faults off) and reseed its RNG."""
        self.faults = Faults(parse_faults(spec), seed)

    def query(self, sql: str, params: Sequence[object] = ()) -> list[dict[str, Any]]:
        """A read-only SQL query against the storage (tables are named by resource)."""
        return self.store.query(sql, params)

    def bulk_insert(self, resource: str, records: Iterable[Mapping[str, Any]]) -> list[int]:
        """Create many records in one transaction with one timestamp, validated as a POST
        would be (products may embed ``variants``). Returns the new ids in order."""
        spec = self.resources[resource]
        with self.store.one_stamp(), self.store.transaction():
            return [crud.create(self.ctx, spec, record).id for record in records]

    def close(self) -> None:
        self.store.close()
