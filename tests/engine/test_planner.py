"""From matched records to ordered changes: actions, reasons, order, archives, dependencies."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from reconciler.engine.plan import Action, Change, FieldChange
from reconciler.engine.planner import KindComparison, plan_changes
from reconciler.engine.records import Desired
from reconciler.kinds import KINDS
from tests.engine.helpers import (
    LATER,
    address,
    desired,
    kind_comparison,
    remote,
    sku_matched,
)


def plan(*comparisons: KindComparison) -> tuple[Change, ...]:
    return plan_changes(comparisons).changes


def only(changes: tuple[Change, ...]) -> Change:
    assert len(changes) == 1, changes
    return changes[0]


def variant_references(declared: Desired) -> Iterable[str]:
    """The addresses of the records a variant's fields name (price lists, its stock location)."""
    fields = {**declared.fields, **declared.create_only}
    found = [address("price_list", name[len("prices.") :]) for name in fields if "." in name]
    location = fields.get("initial_stock_location")
    return [*found, address("location", str(location))] if location else found


# --- actions ------------------------------------------------------------------------------------


def test_create_carries_every_field_from_none() -> None:
    declared = desired(
        "variant",
        "A-1",
        {"sku": "A-1", "prices.retail": "22"},
        create_only={"initial_stock_level": "100"},
        source="catalogue.yaml:3:7",
    )
    change = only(plan(kind_comparison("variant", [declared])))
    assert change.action is Action.CREATE
    assert change.address == 'variant["A-1"]'
    assert change.key == "A-1"
    assert change.kind == "variant"
    assert change.remote_id is None
    assert change.fingerprint is None
    assert change.source == "catalogue.yaml:3:7"
    assert change.reason == "not in the account"
    assert change.fields == {
        "sku": FieldChange(before=None, after="A-1"),
        "prices.retail": FieldChange(before=None, after="22"),
        "initial_stock_level": FieldChange(before=None, after="100"),
    }


def test_ignored_fields_are_still_sent_on_create() -> None:
    declared = desired(
        "variant", "A-1", {"sku": "A-1", "prices.wholesale": "12"}, ignore={"prices.wholesale"}
    )
    change = only(plan(kind_comparison("variant", [declared])))
    assert change.fields["prices.wholesale"] == FieldChange(before=None, after="12")


def test_update_holds_only_changed_fields_and_the_remote_identity() -> None:
    declared = desired("location", "Main", {"label": "Main", "city": "Singapore", "zip_code": "1"})
    record = remote(
        "location", 8, "Main", {"label": "Main", "city": "KL", "zip_code": "1"}, fingerprint=LATER
    )
    change = only(plan(kind_comparison("location", [declared], [record])))
    assert change.action is Action.UPDATE
    assert change.fields == {"city": FieldChange(before="KL", after="Singapore")}
    assert change.remote_id == 8
    assert change.fingerprint == LATER
    assert change.reason == "differs from the configuration"


def test_create_only_fields_never_update() -> None:
    declared = desired("variant", "A-1", {"sku": "A-1"}, create_only={"initial_stock_level": "5"})
    record = remote("variant", 1, "A-1", {"sku": "A-1"})
    assert plan(kind_comparison("variant", [declared], [record])) == ()


def test_equal_records_make_no_change() -> None:
    declared = desired("location", "Main", {"label": "Main", "city": "Singapore"})
    record = remote("location", 8, "Main", {"label": "Main", "city": "Singapore", "state": "x"})
    assert plan(kind_comparison("location", [declared], [record])) == ()


def test_an_ignored_difference_makes_no_change() -> None:
    declared = desired("location", "Main", {"label": "Main", "city": "X"}, ignore={"city"})
    record = remote("location", 8, "Main", {"label": "Main", "city": "Singapore"})
    assert plan(kind_comparison("location", [declared], [record])) == ()


def test_a_rename_is_an_update_of_the_key_with_its_reason() -> None:
    declared = desired("product", "New", {"name": "New"}, renamed_from="Old")
    record = remote("product", 1, "Old", {"name": "Old"})
    change = only(plan(kind_comparison("product", [declared], [record])))
    assert change.action is Action.UPDATE
    assert change.fields == {"name": FieldChange(before="Old", after="New")}
    assert change.reason == "renamed from 'Old'"
    assert change.address == 'product["New"]'


def test_a_product_matched_through_skus_says_so() -> None:
    declared = desired("product", "New")
    change = only(plan(sku_matched(declared, remote("product", 1, "Old"), "G-1")))
    assert change.action is Action.UPDATE
    assert "SKU" in change.reason
    assert "'Old'" in change.reason


