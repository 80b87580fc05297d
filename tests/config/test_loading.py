"""Loading: files and directories, merging, anchors, x- keys, duplicates, the header rules."""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

from reconciler.config import load_catalogue

from .trees import HEADER, doc, errors_of, load_tree, messages, one_error, write_tree

PRODUCTS_A = """
products:
  - name: Alpha
    variants:
      - sku: A-1
"""
PRODUCTS_B = """
products:
  - name: Beta
    variants:
      - sku: B-1
      - sku: B-2
"""


def test_a_single_file_loads(tmp_path: Path) -> None:
    write_tree(tmp_path, {"one.yaml": HEADER + PRODUCTS_A})
    loaded = load_catalogue(tmp_path / "one.yaml")
    assert [p.name for p in loaded.catalogue.products] == ["Alpha"]
    assert loaded.files == (str(tmp_path / "one.yaml"),)


def test_a_directory_is_read_recursively_in_sorted_order_and_lists_merge(tmp_path: Path) -> None:
    loaded = load_tree(
        tmp_path,
        {
            "b/products.yml": PRODUCTS_B,
            "a.yaml": HEADER + PRODUCTS_A,
            "notes.txt": "not: [yaml",
            ".hidden/skip.yaml": "not: [yaml",
        },
    )
    assert [p.name for p in loaded.catalogue.products] == ["Alpha", "Beta"]
    variants = loaded.catalogue.records("variants")
    assert [v.model_dump()["sku"] for v in variants] == ["A-1", "B-1", "B-2"]
    assert loaded.files == (str(tmp_path / "a.yaml"), str(tmp_path / "b/products.yml"))


def test_positions_are_by_catalogue_path_and_name_the_declaring_file(tmp_path: Path) -> None:
    loaded = load_tree(tmp_path, {"a.yaml": HEADER + PRODUCTS_A, "b.yaml": PRODUCTS_B})
    smap = loaded.source_map
    position = smap.position(("products", 1, "variants", 1, "sku"))
    assert (position.file, position.line, position.col) == (str(tmp_path / "b.yaml"), 6, 9)
    assert smap.local_path(("products", 1, "variants", 1)) == ("products", 0, "variants", 1)
    assert str(loaded.position_of("variant", "B-2")) == f"{tmp_path / 'b.yaml'}:6:9"
    assert loaded.path_of("product", " Beta ") == ("products", 1)
    assert loaded.position_of("product", "Gamma") is None


def test_value_positions_point_at_the_value(tmp_path: Path) -> None:
    loaded = load_tree(tmp_path, {"c.yaml": HEADER + "locations:\n  - label: Depot\n"})
    value = loaded.source_map.value_position(("locations", 0, "label"))
    assert (value.line, value.col) == (3, 12)


def test_anchors_merge_keys_and_x_keys(tmp_path: Path) -> None:
    loaded = load_tree(
        tmp_path,
        {
            "c.yaml": doc(
                """
            x-defaults: &defaults
              taxable: true
              weight_unit: kg
            products:
              - name: Alpha
                variants:
                  - <<: *defaults
                    sku: A-1
                  - <<: *defaults
                    sku: A-2
                    weight_unit: lb
            """
            )
        },
    )
    first, second = loaded.catalogue.products[0].variants
    assert (first.taxable, first.weight_unit) == (True, "kg")
    assert second.weight_unit == "lb"
    assert first.model_fields_set == {"sku", "taxable", "weight_unit"}
    merged = loaded.source_map.position(("products", 0, "variants", 0, "weight_unit"))
    assert merged.line == 5  # where the anchored mapping wrote it


def test_fields_left_out_are_not_in_fields_set(tmp_path: Path) -> None:
    loaded = load_tree(
        tmp_path,
        {"c.yaml": HEADER + "tax_types:\n  - code: GST\n  - code: VAT\n    components: []\n"},
    )
    gst, vat = loaded.catalogue.tax_types
    assert gst.model_fields_set == {"code"}
    assert vat.model_fields_set == {"code", "components"}
    assert loaded.catalogue.options.model_fields_set == set()
    assert "tax_types" in loaded.catalogue.model_fields_set
    assert "products" not in loaded.catalogue.model_fields_set


