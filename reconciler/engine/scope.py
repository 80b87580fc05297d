"""Which kinds a plan must read: the declared and archived ones, and what they lean on."""

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
    return with_needs(wanted)


def kinds_touched(changes: Iterable[Change]) -> list[KindSpec]:
    return with_needs({change.kind for change in changes})


def with_needs(names: set[str]) -> list[KindSpec]:
    """These kinds and every kind they need, in registry order."""
    pending = list(names)
    while pending:
        for need in kind_by_name(pending.pop()).needs:
            if need not in names:
                names.add(need)
                pending.append(need)
    return [spec for spec in KINDS if spec.name in names]
