"""The JSON Schema against the configuration's own validation: check-jsonschema accepts every
example and refuses what ``validate`` refuses, value by value."""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import product
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, TypeAdapter, ValidationError

from reconciler.config import ConfigError, load_catalogue
from reconciler.config.document import Options, Thresholds
from reconciler.config.schema import SCHEMA_ID, catalogue_schema, schema_named_in, with_modeline
from reconciler.kinds.currency import Currency
from reconciler.kinds.fields import CountryCode, CurrencyCode
from reconciler.kinds.payment_term import PaymentTerm
from reconciler.kinds.variant import Variant
from tests.jsonschema_check import schema_errors

from .trees import doc

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "schemas" / "catalogue.schema.json"
YAML_FENCE = re.compile(r"^```yaml\n(.*?)^```", re.MULTILINE | re.DOTALL)
SCHEMA = catalogue_schema()


def catalogue_examples(tmp_path: Path) -> list[Path]:
    """Every catalogue file under examples/, and the README's YAML snippets as files."""
    files = sorted(p for p in (ROOT / "examples").rglob("*.yaml") if "github" not in p.parts)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for number, snippet in enumerate(YAML_FENCE.findall(readme)):
        files.append(tmp_path / f"readme-{number}.yaml")
        files[-1].write_text(snippet, encoding="utf-8")
    return files


def test_every_example_and_readme_snippet_is_valid(tmp_path: Path) -> None:
    files = catalogue_examples(tmp_path)
    assert len(files) >= 16
    assert any(p.parent.name == "demo" for p in files)  # the README's first command plans it
    assert any(p.name.startswith("readme-") for p in files)
    assert schema_errors(SCHEMA_FILE, files) == {}
    for snippet in tmp_path.glob("readme-*.yaml"):
        load_catalogue(snippet)  # and validate accepts them too


REJECTED = """\
locations:
  - label: Depot
    country: XX
currencies:
  - iso: EURO
products:
  - name: P
    colour: red
    images:
      - url: ftp://cdn.example.com/p.jpg
    variants:
      - sku: S
        weight: heavy
        prices: {retail: "abc", wholesale: "12.34567", buy: -1}
"""


