"""Sale switches and the variants' order, applied to the sandbox, re-planned and exported."""

from __future__ import annotations

import json
from typing import Any

from ruamel.yaml import YAML
from starlette.testclient import TestClient

from tests.e2e.conftest import TOKEN, Sandbox


def catalogue(order: list[str]) -> str:
    variants = "\n".join(
        f"      - {{sku: ORD-{sku}, name: {sku}, keep_selling: true, manage_stock: false,"
        f" online_ordering: true, sellable: false, max_online: 7}}"
        for sku in order
    )
    return (
        "gecko_apply: 1\nproducts:\n  - name: Gift card\n    ordered_variants: true\n"
        f"    variants:\n{variants}\n"
    )


def plan_changes(sandbox: Sandbox, text: str) -> list[dict[str, Any]]:
    planned = sandbox.run("plan", str(sandbox.config({"c.yaml": text})), "--format", "json")
    assert planned.exit_code == 0, planned.stdout + planned.stderr
    changes: list[dict[str, Any]] = json.loads(planned.stdout)["changes"]
    return changes


def apply(sandbox: Sandbox, text: str) -> None:
    applied = sandbox.run("apply", str(sandbox.config({"c.yaml": text})), "--auto-approve")
    assert applied.exit_code == 0, applied.stdout + applied.stderr


def account_order(sandbox: Sandbox) -> list[str]:
    variants = sandbox.get("/variants?sku[]=ORD-M&sku[]=ORD-A&sku[]=ORD-Z&limit=250")["variants"]
    return [v["sku"] for v in sorted(variants, key=lambda v: (v["position"], v["id"]))]


def test_switches_and_order_are_applied_then_stable(sandbox: Sandbox) -> None:
    apply(sandbox, catalogue(["M", "A", "Z"]))
    assert account_order(sandbox) == ["ORD-M", "ORD-A", "ORD-Z"]
    variant = sandbox.get("/variants?sku=ORD-A")["variants"][0]
    assert (variant["keep_selling"], variant["manage_stock"], variant["online_ordering"]) == (
        True, False, True,
    )
    assert (variant["sellable"], str(variant["max_online"])) == (False, "7")
    assert plan_changes(sandbox, catalogue(["M", "A", "Z"])) == []


def test_reordering_the_list_moves_only_what_moved(sandbox: Sandbox) -> None:
    apply(sandbox, catalogue(["M", "A", "Z"]))
    changes = plan_changes(sandbox, catalogue(["Z", "M", "A"]))
    moved = {c["address"]: c["fields"]["position"] for c in changes}
    assert set(moved) == {'variant["ORD-Z"]', 'variant["ORD-M"]', 'variant["ORD-A"]'}
    assert moved['variant["ORD-Z"]'] == {"before": 3, "after": 1}
    apply(sandbox, catalogue(["Z", "M", "A"]))
    assert account_order(sandbox) == ["ORD-Z", "ORD-M", "ORD-A"]
    assert plan_changes(sandbox, catalogue(["Z", "M", "A"])) == []


def test_export_keeps_the_account_order_and_the_switches(sandbox: Sandbox) -> None:
    apply(sandbox, catalogue(["Z", "A", "M"]))
    out = sandbox.tmp / "exported"
    exported = sandbox.run("export", "--kinds", "products", "--out", str(out))
    assert exported.exit_code == 0, exported.stderr
    products = YAML(typ="safe").load((out / "products.yaml").read_text())["products"]
    gift = next(p for p in products if p["name"] == "Gift card")
    assert gift["ordered_variants"] is True
    assert [v["sku"] for v in gift["variants"]] == ["ORD-Z", "ORD-A", "ORD-M"]
    assert gift["variants"][0]["manage_stock"] is False
    assert gift["variants"][0]["max_online"] == 7
    planned = sandbox.run("plan", str(out), "--detailed-exitcode")
    assert planned.exit_code == 0, planned.stdout + planned.stderr


def test_an_undeclared_variant_never_makes_the_order_drift(sandbox: Sandbox) -> None:
    apply(sandbox, catalogue(["M", "A", "Z"]))
    product_id = sandbox.get("/variants?sku[]=ORD-A")["variants"][0]["product_id"]
    with TestClient(sandbox.app()) as client:
        added = client.post(
            "/variants",
            json={"variant": {"product_id": product_id, "sku": "ORD-EXTRA", "position": 0}},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
    assert added.status_code == 201, added.text
    assert plan_changes(sandbox, catalogue(["M", "A", "Z"])) == []
    apply(sandbox, catalogue(["Z", "A", "M"]))
    assert plan_changes(sandbox, catalogue(["Z", "A", "M"])) == []
