from __future__ import annotations

import re

import pytest

from reconciler.engine.plan import Plan
from reconciler.render.markdown import MARKER, render_plan_markdown

from .html_tree import markdown_tree
from .plans import large_plan, pathological_plan, small_plan

LEFT_OUT = re.compile(r"_([\d,]+) of ([\d,]+) changes are not shown above")


@pytest.fixture(scope="module")
def large() -> Plan:
    return large_plan()


def left_out(text: str) -> int:
    match = LEFT_OUT.search(text)
    return int(match.group(1).replace(",", "")) if match else 0


def shown_rows(text: str) -> int:
    return sum(
        1
        for line in text.splitlines()
        if line.startswith(tuple(f"| {a} |" for a in ("create", "update", "restore", "archive")))
    )


def test_ten_changes_are_all_shown() -> None:
    text = render_plan_markdown(small_plan())
    assert left_out(text) == 0
    assert shown_rows(text) == 10
    assert "JSON artifact" not in text


def test_ten_thousand_changes_stay_under_the_limit(large: Plan) -> None:
    text = render_plan_markdown(large)
    assert 50_000 < len(text) < 60_000
    assert left_out(text) + shown_rows(text) == len(large.changes)
    assert "The full plan is in the JSON artifact." in text
    assert "**25 archives**" in text and text.count('- `variant["OLD-') == 25
    root, _ = markdown_tree(text)
    assert len(root.find_all("details")) == 1


def test_aggregate_of_ten_thousand_price_updates(large: Plan) -> None:
    text = render_plan_markdown(large)
    assert "- **10,000 variants to update**: retail price changed, median " in text
    assert "-9% to +75%" in text
    assert "**104 price changes over 50%**" in text


@pytest.mark.parametrize("limit", [5_000, 20_000, 60_000])
def test_limit_is_respected_and_the_rest_counted(large: Plan, limit: int) -> None:
    text = render_plan_markdown(large, limit=limit)
    assert len(text) < limit
    assert text.startswith(MARKER)
    assert left_out(text) + shown_rows(text) == len(large.changes)
    root, _ = markdown_tree(text)
    assert root.find_all("table")


def test_pathological_plan_stays_under_the_limit() -> None:
    plan = pathological_plan()
    text = render_plan_markdown(plan)
    assert len(text) < 60_000
    root, _ = markdown_tree(text)
    assert root.find_all("script") == []
    assert "more group" in text or "more, listed in the JSON plan" in text
    assert left_out(text) > 49_000


def test_ten_thousand_render_within_the_limit(large: Plan) -> None:
    text = render_plan_markdown(large)
    assert MARKER in text and len(text) < 60_000


def test_many_long_warnings_are_bounded() -> None:
    plan = Plan(changes=small_plan().changes, warnings=tuple("w" * 5_000 for _ in range(100)))
    text = render_plan_markdown(plan)
    assert len(text) < 10_000
    assert text.count("> **Warning:**") == 10
    assert "> …and 90 more warnings, in the JSON plan." in text
    assert left_out(text) == 0


def test_a_limit_below_the_summary_still_holds(large: Plan) -> None:
    text = render_plan_markdown(large, limit=300)
    assert len(text) < 300
    assert text.startswith(MARKER + "\n")
    assert "see the JSON plan" in text
