"""GitHub-flavoured markdown of a plan, for pull-request comments and issues.

The comment reads top-down: the summary table, warnings, destructive changes in full, every
group of similar changes in one line, then the changes themselves in collapsible sections per
kind. Every section draws on one character budget, so the whole stays under ``limit`` at any
plan size; what does not fit is counted and the reader is sent to the JSON plan.
"""

from __future__ import annotations

from reconciler.engine.plan import Action, Change, Plan

from ._budget import Budget, fill
from ._format import (
    cascade_text,
    estimate_time,
    format_value,
    is_price_field,
    kind_label,
    pluralise,
    rate_limit_text,
    reads_sentence,
)
from ._groups import Group, describe, group_changes
from ._md import code, escape, escape_html, table_head, table_row
from ._prices import PriceMove, format_percent, large_price_moves

MARKER = "<!-- gecko-apply-plan -->"
TITLE = "### gecko-apply plan"
NO_CHANGES = "**No changes.** The account matches the configuration."
DEFAULT_LIMIT = 60_000
# Shares of what is left after the summary: destructive changes first, then the groups.
DESTRUCTIVE_SHARE = 0.5
GROUPS_SHARE = 0.3
# Kept free for the closing note and the end of an open section.
NOTE_RESERVE = 400
VALUE_WIDTH = 40
ADDRESS_WIDTH = 200
WARNINGS_SHOWN = 10
WARNING_WIDTH = 500
FIELDS_PER_ROW = 5
ACTION_ORDER = (Action.CREATE, Action.UPDATE, Action.RESTORE, Action.ARCHIVE)


def render_plan_markdown(
    plan: Plan, *, price_change_percent: float | None = 50, limit: int = DEFAULT_LIMIT
) -> str:
    budget = Budget(limit - 1)
    lines = budget.take(_head(plan))
    if not plan.has_changes:
        return _finish([*lines, NO_CHANGES], limit)
    lines += budget.take(
        _destructive(plan, price_change_percent, _share(budget, DESTRUCTIVE_SHARE))
    )
    lines += budget.take(_groups(plan, _share(budget, GROUPS_SHARE)))
    details, left_out = _details(plan, budget)
    lines += details
    if left_out:
        lines.append(_left_out_note(left_out, len(plan.changes), limit))
    return _finish(lines, limit)


def _share(budget: Budget, share: float) -> Budget:
    return budget.sub(int((budget.left - NOTE_RESERVE) * share))


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


def _destructive(plan: Plan, percent: float | None, budget: Budget) -> list[str]:
    archives = [c for c in plan.changes if c.action is Action.ARCHIVE]
    moves = [] if percent is None else large_price_moves(plan.changes, percent)
    if not archives and not moves:
        return []
    lines = budget.take(["#### Destructive changes", "", *_caution(len(archives), len(moves))])
    if archives:
        lines += _archive_list(archives, budget)
    if moves:
        lines += _price_table(moves, percent or 0, budget)
    return lines


def _caution(archives: int, moves: int) -> list[str]:
    """A GitHub ``[!CAUTION]`` alert, so destructive changes stand out in the comment."""
    what = [pluralise(archives, "record") + " archived"] if archives else []
    if moves:
        what.append(f"{pluralise(moves, 'price')} moved past the threshold")
    return ["> [!CAUTION]", f"> This plan has {' and '.join(what)}: review them below.", ""]


