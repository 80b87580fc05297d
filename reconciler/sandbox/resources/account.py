"""The account: one record, listed (``GET /accounts``), read by id or as ``current``, and
updated by id (``PUT /accounts/{id}``, as the reference and the official client's ``save`` do)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from reconciler.sandbox.errors import Errors, add_error
from reconciler.sandbox.resources.base import Context, Doc, Field, Resource
from reconciler.sandbox.store import Record

_STRINGS = (
    "contact_email", "contact_mobile", "contact_phone", "default_order_price_list_id",
    "default_purchase_order_price_list_id", "default_sales_ledger_account_on",
    "default_tax_treatment", "industry", "tax_label", "tax_number", "tax_number_label",
    "time_zone", "website", "default_tax_type", "default_order_price_type_id",
    "default_purchase_order_price_type_id", "invoice_details", "order_details", "quote_details",
)
_INTEGERS = (
    "default_document_theme_id", "primary_billing_location_id", "default_payment_method_id",
    "default_payment_term_id", "billing_contact_id", "default_sales_order_tax_type_id",
    "default_purchase_order_tax_type_id", "default_tax_exempt_id", "default_tax_type_id",
)
_REFERENCES = {"primary_location_id": "locations", "default_currency_id": "currencies"}


class Account(Resource):
    name = "account"
    plural = "accounts"
    klass = "Account"
    statuses = ()
    collection_methods = ("GET",)
    member_methods = ("GET", "PUT")
    fields = (
        Field("name", required=True),
        Field("country", required=True),
        Field("stock_level_warn", "bool", default=True),
        Field("primary_location_id", "int"),
        Field("default_currency_id", "int"),
        *(Field(name) for name in _STRINGS),
        *(Field(name, "int") for name in _INTEGERS),
    )
    readonly: ClassVar[Mapping[str, object]] = {
        "logo_url": None,
        "default_tax_rate": "0.0",
        "expires_at": None,
        "subscription_name": "Sandbox",
        "subscription_price": None,
        "annual_subscription_price": None,
    }

    def write_extra(
        self, ctx: Context, doc: Doc, payload: Mapping[str, Any], creating: bool, errors: Errors
    ) -> None:
        for field, plural in _REFERENCES.items():
            value = doc.get(field)
            if field in payload and value is not None and not _active(ctx, plural, value):
                add_error(errors, field, "is invalid")

    def current(self, ctx: Context) -> Record | None:
        found = ctx.store.find(self.plural, limit=1, order="id ASC")
        return found[0] if found else None

    def present(self, ctx: Context, records: Sequence[Record]) -> list[Doc]:
        active = "SELECT id FROM {} WHERE status = 'active' ORDER BY id"
        location_ids = [row[0] for row in ctx.store.rows(active.format("locations"))]
        user_ids = [row[0] for row in ctx.store.rows(active.format("users"))]
        return [
            {**self.base(record), "location_ids": location_ids, "user_ids": user_ids}
            for record in records
        ]


def _active(ctx: Context, plural: str, record_id: object) -> bool:
    if not isinstance(record_id, int):
        return False
    return ctx.store.count(plural, "id = ? AND status = 'active'", [record_id]) > 0
