"""``state.compare`` on raw API records: both sides normalised, matched kind by kind.

The raw state is what the fetch hands over (plain dicts in the API's shapes), so the whole
comparison and plan run here without a client.
"""

from __future__ import annotations

from typing import Any

import pytest

from reconciler.engine.plan import Action, Change
from reconciler.engine.planner import plan_changes
from reconciler.engine.records import Desired
from reconciler.engine.scope import kinds_in_scope, kinds_touched
from reconciler.engine.state import Comparison, compare, declared_records, fingerprint
from reconciler.kinds import KINDS
from tests.engine.helpers import (
    PRIMARY_LOCATION_ID,
    STAMP,
    USD_ID,
    api_builtin_price_lists,
    api_location,
    api_payment_term,
    api_peach,
    api_price_list,
    api_product,
    api_tax_component,
    api_tax_type,
    api_variant,
    catalogue,
    raw_state,
    source_of,
)

PEACH: dict[str, Any] = {
    "sku": "DEMO-GOBS-PEA",
    "name": "Peach",
    "opt1": "Peach",
    "prices": {"retail": 22.0, "wholesale": 12.0, "buy": 4.5, "VIP": 20},
    "taxable": True,
    "weight": 0.2,
    "weight_unit": "kg",
    "initial_stock_level": 100,
    "initial_stock_location": "Main Warehouse",
    "lifecycle": {"ignore_fields": ["prices.Wholesale"], "protect": True},
}

DEMO: dict[str, Any] = {
    "locations": [
        {
            "label": "Main Warehouse",
            "address1": "887 Orchard Road",
            "city": "Singapore",
            "country": "sg",
            "holds_stock": True,
        }
    ],
    "payment_terms": [{"name": "NET30", "due_in_days": 30, "from": "now"}],
    "tax_types": [
        {
            "code": "GST",
            "name": "Goods and Services Tax",
            "components": [{"label": "GST", "rate": 9.0}],
        }
    ],
    "price_lists": [{"code": "VIP", "name": "VIP", "currency": "SGD", "is_cost": False}],
    "products": [
        {
            "name": "Everlasting Gobstopper",
            "product_type": "Candy",
            "brand": "Wonka",
            "tags": ["candy", "summer"],
            "status": "active",
            "opt1": "Flavour",
            "variants": [PEACH],
        }
    ],
}


PEACH_PRICES = [
    {"price_list_id": "retail", "value": "22.0"},
    {"price_list_id": "7", "value": "20.0"},
]


def peach_api(**overrides: Any) -> dict[str, Any]:
    return api_peach(PEACH_PRICES) | overrides


def demo_kinds() -> dict[str, list[dict[str, Any]]]:
    """The account the DEMO catalogue describes, as the API returns it."""
    return {
        "location": [api_location(PRIMARY_LOCATION_ID, "Main Warehouse")],
        "payment_term": [api_payment_term(77, "NET30", due_in_days="30")],
        "tax_type": [api_tax_type(2813, "GST")],
        "price_list": [*api_builtin_price_lists(), api_price_list(7, "VIP")],
        "product": [
            api_product(
                104,
                "Everlasting Gobstopper",
                product_type="Candy",
                brand="Wonka",
                tags="summer,candy",
                opt1="Flavour",
            )
        ],
        "variant": [peach_api()],
    }


DEMO_COMPONENTS = {"tax_type": {"tax_components": [api_tax_component(1, 2813, 0, "GST", "9.0")]}}


def run(
    config: dict[str, Any],
    kinds: dict[str, list[dict[str, Any]]],
    *,
    archive: tuple[str, ...] = (),
    incomplete: tuple[str, ...] = (),
) -> Comparison:
    declared = declared_records(catalogue(**config), source_of)
    scope = kinds_in_scope(declared, archive)
    raw = raw_state(kinds, incomplete=incomplete, companions=DEMO_COMPONENTS)
    return compare(declared, raw, scope, archive, source_of)


def changes_of(comparison: Comparison) -> tuple[Change, ...]:
    assert comparison.problems == ()
    return plan_changes(comparison.comparisons).changes


def by_address(changes: tuple[Change, ...]) -> dict[str, Change]:
    return {change.address: change for change in changes}


