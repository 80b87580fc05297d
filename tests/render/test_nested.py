"""Structured values (a tax type's components) are shown leaf by leaf in the text plan."""

from __future__ import annotations

from reconciler.engine.plan import Action, Change, FieldChange, Plan
from reconciler.render import render_plan_text
from reconciler.render._nested import is_structured, nested_changes

BEFORE = [{"label": "National", "rate": "10", "compound": False}]
AFTER = [
    {"label": "National", "rate": "12", "compound": False},
    {"label": "Levy", "rate": "0.5", "compound": False},
]


def test_leaf_paths_name_the_element_and_key() -> None:
    changes = nested_changes("components", BEFORE, AFTER)
    assert changes == [
        ("components[0].rate", "10", "12"),
        ("components[1]", None, {"label": "Levy", "rate": "0.5", "compound": False}),
    ]


def test_plain_lists_are_not_structured() -> None:
    assert not is_structured(["candy"], ["candy", "summer"])
    assert is_structured(BEFORE, AFTER)


def test_text_plan_shows_component_changes_not_the_whole_list() -> None:
    change = Change(
        address='tax_type["VAT"]',
        kind="tax_type",
        key="VAT",
        action=Action.UPDATE,
        reason="differs from the configuration",
        fields={"components": FieldChange(before=BEFORE, after=AFTER)},
    )
    text = render_plan_text(Plan(changes=(change,)), color=False)
    assert 'components[0].rate: "10" → "12"' in text
    assert "components[1]: (not set) →" in text
