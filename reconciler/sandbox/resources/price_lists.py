"""Price lists: three built-in lists with string ids, and custom lists with integer ids."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from reconciler.sandbox.errors import Errors, NotFound
from reconciler.sandbox.resources.base import (
    Context,
    Doc,
    Field,
    Resource,
    int_param,
    placeholders,
)
from reconciler.sandbox.store import Record
from reconciler.sandbox.values import Invalid

BUILTIN_IDS = ("retail", "wholesale", "buy")


def custom_price_list_ids(ctx: Context) -> set[int]:
    rows = ctx.store.rows("SELECT id FROM price_lists WHERE builtin IS NULL")
    return {int(row[0]) for row in rows}


class PriceLists(Resource):
    name = "price_list"
    plural = "price_lists"
    klass = "PriceList"
    # The attribute table and every documented answer lack status and timestamps, and the early
    # docs' "Delete a price list" deletes it (early-docs/2013-01-17-price-list.md).
    statuses = ()
    timestamps = False
    fields = (
        Field("code"),
        Field("name"),
        Field("currency_id", "int", required=True),
        Field("is_cost", "bool", default=False),
        Field("position", "int"),
    )
    columns: ClassVar[Mapping[str, str]] = {"builtin": "TEXT", "code": "TEXT"}
    order_columns = frozenset({"id", "created_at", "updated_at", "code"})

    def column_values(self, doc: Doc) -> dict[str, object]:
        return {"builtin": doc.get("_builtin"), "code": doc.get("code")}

    def lookup(self, ctx: Context, id_text: str) -> Record:
        if id_text in BUILTIN_IDS:
            found = ctx.store.find(self.plural, "builtin = ?", [id_text], limit=1)
        else:
            try:
                found = ctx.store.find(
                    self.plural, "id = ? AND builtin IS NULL", [int_param(id_text)], limit=1
                )
            except Invalid:
                found = []
        if not found:
            raise NotFound(f"Couldn't find PriceList with 'id'={id_text}")
        return found[0]

    def ids_filter(self, values: list[str]) -> tuple[str, list[object]]:
        names = [v for v in values if v in BUILTIN_IDS]
        numbers: list[object] = [int_param(v) for v in values if v not in BUILTIN_IDS]
        clauses = []
        if names:
            clauses.append(f"builtin IN ({placeholders(names)})")
        if numbers:
            clauses.append(f"(builtin IS NULL AND id IN ({placeholders(numbers)}))")
        return "(" + " OR ".join(clauses) + ")", [*names, *numbers]

    def public_id(self, record: Record) -> int | str:
        builtin = record.doc.get("_builtin")
        return str(builtin) if builtin else record.id

    def check(self, ctx: Context, doc: Doc, status: str, record: Record | None) -> Errors:
        currency = doc.get("currency_id")
        if not ctx.store.count("currencies", "id = ? AND status = 'active'", [currency]):
            return {"currency_id": ["is invalid"]}
        if record is None and doc.get("position") is None:
            rows = ctx.store.rows(
                "SELECT COUNT(*) FROM price_lists WHERE builtin IS NULL"
            )
            doc["position"] = int(rows[0][0]) + 1
        return {}

    def can_archive(self, ctx: Context, record: Record) -> Errors:
        if record.doc.get("_builtin"):
            return {"base": ["built-in price lists cannot be archived"]}
        return {}

    def after_delete(self, ctx: Context, record: Record) -> None:
        """The list's prices go with it; the variants themselves are not touched."""
        path = f'$._prices."{record.id}"'
        ctx.store.execute(
            "UPDATE variants SET doc = json_remove(doc, ?) WHERE json_extract(doc, ?) IS NOT NULL",
            [path, path],
        )

    def present(self, ctx: Context, records: Sequence[Record]) -> list[Doc]:
        ids = sorted({int(r.doc["currency_id"]) for r in records if r.doc.get("currency_id")})
        currencies = {
            c.id: c.doc
            for c in ctx.store.find("currencies", f"id IN ({placeholders(ids)})", ids)
        } if ids else {}
        result = []
        for record in records:
            currency = currencies.get(record.doc.get("currency_id") or 0, {})
            builtin = bool(record.doc.get("_builtin"))
            result.append({
                "id": self.public_id(record),
                "code": record.doc.get("code"),
                "name": record.doc.get("name"),
                "currency_id": record.doc.get("currency_id"),
                "currency_iso": currency.get("iso"),
                "currency_symbol": currency.get("symbol"),
                "is_cost": bool(record.doc.get("is_cost")),
                "is_default": True if builtin else None,
                "position": None if builtin else record.doc.get("position"),
            })
        return result


def price_list_id(value: object) -> str:
    """A price list id as written in ``variant_prices`` (integer or string), as a string."""
    if isinstance(value, str) and value.strip() in BUILTIN_IDS:
        return value.strip()
    if isinstance(value, (int, str)) and not isinstance(value, bool):
        return str(int_param(str(value)))
    raise Invalid("is invalid")


def builtin_doc(code: str, name: str, builtin: str, currency_id: int) -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "currency_id": currency_id,
        "is_cost": builtin == "buy",
        "position": None,
        "_builtin": builtin,
    }
