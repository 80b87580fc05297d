"""``show`` renders a saved plan exactly as the plan that made it printed it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from reconciler.cli import main
from tests.e2e.conftest import Sandbox

CONFIG = """
gecko_apply: 1
options:
  thresholds: {price_change_percent: 5}
products:
  - name: Everlasting Gobstopper
    variants:
      - sku: DEMO-GOBS-PEA
        prices: {retail: 30}
      - sku: DEMO-GOBS-NEW
        name: Lime
        prices: {retail: 21}
"""


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_show_renders_a_saved_plan_as_plan_printed_it(sandbox: Sandbox, fmt: str) -> None:
    config = sandbox.config({"catalogue.yaml": CONFIG})
    saved = sandbox.tmp / f"{fmt}.plan.json"
    planned = sandbox.run("plan", str(config), "--format", fmt, "--out", str(saved), "--force")
    assert planned.exit_code == 0, planned.stderr
    shown = CliRunner().invoke(main, ["show", str(saved), "--format", fmt])
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout == planned.stdout
    assert shown.stderr == ""
    assert "DEMO-GOBS-NEW" in shown.stdout
    if fmt == "markdown":  # the configuration's 5% price threshold travels in the plan file
        assert "#### Price changes over 5% (1)" in shown.stdout


def test_show_refuses_a_file_that_is_not_a_plan(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"format_version": "0"}', encoding="utf-8")
    shown = CliRunner().invoke(main, ["show", str(path)])
    assert shown.exit_code == 1
    assert shown.stderr.startswith("Error: the plan file has format_version '0'")
    assert "Traceback" not in shown.stderr
