"""Both sides of the comparison, normalised, keyed and matched, kind by kind (pure).

Kinds are processed in registry order so that when a kind's remote records are read, the records
they refer to are already matched: a variant's price on a renamed price list is read under the
list's declared code, and a product's variants are matched under the product they belong to.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from reconciler.engine.fetch import RawKind, RawState
from reconciler.engine.match import Matching, OwnerLookup, match_kind, sku_owners
from reconciler.engine.planner import KindComparison
from reconciler.engine.records import HASHED, Desired, Remote, SourceOf, YamlPath
from reconciler.engine.refs import ReferenceIndex
from reconciler.kinds import KINDS, kind_by_name
from reconciler.kinds.base import Fields, KindSpec, Wanted


@dataclass(frozen=True)
class Comparison:
    comparisons: tuple[KindComparison, ...]
    refs: ReferenceIndex
    remote: dict[str, tuple[Remote, ...]]
    problems: tuple[str, ...]
    account: dict[str, Any] = field(default_factory=dict)
    """The account as read (``/accounts/current``), which saved plans are bound to."""
    reads: int = 0
    """The requests the read of the account took."""

    def active_counts(self) -> dict[str, int]:
        return {
            kind: sum(1 for record in records if not record.archived and not record.builtin)
            for kind, records in self.remote.items()
        }


def normalise_reference(kind: str, key: str) -> str:
    return kind_by_name(kind).normalise_key(key)


# --- the declared side -------------------------------------------------------------------------


def declared_records(catalogue: BaseModel, source_of: SourceOf) -> dict[str, list[Desired]]:
    """Every declared record of every kind, by kind name."""
    declared: dict[str, list[Desired]] = {spec.name: [] for spec in KINDS}
    for spec in KINDS:
        if spec.parent is not None:
            continue
        children = _children_of(spec)
        for index, record in enumerate(getattr(catalogue, spec.section, ())):
            path: YamlPath = (spec.section, index)
            written = record.model_fields_set
            listed = frozenset(c.section for c in children if c.listed_by_parent) & written
            declared[spec.name].append(
                _desired(spec, record, source_of, path, None, ctx={}, listed=listed)
            )
            parent = spec.normalise_key(spec.declared_key(record))
            nested: dict[str, Any] = {"parent": record}
            for child in children:
                into = declared[child.name]
                for position, item in enumerate(getattr(record, child.section, ())):
                    nested["index"] = position  # read by ``desired`` only, never kept
                    child_path = (*path, child.section, position)
                    into.append(_desired(child, item, source_of, child_path, parent, ctx=nested))
    return declared


def _children_of(spec: KindSpec) -> list[KindSpec]:
    return [child for child in KINDS if child.parent == spec.name]


def _desired(
    spec: KindSpec,
    record: BaseModel,
    source_of: SourceOf,
    path: YamlPath,
    parent: str | None,
    *,
    ctx: Mapping[str, Any],
    listed: frozenset[str] = frozenset(),
) -> Desired:
    fields = spec.desired(record, ctx)
    named: tuple[tuple[str, str, YamlPath], ...] = getattr(record, "yaml_references", tuple)()
    key = spec.full_key(spec.declared_key(record).strip(), parent)
    lifecycle = getattr(record, "lifecycle", None)
    ignored = getattr(lifecycle, "ignore_fields", None)
    ignore = frozenset(_ignored_name(name) for name in ignored) if ignored else _NOTHING
    return Desired(
        kind=spec.name,
        key=key,
        nkey=spec.normalise_key(key),
        fields=_without(fields, spec.create_only),
        create_only=_only(fields, spec.create_only),
        renamed_from=getattr(record, "renamed_from", None),
        protect=bool(getattr(lifecycle, "protect", False)),
        ignore=ignore,
        parent=parent,
        path=path,
        locate=source_of,
        references=named,
        listed=listed,
    )


_NOTHING: frozenset[str] = frozenset()


def _without(fields: Fields, names: frozenset[str]) -> Fields:
    if names.isdisjoint(fields):
        return fields
    return {k: v for k, v in fields.items() if k not in names}


def _only(fields: Fields, names: frozenset[str]) -> Fields:
    if names.isdisjoint(fields):
        return {}
    return {k: v for k, v in fields.items() if k in names}


def _ignored_name(name: str) -> str:
    head, dot, tail = name.strip().partition(".")
    return f"{head}.{tail.strip().casefold()}" if head == "prices" and dot else name.strip()


# --- the remote side ---------------------------------------------------------------------------


def remote_records(
    spec: KindSpec,
    raw: RawKind,
    refs: ReferenceIndex,
    account: Mapping[str, Any],
    declared: frozenset[str] = frozenset(),
    *,
    only: Wanted = None,
) -> list[Remote]:
    """``declared``: the normalised keys the configuration declares of this kind (or renames);
    ``only``: the fields to read (``None``: all)."""
    attach = _companion_grouper(spec, raw)
    records: list[Remote] = []
    parent_attribute = f"{spec.parent}_id" if spec.parent else None
    within_parent = spec.parent if spec.keyed_within_parent else None
    current, normalise, companions = spec.current, spec.normalise_key, spec.companions
    for api_record in spec.prepare(raw.records, declared, only):
        record = attach(api_record)
        key = spec.key_of(record)
        parent_id = record.get(parent_attribute) if parent_attribute else None
        if key is not None and within_parent:
            parent_key = refs.key_of(within_parent, parent_id) if parent_id is not None else None
            key = spec.full_key(key.strip(), parent_key) if parent_key is not None else None
        records.append(
            Remote(
                kind=spec.name,
                id=record["id"],
                key=key.strip() if key else None,
                nkey=normalise(key) if key else None,
                fields=current(record, refs, only),
                status=str(record.get("status") or "active"),
                fingerprint=fingerprint(record, companions),
                builtin=spec.is_builtin(record, account),
                parent_id=parent_id if isinstance(parent_id, int | str) else None,
            )
        )
    return records


def _companion_grouper(
    spec: KindSpec, raw: RawKind
) -> Callable[[dict[str, Any]], dict[str, Any]]:
    if not raw.companions:
        return lambda record: record
    grouped: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for resource, items in raw.companions.items():
        by_owner: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for item in items:
            by_owner[str(item.get(f"{spec.root}_id"))].append(item)
        grouped[resource] = by_owner

    def attach(record: dict[str, Any]) -> dict[str, Any]:
        owner = str(record.get("id"))
        return {**record, **{res: items.get(owner, []) for res, items in grouped.items()}}

    return attach


def fingerprint(api_record: Mapping[str, Any], companions: Sequence[str] = ()) -> str:
    """``updated_at`` where the API gives it, else a hash of the whole record; a record read
    with companions (a tax type's components) also carries a hash of those."""
    updated = api_record.get("updated_at")
    if isinstance(updated, str) and updated:
        if not companions:
            return updated
        return f"{updated}+{_digest({name: api_record.get(name) for name in companions})}"
    return HASHED + _digest(api_record)


def _digest(value: Any) -> str:
    canonical = json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


# --- matching, kind by kind --------------------------------------------------------------------


@dataclass
class _Context:
    declared: dict[str, list[Desired]]
    raw: RawState
    refs: ReferenceIndex
    archive: frozenset[str]
    matched_ids: dict[str, dict[str, int | str]]
    """For each kind: declared normalised key → remote id."""
    source_of: SourceOf


def compare(
    declared: dict[str, list[Desired]],
    raw: RawState,
    scope: Sequence[KindSpec],
    archive: Iterable[str],
    source_of: SourceOf = lambda path: None,
    *,
    declared_fields_only: bool = False,
) -> Comparison:
    """Normalise, key and match every kind in ``scope``; ``source_of`` places the problems.

    ``declared_fields_only`` reads from the account only the fields the configuration writes
    (and the key and label a plan names records by), which is all a plan compares; export and
    pull read every field."""
    refs = ReferenceIndex(normalise_reference)
    ctx = _Context(declared, raw, refs, frozenset(archive), {}, source_of)
    comparisons: list[KindComparison] = []
    remote: dict[str, tuple[Remote, ...]] = {}
    problems: list[str] = []
    for spec in scope:
        kind_raw = raw.kinds.get(spec.name, RawKind([], True))
        only = _written_fields(spec, ctx) if declared_fields_only else None
        keys = _declared_keys(spec, ctx)
        records = remote_records(spec, kind_raw, refs, raw.account, keys, only=only)
        remote[spec.name] = tuple(records)
        comparison, found = _compare_kind(spec, kind_raw, records, ctx)
        comparisons.append(comparison)
        problems.extend(found)
    problems.extend(_reference_problems(ctx, scope))
    return Comparison(tuple(comparisons), refs, remote, tuple(problems), raw.account, raw.requests)


def _written_fields(spec: KindSpec, ctx: _Context) -> frozenset[str]:
    written = {spec.key_field, spec.label_field or spec.key_field}
    for desired in ctx.declared.get(spec.name, []):
        written.update(desired.fields)
    return frozenset(written)


def _declared_keys(spec: KindSpec, ctx: _Context) -> frozenset[str]:
    keys: set[str] = set()
    for desired in ctx.declared.get(spec.name, []):
        keys.add(desired.nkey)
        if desired.renamed_from:
            keys.add(spec.normalise_key(desired.renamed_from))
    return frozenset(keys)


def _compare_kind(
    spec: KindSpec, raw: RawKind, records: list[Remote], ctx: _Context
) -> tuple[KindComparison, list[str]]:
    desired = ctx.declared.get(spec.name, [])
    owners = _sku_owners(ctx) if spec.name == "product" else None
    matching = match_kind(spec.address, spec.normalise_key, desired, records, owners)
    _register(spec, matching, ctx)
    problems = list(matching.problems)
    parent = kind_by_name(spec.parent) if spec.parent else None
    if parent is not None:
        problems.extend(_parent_problems(spec, parent, matching, ctx))
    archive = spec.section in ctx.archive
    comparison = KindComparison(
        spec=spec,
        matching=matching,
        complete=raw.complete,
        archive=archive or spec.listed_by_parent,
        archivable=_archivable(spec, ctx, listed_only=not archive),
        removal_reason=_removal_reason(spec, parent, listed_only=not archive),
        parent_spec=parent,
        parent_key=_parent_key(parent, ctx),
        references=_dependency_addresses,
        protected=frozenset(d.nkey for d in desired if d.protect),
        latest_update=max(
            (r["updated_at"] for r in raw.records if isinstance(r.get("updated_at"), str)),
            default=None,
        ),
    )
    return comparison, problems


def _register(spec: KindSpec, matching: Matching, ctx: _Context) -> None:
    ids: dict[str, int | str] = {}
    add = ctx.refs.add
    for remote in matching.unmatched:
        if remote.nkey is not None and not remote.archived:
            add(spec.name, remote.nkey, remote.id, normalised=True)
    for match in matching.matches:
        if match.remote is not None:
            add(spec.name, match.desired.nkey, match.remote.id, normalised=True)
            ids[match.desired.nkey] = match.remote.id
    ctx.matched_ids[spec.name] = ids


def _sku_owners(ctx: _Context) -> OwnerLookup:
    """Products are matched before variants are normalised: their SKUs come from the raw read."""
    holdings = map(_sku_holding, ctx.raw.kinds.get("variant", RawKind([], True)).records)
    skus: dict[str, list[str]] = defaultdict(list)
    for variant in ctx.declared.get("variant", []):
        if variant.parent is not None:
            skus[variant.parent].append(variant.nkey)
    return sku_owners(holdings, skus)


def _sku_holding(variant: dict[str, Any]) -> Remote:
    """Just what SKU matching reads of a raw variant: its SKU, status and product."""
    product_id = variant.get("product_id")
    return Remote(
        kind="variant",
        id=variant["id"],
        key=None,
        nkey=str(variant.get("sku") or "").strip() or None,
        fields={},
        status=str(variant.get("status") or "active"),
        fingerprint="",
        parent_id=product_id if isinstance(product_id, int | str) else None,
    )


def _parent_problems(
    spec: KindSpec, parent: KindSpec, matching: Matching, ctx: _Context
) -> list[str]:
    parent_ids = ctx.matched_ids.get(parent.name, {})
    problems: list[str] = []
    for match in matching.matches:
        remote, desired = match.remote, match.desired
        if remote is None or desired.parent is None:
            continue
        expected = parent_ids.get(desired.parent)
        if remote.parent_id is not None and str(remote.parent_id) != str(expected):
            holder = ctx.refs.key_of(parent.name, remote.parent_id) or f"id {remote.parent_id}"
            problems.append(
                f"{_where(desired)}{spec.address(desired.key)} is declared under "
                f"{parent.address(desired.parent)} but belongs to {parent.name} {holder!r} "
                f"(id {remote.parent_id}) in the account; the API cannot move a {spec.name} "
                f"between {parent.section}: declare it under {holder!r} or change its "
                f"{spec.key_field}"
            )
    return problems


def _archivable(spec: KindSpec, ctx: _Context, *, listed_only: bool) -> Callable[[Remote], bool]:
    """Children are archived only under declared parents, and never under protected ones; a
    kind its parents list in full, without ``archive_missing``, only under those listing it."""
    if spec.parent is None:
        return lambda remote: True
    matched = ctx.matched_ids.get(spec.parent, {})
    skipped = {
        d.nkey
        for d in ctx.declared.get(spec.parent, [])
        if d.protect or (listed_only and spec.section not in d.listed)
    }
    parents = {str(i) for key, i in matched.items() if key not in skipped}
    return lambda remote: str(remote.parent_id) in parents


def _parent_key(parent: KindSpec | None, ctx: _Context) -> Callable[[Remote], str | None]:
    if parent is None:
        return lambda remote: None
    return lambda remote: (
        None if remote.parent_id is None else ctx.refs.key_of(parent.name, remote.parent_id)
    )


def _removal_reason(spec: KindSpec, parent: KindSpec | None, *, listed_only: bool) -> str:
    if listed_only and parent is not None:
        reason = f"not listed in its {parent.name}'s {spec.section}"
    else:
        reason = f"not in the configuration ({spec.section} in options.archive_missing)"
    if spec.removal == "delete":
        reason += f"; the API deletes {spec.section} for good"
    return reason


def _dependency_addresses(desired: Desired) -> list[str]:
    return [kind_by_name(kind).address(key) for kind, key, _ in desired.references]


def _reference_problems(ctx: _Context, scope: Sequence[KindSpec]) -> list[str]:
    """A problem for each reference that names a record neither declared nor in the account
    (the distinct names are checked first: a catalogue names the same few many times)."""
    declared_keys = {
        kind: {d.nkey for d in records} for kind, records in ctx.declared.items()
    }
    in_scope = [ctx.declared.get(spec.name, []) for spec in scope]
    named = {
        (kind, key)
        for records in in_scope
        for desired in records
        for kind, key, _ in desired.references
    }
    unknown = {
        (kind, key)
        for kind, key in named
        if normalise_reference(kind, key) not in declared_keys.get(kind, set())
        and not ctx.refs.knows(kind, key)
    }
    if not unknown:
        return []
    problems: list[str] = []
    for spec, records in zip(scope, in_scope, strict=True):
        for desired in records:
            for kind, key, path in desired.references:
                if (kind, key) in unknown:
                    noun = kind.replace("_", " ")
                    where = ctx.source_of(desired.reference_path(path))
                    at = f"{where}: " if where else _where(desired)
                    problems.append(
                        f"{at}{spec.address(desired.key)} refers to {noun} {key!r}, "
                        "which is neither declared nor in the account"
                    )
    return problems


def _where(desired: Desired) -> str:
    return f"{desired.source}: " if desired.source else ""
