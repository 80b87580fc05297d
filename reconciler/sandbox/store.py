"""SQLite storage: one table per resource, each record a JSON document plus indexed columns.

Every table has ``id``, ``status``, ``created_at``, ``updated_at`` and ``doc`` (the stored
attributes as JSON); a resource adds the columns its filters and ordering need. Every column an
index may be ordered by has an index, and pages of an index are read from where the previous
page ended (``paging``), so reading N records page by page costs N rows, not N²/limit. One
connection is shared by all threads and guarded by a re-entrant lock; file databases use WAL so
a second process (or a restarted server) reads a consistent state.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Hashable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reconciler.sandbox.paging import MAX_QUERIES, Cursors, Ordered, parse_order
from reconciler.sandbox.values import format_ms

_TIMESTAMP_PARSE = "%Y-%m-%dT%H:%M:%S.%fZ"
_ANALYZE_EVERY = 250
_RECORD = "id, status, created_at, updated_at, doc"


@dataclass(frozen=True)
class Table:
    name: str
    columns: Mapping[str, str] = field(default_factory=dict)


@dataclass
class Record:
    id: int
    status: str
    created_at: str
    updated_at: str
    doc: dict[str, Any]


class Store:
    def __init__(self, path: str | Path, tables: Sequence[Table]) -> None:
        self.path = str(path)
        self.lock = threading.RLock()
        self._depth = 0
        self._fixed: str | None = None
        self._tables = {table.name: table for table in tables}
        self._conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA busy_timeout = 10000")
        if self.path != ":memory:":
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = NORMAL")
        with self.transaction():
            self._create_schema()
            self._conn.execute("ANALYZE")
        self._inserted = 0
        self._last_ms = self._load_last_ms()
        self._cursors = Cursors()
        self._totals: OrderedDict[Hashable, int] = OrderedDict()

    def close(self) -> None:
        with self.lock:
            self._conn.close()

    def _create_schema(self) -> None:
        run = self._conn.execute
        run("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        run(
            "CREATE TABLE IF NOT EXISTS idempotency (key TEXT PRIMARY KEY, fingerprint TEXT"
            " NOT NULL, status INTEGER NOT NULL, headers TEXT NOT NULL, body BLOB NOT NULL,"
            " created REAL NOT NULL)"
        )
        for table in self._tables.values():
            extra = "".join(f", {name} {kind}" for name, kind in table.columns.items())
            run(
                f"CREATE TABLE IF NOT EXISTS {table.name} (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                f" status TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
                f" doc TEXT NOT NULL{extra})"
            )
            run(f"CREATE INDEX IF NOT EXISTS {table.name}_by_status"
                f" ON {table.name} (status, created_at)")
            for stamp in ("created_at", "updated_at"):  # orders; each index ends in the id
                run(f"CREATE INDEX IF NOT EXISTS {table.name}_by_{stamp} ON {table.name} ({stamp})")
            for name in table.columns:
                run(f"CREATE INDEX IF NOT EXISTS {table.name}_by_{name} ON {table.name} ({name})")

    def _load_last_ms(self) -> int:
        latest = 0
        for table in self._tables:
            row = self._conn.execute(f"SELECT MAX(updated_at) FROM {table}").fetchone()
            if row[0]:
                moment = datetime.strptime(row[0], _TIMESTAMP_PARSE).replace(tzinfo=UTC)
                latest = max(latest, round(moment.timestamp() * 1000))
        return latest

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing; nested use is a savepoint, so a failed inner step undoes only itself."""
        with self.lock:
            savepoint = f"sp{self._depth}"
            self._conn.execute("BEGIN IMMEDIATE" if self._depth == 0 else f"SAVEPOINT {savepoint}")
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                if self._depth == 0:
                    self._conn.execute("ROLLBACK")
                else:
                    self._conn.execute(f"ROLLBACK TO {savepoint}")
                    self._conn.execute(f"RELEASE {savepoint}")
                raise
            self._depth -= 1
            self._conn.execute("COMMIT" if self._depth == 0 else f"RELEASE {savepoint}")

    @contextmanager
    def one_stamp(self) -> Iterator[None]:
        """Give every write inside the same timestamp (bulk loading)."""
        with self.lock:
            self._fixed = self.stamp()
            try:
                yield
            finally:
                self._fixed = None

    def stamp(self) -> str:
        """A timestamp later than every one given before, so each write changes updated_at."""
        with self.lock:
            if self._fixed:
                return self._fixed
            self._last_ms = max(int(time.time() * 1000), self._last_ms + 1)
            return format_ms(self._last_ms)

    def rows(self, sql: str, args: Sequence[object] = ()) -> list[sqlite3.Row]:
        with self.lock:
            return self._conn.execute(sql, tuple(args)).fetchall()

    def execute(self, sql: str, args: Sequence[object] = ()) -> int:
        with self.lock:
            cursor = self._conn.execute(sql, tuple(args))
            return cursor.lastrowid or 0

    def query(self, sql: str, params: Sequence[object] = ()) -> list[dict[str, Any]]:
        """Run a read-only query (for tests and diagnostics) and return plain dicts."""
        with self.lock:
            self._conn.execute("PRAGMA query_only = ON")
            try:
                return [dict(row) for row in self._conn.execute(sql, tuple(params)).fetchall()]
            finally:
                self._conn.execute("PRAGMA query_only = OFF")

    def get_meta(self, key: str) -> str | None:
        found = self.rows("SELECT value FROM meta WHERE key = ?", [key])
        return str(found[0][0]) if found else None

    def set_meta(self, key: str, value: str) -> None:
        self.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [key, value])

    def insert(
        self,
        table: str,
        status: str,
        doc: Mapping[str, Any],
        columns: Mapping[str, object],
        stamp: str | None = None,
    ) -> Record:
        now = stamp or self.stamp()
        names = ["status", "created_at", "updated_at", "doc", *columns]
        marks = ", ".join("?" for _ in names)
        values = [status, now, now, json.dumps(doc), *columns.values()]
        with self.lock:
            new_id = self.execute(
                f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})", values
            )
            self._inserted += 1
            if self._inserted % _ANALYZE_EVERY == 0:
                # Fresh statistics keep the planner on the selective index (sku, product_id)
                # rather than the one that avoids sorting; ANALYZE takes milliseconds here.
                self._conn.execute("ANALYZE")
        return Record(new_id, status, now, now, dict(doc))

    def update(
        self, table: str, record: Record, columns: Mapping[str, object]
    ) -> Record:
        """Write a record back with a new updated_at."""
        record.updated_at = self.stamp()
        assignments = ", ".join(f"{name} = ?" for name in ["status", "updated_at", "doc", *columns])
        values = [record.status, record.updated_at, json.dumps(record.doc), *columns.values()]
        self.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", [*values, record.id])
        return record

    def delete(self, table: str, record_id: int) -> None:
        self.execute(f"DELETE FROM {table} WHERE id = ?", [record_id])

    def get(self, table: str, record_id: int) -> Record | None:
        found = self.find(table, "id = ?", [record_id], limit=1)
        return found[0] if found else None

    def find(
        self,
        table: str,
        where: str = "1 = 1",
        args: Sequence[object] = (),
        *,
        order: str = "id DESC",
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Record]:
        sql = f"SELECT {_RECORD} FROM {table} WHERE {where}"
        sql += f" ORDER BY {order}"
        params = list(args)
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return [
            Record(row[0], row[1], row[2], row[3], json.loads(row[4]))
            for row in self.rows(sql, params)
        ]

    def count(self, table: str, where: str = "1 = 1", args: Sequence[object] = ()) -> int:
        return int(self.rows(f"SELECT COUNT(*) FROM {table} WHERE {where}", args)[0][0])

    def page(
        self, table: str, where: str, args: Sequence[object], *, order: str, limit: int,
        offset: int,
    ) -> list[Record]:
        """``find(..., limit=limit, offset=offset)``, started where an earlier page of the same
        query ended when the database has not changed since (see ``paging``)."""
        terms = parse_order(order)
        if terms is None:
            return self.find(table, where, args, order=order, limit=limit, offset=offset)
        query = Ordered(table, where, tuple(args), order, tuple(terms), _RECORD)
        with self.lock:
            known = self._cursors.positions(query, self._version())
            start = max((position for position in known if position <= offset), default=0)
            if start == 0:
                rows = query.rows(self._run, limit, offset)
            else:
                rows = query.after(self._run, known[start], offset - start + limit)
                rows = rows[offset - start:]
            if rows:
                known[offset + len(rows)] = query.key(rows[-1])
        return [Record(row[0], row[1], row[2], row[3], json.loads(row[4])) for row in rows]

    def total(self, table: str, where: str = "1 = 1", args: Sequence[object] = ()) -> int:
        """``count``, remembered until the database changes (every page of a read asks)."""
        with self.lock:
            key = (self._version(), table, where, tuple(args))
            if key not in self._totals:
                self._totals[key] = self.count(table, where, args)
                while len(self._totals) > MAX_QUERIES:
                    self._totals.popitem(last=False)
            return self._totals[key]

    def _version(self) -> Hashable:
        """Changes whenever any row changes, here or through another connection."""
        other = self._conn.execute("PRAGMA data_version").fetchone()[0]
        return self._conn.total_changes, other

    def _run(self, sql: str, args: Sequence[object]) -> list[sqlite3.Row]:
        return self._conn.execute(sql, tuple(args)).fetchall()
