from __future__ import annotations

from reconciler.engine.plan import Action, Plan
from reconciler.render.markdown import MARKER, render_plan_markdown

from .html_tree import Node, markdown_tree
from .plans import HOSTILE, archive, change, estimate_for, price_update, small_plan


def cells(row: Node) -> list[str]:
    return [c.text() for c in row.children if isinstance(c, Node) and c.tag in ("td", "th")]


def section(root: Node, heading: str) -> list[Node]:
    """The elements after the ``<h4>`` that starts with ``heading``, up to the next one."""
    nodes = [c for c in root.children if isinstance(c, Node)]
    start = next(i for i, n in enumerate(nodes) if n.tag == "h4" and n.text().startswith(heading))
    rest = nodes[start + 1 :]
    end = next((i for i, n in enumerate(rest) if n.tag == "h4"), len(rest))
    return rest[:end]


def rows(nodes: list[Node]) -> list[list[str]]:
    return [cells(r) for n in nodes for r in n.find_all("tr")]


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
    assert root.child_tags().index("table") < root.child_tags().index("h4")


def test_sections_come_destructive_first_then_by_priority() -> None:
    root, _ = markdown_tree(render_plan_markdown(small_plan()))
    assert [h.text() for h in root.find_all("h4")] == [
        "To archive (2)", "To restore (1)", "To create (2)", "Price changes over 50% (1)",
        "To update (5)",
    ]  # fmt: skip


def test_archives_name_product_and_variant_in_product_then_variant_order() -> None:
    changes = (
        archive("variant", "BAR-DARK", "Wonka Bar", "Dark"),
        archive("variant", "EGG-S", "Golden Egg", "Small"),
        archive("variant", "EGG-L", "Golden Egg", "Large"),
        archive("variant", "GOBS-SNO", "Everlasting Gobstopper", "Snozzberry"),
        archive("product", "Fizzy Lifting Drink"),
    )
    root, _ = markdown_tree(render_plan_markdown(Plan(changes=changes)))
    items = [li.text() for li in root.find_all("li")]
    assert items == [
        "Fizzy Lifting Drink",
        "Everlasting Gobstopper › Snozzberry GOBS-SNO",
        "Golden Egg › Large EGG-L",
        "Golden Egg › Small EGG-S",
        "Wonka Bar › Dark BAR-DARK",
    ]
    headings = [p.text() for p in section(root, "To archive") if p.tag == "p"]
    assert headings == [
        "1 product: not declared; archive_missing includes products",
        "4 variants: not declared; archive_missing includes variants",
    ]


def test_destructive_changes_open_with_a_caution_alert() -> None:
    text = render_plan_markdown(small_plan())
    rest = text.partition("#### To archive (2)\n\n")[2]
    assert rest.startswith("> [!CAUTION]\n> This plan archives 2 records: review the list below.")
    without = render_plan_markdown(Plan(changes=small_plan().changes[:-2]))
    assert "[!CAUTION]" not in without and "To archive" not in without


def test_price_threshold_outliers_are_listed_and_the_threshold_configurable() -> None:
    plan = small_plan()
    root, _ = markdown_tree(render_plan_markdown(plan))
    outliers = rows(section(root, "Price changes over 50%"))
    assert outliers[1:] == [['variant["DEMO-GOBS-APL"]', "retail", "10", "30", "+200%"]]
    strict = render_plan_markdown(plan, price_change_percent=1)
    assert "#### Price changes over 1% (3)" in strict
    assert "> 3 prices move by more than 1%" in strict
    off = render_plan_markdown(plan, price_change_percent=None)
    assert "Price changes over" not in off and "DEMO-GOBS-APL" in off


def test_every_change_has_one_row_or_line() -> None:
    root, _ = markdown_tree(render_plan_markdown(small_plan()))
    named = [r[0] for h in ("To restore", "To create", "Price", "To update")
             for r in rows(section(root, h))[1:]]  # fmt: skip
    assert len(named) == 8 == len(set(named))
    assert [li.text() for li in section(root, "To archive")[-1].find_all("li")] == [
        "Everlasting Gobstopper › Cherry DEMO-OLD-2",
        "Everlasting Gobstopper › Lemon DEMO-OLD-1",
    ]


