"""The plain reader and the loader with positions agree: on data, on positions, on diagnostics.

``plainread`` builds plain data from the C parser and leaves positions to a second reading of
the file when one is needed; ``load_catalogue(path, positions=True)`` reads every file with
positions from the start. Whatever the configuration, both give the same catalogue, the same
position for every record and field, and the same diagnostics, placed alike.
"""

from __future__ import annotations

import textwrap
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from ruamel.yaml import YAML

from reconciler.config import ConfigError, Diagnostic, LoadedCatalogue, Position, load_catalogue
from reconciler.config.plainread import Unsupported, plain_load
from reconciler.config.reader import ParsedFile, read_round_trip, round_trip_yaml
from reconciler.config.walk import MAX_DEPTH, Walker
from tests.config.test_fastread import DOCUMENTS, EXAMPLES, ROOT, TRICKY, UNSUPPORTED, _plain
from tests.config.trees import doc, write_tree

EMPTY_VALUES = {
    "an empty value": "a:\nb: 1\n",
    "empty values in a mapping": "top:\n  first:\n  second: x\n  third:\n",
    "an empty item": "items:\n  -\n  - x\n",
    "an empty value before a list": "a:\nitems: [1, 2]\n",
}


def snapshot(value: Any) -> Any:
    """The data with the types and number texts the models see."""
    if isinstance(value, dict):
        return ("dict", [(k, snapshot(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [snapshot(v) for v in value])
    return (type(value).__name__, str(value), getattr(value, "yaml_source", None))


def round_trip_plain(text: str) -> Any:
    """What the loader with positions makes of ``text``: the round-trip load, walked."""
    parsed = ParsedFile("f.yaml", None, max(1, len(text.splitlines())))
    read_round_trip(parsed, text, round_trip_yaml())
    assert not parsed.diagnostics
    walker = Walker("f.yaml", parsed.diagnostics, parsed.line_count)
    plain = walker.walk(parsed.data, (), Position("f.yaml", 1, 1))
    assert not parsed.diagnostics
    return plain


def plain(text: str) -> Any:
    return plain_load(text, (10**6, MAX_DEPTH, 10**6))


def assert_same_data(text: str) -> None:
    assert snapshot(plain(text)) == snapshot(round_trip_plain(text))


@pytest.mark.parametrize("name", sorted(set(TRICKY) - {"duplicates"}))
def test_tricky_documents_read_plain_the_same(name: str) -> None:
    text = textwrap.dedent(TRICKY[name]).lstrip()
    try:
        assert_same_data(text)
    except Unsupported:  # left to the loader with positions, which the tests below compare
        assert name == "scalars"  # integers in other bases and special floats


@pytest.mark.parametrize("name", sorted(EMPTY_VALUES))
def test_empty_values_read_plain(name: str) -> None:
    assert_same_data(EMPTY_VALUES[name])


def test_an_equals_sign_is_text_for_every_reader() -> None:
    text = "a: =\nitems:\n  - =\n"
    assert plain(text) == {"a": "=", "items": ["="]}
    assert_same_data(text)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_examples_read_plain_the_same(path: Path) -> None:
    assert_same_data(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "text",
    [
        *UNSUPPORTED.values(),
        "a: 1\na: 2\n",
        "1: x\n",
        "a: &x [*x]\n",
        "a: &x {b: 1}\nc: {<<: *x, <<: *x}\n",
        "a: !!binary aGk=\n",
    ],
)
def test_what_may_hold_a_problem_is_left_to_the_loader_with_positions(text: str) -> None:
    with pytest.raises(Unsupported):
        plain(text)


def test_alias_expansion_counts_towards_the_limit() -> None:
    text = "a: &a [1, 2, 3, 4, 5, 6, 7, 8]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b]\n"
    assert plain_load(text, (1_000, MAX_DEPTH, 0))["c"][1][7] == list(range(1, 9))
    with pytest.raises(Unsupported):
        plain_load(text, (100, MAX_DEPTH, 0))


def test_merged_entries_count_towards_the_merge_bound() -> None:
    text = "x: &x {a: 1, b: 2, c: 3}\nitems:\n" + "  - {<<: *x, d: 4}\n" * 10
    assert len(plain_load(text, (1_000, MAX_DEPTH, 30))["items"]) == 10
    with pytest.raises(Unsupported):
        plain_load(text, (1_000, MAX_DEPTH, 29))


def test_equal_numbers_share_one_object() -> None:
    data = plain("a: [10.50, 10.50, 7, 7]\n")["a"]
    assert data[0] is data[1] and data[2] is data[3]
    assert data[0] == Decimal("10.50") and str(data[0]) == "10.50"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=DOCUMENTS)
def test_random_documents_read_plain_the_same(document: Any) -> None:
    yaml = YAML()
    stream = StringIO()
    yaml.dump(_plain(document), stream)
    assert_same_data(stream.getvalue())


# --- whole configurations: the plain path against positions from the start ---------------------

VARIANT = (
    "      - <<: *variant\n"
    "        sku: {sku}\n"
    "        name: {name}\n"
    "        prices: {{retail: 12.50, wholesale: 8, VIP: 11}}\n"
)


def products(count: int, first: int = 0, extra: str = "", header: bool = True) -> str:
    variants = "".join(VARIANT.format(sku=f"S-{n}", name=f"Size {n}") for n in range(first, count))
    return (
        ("gecko_apply: 1\n" if header else "")
        + "x-variant: &variant\n  taxable: true\n  weight_unit: kg\n"
        + f"products:\n  - name: Product {first}\n    tags: [a, b]\n    variants:\n"
        + variants
        + extra
    )


VALID = {
    "one file": {"c.yaml": products(3)},
    "several files": {
        "a.yaml": doc("price_lists:\n  - code: VIP\n    name: VIP\n    currency: SGD\n"),
        "b/products.yaml": products(2),
        "c/more.yaml": products(5, 2, header=False),
    },
    "empty values": {
        "c.yaml": doc("options:\nlocations:\n  - label: Main\n    city:\n"),
    },
    "a price list the account holds": {"c.yaml": products(2)},
}

INVALID = {
    "unknown field and empty value": {
        "c.yaml": products(2, extra="        colour: red\n      - sku:\n"),
    },
    "wrong types": {
        "c.yaml": products(1, extra="      - sku: B\n        prices: {retail: abc}\n"
                                    "        weight: -1\n        taxable: maybe\n"),
    },
    "duplicates across files": {"a.yaml": products(2), "b.yaml": products(3, 1)},
    "header problems": {
        "a.yaml": doc("options:\n  archive_missing: [variantz]\nproduct: []\n"),
        "b.yaml": "gecko_apply: 2\noptions: {}\nlocations: {label: x}\n",
    },
    "ignore fields and renames": {
        "c.yaml": doc("""\
            locations:
              - label: A
                renamed_from: A
                lifecycle: {ignore_fields: [citty]}
              - label:
            """),
    },
    "missing header and required keys": {"c.yaml": "payment_terms:\n  - due_in_days: 3\n"},
}


def load_both(root: Path, files: dict[str, str]) -> tuple[Any, Any]:
    write_tree(root, files)
    found: list[LoadedCatalogue | tuple[Diagnostic, ...]] = []
    for positions in (False, True):
        try:
            found.append(load_catalogue(root, positions=positions))
        except ConfigError as error:
            found.append(error.diagnostics)
    return found[0], found[1]


def every_path(loaded: LoadedCatalogue) -> list[tuple[str | int, ...]]:
    paths: list[tuple[str | int, ...]] = []
    for kind, key in loaded.record_paths:
        path = loaded.path_of(kind, key)
        assert path is not None
        paths.append(path)
        record = _record_at(loaded, path)
        paths.extend((*path, name) for name in sorted(record.model_fields_set))
        for code in getattr(record, "prices", {}) or {}:
            paths.append((*path, "prices", code))
    return paths


def _record_at(loaded: LoadedCatalogue, path: tuple[str | int, ...]) -> Any:
    node: Any = loaded.catalogue
    for part in path:
        node = node[part] if isinstance(part, int) else getattr(node, str(part))
    return node


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_configurations_load_the_same_with_the_same_positions(
    tmp_path: Path, name: str
) -> None:
    fast, slow = load_both(tmp_path, VALID[name])
    assert isinstance(fast, LoadedCatalogue) and isinstance(slow, LoadedCatalogue)
    assert fast.catalogue == slow.catalogue
    assert fast.unresolved == slow.unresolved
    for mine, theirs in zip(fast.unresolved, slow.unresolved, strict=True):
        assert str(mine.diagnostic()) == str(theirs.diagnostic())
    paths = every_path(fast)
    assert paths
    for path in paths:
        assert fast.source_map.position(path) == slow.source_map.position(path), path
        assert fast.source_map.value_position(path) == slow.source_map.value_position(path)
        assert fast.source_map.local_path(path) == slow.source_map.local_path(path)


@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_configurations_report_the_same_problems_in_the_same_places(
    tmp_path: Path, name: str
) -> None:
    fast, slow = load_both(tmp_path, INVALID[name])
    assert isinstance(fast, tuple) and fast, fast
    assert [str(d) for d in fast] == [str(d) for d in slow]
    assert all(d.line > 0 for d in fast)


def test_an_empty_value_is_placed_on_its_key_by_both_loaders(tmp_path: Path) -> None:
    """The parser places an empty value where the next token starts (the next line); the
    problem is the key's, so that is where it is reported."""
    fast, slow = load_both(tmp_path, {"c.yaml": doc("locations:\n  - label:\n    city: X\n")})
    assert [str(d) for d in fast] == [str(d) for d in slow]
    assert [str(d).removeprefix(str(tmp_path)) for d in fast] == [
        "/c.yaml:3:5: locations[0].label: input should be a valid string, got null"
    ]


def test_a_lone_empty_version_key_is_reported_on_its_line(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_text("gecko_apply:\n")
    with pytest.raises(ConfigError) as raised:
        load_catalogue(tmp_path)
    (problem,) = raised.value.diagnostics
    assert (problem.line, problem.col) == (1, 1)
    assert "gecko_apply must be 1, got null" in problem.message


def test_positions_are_read_only_for_the_files_asked_about(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.yaml": products(2), "b.yaml": products(4, 2, header=False)})
    loaded = load_catalogue(tmp_path)
    files = loaded.source_map._files
    assert all(positions._read is not None for positions in files.values())
    where = loaded.position_of("variant", "S-3")
    assert where is not None and where.file.endswith("b.yaml")
    assert files[str(tmp_path / "b.yaml")]._read is None
    assert files[str(tmp_path / "a.yaml")]._read is not None
