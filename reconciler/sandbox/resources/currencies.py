"""Currencies: created, updated and archived as the reference documents (``iso`` required).

The account's base currency (its ``default_currency_id``) is the unit of every rate: it can be
neither changed nor archived. An ISO code is taken by one active currency at a time.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar

from reconciler.sandbox.errors import Errors, add_error
from reconciler.sandbox.resources.base import Context, Doc, Field, Resource
from reconciler.sandbox.resources.simple import account_doc
from reconciler.sandbox.store import Record


def _is_base(ctx: Context, record: Record) -> bool:
    return account_doc(ctx).get("default_currency_id") == record.id


class Currencies(Resource):
    name = "currency"
    plural = "currencies"
    klass = "Currency"
    fields = (
        Field("iso", required=True),
        Field("name"),
        Field("rate", "money", default="1.0"),
        Field("symbol", default="$"),
        Field("separator", default="."),
        Field("delimiter", default=","),
        Field("precision", "int", default=2),
        Field("format", default="%u%n"),
    )
    readonly: ClassVar[Mapping[str, object]] = {"subunit": 100}
    columns: ClassVar[Mapping[str, str]] = {"iso": "TEXT"}
    order_columns = frozenset({"id", "created_at", "updated_at", "iso"})

    def write_extra(
        self, ctx: Context, doc: Doc, payload: Mapping[str, Any], creating: bool, errors: Errors
    ) -> None:
        iso = doc.get("iso")
        if isinstance(iso, str) and iso:
            doc["iso"] = iso.strip().upper()
            if not re.fullmatch(r"[A-Z]{3}", doc["iso"]):
                add_error(errors, "iso", "is invalid")
        precision = doc.get("precision")
        if isinstance(precision, int) and not 0 <= precision <= 10:
            add_error(errors, "precision", "must be between 0 and 10")

    def check(self, ctx: Context, doc: Doc, status: str, record: Record | None) -> Errors:
        if record is not None and _is_base(ctx, record) and doc != record.doc:
            return {"base": ["the account's base currency cannot be changed"]}
        if status != "active":
            return {}
        taken = ctx.store.count(
            self.plural,
            "status = 'active' AND iso = ? AND id != ?",
            [doc.get("iso"), record.id if record else 0],
        )
        return {"iso": ["has already been taken"]} if taken else {}

    def can_archive(self, ctx: Context, record: Record) -> Errors:
        if _is_base(ctx, record):
            return {"base": ["the account's base currency cannot be archived"]}
        return {}
