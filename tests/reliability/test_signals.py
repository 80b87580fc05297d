"""SIGTERM (what a CI cancel sends) stops apply as Ctrl-C does: one line saying how many changes
were done, an exit code of 128 + the signal, and a re-run that converges.

``gecko-apply apply`` runs as a real process against a uvicorn-served sandbox slowed by latency,
and is signalled once its progress shows two changes done.
"""

from __future__ import annotations

import re
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from reconciler.sandbox import create_app
from tests.reliability.processes import cli_env, run_cli, started_cli
from tests.servers import on_loopback

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo"
TOKEN = "signal-token"


def _wait_for_writes(sandbox: Any, count: int, stderr: Path, timeout: float = 30.0) -> None:
    """Until the sandbox answered ``count`` writes (the apply is under way)."""
    deadline = time.monotonic() + timeout
    while sum(1 for e in sandbox.request_log if e.method != "GET" and e.status < 300) < count:
        assert time.monotonic() < deadline, stderr.read_text(encoding="utf-8")
        time.sleep(0.01)


@pytest.mark.parametrize(
    ("signum", "said"),
    [(signal.SIGTERM, "Terminated"), (signal.SIGINT, "Interrupted")],
    ids=["SIGTERM", "SIGINT"],
)
def test_a_signalled_apply_says_how_far_it_got_and_a_rerun_converges(
    tmp_path: Path, signum: signal.Signals, said: str
) -> None:
    app = create_app(tmp_path / "sandbox.sqlite", token=TOKEN, rate_limit=None, seed="demo")
    sandbox = app.state.sandbox
    try:
        with on_loopback(app) as url:
            sandbox.set_faults("latency=150ms")
            args = ("apply", str(DEMO), "--auto-approve", "--api-url", url)
            with started_cli(*args, env=cli_env(TOKEN), cwd=tmp_path) as process:
                # the third write is sent only once the second change is recorded as done
                _wait_for_writes(sandbox, 3, tmp_path / "stderr.txt")
                process.send_signal(signum)
                returncode = process.wait(timeout=30)
            stderr = (tmp_path / "stderr.txt").read_text(encoding="utf-8")
            sandbox.set_faults(None)
            rerun = run_cli(*args, env=cli_env(TOKEN), cwd=tmp_path)
            after = run_cli("plan", str(DEMO), "--api-url", url, "--detailed-exitcode",
                            env=cli_env(TOKEN), cwd=tmp_path)
    finally:
        sandbox.close()
    assert returncode == 128 + signum, stderr
    assert "Traceback" not in stderr
    last = stderr.strip().splitlines()[-1]
    done = re.fullmatch(rf"{said}: (\d+) of (\d+) done; re-running converges\.", last)
    assert done is not None, stderr
    assert 2 <= int(done[1]) < int(done[2])
    assert rerun.returncode == 0, rerun.stderr
    assert after.returncode == 0, after.stdout
