"""The API's base URL: checked for secrets and plain HTTP before anything is sent.

A URL must not carry a secret where it would be echoed: credentials (``user:pass@``), a query
string or a fragment are refused. A path below the host (a gateway's prefix, which may be a key)
is allowed but never shown: errors, logs and saved plans name the API by its ``label``,
``scheme://host[:port]`` followed by ``/…`` when there is a path. ``http://`` is refused for any
host but a loopback one unless the caller allows it (the token would cross the network in clear).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

import httpx

from reconciler.errors import GeckoApplyError

DEFAULT_API_URL = "https://api.tradegecko.com"


class ConnectionSetupError(GeckoApplyError):
    """The connection cannot be set up (no token, an unreadable token file, a bad URL)."""


@dataclass(frozen=True)
class Endpoint:
    """A checked API base URL; ``url`` is secret-bearing, ``label`` is safe to show."""

    url: str
    label: str
    secret_path: str = ""
    """The URL's path below the host ("" when none), to be masked wherever it shows."""

    def __repr__(self) -> str:
        return f"Endpoint({self.label!r})"


def check_api_url(text: str, *, allow_insecure_http: bool = False) -> Endpoint:
    try:
        url = httpx.URL(text.strip())
    except (httpx.InvalidURL, TypeError, ValueError):
        raise ConnectionSetupError("--api-url is not a URL (it is not shown)") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise ConnectionSetupError("--api-url must be an http(s) URL with a host")
    label = _origin(url)
    refused = _secret_part(url)
    if refused:
        raise ConnectionSetupError(
            f"--api-url {label} carries {refused}; pass the token with GECKO_ACCESS_TOKEN or "
            "--token-file, never in the URL (the rest of the URL is not shown)"
        )
    if url.scheme == "http" and not allow_insecure_http and not is_loopback(url.host):
        raise ConnectionSetupError(
            f"--api-url {label} is plain http to a host that is not this machine; the token "
            "would cross the network unencrypted (use https, or --allow-insecure-http)"
        )
    path = url.path.rstrip("/")
    checked = str(url.copy_with(path=path or "/"))
    return Endpoint(checked, label + ("/…" if path else ""), path)


def _origin(url: httpx.URL) -> str:
    host = f"[{url.host}]" if ":" in url.host else url.host
    port = f":{url.port}" if url.port is not None else ""
    return f"{url.scheme}://{host}{port}"


def _secret_part(url: httpx.URL) -> str:
    if url.userinfo:
        return "credentials (user:password@)"
    if url.query:
        return "a query string"
    if url.fragment:
        return "a fragment (#…)"
    return ""


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost" or host.lower().endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
