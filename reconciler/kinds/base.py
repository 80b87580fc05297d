"""The contract every resource kind fulfils.

A kind is one module under ``reconciler/kinds/`` defining a pydantic model of one YAML record and
a ``KindSpec`` subclass instance, registered in ``reconciler/kinds/__init__.py`` in apply order.
The engine, the renderers and the schema generator learn about a kind only through its spec.

A kind must define:

- ``name``: the address prefix and the plan's ``kind`` (``"price_list"``);
- ``section``: the YAML section and the ``options.archive_missing`` name (``"price_lists"``);
- ``resource`` / ``root``: the API path and index root, and the singular body root;
- ``key_field``: the natural key in YAML (``"code"``) and ``model``: the YAML model;
- ``desired(record, ctx)``: the managed fields of one declared record, normalised;
- ``current(api_record, refs)``: the same fields read from an API record, normalised;
- ``create_body(fields, refs)`` / ``update_body(fields, refs)``: API bodies from normalised fields.

It may override:

- ``key_case_insensitive``; ``parent`` (the kind it nests under in YAML, as variants under
  products; a create then carries ``<parent>_id``); ``embeds`` (the body key under which new
  children are created with this record, as ``variants`` in a product's POST);
- ``read_statuses`` (the statuses read, archived included, in the same paged read);
  ``companions`` (resources sideloaded with the kind, or read once beside it, and attached to each
  API record under their resource name, as a tax type's ``tax_components``); ``needs`` (kinds read
  with this one, as a variant's product and price lists);
- ``create_only`` (fields written on create and never compared, as ``initial_stock_level``);
  ``required_on_create`` (fields the API needs to create a record, checked before any request);
- ``is_builtin`` (records never archived), ``needs_account`` (``is_builtin`` reads the account),
  ``builtin_write_problem`` (why built-in records cannot change, as the base currency) and
  ``export_builtin`` (what export writes for one, if anything); ``key_of`` (reading the key
  from an API record when it is not ``api_record[key_field]``); ``prepare`` (facts about a
  record that need the whole read, as a variant's rank among its siblings); ``export``
  (normalised fields back to YAML values), ``export_order`` and ``nest`` (the order of exported
  records, and how children are written under their parent), ``export_note`` (one line export
  prints about what it leaves out, as variants' stock);
- ``update_requests`` and ``requests_for`` (kinds whose update needs more than one PUT);
- ``read_filter`` (index filters of the kind's paged read, as suppliers are the companies with
  ``company_type=supplier``); ``refers_to`` (YAML field → the kind whose record it names, as a
  product's ``supplier``: that kind is read with this one by export and by a saved plan that
  writes the field; a plan reads it when a declaration names one);
- ``declared_key`` (the key of a declared record when it is not ``record[key_field]``, as an
  image's file name parsed from its URL); ``keyed_within_parent`` (a child kind whose key is
  unique only under its parent, as an image's file name within its product: its address is
  ``image["<product>/<file name>"]``); ``listed_by_parent`` (a child kind managed as a whole
  list by a parent that writes its section: the records it does not list are removed, without
  ``options.archive_missing``); ``removal`` (``"archive"``, or ``"delete"`` for kinds whose
  DELETE removes the record for good, as images: plans say so); ``label_field`` (the field
  people know a record by when its key is something else, as a variant's ``name``: plans name
  archived records by it); ``place_field`` (a field holding the record's 1-based place among
  its declared siblings, as a variant's ``position`` under an ``ordered_variants`` product: pull
  writes a change of it by moving the record within its parent's list).

The records of other kinds a declaration names (price lists, locations, currencies) come from its
model's ``yaml_references()``; the engine checks them and orders changes by them.

Normalised values are JSON-safe and canonical so that equal meanings compare equal: decimals as
canonical strings (``"22"`` for ``22.0``), trimmed strings, sorted tag lists, upper-cased codes,
real booleans. References to other records are kept as natural keys (``"SGD"``, ``"VIP"``,
``"Main Warehouse"``) and resolved to ids only in ``create_body`` / ``update_body``.

Example (abridged)::

    class PaymentTermSpec(KindSpec):
        name = "payment_term"; section = "payment_terms"
        resource = "payment_terms"; root = "payment_term"
        key_field = "name"; model = PaymentTerm

        def current(self, api_record, refs):
            return {"name": text(api_record["name"]), "due_in_days": api_record["due_in_days"],
                    "from": api_record["from"]}
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any, ClassVar, Protocol

from pydantic import BaseModel

JSONValue = Any
Wanted = frozenset[str] | None
"""The fields a caller of ``current`` needs, or ``None`` for all of them."""

Fields = dict[str, JSONValue]


class References(Protocol):
    """Resolves natural keys of other kinds to API ids and back (built by the engine)."""

    def id_of(self, kind: str, key: str) -> int | str:
        """The remote id of ``kind[key]``; raises ``KeyError`` when unknown."""

    def key_of(self, kind: str, remote_id: int | str) -> str | None:
        """The natural key of the remote record ``kind`` with ``remote_id``, if known."""


class KindSpec(ABC):
    """Base of every kind's spec; see the module docstring for the contract."""

    name: ClassVar[str]
    section: ClassVar[str]
    resource: ClassVar[str]
    root: ClassVar[str]
    key_field: ClassVar[str]
    model: ClassVar[type[BaseModel]]
    key_case_insensitive: ClassVar[bool] = False
    parent: ClassVar[str | None] = None
    read_statuses: ClassVar[tuple[str, ...] | None] = ("active", "archived")
    companions: ClassVar[tuple[str, ...]] = ()
    create_only: ClassVar[frozenset[str]] = frozenset()
    embeds: ClassVar[str | None] = None
    needs: ClassVar[tuple[str, ...]] = ()
    required_on_create: ClassVar[tuple[str, ...]] = ()
    needs_account: ClassVar[bool] = False
    export_note: ClassVar[str | None] = None
    section_description: ClassVar[str | None] = None
    read_filter: ClassVar[Mapping[str, str]] = {}
    refers_to: ClassVar[Mapping[str, str]] = {}
    keyed_within_parent: ClassVar[bool] = False
    listed_by_parent: ClassVar[bool] = False
    removal: ClassVar[str] = "archive"
    label_field: ClassVar[str | None] = None
    place_field: ClassVar[str | None] = None

    @classmethod
    def title(cls) -> str:
        """The section's title in the schema: ``"Price lists"``."""
        return cls.section.replace("_", " ").capitalize()

    def normalise_key(self, key: str) -> str:
        key = key.strip()
        return key.casefold() if self.key_case_insensitive else key

    def address(self, key: str) -> str:
        """``price_list["vip"]``: the kind and the normalised key."""
        escaped = self.normalise_key(key).replace("\\", "\\\\").replace('"', '\\"')
        return f'{self.name}["{escaped}"]'

    def declared_key(self, record: BaseModel) -> str:
        """The natural key of a declared record, as written (without its parent's)."""
        return str(getattr(record, self.key_field))

    def full_key(self, own: str, parent: str | None) -> str:
        """``own`` prefixed by its parent's normalised key when keyed within the parent."""
        if self.keyed_within_parent and parent is not None:
            return f"{parent}/{own}"
        return own

    def key_of(self, api_record: Mapping[str, Any]) -> str | None:
        value = api_record.get(self.key_field)
        if value is None or not str(value).strip():
            return None
        return str(value)

    def is_builtin(self, api_record: Mapping[str, Any], account: Mapping[str, Any]) -> bool:
        """Built-in records (the primary location, the built-in price lists) are never archived."""
        return False

    def builtin_write_problem(self) -> str | None:
        """Why a built-in record of this kind cannot be changed, if it cannot (the base
        currency); ``None`` when built-in records are written like any other."""
        return None

    def export_builtin(self, fields: Fields) -> dict[str, Any] | None:
        """What export writes for a built-in record; ``None`` leaves it out."""
        return self.export(fields)

    @abstractmethod
    def desired(self, record: BaseModel, ctx: Mapping[str, Any]) -> Fields:
        """The managed fields of one declared record, normalised; a nested record's ``ctx``
        holds its ``parent`` record and its ``index`` in the parent's list."""

    def prepare(
        self,
        api_records: list[dict[str, Any]],
        declared: frozenset[str] = frozenset(),
        only: Wanted = None,
    ) -> list[dict[str, Any]]:
        """The kind's API records before ``current`` reads them one by one: a kind whose
        fields depend on the whole read (a variant's rank among its declared siblings) adds
        them here; ``declared`` holds the normalised keys the configuration declares, ``only``
        the fields ``current`` will be asked for."""
        return api_records

    @abstractmethod
    def current(
        self, api_record: Mapping[str, Any], refs: References, only: Wanted = None
    ) -> Fields:
        """The kind's fields read from one API record, normalised. ``only`` names the fields
        the caller compares (a plan: those the configuration writes); a kind may skip reading
        the others. ``None``: every field (export, pull)."""

    @abstractmethod
    def create_body(self, fields: Fields, refs: References) -> dict[str, Any]:
        """The API body creating a record with these normalised fields."""

    @abstractmethod
    def update_body(self, fields: Fields, refs: References) -> dict[str, Any]:
        """The partial API body writing these changed normalised fields."""

    def update_requests(
        self, client: Any, remote_id: int | str, fields: Fields, refs: References
    ) -> None:
        """Write changed fields to an existing record; one PUT unless a kind needs more."""
        client.update(self.resource, remote_id, self.update_body(fields, refs))

    def requests_for(self, change: Any) -> int:
        """API requests applying this change takes (one, unless a kind needs more)."""
        return 1

    def is_set(self, name: str) -> bool:
        """Whether field ``name`` compares as a set, so that its written order means nothing."""
        return False

    def export(self, fields: Fields) -> dict[str, Any]:
        """YAML values for one record's normalised fields (the inverse of ``desired``)."""
        return {name: value for name, value in fields.items() if value not in (None, [], "")}

    def export_order(self, key: str, fields: Fields) -> tuple[Any, ...]:
        """Where an exported record goes in its list: by key unless the kind has an order."""
        return (key.casefold(),)

    def nest(self, item: dict[str, Any], section: str, children: list[dict[str, Any]]) -> None:
        """Put the exported children of one exported record under it (``variants``)."""
        item[section] = children


def parse_address(address: str) -> tuple[str, str]:
    """``variant["DEMO-1"]`` → ``("variant", "DEMO-1")``."""
    kind, _, rest = address.partition('["')
    key = rest.removesuffix('"]').replace('\\"', '"').replace("\\\\", "\\")
    return kind, key
