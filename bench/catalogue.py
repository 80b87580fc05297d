"""A generated catalogue of P products with V variants each, as a directory of YAML files.

Besides the products (``products/products-NNN.yaml``, 100 products a file), the catalogue
declares three locations, two payment terms, two tax types, three custom price lists and five
suppliers (each product names one), and each
variant carries a price on every list (the built-in retail, wholesale and buy, and the custom
VIP, TRADE and EXPORT). Variants share their defaults through a merge key (``<<: *variant``).

A *price change* raises the retail price of chosen variants: ``bumps`` maps a variant's index
(``product * V + variant``) to the amount added. ``spread(total, percent)`` chooses an evenly
spaced share of the variants, so that 1% (every 100th) is contained in 10% (every 10th).

``api_products`` gives the same products as API bodies (variants embedded), for seeding the
sandbox with its bulk insert instead of one POST per product.

    python bench/catalogue.py OUT_DIR --products 2000 --variants 5
"""

from __future__ import annotations

import argparse
import math
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

PRODUCTS_PER_FILE = 100

LOCATIONS: tuple[dict[str, Any], ...] = (
    {"label": "Bench Warehouse North", "address1": "1 North Road", "city": "Singapore",
     "zip_code": "738001", "country": "SG", "holds_stock": True},
    {"label": "Bench Warehouse South", "address1": "2 South Road", "city": "Singapore",
     "zip_code": "099001", "country": "SG", "holds_stock": True},
    {"label": "Bench Office", "address1": "3 Market Street", "city": "Singapore",
     "zip_code": "048001", "country": "SG", "holds_stock": False},
)
PAYMENT_TERMS: tuple[dict[str, Any], ...] = (
    {"name": "BENCH NET45", "due_in_days": 45, "from": "now"},
    {"name": "BENCH EOM", "due_in_days": 30, "from": "eom"},
)
TAX_TYPES: tuple[dict[str, Any], ...] = (
    {"code": "BENCH-GST", "name": "Bench GST", "components": [{"label": "GST", "rate": "9"}]},
    {"code": "BENCH-DUTY", "name": "Bench duty and GST", "components": [
        {"label": "Duty", "rate": "5"}, {"label": "GST", "rate": "9", "compound": True}]},
)
SUPPLIERS: tuple[dict[str, Any], ...] = tuple(
    {"name": f"Supplier {number}", "email": f"orders{number}@bench.example",
     "default_payment_term": "BENCH NET45"}
    for number in range(5)
)
CUSTOM_PRICE_LISTS: tuple[tuple[str, str, Decimal], ...] = (
    ("VIP", "Bench VIP", Decimal("0.9")),
    ("TRADE", "Bench trade", Decimal("0.75")),
    ("EXPORT", "Bench export", Decimal("0.8")),
)
BUILTIN_FACTORS: tuple[tuple[str, Decimal], ...] = (
    ("wholesale", Decimal("0.6")),
    ("buy", Decimal("0.4")),
)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Shape:
    """The size of a generated catalogue."""

    products: int = 2000
    variants: int = 5

    @property
    def total_variants(self) -> int:
        return self.products * self.variants


