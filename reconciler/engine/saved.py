"""Saved plans: refuse one that expired, was made from other files, or whose records moved on.

A saved plan carries the configuration's hash and a fingerprint (``updated_at``, or a hash of the
record where the API gives none) of every remote record it touches. Applying it re-reads the
account and compares: any difference names the record and refuses the whole plan, as Terraform
refuses a stale saved plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from reconciler.engine.errors import StalePlanError
from reconciler.engine.plan import Account, Action, Plan
from reconciler.engine.records import Remote
from reconciler.kinds import kind_by_name


def check_saved_plan(
    plan: Plan,
    *,
    now: datetime,
    config_hash: str | None,
    remote: Mapping[str, Iterable[Remote]] | None,
) -> None:
    """Refuse a plan that expired or was made from other files; with ``remote``, also one whose
    records changed (checked before reading the account, then after, so nothing is spent on an
    expired plan)."""
    problems = _age_problems(plan, now, config_hash)
    if remote is not None:
        problems.extend(_record_problems(plan, remote))
    if problems:
        problems.append("make a new plan with 'gecko-apply plan --out FILE' and apply that")
        raise StalePlanError(problems)


def check_account(plan: Plan, current: Account) -> None:
    """Refuse a plan made against another account (the API has one URL for every account)."""
    made = plan.account
    if made is None:
        raise StalePlanError(["the saved plan does not say which account it was made against"])
    if str(made.id) != str(current.id):
        raise StalePlanError([
            f"the saved plan was made against account {made.id} ({made.name!r}), but this "
            f"token is for account {current.id} ({current.name!r}); nothing was changed",
            "apply it with that account's token, or make a new plan against this account",
        ])


def _age_problems(plan: Plan, now: datetime, config_hash: str | None) -> list[str]:
    problems: list[str] = []
    if plan.expires_at is not None and now >= plan.expires_at:
        problems.append(f"the saved plan expired at {plan.expires_at.isoformat()}")
    if config_hash is not None and plan.config_hash is not None and config_hash != plan.config_hash:
        problems.append("the configuration changed since the plan was made (its hash differs)")
    return problems


def _record_problems(plan: Plan, remote: Mapping[str, Iterable[Remote]]) -> list[str]:
    by_id = {
        (kind, str(record.id)): record for kind, records in remote.items() for record in records
    }
    active_keys = {
        (kind, record.nkey)
        for kind, records in remote.items()
        for record in records
        if record.nkey is not None and not record.archived
    }
    problems: list[str] = []
    for change in plan.changes:
        if change.action is Action.CREATE:
            if (change.kind, _nkey(change.kind, change.key)) in active_keys:
                problems.append(f"{change.address} was created in the account since the plan")
            continue
        current = by_id.get((change.kind, str(change.remote_id)))
        if current is None:
            problems.append(f"{change.address} (id {change.remote_id}) is no longer in the account")
        elif current.fingerprint != change.fingerprint:
            problems.append(
                f"{change.address} changed since the plan was made "
                f"(was {change.fingerprint}, now {current.fingerprint})"
            )
    return problems


def _nkey(kind: str, key: str) -> str:
    return kind_by_name(kind).normalise_key(key)
