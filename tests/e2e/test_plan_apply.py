"""plan / apply / plan against the sandbox: every action, renames, restores, convergence."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import Sandbox

BASE = """
gecko_apply: 1
options:
  archive_missing: [variants]
locations:
  - label: Second Warehouse
    address1: 2 Harbour Road
    city: Singapore
    country: sg
payment_terms:
  - name: NET45
    due_in_days: 45
    from: eom
tax_types:
  - code: GST9
    name: Goods and Services Tax
    components:
      - label: GST
        rate: 9.0
price_lists:
  - code: VIP
    name: VIP customers
    currency: sgd
products:
  - name: Everlasting Gobstopper
    product_type: Candy
    tags: [summer, candy]
    variants:
      - sku: DEMO-GOBS-PEA
        name: Peach
        prices: {retail: 23.50, wholesale: 12, VIP: 20}
        weight: 0.20
        weight_unit: kg
  - name: Fizzy Lifting Drink
    variants:
      - sku: FIZZ-ORIG
        name: Original
        prices: {retail: 5, vip: 4.5}
        initial_stock_level: 10
        initial_stock_location: Second Warehouse
"""


def plan_json(sandbox: Sandbox, path: object, *extra: str) -> dict[str, object]:
    result = sandbox.run("plan", str(path), "--format", "json", *extra)
    assert result.exit_code in (0, 2), result.stderr
    loaded: dict[str, object] = json.loads(result.stdout)
    return loaded


def actions(plan: dict[str, object]) -> dict[str, str]:
    changes = plan["changes"]
    assert isinstance(changes, list)
    return {change["address"]: change["action"] for change in changes}


def active_skus(sandbox: Sandbox, sku: str) -> int:
    rows = sandbox.query(
        "SELECT COUNT(*) AS n FROM variants WHERE json_extract(doc, '$.sku') = ? "
        "AND status != 'archived'",
        sku,
    )
    return int(rows[0]["n"])


def test_first_plan_shows_every_kind_of_change(sandbox: Sandbox) -> None:
    config = sandbox.config({"catalogue.yaml": BASE})
    plan = plan_json(sandbox, config)
    assert actions(plan) == {
        'location["Second Warehouse"]': "create",
        'payment_term["NET45"]': "create",
        'tax_type["GST9"]': "create",
        'price_list["vip"]': "create",
        'product["Fizzy Lifting Drink"]': "create",
        'variant["DEMO-GOBS-PEA"]': "update",
        'variant["FIZZ-ORIG"]': "create",
        'variant["DEMO-GOBS-SNO"]': "archive",
    }
    assert plan["summary"] == {"create": 6, "update": 1, "restore": 0, "archive": 1}
    update = next(c for c in plan["changes"] if c["action"] == "update")  # type: ignore[attr-defined]
    # Only what differs: the demo seed's wholesale 12.0 and weight are equal by value.
    assert set(update["fields"]) == {"prices.retail", "prices.vip"}
    assert update["fields"]["prices.retail"] == {"before": "22", "after": "23.5"}


def test_apply_then_plan_is_empty_and_text_reads_like_terraform(sandbox: Sandbox) -> None:
    config = sandbox.config({"catalogue.yaml": BASE})
    planned = sandbox.run("plan", str(config))
    assert "  + location[\"Second Warehouse\"]" in planned.stdout
    assert "  - variant[\"DEMO-GOBS-SNO\"]" in planned.stdout
    assert "Plan: 6 to create, 1 to update, 0 to archive" not in planned.stdout
    assert "Plan: 6 to create, 1 to update, 1 to archive, 0 to restore." in planned.stdout
    applied = sandbox.run("apply", str(config), "--auto-approve")
    assert applied.exit_code == 0, applied.stderr + applied.stdout
    assert "Apply complete: 8 succeeded, 0 failed, 0 skipped." in applied.stdout
    again = sandbox.run("plan", str(config), "--detailed-exitcode")
    assert again.exit_code == 0, again.stdout + again.stderr
    assert "No changes." in again.stdout
    assert active_skus(sandbox, "FIZZ-ORIG") == 1
    (variant,) = sandbox.get("/variants?sku=FIZZ-ORIG")["variants"]
    assert float(variant["stock_on_hand"]) == 10
    (location,) = [
        loc for loc in sandbox.get("/locations")["locations"] if loc["label"] == "Second Warehouse"
    ]
    assert [entry["location_id"] for entry in variant["locations"]] == [location["id"]]


def test_detailed_exitcode_is_two_with_changes(sandbox: Sandbox) -> None:
    config = sandbox.config({"catalogue.yaml": BASE})
    assert sandbox.run("plan", str(config), "--detailed-exitcode").exit_code == 2
    assert sandbox.run("plan", str(config)).exit_code == 0


def test_rename_by_renamed_from_is_an_update(sandbox: Sandbox) -> None:
    config = sandbox.config({"catalogue.yaml": BASE})
    assert sandbox.run("apply", str(config), "--auto-approve").exit_code == 0
    renamed = BASE.replace("  - name: NET45\n", "  - name: NET 45 EOM\n    renamed_from: NET45\n")
    config = sandbox.config({"catalogue.yaml": renamed}, "renamed")
    plan = plan_json(sandbox, config)
    assert actions(plan) == {'payment_term["NET 45 EOM"]': "update"}
    change = plan["changes"][0]  # type: ignore[index]
    assert change["fields"]["name"] == {"before": "NET45", "after": "NET 45 EOM"}
    assert sandbox.run("apply", str(config), "--auto-approve").exit_code == 0
    assert actions(plan_json(sandbox, config)) == {}


def test_renaming_a_product_is_matched_through_its_skus(sandbox: Sandbox) -> None:
    config = sandbox.config({"catalogue.yaml": BASE})
    assert sandbox.run("apply", str(config), "--auto-approve").exit_code == 0
    renamed = BASE.replace("Everlasting Gobstopper", "Gobstopper Deluxe")
    config = sandbox.config({"catalogue.yaml": renamed}, "renamed")
    plan = plan_json(sandbox, config)
    assert actions(plan) == {'product["Gobstopper Deluxe"]': "update"}
    assert sandbox.run("apply", str(config), "--auto-approve").exit_code == 0
    assert actions(plan_json(sandbox, config)) == {}
    assert active_skus(sandbox, "DEMO-GOBS-PEA") == 1


def test_an_archived_declared_record_is_restored_not_duplicated(sandbox: Sandbox) -> None:
    config = sandbox.config({"catalogue.yaml": BASE})
    assert sandbox.run("apply", str(config), "--auto-approve").exit_code == 0
    with_snozzberry = BASE.replace(
        "        weight_unit: kg\n",
        "        weight_unit: kg\n      - sku: DEMO-GOBS-SNO\n        name: Snozzberry\n",
    )
    config = sandbox.config({"catalogue.yaml": with_snozzberry}, "restored")
    plan = plan_json(sandbox, config)
    assert actions(plan) == {'variant["DEMO-GOBS-SNO"]': "restore"}
    applied = sandbox.run("apply", str(config), "--auto-approve")
    assert applied.exit_code == 0, applied.stdout
    assert active_skus(sandbox, "DEMO-GOBS-SNO") == 1
    assert actions(plan_json(sandbox, config)) == {}


def test_a_create_missing_a_required_field_is_refused_before_any_request(
    sandbox: Sandbox,
) -> None:
    broken = BASE.replace("    address1: 2 Harbour Road\n", "")
    result = sandbox.run("plan", str(sandbox.config({"catalogue.yaml": broken})))
    assert result.exit_code == 1
    assert (
        'catalogue.yaml:5:5: location["Second Warehouse"] is not in the account and cannot be '
        "created without address1"
    ) in result.stderr


def test_a_422_in_the_middle_fails_one_record_and_skips_its_dependants(sandbox: Sandbox) -> None:
    # The sandbox, like the API, refuses a label that differs only in case from an active one.
    broken = BASE.replace("Second Warehouse", "primary location")
    config = sandbox.config({"catalogue.yaml": broken})
    applied = sandbox.run("apply", str(config), "--auto-approve")
    assert applied.exit_code == 1
    assert "Failed (1)" in applied.stdout
    assert 'location["primary location"]' in applied.stdout
    assert "has already been taken" in applied.stdout
    # The variant stocked in the failed location is skipped with its product; the rest is done.
    assert "Skipped (2)" in applied.stdout
    assert "Apply complete: 5 succeeded, 1 failed, 2 skipped." in applied.stdout
    fixed = sandbox.config({"catalogue.yaml": BASE}, "fixed")
    assert actions(plan_json(sandbox, fixed)) == {
        'location["Second Warehouse"]': "create",
        'product["Fizzy Lifting Drink"]': "create",
        'variant["FIZZ-ORIG"]': "create",
    }
    assert sandbox.run("apply", str(fixed), "--auto-approve").exit_code == 0
    assert actions(plan_json(sandbox, fixed)) == {}


def test_target_limits_the_plan_to_an_address_and_its_dependencies(sandbox: Sandbox) -> None:
    config = sandbox.config({"catalogue.yaml": BASE})
    plan = plan_json(sandbox, config, "--target", 'variant["FIZZ-*"]')
    assert actions(plan) == {
        'location["Second Warehouse"]': "create",
        'price_list["vip"]': "create",
        'product["Fizzy Lifting Drink"]': "create",
        'variant["FIZZ-ORIG"]': "create",
    }


def test_apply_without_a_terminal_refuses_without_auto_approve(sandbox: Sandbox) -> None:
    config = sandbox.config({"catalogue.yaml": BASE})
    refused = sandbox.run("apply", str(config))
    assert refused.exit_code == 1
    assert "--auto-approve" in refused.stderr
    assert actions(plan_json(sandbox, config))  # nothing was applied


def test_moving_a_variant_to_another_product_is_an_error_that_explains(sandbox: Sandbox) -> None:
    moved = """
    gecko_apply: 1
    products:
      - name: Everlasting Gobstopper
        variants:
          - sku: DEMO-GOBS-PEA
      - name: Gobstopper Minis
        variants:
          - sku: DEMO-GOBS-SNO
    """
    result = sandbox.run("plan", str(sandbox.config({"catalogue.yaml": moved})))
    assert result.exit_code == 1
    assert 'variant["DEMO-GOBS-SNO"] is declared under product["Gobstopper Minis"]' in result.stderr
    assert "cannot move" in result.stderr
    assert "catalogue.yaml:" in result.stderr  # where it is declared


def test_an_unknown_price_list_is_reported_with_its_position(sandbox: Sandbox) -> None:
    unknown = """
    gecko_apply: 1
    products:
      - name: Everlasting Gobstopper
        variants:
          - sku: DEMO-GOBS-PEA
            prices: {GOLD: 3}
    """
    result = sandbox.run("plan", str(sandbox.config({"catalogue.yaml": unknown})))
    assert result.exit_code == 1
    assert "price list 'gold'" in result.stderr.lower()
    assert "catalogue.yaml:" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unexpected_failure_is_one_line_not_a_traceback(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reconciler.engine import service

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(service, "plan_changes", broken)
    config = sandbox.config({"catalogue.yaml": BASE})
    result = sandbox.run("plan", str(config))
    assert result.exit_code == 1
    assert "internal error (ZeroDivisionError: boom); set GECKO_DEBUG=1" in result.stderr
    assert "Traceback" not in result.stderr
