"""Pull: the account's values written back into the configuration, in place.

For every declared record matched in the account, each field written in YAML that differs takes
the account's value; renames made in the account become key changes with ``renamed_from``;
records the account archived are reported (or removed with ``prune_archived``); and with
``add_new``, records the configuration does not declare are appended where they belong, in the
form ``export`` writes. Fields never written stay unwritten: pull does not widen what is managed.

The decisions are made here from the comparison ``plan`` uses; the text edits themselves are
``config.rewrite``'s, so every byte that is not changed stays as it was.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reconciler.config import ConfigError, LoadedCatalogue, load_catalogue
from reconciler.config.rewrite import ConfigText, ValueEdit
from reconciler.config.schema import schema_named_in, with_modeline
from reconciler.engine.desire import desire_from
from reconciler.engine.diff import diff_fields
from reconciler.engine.errors import PlanError
from reconciler.engine.fetch import Reader
from reconciler.engine.match import Match
from reconciler.engine.planner import KindComparison
from reconciler.engine.pull_order import Orders
from reconciler.engine.records import Remote
from reconciler.engine.scope import kinds_in_scope, with_needs
from reconciler.engine.service import compare_account
from reconciler.engine.state import Comparison, declared_records
from reconciler.engine.target import address_pattern, refuse_unknown_targets
from reconciler.kinds import KINDS, kind_by_name, kind_by_section
from reconciler.kinds.base import KindSpec

DEFAULT_ADD_NEW = ("variants",)


@dataclass(frozen=True)
class PullOptions:
    targets: tuple[str, ...] = ()
    add_new: tuple[str, ...] = ()
    """Sections whose undeclared records are appended (``variants``: under declared products)."""
    into: str | None = None
    """The file new top-level records go to (default: the file holding most of their kind)."""
    prune_archived: bool = False


@dataclass(frozen=True)
class Pulled:
    pulled: tuple[str, ...]
    """One line per value written, record added or removed."""
    notes: tuple[str, ...]
    """What was left for a person: hand edits, archived records, records not in the account."""
    files: dict[str, tuple[str, str]] = field(default_factory=dict)
    """File name → (text before, text after) of every file that changes."""

    @property
    def has_changes(self) -> bool:
        return bool(self.files) or bool(self.notes)


def pull(loaded: LoadedCatalogue, path: Path, client: Reader, options: PullOptions) -> Pulled:
    desire = desire_from(loaded, path)
    declared = declared_records(desire.catalogue, desire.source_of)
    add_new = _sections(options.add_new)
    scope = with_needs(
        {spec.name for spec in kinds_in_scope(declared, ())} | {s.name for s in add_new}
    )
    comparison = compare_account(client, declared, scope, frozenset(), desire.source_of)
    if comparison.problems:
        raise PlanError(comparison.problems)
    refuse_unknown_targets(options.targets, declared, comparison.remote)
    sources = _read(loaded.files)
    text = ConfigText(sources, [spec.section for spec in KINDS if not spec.parent])
    puller = _Puller(loaded, text, options)
    for kind in comparison.comparisons:
        puller.pull_kind(kind)
    puller.write_values()
    for spec in add_new:
        puller.add_new(spec, comparison, _default_file(loaded, path, text, spec, options))
    files = _new_files_name_the_schema(text.changed(), sources)
    return Pulled(tuple(puller.pulled), tuple(puller.notes), files)


def _new_files_name_the_schema(
    files: dict[str, tuple[str, str]], sources: list[tuple[str, str]]
) -> dict[str, tuple[str, str]]:
    """A file pull creates names the schema the configuration's files name, as export's do."""
    named = (schema_named_in(Path(name), text) for name, text in sources)
    schema = next((found for found in named if found), None)
    if schema is None:
        return files
    return {name: (before, after if before else with_modeline(Path(name), after, schema))
            for name, (before, after) in files.items()}


def _sections(names: Sequence[str]) -> list[KindSpec]:
    known = {spec.section for spec in KINDS}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise PlanError([f"--add-new: unknown kind {unknown[0]!r}; choose from "
                         + ", ".join(spec.section for spec in KINDS)])
    return [kind_by_section(name) for name in dict.fromkeys(names)]


def _read(files: Iterable[str]) -> list[tuple[str, str]]:
    return [(name, Path(name).read_bytes().decode("utf-8")) for name in files]


class _Puller:
    def __init__(self, loaded: LoadedCatalogue, text: ConfigText, options: PullOptions) -> None:
        self.loaded = loaded
        self.text = text
        self.options = options
        self.patterns = [address_pattern(pattern) for pattern in options.targets]
        self.pulled: list[str] = []
        self.notes: list[str] = []
        self.edits: list[tuple[ValueEdit, str, str]] = []
        self.orders = Orders()

    def selected(self, address: str, parent: str | None = None) -> bool:
        if not self.patterns:
            return True
        return any(p.fullmatch(a) for p in self.patterns for a in (address, parent) if a)

    def pull_kind(self, kind: KindComparison) -> None:
        spec = kind.spec
        for match in kind.matching.matches:
            desired = match.desired
            address = spec.address(desired.key)
            parent = kind.parent_spec.address(desired.parent) if (
                kind.parent_spec and desired.parent) else None
            path = self.loaded.path_of(spec.name, desired.key)
            if path is None:
                continue
            selected = self.selected(address, parent)
            self.orders.note(spec, match, path, parent, selected)
            if not selected:
                continue
            if match.remote is None:
                self.notes.append(f"{_at(desired.source)}{address} is not in the account "
                                  "(apply would create it)")
            elif match.remote.archived:
                self._archived(spec, address, path, desired.source)
            else:
                self._fields(spec, match, address, path)

    def _archived(self, spec: KindSpec, address: str, path: tuple[str | int, ...],
                  source: str | None) -> None:
        if not self.options.prune_archived:
            self.notes.append(f"{_at(source)}{address} is archived in the account; kept in the "
                              "configuration (--prune-archived removes it)")
            return
        reason = self.text.remove_item(path)
        if reason is None:
            self.pulled.append(f"{_at(source)}{address}: removed (archived in the account)")
        else:
            self.notes.append(f"{_at(source)}{address} is archived in the account: {reason}")

    def _fields(self, spec: KindSpec, match: Match, address: str,
                path: tuple[str | int, ...]) -> None:
        assert match.remote is not None
        desired = match.desired
        changes = diff_fields(desired, match.remote)
        key_change = changes.pop(spec.key_field, None)
        if spec.place_field is not None:
            changes.pop(spec.place_field, None)  # moved in its list by ``Orders``
        if key_change is not None:
            self._rename(spec, match, address, path, key_change.before)
        for name, change in changes.items():
            label = f"{address} {name}"
            edit = ValueEdit(path, _yaml_path(name), _yaml_value(spec, name, change.before),
                             label, fold_last="." in name, as_set=spec.is_set(name),
                             items_from=None if spec.is_set(name) else _items_from(
                                 change.after, change.before))
            line = f"{_at(desired.source)}{label}: {_show(change.after)} → {_show(change.before)}"
            self.edits.append((edit, line, _show(change.before)))

    def write_values(self) -> None:
        """Every value at once, so that a value shared through an anchor sees all its users;
        then the lists whose order changed."""
        refused = {r.label: r for r in self.text.set_values([e for e, _, _ in self.edits])}
        for edit, line, account in self.edits:
            if edit.label in refused:
                self.notes.append(f"{refused[edit.label]} (the account has {account})")
            else:
                self.pulled.append(line)
        self.notes.extend(str(dropped) for dropped in self.text.comments_dropped)
        moved, refused_moves = self.orders.move(self.text)
        self.pulled.extend(moved)
        self.notes.extend(refused_moves)

    def _rename(self, spec: KindSpec, match: Match, address: str,
                path: tuple[str | int, ...], account_key: Any) -> None:
        desired = match.desired
        if match.via == "renamed_from" or not isinstance(account_key, str):
            self.notes.append(f"{_at(desired.source)}{address}: the rename from "
                              f"{match.remote.key if match.remote else ''!r} is not applied yet; "
                              "left as written")
            return
        refused = self.text.set_key_with_rename(path, spec.key_field, account_key, desired.key,
                                                f"{address} {spec.key_field}")
        self.notes.extend(str(r) for r in refused)
        if not refused:
            self.pulled.append(f"{_at(desired.source)}{address}: renamed in the account to "
                               f"{account_key!r} (renamed_from: {desired.key!r} added)")

    def add_new(self, spec: KindSpec, comparison: Comparison, file: str | None) -> None:
        kind = next((k for k in comparison.comparisons if k.spec.name == spec.name), None)
        if kind is None:
            return
        parents = _declared_parents(spec, comparison, self.loaded)
        for record in _new_records(spec, kind, self.notes):
            parent_path = parents.get(str(record.parent_id)) if spec.parent else None
            if spec.parent and parent_path is None:
                continue
            address = spec.address(record.key or "")
            parent_address = None
            if spec.parent and parent_path is not None:
                parent_address = kind_by_name(spec.parent).address(str(parent_path[1]))
            if not self.selected(address, parent_address):
                continue
            value = _document(spec, record, comparison)
            where = None if spec.parent else file
            reason = self.text.append_item(parent_path[0] if parent_path else None,
                                           spec.section, value, where)
            if reason is None:
                under = f" under {parent_address}" if parent_address else ""
                self.pulled.append(f"{address}: added{under}" + (f" to {file}" if where else ""))
                if parent_path and self.orders.ordered(parent_path[0], spec.section):
                    self.notes.append(f"{address}: added at the end of {parent_address} "
                                      f"{spec.section}; pull again to move it to its place")
            else:
                self.notes.append(f"{address} is new in the account: {reason}")


def _declared_parents(spec: KindSpec, comparison: Comparison,
                      loaded: LoadedCatalogue) -> dict[str, tuple[tuple[str | int, ...], str]]:
    """Remote id of each declared, matched parent → (its catalogue path, its key)."""
    if spec.parent is None:
        return {}
    found: dict[str, tuple[tuple[str | int, ...], str]] = {}
    for kind in comparison.comparisons:
        if kind.spec.name != spec.parent:
            continue
        for match in kind.matching.matches:
            path = loaded.path_of(spec.parent, match.desired.key)
            if match.remote is not None and path is not None:
                found[str(match.remote.id)] = (path, match.desired.key)
    return found


def _new_records(spec: KindSpec, kind: KindComparison, notes: list[str]) -> list[Remote]:
    live = [r for r in kind.matching.unmatched if not r.archived and not r.builtin]
    counts = Counter(r.nkey for r in live if r.nkey is not None)
    for key in sorted(k for k, n in counts.items() if n > 1):
        notes.append(f"{spec.address(key)} is new in the account but {counts[key]} active "
                     "records share it; not added")
    return [r for r in live if r.nkey is not None and counts[r.nkey] == 1]


def _document(spec: KindSpec, record: Remote, comparison: Comparison) -> dict[str, Any]:
    """The record as ``export`` writes it, with its children when it has any."""
    item = spec.export(record.fields)
    for child in KINDS:
        if child.parent != spec.name:
            continue
        remote = comparison.remote.get(child.name, ())
        nested = [child.export(c.fields) for c in remote
                  if str(c.parent_id) == str(record.id) and not c.archived and c.nkey]
        if nested:
            item[child.section] = nested
    return item


def _default_file(loaded: LoadedCatalogue, path: Path, text: ConfigText, spec: KindSpec,
                  options: PullOptions) -> str | None:
    if spec.parent is not None:
        return None
    if options.into is not None:
        return options.into
    counts = [(text.count(spec.section, name), -index, name)
              for index, name in enumerate(loaded.files)]
    best = max(counts, default=None)
    if best is not None and best[0] > 0:
        return best[2]
    if path.is_dir():
        return str(path / f"{spec.section.replace('_', '-')}.yaml")
    return loaded.files[0] if loaded.files else None


def _yaml_path(name: str) -> tuple[str, ...]:
    head, dot, tail = name.partition(".")
    return (head, tail) if dot else (head,)


def _yaml_value(spec: KindSpec, name: str, value: Any) -> Any:
    """The account's normalised value as ``export`` would write it."""
    if value is None:
        return None
    exported = spec.export({name: value})
    head, dot, tail = name.partition(".")
    if head not in exported:
        return value
    found = exported[head]
    if dot and isinstance(found, dict):
        return next((v for k, v in found.items() if str(k).casefold() == tail.casefold()), value)
    return found


