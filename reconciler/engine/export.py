"""Export: the account's catalogue as minimal YAML documents in the configuration format.

Only what the account holds is written (empty fields are left out, so they stay unmanaged), no
ids appear, and built-in records are written as their kind says (the built-in price lists not at
all, since every account has them; the base currency by its code only); planning
the export against the same account therefore shows no changes. Records that cannot be keyed
(variants without a SKU, keys shared by several active records) are left out and listed in
``left_out``; an export whose read of a kind was incomplete is refused (records could be missing
without anyone knowing which).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from reconciler.engine.errors import PlanError
from reconciler.engine.fetch import Reader, fetch_state
from reconciler.engine.records import Remote
from reconciler.engine.scope import with_refers
from reconciler.engine.state import compare
from reconciler.kinds import KINDS, kind_by_name, kind_by_section
from reconciler.kinds.base import KindSpec

PRODUCTS_PER_FILE = 500


@dataclass(frozen=True)
class Export:
    documents: dict[str, dict[str, Any]]
    """File name → YAML document (``gecko.yaml`` carries the format version)."""
    warnings: tuple[str, ...]
    requests: int
    notes: tuple[str, ...] = ()
    """What the export leaves out on purpose (stock), one line each."""
    left_out: tuple[str, ...] = ()
    """Records the export could not write, one line per reason."""


def export_catalogue(client: Reader, sections: Sequence[str] = ()) -> Export:
    wanted = _wanted(sections)
    names = {spec.name for spec in wanted} | {c.name for s in wanted for c in _children(s)}
    scope = with_refers(names)
    raw = fetch_state(client, scope)
    short = [kind_by_name(name).section for name, kind in raw.kinds.items() if not kind.complete]
    if short:
        raise PlanError([
            f"the read of {' and '.join(short)} was incomplete (fewer records arrived than the "
            "API announced, or records changed while it ran); nothing was written, export again"
        ])
    comparison = compare({spec.name: [] for spec in KINDS}, raw, scope, ())
    left_out: list[str] = []
    documents: dict[str, dict[str, Any]] = {"gecko.yaml": {"gecko_apply": 1}}
    for spec in wanted:
        records = _exportable(spec, comparison.remote.get(spec.name, ()), left_out)
        children = {c.name: _by_parent(c, comparison.remote, left_out) for c in _children(spec)}
        documents_of = (_document(spec, record, children) for record in records)
        items = [item for item in documents_of if item is not None]
        documents.update(_files(spec, items))
        left_out.extend(_orphans(spec, {str(r.id) for r in records}, children))
    notes = tuple(spec.export_note for spec in scope if spec.name in names and spec.export_note)
    return Export(documents, (), raw.requests, notes, tuple(left_out))


def _orphans(
    spec: KindSpec, written: set[str], children: dict[str, dict[str, list[Remote]]]
) -> list[str]:
    """Children whose parent was left out go with it; say how many."""
    lines: list[str] = []
    for child_name, grouped in children.items():
        count = sum(len(items) for parent, items in grouped.items() if parent not in written)
        if count:
            section = kind_by_name(child_name).section
            lines.append(f"left out {count} {section} of the {spec.section} left out")
    return lines


def _wanted(sections: Sequence[str]) -> list[KindSpec]:
    top = [spec for spec in KINDS if spec.parent is None]
    unknown = [s for s in sections if s not in {spec.section for spec in top}]
    if unknown:
        names = ", ".join(spec.section for spec in top)
        raise PlanError([f"--kinds: unknown section {unknown[0]!r}; choose from {names}"])
    return [kind_by_section(s) for s in sections] if sections else top


def _children(spec: KindSpec) -> list[KindSpec]:
    return [child for child in KINDS if child.parent == spec.name]


def _exportable(spec: KindSpec, records: Iterable[Remote], left_out: list[str]) -> list[Remote]:
    live = [r for r in records if not r.archived]
    keyless = [r for r in live if r.nkey is None]
    if keyless:
        left_out.append(
            f"left out {len(keyless)} {spec.section} without a {spec.key_field} "
            "(gecko-apply keys records by it)"
        )
    counts = Counter(r.nkey for r in live if r.nkey is not None)
    shared = sorted({r.key or "" for r in live if r.nkey is not None and counts[r.nkey] > 1})
    for key in shared:
        ids = ", ".join(str(r.id) for r in live if r.key == key)
        left_out.append(f"left out {spec.address(key)}: several active records share it ({ids})")
    return sorted(
        (r for r in live if r.nkey is not None and counts[r.nkey] == 1),
        key=lambda r: spec.export_order(r.key or "", r.fields),
    )


def _by_parent(
    spec: KindSpec, remote: dict[str, tuple[Remote, ...]], left_out: list[str]
) -> dict[str, list[Remote]]:
    grouped: dict[str, list[Remote]] = defaultdict(list)
    for record in _exportable(spec, remote.get(spec.name, ()), left_out):
        grouped[str(record.parent_id)].append(record)
    return grouped


def _document(
    spec: KindSpec, record: Remote, children: dict[str, dict[str, list[Remote]]]
) -> dict[str, Any] | None:
    item = spec.export_builtin(record.fields) if record.builtin else spec.export(record.fields)
    if item is None:
        return None
    for child_name, grouped in children.items():
        child = kind_by_name(child_name)
        nested = [child.export(c.fields) for c in grouped.get(str(record.id), [])]
        if nested:
            spec.nest(item, child.section, nested)
    return item


def _files(spec: KindSpec, items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    stem = spec.section.replace("_", "-")
    if not items:
        return {}
    if len(items) <= PRODUCTS_PER_FILE:
        return {f"{stem}.yaml": {spec.section: items}}
    return {
        f"{stem}-{number:03d}.yaml": {spec.section: items[start : start + PRODUCTS_PER_FILE]}
        for number, start in enumerate(range(0, len(items), PRODUCTS_PER_FILE), start=1)
    }
