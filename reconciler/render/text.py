"""Plain-text rendering for terminals and logs: the plan, Terraform-style, and apply reports."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import click

from reconciler.engine.outcome import ApplyReport, Outcome, Status
from reconciler.engine.plan import Action, Change, FieldChange, Plan
from reconciler.printable import printable

from ._format import (
    estimate_sentence,
    format_duration,
    format_value,
    is_price_field,
    pluralise,
    reads_sentence,
    summary_counts,
)
from ._nested import is_structured, nested_changes

SYMBOLS = {Action.CREATE: "+", Action.UPDATE: "~", Action.ARCHIVE: "-", Action.RESTORE: "↺"}
COLOURS = {
    Action.CREATE: "green",
    Action.UPDATE: "yellow",
    Action.ARCHIVE: "red",
    Action.RESTORE: "cyan",
}
STATUS_COLOURS = {Status.SUCCEEDED: "green", Status.SKIPPED: "yellow", Status.FAILED: "red"}
PAST_TENSE = {
    Action.CREATE: "created",
    Action.UPDATE: "updated",
    Action.ARCHIVE: "archived",
    Action.RESTORE: "restored",
}
NO_CHANGES = "No changes. The account matches the configuration."
VALUE_WIDTH = 60
# Succeeded outcomes are listed one by one up to this many, then summarised by action.
SUCCEEDED_LISTED = 10
INDENT = "      "


class _Painter:
    """click.style when colour is on, the identity otherwise."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(
        self, text: str, fg: str | None = None, *, bold: bool = False, dim: bool = False
    ) -> str:
        if not self.color:
            return text
        return click.style(text, fg=fg, bold=bold or None, dim=dim or None)


def render_plan_text(plan: Plan, *, color: bool) -> str:
    paint = _Painter(color)
    lines = [paint(f"Refused: {printable(v)}", "red", bold=True) for v in plan.violations]
    lines += [paint(f"Warning: {printable(w)}", "yellow") for w in plan.warnings]
    reads = reads_sentence(plan.estimate)
    if not plan.has_changes:
        return "\n".join([*lines, NO_CHANGES, *([reads] if reads else [])]) + "\n"
    if lines:
        lines.append("")
    lines += ["gecko-apply will perform the following actions:", ""]
    previous_kind: str | None = None
    for change in plan.changes:
        if previous_kind is not None and change.kind != previous_kind:
            lines.append("")
        previous_kind = change.kind
        lines.extend(_change_lines(change, paint))
    lines += ["", paint(f"Plan: {summary_counts(plan)}.", bold=True)]
    lines.append(estimate_sentence(plan.estimate))
    if reads:
        lines.append(reads)
    return "\n".join(lines) + "\n"


def _change_lines(change: Change, paint: _Painter) -> Iterator[str]:
    colour = COLOURS[change.action]
    symbol = paint(SYMBOLS[change.action], colour, bold=True)
    head = f"  {symbol} {paint(printable(change.address), colour)}"
    if change.reason:
        head += "  " + paint(f"# {printable(change.reason)}", dim=True)
    yield head
    if change.action is Action.ARCHIVE and change.name:
        where = f" in {printable(change.parent)}" if change.parent else ""
        yield f"{INDENT}{paint(f'named {printable(repr(change.name))}{where}', dim=True)}"
    for address in change.archives_with:
        yield f"{INDENT}{paint('with ' + printable(address), colour)}"
    if not change.fields:
        return
    width = max(len(printable(field)) for field in change.fields)
    for field, values in change.fields.items():
        if change.action is Action.CREATE:
            yield f"{INDENT}{printable(field).ljust(width)} = {_value(field, values.after)}"
        elif is_structured(values.before, values.after):
            for path, before, after in nested_changes(field, values.before, values.after):
                nested = FieldChange(before=before, after=after)
                yield f"{INDENT}{printable(path)}: {_before_after(path, nested, paint)}"
        else:
            label = f"{printable(field)}:".ljust(width + 1)
            yield f"{INDENT}{label} {_before_after(field, values, paint)}"


