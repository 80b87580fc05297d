"""Tables of a markdown plan: one row per change (or price move), as many as the budget holds.

A section past ``FOLD_ROWS`` rows folds into ``<details>``. The Why column says why a change is
planned only where that is more than its action says (``renamed from 'X'``, not ``differs from
the configuration``), and is left out of a table where no row has anything to say.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from reconciler.engine.plan import ROUTINE_REASONS, Action, Change

from ._budget import Budget, fill
from ._format import VALUE_WIDTH, format_value, is_price_field, pluralise
from ._md import clipped_code, code, escape, escape_html, table_head, table_row
from ._prices import PriceMove, format_percent

T = TypeVar("T")
FOLD_ROWS = 20
FIELDS_PER_ROW = 5


@dataclass(frozen=True)
class Table(Generic[T]):
    heading: list[str]
    """The lines above the table (none when the section's heading is already written)."""
    summary: str
    head: list[str]
    row: Callable[[T], str]


def table_section(table: Table[T], items: Sequence[T], budget: Budget) -> tuple[list[str], int]:
    """The heading and rows that fit, and how many items were left out; nothing at all when
    not even one row fits."""
    if not items:
        return [], 0
    fold = len(items) > FOLD_ROWS
    opening = [*table.heading, ""] if table.heading else []
    if fold:
        summary = f"<summary>{escape_html(table.summary)}</summary>"
        opening += ['<details markdown="1">', summary, ""]
    opening += table.head
    closing = ["", "</details>", ""] if fold else [""]
    reserve = budget.cost([*closing, "", f"…and {len(items):,} more, in the full plan."])
    if not budget.fits([*opening, table.row(items[0])], reserve):
        return [], len(items)
    lines = budget.take(opening)
    rows, left_out = fill(items, table.row, budget, reserve)
    lines += rows
    if left_out:
        lines += budget.take(["", f"…and {left_out:,} more, in the full plan."])
    return [*lines, *budget.take(closing)], left_out


def change_table(
    heading: list[str], action: Action, changes: Sequence[Change]
) -> Table[Change]:
    """``Address | Why | Changes``, the Why column only when a row has something to say."""
    why = any(telling_reason(change) for change in changes)
    headers = ["Address", *(["Why"] if why else []), "Fields" if action is Action.CREATE else
               "Changes"]
    summary = pluralise(len(changes), action.value)

    def row(change: Change) -> str:
        reason = [escape(telling_reason(change))] if why else []
        return table_row([clipped_code(change.address), *reason, _fields_cell(change)])

    return Table(heading, summary, table_head(headers, "l" * len(headers)), row)


def telling_reason(change: Change) -> str:
    """The change's reason, or nothing when it only restates the action."""
    reason = change.reason.strip()
    action = change.action.value
    if reason == ROUTINE_REASONS.get(change.action) or reason.casefold() in (action, f"{action}d"):
        return ""
    return reason


def _fields_cell(change: Change) -> str:
    items = list(change.fields.items())
    parts = []
    for name, values in items[:FIELDS_PER_ROW]:
        bare = is_price_field(name)
        after = code(format_value(values.after, width=VALUE_WIDTH, bare=bare))
        if change.action is Action.CREATE:
            parts.append(f"{code(name)} = {after}")
        else:
            before = code(format_value(values.before, width=VALUE_WIDTH, bare=bare))
            parts.append(f"{code(name)}: {before} → {after}")
    if len(items) > FIELDS_PER_ROW:
        parts.append(f"and {len(items) - FIELDS_PER_ROW} more")
    return "<br>".join(parts)


def price_table(heading: list[str], moves: Sequence[PriceMove]) -> Table[PriceMove]:
    head = table_head(["Address", "Price", "Before", "After", "Change"], "llrrr")
    return Table(heading, pluralise(len(moves), "price change"), head, _price_row)


def _price_row(move: PriceMove) -> str:
    price = move.field.split(".", 1)[1]
    values = [format_value(v, width=VALUE_WIDTH, bare=True) for v in (move.before, move.after)]
    cells = [clipped_code(move.change.address), code(price), *map(code, values)]
    return table_row([*cells, format_percent(move.percent)])
