"""The API's rate limit as data: the headers, the waits, and what N requests will cost in time.

The API allows ``limit`` requests per fixed, epoch-aligned window (300 per 300 s) and reports the
budget on every response in ``X-Rate-Limit-Limit``, ``X-Rate-Limit-Remaining`` and
``X-Rate-Limit-Reset`` (epoch seconds of the window's end). The window's length is not in those
headers: it is taken from a standard ``RateLimit-Policy: 300;w=300`` header where an API sends
one (the sandbox does), else learnt from successive resets, else the documented 300 s.

``share`` is the fraction of each window gecko-apply may use; the rest is a reserve for the
merchant's other integrations, so gecko-apply stops while ``remaining`` is at or below
``limit - quota(limit, share)``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

DEFAULT_LIMIT = 300
DEFAULT_WINDOW_SECONDS = 300.0

WaitKind = Literal["budget", "rate_limited", "retry"]
_POLICY_WINDOW = re.compile(r"(?:^|;)\s*w\s*=\s*(\d+)")


@dataclass(frozen=True)
class RateStatus:
    """The last rate-limit budget the API reported; ``None`` where nothing was seen yet."""

    limit: int | None = None
    remaining: int | None = None
    reset: float | None = None
    window: float | None = None


@dataclass(frozen=True)
class RateWait:
    """One pause the client takes instead of sending.

    ``kind`` is ``"budget"`` (the window's budget is spent, waiting for its reset),
    ``"rate_limited"`` (a 429 arrived anyway) or ``"retry"`` (backing off after a failure).
    """

    seconds: float
    reason: str
    kind: WaitKind


def quota(limit: int, share: float) -> int:
    """How many requests of a window of ``limit`` gecko-apply may use (at least one)."""
    check_share(share)
    return max(1, math.floor(limit * share + 1e-9))


def check_share(share: float) -> None:
    """Refuse a share outside (0, 1]."""
    if not 0 < share <= 1:
        raise ValueError(f"max_api_share must be in (0, 1], not {share}")


def window_end(now: float, window_seconds: float) -> float:
    """The end of the epoch-aligned window containing ``now``."""
    return (math.floor(now / window_seconds) + 1) * window_seconds


def parse_rate_headers(headers: Mapping[str, str]) -> RateStatus | None:
    """The budget a response reports, or ``None`` when it carries no usable limit headers."""
    limit = _integer(headers.get("x-rate-limit-limit"))
    remaining = _integer(headers.get("x-rate-limit-remaining"))
    reset = _integer(headers.get("x-rate-limit-reset"))
    if limit is None or remaining is None:
        return None
    window = _POLICY_WINDOW.search(headers.get("ratelimit-policy", ""))
    seconds = int(window[1]) if window and int(window[1]) > 0 else None
    return RateStatus(limit=limit, remaining=max(0, remaining), reset=reset, window=seconds)


def _integer(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None


def estimate_seconds(
    requests: int,
    *,
    limit: int = DEFAULT_LIMIT,
    window_seconds: float = DEFAULT_WINDOW_SECONDS,
    remaining: int | None = None,
    reset: float | None = None,
    share: float = 1.0,
    now: float = 0.0,
    seconds_per_request: float = 0.0,
    margin: float = 0.0,
) -> float:
    """The wall time ``requests`` requests take under the rate limit, in seconds.

    Pure. ``remaining`` and ``reset`` are the last budget seen (``None``: assume a fresh window
    ending at the next epoch-aligned boundary after ``now``). Requests that fit the current
    window cost nothing but ``seconds_per_request`` each; each further window's worth waits
    for a reset, and whatever is sent after the last reset adds its sending time. ``margin``
    is added once: the governor waits that long past the first reset, and the windows after
    it keep that offset.
    """
    if requests <= 0:
        return 0.0
    if reset is not None and reset <= now:
        remaining, reset = None, None
    per_window = quota(limit, share)
    reserve = limit - per_window
    usable_now = per_window if remaining is None else max(0, remaining - reserve)
    sending = requests * seconds_per_request
    if requests <= usable_now:
        return sending
    end = window_end(now, window_seconds) if reset is None else reset
    first_wait = max(0.0, end - now)
    later_windows = math.ceil((requests - usable_now) / per_window) - 1
    last_batch = requests - usable_now - later_windows * per_window
    waited = first_wait + margin + later_windows * window_seconds
    # Sending overlaps the windows it waits through; only the last batch comes after them.
    return max(waited + last_batch * seconds_per_request, sending)
