"""Export never looks complete when it is not: written whole then moved into place, a non-empty
target refused unless --clean, and records left out make it exit 1 unless --allow-partial."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from reconciler.engine.export_dir import ExportTargetError, write_export
from tests.e2e.conftest import TOKEN, Sandbox


def test_a_non_empty_target_is_refused_unless_clean(sandbox: Sandbox) -> None:
    out = sandbox.tmp / "catalogue"
    out.mkdir()
    (out / "stale.yaml").write_text("locations:\n  - label: Gone\n")
    refused = sandbox.run("export", "--out", str(out))
    assert refused.exit_code == 1
    assert "is not empty" in refused.stderr and "--clean" in refused.stderr
    assert sorted(p.name for p in out.iterdir()) == ["stale.yaml"]
    cleaned = sandbox.run("export", "--out", str(out), "--clean")
    assert cleaned.exit_code == 0, cleaned.stderr
    names = sorted(p.name for p in out.iterdir())
    assert "stale.yaml" not in names and "products.yaml" in names
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".")] == []
    planned = sandbox.run("plan", str(out), "--detailed-exitcode")
    assert planned.exit_code == 0, planned.stdout + planned.stderr


def _add_product(sandbox: Sandbox, body: dict[str, object]) -> None:
    with TestClient(sandbox.app()) as client:
        response = client.post("/products", json={"product": body},
                               headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 201, response.text


def test_records_left_out_fail_the_export_unless_allowed(sandbox: Sandbox) -> None:
    sandbox.get("/accounts/current")
    for sku in ("TWIN-1", "TWIN-2"):
        _add_product(sandbox, {"name": "Twin", "variants": [{"sku": sku, "name": sku}]})
    out = sandbox.tmp / "catalogue"
    refused = sandbox.run("export", "--out", str(out))
    assert refused.exit_code == 1
    assert 'left out product["Twin"]: several active records share it' in refused.stderr
    assert "left out 2 variants of the products left out" in refused.stderr
    assert "Nothing was written" in refused.stderr
    assert not out.exists()
    allowed = sandbox.run("export", "--out", str(out), "--allow-partial")
    assert allowed.exit_code == 0, allowed.stderr
    assert "Warning: left out" in allowed.stderr
    assert "TWIN-1" not in (out / "products.yaml").read_text()


def test_an_interrupted_export_leaves_nothing_behind(tmp_path: Path) -> None:
    out = tmp_path / "catalogue"

    def write_then_die(directory: Path) -> list[Path]:
        (directory / "gecko.yaml").write_text("gecko_apply: 1\n")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_export(write_then_die, out, clean=False)
    assert list(tmp_path.iterdir()) == []


def test_a_target_filled_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "catalogue"

    def write_while_someone_fills_the_target(directory: Path) -> list[Path]:
        out.mkdir()
        (out / "theirs.yaml").write_text("x: 1\n")
        path = directory / "gecko.yaml"
        path.write_text("gecko_apply: 1\n")
        return [path]

    with pytest.raises(ExportTargetError):
        write_export(write_while_someone_fills_the_target, out, clean=False)
    assert [p.name for p in out.iterdir()] == ["theirs.yaml"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalogue"]
