"""The line reader builds exactly what the plain reader builds, or steps aside.

``lineread`` reads block YAML a line at a time; whatever it returns must be what ``plainread``
(libyaml's events) returns for the same text, value for value, type for type, number text for
number text. Where it is not certain, it raises ``Unsupported`` and the file is read by
``plainread``: the tests below check both halves, on catalogues, on chosen edge cases and on
random documents and random lines.
"""

from __future__ import annotations

import textwrap
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from bench.catalogue import Shape, write_catalogue
from reconciler.config.lineread import line_load
from reconciler.config.plainread import Unsupported, plain_load
from reconciler.config.walk import MAX_DEPTH
from tests.config.test_fastread import DOCUMENTS, EXAMPLES, ROOT, TRICKY, UNSUPPORTED, _plain
from tests.config.test_plainread import EMPTY_VALUES, products, round_trip_plain, snapshot

LIMITS = (10**6, MAX_DEPTH, 10**6)
DECLINED = "declined"


def by_lines(text: str, limits: tuple[int, int, int] = LIMITS) -> Any:
    try:
        return snapshot(line_load(text, limits))
    except Unsupported:
        return DECLINED


def by_events(text: str, limits: tuple[int, int, int] = LIMITS) -> Any:
    try:
        return snapshot(plain_load(text, limits))
    except Unsupported:
        return DECLINED


def assert_read_alike(text: str) -> None:
    """The line reader reads ``text`` and builds what the plain reader builds."""
    found = by_lines(text)
    assert found != DECLINED
    assert found == by_events(text)


def assert_agrees(text: str) -> None:
    """Either the line reader declines ``text``, or it builds what the plain reader builds."""
    found = by_lines(text)
    if found != DECLINED:
        assert found == by_events(text), text


# --- what the line reader reads -----------------------------------------------------------------

READ = {
    "nested mappings": "a:\n  b:\n    c: 1\n  d: 2\ne: 3\n",
    "a sequence of mappings": "items:\n  - a: 1\n    b: two\n  - a: 2\n",
    "indentless sequences": "a:\n- x\n- y\nb:\n- k: 1\n  l: 2\nc: 3\n",
    "an indentless sequence in an item": "- a:\n  - x\n  b: 1\n",
    "wide dashes": "-   a: 1\n    b: 2\n-    c\n",
    "empty values": "a:\nb:\n  c:\n  -\nd: # a comment\ne:\n",
    "empty items": "-\n- x\n-\n",
    "a nested sequence": "-\n  - a\n  - b\n- c\n",
    "comments everywhere": "# top\na: 1 # one\n  # indented\nb: x#y # not a comment, then one\n",
    "a document marker": "---\na: 1\n",
    "a document marker alone": "--- # nothing\n",
    "an indented document": "  a: 1\n  b:\n    - 2\n",
    "plain text with indicators inside": "a: Foo, Bar [x] {y}\nb: a:b\nc: -5\nd: x-y-z\ne: ---\n",
    "quoted text": "a: \"q: r # s\"\nb: 'back\\slash'\nc: \"\"\nd: ''\ne: \"x\" # c\n",
    "numbers and other plain values": (
        "a: 012\nb: 1.50\nc: -2.5\nd: +3\nf: .5\ng: yes\nh: ~\ni: null\nj: True\n"
        "k: 2001-12-14\nl: 1e3\n"
    ),
    "flow collections": (
        "a: [1, two, 3.0]\nb: {x: 1, y: 2.50, z: ~}\nc: []\nd: {}\ne: [ a b ,c ]\n"
        "f: {k:  v , l: w}  # c\n"
    ),
    "anchors, aliases and merges": (
        "x-base: &base\n  taxable: true\n  weight_unit: kg\n"
        "x-more: &more\n  weight: 0.2\n  taxable: false\n"
        "items:\n  - <<: *base\n    sku: A\n  - <<: [*more, *base]\n    sku: B\n"
        "  - sku: C\n    <<: *more # after\n    weight: 1\n"
        "list: &list\n  - 1\n  - 2\nagain: *list\nitems2:\n  - *list\n"
        "items3:\n  - &item\n    <<: *base\n    sku: D\n  - *item\n"
    ),
    "unicode": "name: Café ✓ 日本\nnote: \"naïve\"\n",
    "long lines": "a: " + "x" * 5000 + "\n",
    "no final newline": "a: 1\nb: 2",
    "Windows line ends": "a: 1\r\nb:\r\n  - x # c\r\n  - {k: 1}\r\nc: \"q\"\r\n",
    "keys with spaces": "Trade EU: 1\nprices: {Trade EU: 2.5, VIP: 3}\nx y_z-w: 4\n",
    "empty": "",
    "only comments": "# nothing\n\n   # more\n",
}


