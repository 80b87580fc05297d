"""Checks across records: duplicate keys, SKUs, renames, ignore_fields, references."""

from __future__ import annotations

from pathlib import Path

from .trees import HEADER, doc, errors_of, load_tree, messages, one_error


def test_a_key_declared_twice_names_both_places(tmp_path: Path) -> None:
    error = one_error(
        tmp_path,
        {
            "a.yaml": doc("locations:\n  - label: Depot\n"),
            "b.yaml": "locations:\n  - label: Other\n  - label: ' Depot'\n",
        },
    )
    assert error.file == str(tmp_path / "b.yaml")
    assert (error.line, error.col) == (3, 12)
    first = f"{tmp_path / 'a.yaml'}:3:5"
    assert error.message == f"location ' Depot' is declared twice (first at {first})"


def test_price_list_codes_are_compared_case_insensitively(tmp_path: Path) -> None:
    error = one_error(tmp_path, {"a.yaml": doc("price_lists:\n  - code: VIP\n  - code: vip\n")})
    assert "price list 'vip' is declared twice" in error.message
    loaded = load_tree(tmp_path / "ok", {"a.yaml": doc("locations:\n  - label: A\n  - label: a\n")})
    assert len(loaded.catalogue.locations) == 2  # location labels are case-sensitive


def test_a_sku_under_two_products_and_twice_in_one(tmp_path: Path) -> None:
    found = errors_of(
        tmp_path,
        {
            "a.yaml": doc(
                """
                products:
                  - name: P
                    variants: [{sku: S}, {sku: T}, {sku: T}]
                  - name: Q
                    variants: [{sku: S}]
                """
            )
        },
    )
    assert messages(found) == [
        f"SKU 'T' is declared twice (first at {tmp_path / 'a.yaml'}:5:27)",
        f"SKU 'S' is declared under two products: 'P' (at {tmp_path / 'a.yaml'}:5:17) and 'Q'",
    ]


def test_built_in_price_list_codes_cannot_be_declared(tmp_path: Path) -> None:
    lists = "price_lists:\n  - code: Retail\n  - code: WHOLE\n"
    found = errors_of(tmp_path, {"a.yaml": doc(lists)})
    assert len(found) == 2
    assert all("names a built-in list" in message for message in messages(found))


def test_renamed_from_chains_collisions_and_self(tmp_path: Path) -> None:
    found = errors_of(
        tmp_path,
        {
            "a.yaml": doc(
                """
                payment_terms:
                  - {name: A, renamed_from: B}
                  - {name: B}
                  - {name: C, renamed_from: Old}
                  - {name: D, renamed_from: Old}
                  - {name: E, renamed_from: E}
                """
            )
        },
    )
    assert messages(found)[0].startswith("renamed_from 'B' names a record that is also declared")
    assert messages(found)[1].startswith("two records are renamed from 'Old' (the other at ")
    assert messages(found)[2] == "renamed_from names the record's own key"
    assert [d.line for d in found] == [4, 7, 8]


def test_a_rename_alone_is_fine(tmp_path: Path) -> None:
    loaded = load_tree(
        tmp_path, {"a.yaml": doc("price_lists:\n  - {code: VIP2, renamed_from: VIP}\n")}
    )
    assert loaded.catalogue.price_lists[0].renamed_from == "VIP"


def test_ignore_fields_must_name_fields(tmp_path: Path) -> None:
    found = errors_of(
        tmp_path,
        {
            "a.yaml": doc(
                """
                price_lists:
                  - code: VIP
                products:
                  - name: P
                    lifecycle: {ignore_fields: [description, tag, name]}
                    variants:
                      - sku: S
                        prices: {SPECIAL: 3}
                        lifecycle:
                          ignore_fields:
                            [prices.wholesale, prices.vip, prices.special, prices.NOPE, upc]
                """
            )
        },
    )
    assert messages(found) == [
        "ignore_fields: product has no field 'tag' (did you mean 'tags'?)",
        "ignore_fields: product has no field 'name'",
        "ignore_fields: 'prices.NOPE' names no built-in, declared or written price",
    ]
    assert found[0].yaml_path == "products[0].lifecycle.ignore_fields[1]"


def test_unresolved_references_are_returned_with_positions(tmp_path: Path) -> None:
    loaded = load_tree(
        tmp_path,
        {
            "a.yaml": doc(
                """
                locations:
                  - label: Depot
                price_lists:
                  - {code: VIP, currency: sgd}
                products:
                  - name: P
                    variants:
                      - sku: S
                        prices: {RETAIL: 1, vip: 2, GOLD: 3}
                        initial_stock_location: Depot
                      - sku: T
                        initial_stock_location: Primary Location
                """
            )
        },
    )
    found = [(ref.kind, ref.key, ref.path) for ref in loaded.unresolved]
    assert found == [
        ("currency", "SGD", ("price_lists", 0, "currency")),
        ("price_list", "GOLD", ("products", 0, "variants", 0, "prices", "GOLD")),
        ("location", "Primary Location", ("products", 0, "variants", 1, "initial_stock_location")),
    ]
    gold = loaded.unresolved[1]
    assert (gold.position.line, gold.position.col) == (11, 37)
    assert str(gold.diagnostic()) == (
        f"{tmp_path / 'a.yaml'}:11:37: products[0].variants[0].prices.GOLD: "
        "price list 'GOLD' is neither declared nor in the account"
    )


def test_a_loaded_catalogue_lists_records_by_section(tmp_path: Path) -> None:
    loaded = load_tree(tmp_path, {"a.yaml": HEADER + "products:\n  - name: P\n"})
    assert loaded.catalogue.records("products") == loaded.catalogue.products
    assert loaded.catalogue.records("variants") == ()
    assert loaded.catalogue.archive_sections() == frozenset()
