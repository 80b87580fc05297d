"""References from one record to another kind's record, and those the configuration leaves open.

A variant's price codes and initial stock location, and a price list's currency, name records
by natural key. Those declared in the configuration (or built in, as the retail, wholesale and
buy price lists) resolve here; the rest are returned as unresolved, for the engine to resolve
against the account before any change is planned.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from reconciler.config.diagnostics import Diagnostic, Position, YamlPath, format_path
from reconciler.config.sourcemap import SourceMap
from reconciler.config.validation import Declared
from reconciler.kinds import kind_by_name
from reconciler.kinds.fields import ReferenceTo
from reconciler.kinds.price_list import BUILTIN_PRICE_LISTS

_BUILTIN: dict[str, frozenset[str]] = {"price_list": frozenset(BUILTIN_PRICE_LISTS)}


@dataclass(frozen=True)
class Reference:
    """A field naming a record of ``kind`` by ``key`` that the configuration does not declare."""

    kind: str
    """The referenced kind: ``price_list``, ``location`` or ``currency``."""
    key: str
    """The key as written (``"VIP"``, ``"Main Warehouse"``, ``"SGD"``)."""
    path: YamlPath
    """The catalogue path of the field that names it."""
    source_map: SourceMap = field(compare=False, repr=False)

    @property
    def position(self) -> Position:
        """Where the field is written: a price at its code, other references at their value
        (looked up when asked: finding a position may read the file again)."""
        if self.kind == "price_list":
            return self.source_map.position(self.path)
        return self.source_map.value_position(self.path)

    @property
    def yaml_path(self) -> str:
        """The field's path inside its own file, as diagnostics show it."""
        return format_path(self.source_map.local_path(self.path))

    def describe(self) -> str:
        kind = self.kind.replace("_", " ")
        return f"{kind} {self.key!r}"

    def diagnostic(self, message: str | None = None) -> Diagnostic:
        """An error at the referring field; by default, that the record exists nowhere."""
        text = message or f"{self.describe()} is neither declared nor in the account"
        return Diagnostic(
            self.position.file, self.position.line, self.position.col, text, self.yaml_path
        )


def _normalise(kind: str, key: str) -> str:
    try:
        return kind_by_name(kind).normalise_key(key)
    except KeyError:
        return key.strip().upper()


def unresolved_references(declared: Iterable[Declared], smap: SourceMap) -> list[Reference]:
    """Every reference that names neither a declared nor a built-in record, in declaration order."""
    records = [(item, _references_of(item)) for item in declared]
    known = {(item.spec.name, item.nkey) for item, _ in records}
    known |= {(kind, key) for kind, keys in _BUILTIN.items() for key in keys}
    named = {(kind, key) for _, references in records for kind, key, _ in references}
    unknown = {(kind, key) for kind, key in named if (kind, _normalise(kind, key)) not in known}
    if not unknown:
        return []
    kinds = {kind for kind, _ in unknown}
    return [
        Reference(kind, key, (*item.path, *field_path), smap)
        for item, references in records
        for kind, key, field_path in references
        if kind in kinds and (kind, key) in unknown
    ]


def _references_of(item: Declared) -> tuple[ReferenceTo, ...]:
    references = getattr(item.record, "yaml_references", None)  # every kind's Record has it
    return references() if references is not None else ()
