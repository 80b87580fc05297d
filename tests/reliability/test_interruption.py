"""Interruption: SIGKILL ``gecko-apply apply`` at several points, re-run it, and the account
converges as after an uninterrupted apply (empty plan, nothing duplicated, nothing lost)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.interruption import KillAt, apply_with_kills

SEED = 17   # 33 changes in 26 write requests: creates, updates, restores and archives


@pytest.mark.parametrize("writes", [1, 4, 9, 15, 22])
def test_killed_after_a_write_then_rerun_converges(writes: int, tmp_path: Path) -> None:
    result = apply_with_kills(SEED, [KillAt(writes=writes)], tmp_path)
    assert result.killed == [True], "the apply ended before the kill point"
    assert result.writes_at_kill[0] >= writes
    rerun = result.reruns[-1]
    assert len(result.reruns) == 1 and rerun.returncode == 0, rerun.stderr
    assert "Traceback" not in rerun.stderr
    assert result.verdict.ok, result.verdict.describe()
    assert result.writes_total > result.writes_at_kill[0]  # the re-run had work left


@pytest.mark.parametrize(("seed", "seconds"), [(0, 0.35), (23, 0.6), (35, 0.9)])
def test_killed_after_a_delay_then_rerun_converges(seed: int, seconds: float,
                                                   tmp_path: Path) -> None:
    result = apply_with_kills(seed, [KillAt(seconds=seconds)], tmp_path)
    assert result.reruns[-1].returncode == 0, result.reruns[-1].stderr
    assert result.verdict.ok, result.verdict.describe()


def test_killed_twice_then_rerun_converges(tmp_path: Path) -> None:
    result = apply_with_kills(SEED, [KillAt(writes=3), KillAt(writes=5)], tmp_path)
    assert result.killed == [True, True]
    assert result.reruns[-1].returncode == 0, result.reruns[-1].stderr
    assert result.verdict.ok, result.verdict.describe()
