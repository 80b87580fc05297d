"""Execute a plan, change by change, through the client.

Apply executes the plan, never the configuration. A failed change does not stop the others: the
changes that depend on it are skipped, everything else goes on, and the report says which is
which. Every write is safe to repeat (the client sends idempotency keys), so re-running converges.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from reconciler.engine.adopt import Adoption, create_key
from reconciler.engine.outcome import ApplyReport, Outcome, Status
from reconciler.engine.plan import Action, Change
from reconciler.engine.refs import ReferenceIndex
from reconciler.errors import GeckoApplyError
from reconciler.kinds import kind_by_name
from reconciler.kinds.base import Fields, KindSpec, parse_address

Progress = Callable[[int, int, Outcome], None]
_FATAL_STATUSES = frozenset({401, 403})


class Writer(Protocol):
    """The part of ``GeckoClient`` an apply needs."""

    def create(
        self, resource: str, body: dict[str, Any], *, idempotency_key: str | None = None
    ) -> dict[str, Any]: ...

    def update(self, resource: str, record_id: int | str, body: dict[str, Any]) -> None: ...

    def archive(self, resource: str, record_id: int | str) -> None: ...


def apply_changes(
    changes: Sequence[Change],
    client: Writer,
    refs: ReferenceIndex,
    progress: Progress | None = None,
    adoption: Adoption | None = None,
) -> ApplyReport:
    """``adoption``, when given, keys every create and adopts records created meanwhile."""
    started = time.monotonic()
    session = _Session(client, refs, adoption)
    embedded = _embedded_children(changes)
    outcomes: dict[str, Outcome] = {}
    halted: str | None = None
    for change in changes:
        if change.address in outcomes:
            continue
        children = embedded.get(change.address, [])
        if halted is not None:
            outcome = _skipped(change, halted)
        else:
            blocker = _blocker(change, children, outcomes)
            if blocker is not None:
                outcome = _skipped(change, f"depends on {blocker}, which did not succeed")
            else:
                outcome, halted, children = _execute(change, children, session)
        for item in (change, *children):
            outcomes[item.address] = outcome.model_copy(
                update={"address": item.address, "action": item.action}
            )
            if progress is not None:
                progress(len(outcomes), len(changes), outcomes[item.address])
    ordered = tuple(outcomes[c.address] for c in changes)
    return ApplyReport(outcomes=ordered, seconds=round(time.monotonic() - started, 3))


@dataclass(frozen=True)
class _Session:
    """What every change of one apply writes through."""

    client: Writer
    refs: ReferenceIndex
    adoption: Adoption | None


def _embedded_children(changes: Sequence[Change]) -> dict[str, list[Change]]:
    """New children of new parents travel in the parent's create (one request)."""
    created = {c.address for c in changes if c.action is Action.CREATE}
    children: dict[str, list[Change]] = {}
    for change in changes:
        if change.parent is not None and rides_with_parent(change, created):
            children.setdefault(change.parent, []).append(change)
    return children


def rides_with_parent(change: Change, created: set[str]) -> bool:
    """Whether this change is a new child sent inside its new parent's create: the parent
    ``embeds`` its kind (a product's variants; its images are created on their own)."""
    if change.action is not Action.CREATE or change.parent not in created:
        return False
    parent_kind, _ = parse_address(change.parent)
    return kind_by_name(parent_kind).embeds == kind_by_name(change.kind).section


def _blocker(
    change: Change, children: list[Change], outcomes: dict[str, Outcome]
) -> str | None:
    """The first change this one (or a child travelling with it) needs that did not succeed."""
    needs = [a for c in (change, *children) for a in c.depends_on if a != change.address]
    for address in needs:
        outcome = outcomes.get(address)
        if outcome is not None and outcome.status is not Status.SUCCEEDED:
            return address
    return None


def _skipped(change: Change, why: str) -> Outcome:
    return Outcome(address=change.address, action=change.action, status=Status.SKIPPED, message=why)


