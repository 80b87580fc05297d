from __future__ import annotations

import re

import pytest

from reconciler.engine.plan import Action, Change, Plan
from reconciler.render.markdown import MARKER, render_plan_markdown

from .html_tree import markdown_tree
from .plans import (
    CREATED,
    archive,
    change,
    estimate_for,
    large_plan,
    pathological_plan,
    price_update,
    small_plan,
)

NOTE = re.compile(r"> Not listed one by one here: (.*?)(?:, to keep this comment|\. The full)")
COUNT = re.compile(r"([\d,]+) (archive|restore|create|update)s?(?: \(([\d,]+) of them)?")


@pytest.fixture(scope="module")
def large() -> Plan:
    return large_plan()


def left_out(text: str) -> dict[str, int]:
    """The note's counts by action, with ``grouped``: updates shown only in a group line."""
    match = NOTE.search(text)
    counts = {"archive": 0, "restore": 0, "create": 0, "update": 0, "grouped": 0}
    for number, action, grouped in COUNT.findall(match.group(1) if match else ""):
        counts[action] = int(number.replace(",", ""))
        counts["grouped"] += int(grouped.replace(",", "") or 0)
    return counts


def table_rows(text: str) -> int:
    """Rows naming a change: every table row but the summary's and the headers'."""
    return sum(1 for line in text.splitlines() if line.startswith("| `"))


def archive_lines(text: str) -> int:
    section = text.partition("#### To archive")[2].partition("\n#### ")[0]
    return sum(1 for line in section.splitlines() if line.startswith("- ") and "…and" not in line)


def bulk_plan(varied: int = 200) -> Plan:
    """6 creates, 3 archives, 512 uniform +5% price updates and ``varied`` other updates."""
    changes: list[Change] = [price_update(f"BULK-{n:04d}", "20", "21") for n in range(512)]
    changes += [price_update(f"VAR-{n:04d}", "10", f"{10 + n / 1000:.3f}")
                for n in range(1, varied + 1)]  # fmt: skip
    changes += [change("product", f"New {n}", Action.CREATE, CREATED, name=(None, f"New {n}"))
                for n in range(6)]  # fmt: skip
    changes += [archive("variant", f"OLD-{n}", "Wonka Bar", f"Flavour {n}") for n in range(3)]
    return Plan(changes=tuple(changes), estimate=estimate_for(len(changes)))


def test_ten_changes_are_all_shown() -> None:
    text = render_plan_markdown(small_plan())
    assert "Not listed" not in text and "full plan" not in text
    assert table_rows(text) + archive_lines(text) == 10  # the outlier's one row is its price's


def test_creates_and_archives_survive_a_small_budget_and_uniform_updates_are_one_line() -> None:
    text = render_plan_markdown(bulk_plan(), limit=4_000)
    assert len(text) < 4_000
    for n in range(6):
        assert f'| `product["New {n}"]` |' in text
    for n in range(3):
        assert f"- Wonka Bar › Flavour {n} `OLD-{n}`" in text
    assert text.count("BULK-") == 0
    assert "- **512 variants**: retail price +5%\n" in text
    shown_varied = text.count('| `variant["VAR-')
    assert 0 < shown_varied < 200
    assert left_out(text) == {
        "archive": 0, "restore": 0, "create": 0, "update": 512 + 200 - shown_varied,
        "grouped": 512,
    }  # fmt: skip
    assert "to keep this comment under 4,000 characters" in text
    assert "`gecko-apply show plan.json`" in text


def test_uniform_updates_alone_are_counted_without_blaming_the_size() -> None:
    text = render_plan_markdown(bulk_plan(varied=0))
    assert left_out(text)["update"] == left_out(text)["grouped"] == 512
    assert "to keep this comment under" not in text


def test_ten_thousand_changes_stay_under_the_limit(large: Plan) -> None:
    text = render_plan_markdown(large)
    assert 50_000 < len(text) < 60_000
    counts = left_out(text)
    assert counts["archive"] == 0 and archive_lines(text) == 25
    # Each of the 104 outliers has its price row; the other updates have a row or are counted.
    assert counts["update"] + table_rows(text) == 10_000
    root, _ = markdown_tree(text)
    assert len(root.find_all("details")) == 2


def test_aggregate_of_ten_thousand_price_updates(large: Plan) -> None:
    text = render_plan_markdown(large)
    assert "- **10,000 variants**: retail price changed, median +1.6%, -9% to +75%" in text
    assert "#### Price changes over 50% (104)" in text


@pytest.mark.parametrize("limit", [5_000, 20_000, 60_000])
def test_limit_is_respected_and_the_rest_counted(large: Plan, limit: int) -> None:
    text = render_plan_markdown(large, limit=limit)
    assert len(text) < limit
    assert text.startswith(MARKER)
    assert archive_lines(text) == 25
    assert left_out(text)["update"] + table_rows(text) == 10_000
    root, _ = markdown_tree(text)
    assert root.find_all("table")


def test_archives_go_compact_rather_than_be_cut() -> None:
    changes = tuple(
        archive("product", f"Product {n:03d}").model_copy(
            update={"archives_with": tuple(f'variant["P{n:03d}-V{v}"]' for v in range(8))}
        )
        for n in range(100)
    )
    plan = Plan(changes=(*changes, price_update("A", "1", "2")))
    full = render_plan_markdown(plan)
    assert '- `Product 007`; with `variant["P007-V0"]`, `variant["P007-V1"]`' in full
    compact = render_plan_markdown(plan, limit=6_000)
    assert archive_lines(compact) == 100
    assert "- `Product 007`; with 8 variants\n" in compact
    assert left_out(compact)["archive"] == 0


def test_more_archives_than_any_comment_holds_are_counted() -> None:
    plan = Plan(changes=tuple(archive("variant", f"SKU-{n:05d}") for n in range(5_000)))
    text = render_plan_markdown(plan)
    assert len(text) < 60_000
    shown = archive_lines(text)
    assert 3_000 < shown < 5_000
    assert f"- …and {5_000 - shown:,} more archives: too many for one comment." in text
    assert left_out(text)["archive"] == 5_000 - shown


def test_pathological_plan_stays_under_the_limit() -> None:
    plan = pathological_plan()
    text = render_plan_markdown(plan)
    assert len(text) < 60_000
    root, _ = markdown_tree(text)
    assert root.find_all("script") == []
    counts = left_out(text)
    assert counts["create"] == 10_000 and counts["update"] == 30_000
    assert counts["archive"] == 10_000 - archive_lines(text) > 9_000


def test_many_long_warnings_are_bounded() -> None:
    plan = Plan(changes=small_plan().changes, warnings=tuple("w" * 5_000 for _ in range(100)))
    text = render_plan_markdown(plan)
    assert len(text) < 10_000
    assert text.count("> **Warning:**") == 10
    assert "> …and 90 more warnings, in the JSON plan." in text
    assert "Not listed" not in text


def test_a_limit_below_the_summary_still_holds(large: Plan) -> None:
    text = render_plan_markdown(large, limit=300)
    assert len(text) < 300
    assert text.startswith(MARKER + "\n")
    assert "see the JSON plan" in text