def test_an_archived_match_is_restored() -> None:
    declared = desired("payment_term", "NET30", {"name": "NET30", "due_in_days": 30})
    record = remote(
        "payment_term", 5, "NET30", {"name": "NET30", "due_in_days": 14}, status="archived"
    )
    change = only(plan(kind_comparison("payment_term", [declared], [record], archive=True)))
    assert change.action is Action.RESTORE
    assert change.remote_id == 5
    assert change.fields == {
        "due_in_days": FieldChange(before=14, after=30),
        "status": FieldChange(before="archived", after="active"),
    }


def test_an_archived_equal_record_is_still_restored() -> None:
    declared = desired("payment_term", "NET30", {"name": "NET30"})
    record = remote("payment_term", 5, "NET30", {"name": "NET30"}, status="archived")
    change = only(plan(kind_comparison("payment_term", [declared], [record])))
    assert change.action is Action.RESTORE
    assert change.fields == {"status": FieldChange(before="archived", after="active")}


def test_a_disabled_product_is_restored_as_disabled() -> None:
    declared = desired("product", "P", {"name": "P", "status": "disabled"})
    record = remote("product", 1, "P", {"name": "P", "status": "archived"}, status="archived")
    change = only(plan(kind_comparison("product", [declared], [record])))
    assert change.action is Action.RESTORE
    assert change.fields["status"] == FieldChange(before="archived", after="disabled")


# --- archives -----------------------------------------------------------------------------------


def test_undeclared_records_are_archived_only_when_the_kind_is_in_archive_missing() -> None:
    records = [remote("payment_term", 5, "NET30"), remote("payment_term", 6, "NET10")]
    declared = [desired("payment_term", "NET30")]
    assert plan(kind_comparison("payment_term", declared, records)) == ()
    change = only(plan(kind_comparison("payment_term", declared, records, archive=True)))
    assert change.action is Action.ARCHIVE
    assert change.address == 'payment_term["NET10"]'
    assert change.remote_id == 6
    assert change.fingerprint is not None
    assert change.fields == {}
    assert "archive_missing" in change.reason


def test_builtin_records_are_never_archived() -> None:
    records = [
        remote("price_list", "retail", "retail", builtin=True),
        remote("price_list", "buy", "buy", builtin=True),
        remote("price_list", 7, "VIP"),
    ]
    change = only(plan(kind_comparison("price_list", [], records, archive=True)))
    assert change.address == 'price_list["vip"]'


def test_protected_records_are_never_archived() -> None:
    records = [remote("location", 1, "Annex"), remote("location", 2, "Depot")]
    comparison = kind_comparison("location", [], records, archive=True, protected={"Annex"})
    assert only(plan(comparison)).address == 'location["Depot"]'


def test_keyless_records_are_never_archived() -> None:
    records = [remote("variant", 1, None), remote("variant", 2, "B-1")]
    change = only(plan(kind_comparison("variant", [], records, archive=True)))
    assert change.key == "B-1"


def test_an_archive_names_its_parent_and_its_label() -> None:
    records = [
        remote("variant", 1, "A-1", {"sku": "A-1", "name": "Peach"}, parent_id=10),
        remote("variant", 2, "B-1", {"sku": "B-1", "name": None}, parent_id=20),
        remote("variant", 3, "C-1", {"sku": "C-1", "name": "Lime"}),
    ]
    products = {10: "Everlasting Gobstopper"}
    comparison = replace(
        kind_comparison("variant", [], records, archive=True),
        parent_key=lambda r: products.get(r.parent_id) if isinstance(r.parent_id, int) else None,
    )
    named = {c.key: (c.parent, c.name) for c in plan(comparison)}
    assert named == {
        "A-1": ('product["Everlasting Gobstopper"]', "Peach"),
        "B-1": (None, None),
        "C-1": (None, "Lime"),
    }
    location = only(plan(kind_comparison("location", [], [remote("location", 1, "Annex")],
                                         archive=True)))  # fmt: skip
    assert (location.parent, location.name) == (None, None)


def test_already_archived_records_are_not_archived_again() -> None:
    records = [remote("location", 1, "Annex", status="archived")]
    assert plan(kind_comparison("location", [], records, archive=True)) == ()


def test_records_the_kind_does_not_allow_are_not_archived() -> None:
    records = [remote("variant", 1, "A-1", parent_id=10), remote("variant", 2, "B-1", parent_id=20)]
    comparison = kind_comparison(
        "variant", [], records, archive=True, archivable=lambda r: r.parent_id == 10
    )
    assert only(plan(comparison)).key == "A-1"


def test_an_incomplete_read_archives_nothing_and_warns() -> None:
    records = [remote("variant", 1, "A-1"), remote("variant", 2, "B-1")]
    draft = plan_changes(
        [
            kind_comparison(
                "variant",
                [desired("variant", "C-1")],
                records,
                archive=True,
                complete=False,
            )
        ]
    )
    assert [c.action for c in draft.changes] == [Action.CREATE]
    (warning,) = draft.warnings
    assert "not archiving 2 variants" in warning
    assert "incomplete" in warning


