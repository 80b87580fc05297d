"""Images: created from a URL for a product and some of its variants, deleted for good.

The sandbox never fetches the URL: it keeps the file name parsed from it and an upload path of
its own (``base_path``), as the API reports an upload, with the sizes it would generate
(``versions``). ``position`` follows creation order within the product. Images have no status:
DELETE removes one.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from typing import Any, ClassVar
from urllib.parse import unquote, urlsplit

from reconciler.sandbox.errors import Errors, add_error
from reconciler.sandbox.resources.base import Context, Doc, Field, Filter, Resource, in_filter
from reconciler.sandbox.store import Record

UPLOADS = "https://images.sandbox.invalid/uploads/variant_image/image"
VERSIONS = ("thumbnail", "medium", "large")


def parsed_file_name(url: object) -> str | None:
    """The file name an http(s) URL ends with; ``None`` for anything else."""
    if not isinstance(url, str):
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return unquote(posixpath.basename(parts.path)) or None


class Images(Resource):
    name = "image"
    plural = "images"
    klass = "Image"
    fields = (
        Field("product_id", "int", required=True, update=False),
        Field("variant_ids", "ids", default=[]),
        Field("url", update=False),
        Field("name"),
    )
    readonly: ClassVar[Mapping[str, object]] = {
        "variant_id": None, "uploader_id": 1, "position": None, "base_path": None,
        "file_name": None, "versions": list(VERSIONS), "image_processing": False,
    }
    columns: ClassVar[Mapping[str, str]] = {"product_id": "INTEGER", "position": "INTEGER"}
    statuses = ()
    timestamps = False
    filters: ClassVar[Mapping[str, Filter]] = {
        "product_id": in_filter("product_id", integer=True),
    }
    order_columns = frozenset({"id", "created_at", "updated_at", "position"})

    def write_extra(
        self, ctx: Context, doc: Doc, payload: Mapping[str, Any], creating: bool, errors: Errors
    ) -> None:
        if not creating:
            return
        if "variant_ids" not in payload:
            add_error(errors, "variant_ids", "can't be blank")
        name = parsed_file_name(doc.pop("url", None))  # sent, never shown again
        if name is None:
            add_error(errors, "url", "is invalid")
        doc["file_name"] = name

    def check(self, ctx: Context, doc: Doc, status: str, record: Record | None) -> Errors:
        product = doc.get("product_id")
        if not isinstance(product, int):
            return {}
        live = "id = ? AND status != 'archived'"
        if record is None and not ctx.store.count("products", live, [product]):
            return {"product_id": ["is invalid"]}
        ids = list(doc.get("variant_ids") or [])
        if ids:
            marks = ", ".join("?" for _ in ids)
            owned = ctx.store.count(
                "variants", f"product_id = ? AND id IN ({marks})", [product, *ids]
            )
            if owned != len(set(ids)):
                return {"variant_ids": ["is invalid"]}
        doc["variant_id"] = ids[0] if ids else None
        if record is None:
            rows = ctx.store.rows(
                "SELECT COALESCE(MAX(position), 0) FROM images WHERE product_id = ?", [product]
            )
            doc["position"] = int(rows[0][0]) + 1
        return {}

    def after_create(self, ctx: Context, record: Record, payload: Mapping[str, Any]) -> None:
        record.doc["base_path"] = f"{UPLOADS}/{record.id}"
        self.save(ctx, record)
