"""Variants: prices (built-in lists through their own fields, custom lists through
``variant_prices``), stock from the create-only ``initial_*`` fields, and the product's name,
status and type read through."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, ClassVar

from reconciler.sandbox.errors import Errors, add_error
from reconciler.sandbox.resources.base import (
    Context,
    Doc,
    Field,
    Filter,
    Resource,
    in_filter,
    placeholders,
)
from reconciler.sandbox.resources.price_lists import (
    BUILTIN_IDS,
    custom_price_list_ids,
    price_list_id,
)
from reconciler.sandbox.resources.simple import account_doc
from reconciler.sandbox.store import Record
from reconciler.sandbox.values import (
    Invalid,
    coerce_int,
    coerce_money,
    money,
    quantity,
    to_decimal,
)

WEIGHT_UNITS = ("kg", "gm", "g", "oz", "lb")
_BOOLEANS = {
    "composite": False, "keep_selling": False, "manage_stock": True, "online_ordering": False,
    "purchasable": True, "sellable": True, "taxable": True,
}
_STRINGS = (
    "description", "hs_code", "country_of_origin", "max_online", "name", "opt1", "opt2", "opt3",
    "sku", "supplier_code", "upc",
)


class Variants(Resource):
    name = "variant"
    plural = "variants"
    klass = "Variant"
    index_meta = True  # products.yml, variants.yml: "meta":{"total":N}
    fields = (
        Field("product_id", "int", required=True, update=False),
        Field("default_ledger_account_id", "int"),
        Field("buy_price", "money"),
        Field("retail_price", "money"),
        Field("wholesale_price", "money"),
        Field("position", "int"),
        Field("weight", "money"),
        Field("weight_unit", choices=WEIGHT_UNITS),
        Field("weight_value", "money"),
        Field("image_ids", "ids", default=[]),
        *(Field(name, "bool", default=default) for name, default in _BOOLEANS.items()),
        *(Field(name) for name in _STRINGS),
    )
    readonly: ClassVar[Mapping[str, object]] = {
        "default_cost_of_goods_ledger_id": None, "committed_stock": "0", "incoming_stock": "0",
        "production_committed_stock": "0", "production_incoming_stock": "0", "packsize": False,
        "is_online": False, "last_cost_price": None, "moving_average_cost": None,
        "manufacturable": False, "volume": None, "volume_unit": None, "moq": 0,
        "stock_batchable": False, "initial_cost_price_confirmed": True,
        "current_version_variant_id": None, "_stock": {}, "_prices": {},
    }
    columns: ClassVar[Mapping[str, str]] = {
        "product_id": "INTEGER", "sku": "TEXT", "position": "INTEGER",
    }
    filters: ClassVar[Mapping[str, Filter]] = {
        "product_id": in_filter("product_id", integer=True),
        "sku": in_filter("sku"),
    }
    order_columns = frozenset({"id", "created_at", "updated_at", "sku", "position"})

    def write_extra(
        self, ctx: Context, doc: Doc, payload: Mapping[str, Any], creating: bool, errors: Errors
    ) -> None:
        if "variant_prices" in payload:
            _write_custom_prices(ctx, doc, payload["variant_prices"], errors)
        if creating:
            _write_initial_stock(ctx, doc, payload, errors)

    def check(self, ctx: Context, doc: Doc, status: str, record: Record | None) -> Errors:
        product = doc.get("product_id")
        if record is not None or not isinstance(product, int):
            return {}
        if not ctx.store.count("products", "id = ?", [product]):
            return {"product": ["must exist"]}
        if doc.get("position") is None:
            rows = ctx.store.rows(
                "SELECT COALESCE(MAX(position), 0) FROM variants WHERE product_id = ?", [product]
            )
            doc["position"] = int(rows[0][0]) + 1
        return {}

    def present(self, ctx: Context, records: Sequence[Record]) -> list[Doc]:
        ids = sorted({int(r.doc["product_id"]) for r in records})
        products = {
            p.id: p for p in ctx.store.find("products", f"id IN ({placeholders(ids)})", ids)
        } if ids else {}
        return [_present(self.base(r), r, products.get(int(r.doc["product_id"]))) for r in records]


def _present(base: Doc, record: Record, product: Record | None) -> Doc:
    stock: dict[str, str] = record.doc.get("_stock", {})
    on_hand = quantity(sum((Decimal(v) for v in stock.values()), Decimal(0))) or "0"
    prices = {key: base[f"{key}_price"] for key in BUILTIN_IDS if base.get(f"{key}_price")}
    prices.update(sorted(record.doc.get("_prices", {}).items(), key=lambda kv: int(kv[0])))
    return {
        **base,
        "product_name": product.doc.get("name") if product else None,
        "product_status": product.status if product else None,
        "product_type": product.doc.get("product_type") if product else None,
        "stock_on_hand": on_hand,
        "available_stock": on_hand,
        "total_committed_stock": "0",
        "total_incoming_stock": "0",
        "variant_prices": [{"price_list_id": k, "value": v} for k, v in prices.items()],
        "locations": [_location(int(loc), qty) for loc, qty in stock.items()],
        "prices": prices,
        "stock_levels": {loc: money(Decimal(qty)) for loc, qty in stock.items()},
        "committed_stock_levels": {},
    }


def _location(location_id: int, on_hand: str) -> Doc:
    # incoming and the production figures are numbers in the newest recording
    # (composition_sideloading_at_fcd28af.yml), unlike the other quantities.
    return {
        "location_id": location_id, "stock_on_hand": on_hand, "committed": "0",
        "incoming": 0, "bin_location": None, "reorder_point": None, "lead_time": None,
        "safety_stock": None, "stock_cover": None, "production_committed": 0,
        "production_incoming": 0, "available": on_hand,
    }


def _write_custom_prices(ctx: Context, doc: Doc, items: object, errors: Errors) -> None:
    """Upsert custom list prices by price list id; built-in lists are ignored here."""
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        add_error(errors, "variant_prices", "is invalid")
        return
    prices: dict[str, str] = dict(doc.get("_prices", {}))
    known = custom_price_list_ids(ctx)
    for item in items:
        try:
            list_id = price_list_id(item.get("price_list_id"))
            value = coerce_money(item.get("value"))
        except Invalid as exc:
            add_error(errors, "variant_prices", str(exc))
            continue
        if list_id in BUILTIN_IDS:
            continue
        if int(list_id) not in known:
            add_error(errors, "variant_prices", f"price list {list_id} does not exist")
        elif value is None:
            prices.pop(list_id, None)
        else:
            prices[list_id] = value
    doc["_prices"] = prices


def _write_initial_stock(
    ctx: Context, doc: Doc, payload: Mapping[str, Any], errors: Errors
) -> None:
    try:
        level = to_decimal(payload.get("initial_stock_level"))
        cost = to_decimal(payload.get("initial_cost_price"))
        location = coerce_int(payload.get("initial_stock_location_id"))
    except Invalid as exc:
        add_error(errors, "initial_stock_level", str(exc))
        return
    if cost is not None:
        doc["last_cost_price"] = money(cost)
        doc["moving_average_cost"] = quantity(cost)
    if location is None:
        location = account_doc(ctx).get("primary_location_id")
    elif not ctx.store.count("locations", "id = ? AND status = 'active'", [location]):
        add_error(errors, "initial_stock_location_id", "is invalid")
        return
    if level is not None and location is not None:
        doc["_stock"] = {str(location): quantity(level)}