@pytest.mark.parametrize("name", sorted(READ))
def test_block_documents_are_read_by_lines_alike(name: str) -> None:
    assert_read_alike(READ[name])


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_examples_are_read_by_lines_alike(path: Path) -> None:
    assert_read_alike(path.read_text(encoding="utf-8"))


def test_generated_catalogues_are_read_by_lines_alike(tmp_path: Path) -> None:
    directory = write_catalogue(tmp_path / "catalogue", Shape(30, 4))
    files = sorted(directory.rglob("*.yaml"))
    assert len(files) > 3
    for path in files:
        assert_read_alike(path.read_text(encoding="utf-8"))
    assert_read_alike(products(20))


@pytest.mark.parametrize("name", sorted(EMPTY_VALUES))
def test_empty_values_are_read_by_lines_alike(name: str) -> None:
    assert_read_alike(EMPTY_VALUES[name])


# --- what it leaves to the plain reader ---------------------------------------------------------

DECLINED_TEXTS = {
    "a block scalar": "a: |\n  line\n",
    "a folded scalar": "a: >-\n  line\n",
    "a plain scalar over two lines": "a: one\n  two\n",
    "a quoted scalar over two lines": 'a: "one\n  two"\n',
    "an escape": 'a: "caf\\u00e9"\n',
    "a doubled single quote": "a: 'it''s'\n",
    "an explicit tag": "a: !!str 3\n",
    "a local tag": "a: !x 3\n",
    "a complex key": "? [a, b]\n: c\n",
    "a key with two spaces together": "a  b: 1\n",
    "a key ending in a space": "a : 1\n",
    "a quoted key": '"a": 1\n',
    "a number as key": "1: x\n",
    "a boolean as key": "true: x\n",
    "a null as key": "null: x\n",
    "a key over 1,000 characters": "k" * 1001 + ": 1\n",
    "a colon without a space": "a:1\n",
    "a second colon": "a: b: c\n",
    "a trailing colon": "a: b:\n",
    "a colon in a flow item": "a: [b:c]\n",
    "a flow key without a space": "a: {b:c}\n",
    "nested flow": "a: [[1]]\n",
    "a flow collection over two lines": "a: [1,\n  2]\n",
    "a trailing comma": "a: [1, 2,]\n",
    "quotes in flow": "a: ['x', y]\n",
    "an alias in flow": "a: &a\n  b: 1\nc: [*a]\n",
    "a merge in flow": "a: &a\n  b: 1\nc: {<<: *a}\n",
    "a duplicate key": "a: 1\na: 2\n",
    "a duplicate flow key": "a: {b: 1, b: 2}\n",
    "a second merge key": "a: &a\n  b: 1\nc:\n  <<: *a\n  <<: *a\n",
    "merging a sequence": "a: &a\n  - 1\nc:\n  <<: *a\n",
    "merging a mapping written inline": "a:\n  <<: {b: 1}\n",
    "an anchored scalar": "a: &a 1\nb: *a\n",
    "an anchored item on its line": "- &a 1\n- *a\n",
    "an anchored empty value": "a: &a\nb: 1\n",
    "an unknown alias": "a: *nothing\n",
    "an alias inside its anchor": "a: &a\n  b: *a\n",
    "a tab": "a:\t1\n",
    "a carriage return alone": "a: 1\rb: 2\n",
    "a next-line character": "a: x\x85y\n",
    "a line separator": "a: x\u2028y\n",
    "a byte order mark inside": "a: \ufeffx\n",
    "a control character": "a: x\x07\n",
    "a directive": "%YAML 1.2\n---\na: 1\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "a document end": "a: 1\n...\n",
    "a scalar document": "hello\n",
    "a flow document": "{a: 1}\n",
    "a dash inside a mapping": "a: 1\n- b\n",
    "a key inside a sequence": "- a\nb: 1\n",
    "misaligned keys": "a:\n    b: 1\n  c: 2\n",
    "less indented than the document": "  a: 1\nb: 2\n",
    "a nested dash": "- - a\n",
    "a dash as a value": "a: - b\n",
    "a question mark": "a: ?b\n",
    "an integer in another base": "a: 0x1F\n",
}


