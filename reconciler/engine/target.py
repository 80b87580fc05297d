"""``--target``: keep the changes whose address matches, and what they depend on (pure).

A target that is not an address, or matches no record declared or read, is a mistake (a typo
would otherwise report "No changes" and pass): it is refused, naming the nearest addresses.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence

from reconciler.engine.errors import PlanError
from reconciler.engine.plan import Change
from reconciler.engine.records import Desired, Remote
from reconciler.kinds import KINDS, kind_by_name

_ADDRESS = re.compile(r'(?P<kind>[a-z_]+)\["(?:[^"\\]|\\.)*"\]')
_NEAREST = 3


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


def known_addresses(
    declared: Mapping[str, Iterable[Desired]], remote: Mapping[str, Iterable[Remote]]
) -> list[str]:
    """The address of every declared record and of every remote record with a key."""
    found = [kind_by_name(k).address(d.key) for k, records in declared.items() for d in records]
    found += [
        kind_by_name(k).address(r.key)
        for k, records in remote.items()
        for r in records
        if r.key is not None
    ]
    return sorted(set(found))


def refuse_unknown_targets(
    patterns: Sequence[str],
    declared: Mapping[str, Iterable[Desired]],
    remote: Mapping[str, Iterable[Remote]],
) -> None:
    """Raise ``PlanError`` for targets that are malformed or name nothing (plan and pull);
    the known addresses are listed only when some target asks."""
    if patterns:
        problems = target_problems(patterns, known_addresses(declared, remote))
        if problems:
            raise PlanError(problems)


def target_problems(patterns: Sequence[str], known: Sequence[str]) -> list[str]:
    """One line for each target that is malformed or matches no known address."""
    problems: list[str] = []
    kinds = {spec.name for spec in KINDS}
    for pattern in patterns:
        text = pattern.strip()
        if not _well_formed(text, kinds):
            problems.append(
                f"--target {text!r} is not an address such as variant[\"SKU-1\"] "
                f"(kinds: {', '.join(sorted(kinds))}){_nearest(text, known)}"
            )
        elif not any(address_pattern(text).fullmatch(address) for address in known):
            problems.append(
                f"--target {text!r} matches no record declared in the configuration or read "
                f"from the account{_nearest(text, known)}"
            )
    return problems


def _well_formed(text: str, kinds: set[str]) -> bool:
    """``kind["key"]`` (wildcards allowed in the key), or a bracketless glob of kinds
    (``payment_term*``)."""
    shape = _ADDRESS.fullmatch(text)
    if shape is not None:
        return shape["kind"] in kinds
    if "[" in text or not any(wild in text for wild in "*?"):
        return False
    stem = re.split(r"[*?]", text, maxsplit=1)[0]
    return any(kind.startswith(stem) for kind in kinds)


def _nearest(text: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(text, known, n=_NEAREST, cutoff=0.5)
    return f"; nearest: {', '.join(close)}" if close else ""
