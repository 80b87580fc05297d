"""Column-mapped kinds: one ``Column`` per managed field, mapping YAML ↔ normalised ↔ API.

Most kinds are a flat record whose YAML field has one API attribute; such a kind lists its
columns and inherits ``desired``, ``current``, ``create_body``, ``update_body`` and ``export``
from ``ColumnSpec``. Kinds with nested values (a variant's prices, a tax type's components)
extend these methods for those fields only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, cached_property
from typing import Any, ClassVar

from pydantic import BaseModel

from reconciler.kinds.base import Fields, KindSpec, References
from reconciler.kinds.values import decimal_text, tag_list, text

Normaliser = Callable[[Any], Any]
Reader = Callable[[Mapping[str, Any], References], Any]
Writer = Callable[[Any, References], Any]

NOT_MANAGED = frozenset({"renamed_from", "lifecycle"})


def _same(value: Any, refs: References) -> Any:
    return value


@dataclass(frozen=True)
class Column:
    """One managed field: its YAML name, API attribute and normaliser.

    ``read`` replaces the plain ``normalise(api_record[wire])`` for fields stored by reference
    (a currency id read back as its ISO code); ``write`` turns the normalised value into the
    API's (an ISO code into a currency id).
    """

    name: str
    wire: str = ""
    normalise: Normaliser = text
    read: Reader | None = None
    write: Writer = _same
    attribute: str = field(init=False, repr=False, compare=False)
    """The API attribute: ``wire``, or the YAML name when they are the same."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "attribute", self.wire or self.name)

    def from_api(self, api_record: Mapping[str, Any], refs: References) -> Any:
        read = self.read
        if read is not None:
            return read(api_record, refs)
        return self.normalise(api_record.get(self.attribute))


def reference(name: str, kind: str, *, wire: str = "", normalise: Normaliser = text) -> Column:
    """A field naming a record of ``kind`` by its key, sent as its id (``<name>_id``).

    ``normalise`` must agree with the kind's ``normalise_key``: the API side is read back as the
    key the engine knows the record by.
    """
    attribute = wire or f"{name}_id"

    def read(api_record: Mapping[str, Any], refs: References) -> Any:
        value = api_record.get(attribute)
        return None if value in (None, "") else refs.key_of(kind, value)

    def write(value: Any, refs: References) -> Any:
        return None if value is None else refs.id_of(kind, str(value))

    return Column(name, wire=attribute, normalise=normalise, read=read, write=write)


@cache
def _yaml_names(model: type[BaseModel]) -> dict[str, str]:
    """Each managed field's YAML name (its alias, if it has one), by attribute name."""
    return {
        name: info.alias or name
        for name, info in model.model_fields.items()
        if name not in NOT_MANAGED
    }


def written_fields(record: BaseModel) -> dict[str, Any]:
    """The fields written in YAML, by their YAML names (aliases), lifecycle excluded."""
    names = _yaml_names(type(record))
    return {
        names[name]: getattr(record, name) for name in record.model_fields_set if name in names
    }


class ColumnSpec(KindSpec):
    """A kind whose managed fields are its ``columns``."""

    columns: ClassVar[tuple[Column, ...]] = ()

    @cached_property
    def normalisers(self) -> tuple[tuple[str, Normaliser], ...]:
        """Each column's name and normaliser, in column order, looked up once per kind."""
        return tuple((column.name, column.normalise) for column in self.columns)

    def column(self, name: str) -> Column | None:
        for column in self.columns:
            if column.name == name:
                return column
        return None

    def desired(self, record: BaseModel, ctx: Mapping[str, Any]) -> Fields:
        written = written_fields(record)
        return {
            name: normalise(written[name])
            for name, normalise in self.normalisers
            if name in written
        }

    def current(self, api_record: Mapping[str, Any], refs: References) -> Fields:
        return {column.name: column.from_api(api_record, refs) for column in self.columns}

    def create_body(self, fields: Fields, refs: References) -> dict[str, Any]:
        return self.update_body(fields, refs)

    def is_set(self, name: str) -> bool:
        column = self.column(name)
        return column is not None and column.normalise is tag_list

    def export(self, fields: Fields) -> dict[str, Any]:
        """Written values only; decimals as numbers so the YAML reads naturally."""
        exported: dict[str, Any] = {}
        for name, value in fields.items():
            if value is None or value in ("", []):
                continue
            column = self.column(name)
            decimal = column is not None and column.normalise is decimal_text
            exported[name] = Decimal(value) if decimal else value
        return exported

    def update_body(self, fields: Fields, refs: References) -> dict[str, Any]:
        body: dict[str, Any] = {}
        for name, value in fields.items():
            column = self.column(name)
            if column is not None:
                body[column.attribute] = column.write(value, refs)
        return body
