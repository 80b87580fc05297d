"""What pull's in-place list edits cost on a large file: every product's variants moved to another
order, and every product's first price rewritten, against composing the file alone.

    python bench/pull_moves.py [--products 1000] [--variants 5]

One file of P products with V variants each, every variant with a leading comment, a comment on
its SKU line and a blank line after it. Prints the CPU time (``time.process_time``, the median of
three, which a loaded machine distorts less than wall time) of: composing the file (what any
pull pays), moving every list (reversed), and rewriting one price per product; and checks that
the moved file reads back in the new order with every comment kept.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from decimal import Decimal

from ruamel.yaml import YAML

from reconciler.config.rewrite import ConfigText, ValueEdit


def catalogue(products: int, variants: int) -> str:
    lines = ["products:"]
    for p in range(products):
        lines += [f"  - name: Product {p}", "    ordered_variants: true", "    variants:"]
        for v in range(variants):
            lines += [f"      # variant {v} of {p}", f"      - sku: P{p}-V{v}   # sku {v}",
                      f"        name: Variant {v}", "        prices: {retail: 10, wholesale: 6}",
                      ""]
    return "\n".join(lines) + "\n"


def cpu(run: Callable[[], object]) -> float:
    times = []
    for _ in range(3):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return statistics.median(times)


def moved(text: str, products: int, variants: int) -> str:
    config = ConfigText([("c.yaml", text)], ["products"])
    order = list(reversed(range(variants)))
    for p in range(products):
        assert config.move_items(("products", p), "variants", order, f"p{p}") is None
    return config.changed()["c.yaml"][1]


def priced(text: str, products: int) -> str:
    config = ConfigText([("c.yaml", text)], ["products"])
    edits = [ValueEdit(("products", p, "variants", 0), ("prices", "retail"), Decimal(11), f"{p}",
                       fold_last=True) for p in range(products)]
    assert config.set_values(edits) == []
    return config.changed()["c.yaml"][1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--variants", type=int, default=5)
    args = parser.parse_args()
    text = catalogue(args.products, args.variants)
    after = moved(text, args.products, args.variants)
    read = YAML(typ="safe").load(after)["products"]
    expected = [f"P{p}-V{v}" for p in range(args.products) for v in reversed(range(args.variants))]
    assert [v["sku"] for product in read for v in product["variants"]] == expected
    assert after.count("#") == text.count("#") and sorted(after) == sorted(text)
    count = args.products * args.variants
    figures = {
        "compose only": cpu(lambda: ConfigText([("c.yaml", text)], ["products"])),
        f"move every list ({count} items)": cpu(
            lambda: moved(text, args.products, args.variants)),
        f"one price in each of {args.products} products": cpu(
            lambda: priced(text, args.products)),
    }
    print(f"{args.products} products x {args.variants} variants, {len(text) / 1e6:.1f} MB")
    for name, seconds in figures.items():
        print(f"{name:<36} {seconds:6.2f} s CPU")

if __name__ == "__main__":
    main()
