"""The updates of a markdown plan, last in priority: group lines, then the remaining rows.

A group whose members all make the same change (512 variants, retail price +5%) is one line and
its members are not listed one by one (by key in the line itself, when there are few); other
groups get a line of statistics and their changes are listed as rows, while the budget lasts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reconciler.engine.plan import Action, Change

from ._budget import Budget, fill
from ._format import kind_label, pluralise
from ._groups import Group, describe, group_changes, split_uniform
from ._md import clipped_code, escape
from ._tables import change_table, table_section

# A uniform group of at most this many changes names them in its line.
NAMED_IN_LINE = 10
# A group of varied changes gets a line of statistics from this many changes.
SUMMED_FROM = 5
MORE_RESERVE = 60


@dataclass
class Shown:
    """Addresses named in the comment, and those only counted in a uniform group's line."""

    named: set[str] = field(default_factory=set)
    grouped: set[str] = field(default_factory=set)


def update_section(updates: Sequence[Change], shown: Shown, budget: Budget) -> list[str]:
    """Group lines and rows of the updates not already named (as price outliers are)."""
    groups = _line_groups(updates)
    if not groups and all(change.address in shown.named for change in updates):
        return []
    heading = [f"#### To update ({len(updates):,})", ""]
    if not budget.fits(heading, MORE_RESERVE):
        return []
    lines = budget.take(heading) + _group_lines(groups, shown, budget)
    collapsed = shown.named | shown.grouped
    rows = [change for change in updates if change.address not in collapsed]
    section, left_out = table_section(change_table([], Action.UPDATE, rows), rows, budget)
    shown.named.update(change.address for change in rows[: len(rows) - left_out])
    return [*lines, *section]


def _line_groups(updates: Sequence[Change]) -> list[Group]:
    """Uniform parts first, the largest first; then groups of varied changes, in plan order."""
    uniform: list[Group] = []
    varied: list[Group] = []
    for group in group_changes(updates):
        parts, rest = split_uniform(group)
        uniform += parts
        if rest is not None and rest.count >= SUMMED_FROM:
            varied.append(rest)
    return [*sorted(uniform, key=lambda group: -group.count), *varied]


def _group_lines(groups: list[Group], shown: Shown, budget: Budget) -> list[str]:
    if not groups:
        return []
    lines, left_out = fill(groups, _group_line, budget, MORE_RESERVE)
    for group in groups[: len(groups) - left_out]:
        if group.same is not None:
            named = group.count <= NAMED_IN_LINE
            (shown.named if named else shown.grouped).update(c.address for c in group.members)
    if left_out:
        lines += budget.take([f"- …and {pluralise(left_out, 'more group')}."])
    return [*lines, *budget.take([""])]


def _group_line(group: Group) -> str:
    title = f"- **{kind_label(group.kind, group.count)}**"
    if group.same is None:
        return f"{title}: {escape(describe(group))}"
    if group.count > NAMED_IN_LINE:
        return f"{title}: {escape(group.same)}"
    keys = ", ".join(clipped_code(change.key) for change in group.members)
    return f"{title}: {escape(group.same)} ({keys})"
