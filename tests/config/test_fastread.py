"""The fast reader builds exactly what the round-trip loader builds, or steps aside."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml.comments import CommentedMap, CommentedSeq, merge_attrib

from reconciler.config.fastread import Unsupported, fast_load
from reconciler.config.reader import (
    ParsedFile,
    _Map,
    parse_yaml,
    read_round_trip,
    round_trip_yaml,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").rglob("*.yaml"))

TRICKY = {
    "scalars": """
        ints: [1, -2, +3, 012, 0x1F, 0o17, 1_000]
        floats: [0.1, 1e3, -2.50, .inf, -.inf, .nan, 1_0.5]
        text: [yes, no, on, "1", '2', ~, null, Null, "", 2001-12-14]
        stamp: 2001-12-14t21:59:43.10-05:00
        colons: [a:b, "c: d"]
        bools: [true, false, True, FALSE]
        equals: {=: x}
        numbers as keys: {1: a, 0.5: b, true: c, null: d}
    """,
    "anchors and merges": """
        x-base: &base {taxable: true, weight_unit: kg}
        x-more: &more {weight: 0.2, taxable: false}
        items:
          - <<: *base
            sku: A
          - <<: [*more, *base]
            sku: B
            taxable: true
          - &c {sku: C}
          - *c
        scalar: &s 5
        again: *s
    """,
    "duplicates": """
        a: 1
        b: 2
        a: 3
        nested: {x: 1, x: 2}
    """,
    "block scalars": """
        folded: >
          one
          two
        literal: |
          line 1
          line 2
        unicode: "caf\\u00e9 ✓"
    """,
    "explicit document": "---\na: 1\n...\n",
    "empty": "",
    "only comments": "# nothing here\n",
    "a list at the top": "- 1\n- two\n",
    "a scalar at the top": "hello\n",
}

UNSUPPORTED = {
    "explicit tag": "a: !!str 3\n",
    "complex key": "? [a, b]\n: c\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "directive": "%YAML 1.1\n---\na: 1\n",
    "inline merge": "a:\n  <<: {b: 1}\n",
}


def snapshot(value: Any, depth: int = 0) -> Any:
    """Everything the walker reads of a loaded value: data, types, positions, merges."""
    assert depth < 50
    if isinstance(value, CommentedMap):
        merged = [snapshot(m, depth + 1) for m in getattr(value, merge_attrib, None) or ()]
        return (
            "map",
            [(snapshot(k, depth + 1), snapshot(v, depth + 1)) for k, v in value.items()],
            (value.lc.line, value.lc.col),
            {str(k): list(v) for k, v in (value.lc.data or {}).items()},
            merged,
        )
    if isinstance(value, CommentedSeq):
        items = [snapshot(v, depth + 1) for v in value]
        return ("seq", items, (value.lc.line, value.lc.col), dict(value.lc.data or {}))
    source = getattr(value, "yaml_source", None)
    plain = str(value) if isinstance(value, str) else value
    kind = "bool" if isinstance(value, bool) else type(plain).__name__
    if isinstance(value, int | float) and not isinstance(value, bool):
        kind = "number"
    return (kind, str(plain), source)


def both(text: str) -> tuple[ParsedFile, ParsedFile]:
    """What the reader makes of ``text`` (fast where it can), and the round-trip loader alone."""
    fast = parse_yaml("f.yaml", text.encode(), positions=True)
    slow = ParsedFile("f.yaml", None, fast.line_count)
    read_round_trip(slow, text, round_trip_yaml())
    return fast, slow


def reads_fast(text: str) -> bool:
    try:
        fast_load(text, _Map, round_trip_yaml().constructor)
    except Unsupported:
        return False
    return True


def assert_same(text: str) -> None:
    fast, slow = both(text)
    assert snapshot(fast.data) == snapshot(slow.data)
    assert [str(d) for d in fast.diagnostics] == [str(d) for d in slow.diagnostics]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_examples_read_the_same_and_fast(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert_same(text)
    assert reads_fast(text)


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_tricky_documents_read_the_same(name: str) -> None:
    import textwrap

    assert_same(textwrap.dedent(TRICKY[name]).lstrip())


def test_duplicates_are_reported_where_they_are() -> None:
    fast, _ = both("a: 1\nb: 2\na: 3\n")
    assert [str(d) for d in fast.diagnostics] == [
        "f.yaml:3:1: duplicate key 'a' (first at line 1, column 1)"
    ]


@pytest.mark.parametrize("name", sorted(UNSUPPORTED))
def test_what_only_the_round_trip_loader_reads_is_left_to_it(name: str) -> None:
    assert not reads_fast(UNSUPPORTED[name])
    assert_same(UNSUPPORTED[name])


SCALARS = st.one_of(
    st.integers(-(10**6), 10**6),
    st.decimals(allow_nan=False, allow_infinity=False, places=3),
    st.booleans(),
    st.none(),
    st.text(alphabet="abcXYZ019 -_.:#'\"é", max_size=8),
)
KEYS = st.text(alphabet="abcxyz_-", min_size=1, max_size=6)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=DOCUMENTS, flow=st.booleans())
def test_random_documents_read_the_same(document: Any, flow: bool) -> None:
    from io import StringIO

    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.default_flow_style = flow
    stream = StringIO()
    yaml.dump(_plain(document), stream)
    assert_same(stream.getvalue())


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return float(value) if not isinstance(value, bool | int | str | type(None)) else value
