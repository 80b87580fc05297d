"""Read the current state of the kinds in scope, at the lower bound of requests.

One paged read per kind (250 records a page, filtered by the kind's ``read_filter``), archived
records included in the same read so that declared records are restored rather than duplicated;
companions (a tax type's components) are read once for the whole kind. Nothing here interprets
the records: that is ``engine.state``'s job.

When the reader keeps several requests in flight, the reads of all kinds start together and share
its slots, so the small kinds' single pages go out beside the large kinds' many; each kind's result
is the same whatever order the answers come in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Protocol, TypeVar

from reconciler.kinds.base import KindSpec

RawRecord = dict[str, Any]
T = TypeVar("T")


class ListResultLike(Protocol):
    records: list[RawRecord]
    sideloaded: dict[str, list[RawRecord]]
    complete: bool
    requests: int


class Reader(Protocol):
    """The part of ``GeckoClient`` the fetch needs."""

    def list_all(
        self,
        resource: str,
        *,
        params: Mapping[str, str] | None = None,
        statuses: Iterable[str] | None = None,
        include: str | None = None,
    ) -> ListResultLike: ...

    def account(self) -> RawRecord: ...

    @property
    def max_in_flight(self) -> int:
        """How many requests the reader keeps in flight at most (it enforces the bound)."""


@dataclass(frozen=True)
class RawKind:
    records: list[RawRecord]
    complete: bool
    companions: dict[str, list[RawRecord]] = field(default_factory=dict)


@dataclass(frozen=True)
class RawState:
    kinds: dict[str, RawKind]
    account: RawRecord
    requests: int


def fetch_state(
    client: Reader, kinds: Iterable[KindSpec], *, with_account: bool = False
) -> RawState:
    """The kinds' records, and the account when asked or when a kind needs it to tell its
    built-in records."""
    specs = list(kinds)
    account_wanted = with_account or any(spec.needs_account for spec in specs)
    reads: list[Callable[[], tuple[Any, int]]] = [
        partial(_account, client, account_wanted),
        *(partial(_fetch_kind, client, spec) for spec in specs),
    ]
    (account, spent_account), *fetched = _run_all(reads, client.max_in_flight)
    raw = {spec.name: kind for spec, (kind, _) in zip(specs, fetched, strict=True)}
    requests = spent_account + sum(spent for _, spent in fetched)
    return RawState(raw, account, requests)


def _run_all(calls: Sequence[Callable[[], T]], in_flight: int) -> list[T]:
    """Every call's result in order; all started at once when the reader allows parallelism."""
    if in_flight <= 1:
        return [call() for call in calls]
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(lambda call: call(), calls))


def _account(client: Reader, wanted: bool) -> tuple[RawRecord, int]:
    return (client.account(), 1) if wanted else ({}, 0)


def _fetch_kind(client: Reader, spec: KindSpec) -> tuple[RawKind, int]:
    include = ",".join(spec.companions) or None
    listed = client.list_all(
        spec.resource,
        params=dict(spec.read_filter) or None,
        statuses=spec.read_statuses,
        include=include,
    )
    spent, complete = listed.requests, listed.complete
    companions: dict[str, list[RawRecord]] = {}
    for resource in spec.companions:
        if resource in listed.sideloaded:
            companions[resource] = listed.sideloaded[resource]
            continue
        extra = client.list_all(resource)
        companions[resource] = extra.records
        spent += extra.requests
        complete = complete and extra.complete
    return RawKind(listed.records, complete, companions), spent
