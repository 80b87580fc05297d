"""Which kinds a plan must read: the declared and archived ones, those declarations name, and
what they lean on."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from reconciler.engine.plan import Change
from reconciler.engine.records import Desired
from reconciler.kinds import KINDS, kind_by_name
from reconciler.kinds.base import KindSpec


def kinds_in_scope(
    declared: Mapping[str, Sequence[Desired]], archive: Iterable[str]
) -> list[KindSpec]:
    archived = set(archive)
    wanted = {spec.name for spec in KINDS if declared.get(spec.name) or spec.section in archived}
    return with_needs(wanted | _named(declared))


def _named(declared: Mapping[str, Sequence[Desired]]) -> set[str]:
    """The kinds of the records declarations name (a product's supplier), when registered, and
    those a parent lists in full (a product's ``images: []`` removes every image)."""
    kinds = {spec.name for spec in KINDS}
    named = {
        kind
        for records in declared.values()
        for record in records
        for kind, _, _ in record.references
        if kind in kinds
    }
    for spec in KINDS:
        parents = declared.get(spec.parent or "", ()) if spec.listed_by_parent else ()
        if any(spec.section in d.listed for d in parents):
            named.add(spec.name)
    return named


def kinds_touched(changes: Iterable[Change]) -> list[KindSpec]:
    """What applying these changes reads: their kinds, and those their written fields name."""
    names: set[str] = set()
    for change in changes:
        names.add(change.kind)
        named = kind_by_name(change.kind).refers_to
        names.update(named[field] for field in change.fields if field in named)
    return with_needs(names)


def with_refers(names: set[str]) -> list[KindSpec]:
    """These kinds, the kinds their fields may name, and what they all need."""
    return with_needs(names | {kind for n in names for kind in kind_by_name(n).refers_to.values()})


def with_needs(names: set[str]) -> list[KindSpec]:
    """These kinds and every kind they need, in registry order."""
    pending = list(names)
    while pending:
        for need in kind_by_name(pending.pop()).needs:
            if need not in names:
                names.add(need)
                pending.append(need)
    return [spec for spec in KINDS if spec.name in names]