# --- the declared side --------------------------------------------------------------------------


def test_declared_records_split_fields_lifecycle_and_parent() -> None:
    declared = declared_records(catalogue(**DEMO), source_of)
    (variant,) = declared["variant"]
    assert variant.key == "DEMO-GOBS-PEA"
    assert variant.parent == "Everlasting Gobstopper"
    assert variant.protect is True
    assert variant.ignore == frozenset({"prices.wholesale"})
    assert variant.create_only == {
        "initial_stock_level": "100",
        "initial_stock_location": "Main Warehouse",
    }
    assert "initial_stock_level" not in variant.fields
    assert variant.fields["prices.vip"] == "20"
    assert variant.source == "catalogue.yaml:products/0/variants/0"
    (price_list,) = declared["price_list"]
    assert price_list.nkey == "vip"
    assert price_list.source == "catalogue.yaml:price_lists/0"


def test_every_kind_is_declared_even_when_empty() -> None:
    declared = declared_records(catalogue(), source_of)
    assert set(declared) == {spec.name for spec in KINDS}
    assert all(records == [] for records in declared.values())


def test_kinds_in_scope_pull_in_what_variants_need() -> None:
    declared = declared_records(
        catalogue(products=[{"name": "P", "variants": [{"sku": "A"}]}]), source_of
    )
    names = [spec.name for spec in kinds_in_scope(declared, ())]
    assert names == ["currency", "location", "price_list", "product", "variant"]


def test_kinds_in_scope_include_archived_sections() -> None:
    declared = declared_records(catalogue(), source_of)
    assert [spec.name for spec in kinds_in_scope(declared, ("payment_terms",))] == ["payment_term"]


# --- no perpetual diff --------------------------------------------------------------------------


def test_an_account_equal_to_the_configuration_plans_no_changes() -> None:
    comparison = run(DEMO, demo_kinds(), archive=("variants", "price_lists", "locations"))
    assert changes_of(comparison) == ()
    assert plan_changes(comparison.comparisons).warnings == ()


def test_one_changed_price_is_one_update() -> None:
    kinds = demo_kinds()
    kinds["variant"] = [peach_api(retail_price="21.0")]
    (change,) = changes_of(run(DEMO, kinds))
    assert change.address == 'variant["DEMO-GOBS-PEA"]'
    assert change.action is Action.UPDATE
    assert change.remote_id == 457
    assert {name: (f.before, f.after) for name, f in change.fields.items()} == {
        "prices.retail": ("21", "22")
    }


def test_an_empty_account_creates_everything_in_order() -> None:
    kinds = {"location": [], "price_list": api_builtin_price_lists(), "product": [], "variant": []}
    changes = changes_of(run(DEMO, kinds))
    assert [(c.kind, c.action) for c in changes] == [
        ("location", Action.CREATE),
        ("payment_term", Action.CREATE),
        ("tax_type", Action.CREATE),
        ("price_list", Action.CREATE),
        ("product", Action.CREATE),
        ("variant", Action.CREATE),
    ]
    variant = changes[-1]
    assert variant.parent == 'product["Everlasting Gobstopper"]'
    assert set(variant.depends_on) == {
        'product["Everlasting Gobstopper"]',
        'price_list["vip"]',
        'location["Main Warehouse"]',
    }
    assert variant.fields["prices.wholesale"].after == "12"


def test_tax_components_are_compared_from_the_companion_records() -> None:
    config = {"tax_types": [{"code": "GST", "components": [{"label": "GST", "rate": 8}]}]}
    (change,) = changes_of(run(config, demo_kinds()))
    assert change.address == 'tax_type["GST"]'
    assert change.fields["components"].before == [{"label": "GST", "rate": "9", "compound": False}]
    assert change.fields["components"].after == [{"label": "GST", "rate": "8", "compound": False}]


# --- matching through the account ---------------------------------------------------------------


def test_a_product_renamed_in_yaml_is_matched_through_its_skus() -> None:
    config = {"products": [{"name": "Gobstopper Deluxe", "variants": [{"sku": "DEMO-GOBS-PEA"}]}]}
    (change,) = changes_of(run(config, demo_kinds()))
    assert change.address == 'product["Gobstopper Deluxe"]'
    assert change.action is Action.UPDATE
    assert change.remote_id == 104
    assert change.fields["name"].before == "Everlasting Gobstopper"


