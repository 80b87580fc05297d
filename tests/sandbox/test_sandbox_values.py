"""Wire formats of numbers, timestamps and tags."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reconciler.sandbox.resources.tax import effective_rate
from reconciler.sandbox.values import (
    Invalid,
    coerce_bool,
    coerce_int,
    coerce_money,
    coerce_quantity,
    coerce_tags,
    format_ms,
    parse_timestamp,
)


@pytest.mark.parametrize(("written", "wire"), [
    (22, "22.0"), ("22.00", "22.0"), (4.5, "4.5"), ("16.150", "16.15"), ("1E+2", "100.0"),
    (None, None), ("", None), (0, "0.0"),
])
def test_money_is_a_decimal_string(written: object, wire: str | None) -> None:
    assert coerce_money(written) == wire


@pytest.mark.parametrize(("written", "wire"), [(10, "10"), ("32.50", "32.5"), ("-0", "0")])
def test_quantities_drop_trailing_zeros(written: object, wire: str) -> None:
    assert coerce_quantity(written) == wire


@pytest.mark.parametrize("bad", ["abc", True, [1], {"a": 1}, "NaN", "Infinity"])
def test_non_numbers_are_invalid(bad: object) -> None:
    with pytest.raises(Invalid, match="not a number"):
        coerce_money(bad)


def test_integers_and_booleans() -> None:
    assert coerce_int("30") == 30
    assert coerce_int(5.0) == 5
    assert coerce_bool("false") is False
    assert coerce_bool("1") is True
    for bad in ("3.5", 10**20, True):
        with pytest.raises(Invalid):
            coerce_int(bad)
    with pytest.raises(Invalid):
        coerce_bool("maybe")


def test_tags() -> None:
    assert coerce_tags(["a", "b,c", " a "]) == "a,b,c"
    assert coerce_tags(" x ,y") == "x,y"
    with pytest.raises(Invalid):
        coerce_tags([1, 2])


def test_timestamps_have_milliseconds_and_parse_back() -> None:
    assert format_ms(1_446_427_344_817) == "2015-11-02T01:22:24.817Z"
    assert parse_timestamp("2015-11-02T01:22:24.817Z") == "2015-11-02T01:22:24.817Z"
    assert parse_timestamp("2015-11-04") == "2015-11-04T00:00:00.000Z"
    assert parse_timestamp("2015-11-04T08:00:00+08:00") == "2015-11-04T00:00:00.000Z"
    with pytest.raises(Invalid):
        parse_timestamp("soon")


def test_effective_rate_compounds_in_position_order() -> None:
    parts: list[dict[str, object]] = [
        {"rate": "10"}, {"rate": "5"}, {"rate": "1", "compound": True},
    ]
    assert effective_rate(parts) == "16.15"
    first_compound: list[dict[str, object]] = [{"rate": "1", "compound": True}, {"rate": "10"}]
    assert effective_rate(first_compound) == "11.0"
    assert Decimal(effective_rate([{"rate": "2", "compound": True}] * 2)) == Decimal("4.04")
