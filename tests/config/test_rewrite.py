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


def test_a_record_ending_in_a_block_scalar_is_removed_or_extended_apart_from_the_next() -> None:
    text = "products:\n  - name: A\n    description: |\n      x\n\n  - name: B\n"
    config = ConfigText([("c.yaml", text)], SECTIONS)
    assert config.remove_item(("products", 0)) is None
    assert config.changed()["c.yaml"][1] == "products:\n  - name: B\n"
    config = ConfigText([("c.yaml", text)], SECTIONS)
    assert config.append_item(("products", 0), "variants", {"sku": "A1"}) is None
    assert config.changed()["c.yaml"][1] == text.replace(
        "  - name: B", "    variants:\n      - sku: A1\n  - name: B")


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


def moved(text: str, order: list[int], *edits: ValueEdit) -> tuple[str, str | None]:
    config = ConfigText([("c.yaml", text)], SECTIONS)
    assert config.set_values(list(edits)) == []
    refused = config.move_items(("products", 0), "variants", order, "p variants")
    changed = config.changed()
    return (changed["c.yaml"][1] if changed else text), (str(refused) if refused else None)


ORDERED = (
    "products:\n  - name: G\n    variants:\n"
    "      # A leads\n      - sku: A   # a\n        name: Ay\n        # after A\n\n"
    "      - sku: B\n        prices: {retail: 2}  # b\n"
    "      - sku: C\n"
    "  - name: H\n"
)


def test_moved_items_take_their_comments_and_their_edits_and_appends_stay_last() -> None:
    config = ConfigText([("c.yaml", ORDERED)], SECTIONS)
    price = edit(("products", 0, "variants", 1), ("prices", "retail"), Decimal(3))
    assert config.set_values([price]) == []
    assert config.append_item(("products", 0), "variants", {"sku": "D"}) is None
    assert config.move_items(("products", 0), "variants", [2, 1, 0], "p") is None
    assert config.changed()["c.yaml"][1] == (
        "products:\n  - name: G\n    variants:\n"
        "      - sku: C\n\n"
        "      - sku: B\n        prices: {retail: 3}  # b\n"
        "      # A leads\n      - sku: A   # a\n        name: Ay\n        # after A\n"
        "      - sku: D\n"
        "  - name: H\n"
    )


def test_a_record_removed_takes_its_moved_list_with_it() -> None:
    config = ConfigText([("c.yaml", ORDERED)], SECTIONS)
    assert config.move_items(("products", 0), "variants", [2, 1, 0], "p") is None
    assert config.remove_item(("products", 0)) is None
    assert config.changed()["c.yaml"][1] == "products:\n  - name: H\n"


def test_a_flow_list_moves_its_items_and_unsafe_lists_are_refused() -> None:
    flowing = "products:\n  - name: G\n    variants: [{sku: A}, {sku: B, name: b}]  # two\n"
    assert moved(flowing, [1, 0]) == (flowing.replace(
        "[{sku: A}, {sku: B, name: b}]", "[{sku: B, name: b}, {sku: A}]"), None)
    commented = "products:\n  - name: G\n    variants: [{sku: A},  # a\n      {sku: B}]\n"
    assert moved(commented, [1, 0]) == (commented, "c.yaml:3:15: p variants: its flow list "
                                        "holds comments between the items; reorder it by hand")
    aliased = "x: &a {sku: A}\nproducts:\n  - name: G\n    variants:\n      - *a\n      - sku: B\n"
    assert moved(aliased, [1, 0]) == (
        aliased, "c.yaml:5:7: p variants: item 1 is an alias; reorder it by hand")
    shared = "products:\n  - name: G\n    variants:\n      - sku: A\n        prices: &p {x: 1}\n"
    shared += "      - sku: B\n        prices: *p\n"
    assert moved(shared, [1, 0]) == (shared, "c.yaml:5:17: p variants: an anchor inside the list "
                                     "is used elsewhere; reorder it by hand")


item_comments = st.tuples(st.booleans(), st.booleans(), st.booleans(), st.integers(0, 2))


@settings(deadline=None, max_examples=60)
@given(st.lists(item_comments, min_size=1, max_size=6).flatmap(
    lambda items: st.tuples(st.just(items), st.permutations(range(len(items))))),
    st.sampled_from(["\n", "\r\n"]))
