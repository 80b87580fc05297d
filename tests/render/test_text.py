from __future__ import annotations

import re

from reconciler.engine.plan import Action, Estimate, Plan
from reconciler.render._format import kind_plural
from reconciler.render.text import NO_CHANGES, render_plan_text

from .plans import archive, change, large_plan, price_update, small_plan

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_symbols_addresses_and_reasons() -> None:
    text = render_plan_text(small_plan(), color=False)
    assert '  + location["Main Warehouse"]  # not in the account' in text
    assert '  ~ payment_term["NET30"]  # differs from the configuration' in text
    assert '  ↺ product["Fizzy Lifting Drink"]  # archived in the account' in text
    assert '  - variant["DEMO-OLD-1"]  # not declared; archive_missing includes variants' in text


def test_update_shows_changed_fields_as_before_after() -> None:
    text = render_plan_text(small_plan(), color=False)
    assert "      prices.retail: 22 → 22.5\n" in text
    assert "      due_in_days: 14 → 30\n" in text
    assert '      status: "archived" → "active"\n' in text
    assert '      tags:        ["candy"] → ["candy", "summer"]\n' in text


def test_create_shows_fields_as_assignments() -> None:
    text = render_plan_text(small_plan(), color=False)
    assert '      label       = "Main Warehouse"\n      city        = "Singapore"\n' in text
    assert "      holds_stock = true\n" in text


def test_only_the_fields_in_the_change_appear() -> None:
    plan = Plan(changes=(price_update("A", "1", "2"),))
    lines = render_plan_text(plan, color=False).splitlines()
    start = lines.index('  ~ variant["A"]  # differs from the configuration')
    assert lines[start + 1 : start + 3] == ["      prices.retail: 1 → 2", ""]


def test_changes_follow_plan_order_with_a_blank_line_between_kinds() -> None:
    lines = render_plan_text(small_plan(), color=False).splitlines()
    heads = [line.split()[1] for line in lines if line[2:3] in "+~-↺" and line.startswith("  ")]
    assert [h.split("[")[0] for h in heads] == [
        "location", "payment_term", "price_list", "product", "product",
        "variant", "variant", "variant", "variant", "variant",
    ]  # fmt: skip
    archive_index = lines.index(
        '  - variant["DEMO-OLD-1"]  # not declared; archive_missing includes variants'
    )
    assert lines[archive_index - 1].startswith("      name:")


def test_summary_and_estimate_lines() -> None:
    lines = render_plan_text(small_plan(), color=False).splitlines()
    assert lines[-2] == "Plan: 2 to create, 5 to update, 2 to archive, 1 to restore."
    assert lines[-1] == (
        "Apply will take 16 API requests (about 1 s at 300 requests per 300 s, 80% share)."
    )


def test_estimate_past_one_window_counts_windows() -> None:
    plan = Plan(
        changes=(archive("variant", "X"),),
        estimate=Estimate(requests=1200, seconds=1500, api_share=0.8),
    )
    last = render_plan_text(plan, color=False).splitlines()[-1]
    assert last == (
        "Apply will take 1,200 API requests "
        "(about 25 min, 5 rate-limit windows at 300 requests per 300 s, 80% share)."
    )


def test_no_changes() -> None:
    assert render_plan_text(Plan(), color=False) == NO_CHANGES + "\n"
    assert NO_CHANGES == "No changes. The account matches the configuration."


def test_warnings_come_first() -> None:
    plan = Plan(changes=(archive("variant", "X"),), warnings=("variants fetch was partial",))
    assert render_plan_text(plan, color=False).startswith("Warning: variants fetch was partial\n")


def test_long_values_are_truncated_with_their_length() -> None:
    long = "word " * 100
    plan = Plan(changes=(change("product", "P", Action.UPDATE, "", description=("short", long)),))
    line = next(x for x in render_plan_text(plan, color=False).splitlines() if "description" in x)
    assert line.endswith('…" (500 chars)')
    assert len(line) < 120


def test_control_characters_cannot_reach_the_terminal() -> None:
    plan = Plan(changes=(archive("product", "evil\x1b[2Jname"),))
    text = render_plan_text(plan, color=False)
    assert "\x1b" not in text
    assert 'product["evil\\x1b[2Jname"]' in text


def test_colour_only_when_asked() -> None:
    plain = render_plan_text(small_plan(), color=False)
    coloured = render_plan_text(small_plan(), color=True)
    assert not ANSI.search(plain)
    assert "\x1b[32m" in coloured  # green create
    assert "\x1b[33m" in coloured  # yellow update
    assert "\x1b[31m" in coloured  # red archive
    assert "\x1b[36m" in coloured  # cyan restore
    assert ANSI.sub("", coloured) == plain


def test_ten_thousand_changes_are_all_rendered() -> None:
    plan = large_plan()
    text = render_plan_text(plan, color=False)
    assert text.count("\n  ~ ") == 10_000


def test_kind_names_come_from_the_registry_or_plain_english() -> None:
    assert kind_plural("price_list") == "price lists"
    assert kind_plural("tax_type") == "tax types"
    assert kind_plural("warehouse_bay") == "warehouse bays"
    assert kind_plural("supply") == "supplies" and kind_plural("box") == "boxes"


def test_an_estimate_of_no_requests_takes_no_time() -> None:
    plan = Plan(changes=(archive("variant", "X"),))
    assert render_plan_text(plan, color=False).splitlines()[-1] == (
        "Apply will take 0 API requests (0 s at 300 requests per 300 s)."
    )


def test_an_archived_variant_is_named_with_its_product() -> None:
    plan = Plan(
        changes=(
            archive("variant", "DEMO-GOBS-SNO", parent="Everlasting Gobstopper", name="Snoz\x1b"),
            archive("location", "Annex"),
        ),
        estimate=Estimate(requests=2, seconds=2.5, api_share=0.8),
    )
    lines = render_plan_text(plan, color=False).splitlines()
    head = '  - variant["DEMO-GOBS-SNO"]  # not declared; archive_missing includes variants'
    at = lines.index(head)
    assert lines[at + 1].strip() == "named 'Snoz\\x1b' in product[\"Everlasting Gobstopper\"]"
    assert not any(line.strip().startswith("named") for line in lines[at + 2:])
