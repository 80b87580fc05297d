"""``--target``: keep the changes whose address matches, and what they depend on (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from fnmatch import fnmatchcase

from reconciler.engine.plan import Change


def select_targets(changes: Sequence[Change], patterns: Sequence[str]) -> tuple[Change, ...]:
    if not patterns:
        return tuple(changes)
    by_address = {change.address: change for change in changes}
    wanted = [c.address for c in changes if any(fnmatchcase(c.address, p) for p in patterns)]
    keep: set[str] = set()
    while wanted:
        address = wanted.pop()
        if address in keep:
            continue
        keep.add(address)
        change = by_address.get(address)
        if change is not None:
            wanted.extend(change.depends_on)
    return tuple(change for change in changes if change.address in keep)
