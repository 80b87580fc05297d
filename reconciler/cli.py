"""The ``gecko-apply`` command line: click commands only.

Each command parses its options, calls one function of the core, renders the result and exits
with the code of DESIGN.md section 2 (0 success, 1 error, 2 changes with --detailed-exitcode).
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import click

from reconciler import __version__
from reconciler.client import GeckoClient
from reconciler.client.connect import open_http, read_token
from reconciler.client.redact import SECRETS
from reconciler.config import load_catalogue
from reconciler.config.files import hash_of_path
from reconciler.config.report import validate_path
from reconciler.config.schema import write_schema
from reconciler.config.writeout import unified_diff, write_in_place
from reconciler.connection import SANDBOX_DB, Connection, connection_options
from reconciler.console import (
    EXIT_CHANGES,
    EXIT_ERROR,
    Group,
    color_override,
    reported_errors,
    say,
    show_wait,
    use_color,
    writing,
)
from reconciler.engine.desire import desire_from
from reconciler.engine.errors import StalePlanError
from reconciler.engine.export import export_catalogue
from reconciler.engine.export_dir import check_target, write_export
from reconciler.engine.outcome import ApplyReport
from reconciler.engine.plan import Plan
from reconciler.engine.pull import PullOptions, check_still_valid
from reconciler.engine.pull import pull as pull_catalogue
from reconciler.engine.service import PlanOptions, apply_planned, apply_saved, make_plan
from reconciler.progress import Tracker, apply_progress
from reconciler.render import FORMATS, load_plan_json, render_apply_text, render_plan
from reconciler.render.json import render_plan_json
from reconciler.render.pull import note_lines, pull_summary, pulled_lines
from reconciler.render.validation import VALIDATE_FORMATS, render_validation
from reconciler.render.yaml import write_documents

SANDBOX_TOKEN = "sandbox-token"
EXITS = "Exit codes: 0 success; 1 error."
PLAN_EXITS = (
    "Exit codes: 0 success (with --detailed-exitcode: and no changes); 1 error; "
    "2 changes present (only with --detailed-exitcode)."
)
VALIDATE_EXITS = "Exit codes: 0 the configuration is valid; 1 it is not (every problem shown)."
APPLY_EXITS = "Exit codes: 0 every change succeeded (or none was needed); 1 an error or a failure."


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]},
             epilog="Shell completion: see 'Shell completion' in the README. " + EXITS)
@click.version_option(__version__, prog_name="gecko-apply")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Catalogue-as-code for TradeGecko: validate, plan and apply a YAML catalogue.

    Results go to stdout; logs, progress and rate-limit waits to stderr. NO_COLOR turns
    colour off, FORCE_COLOR on (e.g. in CI logs).
    """
    ctx.color = color_override()


@main.command(epilog=VALIDATE_EXITS)
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(VALIDATE_FORMATS), default="text",
              show_default=True,
              help="text: summary on stdout, problems on stderr; json: one document on stdout; "
                   "github: GitHub Actions annotations (file, line, column) on stdout.")
def validate(*, path: Path, fmt: str) -> None:
    """Check a configuration offline, reporting every problem at once."""
    report = validate_path(path)
    printed = render_validation(report, fmt)
    for line in printed.err:
        click.echo(line, err=True)
    for line in printed.out:
        click.echo(line)
    sys.exit(report.exit_code)


@main.command(epilog=EXITS)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("schemas"), show_default=True, help="Directory to write into.")
def schema(*, out_dir: Path) -> None:
    """Write the JSON Schema of configuration files (catalogue.schema.json)."""
    with reported_errors(), writing(out_dir):
        click.echo(str(write_schema(out_dir)))


@main.group(epilog=EXITS)
def sandbox() -> None:
    """The local TradeGecko-compatible API (for trying, testing and demos)."""


