"""What a resource is: its writable fields, storage columns, filters, and hooks.

A resource subclass declares ``fields`` (writable attributes with their coercion and whether
they are accepted on create and on update), ``readonly`` (stored read-only attributes and their
initial values), ``columns`` (indexed SQL columns computed from the document) and ``filters``
(its own index filters), and may narrow its routes (``collection_methods``, ``member_methods``)
or serve ``/<plural>/current`` (``current``). It may override the hooks: ``write_extra``
(attributes that need more than coercion), ``check`` (validation against other records),
``after_create``, ``after_write``, ``can_archive``, ``after_archive``, ``after_delete``,
``after_restore``, ``present`` (the wire form of a page of records, computing derived fields in
batches) and ``sideload``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from reconciler.sandbox.errors import Errors, NotFound, add_error
from reconciler.sandbox.store import Record, Store, Table
from reconciler.sandbox.values import (
    Invalid,
    coerce_bool,
    coerce_ids,
    coerce_int,
    coerce_money,
    coerce_quantity,
    coerce_string,
    coerce_strings,
    coerce_tags,
)

Doc = dict[str, Any]
Coercer = Callable[[object], object]

COERCERS: dict[str, Coercer] = {
    "str": coerce_string,
    "bool": coerce_bool,
    "int": coerce_int,
    "money": coerce_money,
    "quantity": coerce_quantity,
    "tags": coerce_tags,
    "ids": coerce_ids,
    "strings": coerce_strings,
}


@dataclass(frozen=True)
class Field:
    name: str
    kind: str = "str"
    default: object = None
    create: bool = True
    update: bool = True
    required: bool = False
    choices: tuple[str, ...] = ()

    def coerce(self, value: object) -> object:
        result = COERCERS[self.kind](value)
        if self.choices and result == "":
            return None
        if self.choices and result is not None and result not in self.choices:
            raise Invalid("is not included in the list")
        return result


@dataclass(frozen=True)
class Filter:
    """An index filter: builds an SQL condition from the parameter's non-blank values."""

    build: Callable[[list[str]], tuple[str, list[object]]]
    commas: bool = False


def in_filter(column: str, *, integer: bool = False, commas: bool = False) -> Filter:
    def build(values: list[str]) -> tuple[str, list[object]]:
        args: list[object] = [int_param(v) for v in values] if integer else list(values)
        return f"{column} IN ({', '.join('?' for _ in args)})", args

    return Filter(build, commas=commas or integer)


def int_param(text: str) -> int:
    try:
        number = coerce_int(text)
    except Invalid:
        number = None
    if number is None:
        raise Invalid(f"{text!r} is not an id")
    return number


@dataclass
class Context:
    store: Store
    resources: Mapping[str, Resource]

    def resource(self, plural: str) -> Resource:
        return self.resources[plural]


