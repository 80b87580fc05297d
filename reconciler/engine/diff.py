"""Field-level differences between a declaration and its remote record (pure).

Only the fields written in YAML are compared, minus ``lifecycle.ignore_fields``; both sides are
already normalised, so equality of the canonical values is equality of meaning.
"""

from __future__ import annotations

from reconciler.engine.plan import FieldChange
from reconciler.engine.records import Desired, Remote


def managed_fields(desired: Desired) -> dict[str, object]:
    return {
        name: value
        for name, value in desired.fields.items()
        if name not in desired.ignore and not _ignored_by_prefix(name, desired.ignore)
    }


def diff_fields(desired: Desired, remote: Remote) -> dict[str, FieldChange]:
    fields = managed_fields(desired) if desired.ignore else desired.fields
    if fields.items() <= remote.fields.items():
        return {}  # the common case, decided without a step in Python per field
    changes: dict[str, FieldChange] = {}
    for name, after in fields.items():
        before = remote.fields.get(name)
        if before != after:
            changes[name] = FieldChange(before=before, after=after)
    return changes


def _ignored_by_prefix(name: str, ignore: frozenset[str]) -> bool:
    """``ignore_fields: [prices]`` ignores every ``prices.<code>``."""
    head, dot, _ = name.partition(".")
    return bool(dot) and head in ignore
