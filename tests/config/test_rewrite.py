"""In-place edits of YAML text: only the edited spans change, in the style they were written."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from reconciler.config.emit import DOUBLE, PLAIN, SINGLE, block, flow, scalar
from reconciler.config.rewrite import ConfigText, ValueEdit

SECTIONS = ("locations", "products")


def edited(text: str, *edits: ValueEdit) -> tuple[str, list[str]]:
    config = ConfigText([("c.yaml", text)], SECTIONS)
    refusals = config.set_values(list(edits))
    changed = config.changed()
    return (changed["c.yaml"][1] if changed else text), [str(r) for r in refusals]


def edit(path: tuple[str | int, ...], field: tuple[str, ...], value: Any) -> ValueEdit:
    return ValueEdit(path, field, value, f"{path}{field}", fold_last=len(field) > 1)


def load(text: str) -> Any:
    return YAML(typ="rt").load(text)


def test_a_scalar_keeps_its_quoting_and_its_line_comment() -> None:
    text = "products:\n  - name: 'Gob'   # the name\n    brand: \"Wonka\"\n    opt1: Size\n"
    after, refused = edited(
        text,
        edit(("products", 0), ("name",), "Gob's"),
        edit(("products", 0), ("brand",), "Wonka & Co"),
        edit(("products", 0), ("opt1",), "true"),
    )
    assert refused == []
    assert after == (
        "products:\n  - name: 'Gob''s'   # the name\n    brand: \"Wonka & Co\"\n"
        "    opt1: \"true\"\n"
    )


def test_prices_in_a_flow_mapping_are_found_in_any_case() -> None:
    text = "products:\n  - name: G\n    variants:\n      - sku: A\n"
    text += "        prices: {VIP: 20, retail: 22.0}\n"
    price = edit(("products", 0, "variants", 0), ("prices", "vip"), Decimal("19.5"))
    after, _ = edited(text, price)
    assert after.endswith("prices: {VIP: 19.5, retail: 22.0}\n")


def test_crlf_line_endings_and_block_lists_are_kept() -> None:
    text = "products:\r\n  - name: G\r\n    tags:\r\n      - a   # first\r\n      - b\r\n"
    text += "    brand: W\r\n"
    after, _ = edited(text, edit(("products", 0), ("tags",), ["a", "c", "d"]))
    assert after == (
        "products:\r\n  - name: G\r\n    tags:\r\n      - a\r\n      - c\r\n      - d\r\n"
        "    brand: W\r\n"
    )
    tags = ValueEdit(("products", 0), ("tags",), ["a", "c", "d"], "tags", as_set=True)
    after, _ = edited(text, tags)
    assert after == (
        "products:\r\n  - name: G\r\n    tags:\r\n      - a   # first\r\n      - c\r\n"
        "      - d\r\n    brand: W\r\n"
    )
    flowing = "products:\n  - name: G\n    tags: [b, a]  # why\n"
    tags = ValueEdit(("products", 0), ("tags",), ["a", "c"], "tags", as_set=True)
    assert edited(flowing, tags)[0] == "products:\n  - name: G\n    tags: [a, c]  # why\n"


def test_a_literal_block_keeps_its_indicator_and_the_blank_line_after_it() -> None:
    text = "products:\n  - name: G\n    description: |\n      one\n      two\n\n    brand: W\n"
    after, _ = edited(text, edit(("products", 0), ("description",), "one\nthree"))
    assert after == text.replace("      two\n", "      three\n")


def test_a_value_from_a_merge_key_is_refused_unless_every_user_takes_it() -> None:
    text = (
        "x-d: &d\n  brand: W\nproducts:\n  - <<: *d\n    name: A\n  - <<: *d\n    name: B\n"
    )
    one, refused = edited(text, edit(("products", 0), ("brand",), "V"))
    assert one == text
    assert refused and refused[0].startswith("c.yaml:2:10: ")
    both, refused = edited(
        text, edit(("products", 0), ("brand",), "V"), edit(("products", 1), ("brand",), "V")
    )
    assert refused == []
    assert both == text.replace("brand: W", "brand: V")


def test_records_of_several_files_are_found_in_file_order() -> None:
    files = [("a.yaml", "products:\n  - name: A\n"), ("b.yaml", "products:\n  - name: B\n")]
    config = ConfigText(files, SECTIONS)
    assert config.set_values([edit(("products", 1), ("name",), "B2")]) == []
    assert config.changed() == {"b.yaml": ("products:\n  - name: B\n", "products:\n  - name: B2\n")}


def test_records_are_appended_under_their_parent_and_a_missing_list_is_made_once() -> None:
    text = "products:\n  - name: A\n    variants:\n      - sku: A1  # one\n  - name: B\n"
    config = ConfigText([("c.yaml", text)], SECTIONS)
    a2 = {"sku": "A2", "prices": {"retail": 1}}
    assert config.append_item(("products", 0), "variants", a2) is None
    assert config.append_item(("products", 1), "variants", {"sku": "B1"}) is None
    assert config.append_item(("products", 1), "variants", {"sku": "B2"}) is None
    after = config.changed()["c.yaml"][1]
    assert after == (
        "products:\n  - name: A\n    variants:\n      - sku: A1  # one\n"
        "      - sku: A2\n        prices:\n          retail: 1\n"
        "  - name: B\n    variants:\n      - sku: B1\n      - sku: B2\n"
    )
    assert load(after)["products"][1]["variants"][1]["sku"] == "B2"


def test_a_record_is_removed_with_its_lines_and_a_rename_is_recorded() -> None:
    text = "products:\n  - name: A\n    brand: W\n  - name: B   # keep\n"
    config = ConfigText([("c.yaml", text)], SECTIONS)
    assert config.remove_item(("products", 0)) is None
    assert config.changed()["c.yaml"][1] == "products:\n  - name: B   # keep\n"
    config = ConfigText([("c.yaml", text)], SECTIONS)
    assert config.set_key_with_rename(("products", 1), "name", "C", "B", "p") == []
    assert config.changed()["c.yaml"][1] == (
        "products:\n  - name: A\n    brand: W\n  - name: C   # keep\n    renamed_from: B\n"
    )


def test_the_only_record_of_a_list_is_not_removed() -> None:
    config = ConfigText([("c.yaml", "products:\n  - name: A\n")], SECTIONS)
    assert config.remove_item(("products", 0)) == (
        "it is the only record of its list; remove it by hand"
    )


texts = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)


@settings(deadline=None)
@given(texts, st.sampled_from([PLAIN, SINGLE, DOUBLE]))
def test_every_string_reads_back_as_written(value: str, style: str) -> None:
    assert load(f"k: {scalar(value, style)}\n")["k"] == value


@settings(deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(["label", "rate"]), texts, min_size=1),
                min_size=1, max_size=3))
def test_flow_and_block_collections_read_back(value: list[dict[str, str]]) -> None:
    assert load(f"k: {flow(value)}\n")["k"] == value
    assert load("k:\n  " + block(value, 2))["k"] == value
