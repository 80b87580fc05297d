"""The access token appears nowhere: not on stdout or stderr, in no log record (DEBUG included),
plan file, exported or schema file, nor in any exception's text, whatever the command and
whether it succeeds or fails (401 from a wrong token, a 422 from the API, a stale saved plan).
A token with a line break or a control character is refused without being shown, and so is an
``--api-url`` carrying credentials or a query string; a key in a gateway's path is used but
never shown (saved plans name the API ``http://127.0.0.1:PORT/…``).

Every command runs twice against a uvicorn-served sandbox that accepts only the known token:
in-process (CliRunner, logging captured at DEBUG) and as a real process. The token reaches the
CLI through GECKO_ACCESS_TOKEN or through --token-file.
"""

from __future__ import annotations

import logging
import pickle
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from starlette.types import ASGIApp, Receive, Scope, Send

from reconciler.cli import main
from reconciler.client import ApiError, GeckoClient
from reconciler.client.redact import SECRETS
from reconciler.sandbox import create_app
from tests.reliability.processes import cli_env, run_cli
from tests.servers import on_loopback

SECRET = "tok-SECRET-1234567890"
WRONG = "tok-WRONG-0987654321"
TOKENS = (SECRET, WRONG)
GATEWAY_KEY = "gw-KEY-5555555555"   # a gateway that takes its key in the path
# What a log, an error or a file would show of a secret: the whole or a good part of it.
FRAGMENTS = (*TOKENS, "SECRET-1234567890", "1234567890", "WRONG-0987654321", "0987654321",
             GATEWAY_KEY, "5555555555")

CONFIG = """\
gecko_apply: 1
locations:
  - {label: Secret Depot, address1: 1 Hidden Road, city: Singapore, country: SG}
price_lists:
  - {code: VIP, name: VIP customers, currency: SGD}
products:
  - name: Everlasting Gobstopper
    brand: Wonka
    variants:
      - sku: DEMO-GOBS-PEA
        prices: {retail: 23.0, VIP: 20}
"""
MORE = CONFIG.replace("brand: Wonka", "brand: Wonka Industries")
# The sandbox's primary location, spelt in lower case: planned as a create, refused with a 422.
CLASH = CONFIG.replace("Secret Depot", "primary location")


@dataclass(frozen=True)
class Step:
    args: tuple[str, ...]
    token: str | None        # in GECKO_ACCESS_TOKEN
    exit_code: int
    says: str = ""           # on stderr, for the failing steps


def _steps(work: Path, url: str) -> list[Step]:
    api = ("--api-url", url)
    config, more, clash = work / "config.yaml", work / "more.yaml", work / "clash.yaml"
    token_file, wrong_file = work / "token.txt", work / "wrong-token.txt"
    plans = {fmt: work / f"plan-{fmt}.json" for fmt in ("text", "json", "markdown")}
    host = url.removeprefix("http://")
    gateway = ("--api-url", f"{url}/gw/{GATEWAY_KEY}/")
    return [
        Step(("validate", str(config)), SECRET, 0),
        Step(("schema", "--out", str(work / "schemas")), SECRET, 0),
        *[Step(("plan", str(config), *api, "--format", fmt, "--out", str(path)), SECRET, 0)
          for fmt, path in plans.items()],
        Step(("plan", str(config), *api, "--detailed-exitcode", "--token-file", str(token_file)),
             None, 2),
        Step(("apply", str(plans["markdown"]), *api), SECRET, 0),
        Step(("apply", str(plans["markdown"]), *api), SECRET, 1, "changed since"),
        Step(("apply", str(more), *api, "--auto-approve", "--token-file", str(token_file)),
             None, 0),
        Step(("export", *api, "--out", str(work / "exported")), SECRET, 0),
        Step(("plan", str(config), *api), WRONG, 1, "401 Unauthorized"),
        Step(("apply", str(more), *api, "--auto-approve", "--token-file", str(wrong_file)),
             SECRET, 1, "401 Unauthorized"),
        Step(("apply", str(clash), *api, "--auto-approve"), SECRET, 1, "422 Unprocessable"),
        Step(("plan", str(config), *api, "--token-file", str(work / "two-lines.txt")), None, 1,
             "line break"),
        Step(("plan", str(config), *api), f"{SECRET}\x1b[2J", 1, "control"),
        Step(("plan", str(config), *api), "tok-SECRET 1234567890", 1, "a space"),
        Step(("plan", str(config), "--api-url", f"http://user:{SECRET}@{host}"), SECRET, 1,
             "credentials"),
        Step(("plan", str(config), "--api-url", f"{url}/?access_token={SECRET}"), SECRET, 1,
             "query string"),
        Step(("plan", str(config), *gateway, "--out", str(work / "gateway-plan.json")), SECRET,
             0),
        Step(("apply", str(more), *gateway, "--auto-approve"), WRONG, 1, "401 Unauthorized"),
    ]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A work directory with the configurations and token files, and the sandbox's URL."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "config.yaml").write_text(CONFIG, encoding="utf-8")
    (work / "more.yaml").write_text(MORE, encoding="utf-8")
    (work / "clash.yaml").write_text(CLASH, encoding="utf-8")
    (work / "token.txt").write_text(SECRET + "\n", encoding="utf-8")
    (work / "wrong-token.txt").write_text(WRONG + "\n", encoding="utf-8")
    (work / "two-lines.txt").write_text(f"{SECRET}\nsecond line\n", encoding="utf-8")
    app = create_app(tmp_path / "sandbox.sqlite", token=SECRET, rate_limit=None, seed="demo")
    served = _behind_a_gateway(app, f"/gw/{GATEWAY_KEY}")
    try:
        with on_loopback(served) as url:
            yield work, url
    finally:
        app.state.sandbox.close()
        SECRETS.values.clear()   # the CLI remembers tokens to mask, process-wide


