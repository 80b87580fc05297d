"""Loading the action and the example workflows, and evaluating the few expressions they use."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
ACTION = ROOT / "action.yml"
EXAMPLES = ROOT / "examples" / "github"
ACTION_REF = re.compile(r"^[\w.-]+/gecko-apply@v\d+$")
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def load(path: Path) -> dict[str, Any]:
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def action() -> dict[str, Any]:
    return load(ACTION)


def workflow(name: str) -> dict[str, Any]:
    return load(EXAMPLES / name)


def steps(data: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """Every step of a workflow's jobs, or of a composite action."""
    if "runs" in data:
        yield from data["runs"]["steps"]
        return
    for job in data["jobs"].values():
        yield from job["steps"]


def gecko_steps(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [s for s in steps(data) if ACTION_REF.match(str(s.get("uses", "")))]


def step(data: Mapping[str, Any], step_id: str) -> dict[str, Any]:
    return next(s for s in steps(data) if s.get("id") == step_id)


def expressions(text: str) -> list[str]:
    return EXPRESSION.findall(text)


def evaluate(text: str, context: Mapping[str, str]) -> str:
    """Substitute ``${{ name }}`` expressions that are plain context lookups."""
    return EXPRESSION.sub(lambda match: context[match.group(1)], text)
