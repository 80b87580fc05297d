from __future__ import annotations

import re

from .files import action, expressions, step, steps

INPUTS = {"command", "path", "api-url", "token", "plan-file", "format", "detailed-exitcode", "args"}
COUNTS = ("create", "update", "restore", "archive")


def test_is_a_composite_action_with_the_documented_inputs() -> None:
    data = action()
    assert data["runs"]["using"] == "composite"
    assert set(data["inputs"]) >= INPUTS
    assert data["inputs"]["command"]["default"] == "plan"
    assert data["inputs"]["detailed-exitcode"]["default"] == "true"
    assert all("description" in spec for spec in data["inputs"].values())


def test_outputs_map_to_outputs_the_run_step_writes() -> None:
    data = action()
    outputs = data["outputs"]
    assert {"exit-code", "output-file", "plan-file", "has-changes", *COUNTS} <= set(outputs)
    for name, spec in outputs.items():
        assert spec["value"] == f"${{{{ steps.run.outputs.{name} }}}}"


def test_every_run_step_names_its_shell() -> None:
    assert all(s.get("shell") == "bash" for s in steps(action()) if "run" in s)


def test_installs_from_the_action_path() -> None:
    install = next(s for s in steps(action()) if "pip install" in s.get("run", ""))
    assert '"${{ github.action_path }}"' in install["run"]


def test_the_token_only_reaches_the_environment() -> None:
    data = action()
    run = step(data, "run")
    assert run["env"]["GECKO_ACCESS_TOKEN"] == "${{ inputs.token }}"
    uses_of_token = [
        (s.get("name"), key)
        for s in steps(data)
        for key, value in {**s.get("env", {}), **s.get("with", {})}.items()
        if "inputs.token" in str(value)
    ]
    assert uses_of_token == [("Run gecko-apply", "GECKO_ACCESS_TOKEN")]


def test_inputs_never_spliced_into_scripts() -> None:
    for s in steps(action()):
        found = expressions(s.get("run", ""))
        assert set(found) <= {"github.action_path"}, (s.get("name"), found)


def test_plan_exit_code_two_does_not_fail_the_step() -> None:
    script = step(action(), "run")["run"]
    assert re.search(r'"\$INPUT_COMMAND" = "plan" \] && \[ "\$code" -eq 2 \]; then exit 0', script)
    assert script.rstrip().endswith('exit "$code"')