def test_products_are_not_matched_through_archived_variants() -> None:
    kinds = demo_kinds()
    kinds["variant"] = [peach_api(status="archived")]
    config = {"products": [{"name": "Gobstopper Deluxe", "variants": [{"sku": "DEMO-GOBS-PEA"}]}]}
    comparison = run(config, kinds)
    products = next(c for c in comparison.comparisons if c.spec.name == "product")
    assert products.matching.matches[0].remote is None
    # The archived variant would be restored under another product, which the API cannot do.
    (problem,) = comparison.problems
    assert "cannot move" in problem


def test_a_variant_under_another_remote_product_is_a_problem() -> None:
    kinds = demo_kinds()
    kinds["product"].append(api_product(105, "Jawbreaker"))
    config = {
        "products": [
            {"name": "Everlasting Gobstopper", "variants": [{"sku": "G-2"}]},
            {"name": "Jawbreaker", "variants": [{"sku": "DEMO-GOBS-PEA"}]},
        ]
    }
    comparison = run(config, kinds)
    (problem,) = comparison.problems
    assert problem.startswith("catalogue.yaml:products/1/variants/0: ")
    assert 'variant["DEMO-GOBS-PEA"]' in problem
    assert 'product["Jawbreaker"]' in problem
    assert "'Everlasting Gobstopper' (id 104)" in problem
    assert "cannot move" in problem


def test_a_variant_declared_under_a_new_product_but_living_elsewhere_is_a_problem() -> None:
    config = {
        "products": [
            {"name": "Everlasting Gobstopper", "variants": [{"sku": "G-2"}]},
            {"name": "Brand New", "variants": [{"sku": "DEMO-GOBS-PEA"}, {"sku": "N-1"}]},
        ]
    }
    comparison = run(config, demo_kinds())
    assert len(comparison.problems) >= 1
    assert any(
        'variant["DEMO-GOBS-PEA"]' in problem and "cannot move" in problem
        for problem in comparison.problems
    )


def test_an_ambiguous_sku_in_the_account_is_a_problem_naming_both_ids() -> None:
    kinds = demo_kinds()
    kinds["variant"].append(peach_api(id=458))
    comparison = run(DEMO, kinds)
    assert any(
        'variant["DEMO-GOBS-PEA"]' in problem and "457" in problem and "458" in problem
        for problem in comparison.problems
    )


def test_a_renamed_price_list_keeps_its_prices() -> None:
    config = {
        "price_lists": [{"code": "GOLD", "renamed_from": "vip", "currency": "SGD"}],
        "products": [
            {
                "name": "Everlasting Gobstopper",
                "variants": [{"sku": "DEMO-GOBS-PEA", "prices": {"Gold": "20.00"}}],
            }
        ],
    }
    (change,) = changes_of(run(config, demo_kinds()))
    assert change.address == 'price_list["gold"]'
    assert change.action is Action.UPDATE
    assert {n: (f.before, f.after) for n, f in change.fields.items()} == {"code": ("VIP", "GOLD")}


def test_a_renamed_price_list_price_change_is_read_under_the_new_code() -> None:
    config = {
        "price_lists": [{"code": "GOLD", "renamed_from": "VIP"}],
        "products": [
            {
                "name": "Everlasting Gobstopper",
                "variants": [{"sku": "DEMO-GOBS-PEA", "prices": {"GOLD": 25}}],
            }
        ],
    }
    changes = by_address(changes_of(run(config, demo_kinds())))
    variant = changes['variant["DEMO-GOBS-PEA"]']
    assert {n: (f.before, f.after) for n, f in variant.fields.items()} == {
        "prices.gold": ("20", "25")
    }