def _rate_limit_option(
    ctx: click.Context, param: click.Parameter, value: str
) -> tuple[int, int] | None:
    from reconciler.sandbox import parse_rate_limit

    try:
        return parse_rate_limit(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


def _faults_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from reconciler.sandbox import parse_faults

    try:
        parse_faults(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc
    return value


@sandbox.command("serve", epilog=EXITS)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=4000, show_default=True, type=int, help="Port to listen on.")
@click.option("--db", "db", default=".gecko-sandbox.sqlite", show_default=True,
              type=click.Path(dir_okay=False), help="SQLite database file.")
@click.option("--seed", type=click.Choice(["demo", "empty"]), default="demo", show_default=True,
              help="What a new database starts with (ignored for an existing one).")
@click.option("--token", default="sandbox-token", show_default=True,
              help="The bearer token the sandbox accepts.")
@click.option("--rate-limit", default="300/300", show_default=True, callback=_rate_limit_option,
              help="Requests per window as N/SECONDS, or off.")
@click.option("--faults", default=None, callback=_faults_option,
              help="Fault injection, e.g. 5xx=0.1,drop_after_commit=0.05,latency=50ms,seed=7.")
@click.option("--request-log", "request_log", default=None, type=click.Path(dir_okay=False),
              help="Append one JSON line per request to this file.")
def sandbox_serve(
    *,
    host: str,
    port: int,
    db: str,
    seed: str,
    token: str,
    rate_limit: tuple[int, int] | None,
    faults: str | None,
    request_log: str | None,
) -> None:
    """Run the sandbox API under uvicorn until interrupted."""
    from reconciler.sandbox import serve

    serve(host, port, db, seed, token, rate_limit, faults, request_log)


# --- connection ----------------------------------------------------------------------------------


@contextmanager
def open_client(connection: Connection) -> Iterator[GeckoClient]:
    """A client on the real API, or on the embedded sandbox run in-process."""
    settings: dict[str, Any] = {"max_api_share": connection.api_share, "on_wait": show_wait,
                                "max_wait": connection.max_wait,
                                "max_in_flight": connection.max_in_flight}
    if connection.endpoint is None:
        from reconciler.sandbox import create_app

        with warnings.catch_warnings():
            # TestClient over httpx is what makes the in-process sandbox a real httpx.Client.
            warnings.simplefilter("ignore")
            from starlette.testclient import TestClient

        app = create_app(connection.sandbox or SANDBOX_DB, token=SANDBOX_TOKEN, seed="demo")
        with TestClient(app, base_url="http://sandbox.local") as http:
            yield GeckoClient(http, SANDBOX_TOKEN, **settings)
        return
    token = read_token(connection.token_file, os.environ)
    SECRETS.add(token)
    with open_http(connection.endpoint.url) as http:
        yield GeckoClient(http, token, **settings)


def _now() -> datetime:
    return datetime.now(UTC)


# --- plan, apply, export ------------------------------------------------------------------------


FORMAT_HELP = ("text: Terraform-style, for terminals; markdown: a pull-request comment; "
               "json: the plan file's format.")


@main.command(epilog=PLAN_EXITS)
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@connection_options
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the plan as JSON to FILE, for 'apply FILE' and 'show FILE'.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help=FORMAT_HELP)
@click.option("--detailed-exitcode", is_flag=True,
              help="Exit 2 when there are changes, 0 when there are none.")
@click.option("--target", "targets", multiple=True, metavar="ADDR",
              help='Only this address or glob (variant["DEMO-*"]) and what it depends on.')