def _adopt(
    change: Change, adoption: Adoption | None, refs: ReferenceIndex
) -> Outcome | None:
    """A create whose record another run made since the plan: take its id, create nothing."""
    if adoption is None or change.action is not Action.CREATE:
        return None
    existing = adoption.existing_id(change)
    if existing is None:
        return None
    refs.add(change.kind, change.key, existing)
    return Outcome(
        address=change.address,
        action=change.action,
        status=Status.SUCCEEDED,
        message="adopted: created in the account since the plan was made",
        remote_id=existing,
    )


def _execute(
    change: Change, children: list[Change], session: _Session
) -> tuple[Outcome, str | None, list[Change]]:
    """The outcome, why the apply must stop (if it must), and the children it settled: an
    adopted record's new children go on their own, each adopted or created in turn."""
    spec = kind_by_name(change.kind)
    try:
        adopted = _adopt(change, session.adoption, session.refs)
        if adopted is not None:
            return adopted, None, []
        remote_id = _send(spec, change, children, session)
    except (GeckoApplyError, KeyError) as error:
        message = error.args[0] if isinstance(error, KeyError) else str(error)
        failed = Outcome(
            address=change.address, action=change.action, status=Status.FAILED, message=message
        )
        status = getattr(error, "status", None)
        fatal = status in _FATAL_STATUSES or getattr(error, "fatal", False)
        halt = f"stopped after {change.address}: {message}" if fatal else None
        return failed, halt, children
    succeeded = Outcome(
        address=change.address, action=change.action, status=Status.SUCCEEDED, remote_id=remote_id
    )
    return succeeded, None, children


def _after(change: Change) -> Fields:
    return {name: field.after for name, field in change.fields.items()}


def _send(
    spec: KindSpec, change: Change, children: list[Change], session: _Session
) -> int | str | None:
    if change.action is Action.CREATE:
        return _create(spec, change, children, session)
    client, refs = session.client, session.refs
    if change.remote_id is None:
        raise KeyError(f"{change.address} has no remote id in the plan")
    if change.action is Action.ARCHIVE:
        client.archive(spec.resource, change.remote_id)
        return change.remote_id
    if change.action is Action.RESTORE:
        fields = _after(change)
        body = spec.update_body({k: v for k, v in fields.items() if k != "status"}, refs)
        body["status"] = fields.get("status", "active")
        client.update(spec.resource, change.remote_id, body)
    else:
        spec.update_requests(client, change.remote_id, _after(change), refs)
    # A renamed record is known by its new key from now on (later changes may refer to it).
    refs.add(spec.name, change.key, change.remote_id)
    return change.remote_id


def _create(
    spec: KindSpec, change: Change, children: list[Change], session: _Session
) -> int | str | None:
    refs, adoption = session.refs, session.adoption
    body = spec.create_body(_after(change), refs)
    if spec.parent is not None and change.parent is not None:
        parent_kind, parent_key = parse_address(change.parent)
        body[f"{spec.parent}_id"] = refs.id_of(parent_kind, parent_key)
    child_spec = kind_by_name(children[0].kind) if children and spec.embeds else None
    if child_spec is not None and spec.embeds is not None:
        body[spec.embeds] = [child_spec.create_body(_after(c), refs) for c in children]
    key = create_key(adoption.account_id, change.address, body) if adoption else None
    record = session.client.create(spec.resource, body, idempotency_key=key)
    if child_spec is not None:
        _add_embedded(child_spec, children, record.get(f"{child_spec.root}_ids"), refs)
    remote_id = record.get("id")
    if isinstance(remote_id, int | str):
        refs.add(spec.name, change.key, remote_id)
        return remote_id
    return None


def _add_embedded(
    spec: KindSpec, children: list[Change], ids: object, refs: ReferenceIndex
) -> None:
    """Children created inside their parent are listed in its answer (``variant_ids``) in the
    order they were sent, which is their position; later changes (images) may refer to them."""
    if isinstance(ids, list) and len(ids) == len(children):
        for child, child_id in zip(children, ids, strict=True):
            if isinstance(child_id, int | str):
                refs.add(spec.name, child.key, child_id)