def test_any_permutation_reads_back_in_order_with_each_items_comments(
    drawn: tuple[list[tuple[bool, bool, bool, int]], list[int]], newline: str
) -> None:
    items, order = drawn
    chunks, separators = [], []
    for index, (lead, inline, trailing, blanks) in enumerate(items):
        lines = [f"      # lead {index}"] if lead else []
        lines.append(f"      - sku: S{index}" + (f"  # on {index}" if inline else ""))
        lines.append(f"        name: N{index}")
        lines += [f"        # after {index}"] if trailing else []
        chunks.append("".join(line + newline for line in lines))
        separators.append(newline * blanks)
    body = "".join(separators[i] + chunks[i] if i else chunks[0] for i in range(len(items)))
    text = f"products:{newline}  - name: G{newline}    variants:{newline}{body}  - name: H{newline}"
    after, refused = moved(text, order)
    assert refused is None
    assert [v["sku"] for v in load(after)["products"][0]["variants"]] == [f"S{i}" for i in order]
    for chunk in chunks:
        assert chunk in after
    assert after.count("\n") == text.count("\n") and after.count("\r\n") == text.count("\r\n")


COMPONENTS = (
    "products:\n  - name: G\n    components:\n"
    "      - label: A   # a\n        rate: 1\n"
    "      # B\n      - label: B\n        rate: 2  # two\n"
    "      - {label: C, rate: 3}  # c\n"
)


def components(items_from: tuple[int | None, ...] | None, *value: dict[str, Any]
               ) -> tuple[str, list[str]]:
    config = ConfigText([("c.yaml", COMPONENTS)], SECTIONS)
    change = ValueEdit(("products", 0), ("components",), list(value), "t components",
                       items_from=items_from)
    assert config.set_values([change]) == []
    return config.changed()["c.yaml"][1], [str(d) for d in config.comments_dropped]


def test_a_list_is_edited_item_by_item_keeping_the_comments_of_the_others() -> None:
    a, b, c = {"label": "A", "rate": 1}, {"label": "B", "rate": 2}, {"label": "C", "rate": 3}
    after, dropped = components((0, None, 2), a, {"label": "B", "rate": 5}, c)
    assert (after, dropped) == (COMPONENTS.replace("rate: 2  #", "rate: 5  #"), [])
    after, dropped = components((None, 0, 2), {"label": "Z", "rate": 0}, a, c)
    without_b = COMPONENTS.replace("      # B\n      - label: B\n        rate: 2  # two\n", "")
    assert after == without_b.replace("      - label: A", "      - label: Z\n        rate: 0\n"
                                      "      - label: A")
    assert dropped == ["c.yaml:4:7: t components: written, but 2 comments in it could not be "
                       "kept: # B; # two"]
    after, dropped = components((0, None), a, {"label": "D", "rate": 4, "compound": True})
    assert after == COMPONENTS.replace("label: B", "label: D").replace(
        "rate: 2  # two\n      - {label: C, rate: 3}  # c\n",
        "rate: 4  # two\n        compound: true\n")
    assert dropped == ["c.yaml:4:7: t components: written, but 1 comment in it could not be "
                       "kept: # c"]
    after, dropped = components(None, a, b, {"label": "C", "rate": 4})
    assert load(after)["products"][0]["components"][2] == {"label": "C", "rate": 4}
    assert dropped == ["c.yaml:4:7: t components: written, but 3 comments in it could not be "
                       "kept: # a; # B; # two"]  # the one after the list stays


def matched(written: list[str], wanted: list[tuple[str, int]]) -> tuple[int | None, ...]:
    """Each wanted item's equal among the written ones (labels are unique, rates all 1)."""
    return tuple(written.index(label) if label in written and rate == 1 else None
                 for label, rate in wanted)


labels = st.lists(st.sampled_from("ABCDEFGH"), min_size=1, max_size=6, unique=True)
rated = st.lists(st.tuples(st.sampled_from("ABCDEFGH"), st.sampled_from([1, 2])), min_size=1,
                 max_size=6, unique_by=lambda item: item[0])


@settings(deadline=None, max_examples=100)
@given(labels, rated, st.sampled_from(["\n", "\r\n"]))
def test_a_list_edited_item_by_item_reads_back_and_loses_no_comment_silently(
    written: list[str], wanted: list[tuple[str, int]], newline: str
) -> None:
    lines = ["products:", "  - name: G", "    components:"]
    for label in written:
        lines += [f"      # about {label}", f"      - label: {label}   # {label} here",
                  "        rate: 1"]
    text = newline.join([*lines, "    brand: W", ""])
    values = [{"label": label, "rate": rate} for label, rate in wanted]
    config = ConfigText([("c.yaml", text)], SECTIONS)
    change = ValueEdit(("products", 0), ("components",), values, "components",
                       items_from=matched(written, wanted))
    assert config.set_values([change]) == []
    after = config.changed()["c.yaml"][1] if config.changed() else text
    assert load(after)["products"][0]["components"] == values
    for label, rate in wanted:
        if label in written and rate == 1:  # an item that stays keeps its comments
            assert f"      # about {label}{newline}      - label: {label}   # {label} here" \
                in after
    dropped = " ".join(str(d) for d in config.comments_dropped)
    for label in written:
        for comment in (f"# about {label}", f"# {label} here"):
            assert comment in after or comment in dropped
    assert after.count("\n") == after.count(newline)
