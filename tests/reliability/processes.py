"""The ``gecko-apply`` command as a real process: started, watched, killed, always reaped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

# The console script may not be on PATH; run the same entry point through this interpreter.
_ENTRY = "import sys; from reconciler.cli import main; sys.exit(main(prog_name='gecko-apply'))"
RUN_TIMEOUT = 60.0


def cli_command(*args: str) -> list[str]:
    return [sys.executable, "-c", _ENTRY, *args]


def cli_env(token: str | None, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a CLI process: no GECKO_* inherited, plain output, the token given."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GECKO_")}
    env["NO_COLOR"] = "1"
    env["PYTHONUNBUFFERED"] = "1"
    if token is not None:
        env["GECKO_ACCESS_TOKEN"] = token
    env.update(extra or {})
    return env


@dataclass(frozen=True)
class Finished:
    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str, env: Mapping[str, str], cwd: Path,
            timeout: float = RUN_TIMEOUT) -> Finished:
    """Run the CLI to completion (killed after ``timeout`` seconds)."""
    completed = subprocess.run(
        cli_command(*args), env=dict(env), cwd=cwd, capture_output=True, text=True,
        timeout=timeout, check=False,
    )
    return Finished(tuple(args), completed.returncode, completed.stdout, completed.stderr)


@contextmanager
def started_cli(*args: str, env: Mapping[str, str], cwd: Path) -> Iterator[subprocess.Popen[str]]:
    """Start the CLI; on leaving, SIGKILL it if it still runs and reap it."""
    out = (cwd / "stdout.txt").open("w", encoding="utf-8")
    err = (cwd / "stderr.txt").open("w", encoding="utf-8")
    process = subprocess.Popen(cli_command(*args), env=dict(env), cwd=cwd, stdout=out,
                               stderr=err, text=True)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        out.close()
        err.close()


def kill_when(process: subprocess.Popen[str], ready: Callable[[], bool], *,
              timeout: float = 20.0, poll: float = 0.002) -> bool:
    """SIGKILL ``process`` as soon as ``ready()`` holds; False if it ended first (or the time ran
    out, when it is killed anyway)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        if ready():
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
            return True
        time.sleep(poll)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    return False
