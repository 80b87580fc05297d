"""The ``gecko-apply`` command line: click commands only.

Each command parses its options, calls one function of the core, renders the result and exits
with the code of DESIGN.md section 2 (0 success, 1 error, 2 changes with --detailed-exitcode).
"""

from __future__ import annotations

import click

from reconciler import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="gecko-apply")
def main() -> None:
    """Catalogue-as-code for TradeGecko: validate, plan and apply a YAML catalogue."""


@main.group()
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


@sandbox.command("serve")
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
