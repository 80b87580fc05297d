"""From matched records to an ordered list of changes (pure).

Order (DESIGN.md section 3): creates, updates and restores in kind order (locations, payment
terms, tax types, price lists, products, variants), then archives in reverse kind order. A new
variant of a new product is embedded in its product's create, so it depends on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from reconciler.engine.diff import diff_fields
from reconciler.engine.match import Match, Matching
from reconciler.engine.plan import ROUTINE_REASONS, Action, Change, FieldChange
from reconciler.engine.records import Desired, Remote
from reconciler.kinds import kind_by_name
from reconciler.kinds.base import KindSpec


@dataclass(frozen=True)
class KindComparison:
    """One kind's matching, with what the planner needs to decide archives."""

    spec: KindSpec
    matching: Matching
    complete: bool = True
    archive: bool = False
    archivable: Callable[[Remote], bool] = lambda remote: True
    parent_spec: KindSpec | None = None
    references: Callable[[Desired], Iterable[str]] = lambda desired: ()
    """Addresses of the records a declaration refers to (price lists, locations)."""
    protected: frozenset[str] = field(default_factory=frozenset)
    latest_update: str | None = None
    """The latest ``updated_at`` the read saw (the API's clock): re-reading from there finds
    what changed in the kind since."""
    removal_reason: str = ""
    """Why an archive is planned; by default, that the kind is in ``options.archive_missing``."""
    parent_key: Callable[[Remote], str | None] = lambda remote: None
    """The key of a remote record's parent (a variant's product), to name what an archive is."""


@dataclass(frozen=True)
class Draft:
    changes: tuple[Change, ...]
    warnings: tuple[str, ...]
    problems: dict[str, str] = field(default_factory=dict)
    """Address → why the API would refuse that change (a create missing a required field, a
    write to a built-in record that cannot change)."""


def plan_changes(comparisons: Sequence[KindComparison]) -> Draft:
    changes: list[Change] = []
    warnings: list[str] = []
    references: dict[str, list[str]] = {}
    refused: dict[str, str] = {}
    for comparison in comparisons:
        for match in comparison.matching.matches:
            change = _change_for(comparison, match)
            if change is not None:
                changes.append(change)
                references[change.address] = _dependency_addresses(comparison, match.desired)
                refused.update(_builtin_write(comparison.spec, match, change))
        archives, warning = _archives(comparison)
        changes.extend(archives)
        warnings.extend(warning)
    ranks = {c.spec.name: i for i, c in enumerate(comparisons)}
    linked = _link_dependencies(changes, references)
    ordered = tuple(sorted(linked, key=lambda c: _order(c, ranks)))
    problems = {
        **_missing_on_create(comparisons, ordered),
        **_blind_creates(comparisons, ordered),
        **refused,
    }
    return Draft(ordered, tuple(warnings), problems)


def _blind_creates(
    comparisons: Sequence[KindComparison], changes: Sequence[Change]
) -> dict[str, str]:
    """Creates of a kind whose read was incomplete could duplicate a record the read missed.
    A kind is also matched through the kinds nested in it (products through SKUs)."""
    incomplete = {c.spec.name for c in comparisons if not c.complete}
    blind: dict[str, str] = {}
    for comparison in comparisons:
        spec = comparison.spec
        nested = {c.spec.name for c in comparisons if c.spec.parent == spec.name}
        short = sorted(({spec.name} | nested) & incomplete)
        if not short:
            continue
        sections = " and ".join(kind_by_name(name).section for name in short)
        why = (
            f"the read of {sections} was incomplete (fewer records arrived than the API "
            f"announced, or records changed while it ran): refusing to create {spec.section} "
            "that may already exist; nothing was changed, plan again"
        )
        for change in changes:
            if change.kind == spec.name and change.action is Action.CREATE:
                blind[change.address] = why
    return blind


def _builtin_write(spec: KindSpec, match: Match, change: Change) -> dict[str, str]:
    """A change to a built-in record its kind does not let change (the base currency)."""
    why = spec.builtin_write_problem()
    if why is None or match.remote is None or not match.remote.builtin:
        return {}
    where = f"{change.source}: " if change.source else ""
    return {change.address: f"{where}{change.address} {why}: {', '.join(change.fields)}"}


def _missing_on_create(
    comparisons: Sequence[KindComparison], changes: Sequence[Change]
) -> dict[str, str]:
    required = {c.spec.name: c.spec.required_on_create for c in comparisons}
    problems: dict[str, str] = {}
    for change in changes:
        if change.action is not Action.CREATE:
            continue
        missing = [f for f in required.get(change.kind, ()) if change.fields.get(f) is None]
        if missing:
            where = f"{change.source}: " if change.source else ""
            problems[change.address] = (
                f"{where}{change.address} is not in the account and cannot be created without "
                f"{' and '.join(missing)}"
            )
    return problems