def _value(field: str, value: object) -> str:
    return format_value(value, width=VALUE_WIDTH, bare=is_price_field(field))


def _before_after(field: str, values: FieldChange, paint: _Painter) -> str:
    before = paint(_value(field, values.before), "red")
    after = paint(_value(field, values.after), "green")
    return f"{before} → {after}"


def render_apply_text(report: ApplyReport, *, color: bool) -> str:
    paint = _Painter(color)
    lines: list[str] = []
    for status in (Status.SUCCEEDED, Status.SKIPPED, Status.FAILED):
        outcomes = [o for o in report.outcomes if o.status is status]
        if outcomes:
            lines.append(paint(f"{status.value.capitalize()} ({len(outcomes):,}):", bold=True))
            lines.extend(_outcome_lines(status, outcomes, paint))
    if lines:
        lines.append("")
    counts = ", ".join(
        paint(f"{report.count(s):,} {s.value}", STATUS_COLOURS[s] if report.count(s) else None)
        for s in (Status.SUCCEEDED, Status.FAILED, Status.SKIPPED)
    )
    lines.append(paint("Apply complete: ", bold=True) + counts + ".")
    if report.requests:
        took = format_duration(report.seconds)
        lines.append(f"Made {pluralise(report.requests, 'API request')} in about {took}.")
    return "\n".join(lines) + "\n"


def _outcome_lines(status: Status, outcomes: list[Outcome], paint: _Painter) -> Iterator[str]:
    if status is Status.SUCCEEDED and len(outcomes) > SUCCEEDED_LISTED:
        by_action = Counter(o.action for o in outcomes)
        parts = [f"{by_action[a]:,} {PAST_TENSE[a]}" for a in SYMBOLS if by_action[a]]
        yield "  " + ", ".join(parts)
        return
    for outcome in outcomes:
        colour = COLOURS[outcome.action]
        head = f"  {paint(SYMBOLS[outcome.action], colour)} {printable(outcome.address)}"
        message = outcome.message.strip().splitlines() or [""]
        yield f"{head}  {printable(message[0])}".rstrip()
        yield from (f"{INDENT}{printable(line)}" for line in message[1:])


def format_wait(seconds: float, reason: str) -> str:
    """One progress line for a pause: ``Waiting 12 s: rate limit reached.``"""
    amount = f"{seconds:.1f} s" if seconds < 10 else format_duration(seconds)
    text = f"Waiting {amount}: {printable(reason.strip())}"
    return text if text.endswith(".") else f"{text}."


def format_progress(done: int, total: int, outcome: Outcome) -> str:
    """One progress line per applied change: ``[ 12/340] ~ variant["X"] updated``."""
    width = len(str(total))
    if outcome.status is Status.SUCCEEDED:
        result = PAST_TENSE[outcome.action]
    else:
        message = outcome.message.strip().splitlines()
        result = f"{outcome.status.value}: {message[0]}" if message else outcome.status.value
    symbol = SYMBOLS[outcome.action]
    return f"[{done:>{width}}/{total}] {symbol} {printable(outcome.address)} {printable(result)}"


@dataclass(frozen=True)
class ApplyStatus:
    """Where an apply stands: changes done of ``total``, their results, the rate budget left in
    this window (``None`` before the API said) and the seconds still to go."""

    done: int
    total: int
    succeeded: int
    failed: int
    skipped: int
    window_left: int | None
    seconds_left: float


def format_status(status: ApplyStatus) -> str:
    """``Applying 12/340: 11 succeeded, 1 failed · 45 requests left in this window · about
    2 min left``: the live status line, and in CI the periodic one."""
    counts = [f"{status.succeeded:,} succeeded", f"{status.failed:,} failed"]
    if status.skipped:
        counts.append(f"{status.skipped:,} skipped")
    parts = [f"Applying {status.done:,}/{status.total:,}: {', '.join(counts)}"]
    if status.window_left is not None:
        parts.append(f"{pluralise(status.window_left, 'request')} left in this window")
    if status.done < status.total:
        parts.append(f"about {format_duration(status.seconds_left)} left")
    return " · ".join(parts)