class Resource:
    name: ClassVar[str]
    plural: ClassVar[str]
    klass: ClassVar[str]
    fields: ClassVar[tuple[Field, ...]] = ()
    readonly: ClassVar[Mapping[str, object]] = {}
    columns: ClassVar[Mapping[str, str]] = {}
    statuses: ClassVar[tuple[str, ...]] = ("active", "archived")
    """Empty for a resource without ``status``: DELETE then removes the record."""
    timestamps: ClassVar[bool] = True
    """Whether answers show ``created_at`` and ``updated_at`` (stored for every record)."""
    default_statuses: ClassVar[tuple[str, ...]] = ("active",)
    writable_statuses: ClassVar[tuple[str, ...]] = ("active",)
    # True when ``status`` is a documented writable enum (422 for other values) rather than a
    # read-only field that only honours ``"active"`` (restore) and ignores anything else.
    status_is_enum: ClassVar[bool] = False
    filters: ClassVar[Mapping[str, Filter]] = {}
    index_includes: ClassVar[frozenset[str]] = frozenset()
    embedded: ClassVar[Embedded | None] = None
    """Children created inside this resource's POST and sideloaded with it, if any."""
    order_columns: ClassVar[frozenset[str]] = frozenset({"id", "created_at", "updated_at"})
    collection_methods: ClassVar[tuple[str, ...]] = ("GET", "POST")
    member_methods: ClassVar[tuple[str, ...]] = ("GET", "PUT", "DELETE")
    index_meta: ClassVar[bool] = False
    """Whether an index answer carries the legacy ``"meta": {"total": N}`` beside its list."""

    def current(self, ctx: Context) -> Record | None:
        """The record ``GET /<plural>/current`` reads (the token's account or user), if any."""
        return None

    def table(self) -> Table:
        return Table(self.plural, self.columns)

    def column_values(self, doc: Doc) -> dict[str, object]:
        return {name: doc.get(name) for name in self.columns}

    def new_doc(self) -> Doc:
        doc: Doc = {f.name: f.default for f in self.fields}
        doc.update({key: _fresh(value) for key, value in self.readonly.items()})
        return doc

    def write(self, ctx: Context, doc: Doc, payload: Mapping[str, Any], creating: bool) -> Errors:
        """Apply the written attributes to ``doc``; read-only and unknown ones are ignored."""
        errors: Errors = {}
        for f in self.fields:
            if f.name not in payload or not (f.create if creating else f.update):
                continue
            try:
                doc[f.name] = f.coerce(payload[f.name])
            except Invalid as exc:
                add_error(errors, f.name, str(exc))
        self.write_extra(ctx, doc, payload, creating, errors)
        for f in self.fields:
            if f.required and f.name not in errors and doc.get(f.name) in (None, ""):
                add_error(errors, f.name, "can't be blank")
        return errors

    def write_extra(
        self, ctx: Context, doc: Doc, payload: Mapping[str, Any], creating: bool, errors: Errors
    ) -> None:
        if creating and self.embedded is not None and self.embedded.key in payload:
            self.embedded.validate(ctx, payload, errors)

    def initial_status(self, payload: Mapping[str, Any], errors: Errors) -> str:
        return "active"

    def check(self, ctx: Context, doc: Doc, status: str, record: Record | None) -> Errors:
        return {}

    def after_create(self, ctx: Context, record: Record, payload: Mapping[str, Any]) -> None:
        if self.embedded is not None:
            self.embedded.create(ctx, record.id, payload)

    def after_write(self, ctx: Context, record: Record) -> None:
        return None

    def can_archive(self, ctx: Context, record: Record) -> Errors:
        return {}

    def after_archive(self, ctx: Context, record: Record) -> None:
        return None

    def after_delete(self, ctx: Context, record: Record) -> None:
        return None

    def after_restore(self, ctx: Context, record: Record) -> None:
        return None

    def lookup(self, ctx: Context, id_text: str) -> Record:
        try:
            record_id = int_param(id_text)
        except Invalid:
            record_id = -1
        record = ctx.store.get(self.plural, record_id) if record_id > 0 else None
        if record is None:
            raise NotFound(f"Couldn't find {self.klass} with 'id'={id_text}")
        return record

    def ids_filter(self, values: list[str]) -> tuple[str, list[object]]:
        return in_filter("id", integer=True).build(values)

    def public_id(self, record: Record) -> int | str:
        return record.id

    def base(self, record: Record) -> Doc:
        stamps = {"created_at": record.created_at, "updated_at": record.updated_at}
        return {
            "id": self.public_id(record),
            **(stamps if self.timestamps else {}),
            **{key: value for key, value in record.doc.items() if not key.startswith("_")},
            **({"status": record.status} if self.statuses else {}),
        }

    def present(self, ctx: Context, records: Sequence[Record]) -> list[Doc]:
        return [self.base(record) for record in records]

    def sideload(
        self, ctx: Context, records: Sequence[Record], include: set[str]
    ) -> dict[str, list[Doc]]:
        if self.embedded is None:
            return {}
        return self.embedded.sideload(ctx, records, include)

    def save(self, ctx: Context, record: Record) -> Record:
        return ctx.store.update(self.plural, record, self.column_values(record.doc))


def _fresh(value: object) -> object:
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value


def placeholders(values: Sequence[object]) -> str:
    return ", ".join("?" for _ in values)


@dataclass(frozen=True)
class Embedded:
    """Child records created inside their parent's POST and sideloaded with it (a product's
    ``variants``, a tax type's ``tax_components``)."""

    key: str
    child: Callable[[], Resource]
    parent_column: str
    first_position: int = 0
    where: str = "1 = 1"

    def items(self, payload: Mapping[str, Any], errors: Errors) -> list[Mapping[str, Any]]:
        items = payload.get(self.key)
        if items is None:
            return []
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            add_error(errors, self.key, "is invalid")
            return []
        return items

    def validate(self, ctx: Context, payload: Mapping[str, Any], errors: Errors) -> None:
        child = self.child()
        for index, item in enumerate(self.items(payload, errors)):
            found = child.write(ctx, child.new_doc(), {**item, self.parent_column: 0}, True)
            for field, messages in found.items():
                for message in messages:
                    add_error(errors, f"{self.key}[{index}].{field}", message)

    def create(self, ctx: Context, parent_id: int, payload: Mapping[str, Any]) -> None:
        child = self.child()
        for index, item in enumerate(self.items(payload, {})):
            doc = child.new_doc()
            child.write(ctx, doc, {**item, self.parent_column: parent_id}, True)
            if doc.get("position") is None:
                doc["position"] = index + self.first_position
            ctx.store.insert(child.plural, "active", doc, child.column_values(doc))

    def by_parent(self, ctx: Context, parent_ids: list[int]) -> dict[int, list[Record]]:
        """Children of these parents, grouped by parent id, in position order."""
        if not parent_ids:
            return {}
        found = ctx.store.find(
            self.child().plural,
            f"{self.parent_column} IN ({placeholders(parent_ids)}) AND {self.where}",
            parent_ids,
            order="position ASC, id ASC",
        )
        grouped: dict[int, list[Record]] = {}
        for record in found:
            grouped.setdefault(int(record.doc[self.parent_column]), []).append(record)
        return grouped

    def sideload(
        self, ctx: Context, records: Sequence[Record], include: set[str]
    ) -> dict[str, list[Doc]]:
        if self.key not in include:
            return {}
        grouped = self.by_parent(ctx, [record.id for record in records])
        children = [c for record in records for c in grouped.get(record.id, [])]
        return {self.key: self.child().present(ctx, children)}
