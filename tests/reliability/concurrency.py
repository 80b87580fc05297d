"""Two applies at once, and an apply killed while its write is pending: never a duplicate.

Each trial applies a random scenario (tests/reliability/scenario.py) with two real
``gecko-apply`` processes against one sandbox served by uvicorn, the second started a random
0–2 s after the first; either straight from the configuration, or each through its own saved
plan (``plan --out`` then ``apply PLANFILE``). Every write waits a little in the sandbox so the
two runs overlap. Afterwards nothing may be held twice, each run must have ended cleanly (exit 0,
or exit 1 with one-line errors and no traceback) and a plan must be empty.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from reconciler.engine.errors import PlanError
from reconciler.engine.service import Planned
from reconciler.sandbox import Sandbox, create_app
from tests.reliability.checks import Verdict, verdict
from tests.reliability.interruption import writes_answered
from tests.reliability.processes import Finished, cli_env, kill_when, run_cli, started_cli
from tests.reliability.scenario import (
    TOKEN,
    build_scenario,
    desire_of,
    fast_client,
    plan_once,
    seed_remote,
    write_config,
)
from tests.servers import on_loopback

OVERLAP = "write_latency=30ms"
MAX_OFFSET = 2.0


@dataclass
class Trial:
    runs: list[list[Finished]] = field(default_factory=list)
    offset: float = 0.0
    verdict: Verdict = field(default_factory=Verdict)
    plan_error: str = ""

    @property
    def unclean(self) -> list[str]:
        """Commands that crashed, or failed without saying why in one-line errors."""
        return [f"{' '.join(f.args[:2])} exit {f.returncode}: {f.stderr.strip()[-300:]}"
                for run in self.runs for f in run if not _clean(f)]

    @property
    def ok(self) -> bool:
        return self.verdict.ok and not self.unclean and not self.plan_error

    def describe(self) -> str:
        said = [self.verdict.describe(), *self.unclean, self.plan_error]
        return "; ".join(part for part in said if part)


def _clean(finished: Finished) -> bool:
    if finished.returncode == 0:
        return True
    said = finished.stdout + finished.stderr
    return (finished.returncode == 1 and "Traceback" not in said
            and "internal error" not in said.lower()
            and ("Error:" in said or "failed" in said))


def concurrent_applies(seed: int, work: Path, *, saved: bool) -> Trial:
    """Apply the scenario of ``seed`` twice at once; check the account afterwards."""
    scenario = build_scenario(seed)
    config = write_config(scenario, work / "config")
    app = create_app(work / "sandbox.sqlite", token=TOKEN, rate_limit=None, seed="empty")
    sandbox: Sandbox = app.state.sandbox
    trial = Trial(offset=random.Random(seed).uniform(0.0, MAX_OFFSET))
    try:
        with on_loopback(app) as url:
            with httpx.Client(base_url=url, timeout=30) as http:
                seed_remote(scenario, fast_client(http))
            sandbox.set_faults(OVERLAP)
            trial.runs = _race(url, config, work, saved=saved, offset=trial.offset)
            sandbox.set_faults(None)
            final, trial.plan_error = _final_plan(url, config)
        trial.verdict = verdict(sandbox.query, scenario.expected, final)
    finally:
        sandbox.close()
    return trial


def _final_plan(url: str, config: Path) -> tuple[Planned | None, str]:
    """The plan made once both runs ended, or why it could not be made."""
    with httpx.Client(base_url=url, timeout=30) as http:
        try:
            return plan_once(desire_of(config), fast_client(http)), ""
        except PlanError as error:
            return None, f"the next plan failed: {error.problems[0]}"


def _race(
    url: str, config: Path, work: Path, *, saved: bool, offset: float
) -> list[list[Finished]]:
    results: list[list[Finished]] = [[], []]

    def runner(index: int, delay: float) -> None:
        time.sleep(delay)
        env, cwd = cli_env(TOKEN), work
        connection = ("--api-url", url)
        if not saved:
            results[index].append(
                run_cli("apply", str(config), "--auto-approve", *connection, env=env, cwd=cwd))
            return
        plan_file = work / f"run{index}.plan.json"
        planned = run_cli("plan", str(config), "--out", str(plan_file), *connection,
                          env=env, cwd=cwd)
        results[index].append(planned)
        if plan_file.exists():
            results[index].append(run_cli("apply", str(plan_file), *connection,
                                          env=env, cwd=cwd))

    threads = [threading.Thread(target=runner, args=(i, d)) for i, d in ((0, 0.0), (1, offset))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@dataclass
class KilledMidWrite:
    killed: bool
    rerun: Finished
    verdict: Verdict


def kill_mid_write_and_rerun(seed: int, work: Path, *, writes_before: int) -> KilledMidWrite:
    """Kill apply while a write is pending in the sandbox (it commits after the kill), and
    re-run at once, so the re-run reads before that write lands."""
    scenario = build_scenario(seed)
    config = write_config(scenario, work / "config")
    app = create_app(work / "sandbox.sqlite", token=TOKEN, rate_limit=None, seed="empty")
    sandbox: Sandbox = app.state.sandbox
    try:
        with on_loopback(app) as url:
            with httpx.Client(base_url=url, timeout=30) as http:
                seed_remote(scenario, fast_client(http))
            sandbox.reset_request_log()
            sandbox.set_faults("write_latency=1500ms")
            args = ("apply", str(config), "--auto-approve", "--api-url", url)
            env = cli_env(TOKEN)
            with started_cli(*args, env=env, cwd=work) as process:
                # The next write is sent the moment the previous one is answered.
                ready = _after_writes(sandbox, writes_before, then=0.3)
                killed = kill_when(process, ready, timeout=60)
            # The pending write keeps its wait; the re-run's own writes need not.
            sandbox.set_faults(OVERLAP)
            rerun = run_cli(*args, env=env, cwd=work)
            sandbox.set_faults(None)
            with httpx.Client(base_url=url, timeout=30) as http:
                final = plan_once(desire_of(config), fast_client(http))
        result = verdict(sandbox.query, scenario.expected, final)
    finally:
        sandbox.close()
    return KilledMidWrite(killed, rerun, result)


def _after_writes(sandbox: Sandbox, count: int, *, then: float) -> Callable[[], bool]:
    reached: list[float] = []

    def ready() -> bool:
        if not reached and writes_answered(sandbox) >= count:
            reached.append(time.monotonic())
        return bool(reached) and time.monotonic() - reached[0] >= then

    return ready