def test_an_incomplete_read_with_nothing_to_archive_does_not_warn() -> None:
    draft = plan_changes(
        [kind_comparison("variant", [], [remote("variant", 1, None)], archive=True, complete=False)]
    )
    assert draft.changes == ()
    assert draft.warnings == ()


# --- order --------------------------------------------------------------------------------------


def every_kind(*, archive: bool) -> list[KindComparison]:
    """One create, one update and one archive of every kind, comparisons in registry order."""
    comparisons = []
    for kind_spec in KINDS:
        kind = kind_spec.name
        field = kind_spec.key_field
        declared = [
            desired(kind, "new-" + kind, {field: "new-" + kind}),
            desired(kind, "kept-" + kind, {field: "kept-" + kind, "name": "after"}),
        ]
        records = [
            remote(kind, 100, "kept-" + kind, {field: "kept-" + kind, "name": "before"}),
            remote(kind, 101, "gone-" + kind),
        ]
        comparisons.append(kind_comparison(kind, declared, records, archive=archive))
    return comparisons


def test_creates_and_updates_in_kind_order_then_archives_in_reverse() -> None:
    changes = plan(*every_kind(archive=True))
    names = [spec.name for spec in KINDS]
    expected = [
        *[(kind, action) for kind in names for action in (Action.CREATE, Action.UPDATE)],
        *[(kind, Action.ARCHIVE) for kind in reversed(names)],
    ]
    assert [(c.kind, c.action) for c in changes] == expected


def test_declaration_order_is_kept_within_a_kind() -> None:
    declared = [desired("location", key) for key in ("Zeta", "Alpha", "Mid")]
    changes = plan(kind_comparison("location", declared))
    assert [c.key for c in changes] == ["Zeta", "Alpha", "Mid"]


# --- dependencies -------------------------------------------------------------------------------


def test_a_new_variant_of_a_new_product_depends_on_it() -> None:
    product = kind_comparison("product", [desired("product", "Gobstopper")])
    variant = kind_comparison(
        "variant", [desired("variant", "G-1", parent="Gobstopper")], references=variant_references
    )
    product_change, variant_change = plan(product, variant)
    assert product_change.action is variant_change.action is Action.CREATE
    assert variant_change.parent == 'product["Gobstopper"]'
    assert variant_change.depends_on == ('product["Gobstopper"]',)
    assert product_change.depends_on == ()


def test_a_new_variant_of_an_existing_product_has_a_parent_but_no_dependency() -> None:
    product = kind_comparison(
        "product", [desired("product", "Gobstopper")], [remote("product", 1, "Gobstopper")]
    )
    variant = kind_comparison("variant", [desired("variant", "G-1", parent="Gobstopper")])
    change = only(plan(product, variant))
    assert change.parent == 'product["Gobstopper"]'
    assert change.depends_on == ()


def test_a_variant_of_a_restored_product_depends_on_the_restore() -> None:
    product = kind_comparison(
        "product",
        [desired("product", "Gobstopper")],
        [remote("product", 1, "Gobstopper", status="archived")],
    )
    variant = kind_comparison("variant", [desired("variant", "G-1", parent="Gobstopper")])
    restore, create = plan(product, variant)
    assert restore.action is Action.RESTORE
    assert create.depends_on == ('product["Gobstopper"]',)


def test_a_variant_priced_on_a_new_price_list_depends_on_it() -> None:
    price_lists = kind_comparison(
        "price_list",
        [desired("price_list", "VIP"), desired("price_list", "Staff")],
        [remote("price_list", 8, "Staff")],
    )
    product = kind_comparison("product", [desired("product", "P")], [remote("product", 1, "P")])
    declared = desired(
        "variant",
        "G-1",
        {"sku": "G-1", "prices.retail": "2", "prices.vip": "1", "prices.staff": "1"},
        parent="P",
    )
    record = remote("variant", 10, "G-1", {"sku": "G-1"}, parent_id=1)
    variants = kind_comparison("variant", [declared], [record], references=variant_references)
    created_list, updated_variant = plan(price_lists, product, variants)
    assert created_list.address == 'price_list["vip"]'
    assert updated_variant.action is Action.UPDATE
    assert updated_variant.depends_on == ('price_list["vip"]',)


def test_a_new_variant_stocked_in_a_new_location_depends_on_it() -> None:
    locations = kind_comparison("location", [desired("location", "Depot")])
    declared = desired(
        "variant", "G-1", create_only={"initial_stock_location": "Depot"}, parent="P"
    )
    products = kind_comparison("product", [desired("product", "P")])
    variants = kind_comparison("variant", [declared], references=variant_references)
    changes = plan(locations, products, variants)
    assert changes[-1].depends_on == ('location["Depot"]', 'product["P"]')
