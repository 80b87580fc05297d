"""Archiving a product archives its variants: every format lists them, the summary counts them."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import Sandbox

CONFIG = """
gecko_apply: 1
options:
  archive_missing: [products]
products:
  - name: Everlasting Gobstopper
"""


def _archived_product(sandbox: Sandbox) -> tuple[str, list[str]]:
    plan = json.loads(sandbox.run("plan", str(sandbox.config({"c.yaml": CONFIG})),
                                  "--format", "json").stdout)
    archive = next(c for c in plan["changes"] if c["archives_with"])
    return archive["address"], archive["archives_with"]


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_every_format_lists_and_counts_the_variants(sandbox: Sandbox, fmt: str) -> None:
    config = sandbox.config({"c.yaml": CONFIG})
    result = sandbox.run("plan", str(config), "--format", fmt)
    assert result.exit_code == 0, result.stderr
    _, variants = _archived_product(sandbox)
    skus = [v.partition('"')[2].rstrip('"]') for v in variants]
    assert variants and all(v.startswith('variant["') for v in variants)
    for sku in skus:
        assert sku in result.stdout
    rows = sandbox.query("SELECT COUNT(*) AS n FROM variants WHERE status = 'active'")
    everything = json.loads(sandbox.run("plan", str(config), "--format", "json").stdout)
    total = everything["archived_with"]
    assert total == sum(len(c["archives_with"]) for c in everything["changes"])
    assert 0 < total < rows[0]["n"]
    if fmt == "text":
        assert f"to archive (and {total} variants with them)" in result.stdout
        assert f'      with {variants[0]}' in result.stdout
    if fmt == "markdown":
        assert f"(+{total} variants)" in result.stdout


def test_applying_the_archive_takes_the_listed_variants(sandbox: Sandbox) -> None:
    config = sandbox.config({"c.yaml": CONFIG})
    _, variants = _archived_product(sandbox)
    applied = sandbox.run("apply", str(config), "--auto-approve")
    assert applied.exit_code == 0, applied.stdout + applied.stderr
    sku = variants[0].partition('"')[2].rstrip('"]')
    (record,) = sandbox.query("SELECT status FROM variants WHERE sku = ?", sku)
    assert record["status"] == "archived"
