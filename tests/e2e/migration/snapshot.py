"""An account as natural keys and values: what a migration must carry over, record by record.

Every writable attribute of every kind that gecko-apply manages, read through the API; ids are
replaced by the natural keys of what they name (a price list's currency by its ISO code, a
variant's product by its name, custom prices by list code, a supplier's defaults by name, code
or label, an image by its product's name and its file name), and a variant's place among its
product's variants by its rank. What the API computes or what is not catalogue (ids, timestamps,
stock) is left out.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from tests.e2e.migration.api import Api

Snapshot = dict[str, dict[str, dict[str, Any]]]
"""Kind → natural key → field → value."""

CURRENCY = ("name", "symbol", "rate", "separator", "delimiter", "format", "precision")
LOCATION = ("address1", "address2", "city", "suburb", "state", "zip_code", "country",
            "holds_stock")
PAYMENT_TERM = ("due_in_days", "from")
PRICE_LIST = ("name", "currency_iso", "is_cost", "position")
PRODUCT = ("product_type", "brand", "description", "status", "opt1", "opt2", "opt3", "supplier")
SUPPLIER = ("company_code", "email", "phone_number", "fax", "website", "tax_number",
            "description", "default_discount_rate")
VARIANT = (
    "name", "opt1", "opt2", "opt3", "retail_price", "wholesale_price", "buy_price", "taxable",
    "weight_unit", "upc", "supplier_code", "description", "hs_code", "country_of_origin",
    "keep_selling", "manage_stock", "online_ordering", "sellable", "purchasable", "max_online",
)


def number(value: Any) -> str | None:
    return None if value in (None, "") else format(Decimal(str(value)).normalize(), "f")


def pick(record: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    numeric = {"rate", "retail_price", "wholesale_price", "buy_price", "max_online",
               "default_discount_rate"}
    return {n: number(record.get(n)) if n in numeric else record.get(n) for n in names}


def snapshot(api: Api) -> Snapshot:
    currencies = api.all("currencies")
    iso = {c["id"]: c["iso"] for c in currencies}
    lists = api.all("price_lists")
    codes = {str(p["id"]): p["code"] for p in lists}
    return {
        "currency": {c["iso"]: pick(c, CURRENCY) for c in currencies},
        "location": {loc["label"]: pick(loc, LOCATION) for loc in api.all("locations")},
        "payment_term": {t["name"]: pick(t, PAYMENT_TERM) for t in api.all("payment_terms")},
        "tax_type": tax_types(api),
        "price_list": {p["code"]: {**pick(p, PRICE_LIST), "currency": iso.get(p["currency_id"])}
                       for p in lists},
        "supplier": suppliers(api, codes),
        **catalogue(api, codes),
    }


def suppliers(api: Api, list_codes: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Suppliers with their defaults by natural key (the built-in lists by their ids)."""
    terms = {t["id"]: t["name"] for t in api.all("payment_terms")}
    taxes = {t["id"]: t["code"] for t in api.all("tax_types")}
    labels = {loc["id"]: loc["label"] for loc in api.all("locations")}
    builtin = {"retail": "retail", "wholesale": "wholesale", "buy": "buy"}
    return {
        c["name"]: {
            **pick(c, SUPPLIER),
            "tags": sorted(c["tags"]),
            "default_payment_term": terms.get(c["default_payment_term_id"]),
            "default_tax_type": taxes.get(c["default_tax_type_id"]),
            "default_price_list": {**list_codes, **builtin}.get(str(c["default_price_list_id"])),
            "default_stock_location": labels.get(c["default_stock_location_id"]),
        }
        for c in api.all("companies", company_type="supplier")
    }


def tax_types(api: Api) -> dict[str, dict[str, Any]]:
    components: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for component in api.all("tax_components"):
        components[component["tax_type_id"]].append(component)
    return {
        t["code"]: {
            "name": t["name"],
            "components": [
                (c["label"], number(c["rate"]), bool(c["compound"]))
                for c in sorted(components[t["id"]], key=lambda c: (c["position"], c["id"]))
            ],
        }
        for t in api.all("tax_types")
    }


def catalogue(api: Api, list_codes: dict[str, str]) -> Snapshot:
    products = api.all("products")
    names = {p["id"]: p["name"] for p in products}
    variants = api.all("variants")
    ranks = _ranks(variants)
    skus = {v["id"]: v["sku"] for v in variants}
    return {
        "image": {
            f"{names.get(i['product_id'])}/{i['file_name']}": {
                "variants": sorted(skus[v] for v in i["variant_ids"]), "position": i["position"]
            }
            for i in api.all("images")
        },
        "product": {
            p["name"]: {
                **pick(p, PRODUCT), "tags": sorted((p.get("tags") or "").split(",")),
                "supplier_count": len(p.get("supplier_ids") or []),
            }
            for p in products
        },
        "variant": {
            v["sku"]: {
                **pick(v, VARIANT),
                "product": names.get(v["product_id"]),
                "weight": number(v.get("weight_value") or v.get("weight")),
                "rank": ranks[v["id"]],
                "custom_prices": {
                    list_codes[str(p["price_list_id"])]: number(p["value"])
                    for p in v["variant_prices"]
                    if str(p["price_list_id"]) not in ("retail", "wholesale", "buy")
                },
            }
            for v in variants
        },
    }


def _ranks(variants: list[dict[str, Any]]) -> dict[int, int]:
    siblings: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for variant in variants:
        siblings[variant["product_id"]].append(variant)
    ranks: dict[int, int] = {}
    for group in siblings.values():
        group.sort(key=lambda v: (v["position"] or 0, v["id"]))
        ranks.update({v["id"]: rank for rank, v in enumerate(group, start=1)})
    return ranks


def differences(source: Snapshot, target: Snapshot) -> list[str]:
    """One line per record or field that differs between the two accounts."""
    found: list[str] = []
    for kind in sorted(source.keys() | target.keys()):
        mine, theirs = source.get(kind, {}), target.get(kind, {})
        for key in sorted(mine.keys() | theirs.keys()):
            if key not in theirs or key not in mine:
                side = "source" if key in mine else "target"
                found.append(f"{kind}[{key!r}]: only in the {side}")
                continue
            for name in sorted(mine[key].keys() | theirs[key].keys()):
                before, after = mine[key].get(name), theirs[key].get(name)
                if before != after:
                    found.append(f"{kind}[{key!r}].{name}: {before!r} in the source, {after!r}")
    return found