def _order(change: Change, ranks: dict[str, int]) -> tuple[int, int]:
    rank = ranks.get(change.kind, 0)
    return (1, -rank) if change.action is Action.ARCHIVE else (0, rank)


def _change_for(comparison: KindComparison, match: Match) -> Change | None:
    desired, remote = match.desired, match.remote
    if remote is None:
        # Ignored fields are still written on create, as Terraform's ignore_changes does.
        fields = {**desired.fields, **desired.create_only}
        created = {name: FieldChange(before=None, after=value) for name, value in fields.items()}
        return Change(
            action=Action.CREATE,
            reason=ROUTINE_REASONS[Action.CREATE],
            fields=created,
            **_common(comparison, desired),
        )
    diff = diff_fields(desired, remote)
    if not diff and not remote.archived:
        return None
    identity = {"remote_id": remote.id, "fingerprint": remote.fingerprint}
    if remote.archived:
        status = desired.fields.get("status", "active")
        diff["status"] = FieldChange(before="archived", after=status)
        reason = ROUTINE_REASONS[Action.RESTORE]
        return Change(
            action=Action.RESTORE,
            reason=reason,
            fields=diff,
            **identity,
            **_common(comparison, desired),
        )
    if not diff:
        return None
    return Change(
        action=Action.UPDATE,
        reason=_update_reason(match),
        fields=diff,
        **identity,
        **_common(comparison, desired),
    )


def _common(comparison: KindComparison, desired: Desired) -> dict[str, Any]:
    """What every change of a declared record carries (its source only when it changes: looking
    a position up may read a file again)."""
    spec = comparison.spec
    return {
        "address": spec.address(desired.key),
        "kind": spec.name,
        "key": desired.key,
        "parent": _parent_address(comparison, desired),
        "source": desired.source,
    }


def _update_reason(match: Match) -> str:
    old = match.remote.key if match.remote is not None else None
    if match.via == "renamed_from":
        return f"renamed from {old!r}"
    if match.via == "sku":
        return f"matched through its SKUs (named {old!r} in the account)"
    return ROUTINE_REASONS[Action.UPDATE]


def _parent_address(comparison: KindComparison, desired: Desired) -> str | None:
    if comparison.parent_spec is None or desired.parent is None:
        return None
    return comparison.parent_spec.address(desired.parent)


def _dependency_addresses(comparison: KindComparison, desired: Desired) -> list[str]:
    found = list(comparison.references(desired))
    parent = _parent_address(comparison, desired)
    return [*found, parent] if parent else found


def _archives(comparison: KindComparison) -> tuple[list[Change], list[str]]:
    if not comparison.archive:
        return [], []
    spec = comparison.spec
    candidates = [
        remote
        for remote in comparison.matching.unmatched
        if not remote.archived
        and not remote.builtin
        and remote.key is not None
        and remote.nkey not in comparison.protected
        and comparison.archivable(remote)
    ]
    if candidates and not comparison.complete:
        warning = (
            f"not archiving {len(candidates)} {spec.section}: the read of {spec.section} "
            "was incomplete (records changed while it ran); plan again"
        )
        return [], [warning]
    reason = (
        comparison.removal_reason
        or f"not in the configuration ({spec.section} in options.archive_missing)"
    )
    return [_archive(comparison, remote, reason) for remote in candidates], []


def _archive(comparison: KindComparison, remote: Remote, reason: str) -> Change:
    """An archive, named as people know the record: its parent and its label, if any."""
    spec, parent_spec = comparison.spec, comparison.parent_spec
    parent_key = comparison.parent_key(remote)
    label = remote.fields.get(spec.label_field) if spec.label_field else None
    return Change(
        address=spec.address(remote.key or ""),
        kind=spec.name,
        key=remote.key or "",
        action=Action.ARCHIVE,
        reason=reason,
        remote_id=remote.id,
        fingerprint=remote.fingerprint,
        parent=parent_spec.address(parent_key) if parent_spec and parent_key else None,
        name=label if isinstance(label, str) and label else None,
    )


def _link_dependencies(changes: list[Change], references: dict[str, list[str]]) -> list[Change]:
    pending = {c.address for c in changes if c.action in (Action.CREATE, Action.RESTORE)}
    linked: list[Change] = []
    for change in changes:
        needs = tuple(
            dict.fromkeys(a for a in references.get(change.address, ()) if a in pending)
        )
        linked.append(change.model_copy(update={"depends_on": needs}) if needs else change)
    return linked
