"""The markdown plan of a real plan against the sandbox: archives named as people know them."""

from __future__ import annotations

import json

from click.testing import CliRunner

from reconciler.cli import main
from tests.e2e.conftest import Sandbox
from tests.render.html_tree import markdown_tree

# Declared out of alphabetical order, so the archives' order is not the configuration's.
CONFIG = """
gecko_apply: 1
options:
  archive_missing: [variants]
products:
  - name: Wonka Bar
    variants:
      - sku: DEMO-BAR-MILK
  - name: Golden Egg
    variants:
      - sku: DEMO-EGG-M
        prices: {retail: 99}
  - name: Everlasting Gobstopper
    variants:
      - sku: DEMO-GOBS-PEA
      - sku: DEMO-GOBS-LIME
        name: Lime
"""


def test_archives_name_product_variant_and_sku_in_order(sandbox: Sandbox) -> None:
    config = sandbox.config({"catalogue.yaml": CONFIG})
    result = sandbox.run("plan", str(config), "--format", "markdown", "--force")
    assert result.exit_code == 0, result.stderr
    root, _ = markdown_tree(result.stdout)
    assert [li.text() for li in root.find_all("li")] == [
        "Everlasting Gobstopper › Snozzberry DEMO-GOBS-SNO",
        "Golden Egg › Extra-Large DEMO-EGG-XL",
        "Golden Egg › Large DEMO-EGG-L",
        "Golden Egg › Small DEMO-EGG-S",
        "Wonka Bar › Dark DEMO-BAR-DARK",
    ]
    headings = [h.text() for h in root.find_all("h4")]
    assert headings[0] == "To archive (5)" and headings[1] == "To create (1)"
    assert "5 variants: not in the configuration (variants in options.archive_missing)" in [
        p.text() for p in root.find_all("p")
    ]
    assert "not in the account" not in root.text()


def test_the_archives_names_travel_in_the_plan_file(sandbox: Sandbox) -> None:
    config = sandbox.config({"catalogue.yaml": CONFIG})
    saved = sandbox.tmp / "plan.json"
    planned = sandbox.run(
        "plan", str(config), "--format", "markdown", "--out", str(saved), "--force"
    )
    assert planned.exit_code == 0, planned.stderr
    archive = next(
        c for c in json.loads(saved.read_text())["changes"] if c["key"] == "DEMO-BAR-DARK"
    )
    assert (archive["parent"], archive["name"]) == ('product["Wonka Bar"]', "Dark")
    shown = CliRunner().invoke(main, ["show", str(saved), "--format", "markdown"])
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout == planned.stdout