def _items_from(written: Any, account: Any) -> tuple[int | None, ...] | None:
    """For a list, the written item each of the account's items equals, if any, so the items
    that stay are kept as written (a non-set list holds one value per written item)."""
    if not isinstance(written, list) or not isinstance(account, list):
        return None
    unused: dict[str, list[int]] = defaultdict(list)
    for index, item in enumerate(written):
        unused[_canonical(item)].append(index)
    return tuple(unused[key].pop(0) if unused.get(key) else None
                 for key in map(_canonical, account))


def _canonical(item: Any) -> str:
    return json.dumps(item, sort_keys=True, default=str)


def _show(value: Any) -> str:
    return "(not set)" if value is None else str(value)


def _at(source: str | None) -> str:
    return f"{source}: " if source else ""


def check_still_valid(loaded: LoadedCatalogue, path: Path, pulled: Pulled) -> None:
    """Load the pulled configuration from a scratch copy; raise ``ConfigError`` (naming the real
    files) when the edits would leave it invalid, so nothing is written."""
    root = path if path.is_dir() else path.parent
    with tempfile.TemporaryDirectory(prefix="gecko-pull-") as scratch:
        names = {*loaded.files, *pulled.files}
        for name in names:
            copy = Path(scratch) / Path(name).resolve().relative_to(root.resolve())
            copy.parent.mkdir(parents=True, exist_ok=True)
            after = pulled.files[name][1] if name in pulled.files else None
            copy.write_bytes(after.encode() if after is not None else Path(name).read_bytes())
        target = Path(scratch) if path.is_dir() else Path(scratch) / path.name
        try:
            load_catalogue(target)
        except ConfigError as error:
            raise ConfigError(
                replace(d, file=d.file.replace(scratch, str(root).rstrip("/")))
                for d in error.diagnostics
            ) from None

