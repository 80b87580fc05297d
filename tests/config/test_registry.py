"""The kind registry and the catalogue agree: order, sections, models, lookups."""

from __future__ import annotations

from typing import get_args

import pytest

from reconciler.config.document import Catalogue, Section
from reconciler.kinds import KINDS, build_registry, child_kinds, kind_by_name, kind_by_section
from reconciler.kinds.fields import Record
from reconciler.kinds.product import Product
from reconciler.kinds.variant import Variant


def test_kinds_are_in_apply_order() -> None:
    assert [spec.name for spec in KINDS] == [
        "currency",
        "location",
        "payment_term",
        "tax_type",
        "price_list",
        "supplier",
        "product",
        "variant",
        "image",
    ]


def test_the_registry_refuses_duplicates() -> None:
    with pytest.raises(ValueError, match="registered twice"):
        build_registry([KINDS[0], KINDS[1], KINDS[0]])


def test_lookups() -> None:
    assert kind_by_name("price_list").key_field == "code"
    assert kind_by_name("price_list").key_case_insensitive is True
    assert kind_by_section("variants").parent == "product"
    assert kind_by_section("variants").key_field == "sku"
    assert kind_by_name("product").key_field == "name"
    assert child_kinds("product") == (kind_by_name("variant"), kind_by_name("image"))
    with pytest.raises(KeyError):
        kind_by_name("widget")


def test_catalogue_sections_are_the_top_level_kinds() -> None:
    top = [spec.section for spec in KINDS if spec.parent is None]
    assert [name for name in Catalogue.model_fields if name not in ("version", "options")] == top
    assert list(get_args(Section)) == [spec.section for spec in KINDS]


def test_nested_kinds_are_fields_of_their_parent() -> None:
    for spec in KINDS:
        if spec.parent is not None:
            assert spec.section in kind_by_name(spec.parent).model.model_fields
    assert Product.model_fields["variants"].annotation == tuple[Variant, ...]


def test_every_model_is_a_record_with_its_key_field() -> None:
    for spec in KINDS:
        assert issubclass(spec.model, Record)
        assert spec.model.model_fields[spec.key_field].is_required()
        assert spec.model.model_config.get("frozen") is True
        assert spec.model.model_config.get("extra") == "forbid"
