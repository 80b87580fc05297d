"""The record models: types and enums from the API reference, unknown fields, diagnostics."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from reconciler.config import Options
from reconciler.kinds.location import Location
from reconciler.kinds.payment_term import PaymentTerm
from reconciler.kinds.price_list import PriceList
from reconciler.kinds.product import Product

from .trees import doc, errors_of, load_tree, messages, one_error


def test_codes_are_upper_cased_and_checked() -> None:
    location = Location.model_validate({"label": "Depot", "country": " sg "})
    assert location.country == "SG"
    assert PriceList.model_validate({"code": "VIP", "currency": "sgd"}).currency == "SGD"
    with pytest.raises(ValidationError, match="did you mean 'GB'"):
        Location.model_validate({"label": "Depot", "country": "UK"})
    with pytest.raises(ValidationError, match="ISO 4217"):
        PriceList.model_validate({"code": "VIP", "currency": "S$"})


def test_from_is_written_as_from() -> None:
    term = PaymentTerm.model_validate({"name": "NET30", "due_in_days": 30, "from": "eom"})
    assert term.from_ == "eom"
    assert "from_" in term.model_fields_set
    with pytest.raises(ValidationError):
        PaymentTerm.model_validate({"name": "NET30", "from": "later"})
    with pytest.raises(ValidationError):
        PaymentTerm.model_validate({"name": "NET30", "due_in_days": -1})


def test_models_are_frozen_and_forbid_extra_fields() -> None:
    product = Product.model_validate({"name": "P", "status": "disabled"})
    with pytest.raises(ValidationError):
        product.name = "Q"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="extra"):
        Product.model_validate({"name": "P", "colour": "red"})
    with pytest.raises(ValidationError):
        Product.model_validate({"name": "P", "status": "archived"})


def test_keys_must_not_be_blank() -> None:
    with pytest.raises(ValidationError, match="must not be blank"):
        Product.model_validate({"name": "  "})


def test_archive_missing_accepts_true_false_and_sections() -> None:
    everything = Options.model_validate({"archive_missing": True}).archive_missing
    assert everything == (
        "currencies",
        "locations",
        "payment_terms",
        "tax_types",
        "price_lists",
        "suppliers",
        "products",
        "variants",
        "images",
    )
    assert Options.model_validate({"archive_missing": False}).archive_missing == ()
    assert Options.model_validate({"archive_missing": ["variants"]}).archive_missing == (
        "variants",
    )
    with pytest.raises(ValidationError):
        Options.model_validate({"archive_missing": ["widgets"]})


def test_threshold_defaults() -> None:
    thresholds = Options().thresholds
    assert thresholds.archive_percent == Decimal(25)
    assert thresholds.update_percent is None
    assert thresholds.price_change_percent == Decimal(50)
    assert thresholds.min_records == 10
    with pytest.raises(ValidationError):
        Options.model_validate({"thresholds": {"archive_percent": 101}})


def test_unknown_fields_suggest_the_closest_name(tmp_path: Path) -> None:
    found = errors_of(
        tmp_path,
        {
            "a.yaml": doc(
                """
                products:
                  - name: P
                    brnad: Wonka
                    sku: X
                    variants:
                      - sku: S
                        wieght: 1
                        lifecycle: {protekt: true}
                """
            )
        },
    )
    assert messages(found) == [
        "unknown field 'brnad' (did you mean 'brand'?)",
        "unknown field 'sku' ('sku' is a variant field: write it under variants)",
        "unknown field 'wieght' (did you mean 'weight'?)",
        "unknown field 'protekt' (did you mean 'protect'?)",
    ]
    assert [(d.line, d.col) for d in found] == [(5, 5), (6, 5), (9, 9), (10, 21)]
    assert found[3].yaml_path == "products[0].variants[0].lifecycle.protekt"


def test_type_errors_name_the_value_and_its_place(tmp_path: Path) -> None:
    found = errors_of(
        tmp_path,
        {
            "a.yaml": doc(
                """
                payment_terms:
                  - name: NET30
                    from: later
                products:
                  - name: P
                    variants:
                      - sku: S
                        weight_unit: g
                        prices: {retail: -1, VIP: lots}
                """
            )
        },
    )
    assert [str(d).split(": ", 1)[1] for d in found] == [
        "payment_terms[0].from: input should be 'now' or 'eom', got 'later'",
        "products[0].variants[0].weight_unit: input should be 'kg', 'gm', 'oz' or 'lb', got 'g'",
        "products[0].variants[0].prices.retail: input should be greater than or equal to 0, got -1",
        "products[0].variants[0].prices.VIP: input should be a valid decimal, got 'lots'",
    ]
    assert [(d.line, d.col) for d in found] == [(5, 11), (10, 22), (11, 26), (11, 35)]


def test_missing_keys_and_non_mappings(tmp_path: Path) -> None:
    found = errors_of(
        tmp_path,
        {"a.yaml": doc("locations:\n  - city: Singapore\n  - just text\n")},
    )
    assert messages(found) == [
        "missing required field 'label'",
        "must be a mapping, got 'just text'",
    ]
    assert [(d.line, d.col) for d in found] == [(3, 5), (4, 5)]


def test_one_bad_record_does_not_hide_others(tmp_path: Path) -> None:
    found = errors_of(
        tmp_path,
        {
            "a.yaml": doc(
                """
                products:
                  - name: P
                    status: gone
                    variants:
                      - sku: S
                  - name: Q
                    variants:
                      - sku: S
                """
            )
        },
    )
    assert len(found) == 2
    assert "declared under two products: 'P'" in found[1].message


def test_null_clears_a_text_field(tmp_path: Path) -> None:
    loaded = load_tree(tmp_path, {"a.yaml": doc("products:\n  - name: P\n    brand: null\n")})
    product = loaded.catalogue.products[0]
    assert product.brand is None and "brand" in product.model_fields_set


def test_a_key_written_as_a_mapping_is_an_error(tmp_path: Path) -> None:
    error = one_error(tmp_path, {"a.yaml": doc("locations:\n  - label: {a: 1}\n")})
    assert error.message == "input should be a valid string, got a mapping"