def test_price_codes_match_declared_lists_case_insensitively() -> None:
    config = {
        "price_lists": [{"code": "Staff", "currency": "usd"}],
        "products": [
            {
                "name": "Everlasting Gobstopper",
                "variants": [{"sku": "DEMO-GOBS-PEA", "prices": {"STAFF": 1, "vip": 20}}],
            }
        ],
    }
    comparison = run(config, demo_kinds())
    changes = by_address(changes_of(comparison))
    created = changes['price_list["staff"]']
    assert created.fields["currency"].after == "USD"
    variant = changes['variant["DEMO-GOBS-PEA"]']
    assert variant.depends_on == ('price_list["staff"]',)
    assert set(variant.fields) == {"prices.staff"}
    assert comparison.refs.id_of("currency", "usd") == USD_ID


# --- references ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("record", "noun", "key", "field"),
    [
        ({"sku": "N-1", "prices": {"EMPLOYEE": 5}}, "price list", "EMPLOYEE", "prices/EMPLOYEE"),
        (
            {"sku": "N-1", "initial_stock_location": "Annex"},
            "location",
            "Annex",
            "initial_stock_location",
        ),
    ],
)
def test_a_reference_to_an_unknown_record_is_a_problem_where_it_is_written(
    record: dict[str, Any], noun: str, key: str, field: str
) -> None:
    config = {"products": [{"name": "Everlasting Gobstopper", "variants": [record]}]}
    (problem,) = run(config, demo_kinds()).problems
    assert problem.startswith(f"catalogue.yaml:products/0/variants/0/{field}: ")
    assert 'variant["N-1"]' in problem
    assert f"{noun} {key!r}" in problem
    assert "neither declared nor in the account" in problem


def test_an_unknown_currency_is_a_problem_naming_the_price_list() -> None:
    """A currency must exist in the account; found before any request, not when applying."""
    config = {"price_lists": [{"code": "EU", "currency": "EUR"}]}
    (problem,) = run(config, demo_kinds()).problems
    assert 'price_list["eu"]' in problem
    assert "currency 'EUR'" in problem


def test_references_to_declared_new_records_are_no_problem() -> None:
    config = {
        "locations": [{"label": "Annex", "address1": "1 Road", "country": "SG"}],
        "price_lists": [{"code": "EMPLOYEE", "currency": "SGD"}],
        "products": [
            {
                "name": "Everlasting Gobstopper",
                "variants": [
                    {"sku": "N-1", "prices": {"employee": 5}, "initial_stock_location": "Annex"}
                ],
            }
        ],
    }
    assert run(config, demo_kinds()).problems == ()


def test_an_archived_location_is_not_a_known_reference() -> None:
    kinds = demo_kinds()
    kinds["location"].append(api_location(9, "Annex", status="archived"))
    config = {
        "products": [
            {
                "name": "Everlasting Gobstopper",
                "variants": [{"sku": "N-1", "initial_stock_location": "Annex"}],
            }
        ]
    }
    (problem,) = run(config, kinds).problems
    assert "location 'Annex'" in problem


def test_builtin_price_lists_are_known_references() -> None:
    config = {
        "products": [
            {
                "name": "Everlasting Gobstopper",
                "variants": [{"sku": "N-1", "prices": {"Retail": 1, "BUY": 2}}],
            }
        ]
    }
    assert run(config, demo_kinds()).problems == ()


# --- archives through the account ---------------------------------------------------------------


def test_variants_are_archived_only_under_declared_products() -> None:
    kinds = demo_kinds()
    kinds["variant"] += [
        api_variant(460, 104, "DEMO-GOBS-LEM"),
        api_variant(461, 105, "JAW-1"),
        api_variant(462, 104, None),
        api_variant(463, 104, ""),
    ]
    kinds["product"].append(api_product(105, "Jawbreaker"))
    changes = changes_of(run(DEMO, kinds, archive=("variants",)))
    assert [(c.address, c.action) for c in changes] == [
        ('variant["DEMO-GOBS-LEM"]', Action.ARCHIVE)
    ]


def test_undeclared_products_are_archived_with_products_in_archive_missing() -> None:
    kinds = demo_kinds()
    kinds["product"].append(api_product(105, "Jawbreaker"))
    kinds["variant"].append(api_variant(461, 105, "JAW-1"))
    changes = changes_of(run(DEMO, kinds, archive=("products", "variants")))
    assert [(c.address, c.action) for c in changes] == [('product["Jawbreaker"]', Action.ARCHIVE)]


