"""Read the current state of the kinds in scope, at the lower bound of requests.

One paged read per kind (250 records a page), archived records included in the same read so that
declared records are restored rather than duplicated; companions (a tax type's components) are read
once for the whole kind. Nothing here interprets the records: that is ``engine.state``'s job.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from reconciler.kinds.base import KindSpec

RawRecord = dict[str, Any]


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
        statuses: Iterable[str] | None = None,
        include: str | None = None,
    ) -> ListResultLike: ...

    def account(self) -> RawRecord: ...


@dataclass(frozen=True)
class RawKind:
    records: list[RawRecord]
    complete: bool
    companions: dict[str, list[RawRecord]] = field(default_factory=dict)


@dataclass(frozen=True)
class RawState:
    kinds: dict[str, RawKind]
    account: RawRecord
    currencies: list[RawRecord]
    requests: int


def fetch_state(
    client: Reader, kinds: Iterable[KindSpec], *, with_account: bool, with_currencies: bool
) -> RawState:
    requests = 0
    account: RawRecord = {}
    if with_account:
        account = client.account()
        requests += 1
    currencies: list[RawRecord] = []
    if with_currencies:
        listed = client.list_all("currencies")
        currencies, requests = listed.records, requests + listed.requests
    raw: dict[str, RawKind] = {}
    for spec in kinds:
        raw[spec.name], spent = _fetch_kind(client, spec)
        requests += spent
    return RawState(raw, account, currencies, requests)


def _fetch_kind(client: Reader, spec: KindSpec) -> tuple[RawKind, int]:
    include = ",".join(spec.companions) or None
    listed = client.list_all(spec.resource, statuses=spec.read_statuses, include=include)
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
