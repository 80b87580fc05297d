"""Formatting shared by the renderers: values, durations, counts and the plan's cost."""

from __future__ import annotations

import json
import math
from typing import Any

from reconciler.engine.plan import Action, Estimate, Plan
from reconciler.kinds import kind_by_name
from reconciler.printable import printable

# Summary order of DESIGN.md section 3: "3 to create, 12 to update, 0 to archive, 1 to restore".
SUMMARY_ORDER = (Action.CREATE, Action.UPDATE, Action.ARCHIVE, Action.RESTORE)
PRICE_PREFIX = "prices."
NOT_SET = "(not set)"
# Values longer than this are cut short in a table cell or a group line.
VALUE_WIDTH = 40

def is_price_field(field: str) -> bool:
    return field.startswith(PRICE_PREFIX)


def field_label(field: str) -> str:
    """``prices.retail`` → ``retail price``; other fields keep their YAML name."""
    if is_price_field(field):
        return f"{field[len(PRICE_PREFIX) :]} price"
    return field


def format_value(value: Any, *, width: int = 60, bare: bool = False) -> str:
    """One value on one line, truncated to about ``width`` characters.

    Strings are quoted (JSON style, so newlines show as ``\\n``) unless ``bare``; ``None`` is
    shown as ``(not set)``.
    """
    if value is None:
        return NOT_SET
    if isinstance(value, str):
        inner = printable(value) if bare else json.dumps(value, ensure_ascii=False)[1:-1]
        if len(inner) > width:
            inner = f"{inner[: max(width - 1, 1)]}…"
            suffix = f" ({len(value)} chars)"
        else:
            suffix = ""
        return f"{inner}{suffix}" if bare else f'"{inner}"{suffix}'
    text = printable(json.dumps(value, ensure_ascii=False, sort_keys=True))
    return text if len(text) <= width else f"{text[: max(width - 1, 1)]}…"


def pluralise(count: int, singular: str, plural: str | None = None) -> str:
    word = singular if count == 1 else (plural or f"{singular}s")
    return f"{count:,} {word}"


def kind_plural(kind: str) -> str:
    """``price_list`` → ``price lists``: the registered kind's YAML section, else an English
    plural of its name."""
    try:
        return kind_by_name(kind).section.replace("_", " ")
    except KeyError:
        pass
    words = kind.replace("_", " ")
    if words.endswith(("s", "x", "ch", "sh")):
        return f"{words}es"
    if words.endswith("y") and words[-2:-1] not in ("a", "e", "i", "o", "u"):
        return f"{words[:-1]}ies"
    return f"{words}s"


def kind_label(kind: str, count: int) -> str:
    return f"{count:,} {kind.replace('_', ' ') if count == 1 else kind_plural(kind)}"


def format_duration(seconds: float) -> str:
    """A rounded duration for people: ``1 s``, ``42 s``, ``7 min``, ``2 h 5 min``."""
    whole = max(1, round(seconds))
    if whole < 60:
        return f"{whole} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h" if minutes == 0 else f"{hours} h {minutes} min"


def summary_counts(plan: Plan) -> str:
    counts = plan.summary
    parts = [f"{counts[action.value]:,} to {action.value}" for action in SUMMARY_ORDER]
    if plan.archived_with:
        index = SUMMARY_ORDER.index(Action.ARCHIVE)
        parts[index] += f" (and {cascade_text(plan)} with them)"
    return ", ".join(parts)


def cascade_text(plan: Plan) -> str:
    """``3 variants``: what the archives take with them, counted by kind."""
    kinds: dict[str, int] = {}
    for change in plan.changes:
        for address in change.archives_with:
            kind = address.partition("[")[0]
            kinds[kind] = kinds.get(kind, 0) + 1
    return ", ".join(
        f"{count:,} {kind_by_name(kind).section if count != 1 else kind.replace('_', ' ')}"
        for kind, count in kinds.items()
    )


def requests_per_window(estimate: Estimate) -> int:
    return max(1, math.floor(estimate.rate_limit * estimate.api_share))


def rate_limit_text(estimate: Estimate) -> str:
    """``300 requests per 300 s, 80% share`` (the share only when below 100%)."""
    text = f"{estimate.rate_limit:,} requests per {estimate.window_seconds:,} s"
    if estimate.api_share < 1:
        text += f", {estimate.api_share * 100:g}% share"
    return text


def estimate_time(estimate: Estimate) -> str:
    """``about 1 s``, or ``about 25 min, 5 rate-limit windows`` past one window."""
    if estimate.requests == 0:
        return "0 s"
    text = f"about {format_duration(estimate.seconds)}"
    windows = math.ceil(estimate.requests / requests_per_window(estimate))
    if windows > 1:
        text += f", {windows:,} rate-limit windows"
    return text


def reads_sentence(estimate: Estimate) -> str | None:
    """Past one rate-limit window, what reading the account costs every plan and apply."""
    windows = math.ceil(estimate.read_requests / requests_per_window(estimate))
    if windows <= 1:
        return None
    wait = format_duration((windows - 1) * estimate.window_seconds)
    return (f"Reading the account takes {estimate.read_requests:,} API requests, more than one "
            f"rate-limit window ({windows:,} windows at {rate_limit_text(estimate)}): every plan "
            f"and apply of it waits at least {wait} for the API.")


def estimate_sentence(estimate: Estimate) -> str:
    requests = pluralise(estimate.requests, "API request")
    return f"Apply will take {requests} ({estimate_time(estimate)} at {rate_limit_text(estimate)})."
