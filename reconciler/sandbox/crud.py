"""Create, update, archive, show and list records of a resource, independent of HTTP."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from reconciler.sandbox.errors import Errors, Unprocessable, add_error
from reconciler.sandbox.query import IndexQuery
from reconciler.sandbox.resources.base import Context, Doc, Resource
from reconciler.sandbox.store import Record


def create(ctx: Context, resource: Resource, payload: Mapping[str, Any]) -> Record:
    doc = resource.new_doc()
    errors = resource.write(ctx, doc, payload, creating=True)
    status = resource.initial_status(payload, errors)
    if not errors:
        errors = resource.check(ctx, doc, status, None)
    if errors:
        raise Unprocessable(errors)
    with ctx.store.transaction():
        record = ctx.store.insert(resource.plural, status, doc, resource.column_values(doc))
        resource.after_create(ctx, record, payload)
        resource.after_write(ctx, record)
    return record


def update(ctx: Context, resource: Resource, record: Record, payload: Mapping[str, Any]) -> None:
    doc = copy.deepcopy(record.doc)
    errors = resource.write(ctx, doc, payload, creating=False)
    status = _new_status(resource, record.status, payload, errors)
    if not errors:
        errors = resource.check(ctx, doc, status, record)
    if errors:
        raise Unprocessable(errors)
    if doc == record.doc and status == record.status:
        return  # Rails saves only changed attributes: updated_at stays as it was
    restoring = record.status == "archived" and status != "archived"
    record.doc, record.status = doc, status
    with ctx.store.transaction():
        resource.save(ctx, record)
        if restoring:
            resource.after_restore(ctx, record)
        resource.after_write(ctx, record)


def _new_status(
    resource: Resource, current: str, payload: Mapping[str, Any], errors: Errors
) -> str:
    value = payload.get("status")
    if not resource.statuses or value in (None, ""):
        return current
    if value in resource.writable_statuses:
        return str(value)
    if resource.status_is_enum:
        add_error(errors, "status", "is not included in the list")
    return current


def archive(ctx: Context, resource: Resource, record: Record) -> None:
    """DELETE: archive (or remove, for resources without a status); repeating it is a no-op."""
    with ctx.store.transaction():
        if record.status == "archived":
            return
        errors = resource.can_archive(ctx, record)
        if errors:
            raise Unprocessable(errors)
        if not resource.statuses:
            ctx.store.delete(resource.plural, record.id)
            resource.after_delete(ctx, record)
            resource.after_write(ctx, record)
            return
        record.status = "archived"
        resource.save(ctx, record)
        resource.after_archive(ctx, record)
        resource.after_write(ctx, record)


def show(ctx: Context, resource: Resource, record: Record, include: set[str]) -> Doc:
    body: Doc = dict(resource.sideload(ctx, [record], include))
    body[resource.name] = resource.present(ctx, [record])[0]
    return body


def index(ctx: Context, resource: Resource, query: IndexQuery) -> tuple[Doc, int]:
    """One page of records (with sideloads) and the total matching the filters."""
    total = ctx.store.total(resource.plural, query.condition, query.args)
    records = []
    if query.limit:
        records = ctx.store.page(
            resource.plural, query.condition, query.args,
            order=query.order, limit=query.limit, offset=query.offset,
        )
    include = query.include | set(resource.index_includes)
    body: Doc = dict(resource.sideload(ctx, records, include))
    body[resource.plural] = resource.present(ctx, records)
    if resource.index_meta:
        body["meta"] = {"total": total}
    return body, total