def test_duplicate_mapping_keys_are_errors_with_positions(tmp_path: Path) -> None:
    found = errors_of(
        tmp_path,
        {
            "c.yaml": HEADER
            + "locations:\n  - label: A\n    city: X\n    city: Y\n  - {label: B, label: C}\n"
        },
    )
    assert [(d.line, d.col) for d in found] == [(5, 5), (6, 16)]
    assert all("duplicate key" in d.message for d in found)
    assert "first at line 4, column 5" in found[0].message


def test_gecko_apply_is_required_once(tmp_path: Path) -> None:
    error = one_error(tmp_path, {"a.yaml": PRODUCTS_A})
    assert "missing 'gecko_apply: 1'" in error.message
    assert (error.line, error.col) == (1, 1)


def test_files_carrying_gecko_apply_must_agree(tmp_path: Path) -> None:
    loaded = load_tree(tmp_path, {"a.yaml": HEADER, "b.yaml": HEADER + PRODUCTS_A})
    assert loaded.catalogue.version == 1
    found = errors_of(tmp_path / "x", {"a.yaml": HEADER, "b.yaml": "gecko_apply: 2\n"})
    assert any("files must agree" in m for m in messages(found))
    assert any("gecko_apply must be 1, got 2" in m for m in messages(found)) is False
    wrong = one_error(tmp_path / "y", {"a.yaml": "gecko_apply: 2\n"})
    assert wrong.message == "gecko_apply must be 1, got 2"


def test_options_may_appear_in_one_file_only(tmp_path: Path) -> None:
    error = one_error(
        tmp_path,
        {"a.yaml": HEADER + "options: {}\n", "b.yaml": "options:\n  archive_missing: true\n"},
    )
    assert error.file == str(tmp_path / "b.yaml")
    assert f"already set at {tmp_path / 'a.yaml'}:2:1" in error.message


def test_unknown_top_level_keys_and_nested_sections(tmp_path: Path) -> None:
    found = errors_of(tmp_path, {"a.yaml": HEADER + "product: []\nvariants: []\n"})
    assert messages(found) == [
        "unknown top-level key 'product' (did you mean 'products'?)",
        "variants are declared under their product (products[].variants)",
    ]


def test_a_section_must_be_a_list(tmp_path: Path) -> None:
    error = one_error(tmp_path, {"a.yaml": HEADER + "locations:\n  label: Depot\n"})
    assert "locations must be a list" in error.message
    assert (error.line, error.col) == (3, 3)


def test_nested_sections_must_be_lists_and_say_so_where_written(tmp_path: Path) -> None:
    found = errors_of(tmp_path, {"a.yaml": HEADER + (
        "products:\n"
        "  - name: A\n"
        "    images: 1\n"
        "  - name: B\n"
        "    variants: {sku: B-1}\n"
        "    images: [{url: 'https://x.example/b.png'}]\n"
    )})
    assert [(e.line, e.col, e.message) for e in found] == [
        (4, 13, "must be a list, got 1"),
        (6, 15, "must be a list, got a mapping"),
    ]
    assert [e.yaml_path for e in found] == ["products[0].images", "products[1].variants"]


def test_an_empty_file_and_an_empty_section_are_fine(tmp_path: Path) -> None:
    loaded = load_tree(tmp_path, {"a.yaml": HEADER + "locations:\n", "b.yaml": ""})
    assert loaded.catalogue.locations == ()


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    error = one_error(tmp_path, {"a.yaml": HEADER, "b.yaml": "- 1\n- 2\n"})
    assert "top level must be a mapping" in error.message and "not a list" in error.message


