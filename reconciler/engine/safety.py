"""Safety thresholds: refuse a plan that changes too much at once unless forced (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from reconciler.engine.plan import Action, Change


@dataclass(frozen=True)
class Thresholds:
    archive_percent: float | None = 25
    update_percent: float | None = None
    price_change_percent: float | None = 50
    min_records: int = 10


def threshold_problems(
    changes: Iterable[Change], active_counts: Mapping[str, int], thresholds: Thresholds
) -> list[str]:
    """Every threshold the changes cross, as actionable lines."""
    changes = list(changes)
    problems: list[str] = []
    for kind, existing in active_counts.items():
        if existing < thresholds.min_records:
            continue
        for action, limit in (
            (Action.ARCHIVE, thresholds.archive_percent),
            (Action.UPDATE, thresholds.update_percent),
        ):
            count = sum(1 for c in changes if c.kind == kind and c.action is action)
            problem = _share_problem(kind, action, count, existing, limit)
            if problem:
                problems.append(problem)
    problems.extend(_price_problems(changes, thresholds.price_change_percent))
    return problems


def _share_problem(
    kind: str, action: Action, count: int, existing: int, limit: float | None
) -> str | None:
    if limit is None or count == 0:
        return None
    share = 100 * count / existing
    if share <= limit:
        return None
    verb = "archives" if action is Action.ARCHIVE else "updates"
    setting = f"{action.value}_percent"
    return (
        f"the plan {verb} {share:.0f}% of {kind} records ({count}/{existing}), over the "
        f"{limit:g}% threshold (options.thresholds.{setting}); re-run with --force if intended"
    )


def price_change_percent(before: object, after: object) -> Decimal | None:
    """The relative change of a price in percent, or ``None`` when it has no base."""
    try:
        old, new = Decimal(str(before)), Decimal(str(after))
    except (InvalidOperation, ValueError):
        return None
    if old == 0:
        return None
    return (new - old) / old * 100


def _price_problems(changes: list[Change], limit: float | None) -> list[str]:
    if limit is None:
        return []
    over: list[str] = []
    for change in changes:
        for name, field in change.fields.items():
            if not name.startswith("prices.") or field.before is None or field.after is None:
                continue
            percent = price_change_percent(field.before, field.after)
            if percent is not None and abs(percent) > Decimal(str(limit)):
                moved = f"{field.before} → {field.after} ({percent:+.0f}%)"
                over.append(f"{change.address} {name} {moved}")
    if not over:
        return []
    shown = "; ".join(over[:5]) + (f"; and {len(over) - 5} more" if len(over) > 5 else "")
    return [
        f"{len(over)} price(s) move by more than {limit:g}% "
        f"(options.thresholds.price_change_percent): {shown}; re-run with --force if intended"
    ]
