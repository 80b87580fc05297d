"""The normalisers both sides of a comparison go through: equal meanings compare equal."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reconciler.kinds.values import (
    boolean,
    decimal_text,
    integer,
    tag_list,
    text,
    upper_code,
    wire_tags,
)


@pytest.mark.parametrize(
    "value", ["22.0", "22", 22, 22.0, Decimal("22.00"), " 22.000 ", "2.2E+1", Decimal("22")]
)
def test_decimals_compare_by_value(value: object) -> None:
    assert decimal_text(value) == "22"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("22.50", "22.5"),
        (Decimal("0.20"), "0.2"),
        (0.2, "0.2"),
        ("4.5", "4.5"),
        ("0.0", "0"),
        ("-0.0", "0"),
        (Decimal("0E-8"), "0"),
        ("1E+2", "100"),
        ("12.3400", "12.34"),
    ],
)
def test_decimals_are_canonical_text(value: object, expected: str) -> None:
    assert decimal_text(value) == expected


@pytest.mark.parametrize("value", [None, "", "   "])
def test_missing_decimals_are_none(value: object) -> None:
    assert decimal_text(value) is None


def test_a_decimal_that_is_not_a_number_is_kept_as_trimmed_text() -> None:
    assert decimal_text(" n/a ") == "n/a"


def test_decimal_text_of_distinct_values_differs() -> None:
    assert decimal_text("22.01") != decimal_text("22")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(" Main Warehouse ", "Main Warehouse"), ("a", "a"), ("", None), ("   ", None), (None, None)],
)
def test_strings_are_trimmed_and_empty_is_none(value: object, expected: str | None) -> None:
    assert text(value) == expected


def test_text_of_a_number_is_its_text() -> None:
    assert text(30) == "30"


@pytest.mark.parametrize(
    "value",
    ["candy,summer", "summer,candy", " summer , candy ", "candy,summer,candy", "candy,,summer,"],
)
def test_tags_from_a_comma_string_are_a_sorted_set(value: str) -> None:
    assert tag_list(value) == ["candy", "summer"]


@pytest.mark.parametrize(
    "value", [["summer", "candy"], ("candy", "summer"), ["candy", " summer", "candy", ""]]
)
def test_tags_from_a_list_are_a_sorted_set(value: object) -> None:
    assert tag_list(value) == ["candy", "summer"]


@pytest.mark.parametrize("value", [None, "", [], ","])
def test_no_tags_is_an_empty_list(value: object) -> None:
    assert tag_list(value) == []


def test_tags_keep_their_case() -> None:
    assert tag_list("Office,2 Seat,Sofa") == ["2 Seat", "Office", "Sofa"]


def test_wire_tags_is_one_comma_string() -> None:
    assert wire_tags(["candy", "summer"]) == "candy,summer"
    assert tag_list(wire_tags(tag_list("summer,candy"))) == ["candy", "summer"]


@pytest.mark.parametrize("value", [True, "true", "TRUE", " True ", "t", "1", 1, "yes"])
def test_booleans_from_api_strings_true(value: object) -> None:
    assert boolean(value) is True


@pytest.mark.parametrize("value", [False, "false", "False", "f", "0", 0, "no", ""])
def test_booleans_from_api_strings_false(value: object) -> None:
    assert boolean(value) is False


@pytest.mark.parametrize("value", [None, "maybe"])
def test_unknown_booleans_are_none(value: object) -> None:
    assert boolean(value) is None


@pytest.mark.parametrize(("value", "expected"), [("sg", "SG"), (" sgd ", "SGD"), ("SG", "SG")])
def test_codes_are_upper_cased(value: str, expected: str) -> None:
    assert upper_code(value) == expected


@pytest.mark.parametrize("value", [None, "", "  "])
def test_missing_codes_are_none(value: object) -> None:
    assert upper_code(value) is None


@pytest.mark.parametrize(("value", "expected"), [("30", 30), (30, 30), ("30.0", 30), (" 7 ", 7)])
def test_integers_from_strings(value: object, expected: int) -> None:
    assert integer(value) == expected


@pytest.mark.parametrize("value", [None, "", "thirty"])
def test_integers_that_are_not_numbers_are_none(value: object) -> None:
    assert integer(value) is None
