"""The export writer: byte for byte what ruamel's round-trip writer makes of the same document."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from reconciler.config.schema import SCHEMA_FILE
from reconciler.render import yaml as writer
from reconciler.render.yaml import dump_document, dump_round_trip

EXAMPLES = sorted(Path("examples").glob("**/*.yaml"))


def as_export(value: Any) -> Any:
    """A loaded example as export builds documents: plain dicts and lists, numbers as Decimal."""
    if isinstance(value, dict):
        return {str(k): as_export(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_export(v) for v in value]
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


def fast(document: dict[str, Any]) -> str:
    """The line writer alone: raises where ``dump_document`` would fall back."""
    return writer.HEADER + "".join(writer._mapping(document, 0, ""))


@pytest.mark.parametrize("path", EXAMPLES, ids=str)
def test_examples_are_written_as_the_round_trip_writer_writes_them(path: Path) -> None:
    document = as_export(YAML(typ="safe").load(path.read_text(encoding="utf-8")))
    assert dump_document(document) == dump_round_trip(document)


def test_an_export_takes_the_line_writer(tmp_path: Path) -> None:
    document = {
        "gecko_apply": 1,
        "products": [{
            "name": "Everlasting Gobstopper", "tags": ["candy", "summer"],
            "variants": [
                {"sku": "DEMO-GOBS-PEA", "name": "Peach", "manage_stock": True,
                 "prices": {"retail": Decimal("22.0"), "VIP": Decimal("20"), "2024": Decimal(1)}},
                {"sku": "DEMO: lemon #2", "name": "it is 'lemon'", "weight": Decimal("-0.50")},
            ],
        }],
    }
    assert fast(document) == dump_round_trip(document)
    assert "'2024': 1" in fast(document)
    assert "sku: 'DEMO: lemon #2'" in fast(document)
    written = writer.write_documents({"a.yaml": document}, tmp_path)
    assert written == [tmp_path / "a.yaml", tmp_path / SCHEMA_FILE]
    modeline = f"# yaml-language-server: $schema={SCHEMA_FILE}\n"
    assert written[0].read_text(encoding="utf-8") == modeline + dump_round_trip(document)


@pytest.mark.parametrize("value", ["", "it's: here", "two\nlines", "x" * 2000, "tab\there",
                                   "naïve café", " padded ", "true", "~", "- item", "null"])
def test_unusual_strings_match_too(value: str) -> None:
    document = {"products": [{"name": value, "tags": [value]}]}
    assert dump_document(document) == dump_round_trip(document)


texts = st.text(max_size=30) | st.sampled_from(
    ["Peach", "DEMO-GOBS-PEA", "yes", "No", "TRUE", "1.5", "0x1F", "2024-01-01", "a: b", "#x",
     "@home", "[x]", "x, y", "50%", "'quoted'", '"dq"', "tab\t", "ü", "\u2028", "*ref", "? q"])
numbers = st.decimals(allow_nan=False, allow_infinity=False, places=2,
                      min_value=-10**6, max_value=10**6)
scalars = texts | numbers | st.booleans() | st.integers(-10**9, 10**9)
keys = st.sampled_from(["name", "sku", "retail", "VIP", "B2B-2024", "2024", "true", "a b"])
variants = st.dictionaries(keys, scalars | st.lists(texts, max_size=3), min_size=1, max_size=5)
products = st.fixed_dictionaries(
    {"name": texts},
    optional={"tags": st.lists(texts, max_size=3), "variants": st.lists(variants, max_size=3),
              "prices": st.dictionaries(keys, numbers, max_size=3)},
)
documents = st.fixed_dictionaries({"gecko_apply": st.just(1)},
                                  optional={"products": st.lists(products, max_size=4)})


@settings(max_examples=300, deadline=None)
@given(documents)
def test_random_catalogues_are_written_byte_for_byte_alike(document: dict[str, Any]) -> None:
    assert dump_document(document) == dump_round_trip(document)