def test_no_row_restates_its_action() -> None:
    root, _ = markdown_tree(render_plan_markdown(small_plan()))
    for heading in ("To restore", "To create", "To update"):
        header = rows(section(root, heading))[0]
        assert header[0] == "Address" and "Why" not in header and "Action" not in header
    assert "differs from the configuration" not in root.text()
    assert "not in the account" not in root.text()


def test_a_reason_that_says_why_gets_its_column() -> None:
    changes = (
        change("product", "Gobstopper", Action.UPDATE, "renamed from 'Gob'", name=("Gob", "G")),
        change("product", "Wonka Bar", Action.UPDATE, "updated", tags=([], ["x"])),
        change("product", "Egg", Action.UPDATE, "differs from the configuration",
               tags=([], ["y"])),
    )  # fmt: skip
    root, _ = markdown_tree(render_plan_markdown(Plan(changes=changes)))
    table = rows(section(root, "To update"))
    assert table[0] == ["Address", "Why", "Changes"]
    assert [r[1] for r in table[1:]] == ["renamed from 'Gob'", "", ""]


def test_uniform_groups_are_one_line_and_others_show_their_spread() -> None:
    changes = [price_update(f"S{n}", "10", str(10 + n)) for n in range(1, 6)]
    changes += [price_update(f"U{n}", "20", "21") for n in range(5)]
    changes.append(change("variant", "N", Action.UPDATE, "", name=("a", "b")))
    text = render_plan_markdown(Plan(changes=tuple(changes), estimate=estimate_for(8)))
    assert "- **5 variants**: retail price changed, median +30%, max +50%" in text
    assert "- **5 variants**: retail price +5% (`U0`, `U1`, `U2`, `U3`, `U4`)" in text
    root, _ = markdown_tree(text)
    listed = [r[0] for r in rows(section(root, "To update"))[1:]]
    assert listed == [f'variant["S{n}"]' for n in range(1, 6)] + ['variant["N"]']


def test_mixed_price_moves_show_their_range() -> None:
    changes = [price_update(f"UP{n}", "10", f"{11 + n}") for n in range(3)]
    changes += [price_update(f"DOWN{n}", "10", f"9.{5 - n}") for n in range(2)]
    text = render_plan_markdown(Plan(changes=tuple(changes), estimate=estimate_for(5)))
    assert "- **5 variants**: retail price changed, median +10%, -6% to +30%" in text
    few = render_plan_markdown(Plan(changes=tuple(changes[1:]), estimate=estimate_for(4)))
    assert "- **" not in few and few.count('| `variant["') == 4


def test_hostile_names_stay_inert() -> None:
    changes = (
        change("product", HOSTILE, Action.UPDATE, HOSTILE, description=(HOSTILE, "x")),
        archive("variant", HOSTILE, HOSTILE, HOSTILE),
    )
    plan = Plan(changes=changes, estimate=estimate_for(2), warnings=(HOSTILE,))
    root, _ = markdown_tree(render_plan_markdown(plan))
    assert root.find_all("script") == []
    assert root.find_all("a") == []
    assert root.find_all("em") == [] and root.find_all("del") == []
    assert [s.text() for s in root.find_all("strong")][:2] == ["Warning:", "1 variant"]
    (row,) = rows(section(root, "To update"))[1:]
    assert len(row) == 3
    assert "<script>alert(1)</script>" in row[1] and "[link](http://x)" in row[1]
    assert "<script>alert(1)</script>" in row[2]
    (item,) = root.find_all("li")
    assert item.text().count("<script>alert(1)</script>") == 3


def test_no_changes_is_short_and_still_marked() -> None:
    text = render_plan_markdown(Plan())
    assert text.startswith(MARKER + "\n")
    assert "**No changes.** The account matches the configuration." in text
    assert "####" not in text
    assert len(text) < 1_000