@pytest.mark.parametrize("name", sorted(DECLINED_TEXTS))
def test_what_the_line_reader_cannot_be_sure_of_is_left_to_the_plain_reader(name: str) -> None:
    assert by_lines(DECLINED_TEXTS[name]) == DECLINED


@pytest.mark.parametrize("name", sorted(set(TRICKY) | set(UNSUPPORTED)))
def test_the_fast_readers_tricky_documents_are_declined_or_read_alike(name: str) -> None:
    assert_agrees(textwrap.dedent({**TRICKY, **UNSUPPORTED}[name]).lstrip())


# --- limits --------------------------------------------------------------------------------------


def test_alias_expansion_counts_towards_the_limit() -> None:
    eight = "".join(f"  - {n}\n" for n in range(1, 9))
    text = "a: &a\n" + eight + "b: &b\n" + "  - *a\n" * 8 + "c:\n  - *b\n  - *b\n"
    assert line_load(text, (1_000, MAX_DEPTH, 0))["c"][1][7] == list(range(1, 9))
    with pytest.raises(Unsupported):
        line_load(text, (100, MAX_DEPTH, 0))


def test_merged_entries_count_towards_the_merge_bound() -> None:
    text = "x: &x\n  a: 1\n  b: 2\n  c: 3\nitems:\n" + "  - <<: *x\n    d: 4\n" * 10
    assert line_load(text, (1_000, MAX_DEPTH, 30))["items"][9] == {"d": 4, "a": 1, "b": 2, "c": 3}
    with pytest.raises(Unsupported):
        line_load(text, (1_000, MAX_DEPTH, 29))


def test_nesting_is_bounded_like_the_plain_reader() -> None:
    def nested(levels: int) -> str:
        return "".join(f"{'  ' * n}k:\n" for n in range(levels)) + f"{'  ' * levels}v: 1\n"

    deep_enough = nested(MAX_DEPTH - 6)
    assert by_lines(deep_enough) == by_events(deep_enough) != DECLINED
    too_deep = nested(MAX_DEPTH)
    assert by_lines(too_deep) == DECLINED == by_events(too_deep)


# --- random documents and random lines -----------------------------------------------------------


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=DOCUMENTS, flow=st.sampled_from([False, None]))
def test_random_documents_are_read_alike(document: Any, flow: bool | None) -> None:
    yaml = YAML()
    yaml.default_flow_style = flow
    stream = StringIO()
    yaml.dump(_plain(document), stream)
    assert_agrees(stream.getvalue())


INDENTS = st.sampled_from(["", "", "  ", "  ", "    ", " ", "      "])
DASHES = st.sampled_from(["", "", "- ", "-", "-  ", "- - "])
LINE_KEYS = st.sampled_from(
    ["a", "b", "sku", "x-y", "<<", "a b", "true", "1", "null", "_k", "k:", '"q"', "?"]
)
SEPARATORS = st.sampled_from([": ", ":", ":  ", " : ", ": # c"])
VALUES = st.sampled_from([
    "", "x", "1", "1.50", "-2", "0x1F", "~", "yes", "x y", "a:b", "a: b", "a #c", "a#b", "x:",
    '"q"', '"q: r"', '"a\\"b"', "'s'", "'it''s'", '"open', "[a, b]", "[a,b]", "[]", "{}",
    "{k: 1}", "{k: 1, k: 2}", "{k:v}", "[a, [b]]", "[*x]", "*x", "*y", "&x", "&x 1", "&y",
    "[*x, *y]", "- a", "-", "-5", "|", ">", "!t x", "? x", "---", "...", "%x", "# c",
    "@x", "`x`", "=", "x\t", "é", "{a: 1} x", '"x" y',
])
LINES = st.builds(
    lambda indent, dash, key, separator, value: (
        indent + dash + (key + separator if key is not None else "") + value
    ),
    INDENTS,
    DASHES,
    st.none() | LINE_KEYS,
    SEPARATORS,
    VALUES,
)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(LINES, min_size=1, max_size=8))
def test_random_lines_are_declined_or_read_alike(lines: list[str]) -> None:
    assert_agrees("\n".join(lines) + "\n")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(LINES, min_size=1, max_size=8))
