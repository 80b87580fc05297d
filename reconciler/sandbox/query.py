"""Index parameters: filters, ordering, pagination and sideloading, turned into SQL."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

from reconciler.sandbox.errors import BadRequest
from reconciler.sandbox.params import Pairs, Params, parse, single, values
from reconciler.sandbox.resources.base import Resource
from reconciler.sandbox.values import Invalid, parse_timestamp

DEFAULT_LIMIT = 100
MAX_LIMIT = 250
_RANGES = {
    "created_at_min": "created_at >= ?",
    "created_at_max": "created_at <= ?",
    "updated_at_min": "updated_at >= ?",
    "updated_at_max": "updated_at <= ?",
}


@dataclass
class IndexQuery:
    where: list[str] = field(default_factory=list)
    args: list[object] = field(default_factory=list)
    order: str = "created_at DESC, id DESC"
    limit: int = DEFAULT_LIMIT
    page: int = 1
    include: set[str] = field(default_factory=set)

    @property
    def condition(self) -> str:
        return " AND ".join(self.where) or "1 = 1"

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.limit


def parse_index(resource: Resource, pairs: Pairs) -> IndexQuery:
    params = parse(pairs)
    query = IndexQuery()
    try:
        _filters(resource, params, query)
    except Invalid as exc:
        raise BadRequest(str(exc)) from exc
    query.order = _order(resource, single(params, "order"))
    query.limit = _number(single(params, "limit"), "limit", DEFAULT_LIMIT, 0)
    if query.limit > MAX_LIMIT:
        raise BadRequest(f"limit must be at most {MAX_LIMIT}")
    query.page = _number(single(params, "page"), "page", 1, 1)
    query.include = includes(params)
    return query


def includes(params: Params) -> set[str]:
    """``include`` (and the older ``_include``): a comma-separated list of resources to sideload
    (official-source/aside_sideloading.md; products_sideloaded.yml sends ``_include``)."""
    return set(values(params, "include", commas=True)) | set(
        values(params, "_include", commas=True)
    )


def _add(query: IndexQuery, clause: tuple[str, list[object]]) -> None:
    query.where.append(clause[0])
    query.args.extend(clause[1])


def _filters(resource: Resource, params: Params, query: IndexQuery) -> None:
    # Comma lists only for id filters: "For ID based filters, optionally a comma-separated
    # collection can be used" (api-reference.txt, Filtering Collections).
    ids = values(params, "ids", commas=True)
    if ids:
        _add(query, resource.ids_filter(ids))
    if resource.statuses:
        statuses = values(params, "status") or list(resource.default_statuses)
        marks = ", ".join("?" for _ in statuses)
        _add(query, (f"status IN ({marks})", list(statuses)))
    for name, condition in _RANGES.items():
        bound = single(params, name)
        if bound:
            _add(query, (condition, [parse_timestamp(bound)]))
    for name, spec in resource.filters.items():
        given = values(params, name, commas=spec.commas)
        if given:
            _add(query, spec.build(given))


def _order(resource: Resource, given: str | None) -> str:
    if not given:
        return "created_at DESC, id DESC"
    terms = []
    for part in (p.strip() for p in given.split(",") if p.strip()):
        words = part.replace("+", " ").split()
        column, direction = words[0], (words[1].upper() if len(words) > 1 else "ASC")
        if column not in resource.order_columns or direction not in ("ASC", "DESC") or \
                len(words) > 2:
            raise BadRequest(f"cannot order {resource.plural} by {part!r}")
        terms.append(f"{column} {direction}")
    last = terms[-1].split()[1]
    return ", ".join([*terms, f"id {last}"])


def _number(given: str | None, name: str, default: int, minimum: int) -> int:
    if not given:
        return default
    try:
        number = int(given.strip())
    except ValueError as exc:
        raise BadRequest(f"{name} must be an integer") from exc
    if number > 10**9:
        raise BadRequest(f"{name} is too large")
    if number < minimum:
        raise BadRequest(f"{name} must be at least {minimum}")
    return number


def last_page(total: int, limit: int) -> int:
    """ceil(total / limit); 1 when limit is 0 and, unlike ``ceil``, when nothing matches."""
    return 1 if limit == 0 else max(1, math.ceil(total / limit))


def pagination(total: int, query: IndexQuery) -> str:
    """The ``X-Pagination`` header: compact JSON in the API's key order."""
    pages = last_page(total, query.limit)
    header = {
        "total_records": total,
        "total_pages": pages,
        "first_page": query.page == 1,
        "last_page": query.page >= pages,
        "out_of_bounds": query.page > pages,
        "offset": query.offset,
    }
    return json.dumps(header, separators=(",", ":"))
