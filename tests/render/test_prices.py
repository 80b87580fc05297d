from __future__ import annotations

from decimal import Decimal

import pytest

from reconciler.engine.plan import Action
from reconciler.render._prices import (
    describe_moves,
    format_percent,
    large_price_moves,
    percent_change,
)

from .plans import change, price_update


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [("10", "11", Decimal(10)), ("22", "22.5", Decimal("2.272727272727272727272727273")),
     ("10", "5", Decimal(-50)), ("0", "5", None), (None, "5", None), ("abc", "5", None),
     ("10", None, None), (True, "5", None)],
)  # fmt: skip
def test_percent_change(before: object, after: object, expected: Decimal | None) -> None:
    assert percent_change(before, after) == expected


@pytest.mark.parametrize(
    ("value", "text"),
    [(Decimal("3.14"), "+3.1%"), (Decimal(12), "+12%"), (Decimal("-4.05"), "-4.1%"),
     (Decimal("0.04"), "0%"), (Decimal(1500), "+1,500%")],
)  # fmt: skip
def test_format_percent(value: Decimal, text: str) -> None:
    assert format_percent(value) == text


def test_describe_moves() -> None:
    assert describe_moves([Decimal(1), Decimal(3), Decimal(12)]) == "median +3%, max +12%"
    assert describe_moves([Decimal(-1), Decimal(-8)]) == "median -4.5%, max -8%"
    assert describe_moves([Decimal(-5), Decimal(10)]) == "median +2.5%, -5% to +10%"


def test_large_moves_over_the_threshold_only() -> None:
    changes = [
        price_update("A", "10", "15"),  # +50%: not over
        price_update("B", "10", "15.01"),
        price_update("C", "10", "4"),
        change("variant", "D", Action.CREATE, "", prices__retail=(None, "1000")),
        change("variant", "E", Action.UPDATE, "", name=("10", "100")),
    ]
    moves = large_price_moves(changes, 50)
    found = [(m.change.key, m.percent) for m in moves]
    assert found == [("B", Decimal("50.1")), ("C", Decimal(-60))]
