"""Pull of an order changed in the account: a list whose records' place is a field (a kind's
``place_field``, as a variant's ``position`` under an ``ordered_variants`` product) is put in the
account's order by moving its items whole, each with its own comments, rather than by writing
the field. The records the account does not rank (not in it yet, archived) keep their places."""

from __future__ import annotations

from dataclasses import dataclass, field

from reconciler.config.diagnostics import YamlPath
from reconciler.config.rewrite import ConfigText
from reconciler.engine.match import Match
from reconciler.kinds.base import KindSpec

SHOWN = 8
"""Keys named in one line about a new order; more are counted."""


@dataclass
class _List:
    label: str
    source: str | None
    ranks: dict[int, int] = field(default_factory=dict)
    """Written index → the record's place in the account."""
    keys: dict[int, str] = field(default_factory=dict)
    moved: bool = False
    """A selected record's place differs."""

    def order(self, length: int) -> list[int]:
        """The written index of each item in its new place."""
        slots = sorted(self.ranks)
        order = list(range(length))
        for slot, source in zip(slots, sorted(slots, key=lambda i: (self.ranks[i], i)),
                                strict=True):
            order[slot] = source
        return order

    def named(self, order: list[int]) -> str:
        keys = [self.keys.get(index, f"#{index + 1}") for index in order]
        more = f" and {len(keys) - SHOWN} more" if len(keys) > SHOWN else ""
        return ", ".join(keys[:SHOWN]) + more


class Orders:
    """The lists whose order is compared, gathered record by record, then moved at once."""

    def __init__(self) -> None:
        self._lists: dict[tuple[YamlPath, str], _List] = {}

    def note(self, spec: KindSpec, match: Match, path: YamlPath, parent: str | None,
             selected: bool) -> None:
        """One matched record of a list: its place in the account and whether it moved."""
        place, desired, remote = spec.place_field, match.desired, match.remote
        if place is None or remote is None or remote.archived or len(path) < 4:
            return
        if place not in desired.fields or place in desired.ignore:
            return
        owner, section, index = path[:-2], str(path[-2]), int(path[-1])
        found = self._lists.get((owner, section))
        if found is None:
            found = _List(f"{parent or ''} {section}".strip(), desired.locate(path[:-1]))
            self._lists[(owner, section)] = found
        rank = remote.fields.get(place)
        if isinstance(rank, int):
            found.ranks[index] = rank
        found.keys[index] = desired.key
        found.moved |= selected and rank != desired.fields[place]

    def ordered(self, owner: YamlPath, section: str) -> bool:
        """Whether the list keeps an order the account compares (a record added to it may
        belong elsewhere than at its end)."""
        return (owner, section) in self._lists

    def move(self, text: ConfigText) -> tuple[list[str], list[str]]:
        """Move every list a selected record's place changed in: (lines pulled, notes)."""
        pulled: list[str] = []
        notes: list[str] = []
        for (owner, section), listed in self._lists.items():
            if not listed.moved:
                continue
            order = listed.order(text.record_siblings((*owner, section, 0)))
            if order == sorted(order):
                continue
            refused = text.move_items(owner, section, order, listed.label)
            at = f"{listed.source}: " if listed.source else ""
            if refused is None:
                pulled.append(f"{at}{listed.label}: reordered as in the account: "
                              f"{listed.named(order)}")
            else:
                notes.append(f"{refused} (the account's order: {listed.named(order)})")
        return pulled, notes
