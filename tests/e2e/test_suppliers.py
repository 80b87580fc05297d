"""Suppliers end to end: declared, named by products, applied, planned empty, exported."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from ruamel.yaml import YAML

from reconciler.cli import main
from tests.e2e.conftest import Sandbox

SUPPLIERS = """
gecko_apply: 1
suppliers:
  - name: Acme Beans
    company_code: ACME
    email: orders@acme.example
    phone_number: "+65 6123 4567"
    website: https://acme.example
    tax_number: 201912345K
    description: Green coffee importer.
    tags: [coffee, beans]
    default_payment_term: NET30
    default_tax_type: PURCHASES
    default_price_list: Buy
products:
  - name: Everlasting Gobstopper
    supplier: Acme Beans
  - name: Arabica Beans
    supplier: Acme Beans
    variants:
      - sku: BEAN-1KG
        name: 1 kg
"""


def plan_json(sandbox: Sandbox, path: Path) -> dict[str, object]:
    result = sandbox.run("plan", str(path), "--format", "json")
    assert result.exit_code in (0, 2), result.output
    loaded: dict[str, object] = json.loads(result.stdout)
    return loaded


def test_suppliers_apply_and_then_plan_empty(sandbox: Sandbox) -> None:
    config = sandbox.config({"catalogue.yaml": SUPPLIERS})
    plan = plan_json(sandbox, config)
    changes = {c["address"]: c for c in plan["changes"]}  # type: ignore[attr-defined]
    assert list(changes) == [
        'supplier["Acme Beans"]',
        'product["Everlasting Gobstopper"]',
        'product["Arabica Beans"]',
        'variant["BEAN-1KG"]',
    ]
    assert changes['product["Everlasting Gobstopper"]']["depends_on"] == [
        'supplier["Acme Beans"]'
    ]
    applied = sandbox.run("apply", str(config), "--auto-approve")
    assert applied.exit_code == 0, applied.output
    again = sandbox.run("plan", str(config), "--detailed-exitcode")
    assert again.exit_code == 0, again.output
    suppliers = sandbox.get("/companies?company_type=supplier")["companies"]
    acme = next(c for c in suppliers if c["name"] == "Acme Beans")
    assert acme["tags"] == ["beans", "coffee"]
    assert acme["default_price_list_id"] == "buy"
    products = sandbox.get("/products")["products"]
    named = {p["name"]: p for p in products}
    for name in ("Everlasting Gobstopper", "Arabica Beans"):
        assert named[name]["supplier_ids"] == [acme["id"]]
        assert named[name]["supplier"] == "Acme Beans"


def test_a_changed_supplier_field_is_one_update(sandbox: Sandbox) -> None:
    config = sandbox.config({"catalogue.yaml": SUPPLIERS})
    assert sandbox.run("apply", str(config), "--auto-approve").exit_code == 0
    changed = sandbox.config(
        {"catalogue.yaml": SUPPLIERS.replace("NET30", "NET10")}, name="changed"
    )
    plan = plan_json(sandbox, changed)
    assert [(c["address"], c["fields"]) for c in plan["changes"]] == [  # type: ignore[attr-defined]
        (
            'supplier["Acme Beans"]',
            {"default_payment_term": {"before": "NET30", "after": "NET10"}},
        )
    ]


def test_an_unknown_supplier_is_an_error_at_its_line(sandbox: Sandbox) -> None:
    config = sandbox.config({"catalogue.yaml": """
        gecko_apply: 1
        products:
          - name: Everlasting Gobstopper
            supplier: Nobody Ltd
        """})
    result = sandbox.run("plan", str(config))
    assert result.exit_code == 1
    assert result.stderr.strip().endswith(
        "catalogue.yaml:4:5: product[\"Everlasting Gobstopper\"] refers to supplier "
        "'Nobody Ltd', which is neither declared nor in the account"
    )
    validated = CliRunner().invoke(main, ["validate", str(config)])
    assert validated.exit_code == 0
    note = "catalogue.yaml:4:15: products[0].supplier: note: supplier 'Nobody Ltd' is not declared"
    assert note in validated.stderr


def test_export_writes_suppliers_and_the_products_naming_them(sandbox: Sandbox) -> None:
    config = sandbox.config({"catalogue.yaml": SUPPLIERS})
    assert sandbox.run("apply", str(config), "--auto-approve").exit_code == 0
    out = sandbox.tmp / "export"
    exported = sandbox.run("export", "--out", str(out))
    assert exported.exit_code == 0, exported.output
    suppliers = YAML(typ="safe").load((out / "suppliers.yaml").read_text())["suppliers"]
    assert suppliers[0] == {
        "name": "Acme Beans", "company_code": "ACME", "email": "orders@acme.example",
        "phone_number": "+65 6123 4567", "website": "https://acme.example",
        "tax_number": "201912345K", "description": "Green coffee importer.",
        "tags": ["beans", "coffee"], "default_payment_term": "NET30",
        "default_tax_type": "PURCHASES", "default_price_list": "buy",
    }
    assert [s["name"] for s in suppliers] == ["Acme Beans", "Wonka Candy"]
    products = YAML(typ="safe").load((out / "products.yaml").read_text())["products"]
    assert {p["name"]: p.get("supplier") for p in products}["Arabica Beans"] == "Acme Beans"
    assert sandbox.run("plan", str(out), "--detailed-exitcode").exit_code == 0
