from __future__ import annotations

import json

import pytest

from reconciler import render
from reconciler.render import FORMATS, render_plan

from .plans import small_plan


def test_formats() -> None:
    assert FORMATS == ("text", "json", "markdown")


def test_each_format_dispatches_to_its_renderer() -> None:
    plan = small_plan()
    assert render_plan(plan, "text").startswith("gecko-apply will perform")
    assert json.loads(render_plan(plan, "json"))["format_version"] == "1"
    assert render_plan(plan, "markdown").startswith(render.MARKER)
    assert "\x1b[" in render_plan(plan, "text", color=True)
    assert "price changes over" not in render_plan(plan, "markdown", price_change_percent=None)


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="choose one of text, json, markdown"):
        render_plan(small_plan(), "yaml")


def test_public_surface() -> None:
    assert set(render.__all__) == {
        "ApplyStatus", "FORMATS", "MARKER", "PlanFileError", "format_progress", "format_status",
        "format_wait", "load_plan_json",
        "render_apply_text", "render_plan", "render_plan_json", "render_plan_markdown",
        "render_plan_text",
    }  # fmt: skip
