"""The connection options shared by plan, apply and export: declared once, checked.

``connection_options`` adds the options to a click command and hands it one checked
``Connection`` instead of the raw strings; a bad value (a secret in ``--api-url``, a share of
120%) is reported like any other error, before anything is read or sent.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from reconciler.client.connect import parse_duration, parse_share
from reconciler.client.core import MAX_IN_FLIGHT
from reconciler.client.endpoint import DEFAULT_API_URL, Endpoint, check_api_url
from reconciler.client.redact import SECRETS
from reconciler.console import reported_errors

SANDBOX_DB = ".gecko-sandbox.sqlite"
DEFAULT_IN_FLIGHT = 4


@dataclass(frozen=True)
class Connection:
    endpoint: Endpoint | None   # None with --sandbox
    token_file: Path | None
    sandbox: str | None
    api_share: float
    max_wait: float
    max_in_flight: int = DEFAULT_IN_FLIGHT

    @property
    def label(self) -> str:
        """The API as errors and saved plans name it (never a secret part of the URL)."""
        return "sandbox" if self.endpoint is None else self.endpoint.label


_OPTIONS = [
    click.option("--api-url", envvar="GECKO_API_URL", default=DEFAULT_API_URL,
                 show_default=True, help="The TradeGecko API (env GECKO_API_URL)."),
    click.option("--token-file", type=click.Path(dir_okay=False, path_type=Path),
                 help="Read the access token from this file instead of GECKO_ACCESS_TOKEN."),
    click.option("--sandbox", "sandbox_db", is_flag=False, flag_value=SANDBOX_DB,
                 default=None, metavar="[DB]",
                 help=f"Use the embedded sandbox API, stored in DB (default {SANDBOX_DB})."),
    click.option("--max-api-share", default="100%", show_default=True,
                 help="Share of each rate-limit window to use, leaving the rest to others."),
    click.option("--max-in-flight", type=click.IntRange(1, MAX_IN_FLIGHT),
                 default=DEFAULT_IN_FLIGHT, show_default=True,
                 help="Requests sent at once while reading the account."),
    click.option("--max-wait", default="15m", show_default=True, metavar="DURATION",
                 help="Longest pause the API may ask for (Retry-After, a rate-limit reset); "
                      "a longer one is an error."),
    click.option("--allow-insecure-http", is_flag=True,
                 help="Allow an http:// --api-url to a host other than this machine."),
]
_NAMES = ("api_url", "token_file", "sandbox_db", "max_api_share", "max_in_flight", "max_wait",
          "allow_insecure_http")


def connection_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the connection options; the command receives ``connection: Connection``."""

    @functools.wraps(command)
    def wrapper(**kwargs: Any) -> Any:
        raw = {name: kwargs.pop(name) for name in _NAMES}
        with reported_errors():
            connection = checked_connection(**raw)
        return command(connection=connection, **kwargs)

    decorated: Callable[..., Any] = wrapper
    for option in reversed(_OPTIONS):
        decorated = option(decorated)
    return decorated


def checked_connection(*, api_url: str, token_file: Path | None, sandbox_db: str | None,
                       max_api_share: str, max_in_flight: int, max_wait: str,
                       allow_insecure_http: bool) -> Connection:
    endpoint = None
    if sandbox_db is None:
        endpoint = check_api_url(api_url, allow_insecure_http=allow_insecure_http)
        SECRETS.add(endpoint.secret_path)
    return Connection(endpoint, token_file, sandbox_db, parse_share(max_api_share),
                      parse_duration(max_wait), max_in_flight)
