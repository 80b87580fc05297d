"""Aggregation of a plan's changes into groups of the same kind, action and changed fields."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from reconciler.engine.plan import Action, Change

from ._format import field_label, is_price_field, kind_label
from ._prices import describe_moves, price_moves

GroupKey = tuple[str, Action, tuple[str, ...]]
# Field lists longer than this are shortened to "a, b, c and 4 more".
FIELDS_SHOWN = 4


@dataclass
class Group:
    kind: str
    action: Action
    fields: tuple[str, ...]
    count: int = 0
    moves: dict[str, list[Decimal]] = field(default_factory=dict)

    def add(self, change: Change) -> None:
        self.count += 1
        for move in price_moves(change):
            self.moves.setdefault(move.field, []).append(move.percent)


def group_changes(changes: Iterable[Change]) -> list[Group]:
    """Groups in order of first appearance, so they follow the plan's order."""
    groups: dict[GroupKey, Group] = {}
    for change in changes:
        names = () if change.action is Action.CREATE else tuple(sorted(change.fields))
        key = (change.kind, change.action, names)
        group = groups.get(key)
        if group is None:
            group = groups[key] = Group(change.kind, change.action, names)
        group.add(change)
    return list(groups.values())


def describe(group: Group) -> tuple[str, str]:
    """The group's title (``412 variants to update``) and what changed in it.

    e.g. ``retail price changed, median +3.1%, max +12%``.
    """
    title = f"{kind_label(group.kind, group.count)} to {group.action.value}"
    if not group.fields:
        return title, ""
    detail = f"{_field_list(group.fields)} changed"
    stats = [(name, percents) for name, percents in group.moves.items() if percents]
    if len(stats) == 1:
        detail += f", {describe_moves(stats[0][1])}"
    else:
        detail += "".join(
            f"; {field_label(name)} {describe_moves(percents)}" for name, percents in stats
        )
    return title, detail


def _field_list(fields: tuple[str, ...]) -> str:
    prices = [f for f in fields if is_price_field(f)]
    ordered = [field_label(f) for f in (*prices, *(f for f in fields if f not in prices))]
    if len(ordered) > FIELDS_SHOWN:
        shown = ordered[: FIELDS_SHOWN - 1]
        return f"{', '.join(shown)} and {len(ordered) - len(shown)} more"
    if len(ordered) == 1:
        return ordered[0]
    return f"{', '.join(ordered[:-1])} and {ordered[-1]}"