def spread(total: int, percent: float) -> list[int]:
    """``percent`` of ``range(total)``, evenly spaced (at least one index when total > 0)."""
    count = min(total, max(1, math.floor(total * percent / 100 + 1e-9))) if total else 0
    return [index * total // count for index in range(count)]


def sku(product: int, variant: int) -> str:
    return f"BX-{product:05d}-{variant:02d}"


def product_name(product: int) -> str:
    return f"Bench Product {product:05d}"


def supplier_name(product: int) -> str:
    return str(SUPPLIERS[product % len(SUPPLIERS)]["name"])


def retail_price(index: int, bumps: Mapping[int, Decimal]) -> Decimal:
    """The retail price of variant ``index`` after ``bumps``."""
    base = Decimal(10 + index % 90) + Decimal(index % 4) / 4 - CENT * (index % 3)
    return base + bumps.get(index, Decimal(0))


def prices(index: int, bumps: Mapping[int, Decimal]) -> dict[str, Decimal]:
    """Every price of variant ``index`` by price list code. Only retail moves with a bump,
    so a change of N variants' retail prices is N updates of one field each."""
    retail = retail_price(index, {})
    found = {"retail": retail_price(index, bumps)}
    for code, factor in BUILTIN_FACTORS:
        found[code] = (retail * factor).quantize(CENT)
    for code, _, factor in CUSTOM_PRICE_LISTS:
        found[code] = (retail * factor).quantize(CENT)
    return found


def changed_count(shape: Shape, before: Mapping[int, Decimal], after: Mapping[int, Decimal]) -> int:
    """Variants whose retail price differs between two sets of bumps."""
    return sum(
        1
        for index in set(before) | set(after)
        if index < shape.total_variants
        and retail_price(index, before) != retail_price(index, after)
    )


# --- YAML ----------------------------------------------------------------------------------------


def _number(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text if "." in text else text + ".0"


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, int):
        return str(value)
    return _quoted(str(value))


def _quoted(text: str) -> str:
    plain = text and text[0].isalpha() and ":" not in text and "#" not in text
    return text if plain else '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _product_yaml(product: int, shape: Shape, bumps: Mapping[int, Decimal]) -> Iterator[str]:
    yield f"  - name: {product_name(product)}"
    yield f"    product_type: Type {product % 7}"
    yield f"    brand: Brand {product % 13}"
    yield f"    supplier: {supplier_name(product)}"
    yield f"    description: Benchmark product number {product}, generated."
    yield f"    tags: [bench, group-{product % 10}]"
    if product % 50 == 49:
        yield "    status: disabled"
    yield "    opt1: Size"
    yield "    variants:"
    for variant in range(shape.variants):
        index = product * shape.variants + variant
        listed = ", ".join(f"{code}: {_number(v)}" for code, v in prices(index, bumps).items())
        yield "      - <<: *variant"
        yield f"        sku: {sku(product, variant)}"
        yield f"        name: Size {variant}"
        yield f"        opt1: S{variant}"
        yield f"        weight: {_number(Decimal(variant + 1) / 4)}"
        yield f'        upc: "{880000000000 + index:012d}"'
        yield f"        prices: {{{listed}}}"


def _records_yaml(section: str, records: tuple[dict[str, Any], ...]) -> str:
    lines = [f"{section}:"]
    for record in records:
        first = True
        for key, value in record.items():
            lead = "  - " if first else "    "
            first = False
            if isinstance(value, list):
                lines.append(f"{lead}{key}:")
                for item in value:
                    pairs = ", ".join(f"{k}: {_scalar(Decimal(v) if k == 'rate' else v)}"
                                      for k, v in item.items())
                    lines.append(f"      - {{{pairs}}}")
            else:
                lines.append(f"{lead}{key}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


def write_catalogue(
    directory: Path, shape: Shape, bumps: Mapping[int, Decimal] | None = None
) -> Path:
    """Write the catalogue into ``directory`` (replacing what is there); returns it."""
    bumps = bumps or {}
    if directory.exists():
        shutil.rmtree(directory)
    (directory / "products").mkdir(parents=True)
    (directory / "catalogue.yaml").write_text(
        "# Generated by bench/catalogue.py\ngecko_apply: 1\n", encoding="utf-8"
    )
    (directory / "locations.yaml").write_text(_records_yaml("locations", LOCATIONS), "utf-8")
    (directory / "payment-terms.yaml").write_text(
        _records_yaml("payment_terms", PAYMENT_TERMS), "utf-8"
    )
    (directory / "tax-types.yaml").write_text(_records_yaml("tax_types", TAX_TYPES), "utf-8")
    lists = tuple({"code": code, "name": name, "currency": "SGD", "is_cost": False}
                  for code, name, _ in CUSTOM_PRICE_LISTS)
    (directory / "price-lists.yaml").write_text(_records_yaml("price_lists", lists), "utf-8")
    (directory / "suppliers.yaml").write_text(_records_yaml("suppliers", SUPPLIERS), "utf-8")
    for number, start in enumerate(range(0, shape.products, PRODUCTS_PER_FILE)):
        lines = ["x-variant: &variant", "  taxable: true", "  weight_unit: kg", "", "products:"]
        for product in range(start, min(shape.products, start + PRODUCTS_PER_FILE)):
            lines.extend(_product_yaml(product, shape, bumps))
        path = directory / "products" / f"products-{number:03d}.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return directory


# --- API bodies, for the sandbox's bulk insert ---------------------------------------------------


def api_products(
    shape: Shape, price_list_ids: Mapping[str, int], supplier_ids: Mapping[str, int]
) -> Iterator[dict[str, Any]]:
    """The products as POST bodies with their variants embedded; ``price_list_ids`` maps each
    custom list's code to its id in the account, ``supplier_ids`` each supplier's name."""
    for product in range(shape.products):
        variants = []
        for variant in range(shape.variants):
            index = product * shape.variants + variant
            listed = prices(index, {})
            variants.append({
                "sku": sku(product, variant), "name": f"Size {variant}", "opt1": f"S{variant}",
                "taxable": True, "weight": str(Decimal(variant + 1) / 4), "weight_unit": "kg",
                "upc": f"{880000000000 + index:012d}",
                "retail_price": str(listed["retail"]),
                "wholesale_price": str(listed["wholesale"]),
                "buy_price": str(listed["buy"]),
                "variant_prices": [
                    {"price_list_id": price_list_ids[code], "value": str(listed[code])}
                    for code, _, _ in CUSTOM_PRICE_LISTS
                ],
            })
        body: dict[str, Any] = {
            "name": product_name(product), "product_type": f"Type {product % 7}",
            "brand": f"Brand {product % 13}",
            "supplier_ids": [supplier_ids[supplier_name(product)]],
            "description": f"Benchmark product number {product}, generated.",
            "tags": f"bench,group-{product % 10}", "opt1": "Size", "variants": variants,
        }
        if product % 50 == 49:
            body["status"] = "disabled"
        yield body


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write a generated benchmark catalogue.")
    parser.add_argument("out", type=Path, help="directory to write (replaced)")
    parser.add_argument("--products", type=int, default=Shape.products)
    parser.add_argument("--variants", type=int, default=Shape.variants)
    args = parser.parse_args(argv)
    shape = Shape(args.products, args.variants)
    print(write_catalogue(args.out, shape))


if __name__ == "__main__":
    main()
