"""Products: created with embedded variants, listed with ``include=variants`` sideloaded.

Archiving a product archives its live variants; restoring it restores those same variants.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, ClassVar

from reconciler.sandbox.errors import Errors, add_error
from reconciler.sandbox.resources.base import (
    Context,
    Doc,
    Embedded,
    Field,
    Filter,
    Resource,
    in_filter,
    placeholders,
)
from reconciler.sandbox.resources.companies import supplier_names
from reconciler.sandbox.resources.variants import Variants
from reconciler.sandbox.store import Record
from reconciler.sandbox.values import quantity

PRODUCT_STATUSES = ("active", "disabled")
_LIVE = "status != 'archived'"
_VARIANTS = Embedded("variants", Variants, "product_id", first_position=1, where=_LIVE)


def _tags_filter(values: list[str]) -> tuple[str, list[object]]:
    tags = [tag.strip().lower() for value in values for tag in value.split(",") if tag.strip()]
    return "(" + " OR ".join("tags LIKE ?" for _ in tags) + ")", [f"%,{t},%" for t in tags]


def _sku_filter(values: list[str]) -> tuple[str, list[object]]:
    return (
        f"id IN (SELECT product_id FROM variants WHERE {_LIVE}"
        f" AND sku IN ({placeholders(values)}))",
        list(values),
    )


def _search_filter(values: list[str]) -> tuple[str, list[object]]:
    pattern = f"%{values[0]}%"
    return (
        "(name LIKE ? OR id IN (SELECT product_id FROM variants WHERE " + _LIVE
        + " AND (sku LIKE ? OR json_extract(doc, '$.name') LIKE ?)))",
        [pattern, pattern, pattern],
    )


class Products(Resource):
    name = "product"
    plural = "products"
    klass = "Product"
    embedded: ClassVar[Embedded | None] = _VARIANTS
    index_meta = True  # products.yml, variants.yml: "meta":{"total":N}
    fields = (
        Field("brand"),
        Field("description"),
        Field("name", required=True),
        Field("opt1"),
        Field("opt2"),
        Field("opt3"),
        Field("product_type"),
        Field("supplier"),
        Field("supplier_ids", "ids", default=[]),
        Field("image_ids", "ids", default=[], create=False),
        Field("tags", "tags"),
        Field("vendor"),
    )
    readonly: ClassVar[Mapping[str, object]] = {"image_url": None}
    columns: ClassVar[Mapping[str, str]] = {
        "name": "TEXT", "brand": "TEXT", "product_type": "TEXT", "tags": "TEXT",
    }
    default_statuses = ("active", "disabled")
    writable_statuses = PRODUCT_STATUSES
    status_is_enum = True
    filters: ClassVar[Mapping[str, Filter]] = {
        "brand": in_filter("brand"),
        "product_type": in_filter("product_type"),
        "tags": Filter(_tags_filter),
        "sku": Filter(_sku_filter),
        "q": Filter(_search_filter),
    }
    order_columns = frozenset({"id", "created_at", "updated_at", "name"})

    def column_values(self, doc: Doc) -> dict[str, object]:
        tags = doc.get("tags")
        return {
            "name": doc.get("name"),
            "brand": doc.get("brand"),
            "product_type": doc.get("product_type"),
            "tags": f",{tags.lower()}," if tags else None,
        }

    def write_extra(
        self, ctx: Context, doc: Doc, payload: Mapping[str, Any], creating: bool, errors: Errors
    ) -> None:
        super().write_extra(ctx, doc, payload, creating, errors)
        ids = doc.get("supplier_ids") or []
        if "supplier_ids" in payload and len(supplier_names(ctx, ids)) != len(set(ids)):
            add_error(errors, "supplier_ids", "is invalid")

    def initial_status(self, payload: Mapping[str, Any], errors: Errors) -> str:
        status = payload.get("status")
        if status in (None, ""):
            return "active"
        if status not in PRODUCT_STATUSES:
            add_error(errors, "status", "is not included in the list")
            return "active"
        return str(status)

    def after_archive(self, ctx: Context, record: Record) -> None:
        variants = Variants()
        for variant in ctx.store.find("variants", f"product_id = ? AND {_LIVE}", [record.id]):
            variant.status = "archived"
            variant.doc["_archived_with_product"] = True
            variants.save(ctx, variant)

    def after_restore(self, ctx: Context, record: Record) -> None:
        variants = Variants()
        for variant in ctx.store.find("variants", "product_id = ?", [record.id]):
            if variant.doc.pop("_archived_with_product", False):
                variant.status = "active"
                variants.save(ctx, variant)

    def present(self, ctx: Context, records: Sequence[Record]) -> list[Doc]:
        by_product = _VARIANTS.by_parent(ctx, [record.id for record in records])
        suppliers = supplier_names(ctx, sorted({i for r in records for i in _supplier_ids(r)}))
        result = []
        for record in records:
            variants = by_product.get(record.id, [])
            stock = sum(
                (Decimal(q) for v in variants for q in v.doc.get("_stock", {}).values()),
                Decimal(0),
            )
            words = [w for v in variants for w in (v.doc.get("sku"), v.doc.get("name")) if w]
            result.append({
                **self.base(record),
                "quantity": quantity(stock),
                "search_cache": " ".join(words),
                "variant_ids": [v.id for v in variants],
                **_supplier(record, suppliers),
            })
        return result


def _supplier_ids(record: Record) -> list[int]:
    return list(record.doc.get("supplier_ids") or [])


def _supplier(record: Record, names: Mapping[int, str]) -> Doc:
    """The deprecated ``supplier`` text names the first of ``supplier_ids`` when there is one."""
    ids = _supplier_ids(record)
    return {"supplier": names[ids[0]]} if ids and ids[0] in names else {}
