"""``--target``: keep the changes whose address matches, and what they depend on (pure)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from reconciler.engine.plan import Change
from reconciler.kinds import KINDS


def select_targets(changes: Sequence[Change], patterns: Sequence[str]) -> tuple[Change, ...]:
    if not patterns:
        return tuple(changes)
    by_address = {change.address: change for change in changes}
    matchers = [address_pattern(pattern) for pattern in patterns]
    wanted = [c.address for c in changes if any(m.fullmatch(c.address) for m in matchers)]
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


def address_pattern(pattern: str) -> re.Pattern[str]:
    """``*`` and ``?`` are wildcards; brackets and quotes are the address's own characters.
    Keys of case-insensitive kinds (price lists) match in any case."""
    escaped = re.escape(pattern.strip()).replace(r"\*", ".*").replace(r"\?", ".")
    kind = pattern.strip().partition("[")[0]
    insensitive = any(spec.name == kind and spec.key_case_insensitive for spec in KINDS)
    return re.compile(escaped, re.IGNORECASE if insensitive else 0)
