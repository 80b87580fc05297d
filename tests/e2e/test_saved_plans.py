"""Saved plans: applied exactly, refused when expired, made from other files, or stale."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.e2e.conftest import TOKEN, Sandbox

CONFIG = """
gecko_apply: 1
products:
  - name: Everlasting Gobstopper
    variants:
      - sku: DEMO-GOBS-PEA
        prices: {retail: 24}
      - sku: DEMO-GOBS-NEW
        name: Lime
        prices: {retail: 21}
"""


def save_plan(sandbox: Sandbox, config: Path) -> Path:
    out = sandbox.tmp / "change.plan.json"
    result = sandbox.run("plan", str(config), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.exists()
    return out


def test_a_saved_plan_is_applied_exactly(sandbox: Sandbox) -> None:
    config = sandbox.config({"catalogue.yaml": CONFIG})
    saved = save_plan(sandbox, config)
    document = json.loads(saved.read_text())
    assert document["format_version"] == "1"
    assert document["config_hash"]
    fingerprints = {c["address"]: c["fingerprint"] for c in document["changes"]}
    assert fingerprints['variant["DEMO-GOBS-PEA"]']  # an update carries what it saw
    applied = sandbox.run("apply", str(saved))
    assert applied.exit_code == 0, applied.stdout + applied.stderr
    assert "Apply complete: 2 succeeded, 0 failed, 0 skipped." in applied.stdout
    assert "No changes." in sandbox.run("plan", str(config)).stdout


def test_a_plan_made_before_the_record_changed_is_refused(sandbox: Sandbox) -> None:
    config = sandbox.config({"catalogue.yaml": CONFIG})
    saved = save_plan(sandbox, config)
    (variant,) = sandbox.get("/variants?sku=DEMO-GOBS-PEA")["variants"]
    from starlette.testclient import TestClient

    with TestClient(sandbox.app()) as client:
        response = client.put(
            f"/variants/{variant['id']}",
            json={"variant": {"name": "Peach (edited by hand)"}},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
    assert response.status_code == 204
    refused = sandbox.run("apply", str(saved))
    assert refused.exit_code == 1
    assert 'variant["DEMO-GOBS-PEA"] changed since the plan was made' in refused.stderr
    (after,) = sandbox.get("/variants?sku=DEMO-GOBS-PEA")["variants"]
    assert after["retail_price"] == variant["retail_price"]  # nothing was applied


def test_a_plan_whose_configuration_changed_is_refused(sandbox: Sandbox) -> None:
    config = sandbox.config({"catalogue.yaml": CONFIG})
    saved = save_plan(sandbox, config)
    (config / "catalogue.yaml").write_text(CONFIG.replace("24", "25"), encoding="utf-8")
    refused = sandbox.run("apply", str(saved))
    assert refused.exit_code == 1
    assert "the configuration changed since the plan was made" in refused.stderr


def test_an_expired_plan_is_refused(sandbox: Sandbox) -> None:
    config = sandbox.config({"catalogue.yaml": CONFIG})
    saved = save_plan(sandbox, config)
    document = json.loads(saved.read_text())
    past = datetime.now(UTC) - timedelta(hours=1)
    document["expires_at"] = past.isoformat()
    saved.write_text(json.dumps(document), encoding="utf-8")
    refused = sandbox.run("apply", str(saved))
    assert refused.exit_code == 1
    assert "the saved plan expired" in refused.stderr


def test_a_key_created_meanwhile_makes_the_plan_stale(sandbox: Sandbox) -> None:
    config = sandbox.config({"catalogue.yaml": CONFIG})
    saved = save_plan(sandbox, config)
    assert sandbox.run("apply", str(config), "--auto-approve").exit_code == 0
    refused = sandbox.run("apply", str(saved))
    assert refused.exit_code == 1
    assert 'variant["DEMO-GOBS-NEW"] was created in the account since the plan' in refused.stderr
    rows = sandbox.query("SELECT COUNT(*) AS n FROM variants WHERE sku = 'DEMO-GOBS-NEW'")
    assert rows[0]["n"] == 1


def test_thresholds_refuse_a_large_archive_unless_forced(sandbox: Sandbox) -> None:
    config = sandbox.config(
        {
            "catalogue.yaml": """
            gecko_apply: 1
            options:
              archive_missing: [variants]
              thresholds: {archive_percent: 25, min_records: 4}
            products:
              - name: Golden Egg
                variants:
                  - sku: DEMO-EGG-S
            """
        }
    )
    refused = sandbox.run("plan", str(config))
    assert refused.exit_code == 1
    assert "archives" in refused.stderr and "over the 25% threshold" in refused.stderr
    assert "--force" in refused.stderr
    forced = sandbox.run("plan", str(config), "--force", "--format", "json")
    assert forced.exit_code == 0, forced.stderr
    assert json.loads(forced.stdout)["summary"]["archive"] == 3


def test_a_price_jump_over_the_threshold_is_refused(sandbox: Sandbox) -> None:
    config = sandbox.config({"catalogue.yaml": CONFIG.replace("retail: 24", "retail: 99")})
    refused = sandbox.run("plan", str(config))
    assert refused.exit_code == 1
    assert "price_change_percent" in refused.stderr
    assert 'variant["DEMO-GOBS-PEA"] prices.retail 22 → 99' in refused.stderr