def test_the_primary_location_and_builtin_price_lists_are_never_archived() -> None:
    kinds = demo_kinds()
    kinds["location"].append(api_location(18, "Annex"))
    changes = changes_of(run({}, kinds, archive=("locations", "price_lists")))
    assert {c.address for c in changes} == {'location["Annex"]', 'price_list["vip"]'}
    assert all(c.action is Action.ARCHIVE for c in changes)


def test_an_incomplete_read_archives_nothing_of_that_kind() -> None:
    kinds = demo_kinds()
    kinds["variant"].append(api_variant(460, 104, "DEMO-GOBS-LEM"))
    kinds["payment_term"].append(api_payment_term(78, "NET10"))
    comparison = run(DEMO, kinds, archive=("variants", "payment_terms"), incomplete=("variant",))
    draft = plan_changes(comparison.comparisons)
    assert [c.address for c in draft.changes] == ['payment_term["NET10"]']
    (warning,) = draft.warnings
    assert "variants" in warning


def test_a_declared_record_archived_in_the_account_is_restored() -> None:
    kinds = demo_kinds()
    kinds["payment_term"] = [api_payment_term(77, "NET30", status="archived", due_in_days=30)]
    (change,) = changes_of(run(DEMO, kinds))
    assert change.action is Action.RESTORE
    assert change.remote_id == 77


def test_active_counts_leave_out_archived_and_built_in_records() -> None:
    kinds = demo_kinds()
    kinds["payment_term"].append(api_payment_term(78, "NET10", status="archived"))
    counts = run(DEMO, kinds).active_counts()
    assert counts["payment_term"] == 1
    assert counts["price_list"] == 1  # the three built-in lists can never be archived


# --- fingerprints -------------------------------------------------------------------------------


def test_fingerprint_is_updated_at_when_given() -> None:
    assert fingerprint(api_product(1, "P", updated_at="2024-01-01T00:00:00.000Z")) == (
        "2024-01-01T00:00:00.000Z"
    )


def test_fingerprint_without_updated_at_hashes_the_record() -> None:
    term = api_payment_term(77, "NET30")
    assert fingerprint(term).startswith("sha256:")
    assert fingerprint(term) == fingerprint(dict(reversed(list(term.items()))))
    assert fingerprint(term) != fingerprint(term | {"status": "archived"})


# --- export, then plan ----------------------------------------------------------------------------