def _archive_list(archives: list[Change], budget: Budget) -> list[str]:
    lines = budget.take([f"**{pluralise(len(archives), 'archive')}**", ""])
    items, left_out = fill(archives, _archive_item, budget, reserve=NOTE_RESERVE // 4)
    lines += items
    if left_out:
        lines += budget.take([f"- …and {left_out:,} more, listed in the JSON plan."])
    return [*lines, *budget.take([""])]


def _archive_item(change: Change) -> str:
    reason = f" — {escape(change.reason)}" if change.reason else ""
    taken = ", ".join(code(address) for address in change.archives_with)
    return f"- {_address(change)}{reason}" + (f"; with {taken}" if taken else "")


def _address(change: Change) -> str:
    text = change.address
    if len(text) > ADDRESS_WIDTH:
        text = f"{text[: ADDRESS_WIDTH - 1]}…"
    return code(text)


def _price_table(moves: list[PriceMove], percent: float, budget: Budget) -> list[str]:
    moves = sorted(moves, key=lambda move: -abs(move.percent))
    title = f"**{pluralise(len(moves), 'price change')} over {percent:g}%**"
    head = table_head(["Address", "Price", "Before", "After", "Change"], "llrrr")
    lines = budget.take([title, "", *head])
    rows, left_out = fill(moves, _price_row, budget, reserve=NOTE_RESERVE // 4)
    lines += rows
    if left_out:
        lines += budget.take(["", f"…and {left_out:,} more, listed in the JSON plan."])
    return [*lines, *budget.take([""])]


def _price_row(move: PriceMove) -> str:
    price = move.field.split(".", 1)[1]
    values = [format_value(v, width=VALUE_WIDTH, bare=True) for v in (move.before, move.after)]
    cells = [_address(move.change), code(price), *map(code, values)]
    return table_row([*cells, format_percent(move.percent)])


def _groups(plan: Plan, budget: Budget) -> list[str]:
    groups = group_changes(plan.changes)
    lines = budget.take(["#### Changes by group", ""])
    items, left_out = fill(groups, _group_item, budget, reserve=NOTE_RESERVE // 4)
    lines += items
    if left_out:
        lines += budget.take([f"- …and {pluralise(left_out, 'more group')}."])
    return [*lines, *budget.take([""])]


def _group_item(group: Group) -> str:
    title, detail = describe(group)
    return f"- **{escape(title)}**" + (f": {escape(detail)}" if detail else "")


def _details(plan: Plan, budget: Budget) -> tuple[list[str], int]:
    by_kind: dict[str, list[Change]] = {}
    for change in plan.changes:
        by_kind.setdefault(change.kind, []).append(change)
    lines = budget.take(["#### Details", ""])
    left_out = 0
    for kind, changes in by_kind.items():
        section, missing = _kind_section(kind, changes, budget)
        lines += section
        left_out += missing
    return lines, left_out


def _kind_section(kind: str, changes: list[Change], budget: Budget) -> tuple[list[str], int]:
    head = table_head(["Action", "Address", "Reason", "Changes"], "llll")
    summary = f"<summary>{escape_html(kind_label(kind, len(changes)))} (0 shown)</summary>"
    opening = ['<details markdown="1">', summary, "", *head]
    closing = ["", "</details>", ""]
    reserve = budget.cost(closing) + NOTE_RESERVE + len(f"{len(changes):,}") * 2
    if not budget.fits(opening, reserve):
        return [], len(changes)
    budget.take(opening)
    rows, left_out = fill(changes, _change_row, budget, reserve)
    budget.take(closing)
    shown = "" if not left_out else f" ({len(rows):,} shown)"
    opening[1] = f"<summary>{escape_html(kind_label(kind, len(changes)))}{shown}</summary>"
    return [*opening, *rows, *closing], left_out


def _change_row(change: Change) -> str:
    reason = escape(change.reason)
    return table_row([change.action.value, _address(change), reason, _fields_cell(change)])


def _fields_cell(change: Change) -> str:
    items = list(change.fields.items())
    parts = []
    for name, values in items[:FIELDS_PER_ROW]:
        bare = is_price_field(name)
        after = code(format_value(values.after, width=VALUE_WIDTH, bare=bare))
        if change.action is Action.CREATE:
            parts.append(f"{code(name)} = {after}")
        else:
            before = code(format_value(values.before, width=VALUE_WIDTH, bare=bare))
            parts.append(f"{code(name)}: {before} → {after}")
    if len(items) > FIELDS_PER_ROW:
        parts.append(f"and {len(items) - FIELDS_PER_ROW} more")
    return "<br>".join(parts)


def _left_out_note(left_out: int, total: int, limit: int) -> str:
    return (
        f"_{left_out:,} of {total:,} changes are not shown above, to keep this comment under "
        f"{limit:,} characters. The full plan is in the JSON artifact._"
    )


__all__ = ["DEFAULT_LIMIT", "MARKER", "render_plan_markdown"]
