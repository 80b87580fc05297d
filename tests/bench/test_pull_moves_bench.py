"""The pull edits benchmark at a tiny size: lists moved whole, read back in the new order."""

from __future__ import annotations

from ruamel.yaml import YAML

from bench.pull_moves import catalogue, moved, priced


def test_every_list_moves_with_its_comments_and_prices_are_rewritten() -> None:
    text = catalogue(3, 4)
    after = moved(text, 3, 4)
    products = YAML(typ="safe").load(after)["products"]
    assert [v["sku"] for v in products[2]["variants"]] == ["P2-V3", "P2-V2", "P2-V1", "P2-V0"]
    assert sorted(after.splitlines()) == sorted(text.splitlines())
    assert "      # variant 3 of 2\n      - sku: P2-V3   # sku 3\n" in after
    repriced = YAML(typ="safe").load(priced(text, 3))["products"]
    assert [p["variants"][0]["prices"]["retail"] for p in repriced] == [11, 11, 11]
