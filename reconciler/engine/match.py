"""Pair declared records with remote ones: by key, then ``renamed_from``, then through SKUs.

Pure: takes ``Desired`` and ``Remote`` values, returns the pairs, the remote records nobody
declared, and the problems found (ambiguous keys, two declarations claiming one record).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from reconciler.engine.records import Desired, Remote

OwnerLookup = Callable[[Desired], set[int | str]]


@dataclass(frozen=True, slots=True)
class Match:
    desired: Desired
    remote: Remote | None
    via: str = ""
    """How the remote record was found: ``key``, ``renamed_from``, ``sku`` or ``""`` (none)."""


@dataclass(frozen=True)
class Matching:
    matches: tuple[Match, ...]
    unmatched: tuple[Remote, ...]
    problems: tuple[str, ...]


class _Index:
    def __init__(self, remote: Iterable[Remote]) -> None:
        self.by_key: dict[str, list[Remote]] = defaultdict(list)
        self.by_id: dict[str, Remote] = {}
        for record in remote:
            self.by_id[str(record.id)] = record
            if record.nkey is not None:
                self.by_key[record.nkey].append(record)
        self.claimed: dict[str, Desired] = {}


def match_kind(
    address: Callable[[str], str],
    normalise: Callable[[str], str],
    desired: Sequence[Desired],
    remote: Iterable[Remote],
    owners: OwnerLookup | None = None,
) -> Matching:
    """Match one kind. ``owners`` gives the remote ids a declaration owns through its SKUs."""
    index = _Index(remote)
    found: dict[int, Match] = {}
    problems: list[str] = []
    passes: list[tuple[str, Callable[[Desired], list[Remote]]]] = [
        ("key", lambda d: index.by_key.get(d.nkey, [])),
        ("renamed_from", lambda d: _renamed(d, index, normalise)),
    ]
    if owners is not None:
        lookup = owners
        passes.append(("sku", lambda d: _owned(d, index, lookup)))
    for via, candidates_of in passes:
        for position, record in enumerate(desired):
            if position in found:
                continue
            chosen = _choose(record.key, address, candidates_of(record), problems)
            if chosen is None:
                continue
            if _claim(index, chosen, record, address, problems):
                found[position] = Match(record, chosen, via)
    matches = tuple(found.get(i) or Match(d, None) for i, d in enumerate(desired))
    unmatched = tuple(r for r in index.by_id.values() if str(r.id) not in index.claimed)
    return Matching(matches, unmatched, tuple(problems))


def _renamed(record: Desired, index: _Index, normalise: Callable[[str], str]) -> list[Remote]:
    if not record.renamed_from:
        return []
    return index.by_key.get(normalise(record.renamed_from), [])


def _owned(record: Desired, index: _Index, owners: OwnerLookup) -> list[Remote]:
    """Unclaimed records holding the declaration's SKUs (a claimed one is another's by key)."""
    ids = sorted((str(i) for i in owners(record)), key=str)
    return [index.by_id[i] for i in ids if i in index.by_id and i not in index.claimed]


def _choose(
    key: str, address: Callable[[str], str], candidates: Sequence[Remote], problems: list[str]
) -> Remote | None:
    """One active candidate wins; several active ones are ambiguous; else the newest archived."""
    if len(candidates) == 1 and not candidates[0].archived:
        return candidates[0]  # the common case, first
    active = [r for r in candidates if not r.archived]
    if len(active) > 1:
        ids = ", ".join(str(r.id) for r in active)
        problems.append(f"{address(key)} matches {len(active)} active records (ids {ids})")
        return None
    if active:
        return active[0]
    archived = [r for r in candidates if r.archived]
    return max(archived, key=lambda r: r.recency) if archived else None


def _claim(
    index: _Index,
    remote: Remote,
    record: Desired,
    address: Callable[[str], str],
    problems: list[str],
) -> bool:
    remote_id = str(remote.id)
    holder = index.claimed.get(remote_id)
    if holder is not None:
        problems.append(
            f"{address(record.key)} and {address(holder.key)} both match the record "
            f"with id {remote.id}"
        )
        return False
    index.claimed[remote_id] = record
    return True


def sku_owners(
    variants: Iterable[Remote], declared_skus: Mapping[str, Sequence[str]]
) -> OwnerLookup:
    """The remote products that hold a declared product's SKUs (active variants only).

    The holdings are indexed on the first question: most plans match every product by its
    name and never ask."""
    holders: dict[str, set[int | str]] = defaultdict(set)
    pending: list[Iterable[Remote]] = [variants]

    def owners(record: Desired) -> set[int | str]:
        while pending:
            for variant in pending.pop():
                if variant.nkey and not variant.archived and variant.parent_id is not None:
                    holders[variant.nkey].add(variant.parent_id)
        found: set[int | str] = set()
        for sku in declared_skus.get(record.nkey, ()):
            found |= holders.get(sku, set())
        return found

    return owners
