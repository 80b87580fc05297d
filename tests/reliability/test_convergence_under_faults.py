"""Convergence under faults: apply against a sandbox answering 5xx, dropping connections after
committing writes and bursting 429s; re-apply until the plan is empty (at most five rounds);
then, faults off, the plan is empty, nothing is duplicated and no declared change is lost.

The sandbox runs in-process (Starlette's TestClient); the client's retry and rate-limit waits
run on a fake clock, so a run takes a fraction of a second. ``bench/reliability.py`` runs the
same scenario over many more seeds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reconciler.engine.plan import Action
from reconciler.sandbox import create_app
from tests.reliability.checks import find_duplicates, find_lost, verdict
from tests.reliability.scenario import (
    FAULTS,
    MAX_ROUNDS,
    TOKEN,
    apply_until_converged,
    build_scenario,
    desire_of,
    in_process,
    plan_once,
    run_under_faults,
    seed_remote,
    write_config,
)

# Seeds chosen to cover: a change failing after every retry (1, 5, 10), a plan's read failing
# after every retry (3), a write committed whose answer was lost (all of them).
SEEDS = [1, 3, 5, 10, 12]
HEAVY = "5xx=0.2,drop_after_commit=0.3,rate_burst=2"


class TestScenario:
    """The scenario really exercises every action, and the checks really catch failures."""

    def test_first_plan_creates_updates_restores_and_archives(self, tmp_path: Path) -> None:
        for seed in SEEDS:
            scenario = build_scenario(seed)
            config = write_config(scenario, tmp_path / str(seed))
            app = create_app(":memory:", token=TOKEN, rate_limit=None, seed="empty")
            try:
                with in_process(app) as client:
                    seed_remote(scenario, client)
                    plan = plan_once(desire_of(config), client).plan
            finally:
                app.state.sandbox.close()
            actions = {change.action for change in plan.changes}
            assert actions == set(Action), (seed, actions)
            by_address = plan.by_address()
            for address in scenario.expected.restored:
                assert by_address[address].action is Action.RESTORE
            for sku in scenario.expected.archived_skus:
                assert by_address[f'variant["{sku}"]'].action is Action.ARCHIVE
            kinds = {(c.kind, c.action) for c in plan.changes}
            # Variants created both inside a new product's create and on their own.
            assert {("variant", Action.CREATE), ("product", Action.CREATE)} <= kinds

    def test_checks_see_a_lost_change_and_a_duplicate(self, tmp_path: Path) -> None:
        scenario = build_scenario(7)
        expected = scenario.expected
        config = write_config(scenario, tmp_path)
        app = create_app(":memory:", token=TOKEN, rate_limit=None, seed="empty")
        query = app.state.sandbox.query
        try:
            with in_process(app) as client:
                seed_remote(scenario, client)
                desire = desire_of(config)
                rounds = apply_until_converged(desire, client)
                assert (rounds.rounds, rounds.converged_under_faults) == (1, True)
                assert verdict(query, expected, plan_once(desire, client)).ok
                sku = sorted(expected.variants)[0]
                variant = client.list_all("variants", params={"sku": sku}).records[0]
                client.update("variants", variant["id"], {"retail_price": "999.0"})
                assert any(f"variant {sku}: price retail '999.0'" in lost
                           for lost in find_lost(query, expected))
                assert find_duplicates(query, expected) == []
                client.create("variants", {"product_id": variant["product_id"], "sku": sku,
                                           "name": "Twin", "opt1": "Twin"})
                assert find_duplicates(query, expected) == [
                    f"variants.sku {sku!r} x2 active", f"variants {sku!r} x2 in all"
                ]
                client.archive("variants", variant["id"])
                assert find_duplicates(query, expected) == [f"variants {sku!r} x2 in all"]
        finally:
            app.state.sandbox.close()


@pytest.mark.parametrize("seed", SEEDS)
def test_converges_under_faults(seed: int, tmp_path: Path) -> None:
    result = run_under_faults(seed, tmp_path, faults=FAULTS)
    assert result.verdict.ok, result.verdict.describe()
    assert result.rounds.rounds <= MAX_ROUNDS
    assert result.rounds.converged_under_faults, result.rounds
    assert sum(result.faults_seen.values()) > 0


def test_the_seeds_hit_every_fault(tmp_path: Path) -> None:
    seen: dict[str, int] = {}
    failed = 0
    for seed in SEEDS:
        result = run_under_faults(seed, tmp_path, faults=FAULTS)
        failed += result.rounds.failed_changes + len(result.rounds.errors)
        for fault, count in result.faults_seen.items():
            seen[fault] = seen.get(fault, 0) + count
    assert set(seen) == {"5xx", "drop_after_commit", "rate_burst"}
    assert failed > 0  # some changes needed a second round


@pytest.mark.parametrize("seed", [21, 22])
def test_converges_under_heavy_faults(seed: int, tmp_path: Path) -> None:
    result = run_under_faults(seed, tmp_path, faults=HEAVY, max_rounds=8)
    assert result.verdict.ok, result.verdict.describe()
    assert result.faults_seen.get("drop_after_commit", 0) >= 2
