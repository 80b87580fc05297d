from __future__ import annotations

import re
from typing import Any

import pytest

from reconciler.render.markdown import MARKER

from .files import EXAMPLES, action, expressions, gecko_steps, step, steps, workflow

WORKFLOWS = ("plan.yml", "apply.yml", "drift.yml")
PERMISSIONS = {
    "plan.yml": {"plan": {"contents": "read", "pull-requests": "write"}},
    "apply.yml": {"apply": {"contents": "read"}},
    "drift.yml": {"drift": {"contents": "read", "issues": "write"},
                  "pull-request": {"contents": "write", "pull-requests": "write"}},
}
PINNED = re.compile(r"^actions/[\w-]+@[0-9a-f]{40}$")
SAFE_IN_SCRIPTS = {"github.action_path"}


def script_of(data: dict[str, Any], name_part: str) -> str:
    found = next(s for s in steps(data) if name_part in s.get("name", ""))
    assert found["uses"].startswith("actions/github-script@")
    return str(found["with"]["script"])


def test_the_examples_are_exactly_these_and_documented() -> None:
    assert sorted(p.name for p in EXAMPLES.glob("*.yml")) == sorted(WORKFLOWS)
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for name in WORKFLOWS:
        assert f"`{name}`" in readme
    for output in action()["outputs"]:
        assert f"`{output}`" in readme


@pytest.mark.parametrize("name", WORKFLOWS)
def test_minimal_permissions_per_job(name: str) -> None:
    data = workflow(name)
    assert data["permissions"] == {}
    assert {job: spec["permissions"] for job, spec in data["jobs"].items()} == PERMISSIONS[name]


@pytest.mark.parametrize("name", WORKFLOWS)
def test_actions_are_pinned_by_commit(name: str) -> None:
    for item in steps(workflow(name)):
        uses = str(item.get("uses", ""))
        if uses.startswith("actions/"):
            assert PINNED.match(uses), uses


@pytest.mark.parametrize("name", WORKFLOWS)
def test_gecko_apply_steps_use_declared_inputs(name: str) -> None:
    inputs = action()["inputs"]
    used = gecko_steps(workflow(name))
    assert used
    for item in used:
        assert set(item["with"]) <= set(inputs)
        assert item["with"]["command"] in ("validate", "plan", "apply")
        if item["with"]["command"] != "validate":  # validate is offline
            assert item["with"]["token"] == "${{ secrets.GECKO_ACCESS_TOKEN }}"


@pytest.mark.parametrize("name", WORKFLOWS)
def test_no_expressions_spliced_into_scripts(name: str) -> None:
    for item in steps(workflow(name)):
        text = str(item.get("run", "")) + str(item.get("with", {}).get("script", ""))
        assert set(expressions(text)) <= SAFE_IN_SCRIPTS, item.get("name")
        assert "secrets." not in text


def test_applies_never_overlap_and_are_never_cancelled() -> None:
    apply_group = workflow("apply.yml")["concurrency"]
    assert apply_group["cancel-in-progress"] is False
    assert apply_group["group"].startswith("gecko-apply-")
    # Sharing the group would let a queued drift check replace a queued apply.
    drift_group = workflow("drift.yml")["concurrency"]
    assert drift_group["group"] != apply_group["group"]
    assert drift_group["cancel-in-progress"] is False


def test_plan_runs_on_pull_requests_one_at_a_time_per_pull_request() -> None:
    data = workflow("plan.yml")
    assert "pull_request" in data["on"]
    assert "pull_request.number" in data["concurrency"]["group"]
    plan = step(data, "plan")
    assert plan["with"]["format"] == "markdown"
    assert plan["with"]["detailed-exitcode"] == "true"
    upload = next(s for s in steps(data) if "upload-artifact@" in s.get("uses", ""))
    assert upload["with"]["path"] == plan["with"]["plan-file"]


def test_plan_comment_is_sticky() -> None:
    data = workflow("plan.yml")
    script = script_of(data, "comment")
    assert f"const marker = '{MARKER}';" in script
    assert "github.rest.issues.listComments" in script and "github.paginate" in script
    assert "updateComment" in script and "createComment" in script
    assert script.index("updateComment") < script.index("createComment")
    poster = next(s for s in steps(data) if "comment" in s.get("name", ""))
    assert poster["env"]["OUTPUT_FILE"] == "${{ steps.plan.outputs.output-file }}"


def test_a_failed_plan_replaces_the_comment_with_its_error() -> None:
    data = workflow("plan.yml")
    poster = next(s for s in steps(data) if "comment" in s.get("name", ""))
    assert poster["if"].startswith("always()")
    assert poster["env"]["ERROR_FILE"] == "${{ steps.plan.outputs.error-file }}"
    script = script_of(data, "comment")
    assert "process.env.EXIT_CODE === '1'" in script
    assert "### gecko-apply plan failed" in script and "${error}" in script
    assert script.index("plan failed") < script.index("updateComment")
    validate = next(s for s in gecko_steps(data) if s["with"]["command"] == "validate")
    assert validate["continue-on-error"] is True


def test_apply_applies_the_plan_it_just_made_on_main() -> None:
    data = workflow("apply.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    job = data["jobs"]["apply"]
    assert job["if"] == "github.ref == 'refs/heads/main'"
    names = [s.get("id") or s.get("name") for s in job["steps"]]
    assert names.index("Refuse a stale commit") < names.index("plan") < names.index("apply")
    plan, apply = step(data, "plan"), step(data, "apply")
    assert plan["with"]["command"] == "plan" and apply["with"]["command"] == "apply"
    assert apply["with"]["plan-file"] == plan["with"]["plan-file"]
    assert apply["if"] == "steps.plan.outputs.exit-code == '2'"
    stale = next(s for s in job["steps"] if s.get("name") == "Refuse a stale commit")
    assert "git ls-remote origin" in stale["run"] and '"$GITHUB_SHA"' in stale["run"]


def test_drift_opens_updates_or_closes_one_labelled_issue() -> None:
    data = workflow("drift.yml")
    assert data["on"]["schedule"][0]["cron"].count(" ") == 4
    plan = step(data, "plan")
    assert plan["with"]["format"] == "markdown"
    assert plan["with"]["detailed-exitcode"] == "true"
    script = script_of(data, "drift issue")
    assert "const label = 'gecko-apply-drift';" in script
    assert "labels: label, state: 'open'" in script
    assert "process.env.EXIT_CODE === '2'" in script
    for call in ("issues.update(", "issues.create(", "labels: [label]", "state: 'closed'"):
        assert call in script
    poster = next(s for s in steps(data) if "drift issue" in s.get("name", ""))
    assert poster["env"]["EXIT_CODE"] == "${{ steps.plan.outputs.exit-code }}"


def test_drift_can_open_a_pull_request_from_pull() -> None:
    job = workflow("drift.yml")["jobs"]["pull-request"]
    assert job["if"] == "vars.GECKO_DRIFT_PULL_REQUEST == 'true'"
    pulled = next(s for s in job["steps"] if s.get("id") == "pull")
    assert "gecko-apply pull catalogue --add-new" in pulled["run"]
    assert pulled["env"]["GECKO_ACCESS_TOKEN"] == "${{ secrets.GECKO_ACCESS_TOKEN }}"
    assert 'if [ "$code" = 1 ]; then exit 1; fi' in pulled["run"]
    opener = job["steps"][-1]
    assert opener["if"] == "steps.pull.outputs.exit-code == '2'"
    for command in ("git switch -C", "gh pr list --head", "gh pr edit", "gh pr create"):
        assert command in opener["run"]
