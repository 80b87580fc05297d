"""Keyset paging behind ``LIMIT``/``OFFSET`` pages: each page costs the rows it returns.

The API pages by number (``page=k``), which SQL answers with ``OFFSET``: walking and dropping
every earlier row, so reading an index of N records page by page costs N²/limit rows. Instead the
store remembers, for each query, where the pages it served ended (the sort key of their last
row) and starts the next page there (``WHERE key after cursor``), which an index on the order's
first column walks directly. The answers are the ones ``OFFSET`` gives: the order always ends in
``id``, so it is total, and the remembered cursors are dropped as soon as the database changes.

"Key after cursor" is split into segments, each a plain condition an index can seek: for the
order ``a DESC, id DESC`` and the cursor ``(x, 7)``, first ``a IS x AND id < 7``, then
``a < x``, then ``a IS NULL`` (SQLite sorts NULL first ascending and last descending).
"""

from __future__ import annotations

import re
import sqlite3
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field

MAX_QUERIES = 64
_TERM = re.compile(r"([a-z_]+) (ASC|DESC)")

Key = tuple[object, ...]
Segment = tuple[str, list[object]]
Run = Callable[[str, Sequence[object]], list[sqlite3.Row]]


@dataclass(frozen=True)
class Term:
    column: str
    descending: bool


def parse_order(order: str) -> list[Term] | None:
    """The terms of an ``ORDER BY`` the index parser produced, or ``None`` when it is another
    shape (the page is then read with ``OFFSET``)."""
    terms = []
    for part in order.split(","):
        match = _TERM.fullmatch(part.strip())
        if match is None:
            return None
        terms.append(Term(match[1], match[2] == "DESC"))
    if not terms or terms[-1].column != "id":
        return None
    return terms


def segments(terms: Sequence[Term], cursor: Key) -> list[Segment]:
    """Conditions whose rows, each read in order and concatenated, are the rows after ``cursor``."""
    found: list[Segment] = []
    for depth in range(len(terms) - 1, -1, -1):
        prefix = [f"{term.column} IS ?" for term in terms[:depth]]
        equal = list(cursor[:depth])
        for condition, args in _after(terms[depth], cursor[depth]):
            found.append((" AND ".join([*prefix, condition]), [*equal, *args]))
    return found


def _after(term: Term, value: object) -> list[Segment]:
    column = term.column
    if value is None:
        return [] if term.descending else [(f"{column} IS NOT NULL", [])]
    if term.descending:
        return [(f"{column} < ?", [value]), (f"{column} IS NULL", [])]
    return [(f"{column} > ?", [value])]


@dataclass
class Cursors:
    """Where served pages ended, per query, valid for one version of the database."""

    version: Hashable = None
    _queries: OrderedDict[Hashable, dict[int, Key]] = field(default_factory=OrderedDict)

    def positions(self, query: Hashable, version: Hashable) -> dict[int, Key]:
        """Position (rows before) → sort key of the row just before it, for ``query``."""
        if version != self.version:
            self._queries.clear()
            self.version = version
        known = self._queries.pop(query, {})
        self._queries[query] = known
        while len(self._queries) > MAX_QUERIES:
            self._queries.popitem(last=False)
        return known


@dataclass(frozen=True)
class Ordered:
    """One index query: rows of ``table`` matching ``where`` in ``order`` (parsed as ``terms``),
    each row the ``fields`` then the sort key."""

    table: str
    where: str
    args: tuple[object, ...]
    order: str
    terms: tuple[Term, ...]
    fields: str

    def rows(self, run: Run, limit: int, offset: int, extra: Segment = ("1 = 1", [])) -> \
            list[sqlite3.Row]:
        keys = "".join(f", {term.column}" for term in self.terms)
        sql = (f"SELECT {self.fields}{keys} FROM {self.table} WHERE ({self.where})"
               f" AND {extra[0]} ORDER BY {self.order} LIMIT ? OFFSET ?")
        return run(sql, (*self.args, *extra[1], limit, offset))

    def after(self, run: Run, cursor: Key, wanted: int) -> list[sqlite3.Row]:
        """The first ``wanted`` rows after the row whose sort key is ``cursor``."""
        found: list[sqlite3.Row] = []
        for segment in segments(self.terms, cursor):
            found += self.rows(run, wanted - len(found), 0, segment)
            if len(found) >= wanted:
                break
        return found

    def key(self, row: sqlite3.Row) -> Key:
        return tuple(row[len(row) - len(self.terms):])