def _behind_a_gateway(app: ASGIApp, prefix: str) -> ASGIApp:
    """``app`` served both at the root and below ``prefix`` (the prefix is stripped)."""

    async def gateway(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(prefix + "/"):
            path = scope["path"][len(prefix):]
            scope = {**scope, "path": path, "raw_path": path.encode()}
        await app(scope, receive, send)

    return gateway


def _leaks(text: str) -> list[str]:
    return [fragment for fragment in FRAGMENTS if fragment in text]


def _files_leaking(work: Path) -> dict[str, list[str]]:
    token_files = {work / "token.txt", work / "wrong-token.txt", work / "two-lines.txt"}
    found = {}
    for path in sorted(work.rglob("*")):
        if path.is_file() and path not in token_files:
            leaks = _leaks(path.read_text(encoding="utf-8", errors="replace"))
            if leaks:
                found[str(path.relative_to(work))] = leaks
    return found


def _written(work: Path) -> set[str]:
    return {str(p.relative_to(work)) for p in work.rglob("*") if p.is_file()}


def test_no_command_shows_the_token_in_process(
    served: tuple[Path, str], caplog: pytest.LogCaptureFixture
) -> None:
    work, url = served
    caplog.set_level(logging.DEBUG)
    for step in _steps(work, url):
        env = {"GECKO_ACCESS_TOKEN": step.token, "NO_COLOR": "1"}
        result = CliRunner().invoke(main, list(step.args), env=env)
        shown = [result.stdout, result.stderr, repr(result.exception)]
        if result.exc_info is not None:
            shown.append("".join(traceback.format_exception(*result.exc_info)))
        assert result.exit_code == step.exit_code, (step.args, result.output)
        assert step.says in result.stderr, (step.args, result.stderr)
        assert _leaks("\n".join(shown)) == [], (step.args, result.output)
    logged = [caplog.text] + [f"{r.getMessage()} {r.args!r} {r.exc_text}" for r in caplog.records]
    assert any("GET /accounts/current" in line for line in logged)  # DEBUG lines were captured
    assert _leaks("\n".join(logged)) == []
    assert {"plan-text.json", "plan-json.json", "plan-markdown.json",
            "schemas/catalogue.schema.json"} <= _written(work)
    assert any(name.startswith("exported/") for name in _written(work))
    assert _files_leaking(work) == {}
    assert '"api_url": "http://127.0.0.1:' in (work / "gateway-plan.json").read_text()


def test_no_command_shows_the_token_as_a_process(served: tuple[Path, str]) -> None:
    """The same steps as real processes (the offline commands and two plan formats aside, which
    the in-process test covers, to keep this one short)."""
    work, url = served
    steps = _steps(work, url)
    for step in steps[4:]:
        done = run_cli(*step.args, env=cli_env(step.token), cwd=work)
        assert done.returncode == step.exit_code, (step.args, done.stdout, done.stderr)
        assert step.says in done.stderr, (step.args, done.stderr)
        assert "Traceback" not in done.stderr
        assert _leaks(done.stdout + done.stderr) == [], step.args
    assert _files_leaking(work) == {}


def _reflecting(request: httpx.Request) -> httpx.Response:
    """A server (a proxy's error page, a debugging gateway) that echoes the request's headers."""
    echoed = request.headers.get("authorization", "")
    return httpx.Response(400, json={"type": "Bad Request", "message": f"bad header {echoed}"})


def test_an_error_echoing_the_authorization_header_does_not_carry_the_token() -> None:
    with httpx.Client(base_url="http://api.test", transport=httpx.MockTransport(_reflecting)) \
            as http:
        client = GeckoClient(http, SECRET)
        with pytest.raises(ApiError) as caught:
            client.account()
    error = caught.value
    texts = [str(error), repr(error), error.message, str(vars(error)),
             "".join(traceback.format_exception(error)), repr(pickle.loads(pickle.dumps(error)))]
    assert _leaks("\n".join(texts)) == []
