"""Users (``/users``, ``/users/current``): clients read them to check a token.

The attributes are the reference's User object (api-reference.txt, "The User object") plus the
deprecated ``mobile_phone`` of the recordings (tradegecko/gecko test/fixtures/vcr_cassettes/
users.yml, users_current.yml). The reference documents no create; a user is updated by id and
DELETE archives it, except the account's billing contact ("can only be transferred by existing
owner", the Account object).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from reconciler.sandbox.errors import Errors
from reconciler.sandbox.resources.base import Context, Doc, Field, Filter, Resource, in_filter
from reconciler.sandbox.resources.simple import account_doc
from reconciler.sandbox.store import Record

_STRINGS = ("first_name", "last_name", "location", "position", "phone_number", "mobile",
            "mobile_phone", "avatar_url")
_BOOLEANS = ("notification_email", "sales_report_email")


class Users(Resource):
    name = "user"
    plural = "users"
    klass = "User"
    collection_methods = ("GET",)
    fields = (
        Field("email", required=True, update=False),
        Field("action_items_email", default="weekly", choices=("off", "daily", "weekly")),
        Field("permissions", "strings", default=[]),
        *(Field(name) for name in _STRINGS),
        *(Field(name, "bool", default=True) for name in _BOOLEANS),
    )
    readonly: ClassVar[Mapping[str, object]] = {
        "last_sign_in_at": None, "login_id": None, "account_id": None,
    }
    columns: ClassVar[Mapping[str, str]] = {"login_id": "INTEGER"}
    filters: ClassVar[Mapping[str, Filter]] = {"login_id": in_filter("login_id", integer=True)}

    def current(self, ctx: Context) -> Record | None:
        """The token's user: the sandbox has one token, the account owner's."""
        owner = account_doc(ctx).get("billing_contact_id")
        found = ctx.store.find(self.plural, "id = ?", [owner], limit=1) if owner else []
        return found[0] if found else None

    def present(self, ctx: Context, records: Sequence[Record]) -> list[Doc]:
        owner = account_doc(ctx).get("billing_contact_id")
        return [{**self.base(r), "billing_contact": r.id == owner} for r in records]

    def can_archive(self, ctx: Context, record: Record) -> Errors:
        if account_doc(ctx).get("billing_contact_id") == record.id:
            return {"base": ["the account owner cannot be deleted"]}
        return {}
