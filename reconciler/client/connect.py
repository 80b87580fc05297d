"""Opening a connection to the real API: the access token, the base URL, the API share.

The token comes from ``GECKO_ACCESS_TOKEN`` or a token file, never from the command line (where
it would land in shell history and process lists), and is never echoed, not even when refused.
A token is printable ASCII without spaces; one trailing line ending (what editors and
``echo`` leave at the end of a file or a pasted secret) is dropped, anything else is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import httpx

from reconciler import __version__
from reconciler.client.endpoint import ConnectionSetupError

TOKEN_VARIABLE = "GECKO_ACCESS_TOKEN"


def read_token(token_file: Path | None, environ: Mapping[str, str]) -> str:
    if token_file is not None:
        try:
            raw = token_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or "not UTF-8 text"
            raise ConnectionSetupError(
                f"cannot read the token file {token_file}: {reason}"
            ) from None
        return checked_token(raw, f"the token file {token_file}")
    raw = environ.get(TOKEN_VARIABLE, "")
    if not raw:
        raise ConnectionSetupError(
            f"no access token: set {TOKEN_VARIABLE} or pass --token-file FILE "
            "(or try the embedded sandbox with --sandbox)"
        )
    return checked_token(raw, TOKEN_VARIABLE)


def checked_token(raw: str, source: str) -> str:
    """``raw`` without one trailing line ending; refused (never shown) unless every character
    left is printable ASCII other than a space."""
    token = raw.removesuffix("\r\n") if raw.endswith("\r\n") else raw.removesuffix("\n")
    if not token:
        raise ConnectionSetupError(f"{source} is empty")
    bad = next((i for i, char in enumerate(token) if not "!" <= char <= "~"), None)
    if bad is None:
        return token
    what = "a line break (a second line?)" if token[bad] in "\r\n" else (
        "a space" if token[bad].isspace() else "a control or non-ASCII character")
    raise ConnectionSetupError(
        f"{source} holds {what} at character {bad + 1} of the token; a token is one word of "
        "printable ASCII (the token is not shown)"
    )


def open_http(api_url: str, *, timeout: float = 30.0) -> httpx.Client:
    return httpx.Client(
        base_url=httpx.URL(api_url),
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


_UNITS = {"": 1.0, "s": 1.0, "m": 60.0, "min": 60.0, "h": 3600.0}


def parse_duration(text: str, option: str = "--max-wait") -> float:
    """``900``, ``900s``, ``15m``/``15min`` or ``1h`` → seconds."""
    raw = text.strip().lower()
    number = raw.rstrip("abcdefghijklmnopqrstuvwxyz").strip()
    unit = raw[len(number) :].strip()
    try:
        seconds = float(number) * _UNITS[unit]
    except (ValueError, KeyError):
        raise ConnectionSetupError(f"{option} {text!r} is not a duration like 15m, 900s or 1h") \
            from None
    if not 0 <= seconds < float("inf"):
        raise ConnectionSetupError(f"{option} {text!r} must be a finite, non-negative duration")
    return seconds
