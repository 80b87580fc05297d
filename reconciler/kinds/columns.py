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

from reconciler.kinds.base import Fields, KindSpec, References, Wanted
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


@dataclass(frozen=True)
class _ReadPlan:
    own: tuple[Column, ...]
    plain: tuple[tuple[str, str, Normaliser], ...]
    order: tuple[str, ...]


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
        """The written columns, normalised, in column order."""
        written, values = record.model_fields_set, record.__dict__
        return {
            name: normalise(values[attribute])
            for attribute, name, normalise in self._desired_plan(type(record))
            if attribute in written
        }

    def _desired_plan(self, model: type[BaseModel]) -> tuple[tuple[str, str, Normaliser], ...]:
        """``(model attribute, column name, normaliser)`` of each column the model has."""
        plans = self._desired_plans
        found = plans.get(model)
        if found is None:
            attributes = {yaml: name for name, yaml in _yaml_names(model).items()}
            found = plans[model] = tuple(
                (attributes[name], name, normalise)
                for name, normalise in self.normalisers
                if name in attributes
            )
        return found

    @cached_property
    def _desired_plans(self) -> dict[type[BaseModel], tuple[tuple[str, str, Normaliser], ...]]:
        return {}

    @cached_property
    def _read_plans(self) -> dict[Wanted, _ReadPlan]:
        return {}

    def _read_plan(self, only: Wanted) -> _ReadPlan:
        """The columns ``current`` reads for ``only`` (create-only fields are never read back):
        those with their own reader, the plain ones as ``(name, attribute, normaliser)``, and
        the order of the result, worked out once per kind and field set."""
        plans = self._read_plans
        found = plans.get(only)
        if found is None:
            read = [
                c for c in self.columns
                if c.name not in self.create_only and (only is None or c.name in only)
            ]
            found = plans[only] = _ReadPlan(
                own=tuple(c for c in read if c.read is not None),
                plain=tuple((c.name, c.attribute, c.normalise) for c in read if c.read is None),
                order=tuple(c.name for c in read),
            )
        return found

    def current(
        self, api_record: Mapping[str, Any], refs: References, only: Wanted = None
    ) -> Fields:
        """The columns read back from the API record and normalised, in column order."""
        plan = self._read_plan(only)
        get = api_record.get
        fields = {name: normalise(get(attribute)) for name, attribute, normalise in plan.plain}
        if not plan.own:
            return fields
        for column in plan.own:
            fields[column.name] = column.read(api_record, refs)  # type: ignore[misc]
        return {name: fields[name] for name in plan.order}

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
