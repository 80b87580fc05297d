"""Interrupted applies: ``gecko-apply apply`` as a real process, SIGKILLed mid-apply, re-run.

The sandbox is served by uvicorn on a loopback port in a thread of the test process, with
latency on every request so that kills land between a write's commit and its answer. A kill
is triggered either after the sandbox has answered a number of write requests (the killed
process never reads the last answer) or after a delay.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from reconciler.sandbox import Sandbox, create_app
from tests.reliability.checks import Verdict, verdict
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

LATENCY = "latency=20ms"
WRITES = frozenset({"POST", "PUT", "DELETE"})
MAX_RERUNS = 3


@dataclass(frozen=True)
class KillAt:
    """When to kill: after ``writes`` more write requests were answered, or after ``seconds``."""

    writes: int | None = None
    seconds: float | None = None

    def trigger(self, sandbox: Sandbox) -> Callable[[], bool]:
        if self.writes is not None:
            target = writes_answered(sandbox) + self.writes
            return lambda: writes_answered(sandbox) >= target
        deadline = time.monotonic() + (self.seconds or 0.0)
        return lambda: time.monotonic() >= deadline


@dataclass
class Interrupted:
    killed: list[bool] = field(default_factory=list)      # per kill: still running when killed
    writes_at_kill: list[int] = field(default_factory=list)
    reruns: list[Finished] = field(default_factory=list)
    writes_total: int = 0
    verdict: Verdict = field(default_factory=Verdict)


def writes_answered(sandbox: Sandbox) -> int:
    """Write requests the sandbox performed (their answer may never have been read)."""
    return sum(1 for e in sandbox.request_log if e.method in WRITES and e.status < 300)


def apply_with_kills(seed: int, kills: list[KillAt], work: Path) -> Interrupted:
    """Apply the scenario of ``seed``, killed at each of ``kills`` in turn, then re-run to
    completion (at most ``MAX_RERUNS`` times) and check the account."""
    scenario = build_scenario(seed)
    config = write_config(scenario, work / "config")
    app = create_app(work / "sandbox.sqlite", token=TOKEN, rate_limit=None, seed="empty")
    sandbox: Sandbox = app.state.sandbox
    result = Interrupted()
    try:
        with on_loopback(app) as url:
            with httpx.Client(base_url=url, timeout=30) as http:
                seed_remote(scenario, fast_client(http))
            sandbox.reset_request_log()
            sandbox.set_faults(LATENCY)
            args = ("apply", str(config), "--auto-approve", "--api-url", url)
            env = cli_env(TOKEN)
            for kill in kills:
                with started_cli(*args, env=env, cwd=work) as process:
                    result.killed.append(kill_when(process, kill.trigger(sandbox)))
                result.writes_at_kill.append(writes_answered(sandbox))
            for _ in range(MAX_RERUNS):
                result.reruns.append(run_cli(*args, env=env, cwd=work))
                if result.reruns[-1].returncode == 0:
                    break
            sandbox.set_faults(None)
            result.writes_total = writes_answered(sandbox)
            with httpx.Client(base_url=url, timeout=30) as http:
                final = plan_once(desire_of(config), fast_client(http))
        result.verdict = verdict(sandbox.query, scenario.expected, final)
    finally:
        sandbox.close()
    return result
