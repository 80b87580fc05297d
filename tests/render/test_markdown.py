from __future__ import annotations

from reconciler.engine.plan import Action, Plan
from reconciler.render.markdown import MARKER, render_plan_markdown

from .html_tree import Node, markdown_tree
from .plans import HOSTILE, archive, change, estimate_for, price_update, small_plan


def cells(row: Node) -> list[str]:
    return [c.text() for c in row.children if isinstance(c, Node) and c.tag in ("td", "th")]


def test_marker_is_the_first_line() -> None:
    text = render_plan_markdown(small_plan())
    assert text.splitlines()[0] == MARKER == "<!-- gecko-apply-plan -->"
    _, comments = markdown_tree(text)
    assert comments[0] == "gecko-apply-plan"


def test_summary_table_comes_first_with_counts_requests_and_time() -> None:
    root, _ = markdown_tree(render_plan_markdown(small_plan()))
    first_table = root.find_all("table")[0]
    header, row = (r for r in first_table.find_all("tr"))
    assert cells(header) == ["Create", "Update", "Restore", "Archive", "API requests", "Time"]
    assert cells(row) == ["2", "5", "1", "2", "16", "about 1 s"]
    assert root.child_tags().index("table") < root.child_tags().index("details")


def test_destructive_changes_are_above_the_fold() -> None:
    text = render_plan_markdown(small_plan())
    fold = text.index("<details")
    destructive = text[:fold]
    assert '`variant["DEMO-OLD-1"]`' in destructive
    assert '`variant["DEMO-OLD-2"]`' in destructive
    # 10 → 30 is +200%, over the default 50%; 22 → 22.5 is not.
    assert "+200%" in destructive
    assert "DEMO-GOBS-APL" in destructive
    assert "DEMO-GOBS-PEA" not in destructive.split("#### Changes by group")[0]


def test_price_threshold_is_configurable_and_can_be_turned_off() -> None:
    plan = small_plan()
    strict = render_plan_markdown(plan, price_change_percent=1)
    assert "**3 price changes over 1%**" in strict
    off = render_plan_markdown(plan, price_change_percent=None)
    assert "price change" not in off.split("#### Changes by group")[0]


def test_details_sections_per_kind_hold_every_change() -> None:
    root, _ = markdown_tree(render_plan_markdown(small_plan()))
    sections = root.find_all("details")
    summaries = [s.find_all("summary")[0].text() for s in sections]
    assert summaries == ["1 location", "1 payment term", "1 price list", "2 products", "5 variants"]
    rows = [r for s in sections for r in s.find_all("tr")[1:]]
    assert len(rows) == 10
    assert all(len(cells(r)) == 4 for r in rows)
    variant_rows = [cells(r) for r in sections[-1].find_all("tr")[1:]]
    assert variant_rows[0][:2] == ["update", 'variant["DEMO-GOBS-PEA"]']
    assert variant_rows[0][3] == "prices.retail: 22 → 22.5"


def test_changed_fields_only_and_groups_aggregated() -> None:
    changes = [price_update(f"S{n}", "10", str(10 + n)) for n in range(1, 5)]
    changes.append(change("variant", "N", Action.UPDATE, "differs", name=("a", "b")))
    plan = Plan(changes=tuple(changes), estimate=estimate_for(5))
    text = render_plan_markdown(plan)
    assert "- **4 variants to update**: retail price changed, median +25%, max +40%" in text
    assert "- **1 variant to update**: name changed" in text


def test_mixed_price_moves_show_their_range() -> None:
    changes = [price_update("UP", "10", "11"), price_update("DOWN", "10", "9.5")]
    plan = Plan(changes=tuple(changes), estimate=estimate_for(2))
    text = render_plan_markdown(plan)
    assert "retail price changed, median +2.5%, -5% to +10%" in text


def test_hostile_names_stay_inert() -> None:
    changes = (
        change("product", HOSTILE, Action.UPDATE, HOSTILE, description=(HOSTILE, "x")),
        archive("product", HOSTILE),
    )
    plan = Plan(changes=changes, estimate=estimate_for(2), warnings=(HOSTILE,))
    root, _ = markdown_tree(render_plan_markdown(plan))
    assert root.find_all("script") == []
    assert root.find_all("a") == []
    assert root.find_all("em") == [] and root.find_all("del") == []
    assert root.find_all("strong")[0].text() == "Warning:"
    rows = root.find_all("details")[0].find_all("tr")[1:]
    assert [len(cells(r)) for r in rows] == [4, 4]
    assert "<script>alert(1)</script>" in rows[0].text()
    assert "[link](http://x)" in rows[0].text()


def test_no_changes_is_short_and_still_marked() -> None:
    text = render_plan_markdown(Plan())
    assert text.startswith(MARKER + "\n")
    assert "**No changes.** The account matches the configuration." in text
    assert "<details" not in text
    assert len(text) < 1_000


def test_destructive_changes_open_with_a_caution_alert() -> None:
    text = render_plan_markdown(small_plan())
    rest = text.partition("#### Destructive changes\n\n")[2]
    assert rest.startswith("> [!CAUTION]\n> This plan has ")
    assert "archived" in rest.split("\n")[1]
    assert "[!CAUTION]" not in render_plan_markdown(small_plan(), price_change_percent=None
                                                    ).split("#### Changes by group")[1]
