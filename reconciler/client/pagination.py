"""Reading a whole index: pages of 250, ``X-Pagination``, deduplication, completeness.

Page 1 says how many pages there are; pages 2..N follow (several in flight when allowed), so a
read of R records costs ceil(R/250) requests, one when there are none. Without an
``X-Pagination`` header the read goes on until a page comes back short.

Records created or archived during a read shift the pages: a record may come twice (the copies
are merged by id) or not at all. The read is then reported incomplete: ``complete`` is false when
the total changed between pages or fewer distinct records arrived than the total announced.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeGuard

PAGE_SIZE = 250

Record = dict[str, Any]
QueryValue = str | Sequence[str]


@dataclass(frozen=True)
class PageInfo:
    """The ``X-Pagination`` header of one page."""

    total_records: int
    total_pages: int
    last_page: bool
    out_of_bounds: bool


@dataclass(frozen=True)
class Page:
    """One page of an index as read: its records, sideloaded lists and pagination header."""

    records: list[Record]
    sideloaded: dict[str, list[Record]]
    info: PageInfo | None
    attempts: int


@dataclass
class ListResult:
    """A whole index read.

    ``records`` are deduplicated by id in the order they arrived; ``sideloaded`` holds the
    lists sideloaded beside them (``{"variants": [...]}`` for ``include=variants``), also
    deduplicated; ``complete`` is false when the index changed during the read; ``requests``
    counts every HTTP attempt the read took; ``total_records`` is the total page 1 announced
    (``None`` without a pagination header).
    """

    records: list[Record]
    sideloaded: dict[str, list[Record]] = field(default_factory=dict)
    complete: bool = True
    requests: int = 0
    total_records: int | None = None


def parse_page_info(value: str) -> PageInfo:
    """Parse an ``X-Pagination`` header; ``ValueError`` when it is not the documented shape."""
    data = json.loads(value)
    if not isinstance(data, dict):
        raise ValueError("X-Pagination is not an object")
    total_records, total_pages = data.get("total_records"), data.get("total_pages")
    if not _is_count(total_records) or not _is_count(total_pages):
        raise ValueError("X-Pagination lacks total_records or total_pages")
    if total_pages > max(1, math.ceil(total_records / PAGE_SIZE)):
        # More pages than records would fill: reading them would only burn the rate budget.
        raise ValueError(f"X-Pagination claims {total_pages} pages for {total_records} records")
    return PageInfo(
        total_records=total_records,
        total_pages=total_pages,
        last_page=bool(data.get("last_page", False)),
        out_of_bounds=bool(data.get("out_of_bounds", False)),
    )


def _is_count(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def build_query(
    params: Mapping[str, QueryValue] | None,
    statuses: Iterable[str] | None,
    include: str | None,
) -> list[tuple[str, str]]:
    """Query pairs for an index read; sequences become repeated ``key[]`` parameters."""
    query: list[tuple[str, str]] = []
    for key, value in (params or {}).items():
        if key in ("limit", "page"):
            raise ValueError(f"{key!r} is set by the client, not by the caller")
        if isinstance(value, str):
            query.append((key, value))
        else:
            name = key if key.endswith("[]") else f"{key}[]"
            query.extend((name, item) for item in value)
    if statuses is not None:
        if isinstance(statuses, str):
            raise TypeError("statuses must be a sequence of statuses, not one string")
        query.extend(("status[]", status) for status in statuses)
    if include:
        query.append(("include", include))
    return query


def page_query(query: Sequence[tuple[str, str]], page: int) -> list[tuple[str, str]]:
    """``query`` for page ``page`` at the maximum page size."""
    return [*query, ("limit", str(PAGE_SIZE)), ("page", str(page))]


def read_all(fetch: Callable[[int], Page], max_in_flight: int = 1) -> ListResult:
    """Read every page through ``fetch(page_number)`` and merge them."""
    first = fetch(1)
    if first.info is None:
        return merge(_follow_short_pages(fetch, first), None)
    numbers = range(2, first.info.total_pages + 1)
    if max_in_flight > 1 and len(numbers) > 1:
        with ThreadPoolExecutor(max_workers=max_in_flight) as pool:
            rest = list(pool.map(fetch, numbers))
    else:
        rest = [fetch(number) for number in numbers]
    return merge([first, *rest], first.info.total_records)


def _follow_short_pages(fetch: Callable[[int], Page], first: Page) -> list[Page]:
    pages = [first]
    seen = len(_dedupe(first.records))
    while len(pages[-1].records) >= PAGE_SIZE:
        pages.append(fetch(len(pages) + 1))
        now_seen = len(_dedupe(record for page in pages for record in page.records))
        if now_seen == seen:  # a server ignoring ``page`` would otherwise be read forever
            break
        seen = now_seen
    return pages


def merge(pages: Sequence[Page], total: int | None) -> ListResult:
    """One ``ListResult`` from the pages of one read."""
    records = _dedupe(record for page in pages for record in page.records)
    sideloaded: dict[str, list[Record]] = {}
    for key in dict.fromkeys(key for page in pages for key in page.sideloaded):
        sideloaded[key] = _dedupe(
            record for page in pages for record in page.sideloaded.get(key, [])
        )
    totals = {page.info.total_records for page in pages if page.info is not None}
    complete = len(totals) <= 1 and (total is None or len(records) == total)
    return ListResult(
        records=records,
        sideloaded=sideloaded,
        complete=complete,
        requests=sum(page.attempts for page in pages),
        total_records=total,
    )


def _dedupe(records: Iterable[Record]) -> list[Record]:
    seen: set[str] = set()
    unique: list[Record] = []
    for record in records:
        record_id = record.get("id")
        if record_id is not None:
            marker = json.dumps(record_id)
            if marker in seen:
                continue
            seen.add(marker)
        unique.append(record)
    return unique
