"""``pull``: drift made in the account is written back into the YAML in place, end to end."""

from __future__ import annotations

import difflib
import shutil
import textwrap
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from starlette.testclient import TestClient

from reconciler.cli import main
from tests.e2e.conftest import TOKEN, Sandbox

PRODUCTS = """\
# Products of the shop; prices in SGD.
x-candy: &candy
  taxable: true
  weight_unit: kg

products:
  # The best seller.
  - name: Pull Gobstopper          # the classic
    product_type: Candy
    tags: [candy, summer]
    opt1: Flavour
    variants:
      - <<: *candy
        sku: "00123"               # looks like a number, stays text
        name: 'Peach'
        opt1: Peach
        prices: {retail: 22.0, wholesale: 12}

      - <<: *candy
        sku: PULL-GOBS-LEM
        name: Lemon
        opt1: Lemon
        prices:
          retail: 22.00            # two decimals, as the menu prints them
          wholesale: 12

  - name: Pull Egg
    brand: Wonka
    description: |
      A golden egg.
      Laid daily.
    opt1: Size
    variants:
      - sku: PULL-EGG-S
        name: Small
        opt1: Small
        prices: {retail: 9}
"""

MORE_CRLF = (
    "# More products, written on Windows.\r\n"
    "products:\r\n"
    '  - name: "Pull Fizz"   # quoted\r\n'
    "    tags:\r\n"
    "      - drink\r\n"
    "      - fizzy\r\n"
    "    variants:\r\n"
    "      - sku: PULL-FIZZ-1\r\n"
    "        name: Fizz One\r\n"
    "        prices: {retail: 5}\r\n"
)


def configuration(sandbox: Sandbox) -> Path:
    config = sandbox.config({"gecko.yaml": "gecko_apply: 1\n", "products.yaml": PRODUCTS})
    (config / "more.yaml").write_bytes(MORE_CRLF.encode())
    applied = sandbox.run("apply", str(config), "--auto-approve")
    assert applied.exit_code == 0, applied.stdout + applied.stderr
    return config


def validates(config: Path) -> bool:
    return CliRunner().invoke(main, ["validate", str(config)]).exit_code == 0


