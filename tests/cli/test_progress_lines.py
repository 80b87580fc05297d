"""Apply's progress without a terminal (CI): a compact status line now and then, failures and
waits as they happen, never a line per successful change."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconciler import progress
from tests.e2e.conftest import Sandbox, write_tree

PRODUCTS = 30


def test_ci_progress_is_a_compact_line_every_n_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress, "CI_EVERY_CHANGES", 25)
    products = "".join(
        f"  - name: Line {n}\n    variants: [{{sku: LINE-{n}, name: Only}}]\n"
        for n in range(PRODUCTS)
    )
    config = write_tree(tmp_path / "c", {"p.yaml": f"gecko_apply: 1\nproducts:\n{products}"})
    box = Sandbox(tmp_path / "s.sqlite", tmp_path)
    result = box.run("apply", str(config), "--auto-approve")
    assert result.exit_code == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("Applying ")]
    assert lines[0].startswith("Applying 0/60: 0 succeeded, 0 failed")
    assert [line.split(":")[0] for line in lines[1:]] == [
        "Applying 25/60", "Applying 50/60", "Applying 60/60"
    ]
    assert lines[-1].startswith("Applying 60/60: 60 succeeded, 0 failed · ")
    assert "create succeeded" not in result.stderr and "created" not in result.stderr
    assert "Apply complete: 60 succeeded" in result.stdout
