"""Bad input from the API: whatever a response holds (malformed or truncated JSON, missing
fields, values of the wrong type, an HTML page, a lying or broken ``X-Pagination`` header, a
page cut short, an unexpected status), a plan either succeeds or fails with a
``GeckoApplyError``; through the CLI, exit 0 or 1 with one error line and no traceback.

Responses are real sandbox answers to a real plan's reads, one of them mutated (see
``mutations.py``). The configuration fuzz test lives in tests/config.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from unittest import mock

import httpx
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, given, settings

from reconciler.cli import main
from reconciler.engine.service import Desire, PlanOptions, make_plan
from reconciler.errors import GeckoApplyError
from reconciler.sandbox import create_app
from tests.reliability.mutations import Mutation, Replay, mutations
from tests.reliability.scenario import (
    TOKEN,
    apply_until_converged,
    build_scenario,
    desire_of,
    fast_client,
    seed_remote,
    write_config,
)

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

API = "https://api.test"
# The plan's reads, in order (see test_the_fuzzed_plan_reads_every_kind).
LOCATIONS, TAX_TYPES, PRODUCTS, VARIANTS = 2, 4, 6, 7

# Answers found by the fuzz test to escape as something other than a GeckoApplyError; kept as
# explicit examples so that every run tries them.
KNOWN_BAD = {
    # A location without "id": KeyError 'id' in engine/state.py remote_records.
    "record without id": Mutation(LOCATIONS, "replace", (0, 0), {}, 0.0, 200),
    "variant without id": Mutation(VARIANTS, "delete", (0, 0, 0), None, 0.0, 200),
    # X-Pagination's total_pages lying (404002 pages for 4 records): the client asks for
    # every page, far past the records, instead of failing.
    "pages past the records": Mutation(LOCATIONS, "pagination", (2,), None, 0.3, 404),
    # A tax component whose position is an object: TypeError in kinds/tax_type.py _by_position.
    "component position of the wrong type": Mutation(
        TAX_TYPES, "replace", (0, 0, 2), {"a": 1}, 0.0, 200),
    # A tax type whose id is an object (its components no longer attach, so it is updated):
    # pydantic ValidationError for Change.remote_id in engine/planner.py _change_for.
    "id of the wrong type": Mutation(TAX_TYPES, "replace", (1, 0, 0), {"a": 1}, 0.0, 200),
}


@dataclass(repr=False)
class Live:
    http: httpx.Client
    config: Path
    desire: Desire
    reads: int
    cache: dict[str, httpx.Response] = field(default_factory=dict)

    def replay(self, mutation: Mutation | None) -> Replay:
        return Replay(self.http, mutation, cache=self.cache)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """A sandbox holding the account a plan of every kind reads, records archived included."""
    scenario = build_scenario(17)
    config = write_config(scenario, tmp_path_factory.mktemp("bad-answers"))
    (config / "more.yaml").write_text(
        "payment_terms:\n  - {name: NET45, due_in_days: 45, from: eom}\n"
        "tax_types:\n  - code: VAT\n    name: Value added tax\n"
        "    components: [{label: VAT, rate: 7.5}]\n", encoding="utf-8")
    app = create_app(":memory:", token=TOKEN, rate_limit=None, seed="demo")
    with TestClient(app, base_url="http://sandbox.local") as http:
        client = fast_client(http)
        seed_remote(scenario, client)
        desire = desire_of(config)
        assert apply_until_converged(desire, client).converged_under_faults
        # A newer configuration than the account: the plan that is fuzzed has changes too.
        (config / "products.yaml").write_text(
            (config / "products.yaml").read_text(encoding="utf-8").replace("Fresh", "Fresher"),
            encoding="utf-8")
        desire = desire_of(config)
        replay = Replay(http, None)
        plan = _plan(desire, replay)
        assert plan.has_changes
        yield Live(http, config, desire, len(replay.seen))
    app.state.sandbox.close()


def _plan(desire: Desire, replay: Replay) -> Any:
    with httpx.Client(base_url=API, transport=httpx.MockTransport(replay)) as http:
        return make_plan(desire, fast_client(http), PlanOptions(), now=datetime.now(UTC)).plan


def test_the_fuzzed_plan_reads_every_kind(live: Live) -> None:
    replay = live.replay(None)
    _plan(live.desire, replay)
    paths = {seen.split("?")[0].split(" ")[1] for seen in replay.seen}
    assert {"/accounts/current", "/currencies", "/locations", "/payment_terms", "/tax_types",
            "/price_lists", "/products"} <= paths
    assert live.reads == len(replay.seen) >= 8


# No shrinking: the known bad answers above are already minimal, and a failing run stays short.
FUZZ = settings(max_examples=300, deadline=None, derandomize=True,
                phases=[Phase.explicit, Phase.reuse, Phase.generate],
                suppress_health_check=[HealthCheck.too_slow])


def _plan_fails_clearly(live: Live, mutation: Mutation) -> None:
    replay = live.replay(mutation)
    try:
        _plan(live.desire, replay)
    except GeckoApplyError as error:
        assert str(error).strip()


@pytest.mark.parametrize("mutation", KNOWN_BAD.values(), ids=KNOWN_BAD.keys())
def test_a_plan_over_a_known_bad_answer_fails_clearly(live: Live, mutation: Mutation) -> None:
    _plan_fails_clearly(live, mutation)


@given(mutation=mutations)
@FUZZ
def test_a_plan_over_a_bad_answer_fails_clearly(live: Live, mutation: Mutation) -> None:
    _plan_fails_clearly(live, mutation)


@contextmanager
def _api(replay: Replay) -> Iterator[None]:
    def open_http(api_url: str, **_: Any) -> httpx.Client:
        return httpx.Client(base_url=api_url, transport=httpx.MockTransport(replay))

    with mock.patch("reconciler.cli.open_http", open_http):
        yield


# Answers the CLI would retry after real sleeps (it has no fake clock) are left to the test above.
cli_mutations = mutations.filter(
    lambda m: not (m.kind == "status" and (m.status >= 500 or m.status == 429))
)


def _cli_fails_clearly(live: Live, mutation: Mutation) -> None:
    replay = live.replay(mutation)
    with _api(replay):
        result = CliRunner().invoke(
            main, ["plan", str(live.config), "--api-url", API],
            env={"GECKO_ACCESS_TOKEN": TOKEN, "NO_COLOR": "1"},
        )
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        repr(result.exception)
    )
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.output
    if result.exit_code == 1:
        assert result.stderr.strip().splitlines()[0].startswith("Error"), result.stderr


@pytest.mark.parametrize("mutation", KNOWN_BAD.values(), ids=KNOWN_BAD.keys())
def test_the_cli_over_a_known_bad_answer_exits_1_without_a_traceback(
    live: Live, mutation: Mutation
) -> None:
    _cli_fails_clearly(live, mutation)


@given(mutation=cli_mutations)
@settings(FUZZ, max_examples=30)
def test_the_cli_over_a_bad_answer_exits_1_without_a_traceback(
    live: Live, mutation: Mutation
) -> None:
    _cli_fails_clearly(live, mutation)