def api(sandbox: Sandbox, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    with TestClient(sandbox.app()) as client:
        response = client.request(
            method, path, json=body, headers={"Authorization": f"Bearer {TOKEN}"}
        )
    assert response.status_code < 300, response.text
    return response.json() if response.content else None


def variant(sandbox: Sandbox, sku: str) -> dict[str, Any]:
    (found,) = sandbox.get(f"/variants?sku={sku}")["variants"]
    return dict(found)


def product(sandbox: Sandbox, name: str) -> dict[str, Any]:
    (found,) = [p for p in sandbox.get("/products?limit=250")["products"] if p["name"] == name]
    return dict(found)


def drift(sandbox: Sandbox) -> None:
    """What people changed in TradeGecko's own screens."""
    edits = {
        "00123": {"retail_price": "23.5"},
        "PULL-GOBS-LEM": {"wholesale_price": "13"},
        "PULL-FIZZ-1": {"name": "Fizz No. 1"},
    }
    for sku, body in edits.items():
        api(sandbox, "PUT", f"/variants/{variant(sandbox, sku)['id']}", {"variant": body})
    gobstopper = product(sandbox, "Pull Gobstopper")
    api(sandbox, "PUT", f"/products/{gobstopper['id']}",
        {"product": {"tags": "candy,summer,bestseller"}})
    egg = product(sandbox, "Pull Egg")
    api(sandbox, "PUT", f"/products/{egg['id']}", {"product": {
        "name": "Pull Golden Egg", "description": "A golden egg.\nLaid twice daily.\n"}})
    fizz = product(sandbox, "Pull Fizz")
    api(sandbox, "PUT", f"/products/{fizz['id']}", {"product": {"tags": "drink"}})
    api(sandbox, "POST", "/variants", {"variant": {
        "product_id": gobstopper["id"], "sku": "PULL-GOBS-MINT", "name": "Mint", "opt1": "Mint",
        "retail_price": "21"}})


def files_of(config: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(config.glob("*.yaml"))}


def changed_lines(before: bytes, after: bytes) -> tuple[list[str], list[str]]:
    old = before.decode().splitlines(keepends=True)
    new = after.decode().splitlines(keepends=True)
    removed, added = [], []
    for line in difflib.ndiff(old, new):
        if line.startswith("- "):
            removed.append(line[2:].rstrip("\r\n"))
        elif line.startswith("+ "):
            added.append(line[2:].rstrip("\r\n"))
    return removed, added


def test_pull_writes_the_drift_in_place_and_the_plan_is_then_empty(sandbox: Sandbox) -> None:
    config = configuration(sandbox)
    drift(sandbox)
    before = files_of(config)
    pulled = sandbox.run("pull", str(config), "--add-new")
    assert pulled.exit_code == 2, pulled.stdout + pulled.stderr
    after = files_of(config)

    assert sandbox.run("plan", str(config), "--detailed-exitcode").exit_code == 0
    assert validates(config)

    removed, added = changed_lines(before["products.yaml"], after["products.yaml"])
    assert sorted(removed) == [
        "          wholesale: 12",
        "        prices: {retail: 22.0, wholesale: 12}",
        "      Laid daily.",
        "    tags: [candy, summer]",
        "  - name: Pull Egg",
    ]
    assert "        prices: {retail: 23.5, wholesale: 12}" in added
    assert "          wholesale: 13" in added
    assert "    tags: [candy, summer, bestseller]" in added
    assert "  - name: Pull Golden Egg" in added
    assert "    renamed_from: Pull Egg" in added
    assert "      Laid twice daily." in added
    assert "      - sku: PULL-GOBS-MINT" in added

    old_lines = before["products.yaml"].decode().splitlines()
    comments = [line for line in old_lines if "#" in line]
    assert all(line in after["products.yaml"].decode().splitlines() for line in comments
               if "Pull Egg" not in line)

    crlf = after["more.yaml"]
    assert crlf.count(b"\n") == crlf.count(b"\r\n")
    removed, added = changed_lines(before["more.yaml"], crlf)
    assert sorted(removed) == ["        name: Fizz One", "      - fizzy"]
    assert added == ["        name: Fizz No. 1"]
    assert before["gecko.yaml"] == after["gecko.yaml"]


def test_dry_run_prints_the_diff_the_real_run_makes_and_changes_nothing(
    sandbox: Sandbox,
) -> None:
    config = configuration(sandbox)
    drift(sandbox)
    before = files_of(config)
    dry = sandbox.run("pull", str(config), "--add-new", "--dry-run")
    assert dry.exit_code == 2, dry.stderr
    assert files_of(config) == before
    assert "Would pull 8 changes into 2 files." in dry.stderr

    real = sandbox.run("pull", str(config), "--add-new")
    assert real.exit_code == 2
    expected = "".join(
        "".join(difflib.unified_diff(
            before[name].decode().splitlines(keepends=True),
            (config / name).read_bytes().decode().splitlines(keepends=True),
            f"a/{config / name}", f"b/{config / name}",
        ))
        for name in sorted(before)
    )
    assert dry.stdout_bytes.decode() == expected  # .stdout folds the CRLF lines
    assert sandbox.run("pull", str(config)).exit_code == 0


def test_a_shared_anchor_is_reported_not_forked(sandbox: Sandbox) -> None:
    config = configuration(sandbox)
    api(sandbox, "PUT", f"/variants/{variant(sandbox, '00123')['id']}",
        {"variant": {"weight_unit": "lb"}})
    before = files_of(config)
    pulled = sandbox.run("pull", str(config))
    assert pulled.exit_code == 2
    assert files_of(config) == before
    assert (f"{config / 'products.yaml'}:4:16: variant[\"00123\"] weight_unit: the value comes "
            "from an anchor or merge key") in pulled.stderr
    assert "(the account has lb)" in pulled.stderr


def test_a_shared_anchor_is_edited_when_every_user_agrees(sandbox: Sandbox) -> None:
    config = configuration(sandbox)
    for sku in ("00123", "PULL-GOBS-LEM"):
        api(sandbox, "PUT", f"/variants/{variant(sandbox, sku)['id']}",
            {"variant": {"weight_unit": "lb"}})
    before = files_of(config)
    assert sandbox.run("pull", str(config)).exit_code == 2
    removed, added = changed_lines(before["products.yaml"], files_of(config)["products.yaml"])
    assert (removed, added) == (["  weight_unit: kg"], ["  weight_unit: lb"])
    assert sandbox.run("plan", str(config), "--detailed-exitcode").exit_code == 0


def test_archived_records_are_reported_or_pruned(sandbox: Sandbox) -> None:
    config = configuration(sandbox)
    api(sandbox, "DELETE", f"/variants/{variant(sandbox, 'PULL-GOBS-LEM')['id']}")
    kept = sandbox.run("pull", str(config))
    assert kept.exit_code == 2
    assert 'variant["PULL-GOBS-LEM"] is archived in the account; kept' in kept.stderr
    assert b"PULL-GOBS-LEM" in (config / "products.yaml").read_bytes()

    pruned = sandbox.run("pull", str(config), "--prune-archived")
    assert pruned.exit_code == 2, pruned.stderr
    text = (config / "products.yaml").read_text()
    assert "PULL-GOBS-LEM" not in text and "retail: 22.00" not in text
    assert "# two decimals" not in text and 'sku: "00123"' in text
    assert sandbox.run("plan", str(config), "--detailed-exitcode").exit_code == 0


def test_new_products_go_to_the_file_holding_most_or_into(sandbox: Sandbox) -> None:
    config = configuration(sandbox)
    shutil.copy(config / "products.yaml", config.parent / "saved.yaml")
    pulled = sandbox.run("pull", str(config), "--add-new", "products", "--dry-run")
    assert pulled.exit_code == 2
    assert f"+++ b/{config / 'products.yaml'}" in pulled.stdout
    assert "+  - name: Everlasting Gobstopper" in pulled.stdout  # from the demo account

    into = config / "new" / "imported.yaml"
    written = sandbox.run("pull", str(config), "--add-new", "products", "--into", str(into))
    assert written.exit_code == 2, written.stderr
    assert into.read_text().startswith("products:\n  - name: ")
    assert (config / "products.yaml").read_bytes() == (config.parent / "saved.yaml").read_bytes()
    assert validates(config)


def test_nothing_to_pull_exits_zero_and_a_target_limits_the_pull(sandbox: Sandbox) -> None:
    config = configuration(sandbox)
    nothing = sandbox.run("pull", str(config))
    assert (nothing.exit_code, nothing.stdout) == (0, "")
    assert "Nothing to pull." in nothing.stderr
    drift(sandbox)
    targeted = sandbox.run("pull", str(config), "--target", 'product["Pull Fizz"]')
    assert targeted.exit_code == 2
    assert 'variant["PULL-FIZZ-1"] name: Fizz One → Fizz No. 1' in targeted.stdout
    assert "00123" not in targeted.stdout
    assert (config / "products.yaml").read_text() == textwrap.dedent(PRODUCTS)
    typo = sandbox.run("pull", str(config), "--target", 'product["Pull Fiz"]')
    assert typo.exit_code == 1
    assert 'matches no record declared in the configuration or read from the account; ' \
        'nearest: product["Pull Fizz"]' in typo.stderr


def test_hostile_account_text_is_escaped_in_the_output_and_the_yaml(sandbox: Sandbox) -> None:
    config = configuration(sandbox)
    hostile = "Fizz\x1b[2J\n::error::Apply complete"
    api(sandbox, "PUT", f"/variants/{variant(sandbox, 'PULL-FIZZ-1')['id']}",
        {"variant": {"name": hostile}})
    pulled = sandbox.run("pull", str(config))
    assert pulled.exit_code == 2, pulled.stderr
    assert "\x1b" not in pulled.stdout + pulled.stderr
    assert not any(line.startswith("::error") for line in pulled.stdout.splitlines())
    assert '        name: "Fizz\\x1b[2J\\n::error::Apply complete"\r\n' in (
        (config / "more.yaml").read_bytes().decode()
    )
    assert sandbox.run("plan", str(config), "--detailed-exitcode").exit_code == 0
