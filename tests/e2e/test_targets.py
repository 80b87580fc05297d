"""``--target`` that is not an address, or matches nothing, is an error naming the nearest."""

from __future__ import annotations

from tests.e2e.conftest import Sandbox

CONFIG = """
gecko_apply: 1
products:
  - name: Everlasting Gobstopper
    variants:
      - sku: DEMO-GOBS-PEA
        prices: {retail: 24}
"""


def test_a_malformed_target_is_an_error(sandbox: Sandbox) -> None:
    config = sandbox.config({"catalogue.yaml": CONFIG})
    result = sandbox.run("plan", str(config), "--target", "[[[")
    assert result.exit_code == 1
    assert "--target '[[[' is not an address" in result.stderr
    assert "No changes" not in result.stdout


def test_a_misspelt_kind_names_the_nearest_address(sandbox: Sandbox) -> None:
    config = sandbox.config({"catalogue.yaml": CONFIG})
    result = sandbox.run("apply", str(config), "--auto-approve",
                         "--target", 'varient["DEMO-GOBS-PEA"]')
    assert result.exit_code == 1
    assert 'nearest: variant["DEMO-GOBS-PEA"]' in result.stderr
    assert sandbox.get("/variants?sku=DEMO-GOBS-PEA")["variants"][0]["retail_price"] != "24.0"


def test_a_target_matching_no_record_is_an_error(sandbox: Sandbox) -> None:
    config = sandbox.config({"catalogue.yaml": CONFIG})
    result = sandbox.run("plan", str(config), "--target", 'variant["DEMO-GOBS-PEAR"]')
    assert result.exit_code == 1
    assert "matches no record declared in the configuration or read from the account" in (
        result.stderr
    )
    assert 'variant["DEMO-GOBS-PEA"]' in result.stderr


def test_a_target_of_a_record_without_changes_is_no_changes(sandbox: Sandbox) -> None:
    config = sandbox.config({"catalogue.yaml": CONFIG})
    result = sandbox.run("plan", str(config), "--target", 'product["Everlasting Gobstopper"]')
    assert result.exit_code == 0, result.stderr
    assert "No changes." in result.stdout
