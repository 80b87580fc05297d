"""The engine's entry points: make a plan, apply it, apply a saved one.

Each step is a function of the previous one's output (see the data flow in README.md); this
module only strings them together, so every decision lives in a pure module beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from reconciler.collector import collector_paused
from reconciler.engine.adopt import Adoption
from reconciler.engine.apply import Progress, apply_changes, rides_with_parent
from reconciler.engine.cascade import with_cascades
from reconciler.engine.errors import PlanError, SafetyError
from reconciler.engine.fetch import Reader, fetch_state
from reconciler.engine.outcome import ApplyReport
from reconciler.engine.plan import Account, Action, Change, Estimate, Plan
from reconciler.engine.planner import plan_changes
from reconciler.engine.records import SourceOf
from reconciler.engine.safety import Thresholds, threshold_problems
from reconciler.engine.saved import check_account, check_saved_plan
from reconciler.engine.scope import kinds_in_scope, kinds_touched
from reconciler.engine.state import Comparison, compare, declared_records
from reconciler.engine.target import refuse_unknown_targets, select_targets
from reconciler.kinds import KINDS, kind_by_name

PLAN_LIFETIME = timedelta(hours=24)


class Client(Reader, Protocol):
    """What the engine needs of ``GeckoClient``: the reads of ``Reader``, writes and the rate
    budget."""

    def create(
        self, resource: str, body: dict[str, Any], *, idempotency_key: str | None = None
    ) -> dict[str, Any]: ...

    def update(self, resource: str, record_id: int | str, body: dict[str, Any]) -> None: ...

    def archive(self, resource: str, record_id: int | str) -> None: ...

    def estimate_seconds(self, requests: int) -> float: ...

    @property
    def rate_policy(self) -> tuple[int, float]: ...


@dataclass(frozen=True)
class Desire:
    """A loaded configuration as the engine sees it."""

    catalogue: Any
    source_of: SourceOf
    config_hash: str | None = None
    config_path: str | None = None
    archive: frozenset[str] = frozenset()
    thresholds: Thresholds = field(default_factory=Thresholds)


@dataclass(frozen=True)
class PlanOptions:
    targets: tuple[str, ...] = ()
    force: bool = False
    api_url: str | None = None
    api_share: float = 1.0


@dataclass(frozen=True)
class Planned:
    plan: Plan
    comparison: Comparison


def make_plan(desire: Desire, client: Client, options: PlanOptions, *, now: datetime) -> Planned:
    with collector_paused():
        return _make_plan(desire, client, options, now=now)


def _make_plan(desire: Desire, client: Client, options: PlanOptions, *, now: datetime) -> Planned:
    declared = declared_records(desire.catalogue, desire.source_of)
    scope = kinds_in_scope(declared, desire.archive)
    comparison = compare_account(
        client, declared, scope, desire.archive, desire.source_of, declared_fields_only=True
    )
    if comparison.problems:
        raise PlanError(comparison.problems)
    refuse_unknown_targets(options.targets, declared, comparison.remote)
    draft = plan_changes(comparison.comparisons)
    changes = with_cascades(
        comparison.comparisons, select_targets(draft.changes, options.targets)
    )
    refused = [draft.problems[c.address] for c in changes if c.address in draft.problems]
    if refused:
        raise PlanError(list(dict.fromkeys(refused)))
    violations = () if options.force else tuple(
        threshold_problems(changes, comparison.active_counts(), desire.thresholds)
    )
    plan = Plan(
        violations=violations,
        changes=changes,
        estimate=estimate(changes, client, options.api_share, reads=comparison.reads),
        created_at=now,
        expires_at=now + PLAN_LIFETIME,
        config_hash=desire.config_hash,
        config_path=desire.config_path,
        api_url=options.api_url,
        account=account_of(comparison.account),
        warnings=draft.warnings,
        price_change_percent=desire.thresholds.price_change_percent,
    )
    return Planned(plan, comparison)


def account_of(record: dict[str, Any]) -> Account:
    name = record.get("name")
    return Account(id=record.get("id") or "", name=name if isinstance(name, str) else None)


def compare_account(
    client: Reader,
    declared: dict[str, list[Any]],
    scope: Sequence[Any],
    archive: frozenset[str],
    source_of: SourceOf = lambda path: None,
    *,
    declared_fields_only: bool = False,
) -> Comparison:
    """Read the account and the kinds in ``scope``; compare them with the declared records."""
    raw = fetch_state(client, scope, with_account=True)
    return compare(
        declared, raw, scope, archive, source_of, declared_fields_only=declared_fields_only
    )


def estimate(
    changes: Sequence[Change], client: Client, share: float, *, reads: int = 0
) -> Estimate:
    """The plan's cost in requests, and in time under the rate limit the client observed."""
    requests = requests_for(changes)
    limit, window = client.rate_policy
    return Estimate(
        requests=requests,
        seconds=round(client.estimate_seconds(requests), 1),
        rate_limit=limit,
        window_seconds=max(1, round(window)),
        api_share=share,
        read_requests=reads,
    )


def requests_for(changes: Sequence[Change]) -> int:
    """Write requests an apply sends: embedded children ride in their parent's create."""
    created = {c.address for c in changes if c.action is Action.CREATE}
    return sum(
        kind_by_name(c.kind).requests_for(c)
        for c in changes
        if not rides_with_parent(c, created)
    )


def apply_planned(planned: Planned, client: Client, progress: Progress | None) -> ApplyReport:
    if planned.plan.violations:
        raise SafetyError(planned.plan.violations)
    comparison = planned.comparison
    return apply_changes(
        planned.plan.changes, client, comparison.refs, progress, _adoption(client, comparison)
    )


def apply_saved(
    plan: Plan,
    client: Client,
    *,
    now: datetime,
    config_hash: str | None,
    progress: Progress | None = None,
) -> ApplyReport:
    """Apply a saved plan exactly, after checking it was made against this account and is
    neither expired nor stale."""
    check_saved_plan(plan, now=now, config_hash=config_hash, remote=None)
    scope = kinds_touched(plan.changes)
    comparison = compare_account(client, {spec.name: [] for spec in KINDS}, scope, frozenset())
    check_account(plan, account_of(comparison.account))
    check_saved_plan(plan, now=now, config_hash=config_hash, remote=comparison.remote)
    return apply_changes(
        plan.changes, client, comparison.refs, progress, _adoption(client, comparison)
    )


def _adoption(client: Client, comparison: Comparison) -> Adoption:
    latest = {c.spec.name: c.latest_update for c in comparison.comparisons}
    return Adoption(client, comparison.account.get("id"), latest)
