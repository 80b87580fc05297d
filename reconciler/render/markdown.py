"""GitHub-flavoured markdown of a plan, for pull-request comments and issues.

The comment reads top-down: the summary table and warnings, then the changes by priority:
archives (never cut), restores, creates, price moves past the threshold, then updates, where a
group of identical changes is one line. Every section draws on one character budget, in that
order, so the whole stays under ``limit`` at any plan size; what does not fit is counted by
action and the reader is sent to the full plan.
"""

from __future__ import annotations

from reconciler.engine.plan import Action, Change, Plan

from ._archives import archive_section
from ._budget import Budget
from ._format import (
    cascade_text,
    estimate_time,
    pluralise,
    rate_limit_text,
    reads_sentence,
)
from ._md import code, escape, table_head, table_row
from ._prices import large_price_moves
from ._tables import Table, change_table, price_table, table_section
from ._updates import Shown, update_section

MARKER = "<!-- gecko-apply-plan -->"
TITLE = "### gecko-apply plan"
NO_CHANGES = "**No changes.** The account matches the configuration."
DEFAULT_LIMIT = 60_000
# Kept free for the closing note.
NOTE_RESERVE = 400
WARNINGS_SHOWN = 10
WARNING_WIDTH = 500
ACTION_ORDER = (Action.CREATE, Action.UPDATE, Action.RESTORE, Action.ARCHIVE)
PRIORITY = (Action.ARCHIVE, Action.RESTORE, Action.CREATE, Action.UPDATE)


def render_plan_markdown(
    plan: Plan, *, price_change_percent: float | None = 50, limit: int = DEFAULT_LIMIT
) -> str:
    budget = Budget(limit - 1 - NOTE_RESERVE)
    lines = budget.take(_head(plan))
    if not plan.has_changes:
        return _finish([*lines, NO_CHANGES], limit)
    sections, shown = _sections(plan, price_change_percent, budget)
    note = _left_out_note(plan, shown, limit)
    return _finish([*lines, *sections, *([note] if note else [])], limit)


def _finish(lines: list[str], limit: int) -> str:
    text = "\n".join(lines).rstrip("\n") + "\n"
    if len(text) < limit:
        return text
    # Only a limit too small for the summary itself gets here.
    return f"{MARKER}\n{TITLE}\n\nThe plan is too large to show; see the JSON plan.\n"[: limit - 1]


def _head(plan: Plan) -> list[str]:
    counts = plan.summary
    estimate = plan.estimate
    headers = [a.value.capitalize() for a in ACTION_ORDER] + ["API requests", "Time"]
    row = [f"{counts[a.value]:,}" for a in ACTION_ORDER]
    if plan.archived_with:
        row[ACTION_ORDER.index(Action.ARCHIVE)] += f" (+{cascade_text(plan)})"
    row += [f"{estimate.requests:,}", estimate_time(estimate)]
    lines = [MARKER, TITLE, ""]
    for violation in plan.violations:
        lines += [f"> **Refused:** {escape(violation)}", ""]
    lines += [*table_head(headers, "rrrrrl"), table_row(row), ""]
    lines.append(_context_line(plan))
    reads = reads_sentence(estimate)
    if reads:
        lines += ["", f"> **Note:** {escape(reads)}"]
    for warning in plan.warnings[:WARNINGS_SHOWN]:
        text = warning if len(warning) <= WARNING_WIDTH else f"{warning[: WARNING_WIDTH - 1]}…"
        lines += ["", f"> **Warning:** {escape(text)}"]
    if len(plan.warnings) > WARNINGS_SHOWN:
        more = pluralise(len(plan.warnings) - WARNINGS_SHOWN, "more warning")
        lines += ["", f"> …and {more}, in the JSON plan."]
    return [*lines, ""]


def _context_line(plan: Plan) -> str:
    parts = [f"Rate limit {rate_limit_text(plan.estimate)}."]
    if plan.created_at is not None:
        parts.append(f"Made {plan.created_at:%Y-%m-%d %H:%M %Z}".rstrip() + ".")
    if plan.expires_at is not None:
        parts.append(f"Expires {plan.expires_at:%Y-%m-%d %H:%M %Z}".rstrip() + ".")
    if plan.config_hash:
        parts.append(f"Configuration {code(plan.config_hash[:12])}.")
    return " ".join(parts)


def _sections(plan: Plan, percent: float | None, budget: Budget) -> tuple[list[str], Shown]:
    """Every section in priority order, each drawing on what the ones before it left."""
    by_action: dict[Action, list[Change]] = {action: [] for action in Action}
    for change in plan.changes:
        by_action[change.action].append(change)
    lines, named = archive_section(by_action[Action.ARCHIVE], budget)
    shown = Shown(named=named)
    for action in (Action.RESTORE, Action.CREATE):
        changes = by_action[action]
        heading = [f"#### To {action.value} ({len(changes):,})"]
        lines += _rows(change_table(heading, action, changes), changes, shown, budget)
    lines += _outliers(plan.changes, percent, shown, budget)
    lines += update_section(by_action[Action.UPDATE], shown, budget)
    return lines, shown


def _rows(table: Table[Change], changes: list[Change], shown: Shown, budget: Budget) -> list[str]:
    lines, left_out = table_section(table, changes, budget)
    shown.named.update(change.address for change in changes[: len(changes) - left_out])
    return lines


def _outliers(
    changes: tuple[Change, ...], percent: float | None, shown: Shown, budget: Budget
) -> list[str]:
    """Price moves past ``options.thresholds.price_change_percent``, largest first."""
    moves = [] if percent is None else large_price_moves(changes, percent)
    if not moves:
        return []
    moves.sort(key=lambda move: -abs(move.percent))
    setting = code("options.thresholds.price_change_percent")
    moved = "price moves" if len(moves) == 1 else "prices move"
    heading = [
        f"#### Price changes over {percent:g}% ({len(moves):,})",
        "",
        "> [!WARNING]",
        f"> {len(moves):,} {moved} by more than {percent:g}% ({setting}), the threshold.",
    ]
    table = price_table(heading, moves)
    lines, left_out = table_section(table, moves, budget)
    shown.named.update(move.change.address for move in moves[: len(moves) - left_out])
    return lines


def _left_out_note(plan: Plan, shown: Shown, limit: int) -> str | None:
    """Which changes the comment does not name, counted by action, and where to find them."""
    counts = {action: 0 for action in PRIORITY}
    for change in plan.changes:
        if change.address not in shown.named:
            counts[change.action] += 1
    if not any(counts.values()):
        return None
    grouped = len(shown.grouped - shown.named)
    parts = [pluralise(n, action.value) for action, n in counts.items() if n]
    if grouped:
        parts[-1] += f" ({grouped:,} of them in a group line above)"
    text = f"Not listed one by one here: {', '.join(parts)}"
    if sum(counts.values()) > grouped:
        text += f", to keep this comment under {limit:,} characters"
    return (f"> [!NOTE]\n> {text}. The full plan is the JSON plan (the workflow keeps it as an "
            "artifact); `gecko-apply show plan.json` renders it.")


__all__ = ["DEFAULT_LIMIT", "MARKER", "render_plan_markdown"]