def test_the_schema_rejects_what_validate_rejects(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(doc(REJECTED), encoding="utf-8")
    expected = {
        "$.locations[0].country",
        "$.currencies[0].iso",
        "$.products[0]",  # colour
        "$.products[0].images[0].url",
        "$.products[0].variants[0].weight",
        "$.products[0].variants[0].prices.retail",
        "$.products[0].variants[0].prices.wholesale",
        "$.products[0].variants[0].prices.buy",
    }
    assert set(schema_errors(SCHEMA_FILE, [bad])[bad]) == expected
    with pytest.raises(ConfigError) as raised:
        load_catalogue(bad)
    assert len(raised.value.diagnostics) == len(expected)


# (YAML of one record section, accepted by validate): each becomes one file.
CASES: list[tuple[str, bool]] = [
    ("products: [{name: P, variants: [{sku: S, weight: heavy}]}]", False),
    ("products: [{name: P, variants: [{sku: S, weight: ' 1.50000 '}]}]", True),
    ("products: [{name: P, variants: [{sku: S, weight_unit: stone}]}]", False),
    ("products: [{name: P, variants: [{sku: '  '}]}]", False),
    ("products: [{name: P, variants: [{sku: 00123, name: 42}]}]", True),
    ("products: [{name: P, variants: [{sku: S, name: true}]}]", False),
    ("products: [{name: P, variants: [{sku: S, prices: {retail: abc}}]}]", False),
    ("products: [{name: P, variants: [{sku: S, prices: {retail: '1,5'}}]}]", False),
    ("products: [{name: P, variants: [{sku: S, prices: {retail: '-1'}}]}]", False),
    ("products: [{name: P, variants: [{sku: S, prices: {retail: -1}}]}]", False),
    ("products: [{name: P, variants: [{sku: S, prices: {retail: '-0'}}]}]", True),
    ("products: [{name: P, variants: [{sku: S, prices: {retail: '+.5'}}]}]", True),
    ("products: [{name: P, variants: [{sku: S, prices: {retail: '12.34567'}}]}]", False),
    ("products: [{name: P, variants: [{sku: S, prices: {retail: '12.34560'}}]}]", True),
    ("products: [{name: P, variants: [{sku: S, prices: {retail: '1234567890123.45'}}]}]", True),
    ("products: [{name: P, variants: [{sku: S, prices: {retail: '12345678901234.56'}}]}]", False),
    ("products: [{name: P, variants: [{sku: S, prices: {retail: 1e15}}]}]", False),
    ("products: [{name: P, variants: [{sku: S, max_online: '2'}]}]", True),
    ("products: [{name: P, variants: [{sku: S, max_online: 1.5}]}]", False),
    ("products: [{name: P, variants: [{sku: S, max_online: true}]}]", False),
    ("payment_terms: [{name: N, due_in_days: false}]", False),
    ("price_lists: [{code: X, name: X, currency: SGD, position: true}]", False),
    ("products: [{name: P, variants: [{sku: S, country_of_origin: uk}]}]", False),
    ("products: [{name: P, images: [{url: 'https://cdn.example.com/a/'}]}]", False),
    ("products: [{name: P, images: [{url: ' HTTPS://cdn.example.com/a.jpg?v=2 '}]}]", True),
    ("locations: [{label: D, country: XX}]", False),
    ("locations: [{label: D, country: Singapore}]", False),
    ("locations: [{label: D, country: ' sg '}]", True),
    ("currencies: [{iso: EURO}]", False),
    ("currencies: [{iso: RMB}]", False),
    ("currencies: [{iso: eur, rate: '0.5', precision: '10'}]", True),
    ("currencies: [{iso: EUR, rate: 0}]", False),
    ("currencies: [{iso: EUR, rate: '0.000'}]", False),
    ("currencies: [{iso: EUR, precision: 11}]", False),
    ("payment_terms: [{name: N, due_in_days: '30.0'}]", True),
    ("payment_terms: [{name: N, due_in_days: thirty}]", False),
    ("payment_terms: [{name: N, from: later}]", False),
    ("price_lists: [{code: V, position: -1}]", False),
    ("suppliers: [{name: S, default_discount_rate: '5.5'}]", True),
    ("tax_types: [{code: T, components: [{label: L, rate: '9%'}]}]", False),
    ("options: {thresholds: {archive_percent: '100'}}", True),
    ("options: {thresholds: {archive_percent: '100.5'}}", False),
    ("options: {thresholds: {archive_percent: 101}}", False),
    ("options: {thresholds: {price_change_percent: abc}}", False),
    ("options: {archive_missing: [widgets]}", False),
    ("options: {archive_missing: true}", True),
    ("options: {colour: red}", False),
    ("options:", True),
    ("x-defaults: {anything: 1}", True),
    ("y-defaults: {anything: 1}", False),
    ("products: [{name: P, variants: [{sku: S, prices: {' ': 5}}]}]", False),
    ("products: [{name: P, variants: [{sku: S, prices: {2024: 5}}]}]", True),
    ("products:", True),
    ("products: [{name: P, variants: null, images: null}]", True),
    ("products: [{name: P, variants: [{sku: S, taxable: yes, sellable: 'OFF'}]}]", True),
    ("products: [{name: P, variants: [{sku: S, taxable: 1.0}]}]", True),
    ("products: [{name: P, variants: [{sku: S, taxable: ' yes '}]}]", False),
    ("products: [{name: P, variants: [{sku: S, taxable: 2}]}]", False),
    ("products: [{name: P, variants: [{sku: S, lifecycle: {ignore_fields: [prices.VIP]}}]}]",
     False),  # no such price list declared: validate only
    ("products: [{name: P, variants: [{sku: S, lifecycle: {ignore_fields: [sku]}}]}]", False),
    ("products: [{name: P, lifecycle: {ignore_fields: [brand], protect: 'no'}}]", True),
    ("products: [{name: P, lifecycle: {ignore_fields: [variants]}}]", False),
]


# What needs the whole configuration: validate refuses, the schema of one file cannot.
VALIDATE_ONLY = {
    "products: [{name: P, variants: [{sku: S, lifecycle: {ignore_fields: [prices.VIP]}}]}]"
}


def test_validate_and_the_schema_agree_value_by_value(tmp_path: Path) -> None:
    files = []
    for number, (section, _) in enumerate(CASES):
        files.append(tmp_path / f"case-{number:02d}.yaml")
        files[-1].write_text(doc(section + "\n"), encoding="utf-8")
    rejected = schema_errors(SCHEMA_FILE, files)
    for file, (section, valid) in zip(files, CASES, strict=True):
        assert validates(file) is valid, section
        assert (file not in rejected) is (valid or section in VALIDATE_ONLY), section


def validates(file: Path) -> bool:
    try:
        load_catalogue(file)
    except ConfigError:
        return False
    return True


def pattern_of(model: str, field: str, branch: int = 1) -> re.Pattern[str]:
    found: dict[str, Any] = SCHEMA["$defs"][model]["properties"][field]
    return re.compile(found["anyOf"][branch]["pattern"])


def accepts(adapter: TypeAdapter[Any], value: str) -> bool:
    try:
        adapter.validate_python(value)
    except ValidationError:
        return False
    return True


NUMBER_TEXT = st.one_of(
    st.text(alphabet=" +-.0123456789", max_size=12),
    st.builds(
        lambda blank, sign, whole, point, fraction, after: (
            f"{blank}{sign}{whole}{point}{fraction}{after}"
        ),
        st.sampled_from(["", " ", "\t"]),
        st.sampled_from(["", "+", "-"]),
        st.text(alphabet="0123456789", max_size=17),
        st.sampled_from(["", "."]),
        st.text(alphabet="0123456789", max_size=7),
        st.sampled_from(["", " "]),
    ),
)
MODELS: dict[str, type[BaseModel]] = {
    "Variant": Variant, "Thresholds": Thresholds, "Currency": Currency, "PaymentTerm": PaymentTerm,
}
NUMBER_FIELDS = [
    ("Variant", "weight"),  # Amount: at most 4 places, 15 digits
    ("Thresholds", "archive_percent"),  # 0 to 100
    ("Thresholds", "price_change_percent"),
    ("Currency", "rate"),  # above 0
    ("Currency", "precision"),  # an integer, 0 to 10
    ("PaymentTerm", "due_in_days"),
]


@pytest.mark.parametrize(("model", "field"), NUMBER_FIELDS,
                         ids=[f"{model}.{field}" for model, field in NUMBER_FIELDS])
@settings(max_examples=300, deadline=None)
@given(text=NUMBER_TEXT)
def test_quoted_number_patterns_match_validation(model: str, field: str, text: str) -> None:
    annotation = MODELS[model].model_fields[field].rebuild_annotation()
    expected = accepts(TypeAdapter(annotation), text)
    assert bool(pattern_of(model, field).search(text)) is expected


@pytest.mark.parametrize(
    ("model", "field", "annotation", "width"),
    [("Location", "country", CountryCode, 2), ("PriceList", "currency", CurrencyCode, 3)],
)
def test_code_patterns_match_validation_for_every_code(
    model: str, field: str, annotation: Any, width: int
) -> None:
    pattern = pattern_of(model, field, branch=0)
    adapter: TypeAdapter[Any] = TypeAdapter(annotation)
    for letters in product("ABCDEFGHIJKLMNOPQRSTUVWXYZ", repeat=width):
        code = "".join(letters)
        for written in (code, code.lower(), f" {code.capitalize()} "):
            assert bool(pattern.search(written)) is accepts(adapter, written), written


def test_boolean_spellings_match_validation() -> None:
    pattern = pattern_of("Variant", "taxable", branch=2)
    adapter = TypeAdapter(bool)
    words = ["true", "false", "yes", "no", "on", "off", "y", "n", "t", "f", "1", "0", "2", "",
             "tru", "nope", "ye", "of"]
    for word in words:
        for cases in product(*[(c.lower(), c.upper()) for c in word]):
            spelled = "".join(cases)
            for written in (spelled, f" {spelled}", f"{spelled}\t"):
                assert bool(pattern.search(written)) is accepts(adapter, written), written


def undescribed(node: Any, path: str = "$") -> list[str]:
    """Every property of every object in the schema without a description."""
    found: list[str] = []
    if isinstance(node, dict):
        for name, value in node.get("properties", {}).items():
            if not str(value.get("description", "")).strip():
                found.append(f"{path}.{name}")
        for key, value in node.items():
            found += undescribed(value, f"{path}/{key}")
    elif isinstance(node, list):
        for item in node:
            found += undescribed(item, path)
    return found


def test_every_property_is_described_and_the_schema_is_identified() -> None:
    assert undescribed(SCHEMA) == []
    assert len(SCHEMA["$defs"]) >= 12  # the walk reached every definition
    assert SCHEMA["$id"] == SCHEMA_ID
    assert SCHEMA_ID.startswith("https://github.com/gecko-apply/gecko-apply/")
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_numbers_show_their_defaults_as_numbers() -> None:
    thresholds = SCHEMA["$defs"]["Thresholds"]["properties"]
    assert thresholds["archive_percent"]["default"] == Thresholds().archive_percent == 25
    assert Options().thresholds.price_change_percent == Decimal(50)
    assert thresholds["price_change_percent"]["default"] == 50


@pytest.mark.parametrize(
    ("named", "new_file", "expected"),
    [
        ("../schemas/catalogue.schema.json", "cfg/sub/new.yaml",
         "../../schemas/catalogue.schema.json"),
        ("https://example.com/s.json", "cfg/sub/new.yaml", "https://example.com/s.json"),
    ],
)
def test_a_new_file_names_the_schema_its_sibling_names(
    named: str, new_file: str, expected: str
) -> None:
    sibling = f"# yaml-language-server: $schema={named}\ngecko_apply: 1\n"
    schema = schema_named_in(Path("cfg/a.yaml"), sibling)
    assert schema is not None
    assert with_modeline(Path(new_file), "products: []\n", schema) == (
        f"# yaml-language-server: $schema={expected}\nproducts: []\n"
    )
    assert schema_named_in(Path("cfg/b.yaml"), "# a comment\ngecko_apply: 1\n") is None
