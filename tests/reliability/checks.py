"""Checking that a reconciled account holds what its configuration declares, and nothing twice.

Reads the sandbox's database directly (``Sandbox.query``), not through the API the engine uses:
no key held by two active records, no declared key ever held by two records (a duplicate
created and archived again), every declared value present, undeclared variants archived, and
the plan made afterwards empty.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from reconciler.engine.service import Planned

Record = dict[str, Any]


@dataclass
class Expected:
    """What the account must hold once the configuration is applied."""

    locations: dict[str, Record] = field(default_factory=dict)      # label -> fields
    price_lists: dict[str, Record] = field(default_factory=dict)    # code -> fields
    products: dict[str, Record] = field(default_factory=dict)       # name -> fields
    variants: dict[str, Record] = field(default_factory=dict)       # sku -> fields (+ product)
    archived_skus: set[str] = field(default_factory=set)
    restored: list[str] = field(default_factory=list)               # addresses restored


# --- checking the account -----------------------------------------------------------------------


@dataclass
class Verdict:
    duplicates: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    remaining_changes: list[str] = field(default_factory=list)

    @property
    def converged(self) -> bool:
        return not self.remaining_changes

    @property
    def ok(self) -> bool:
        return self.converged and not self.duplicates and not self.lost

    def describe(self) -> str:
        return "; ".join(
            f"{what}: {items}" for what, items in (
                ("remaining changes", self.remaining_changes),
                ("duplicates", self.duplicates),
                ("lost changes", self.lost),
            ) if items
        ) or "converged"


Query = Callable[[str], list[dict[str, Any]]]

_KEYS = (
    ("variants", "sku", "sku", "status = 'active'"),
    ("products", "name", "name", "status != 'archived'"),
    ("locations", "label", "label", "status = 'active'"),
    ("price_lists", "UPPER(code)", "code", "status = 'active'"),
    ("payment_terms", "name", "name", "status = 'active'"),
    ("tax_types", "code", "code", "status = 'active'"),
)


def find_duplicates(query: Query, expected: Expected) -> list[str]:
    """Keys held by two active records, and declared keys held by more than one record ever."""
    problems = []
    for table, key, label, active in _KEYS:
        rows = query(f"SELECT {key} AS k, COUNT(*) AS n FROM {table} WHERE {active}"
                     f" AND {key} IS NOT NULL GROUP BY {key} HAVING COUNT(*) > 1")
        problems += [f"{table}.{label} {row['k']!r} x{row['n']} active" for row in rows]
    declared = {
        ("variants", "sku"): set(expected.variants) | expected.archived_skus,
        ("products", "name"): set(expected.products),
        ("locations", "label"): set(expected.locations),
        ("price_lists", "UPPER(code)"): set(expected.price_lists),
    }
    for (table, key), keys in declared.items():
        rows = query(f"SELECT {key} AS k, COUNT(*) AS n FROM {table} WHERE {key} IS NOT NULL"
                     f" GROUP BY {key} HAVING COUNT(*) > 1")
        problems += [f"{table} {row['k']!r} x{row['n']} in all" for row in rows
                     if row["k"] in keys]
    return problems


def find_lost(query: Query, expected: Expected) -> list[str]:
    """Declared values missing from the account (and the undeclared variant not archived)."""
    lost: list[str] = []
    rows = _rows(query, "locations")
    for label, fields in expected.locations.items():
        lost += _compare_fields(f"location {label}", _one(rows, "label", label),
                                fields, ("address1", "city", "country", "holds_stock"))
    rows = _rows(query, "price_lists")
    lists_by_code = {str(r["code"]).upper(): r for r in rows if r["status"] == "active"}
    for code, fields in expected.price_lists.items():
        lost += _compare_fields(f"price list {code}", _one(rows, "code", code, upper=True),
                                fields, ("name", "is_cost"))
    rows = _rows(query, "products")
    products_by_id = {r["id"]: r for r in rows}
    for name, fields in expected.products.items():
        record = _one(rows, "name", name, also="disabled")
        lost += _compare_fields(f"product {name}", record, fields, ("brand", "product_type"))
        if record is not None and "tags" in fields:
            tags = sorted(t for t in str(record.get("tags") or "").split(",") if t)
            if tags != sorted(fields["tags"]):
                lost.append(f"product {name}: tags {tags} != {sorted(fields['tags'])}")
    rows = _rows(query, "variants")
    for sku, fields in expected.variants.items():
        record = _one(rows, "sku", sku)
        if record is None:
            lost.append(f"variant {sku}: no active record")
            continue
        parent = products_by_id.get(record.get("product_id"))
        if parent is None or parent["name"] != fields["product"]:
            lost.append(f"variant {sku}: under {parent and parent['name']!r}, "
                        f"not {fields['product']!r}")
        lost += _compare_fields(f"variant {sku}", record, fields, ("name", "opt1", "weight"))
        lost += _compare_prices(sku, record, fields["prices"], lists_by_code)
    for sku in expected.archived_skus:
        active = [r for r in rows if r.get("sku") == sku and r["status"] != "archived"]
        if active:
            lost.append(f"variant {sku}: undeclared but still {active[0]['status']}")
    return lost


def _rows(query: Query, table: str) -> list[Record]:
    return [{**json.loads(row["doc"]), "id": row["id"], "status": row["status"]}
            for row in query(f"SELECT id, status, doc FROM {table}")]


def _one(rows: list[Record], key: str, value: str, *, upper: bool = False,
         also: str = "active") -> Record | None:
    def same(found: Any) -> bool:
        return str(found).upper() == value.upper() if upper else bool(found == value)
    matches = [r for r in rows if same(r.get(key)) and r["status"] in ("active", also)]
    return matches[0] if len(matches) == 1 else None


def _same(expected: Any, found: Any) -> bool:
    if isinstance(expected, bool) or isinstance(found, bool):
        return str(expected).lower() == str(found).lower()
    if isinstance(expected, int | float):
        try:
            return Decimal(str(expected)) == Decimal(str(found))
        except ArithmeticError:
            return False
    return bool(str(expected).strip() == str(found).strip())


def _compare_fields(what: str, record: Record | None, fields: Record,
                    names: tuple[str, ...]) -> list[str]:
    if record is None:
        return [f"{what}: not exactly one active record"]
    return [f"{what}: {name} {record.get(name)!r} != {fields[name]!r}"
            for name in names if name in fields and not _same(fields[name], record.get(name))]


_BUILTIN_PRICES = {"retail": "retail_price", "wholesale": "wholesale_price", "buy": "buy_price"}


def _compare_prices(sku: str, record: Record, prices: Record,
                    lists_by_code: dict[str, Record]) -> list[str]:
    lost = []
    custom = record.get("_prices") or {}
    for code, value in prices.items():
        if code in _BUILTIN_PRICES:
            found = record.get(_BUILTIN_PRICES[code])
        else:
            price_list = lists_by_code.get(code.upper())
            found = custom.get(str(price_list["id"])) if price_list else None
        if found is None or not _same(value, found):
            lost.append(f"variant {sku}: price {code} {found!r} != {value!r}")
    return lost


def verdict(query: Query, expected: Expected, final_plan: Planned | None) -> Verdict:
    result = Verdict()
    if final_plan is not None:
        result.remaining_changes = [f"{c.action.value} {c.address}"
                                    for c in final_plan.plan.changes]
    result.duplicates = find_duplicates(query, expected)
    result.lost = find_lost(query, expected)
    return result
