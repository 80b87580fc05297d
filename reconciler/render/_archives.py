"""The archives of a markdown plan: first, never cut, named as people know the records.

Archives are listed by kind (in the registry's order) and reason, each reason said once, then by
parent, name and key: a variant reads ``Everlasting Gobstopper › Snozzberry `DEMO-GOBS-SNO```.
When the full lines do not fit the budget, each archive still gets one compact line; only a list
no comment could hold is cut, and then it says how many archives it leaves out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reconciler.engine.plan import Change
from reconciler.kinds import KINDS
from reconciler.kinds.base import parse_address

from ._budget import Budget
from ._format import kind_label, pluralise
from ._md import clipped_code, clipped_text, code, escape

RANKS = {spec.name: rank for rank, spec in enumerate(KINDS)}
# Kept free, when even compact lines do not fit, for the line counting the rest.
MORE_RESERVE = 120


@dataclass
class ArchiveGroup:
    kind: str
    reason: str
    changes: list[Change] = field(default_factory=list)

    def heading(self) -> list[str]:
        why = f": {escape(self.reason)}" if self.reason else ""
        return [f"**{kind_label(self.kind, len(self.changes))}**{why}", ""]


def archive_section(archives: Sequence[Change], budget: Budget) -> tuple[list[str], set[str]]:
    """The section's lines and the addresses it names: in full, else compact, else cut."""
    if not archives:
        return [], set()
    head = [f"#### To archive ({len(archives):,})", "", *_caution(archives)]
    groups = _groups(archives)
    for full in (True, False):
        lines = [*head, *(line for group in groups for line in _group_lines(group, full))]
        if budget.fits(lines):
            return budget.take(lines), {c.address for c in archives}
    return _cut(head, groups, budget)


def _caution(archives: Sequence[Change]) -> list[str]:
    """A GitHub ``[!CAUTION]`` alert, so the archives stand out in the comment."""
    taken = [address for change in archives for address in change.archives_with]
    also = f" (and {_cascade_count(taken)} with them)" if taken else ""
    records = pluralise(len(archives), "record")
    return ["> [!CAUTION]", f"> This plan archives {records}{also}: review the list below.", ""]


def _groups(archives: Sequence[Change]) -> list[ArchiveGroup]:
    groups: dict[tuple[str, str], ArchiveGroup] = {}
    for change in sorted(archives, key=_order):
        key = (change.kind, change.reason)
        groups.setdefault(key, ArchiveGroup(*key)).changes.append(change)
    return list(groups.values())


def _order(change: Change) -> tuple[int, str, str, str, str]:
    parent = parse_address(change.parent)[1] if change.parent else ""
    rank = RANKS.get(change.kind, len(RANKS))
    return rank, change.reason, parent.casefold(), (change.name or "").casefold(), change.key


def _group_lines(group: ArchiveGroup, full: bool) -> list[str]:
    return [*group.heading(), *(archive_line(c, full) for c in group.changes), ""]


def archive_line(change: Change, full: bool = True) -> str:
    """``- Everlasting Gobstopper › Snozzberry `DEMO-GOBS-SNO```, with what goes with it."""
    line = f"- {record_label(change)}"
    if not change.archives_with:
        return line
    if full:
        return f"{line}; with {', '.join(code(a) for a in change.archives_with)}"
    return f"{line}; with {_cascade_count(change.archives_with)}"


def record_label(change: Change) -> str:
    own = clipped_code(change.key)
    if change.name:
        own = f"{clipped_text(change.name)} {own}"
    if change.parent is None:
        return own
    return f"{clipped_text(parse_address(change.parent)[1])} › {own}"


def _cascade_count(addresses: Sequence[str]) -> str:
    kinds: dict[str, int] = {}
    for address in addresses:
        kind = parse_address(address)[0]
        kinds[kind] = kinds.get(kind, 0) + 1
    return ", ".join(kind_label(kind, count) for kind, count in kinds.items())


def _cut(
    head: list[str], groups: list[ArchiveGroup], budget: Budget
) -> tuple[list[str], set[str]]:
    """More archives than any comment holds: compact lines while they fit, the rest counted."""
    lines = budget.take(head)
    named: set[str] = set()
    current: ArchiveGroup | None = None
    for group, change in ((g, c) for g in groups for c in g.changes):
        needed = [*_opening(group, current), archive_line(change, False)]
        if not budget.fits(needed, MORE_RESERVE):
            break
        lines += budget.take(needed)
        named.add(change.address)
        current = group
    left = sum(len(group.changes) for group in groups) - len(named)
    more = f"- …and {pluralise(left, 'more archive')}: too many for one comment."
    return [*lines, *budget.take(["", more, ""])], named


def _opening(group: ArchiveGroup, current: ArchiveGroup | None) -> list[str]:
    """The heading of ``group`` when its first line comes next, after a blank line if needed."""
    if group is current:
        return []
    return group.heading() if current is None else ["", *group.heading()]
