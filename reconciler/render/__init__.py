"""Renderers of plans and apply reports: text for terminals, markdown for pull requests, JSON
for plan files. They read the engine's data models and never change them."""

from __future__ import annotations

from reconciler.engine.plan import Plan

from .json import PlanFileError, load_plan_json, render_plan_json
from .markdown import MARKER, render_plan_markdown
from .text import (
    ApplyStatus,
    format_progress,
    format_status,
    format_wait,
    render_apply_text,
    render_plan_text,
)

FORMATS = ("text", "json", "markdown")


def render_plan(
    plan: Plan, fmt: str, *, color: bool = False, price_change_percent: float | None = 50
) -> str:
    """The plan in one of ``FORMATS``; raises ``ValueError`` for any other format."""
    if fmt == "text":
        return render_plan_text(plan, color=color)
    if fmt == "json":
        return render_plan_json(plan)
    if fmt == "markdown":
        return render_plan_markdown(plan, price_change_percent=price_change_percent)
    raise ValueError(f"unknown plan format {fmt!r}; choose one of {', '.join(FORMATS)}")


__all__ = [
    "FORMATS",
    "MARKER",
    "ApplyStatus",
    "PlanFileError",
    "format_progress",
    "format_status",
    "format_wait",
    "load_plan_json",
    "render_apply_text",
    "render_plan",
    "render_plan_json",
    "render_plan_markdown",
    "render_plan_text",
]
