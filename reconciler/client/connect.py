"""Opening a connection to the real API: the access token, the base URL, the API share.

The token comes from ``GECKO_ACCESS_TOKEN`` or a token file, never from the command line (where
it would land in shell history and process lists), and is never echoed.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import httpx

from reconciler import __version__
from reconciler.errors import GeckoApplyError

DEFAULT_API_URL = "https://api.tradegecko.com"
TOKEN_VARIABLE = "GECKO_ACCESS_TOKEN"


class ConnectionSetupError(GeckoApplyError):
    """The connection cannot be set up (no token, an unreadable token file, a bad URL)."""


def read_token(token_file: Path | None, environ: Mapping[str, str]) -> str:
    if token_file is not None:
        try:
            token = token_file.read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ConnectionSetupError(
                f"cannot read the token file {token_file}: {error.strerror}"
            ) from None
        if not token:
            raise ConnectionSetupError(f"the token file {token_file} is empty")
        return token
    token = environ.get(TOKEN_VARIABLE, "").strip()
    if not token:
        raise ConnectionSetupError(
            f"no access token: set {TOKEN_VARIABLE} or pass --token-file FILE "
            "(or try the embedded sandbox with --sandbox)"
        )
    return token


def open_http(api_url: str, *, timeout: float = 30.0) -> httpx.Client:
    url = httpx.URL(api_url)
    if url.scheme not in ("http", "https") or not url.host:
        raise ConnectionSetupError(f"--api-url {api_url!r} is not an http(s) URL")
    return httpx.Client(
        base_url=url,
        timeout=timeout,
        headers={"User-Agent": f"gecko-apply/{__version__}", "Accept": "application/json"},
    )


def parse_share(text: str) -> float:
    """``80%`` or ``0.8`` → 0.8; the share of each rate-limit window gecko-apply may use."""
    raw = text.strip()
    try:
        share = float(raw.removesuffix("%")) / (100 if raw.endswith("%") else 1)
    except ValueError:
        raise ConnectionSetupError(f"--max-api-share {text!r} is not a share like 80%") from None
    if not 0 < share <= 1:
        raise ConnectionSetupError(f"--max-api-share {text!r} must be above 0% and at most 100%")
    return share
