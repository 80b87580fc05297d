"""Runs the action's script under bash with a stand-in gecko-apply, as the runner would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from reconciler.engine.plan import Action, Change, Plan
from reconciler.render.json import render_plan_json

from .files import action, evaluate, step

FAKE = """#!{python}
import json, os, sys
args = sys.argv[1:]
record = {{"args": args, "token": os.environ.get("GECKO_ACCESS_TOKEN"),
          "api_url": os.environ.get("GECKO_API_URL")}}
with open(os.environ["FAKE_RECORD"], "w") as handle:
    json.dump(record, handle)
if "--out" in args:
    with open(args[args.index("--out") + 1], "w") as handle:
        handle.write(os.environ["FAKE_PLAN"])
print("<!-- gecko-apply-plan -->")
sys.exit(int(os.environ["FAKE_EXIT"]))
"""
TOKEN = "secret-token-value"


def plan_with(*actions: Action) -> Plan:
    changes = tuple(
        Change(address=f'variant["S{n}"]', kind="variant", key=f"S{n}", action=a, reason="r")
        for n, a in enumerate(actions)
    )
    return Plan(changes=changes)


@dataclass
class Run:
    code: int
    outputs: dict[str, str]
    record: dict[str, Any]
    summary: str


RunAction = Callable[..., Run]


@pytest.fixture
def run_action(tmp_path: Path) -> RunAction:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "gecko-apply"
    fake.write_text(FAKE.format(python=sys.executable))
    fake.chmod(0o755)
    (bin_dir / "python3").symlink_to(sys.executable)
    script = step(action(), "run")

    def run(exit_code: int = 0, plan: Plan | None = None, **inputs: str) -> Run:
        values = {k: str(v.get("default", "")) for k, v in action()["inputs"].items()}
        values.update({k.replace("_", "-"): v for k, v in inputs.items()})
        context = {f"inputs.{k}": v for k, v in values.items()}
        env = {k: evaluate(str(v), context) for k, v in script["env"].items()}
        files = {n: tmp_path / n for n in ("outputs", "summary", "record")}
        for path in files.values():
            path.write_text("")
        env |= {
            "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
            "GITHUB_OUTPUT": str(files["outputs"]),
            "GITHUB_STEP_SUMMARY": str(files["summary"]),
            "RUNNER_TEMP": str(tmp_path),
            "FAKE_RECORD": str(files["record"]),
            "FAKE_EXIT": str(exit_code),
            "FAKE_PLAN": render_plan_json(plan or Plan()),
        }
        done = subprocess.run(
            # How the runner starts a `shell: bash` step.
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script["run"]],
            env=env, cwd=tmp_path,
            capture_output=True, text=True, timeout=30, check=False,
        )  # fmt: skip
        lines = files["outputs"].read_text().splitlines()
        outputs = dict(line.split("=", 1) for line in lines)
        record = json.loads(files["record"].read_text() or "{}")
        return Run(done.returncode, outputs, record, files["summary"].read_text())

    return run


def test_plan_with_changes_succeeds_and_reports_counts(
    run_action: RunAction, tmp_path: Path
) -> None:
    result = run_action(2, plan_with(Action.CREATE, Action.UPDATE, Action.UPDATE, Action.ARCHIVE))
    assert result.code == 0
    assert result.outputs["exit-code"] == "2"
    counts = {k: result.outputs[k] for k in ("create", "update", "restore", "archive")}
    assert counts == {"create": "1", "update": "2", "restore": "0", "archive": "1"}
    assert result.outputs["has-changes"] == "true"
    assert set(action()["outputs"]) == set(result.outputs)
    plan_file = str(tmp_path / "gecko-apply-plan.json")
    assert result.outputs["plan-file"] == plan_file
    assert result.record["args"] == [
        "plan", "catalogue", "--format", "text", "--out", plan_file, "--detailed-exitcode",
    ]  # fmt: skip
    output_file = Path(result.outputs["output-file"])
    assert output_file.read_text() == "<!-- gecko-apply-plan -->\n"


def test_plan_without_changes(run_action: RunAction) -> None:
    result = run_action(0, Plan(), plan_file="plan.json")
    assert result.code == 0
    assert result.outputs["exit-code"] == "0"
    assert result.outputs["has-changes"] == "false"
    assert result.record["args"][4:6] == ["--out", "plan.json"]


def test_plan_error_fails_the_step(run_action: RunAction) -> None:
    result = run_action(1)
    assert result.code == 1
    assert result.outputs["exit-code"] == "1"


def test_apply_error_fails_the_step_even_with_code_two(run_action: RunAction) -> None:
    assert run_action(2, command="apply").code == 2


def test_apply_a_saved_plan(run_action: RunAction, tmp_path: Path) -> None:
    (tmp_path / "plan.json").write_text(render_plan_json(plan_with(Action.RESTORE)))
    result = run_action(0, command="apply", plan_file="plan.json")
    assert result.code == 0
    assert result.record["args"] == ["apply", "plan.json", "--auto-approve"]
    assert result.outputs["restore"] == "1"


def test_token_goes_through_the_environment_only(run_action: RunAction) -> None:
    result = run_action(0, token=TOKEN)
    assert result.record["token"] == TOKEN
    assert TOKEN not in " ".join(result.record["args"])
    assert result.record["api_url"] is None


def test_api_url_and_extra_args(run_action: RunAction) -> None:
    target = 'product["Everlasting Gobstopper"]'
    result = run_action(0, api_url="http://127.0.0.1:9999", args=f"--target\n{target}\n")
    assert result.record["api_url"] == "http://127.0.0.1:9999"
    assert result.record["args"][-2:] == ["--target", target]


def test_markdown_plan_goes_to_the_job_summary(run_action: RunAction) -> None:
    assert run_action(2, plan_with(Action.CREATE), format="markdown").summary.startswith(
        "<!-- gecko-apply-plan -->"
    )
    assert run_action(2, plan_with(Action.CREATE), format="text").summary == ""


def test_unknown_command_is_an_error(run_action: RunAction) -> None:
    result = run_action(0, command="destroy")
    assert result.code == 1
    assert result.record == {}
