"""Locations and payment terms."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from reconciler.sandbox.countries import alpha2
from reconciler.sandbox.errors import Errors, add_error
from reconciler.sandbox.resources.base import Context, Doc, Field, Resource
from reconciler.sandbox.store import Record


def account_doc(ctx: Context) -> Doc:
    found = ctx.store.find("accounts", limit=1)
    return found[0].doc if found else {}


class Locations(Resource):
    name = "location"
    plural = "locations"
    klass = "Location"
    fields = (
        Field("address1", required=True),
        Field("address2"),
        Field("city"),
        Field("country", required=True),
        Field("holds_stock", "bool", default=True),
        Field("label", required=True),
        Field("state"),
        Field("suburb"),
        Field("zip_code"),
    )
    columns: ClassVar[Mapping[str, str]] = {"label": "TEXT"}
    order_columns = frozenset({"id", "created_at", "updated_at", "label"})

    def write_extra(
        self, ctx: Context, doc: Doc, payload: Mapping[str, Any], creating: bool, errors: Errors
    ) -> None:
        country = doc.get("country")
        if isinstance(country, str) and country:
            code = alpha2(country)
            if code is None:
                add_error(errors, "country", "is invalid")
            doc["country"] = code or country

    def check(self, ctx: Context, doc: Doc, status: str, record: Record | None) -> Errors:
        label = doc.get("label")
        if status != "active" or not isinstance(label, str) or not label:
            return {}
        taken = ctx.store.count(
            self.plural,
            "status = 'active' AND lower(label) = lower(?) AND id != ?",
            [label, record.id if record else 0],
        )
        return {"label": ["has already been taken"]} if taken else {}

    def can_archive(self, ctx: Context, record: Record) -> Errors:
        if account_doc(ctx).get("primary_location_id") == record.id:
            return {"base": ["the primary location cannot be archived"]}
        return {}


class PaymentTerms(Resource):
    name = "payment_term"
    plural = "payment_terms"
    klass = "PaymentTerm"
    timestamps = False  # neither the attribute table nor payment_terms.yml shows them
    fields = (
        Field("name", required=True),
        Field("due_in_days", "int", default=0),
        Field("from", default="now", choices=("now", "eom")),
    )
    columns: ClassVar[Mapping[str, str]] = {"name": "TEXT"}
    order_columns = frozenset({"id", "created_at", "updated_at", "name"})
