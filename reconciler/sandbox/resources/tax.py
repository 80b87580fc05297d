"""Tax types and their components; a tax type's effective rate is computed from them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import ClassVar

from reconciler.sandbox.errors import Errors
from reconciler.sandbox.resources.base import (
    Context,
    Doc,
    Embedded,
    Field,
    Filter,
    Resource,
    in_filter,
)
from reconciler.sandbox.store import Record
from reconciler.sandbox.values import money, to_decimal


def effective_rate(components: Sequence[Doc]) -> str:
    """Components add; a compound component applies on top of those before it."""
    total = Decimal(0)
    for component in components:
        rate = to_decimal(component.get("rate")) or Decimal(0)
        total += rate * (100 + total) / 100 if component.get("compound") else rate
    return money(total) or "0.0"


class TaxComponents(Resource):
    name = "tax_component"
    plural = "tax_components"
    klass = "TaxComponent"
    statuses = ()
    timestamps = False  # neither the attribute table nor tax_types.yml shows them
    fields = (
        Field("tax_type_id", "int", required=True, update=False),
        Field("position", "int"),
        Field("label"),
        Field("rate", "money", default="0.0"),
        Field("compound", "bool", default=False),
    )
    columns: ClassVar[Mapping[str, str]] = {"tax_type_id": "INTEGER", "position": "INTEGER"}
    filters: ClassVar[Mapping[str, Filter]] = {
        "tax_type_id": in_filter("tax_type_id", integer=True)
    }
    order_columns = frozenset({"id", "created_at", "updated_at", "position"})

    def check(self, ctx: Context, doc: Doc, status: str, record: Record | None) -> Errors:
        parent = doc.get("tax_type_id")
        if record is None and isinstance(parent, int):
            if not ctx.store.count("tax_types", "id = ?", [parent]):
                return {"tax_type": ["must exist"]}
            if doc.get("position") is None:
                doc["position"] = ctx.store.count(self.plural, "tax_type_id = ?", [parent])
        return {}

    def after_write(self, ctx: Context, record: Record) -> None:
        parent = ctx.store.get("tax_types", int(record.doc["tax_type_id"]))
        if parent is not None:
            ctx.resource("tax_types").save(ctx, parent)


_COMPONENTS = Embedded("tax_components", TaxComponents, "tax_type_id")


class TaxTypes(Resource):
    name = "tax_type"
    plural = "tax_types"
    klass = "TaxType"
    timestamps = False  # neither the attribute table nor tax_types.yml shows them
    fields = (Field("name", required=True), Field("code"))
    readonly: ClassVar[Mapping[str, object]] = {
        "imported_from": None,
        "quickbooks_online_id": None,
        "xero_online_id": None,
    }
    columns: ClassVar[Mapping[str, str]] = {"code": "TEXT"}
    filters: ClassVar[Mapping[str, Filter]] = {"code": in_filter("code")}
    order_columns = frozenset({"id", "created_at", "updated_at", "code"})
    index_includes = frozenset({"tax_components"})
    embedded: ClassVar[Embedded | None] = _COMPONENTS

    def present(self, ctx: Context, records: Sequence[Record]) -> list[Doc]:
        by_type = _COMPONENTS.by_parent(ctx, [record.id for record in records])
        result = []
        for record in records:
            components = by_type.get(record.id, [])
            result.append({
                **self.base(record),
                "effective_rate": effective_rate([c.doc for c in components]),
                "tax_component_ids": [c.id for c in components],
            })
        return result
