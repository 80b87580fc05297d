"""The estimate names the rate-limit windows the reads themselves need, past one."""

from __future__ import annotations

import warnings
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reconciler.client import GeckoClient
from reconciler.config import load_catalogue
from reconciler.engine.desire import desire_from
from reconciler.engine.plan import Estimate, Plan
from reconciler.engine.service import PlanOptions, make_plan
from reconciler.render.json import render_plan_json
from reconciler.render.markdown import render_plan_markdown
from reconciler.render.text import render_plan_text
from reconciler.sandbox import create_app

from .plans import archive

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

NOTE = ("Reading the account takes 347 API requests, more than one rate-limit window (2 windows "
        "at 300 requests per 300 s): every plan and apply of it waits at least 5 min for the API.")


def plan_with(reads: int, share: float = 1.0, changes: bool = True) -> Plan:
    return Plan(
        changes=(archive("variant", "X"),) if changes else (),
        estimate=Estimate(requests=1, seconds=0.1, api_share=share, read_requests=reads),
    )


def test_reads_past_one_window_are_named_after_the_estimate() -> None:
    lines = render_plan_text(plan_with(347), color=False).splitlines()
    assert lines[-2].startswith("Apply will take 1 API request ")
    assert lines[-1] == NOTE


def test_a_plan_without_changes_names_them_too() -> None:
    lines = render_plan_text(plan_with(347, changes=False), color=False).splitlines()
    assert lines[-1] == NOTE
    assert f"> **Note:** {NOTE}" in render_plan_markdown(plan_with(347, changes=False))


@pytest.mark.parametrize(("reads", "share", "windows"), [
    (54, 1.0, 1), (300, 1.0, 1), (301, 1.0, 2), (240, 0.8, 1), (241, 0.8, 2), (1000, 0.5, 7),
])
def test_windows_follow_the_share(reads: int, share: float, windows: int) -> None:
    text = render_plan_text(plan_with(reads, share), color=False)
    assert ("more than one rate-limit window" in text) == (windows > 1)
    if windows > 1:
        assert f"({windows} windows at 300 requests per 300 s" in text


def test_a_plan_records_the_requests_its_reads_took(tmp_path: Path) -> None:
    app = create_app(tmp_path / "sandbox.sqlite", token="t", rate_limit=None, seed="demo")
    desire = desire_from(load_catalogue(Path("examples/demo")), Path("examples/demo"))
    with TestClient(app, base_url="http://sandbox.local") as http:
        planned = make_plan(desire, GeckoClient(http, "t", max_in_flight=4), PlanOptions(),
                            now=datetime.now(UTC))
    assert planned.plan.estimate.read_requests == len(app.state.sandbox.request_log) > 1
    assert '"read_requests"' in render_plan_json(planned.plan)
    app.state.sandbox.close()
