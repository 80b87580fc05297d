"""What makes a create safe to repeat and to race: derived idempotency keys, and adoption.

A create's ``Idempotency-Key`` is derived from the account, the record's address and the body
sent, so two runs of the same create (a re-run after a kill, or two applies at once) send the
same key and the API performs it once, answering the second with the first's record.

Just before the first create of a kind, the kind is read again from the latest ``updated_at``
the plan saw (one request, usually): a record another run created since under a key this run
is about to create is adopted (its id taken) instead of created again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from reconciler.engine.fetch import ListResultLike
from reconciler.engine.plan import Change
from reconciler.kinds import kind_by_name


class Rereader(Protocol):
    """The part of ``GeckoClient`` a re-read needs."""

    def list_all(
        self,
        resource: str,
        *,
        params: Mapping[str, str] | None = None,
        statuses: Iterable[str] | None = None,
    ) -> ListResultLike: ...


def create_key(account_id: object, address: str, body: Mapping[str, Any]) -> str:
    """The ``Idempotency-Key`` of one create: the same account, address and body, the same key."""
    canonical = json.dumps([str(account_id), address, body], sort_keys=True, default=str,
                           separators=(",", ":"))
    return "gecko-apply-" + hashlib.sha256(canonical.encode()).hexdigest()[:48]


class Adoption:
    """Finds, once per kind and just in time, records created since the plan read the kind."""

    def __init__(
        self, client: Rereader, account_id: object, latest_update: Mapping[str, str | None]
    ) -> None:
        self._client = client
        self.account_id = account_id
        self._latest = dict(latest_update)
        self._found: dict[str, dict[str, int | str]] = {}

    def existing_id(self, change: Change) -> int | str | None:
        """The id of an active record holding ``change``'s key, created since the plan."""
        if change.kind not in self._found:
            self._found[change.kind] = self._reread(change.kind)
        spec = kind_by_name(change.kind)
        return self._found[change.kind].get(spec.normalise_key(change.key))

    def _reread(self, kind: str) -> dict[str, int | str]:
        spec = kind_by_name(kind)
        since = self._latest.get(kind)
        params = {"updated_at_min": since} if since else None
        listed = self._client.list_all(spec.resource, params=params, statuses=spec.read_statuses)
        found: dict[str, int | str] = {}
        for record in spec.prepare(listed.records):
            key = spec.key_of(record)
            if key is None or str(record.get("status") or "active") == "archived":
                continue
            record_id = record.get("id")
            if isinstance(record_id, int | str):
                found.setdefault(spec.normalise_key(key), record_id)
        return found
