"""Tax types and their components, keyed by ``code``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from reconciler.kinds.base import Fields, References, Wanted
from reconciler.kinds.columns import Column, ColumnSpec
from reconciler.kinds.fields import Amount, Key, Record, Text
from reconciler.kinds.values import boolean, decimal_text, integer, text


class TaxComponent(BaseModel):
    """One component of a tax type; its position is its place in the list."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: Text = Field(title="Label", description="Display name.", examples=["GST"])
    rate: Amount = Field(title="Rate", description="Rate in percent.", examples=[9])
    compound: bool = Field(
        default=False,
        title="Compound",
        description="Applied on top of the other components instead of added to them.",
    )


class TaxType(Record):
    """A tax type; the API computes its effective rate from the components."""

    code: Key = Field(title="Code", description="Identity key.", examples=["GST"])
    name: Text | None = Field(
        default=None,
        title="Name",
        description="Display name; required when the tax type is created.",
        examples=["Goods and Services Tax"],
    )
    components: tuple[TaxComponent, ...] = Field(
        default=(),
        title="Components",
        description="The tax components, in order; managed as a whole list when written.",
    )


COMPONENTS = "components"
COMPONENTS_RESOURCE = "tax_components"


def _component(label: Any, rate: Any, compound: Any) -> dict[str, Any]:
    return {"label": text(label), "rate": decimal_text(rate), "compound": bool(boolean(compound))}


def _from_api(record: Mapping[str, Any]) -> dict[str, Any]:
    return _component(record.get("label"), record.get("rate"), record.get("compound"))


def _by_position(records: Sequence[Mapping[str, Any]] | None) -> list[Mapping[str, Any]]:
    live = [r for r in records or () if r.get("status", "active") != "archived"]
    return sorted(live, key=lambda r: (integer(r.get("position")) or 0, str(r.get("id"))))


def _wire(component: Mapping[str, Any], position: int) -> dict[str, Any]:
    return {**component, "position": position}


class TaxTypeSpec(ColumnSpec):
    """Tax types: ``tax_type["GST"]``."""

    name: ClassVar[str] = "tax_type"
    section: ClassVar[str] = "tax_types"
    section_description: ClassVar[str | None] = "Tax types and their components, by code."
    resource: ClassVar[str] = "tax_types"
    root: ClassVar[str] = "tax_type"
    key_field: ClassVar[str] = "code"
    model: ClassVar[type[BaseModel]] = TaxType
    companions: ClassVar[tuple[str, ...]] = (COMPONENTS_RESOURCE,)
    columns: ClassVar[tuple[Column, ...]] = (Column("code"), Column("name"))

    def desired(self, record: BaseModel, ctx: Mapping[str, Any]) -> Fields:
        fields = super().desired(record, ctx)
        if "components" in record.model_fields_set:
            fields[COMPONENTS] = [
                _component(c.label, c.rate, c.compound) for c in getattr(record, COMPONENTS)
            ]
        return fields

    def current(
        self, api_record: Mapping[str, Any], refs: References, only: Wanted = None
    ) -> Fields:
        fields = super().current(api_record, refs, only)
        listed = _by_position(api_record.get(COMPONENTS_RESOURCE))
        fields[COMPONENTS] = [_from_api(component) for component in listed]
        return fields

    def create_body(self, fields: Fields, refs: References) -> dict[str, Any]:
        body = super().update_body(fields, refs)
        body.setdefault("name", fields.get("code"))
        components = fields.get(COMPONENTS) or []
        body[COMPONENTS_RESOURCE] = [_wire(c, position) for position, c in enumerate(components)]
        return body

    def update_body(self, fields: Fields, refs: References) -> dict[str, Any]:
        return super().update_body({k: v for k, v in fields.items() if k != COMPONENTS}, refs)

    def update_requests(
        self, client: Any, remote_id: int | str, fields: Fields, refs: References
    ) -> None:
        """The tax type itself, then its components one by one, matched by position."""
        plain = self.update_body(fields, refs)
        if plain:
            client.update(self.resource, remote_id, plain)
        if COMPONENTS not in fields:
            return
        listed = client.list_all(COMPONENTS_RESOURCE, params={"tax_type_id": str(remote_id)})
        existing = _by_position(listed.records)
        wanted = fields[COMPONENTS] or []
        for position, component in enumerate(wanted):
            body = _wire(component, position)
            if position >= len(existing):
                client.create(COMPONENTS_RESOURCE, {**body, "tax_type_id": remote_id})
            elif _from_api(existing[position]) != component:
                client.update(COMPONENTS_RESOURCE, existing[position]["id"], body)
        for extra in existing[len(wanted) :]:
            client.archive(COMPONENTS_RESOURCE, extra["id"])

    def requests_for(self, change: Any) -> int:
        fields = change.fields
        if change.action != "update" or COMPONENTS not in fields:
            return 1
        plain = 1 if any(name != COMPONENTS for name in fields) else 0
        before = fields[COMPONENTS].before or []
        after = fields[COMPONENTS].after or []
        changed = sum(1 for i, c in enumerate(after) if i >= len(before) or before[i] != c)
        return plain + 1 + changed + max(0, len(before) - len(after))

    def export(self, fields: Fields) -> dict[str, Any]:
        exported = super().export({k: v for k, v in fields.items() if k != COMPONENTS})
        components = [
            {"label": c["label"], "rate": Decimal(c["rate"] or "0")}
            | ({"compound": True} if c["compound"] else {})
            for c in fields.get(COMPONENTS) or []
        ]
        return {**exported, COMPONENTS: components} if components else exported