def test_random_lines_under_an_anchor_are_declined_or_read_alike(lines: list[str]) -> None:
    header = "x: &x\n  k: 1\ny: &y\n  - 2\n"
    assert_agrees(header + "\n".join(lines) + "\n")


# Block documents built node by node, in the layouts people write (indent widths, indentless
# sequences, wide dashes, comments, anchors), with awkward scalars: most are valid YAML, so the
# line reader reads many of them and each is compared with the plain reader.

TREE_KEYS = st.sampled_from(["a", "b", "sku", "x-y", "_k", "name", "true", "a b", "<<", "k2"])
TREE_VALUES = st.sampled_from([
    "x", "1", "1.50", "-2", "~", "yes", "x y", "a:b", "a#b", "a #c", '"q"', '"q: r # s"',
    "'s'", "''", "[a, b]", "[]", "{k: 1, l: x y}", "{}", "*x", "[*x]", "2001-01-01", "é ✓",
    "", "# c", "-x", "x]", "{k: 1} # c", '"x" # c', "'a' b", "x:", "0x1F", "=", "[=, a]",
])


def _tree(leaves: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.recursive(
        leaves,
        lambda children: st.one_of(
            st.lists(children, min_size=1, max_size=3).map(lambda items: ("seq", items)),
            st.lists(st.tuples(TREE_KEYS, children), min_size=1, max_size=3).map(
                lambda entries: ("map", entries)
            ),
        ),
        max_leaves=12,
    )


def _render(node: Any, indent: int, layout: dict[str, Any], lines: list[str]) -> None:
    """``node`` (a mapping or sequence) as block lines at ``indent``."""
    pad, width = " " * indent, layout["width"]
    kind, items = node
    for number, item in enumerate(items):
        if layout["comments"] and number % 2:
            lines.append(f"{pad}# between")
        if kind == "map":
            key, value = item
            if isinstance(value, str):
                lines.append(f"{pad}{key}: {value}".rstrip(" ") if value else f"{pad}{key}:")
                continue
            anchor = " &x" if layout["anchor"] and number == 0 else ""
            lines.append(f"{pad}{key}:{anchor}")
            inner = indent if value[0] == "seq" and layout["indentless"] else indent + width
            _render(value, inner, layout, lines)
            continue
        dash = "-" + " " * layout["dash"]
        if isinstance(item, str):
            lines.append(f"{pad}{dash}{item}".rstrip(" ") if item else f"{pad}-")
        elif item[0] == "map" and layout["compact"]:
            nested: list[str] = []
            _render(item, indent + len(dash), layout, nested)
            lines.append(pad + dash + nested[0].lstrip(" "))
            lines.extend(nested[1:])
        else:
            lines.append(f"{pad}-")
            _render(item, indent + width, layout, lines)


LAYOUTS = st.fixed_dictionaries({
    "width": st.sampled_from([2, 4, 1]),
    "dash": st.sampled_from([1, 1, 3]),
    "indentless": st.booleans(),
    "compact": st.booleans(),
    "comments": st.booleans(),
    "anchor": st.booleans(),
    "line_end": st.sampled_from(["\n", "\n", "\r\n"]),
})


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    tree=_tree(TREE_VALUES).filter(lambda node: not isinstance(node, str)),
    layout=LAYOUTS,
)
def test_random_block_layouts_are_declined_or_read_alike(tree: Any, layout: dict[str, Any]) -> None:
    lines: list[str] = ["x: &x", "  k: 1"] if layout["anchor"] else []
    if tree[0] == "map":
        _render(tree, 0, layout, lines)
    else:
        lines.append("items:")
        _render(tree, 2, layout, lines)
    text = layout["line_end"].join(lines) + layout["line_end"]
    assert_agrees(text)
    if by_lines(text) != DECLINED:  # and the loader with positions reads the same
        assert by_lines(text) == snapshot(round_trip_plain(text))
