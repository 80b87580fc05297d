"""Percentage moves of prices, computed exactly from the plan's decimal strings."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from statistics import median
from typing import Any

from reconciler.engine.plan import Action, Change

from ._format import is_price_field

_HUNDRED = Decimal(100)
_TENTH = Decimal("0.1")


def to_decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def percent_change(before: Any, after: Any) -> Decimal | None:
    """``(after - before) / before`` in percent; ``None`` when either side is not a number or
    the old price is zero (a move from nothing has no percentage)."""
    old, new = to_decimal(before), to_decimal(after)
    if old is None or new is None or old == 0:
        return None
    return (new - old) / abs(old) * _HUNDRED


def format_percent(value: Decimal) -> str:
    """``+3.1%``, ``-12%``, ``0%``: one decimal place, none when it is zero."""
    rounded = value.quantize(_TENTH, rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        rounded = rounded.quantize(Decimal(1))
    if rounded == 0:
        return "0%"
    sign = "+" if rounded > 0 else "-"
    return f"{sign}{abs(rounded):,}%"


@dataclass(frozen=True)
class PriceMove:
    change: Change
    field: str
    before: Any
    after: Any
    percent: Decimal


def price_moves(change: Change) -> Iterator[PriceMove]:
    """The price fields of an update or restore whose move has a percentage."""
    if change.action not in (Action.UPDATE, Action.RESTORE):
        return
    for field, values in change.fields.items():
        if not is_price_field(field):
            continue
        percent = percent_change(values.before, values.after)
        if percent is not None:
            yield PriceMove(change, field, values.before, values.after, percent)


def large_price_moves(changes: Iterable[Change], threshold: float) -> list[PriceMove]:
    limit = Decimal(str(threshold))
    return [move for change in changes for move in price_moves(change) if abs(move.percent) > limit]


def describe_moves(percents: Sequence[Decimal]) -> str:
    """``median +3.1%, max +12%`` when all moves go one way, else ``median +1%, -4% to +12%``."""
    middle = format_percent(Decimal(median(percents)))
    low, high = min(percents), max(percents)
    if low >= 0:
        return f"median {middle}, max {format_percent(high)}"
    if high <= 0:
        return f"median {middle}, max {format_percent(low)}"
    return f"median {middle}, {format_percent(low)} to {format_percent(high)}"
