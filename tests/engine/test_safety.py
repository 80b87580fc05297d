"""Safety thresholds: shares of a kind archived or updated, and prices that move too far."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reconciler.engine.plan import Action, Change
from reconciler.engine.safety import Thresholds, price_change_percent, threshold_problems
from tests.engine.helpers import change


def archives(kind: str, count: int) -> list[Change]:
    return [change(kind, f"{kind}-{n}", Action.ARCHIVE, remote_id=n) for n in range(count)]


def updates(kind: str, count: int) -> list[Change]:
    return [
        change(kind, f"{kind}-{n}", Action.UPDATE, {"name": ("a", "b")}, remote_id=n)
        for n in range(count)
    ]


def price(sku: str, before: object, after: object, code: str = "retail") -> Change:
    return change("variant", sku, Action.UPDATE, {f"prices.{code}": (before, after)}, remote_id=1)


def test_default_thresholds() -> None:
    assert Thresholds() == Thresholds(
        archive_percent=25, update_percent=None, price_change_percent=50, min_records=10
    )


def test_archiving_over_the_share_is_refused_with_a_fix() -> None:
    (problem,) = threshold_problems(archives("variant", 3), {"variant": 10}, Thresholds())
    assert "archives 30% of variant records (3/10)" in problem
    assert "25% threshold" in problem
    assert "options.thresholds.archive_percent" in problem
    assert "--force" in problem


@pytest.mark.parametrize("count", [0, 1, 2])
def test_archiving_within_the_share_passes(count: int) -> None:
    assert threshold_problems(archives("variant", count), {"variant": 10}, Thresholds()) == []


def test_archiving_exactly_the_threshold_passes() -> None:
    assert threshold_problems(archives("variant", 5), {"variant": 20}, Thresholds()) == []


def test_kinds_below_min_records_are_not_checked() -> None:
    assert threshold_problems(archives("location", 9), {"location": 9}, Thresholds()) == []
    (problem,) = threshold_problems(
        archives("location", 9), {"location": 9}, Thresholds(min_records=5)
    )
    assert "100% of location records (9/9)" in problem


def test_each_kind_is_measured_against_its_own_records() -> None:
    changes = [*archives("variant", 3), *archives("product", 3)]
    problems = threshold_problems(changes, {"variant": 100, "product": 10}, Thresholds())
    assert len(problems) == 1
    assert "product records (3/10)" in problems[0]


def test_archive_threshold_can_be_turned_off() -> None:
    thresholds = Thresholds(archive_percent=None)
    assert threshold_problems(archives("variant", 10), {"variant": 10}, thresholds) == []


def test_updates_are_not_limited_by_default() -> None:
    assert threshold_problems(updates("variant", 10), {"variant": 10}, Thresholds()) == []


def test_update_threshold_when_set() -> None:
    thresholds = Thresholds(update_percent=50)
    (problem,) = threshold_problems(updates("variant", 6), {"variant": 10}, thresholds)
    assert "updates 60% of variant records (6/10)" in problem
    assert "50% threshold" in problem
    assert "options.thresholds.update_percent" in problem
    assert "--force" in problem
    assert threshold_problems(updates("variant", 5), {"variant": 10}, thresholds) == []


def test_creates_and_restores_do_not_count() -> None:
    changes = [
        change("variant", "A", Action.CREATE),
        change("variant", "B", Action.RESTORE, remote_id=2),
    ] * 10
    thresholds = Thresholds(update_percent=0, archive_percent=0)
    assert threshold_problems(changes, {"variant": 10}, thresholds) == []


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ("10", "15", Decimal(50)),
        ("22.0", "11", Decimal(-50)),
        ("4.5", "4.5", Decimal(0)),
        (10, "12.5", Decimal(25)),
    ],
)
def test_price_change_percent(before: object, after: object, expected: Decimal) -> None:
    assert price_change_percent(before, after) == expected


@pytest.mark.parametrize(("before", "after"), [("0", "5"), ("n/a", "5"), ("5", "n/a")])
def test_price_change_percent_without_a_base_is_none(before: object, after: object) -> None:
    assert price_change_percent(before, after) is None


def test_a_price_moving_too_far_is_refused() -> None:
    (problem,) = threshold_problems([price("A-1", "10", "16")], {}, Thresholds())
    assert 'variant["A-1"] prices.retail 10 → 16 (+60%)' in problem
    assert "more than 50%" in problem
    assert "options.thresholds.price_change_percent" in problem
    assert "--force" in problem


def test_a_price_falling_too_far_is_refused() -> None:
    (problem,) = threshold_problems([price("A-1", "10", "4", "vip")], {}, Thresholds())
    assert "prices.vip 10 → 4 (-60%)" in problem


def test_prices_within_the_limit_pass() -> None:
    changes = [price("A-1", "10", "15"), price("A-2", "10", "5")]
    assert threshold_problems(changes, {}, Thresholds()) == []


def test_new_and_cleared_prices_and_other_fields_are_not_price_moves() -> None:
    changes = [
        price("A-1", None, "100"),
        price("A-2", "100", None),
        price("A-3", "0", "100"),
        change("variant", "A-4", Action.UPDATE, {"weight": ("1", "100")}),
    ]
    assert threshold_problems(changes, {}, Thresholds()) == []


def test_price_threshold_can_be_turned_off_or_lowered() -> None:
    changes = [price("A-1", "10", "16")]
    assert threshold_problems(changes, {}, Thresholds(price_change_percent=None)) == []
    (problem,) = threshold_problems(
        [price("A-1", "10", "11")], {}, Thresholds(price_change_percent=5)
    )
    assert "more than 5%" in problem


def test_many_price_moves_are_summarised_in_one_problem() -> None:
    changes = [price(f"A-{n}", "10", "30") for n in range(8)]
    (problem,) = threshold_problems(changes, {}, Thresholds())
    assert problem.startswith("8 price(s)")
    assert "and 3 more" in problem
    assert 'variant["A-4"]' in problem
    assert 'variant["A-5"]' not in problem


def test_every_crossed_threshold_is_reported_at_once() -> None:
    changes = [*archives("variant", 5), price("A-1", "1", "9")]
    problems = threshold_problems(changes, {"variant": 10}, Thresholds())
    assert len(problems) == 2
