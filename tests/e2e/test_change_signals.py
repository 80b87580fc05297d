"""Kinds whose answers carry no ``updated_at`` (payment terms, tax types, price lists) are
fingerprinted by a hash of the record: a saved plan still notices a change made by hand, and a
write that changes nothing (which leaves ``updated_at`` alone too) does not make it stale."""

from __future__ import annotations

import json
from typing import Any

from starlette.testclient import TestClient

from tests.e2e.conftest import TOKEN, Sandbox

CONFIG = """
gecko_apply: 1
payment_terms:
  - {name: NET30, due_in_days: 45}
tax_types:
  - {code: SALES, name: Sales Tax, components: [{label: GST, rate: 8}]}
price_lists:
  - {code: VIP, name: VIP customers, currency: SGD}
products:
  - name: Everlasting Gobstopper
    variants:
      - {sku: DEMO-GOBS-PEA, prices: {retail: 24, VIP: 20}}
"""
HAND_EDITS = {
    'payment_term["NET30"]': ("payment_terms", "payment_term", ("name", "NET30"), {"from": "eom"}),
    'tax_type["SALES"]': ("tax_types", "tax_type", ("code", "SALES"), {"name": "Sales"}),
    'variant["DEMO-GOBS-PEA"]': ("variants", "variant", ("sku", "DEMO-GOBS-PEA"), {"name": "Pea"}),
}


def find(sandbox: Sandbox, plural: str, key: tuple[str, str]) -> dict[str, Any]:
    records: list[dict[str, Any]] = sandbox.get(f"/{plural}?limit=250")[plural]
    (record,) = [r for r in records if r[key[0]] == key[1]]
    return record


def put(sandbox: Sandbox, path: str, body: dict[str, Any]) -> None:
    with TestClient(sandbox.app()) as client:
        response = client.put(path, json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 204, response.text


def saved_plan(sandbox: Sandbox) -> tuple[Any, dict[str, str]]:
    config = sandbox.config({"catalogue.yaml": CONFIG})
    sandbox.run("apply", str(config), "--auto-approve")
    (config / "catalogue.yaml").write_text(
        CONFIG.replace("45", "60").replace("rate: 8", "rate: 9").replace("24", "25"),
        encoding="utf-8")
    out = sandbox.tmp / "change.plan.json"
    assert sandbox.run("plan", str(config), "--out", str(out)).exit_code == 0
    changes = json.loads(out.read_text())["changes"]
    return out, {c["address"]: c["fingerprint"] for c in changes}


def test_untimed_kinds_are_fingerprinted_by_a_hash(sandbox: Sandbox) -> None:
    _, fingerprints = saved_plan(sandbox)
    assert fingerprints['payment_term["NET30"]'].startswith("sha256:")
    assert fingerprints['tax_type["SALES"]'].startswith("sha256:")
    assert not fingerprints['variant["DEMO-GOBS-PEA"]'].startswith("sha256:")


def test_a_hand_edit_makes_the_saved_plan_stale(sandbox: Sandbox) -> None:
    saved, _ = saved_plan(sandbox)
    for plural, root, key, edit in HAND_EDITS.values():
        put(sandbox, f"/{plural}/{find(sandbox, plural, key)['id']}", {root: edit})
    refused = sandbox.run("apply", str(saved))
    assert refused.exit_code == 1
    for address in HAND_EDITS:
        assert f"{address} changed since the plan was made" in refused.stderr


def test_a_write_that_changes_nothing_keeps_the_saved_plan(sandbox: Sandbox) -> None:
    saved, _ = saved_plan(sandbox)
    for plural, root, key, edit in HAND_EDITS.values():
        record = find(sandbox, plural, key)
        put(sandbox, f"/{plural}/{record['id']}", {root: {k: record[k] for k in edit}})
    applied = sandbox.run("apply", str(saved))
    assert applied.exit_code == 0, applied.stdout + applied.stderr
