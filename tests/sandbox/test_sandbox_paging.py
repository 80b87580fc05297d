"""Pages read from where the previous one ended: the same answers as ``OFFSET``, at a cost that
does not grow with the page number."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconciler.sandbox import create_app
from reconciler.sandbox.paging import parse_order
from reconciler.sandbox.store import Store, Table

from .helpers import make_client, sandbox_of

ORDERS = [
    "created_at DESC, id DESC",
    "created_at ASC, id ASC",
    "sku ASC, id ASC",
    "sku DESC, id DESC",
    "position DESC, created_at ASC, id ASC",
    "updated_at DESC, sku ASC, id ASC",
]
STATUSES = ["active", "archived", "disabled"]


def build(rows: list[tuple[str, str | None, int | None]]) -> Store:
    """A store of variants-like rows (status, sku, position); timestamps repeat on purpose."""
    store = Store(":memory:", [Table("things", {"sku": "TEXT", "position": "INTEGER"})])
    for number, (status, sku, position) in enumerate(rows):
        stamp = f"2026-01-01T00:00:0{number % 3}.000Z"
        store.insert("things", status, {"n": number}, {"sku": sku, "position": position},
                     stamp=stamp)
    return store


def offsets(store: Store, where: str, args: list[Any], order: str, limit: int) -> list[Any]:
    total = store.count("things", where, args)
    return [
        [r.id for r in store.find("things", where, args, order=order, limit=limit,
                                  offset=start)]
        for start in range(0, total + limit, limit)
    ]


def pages(store: Store, where: str, args: list[Any], order: str, *, limit: int,
          numbers: list[int]) -> dict[int, list[int]]:
    return {
        number: [r.id for r in store.page("things", where, args, order=order, limit=limit,
                                          offset=number * limit)]
        for number in numbers
    }


row = st.tuples(st.sampled_from(STATUSES), st.one_of(st.none(), st.sampled_from("abcde")),
                st.one_of(st.none(), st.integers(0, 3)))


@settings(max_examples=60, deadline=None)
@given(st.lists(row, max_size=60), st.sampled_from(ORDERS), st.integers(1, 7), st.randoms())
def test_pages_in_any_order_equal_offset_pages(
    rows: list[tuple[str, str | None, int | None]], order: str, limit: int, rng: random.Random
) -> None:
    store = build(rows)
    where, args = "status IN (?, ?)", ["active", "disabled"]
    expected = dict(enumerate(offsets(store, where, args, order, limit)))
    numbers = list(expected)
    assert pages(store, where, args, order, limit=limit, numbers=numbers) == expected
    rng.shuffle(numbers)  # as several pages in flight may arrive
    assert pages(store, where, args, order, limit=limit, numbers=numbers) == expected


def test_a_write_between_pages_gives_the_shifted_offset_answer() -> None:
    store = build([("active", f"s{i:02}", i) for i in range(30)])
    order, where = "created_at DESC, id DESC", "status = ?"
    first = pages(store, where, ["active"], order, limit=10, numbers=[0])
    store.insert("things", "active", {"n": 99}, {"sku": "new", "position": 0},
                 stamp="2026-01-02T00:00:00.000Z")
    second = pages(store, where, ["active"], order, limit=10, numbers=[1])
    assert first[0][0] == 30
    assert second[1] == offsets(store, where, ["active"], order, 10)[1]
    assert second[1][0] == first[0][-1]  # the newest record pushed the tenth onto page 2


def test_orders_the_index_parser_does_not_produce_fall_back_to_offset() -> None:
    assert parse_order("created_at DESC, id DESC") is not None
    assert parse_order("lower(sku) ASC, id ASC") is None
    assert parse_order("created_at DESC") is None


def test_the_last_page_costs_what_the_first_costs() -> None:
    store = build([("active", f"s{i:05}", i % 50) for i in range(5000)])
    steps = {"count": 0}

    def tick() -> int:
        steps["count"] += 1
        return 0

    store._conn.set_progress_handler(tick, 100)
    cost = []
    for order in ("created_at DESC, id DESC", "sku DESC, id DESC", "position ASC, id ASC"):
        for number in range(20):
            steps["count"] = 0
            store.page("things", "status IN (?, ?, ?)", STATUSES, order=order, limit=250,
                       offset=number * 250)
            cost.append((order, number, steps["count"]))
    for order in {c[0] for c in cost}:
        first, last = (c[2] for c in cost if c[0] == order and c[1] in (1, 19))
        assert last <= first * 1.5 + 20, (order, first, last)


@pytest.fixture
def twin_apps(tmp_path: Path) -> Iterator[tuple[Any, Any]]:
    db = tmp_path / "sandbox.sqlite"
    first = create_app(db, rate_limit=None, seed="empty")
    sandbox_of(first).bulk_insert("products", [
        {"name": f"P{i:03}", "variants": [{"sku": f"P{i:03}-{j}", "name": f"v{j}"}
                                          for j in range(3)]}
        for i in range(140)
    ])
    second = create_app(db, rate_limit=None, seed="empty")
    yield first, second
    sandbox_of(first).close()
    sandbox_of(second).close()


@pytest.mark.parametrize("path,params", [
    ("/variants", {}),
    ("/variants", {"order": "sku desc"}),
    ("/products", {"status[]": STATUSES, "include": "variants"}),
    ("/products", {"order": "name asc"}),
])
def test_http_answers_are_the_offset_answers(twin_apps: tuple[Any, Any], path: str,
                                             params: dict[str, Any]) -> None:
    """One sandbox reads pages front to back (from cursors), its twin on the same database
    back to front (each by OFFSET): every answer is the same."""
    forward, backward = (make_client(app) for app in twin_apps)
    numbers = range(1, 10)
    ahead = [forward.get(path, params={**params, "limit": 50, "page": n}) for n in numbers]
    behind = [backward.get(path, params={**params, "limit": 50, "page": n})
              for n in reversed(numbers)][::-1]
    assert [a.json() for a in ahead] == [b.json() for b in behind]
    assert [a.headers["x-pagination"] for a in ahead] == [b.headers["x-pagination"]
                                                          for b in behind]
    assert sum(len(a.json()[path[1:]]) for a in ahead) == (420 if path == "/variants" else 140)