@click.option("--force", is_flag=True, help="Make the plan even when it crosses a threshold.")
def plan(*, path: Path, connection: Connection, out: Path | None, fmt: str, detailed_exitcode: bool,
         targets: tuple[str, ...], force: bool) -> None:
    """Show what apply would change in the account."""
    with reported_errors():
        desire = desire_from(load_catalogue(path), path)
        options = PlanOptions(targets, force, connection.label, connection.api_share)
        with open_client(connection) as client:
            planned = make_plan(desire, client, options, now=_now())
        refused = bool(planned.plan.violations)
        if out is not None and not refused:
            with writing(out):
                out.write_text(render_plan_json(planned.plan), encoding="utf-8")
            say(f"Saved the plan to {out}; apply it with 'gecko-apply apply {out}'.")
        click.echo(render_plan(planned.plan, fmt, color=use_color(),
                               price_change_percent=planned.plan.price_change_percent),
                   nl=False)
    if refused:
        for violation in planned.plan.violations:
            say(f"Error: {violation}")
        say(f"The plan above was {'not saved' if out is not None else 'shown in full'}; "
            "nothing was changed.")
        sys.exit(EXIT_ERROR)
    if detailed_exitcode and planned.plan.has_changes:
        sys.exit(EXIT_CHANGES)


@main.command(epilog=APPLY_EXITS)
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@connection_options
@click.option("--auto-approve", is_flag=True, help="Apply without asking.")
@click.option("--target", "targets", multiple=True, metavar="ADDR",
              help="Only this address or glob and what it depends on.")
@click.option("--force", is_flag=True, help="Apply even when the plan crosses a threshold.")
def apply(*, path: Path, connection: Connection, auto_approve: bool, targets: tuple[str, ...],
          force: bool) -> None:
    """Apply a configuration (plan, show, ask, apply) or exactly a saved plan file."""
    with reported_errors():
        report: ApplyReport | None
        with open_client(connection) as client:
            if _is_plan_file(path):
                report = _apply_saved(path, client)
            else:
                options = PlanOptions(targets, force, connection.label, connection.api_share)
                report = _apply_config(path, client, options, auto_approve)
        if report is None:
            return
        click.echo(render_apply_text(report, color=use_color()), nl=False)
    if not report.ok:
        sys.exit(EXIT_ERROR)


def _apply_config(path: Path, client: GeckoClient, options: PlanOptions,
                  auto_approve: bool) -> ApplyReport | None:
    desire = desire_from(load_catalogue(path), path)
    planned = make_plan(desire, client, options, now=_now())
    click.echo(render_plan(planned.plan, "text", color=use_color()), nl=False)
    if not planned.plan.has_changes:
        return None
    if not auto_approve:
        if not sys.stdin.isatty():
            say("Error: refusing to apply without a terminal to confirm on; "
                "pass --auto-approve, or save a plan with 'plan --out' and apply that")
            sys.exit(EXIT_ERROR)
        if not click.confirm("Apply these changes?", default=False, err=True):
            say("Apply cancelled; nothing was changed.")
            return None
    with apply_progress(_tracker(planned.plan, client)) as progress:
        return apply_planned(planned, client, progress)


def _apply_saved(path: Path, client: GeckoClient) -> ApplyReport:
    plan = load_plan_json(path.read_text(encoding="utf-8"))
    config_hash = None
    if plan.config_path is not None:
        config = Path(plan.config_path)
        if not config.exists():
            raise StalePlanError([f"the plan's configuration {config} is not here to check; "
                                  "apply from the directory the plan was made in"])
        config_hash = hash_of_path(config)
    click.echo(render_plan(plan, "text", color=use_color()), nl=False)
    with apply_progress(_tracker(plan, client)) as progress:
        return apply_saved(plan, client, now=_now(), config_hash=config_hash, progress=progress)


def _tracker(plan: Plan, client: GeckoClient) -> Tracker:
    return Tracker(client, len(plan.changes), plan.estimate.requests, plan.estimate.api_share)


@main.command(epilog=EXITS)
@click.argument("plan_file", metavar="PLAN.json",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help=FORMAT_HELP)
def show(*, plan_file: Path, fmt: str) -> None:
    """Render a saved plan file exactly as the plan command printed it; reads no account."""
    with reported_errors():
        saved = load_plan_json(plan_file.read_text(encoding="utf-8"))
        click.echo(render_plan(saved, fmt, color=use_color(),
                               price_change_percent=saved.price_change_percent), nl=False)


