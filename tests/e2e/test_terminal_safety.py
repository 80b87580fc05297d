"""What reaches a terminal or a CI log is safe and says what went wrong in one line.

Account text (names, the API's messages) is escaped in progress lines, errors and export
warnings, so it can neither drive the terminal nor start a line of its own (a forged
``::error::`` workflow command or "Apply complete"); usage errors exit 1, never 2 (which
``--detailed-exitcode`` gives "changes present"); a full disk or a read-only directory is one
line naming the path.
"""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from reconciler.cli import main
from reconciler.client import RateStatus, UnprocessableError
from reconciler.console import reported_errors
from reconciler.engine.outcome import Outcome, Status
from reconciler.engine.plan import Action
from reconciler.progress import Tracker, apply_progress
from tests.e2e.conftest import TOKEN, Sandbox

HOSTILE = "Gob\n::error file=x.yaml::forged\r\nApply complete! \x1b[2J\x1b]0;title\x07\u202eevil"


def _clean(stderr: str) -> list[str]:
    lines = stderr.splitlines()
    assert not any(line.startswith(("::", "Apply complete")) for line in lines), stderr
    assert not any(char in stderr for char in "\x1b\x07\r\u202e"), stderr
    return lines


def test_progress_lines_escape_account_text(capsys: pytest.CaptureFixture[str]) -> None:
    failed = Outcome(address=f'product["{HOSTILE}"]', action=Action.UPDATE,
                     status=Status.FAILED, message=f"422 Unprocessable: {HOSTILE}")
    with apply_progress(Tracker(_Budget(), 2, 2, 1.0), live=False) as progress:
        progress(1, 2, failed)
    lines = [line for line in _clean(capsys.readouterr().err) if not line.startswith("Applying")]
    assert len(lines) == 1
    assert "::error file=x.yaml::forged" in lines[0] and "\\x1b[2J" in lines[0]


class _Budget:
    requests_sent = 0
    rate_status = RateStatus()
    rate_policy = (300, 300.0)

    def estimate_seconds(self, requests: int) -> float:
        return 0.0


def test_an_api_error_carrying_account_text_is_one_escaped_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as stopped, reported_errors():
        raise UnprocessableError(HOSTILE, method="POST", path="/products", status=422)
    assert stopped.value.code == 1
    assert len(_clean(capsys.readouterr().err)) == 1


def test_export_warnings_escape_account_text(empty_sandbox: Sandbox) -> None:
    with TestClient(empty_sandbox.app()) as client:
        for _ in range(2):   # two products of one name: export leaves them out, with a warning
            client.post("/products", json={"product": {"name": HOSTILE}},
                        headers={"Authorization": f"Bearer {TOKEN}"}).raise_for_status()
    result = empty_sandbox.run("export", "--out", str(empty_sandbox.tmp / "exported"))
    lines = _clean(result.stderr)
    assert any("left out" in line and "forged" in line for line in lines), result.stderr


@pytest.mark.parametrize(
    "args",
    [["plan", "examples/demo", "--bogus"], ["plan"], ["plann", "examples/demo"],
     ["plan", "examples/demo", "--format", "yaml"], ["sandbox", "serve", "--rate-limit", "zz"]],
    ids=["unknown-option", "missing-argument", "unknown-command", "bad-choice", "bad-value"],
)
def test_usage_errors_exit_1_not_2(args: list[str]) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert "Error:" in result.stderr and "Traceback" not in result.output


def test_a_full_disk_is_one_line_naming_the_path(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["plan", "examples/demo", "--sandbox",
                                       str(tmp_path / "db.sqlite"), "--out", "/dev/full"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == \
        "Error: /dev/full: No space left on device"


def test_writing_below_a_file_is_one_line_naming_the_path(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    out = tmp_path / "a-file" / "plan.json"
    result = CliRunner().invoke(main, ["plan", "examples/demo", "--sandbox",
                                       str(tmp_path / "db.sqlite"), "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == f"Error: {out}: Not a directory"


@pytest.mark.parametrize(("code", "reason"), [(errno.EROFS, "Read-only file system"),
                                              (errno.EACCES, "Permission denied")])
def test_a_read_only_target_is_one_line_naming_the_path(
    capsys: pytest.CaptureFixture[str], code: int, reason: str
) -> None:
    with pytest.raises(SystemExit) as stopped, reported_errors():
        raise OSError(code, reason, "/mnt/ro/plan.json")
    assert stopped.value.code == 1
    assert capsys.readouterr().err == f"Error: /mnt/ro/plan.json: {reason}\n"
