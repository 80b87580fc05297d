"""Companies: businesses, suppliers and consumers, filtered by ``company_type``.

Tags are an array on the wire (unlike a product's comma-separated string). The default payment
term, tax type, price list and stock location must name live records; the default price list
may be a built-in one, by its string id.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from reconciler.sandbox.errors import Errors, add_error
from reconciler.sandbox.resources.base import Context, Doc, Field, Filter, Resource, in_filter
from reconciler.sandbox.resources.price_lists import BUILTIN_IDS, custom_price_list_ids
from reconciler.sandbox.store import Record

COMPANY_TYPES = ("business", "supplier", "consumer")
COMPANY_STATUSES = ("active", "disabled")
_DEFAULTS = {
    "default_payment_term_id": "payment_terms",
    "default_tax_type_id": "tax_types",
    "default_stock_location_id": "locations",
}


class Companies(Resource):
    name = "company"
    plural = "companies"
    klass = "Company"
    fields = (
        Field("name", required=True),
        Field("company_type", required=True),
        Field("company_code"),
        Field("description"),
        Field("email"),
        Field("fax"),
        Field("phone_number"),
        Field("tax_number"),
        Field("website"),
        Field("tags", "tags"),
        Field("default_discount_rate", "money"),
        Field("default_price_list_id"),
        Field("assignee_id", "int"),
        Field("default_ledger_account_id", "int"),
        *(Field(name, "int") for name in _DEFAULTS),
    )
    readonly: ClassVar[Mapping[str, object]] = {
        "default_tax_rate": None, "default_document_theme_id": None,
        "default_price_type_id": None, "address_ids": [], "contact_ids": [], "note_ids": [],
    }
    columns: ClassVar[Mapping[str, str]] = {
        "name": "TEXT", "company_type": "TEXT", "company_code": "TEXT", "email": "TEXT",
    }
    statuses = ("active", "disabled", "archived")
    writable_statuses = COMPANY_STATUSES
    status_is_enum = True
    filters: ClassVar[Mapping[str, Filter]] = {
        "company_type": in_filter("company_type", commas=True),
        "company_code": in_filter("company_code"),
        "email": in_filter("email"),
    }
    order_columns = frozenset({"id", "created_at", "updated_at", "name"})

    def initial_status(self, payload: Mapping[str, Any], errors: Errors) -> str:
        status = payload.get("status")
        if status in (None, ""):
            return "active"
        if status not in COMPANY_STATUSES:
            add_error(errors, "status", "is not included in the list")
            return "active"
        return str(status)

    def write_extra(
        self, ctx: Context, doc: Doc, payload: Mapping[str, Any], creating: bool, errors: Errors
    ) -> None:
        company_type = doc.get("company_type")
        if isinstance(company_type, str) and company_type.strip():
            # The reference's own example writes "Supplier".
            doc["company_type"] = company_type.strip().lower()
            if doc["company_type"] not in COMPANY_TYPES:
                add_error(errors, "company_type", "is not included in the list")

    def check(self, ctx: Context, doc: Doc, status: str, record: Record | None) -> Errors:
        errors: Errors = {}
        for field, plural in _DEFAULTS.items():
            value = doc.get(field)
            live = "id = ? AND status != 'archived'"
            if value is not None and not ctx.store.count(plural, live, [value]):
                add_error(errors, field, "is invalid")
        price_list = doc.get("default_price_list_id")
        if price_list is not None and not _is_price_list(ctx, str(price_list)):
            add_error(errors, "default_price_list_id", "is invalid")
        return errors

    def present(self, ctx: Context, records: Sequence[Record]) -> list[Doc]:
        return [_with_tag_list(self.base(record)) for record in records]


def _is_price_list(ctx: Context, value: str) -> bool:
    return value in BUILTIN_IDS or (value.isdigit() and int(value) in custom_price_list_ids(ctx))


def _with_tag_list(doc: Doc) -> Doc:
    tags = doc.get("tags")
    return {**doc, "tags": tags.split(",") if isinstance(tags, str) and tags else []}


def supplier_names(ctx: Context, ids: list[int]) -> dict[int, str]:
    """The names of these suppliers, by id (archived ones included: a product keeps its own)."""
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    rows = ctx.store.rows(
        f"SELECT id, name FROM companies WHERE company_type = 'supplier' AND id IN ({marks})", ids
    )
    return {int(row[0]): str(row[1]) for row in rows}
