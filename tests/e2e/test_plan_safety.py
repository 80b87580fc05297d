"""Saved plans are bound to their account; a plan over a threshold is shown whole, then refused."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tests.e2e.conftest import Sandbox

CONFIG = """
gecko_apply: 1
products:
  - name: Everlasting Gobstopper
    variants:
      - sku: DEMO-GOBS-PEA
        prices: {retail: 24}
      - sku: DEMO-GOBS-NEW
        name: Lime
"""


def test_a_saved_plan_records_the_account_it_was_made_against(sandbox: Sandbox) -> None:
    config = sandbox.config({"catalogue.yaml": CONFIG})
    out = sandbox.tmp / "plan.json"
    assert sandbox.run("plan", str(config), "--out", str(out)).exit_code == 0
    account = sandbox.get("/accounts/current")["account"]
    assert json.loads(out.read_text())["account"] == {"id": account["id"], "name": account["name"]}


def test_a_plan_saved_against_one_account_is_refused_against_another(sandbox: Sandbox) -> None:
    config = sandbox.config({"catalogue.yaml": CONFIG})
    out = sandbox.tmp / "plan.json"
    assert sandbox.run("plan", str(config), "--out", str(out)).exit_code == 0
    sandbox.get("/accounts/current")  # seeded either way
    with sqlite3.connect(sandbox.db) as db:  # the same URL now serves another account
        db.execute("UPDATE accounts SET id = 90210, doc = json_set(doc, '$.name', 'Other Co')")
    refused = sandbox.run("apply", str(out))
    assert refused.exit_code == 1
    assert "made against account" in refused.stderr
    assert "this token is for account 90210 ('Other Co')" in refused.stderr
    rows = sandbox.query("SELECT COUNT(*) AS n FROM variants WHERE sku = 'DEMO-GOBS-NEW'")
    assert rows[0]["n"] == 0


def test_a_hand_made_plan_without_its_bindings_is_refused(sandbox: Sandbox) -> None:
    config = sandbox.config({"catalogue.yaml": CONFIG})
    out = sandbox.tmp / "plan.json"
    assert sandbox.run("plan", str(config), "--out", str(out)).exit_code == 0
    document = json.loads(out.read_text())
    for name in ("created_at", "expires_at", "config_hash", "account"):
        stripped = {k: v for k, v in document.items() if k != name}
        out.write_text(json.dumps(stripped))
        refused = sandbox.run("apply", str(out))
        assert refused.exit_code == 1, name
        assert f"{name}: Field required" in refused.stderr
    out.write_text('{"format_version": "1"}')
    assert sandbox.run("apply", str(out)).exit_code == 1


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_a_plan_over_a_threshold_is_shown_in_full_then_refused(sandbox: Sandbox, fmt: str) -> None:
    fat_finger = CONFIG.replace("retail: 24", "retail: 1.0")
    config = sandbox.config({"catalogue.yaml": fat_finger})
    out = sandbox.tmp / "plan.json"
    refused = sandbox.run("plan", str(config), "--format", fmt, "--out", str(out))
    assert refused.exit_code == 1
    assert "price_change_percent" in refused.stderr
    assert not out.exists()
    text = refused.stdout
    assert "DEMO-GOBS-NEW" in text and "DEMO-GOBS-PEA" in text  # the whole plan
    violation = text.index('"violations"' if fmt == "json" else "Refused:")
    assert violation < text.index("DEMO-GOBS-NEW")  # the violation first
    if fmt == "json":
        assert json.loads(text)["summary"] == {"create": 1, "update": 1, "restore": 0,
                                               "archive": 0}


def test_apply_over_a_threshold_shows_the_plan_and_changes_nothing(sandbox: Sandbox) -> None:
    config = sandbox.config({"catalogue.yaml": CONFIG.replace("retail: 24", "retail: 1.0")})
    refused = sandbox.run("apply", str(config), "--auto-approve")
    assert refused.exit_code == 1
    assert refused.stdout.startswith("Refused: ")
    assert "DEMO-GOBS-NEW" in refused.stdout
    rows = sandbox.query("SELECT COUNT(*) AS n FROM variants WHERE sku = 'DEMO-GOBS-NEW'")
    assert rows[0]["n"] == 0
    assert sandbox.run("apply", str(config), "--auto-approve", "--force").exit_code == 0