def test_unreadable_inputs_are_diagnostics(tmp_path: Path) -> None:
    found = errors_of(
        tmp_path,
        {
            "a.yaml": HEADER,
            "b.yaml": b"locations: \xff\xfe\n",
            "c.yaml": b"\x00\x01binary",
            "d.yaml": "locations: [\n",
            "e.yaml": "[" * 50_000,
            "f.yaml": "- " * 2000 + "x",
        },
    )
    by_file = {Path(d.file).name: d for d in found}
    assert by_file["b.yaml"].message.startswith("not valid UTF-8")
    assert (by_file["b.yaml"].line, by_file["b.yaml"].col) == (1, 12)
    assert "not allowed" in by_file["c.yaml"].message
    assert by_file["d.yaml"].message.startswith("invalid YAML")
    assert "nested deeper than 100 levels" in by_file["e.yaml"].message
    assert (by_file["e.yaml"].line, by_file["e.yaml"].col) == (1, 101)
    assert "nested too deeply" in by_file["f.yaml"].message


def test_deep_nesting_within_the_parser_limit_is_reported(tmp_path: Path) -> None:
    deep = "locations:\n  - label: A\n    city: " + "[" * 100 + "]" * 100 + "\n"
    error = one_error(tmp_path, {"a.yaml": HEADER + deep})
    assert "nested deeper than" in error.message


def test_alias_expansion_is_bounded(tmp_path: Path) -> None:
    lines = ["x-0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    lines += [f"x-{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 8)]
    bomb = "\n".join(lines) + "\nlocations:\n  - label: A\n    city: *a7\n"
    start = time.perf_counter()
    error = one_error(tmp_path, {"a.yaml": HEADER + bomb})
    assert "too large" in error.message
    assert time.perf_counter() - start < 5


def test_missing_path_and_empty_directory(tmp_path: Path) -> None:
    assert messages(errors_of(tmp_path, {})) == ["no *.yaml or *.yml files found"]
    missing = one_error(tmp_path / "nowhere", {})
    assert missing.message == "no such file or directory"
    assert str(missing) == f"{tmp_path / 'nowhere'}: no such file or directory"


def test_config_hash_follows_the_bytes_in_sorted_order(tmp_path: Path) -> None:
    files = {"a.yaml": HEADER, "b.yaml": PRODUCTS_A}
    first = load_tree(tmp_path / "one", files).config_hash
    again = load_tree(tmp_path / "two", files).config_hash
    changed = load_tree(tmp_path / "three", {**files, "b.yaml": PRODUCTS_A + "\n"}).config_hash
    assert first == again != changed
    assert len(first) == 64 and int(first, 16) >= 0


def test_yaml_floats_become_exact_decimals(tmp_path: Path) -> None:
    loaded = load_tree(
        tmp_path,
        {
            "a.yaml": HEADER
            + "products:\n  - name: P\n    variants:\n"
            + "      - {sku: S, weight: 0.1, prices: {retail: 0.30, buy: 1e2, VIP: 7}}\n"
        },
    )
    variant = loaded.catalogue.products[0].variants[0]
    assert variant.weight == Decimal("0.1") and isinstance(variant.weight, Decimal)
    assert str(variant.prices["retail"]) == "0.30"
    assert variant.prices["buy"] == Decimal(100)
    assert type(variant.prices["VIP"]) is Decimal


def test_numbers_written_as_text_keep_their_source(tmp_path: Path) -> None:
    loaded = load_tree(
        tmp_path,
        {
            "a.yaml": HEADER
            + "products:\n  - name: 2024\n    variants:\n"
            + "      - {sku: 00123, upc: 012345678905, name: 1.50, opt1: 2024-01-01}\n"
        },
    )
    product = loaded.catalogue.products[0]
    variant = product.variants[0]
    assert product.name == "2024"
    assert (variant.sku, variant.upc, variant.name, variant.opt1) == (
        "00123",
        "012345678905",
        "1.50",
        "2024-01-01",
    )
    assert type(variant.sku) is str


def test_a_large_file_loads(tmp_path: Path) -> None:
    lines = [HEADER, "products:"]
    for index in range(600):
        lines += [f"  - name: Product {index}", "    variants:"]
        for variant in range(3):
            lines += [
                f"      - sku: SKU-{index}-{variant}",
                "        prices: {retail: 22.0, wholesale: 12.5}",
                "        weight: 0.2",
            ]
    write_tree(tmp_path, {"big.yaml": "\n".join(lines) + "\n"})
    loaded = load_catalogue(tmp_path / "big.yaml")
    assert len(loaded.catalogue.records("variants")) == 1800