def exported(kinds: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The account as YAML sections, through each kind's ``export`` (as ``gecko-apply export``)."""
    empty: dict[str, list[Desired]] = {spec.name: [] for spec in KINDS}
    raw = raw_state(kinds, companions=DEMO_COMPONENTS)
    remote = compare(empty, raw, KINDS, ()).remote
    live = {
        name: [r for r in records if not r.archived and not r.builtin and r.nkey is not None]
        for name, records in remote.items()
    }
    sections: dict[str, Any] = {}
    for spec in KINDS:
        if spec.parent is not None:
            continue
        items = []
        for record in live[spec.name]:
            item = spec.export(record.fields)
            children = [
                child.export(c.fields)
                for child in KINDS
                if child.parent == spec.name
                for c in live[child.name]
                if str(c.parent_id) == str(record.id)
            ]
            if children:
                item["variants"] = children
            items.append(item)
        sections[spec.section] = items
    return sections


def test_planning_an_export_of_the_account_gives_no_changes() -> None:
    kinds = demo_kinds()
    kinds["location"].append(api_location(18, "Annex", address2="#04-01", holds_stock=False))
    kinds["product"].append(api_product(105, "Lamp", status="disabled", tags="home, Office"))
    kinds["variant"] += [
        api_variant(460, 105, "LAMP-1", upc="012345678905", buy_price="3.10", weight="1"),
        api_variant(461, 105, None),
    ]
    config = exported(kinds)
    assert [p["name"] for p in config["products"]] == ["Everlasting Gobstopper", "Lamp"]
    assert changes_of(run(config, kinds, archive=("variants", "products"))) == ()


def test_kinds_touched_by_a_saved_plan_include_what_they_need() -> None:
    changes = [
        Change(address='variant["A"]', kind="variant", key="A", action=Action.UPDATE, reason="")
    ]
    assert [spec.name for spec in kinds_touched(changes)] == [
        "currency",
        "location",
        "price_list",
        "product",
        "variant",
    ]
    assert kinds_touched([]) == []


# --- lifecycle.protect on a parent ---------------------------------------------------------------


def test_a_protected_product_keeps_its_undeclared_variants() -> None:
    kinds = demo_kinds()
    kinds["variant"].append(api_variant(458, 104, "DEMO-GOBS-SNO", name="Snozzberry"))
    unprotected = changes_of(run(DEMO, kinds, archive=("variants",)))
    assert [c.address for c in unprotected if c.action is Action.ARCHIVE] == [
        'variant["DEMO-GOBS-SNO"]'
    ]
    product = {**DEMO["products"][0], "lifecycle": {"protect": True}}
    protected = changes_of(run({**DEMO, "products": [product]}, kinds, archive=("variants",)))
    assert [c for c in protected if c.action is Action.ARCHIVE] == []


def test_a_tax_types_fingerprint_follows_its_components() -> None:
    stamped = api_tax_type(2813, "GST", updated_at=STAMP)
    record = {**stamped, "tax_components": [{"id": 1, "label": "GST"}]}
    edited = {**record, "tax_components": [{"id": 1, "label": "GST (edited)"}]}
    assert fingerprint(record, ("tax_components",)) != fingerprint(edited, ("tax_components",))
    assert fingerprint(record) == fingerprint(edited) == STAMP


# --- reading only the declared fields -------------------------------------------------------------


def drifted_kinds() -> dict[str, list[dict[str, Any]]]:
    """The demo account drifted in declared fields (a price, a tag, a weight), in fields the
    configuration does not write (a description, a UPC, a brand-new variant order), and with
    records the configuration does not declare (archived by ``archive``)."""
    kinds = demo_kinds()
    kinds["product"][0] |= {"tags": "candy", "description": "Not managed here"}
    kinds["product"].append(api_product(105, "Lamp"))
    kinds["variant"] = [
        peach_api(retail_price="21.0", weight="0.25", upc="0001", position=3),
        api_variant(460, 105, "LAMP-1", upc="012345678905", position=1),
    ]
    return kinds


@pytest.mark.parametrize("archive", [(), ("variants", "products", "price_lists")])
def test_reading_only_the_declared_fields_plans_the_same_changes(
    archive: tuple[str, ...]
) -> None:
    declared = declared_records(catalogue(**DEMO), source_of)
    scope = kinds_in_scope(declared, archive)
    raw = raw_state(drifted_kinds(), companions=DEMO_COMPONENTS)
    full = compare(declared, raw, scope, archive, source_of)
    lean = compare(declared, raw, scope, archive, source_of, declared_fields_only=True)
    assert changes_of(lean) == changes_of(full)
    assert {c.address for c in changes_of(lean)} >= {
        'variant["DEMO-GOBS-PEA"]', 'product["Everlasting Gobstopper"]'
    }


def test_reading_only_the_declared_fields_leaves_the_others_unread() -> None:
    declared = declared_records(catalogue(**DEMO), source_of)
    scope = kinds_in_scope(declared, ())
    raw = raw_state(drifted_kinds(), companions=DEMO_COMPONENTS)
    lean = compare(declared, raw, scope, (), source_of, declared_fields_only=True)
    full = compare(declared, raw, scope, (), source_of)
    (peach_lean,) = (r for r in lean.remote["variant"] if r.key == "DEMO-GOBS-PEA")
    (peach_full,) = (r for r in full.remote["variant"] if r.key == "DEMO-GOBS-PEA")
    assert {"upc", "position", "hs_code"} <= peach_full.fields.keys()
    assert not {"upc", "position", "hs_code"} & peach_lean.fields.keys()
    assert {k: peach_full.fields[k] for k in peach_lean.fields} == peach_lean.fields
    (product,) = (r for r in lean.remote["product"] if r.key == "Everlasting Gobstopper")
    assert "description" not in product.fields and product.fields["tags"] == ["candy"]
