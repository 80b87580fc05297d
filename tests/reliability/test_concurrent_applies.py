"""Concurrent and immediately repeated applies never duplicate (the 20-trial figure is in
``bench/reliability.py --concurrent``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.concurrency import concurrent_applies, kill_mid_write_and_rerun


@pytest.mark.parametrize(("seed", "saved"), [(3, False), (8, True)])
def test_two_applies_at_once_never_duplicate(seed: int, saved: bool, tmp_path: Path) -> None:
    trial = concurrent_applies(seed, tmp_path, saved=saved)
    assert trial.verdict.duplicates == []
    assert trial.unclean == []
    assert trial.ok, trial.describe()
    assert any(f.returncode == 0 and f.args[0] == "apply" for run in trial.runs for f in run)


def test_killed_while_a_write_is_pending_and_rerun_at_once(tmp_path: Path) -> None:
    result = kill_mid_write_and_rerun(17, tmp_path, writes_before=2)
    assert result.killed
    assert result.rerun.returncode == 0, result.rerun.stderr
    assert result.verdict.ok, result.verdict.describe()
