"""Export: planning the export against the same account shows nothing; applying it elsewhere
reproduces the catalogue."""

from __future__ import annotations

import json

from ruamel.yaml import YAML
from starlette.testclient import TestClient

from reconciler.config.schema import SCHEMA_FILE, render_schema
from tests.e2e.conftest import TOKEN, Sandbox
from tests.jsonschema_check import schema_errors

MODELINE = f"# yaml-language-server: $schema={SCHEMA_FILE}\n"

SETUP = """
gecko_apply: 1
locations:
  - label: Annex
    address1: 3 Side Street
    country: SG
    holds_stock: false
tax_types:
  - code: VAT
    name: Value added
    components:
      - {label: National, rate: 10}
      - {label: Surcharge, rate: 1.5, compound: true}
price_lists:
  - code: VIP
    name: VIP
    currency: SGD
products:
  - name: Everlasting Gobstopper
    tags: [candy, summer]
    variants:
      - sku: DEMO-GOBS-PEA
        prices: {VIP: 19.99}
        upc: "012345678905"
"""


def set_up(sandbox: Sandbox) -> None:
    applied = sandbox.run("apply", str(sandbox.config({"c.yaml": SETUP})), "--auto-approve")
    assert applied.exit_code == 0, applied.stdout


def test_export_then_plan_shows_no_changes(sandbox: Sandbox) -> None:
    set_up(sandbox)
    out = sandbox.tmp / "exported"
    exported = sandbox.run("export", "--out", str(out))
    assert exported.exit_code == 0, exported.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "catalogue.schema.json",
        "currencies.yaml",
        "gecko.yaml",
        "locations.yaml",
        "payment-terms.yaml",
        "price-lists.yaml",
        "products.yaml",
        "suppliers.yaml",
        "tax-types.yaml",
    ]
    text = (out / "products.yaml").read_text()
    assert "id:" not in text  # no remote ids: the export applies to any account
    assert "19.99" in text and "'012345678905'" in text
    prices = (out / "price-lists.yaml").read_text()
    assert "retail" not in prices.lower()  # the built-in lists exist everywhere
    planned = sandbox.run("plan", str(out), "--detailed-exitcode")
    assert planned.exit_code == 0, planned.stdout + planned.stderr
    assert "No changes." in planned.stdout


def test_applying_an_export_to_an_empty_account_reproduces_it(
    sandbox: Sandbox, empty_sandbox: Sandbox
) -> None:
    out = sandbox.tmp / "exported"
    set_up(sandbox)
    assert sandbox.run("export", "--out", str(out)).exit_code == 0
    applied = empty_sandbox.run("apply", str(out), "--auto-approve")
    assert applied.exit_code == 0, applied.stdout + applied.stderr
    planned = empty_sandbox.run("plan", str(out), "--format", "json")
    assert json.loads(planned.stdout)["changes"] == []
    again = empty_sandbox.tmp / "again"
    assert empty_sandbox.run("export", "--out", str(again)).exit_code == 0
    yaml = YAML(typ="safe")
    products = yaml.load((out / "products.yaml").read_text())
    reproduced = yaml.load((again / "products.yaml").read_text())
    assert reproduced == products


def test_export_of_some_kinds_only(sandbox: Sandbox) -> None:
    out = sandbox.tmp / "some"
    result = sandbox.run("export", "--kinds", "payment_terms", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "catalogue.schema.json", "gecko.yaml", "payment-terms.yaml"
    ]
    unknown = sandbox.run("export", "--kinds", "widgets", "--out", str(out), "--clean")
    assert unknown.exit_code == 1
    assert "unknown section 'widgets'" in unknown.stderr


def test_an_export_names_its_schema_and_pull_keeps_the_line(sandbox: Sandbox) -> None:
    set_up(sandbox)
    out = sandbox.tmp / "exported"
    exported = sandbox.run("export", "--out", str(out))
    assert exported.exit_code == 0, exported.stderr
    assert str(out / SCHEMA_FILE) in exported.stdout.splitlines()
    assert (out / SCHEMA_FILE).read_text(encoding="utf-8") == render_schema()
    files = sorted(out.glob("*.yaml"))
    assert all(p.read_text(encoding="utf-8").startswith(MODELINE) for p in files)
    assert schema_errors(out / SCHEMA_FILE, files) == {}

    headers = {"Authorization": f"Bearer {TOKEN}"}
    (variant,) = sandbox.get("/variants?sku=DEMO-GOBS-PEA")["variants"]
    with TestClient(sandbox.app()) as client:
        client.put(f"/variants/{variant['id']}", json={"variant": {"retail_price": "31.5"}},
                   headers=headers).raise_for_status()
        client.post("/products", json={"product": {"name": "Pulled Fudge"}},
                    headers=headers).raise_for_status()
    new_file = out / "more" / "new-products.yaml"
    pulled = sandbox.run("pull", str(out), "--add-new", "products", "--into", str(new_file))
    assert pulled.exit_code == 2, pulled.stdout + pulled.stderr
    products = (out / "products.yaml").read_text(encoding="utf-8")
    assert products.startswith(MODELINE) and "31.5" in products
    created = new_file.read_text(encoding="utf-8")
    assert created.startswith(f"# yaml-language-server: $schema=../{SCHEMA_FILE}\n")
    assert "Pulled Fudge" in created
    assert schema_errors(out / SCHEMA_FILE, [new_file]) == {}
    assert sandbox.run("plan", str(out), "--detailed-exitcode").exit_code == 0
