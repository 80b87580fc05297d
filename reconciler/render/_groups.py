"""Aggregation of a plan's changes into groups of the same kind, action and changed fields."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from reconciler.engine.plan import Action, Change

from ._format import VALUE_WIDTH, field_label, format_value, is_price_field
from ._prices import describe_moves, format_percent, percent_change, price_moves

GroupKey = tuple[str, Action, tuple[str, ...]]
# Field lists longer than this are shortened to "a, b, c and 4 more".
FIELDS_SHOWN = 4
UNIFORM_MIN = 5
UNIFORM_SHARE = 0.1
UNIFORM_FACTOR = 5


@dataclass
class Group:
    kind: str
    action: Action
    fields: tuple[str, ...]
    count: int = 0
    moves: dict[str, list[Decimal]] = field(default_factory=dict)
    members: list[Change] = field(default_factory=list)
    same: str | None = None
    """The one change every member makes, in words, when the group is uniform."""

    def add(self, change: Change) -> None:
        self.count += 1
        self.members.append(change)
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


def describe(group: Group) -> str:
    """What changed in the group: ``retail price changed, median +3.1%, max +12%``."""
    if not group.fields:
        return ""
    detail = f"{_field_list(group.fields)} changed"
    stats = [(name, percents) for name, percents in group.moves.items() if percents]
    if len(stats) == 1:
        return f"{detail}, {describe_moves(stats[0][1])}"
    return detail + "".join(
        f"; {field_label(name)} {describe_moves(percents)}" for name, percents in stats
    )


def split_uniform(group: Group) -> tuple[list[Group], Group | None]:
    """The parts of an update group whose members all make one same change (the same move in
    percent, to a tenth, for a price; the same values otherwise), each with that change in
    ``same``, and the rest of the group."""
    if group.action is not Action.UPDATE or not group.fields:
        return [], group
    names = _price_first(group.fields)
    by_move: dict[tuple[str, ...], list[Change]] = {}
    for change in group.members:
        by_move.setdefault(tuple(_move_text(change, name) for name in names), []).append(change)
    parts = [_part(members, "; ".join(move)) for move, members in by_move.items()
             if _is_bulk(len(members), group.count, len(by_move))]  # fmt: skip
    if not parts:
        return [], group
    collapsed = {change.address for part in parts for change in part.members}
    rest = [change for change in group.members if change.address not in collapsed]
    return parts, (_part(rest, None) if rest else None)


def _is_bulk(size: int, total: int, moves: int) -> bool:
    """A bulk change, not the chance meeting of similar moves: ``UNIFORM_MIN`` changes or more,
    and a tenth of the group or ``UNIFORM_FACTOR`` times as many as any other move has on
    average (512 prices +5% among 5,000 varied ones)."""
    others = (total - size) / (moves - 1) if moves > 1 else 0
    standout = size >= total * UNIFORM_SHARE or size >= others * UNIFORM_FACTOR
    return size >= UNIFORM_MIN and standout


def _part(changes: list[Change], same: str | None) -> Group:
    (group,) = group_changes(changes)
    group.same = same
    return group


def _move_text(change: Change, name: str) -> str:
    values = change.fields[name]
    bare = is_price_field(name)
    percent = percent_change(values.before, values.after) if bare else None
    if percent is not None:
        return f"{field_label(name)} {format_percent(percent)}"
    before, after = (
        format_value(value, width=VALUE_WIDTH, bare=bare) for value in (values.before, values.after)
    )
    return f"{field_label(name)} {before} → {after}"


def _price_first(fields: tuple[str, ...]) -> list[str]:
    prices = [f for f in fields if is_price_field(f)]
    return [*prices, *(f for f in fields if f not in prices)]


def _field_list(fields: tuple[str, ...]) -> str:
    ordered = [field_label(f) for f in _price_first(fields)]
    if len(ordered) > FIELDS_SHOWN:
        shown = ordered[: FIELDS_SHOWN - 1]
        return f"{', '.join(shown)} and {len(ordered) - len(shown)} more"
    if len(ordered) == 1:
        return ordered[0]
    return f"{', '.join(ordered[:-1])} and {ordered[-1]}"