def _is_plan_file(path: Path) -> bool:
    return path.is_file() and path.suffix == ".json"


@main.command(epilog=EXITS)
@connection_options
@click.option("--kinds", default="", metavar="SECTIONS",
              help="Comma-separated sections to export (default: all), e.g. products,price_lists.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("catalogue"), show_default=True, help="Directory to write YAML into.")
@click.option("--clean", is_flag=True,
              help="Replace the contents of a non-empty --out directory (refused otherwise).")
@click.option("--allow-partial", is_flag=True,
              help="Write the export even when records had to be left out (exit 1 otherwise).")
def export(*, connection: Connection, kinds: str, out_dir: Path, clean: bool,
           allow_partial: bool) -> None:
    """Write the account's catalogue as minimal YAML that plans with no changes.

    The files are written to a hidden directory beside --out and moved into place once
    complete, so an interrupted export leaves nothing that looks whole.
    """
    with reported_errors():
        check_target(out_dir, clean=clean)
        sections = [part.strip() for part in kinds.split(",") if part.strip()]
        with open_client(connection) as client:
            exported = export_catalogue(client, sections)
        for warning in exported.warnings:
            say(f"Warning: {warning}")
        for note in exported.notes:
            say(f"Note: {note}")
        for line in exported.left_out:
            say(f"{'Warning' if allow_partial else 'Error'}: {line}")
        if exported.left_out and not allow_partial:
            say("Nothing was written: records were left out (above); fix them in the account, "
                "or pass --allow-partial to write the rest")
            sys.exit(EXIT_ERROR)
        with writing(out_dir):
            written = write_export(partial(write_documents, exported.documents), out_dir,
                                   clean=clean)
        for file in written:
            click.echo(str(file))


PULL_EXITS = (
    "Exit codes: 0 nothing to pull; 1 error; 2 the files were (with --dry-run: would be) "
    "changed, or something needs a hand edit."
)


@main.command(epilog=PULL_EXITS)
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@connection_options
@click.option("--target", "targets", multiple=True, metavar="ADDR",
              help='Only records at this address or glob (variant["DEMO-*"]); a product '
                   "brings its variants.")
@click.option("--add-new", "add_new", multiple=True, is_flag=False, flag_value="variants",
              metavar="[KIND]",
              help="Also add records the configuration does not declare, of these kinds "
                   "(comma-separated or repeated; alone: variants under declared products).")
@click.option("--into", type=click.Path(dir_okay=False, path_type=Path),
              help="The file new top-level records are added to (default: the file holding "
                   "most records of their kind).")
@click.option("--prune-archived", is_flag=True,
              help="Remove records the account archived (default: report them).")
@click.option("--dry-run", is_flag=True, help="Print the diff of the files; change nothing.")
def pull(*, path: Path, connection: Connection, targets: tuple[str, ...],
         add_new: tuple[str, ...], into: Path | None, prune_archived: bool,
         dry_run: bool) -> None:
    """Write the account's values back into the YAML, in place (comments, order, anchors kept)."""
    with reported_errors():
        loaded = load_catalogue(path)
        kinds = tuple(k.strip() for item in add_new for k in item.split(",") if k.strip())
        options = PullOptions(targets, kinds, str(into) if into else None, prune_archived)
        with open_client(connection) as client:
            pulled = pull_catalogue(loaded, path, client, options)
        check_still_valid(loaded, path, pulled)
        for note in note_lines(pulled):
            say(note)
        if dry_run:
            click.echo(unified_diff(pulled.files), nl=False)
        else:
            write_in_place(pulled.files)
            for line in pulled_lines(pulled):
                click.echo(line)
        say(pull_summary(pulled, dry_run=dry_run))
    if pulled.has_changes:
        sys.exit(EXIT_CHANGES)
