"""The plan file: versioned JSON written by ``plan --out`` and read by ``apply PLANFILE``."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from reconciler.engine.plan import FORMAT_VERSION, Plan, SavedPlan
from reconciler.errors import GeckoApplyError

# Validation problems quoted in a PlanFileError before the rest are counted.
ERRORS_SHOWN = 3


class PlanFileError(GeckoApplyError):
    """A plan file that is not JSON, is of another format version, or is not a valid plan."""


def render_plan_json(plan: Plan) -> str:
    """The plan as indented JSON, ``format_version`` first and the computed ``summary`` last.

    The same document as ``json.dumps(plan.model_dump(mode="json"), indent=2)``, serialised by
    pydantic-core, several times faster on large plans.
    """
    return plan.model_dump_json(indent=2) + "\n"


def load_plan_json(text: str) -> SavedPlan:
    """Read a plan file; raises ``PlanFileError`` saying what is wrong with it (every required
    field missing included)."""
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as error:
        raise PlanFileError(
            f"the plan file is not valid JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg})"
        ) from None
    if not isinstance(data, dict):
        raise PlanFileError("the plan file does not hold a plan (expected a JSON object)")
    version = data.get("format_version")
    if version != FORMAT_VERSION:
        found = "no format_version" if version is None else f"format_version {version!r}"
        raise PlanFileError(
            f"the plan file has {found}; this gecko-apply reads format_version "
            f"{FORMAT_VERSION!r} — make the plan again with this version"
        )
    try:
        return SavedPlan.model_validate(data)
    except ValidationError as error:
        raise PlanFileError(f"the plan file is not a valid plan: {_describe(error)}") from None


def _describe(error: ValidationError) -> str:
    problems = [
        f"{'.'.join(str(part) for part in item['loc']) or 'plan'}: {item['msg']}"
        for item in error.errors(include_url=False)
    ]
    text = "; ".join(problems[:ERRORS_SHOWN])
    if len(problems) > ERRORS_SHOWN:
        text += f"; and {len(problems) - ERRORS_SHOWN} more"
    return text
