"""A variant's sale switches, trade fields and its place among its product's variants."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reconciler.engine.state import declared_records
from reconciler.kinds.base import Fields
from tests.config.trees import doc, errors_of
from tests.engine.helpers import api_variant, catalogue, model, references, source_of, spec

SWITCHES = {
    "keep_selling": True,
    "manage_stock": False,
    "online_ordering": True,
    "sellable": False,
    "purchasable": False,
    "max_online": 40,
    "hs_code": "110100",
    "country_of_origin": "NZ",
}


def current(api_record: dict[str, Any]) -> Fields:
    variant = spec("variant")
    return variant.current(variant.prepare([api_record])[0], references())


def test_switches_read_back_equal_whatever_the_wire_form() -> None:
    desired = spec("variant").desired(model("variant", {"sku": "S", **SWITCHES}), {})
    wire = api_variant(
        1, 10, "S", keep_selling="true", manage_stock=0, online_ordering=True, sellable="f",
        purchasable=False, max_online="40", hs_code=" 110100 ", country_of_origin="nz",
    )
    read = current(wire)
    assert {name: read[name] for name in desired} == desired == {"sku": "S", **SWITCHES}


def test_only_written_switches_are_managed_and_sent() -> None:
    variant = spec("variant")
    fields = variant.desired(model("variant", {"sku": "S", "keep_selling": False}), {})
    assert fields == {"sku": "S", "keep_selling": False}
    assert variant.update_body({"max_online": 5, "sellable": True}, references()) == {
        "max_online": 5,
        "sellable": True,
    }


def test_export_writes_switches_but_no_position() -> None:
    read = current(api_variant(1, 10, "S", keep_selling=True, max_online="3", position=4))
    exported = spec("variant").export(read)
    assert exported["keep_selling"] is True and exported["max_online"] == 3
    assert "position" not in exported
    assert read["position"] == 1  # the rank among its product's variants, not the raw 4


def test_rank_orders_live_variants_with_a_sku_by_position_then_id() -> None:
    records = [
        api_variant(5, 1, "B", position=1),
        api_variant(3, 1, "A", position=1),  # equal positions occur in real accounts
        api_variant(7, 1, "C", position=0),
        api_variant(8, 1, None, position=0),  # no SKU: never managed, not ranked
        api_variant(9, 1, "OLD", position=0, status="archived"),
        api_variant(4, 2, "OTHER", position=9),
    ]
    ranked = spec("variant").prepare(records)
    ranks = {r["sku"]: spec("variant").current(r, references())["position"] for r in ranked}
    assert ranks == {"C": 1, "A": 2, "B": 3, None: None, "OLD": None, "OTHER": 1}


def test_only_declared_variants_are_ranked_when_some_are_declared() -> None:
    records = [
        api_variant(1, 1, "UNDECLARED", position=0),
        api_variant(2, 1, "B", position=5),
        api_variant(3, 1, "A", position=9),
    ]
    variant = spec("variant")
    ranked = variant.prepare(records, frozenset({"A", "B"}))
    ranks = {r["sku"]: variant.current(r, references())["position"] for r in ranked}
    assert ranks == {"UNDECLARED": None, "B": 1, "A": 2}


def test_position_is_managed_only_when_the_product_orders_its_variants() -> None:
    products = [
        {"name": "Ordered", "ordered_variants": True, "variants": [{"sku": "Z"}, {"sku": "A"}]},
        {"name": "Loose", "variants": [{"sku": "Y"}, {"sku": "B"}]},
    ]
    declared = declared_records(catalogue(products=products), source_of)
    positions = {d.key: d.fields.get("position") for d in declared["variant"]}
    assert positions == {"Z": 1, "A": 2, "Y": None, "B": None}
    assert "ordered_variants" not in declared["product"][0].fields  # not an API attribute


def test_product_export_orders_variants_and_says_so() -> None:
    item: dict[str, Any] = {"name": "P"}
    spec("product").nest(item, "variants", [{"sku": "Z"}, {"sku": "A"}])
    assert item == {"name": "P", "ordered_variants": True, "variants": [{"sku": "Z"}, {"sku": "A"}]}
    single: dict[str, Any] = {"name": "Q"}
    spec("product").nest(single, "variants", [{"sku": "ONLY"}])
    assert single == {"name": "Q", "variants": [{"sku": "ONLY"}]}
    variant = spec("variant")
    assert variant.export_order("A", {"position": 2}) > variant.export_order("Z", {"position": 1})


def test_bad_values_are_reported_where_they_are_written(tmp_path: Path) -> None:
    text = """
        products:
          - name: P
            ordered_variants: sometimes
            variants:
              - sku: S
                max_online: lots
                prices: {VIP: null}
                country_of_origin: UK
        """
    found = errors_of(tmp_path, {"a.yaml": doc(text)})
    where = {d.yaml_path: (d.line, d.col, d.message) for d in found}
    assert where["products[0].ordered_variants"][:2] == (5, 23)
    assert where["products[0].variants[0].max_online"][:2] == (8, 21)
    line, col, message = where["products[0].variants[0].prices.VIP"]
    assert (line, col) == (9, 23) and "a price cannot be removed" in message
    assert "did you mean 'GB'" in where["products[0].variants[0].country_of_origin"][2]
