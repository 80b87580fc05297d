"""The rate limit: N requests per fixed window of S seconds aligned to the epoch."""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RateState:
    limit: int
    remaining: int
    reset: int
    allowed: bool
    window: int = 0

    def headers(self) -> dict[str, str]:
        """TradeGecko's three headers; the sandbox's window is configurable, so it also states
        it in the standard ``RateLimit-Policy`` header (``N;w=SECONDS``)."""
        headers = {
            "X-Rate-Limit-Limit": str(self.limit),
            "X-Rate-Limit-Remaining": str(self.remaining),
            "X-Rate-Limit-Reset": str(self.reset),
        }
        if self.window:
            headers["RateLimit-Policy"] = f"{self.limit};w={self.window}"
        return headers


def parse_rate_limit(text: str | None) -> tuple[int, int] | None:
    """``"300/300"`` → ``(300, 300)``; ``"off"`` (or blank) → ``None``."""
    if text is None or text.strip().lower() in ("", "off", "none"):
        return None
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not match or int(match[1]) < 1 or int(match[2]) < 1:
        raise ValueError(f"rate limit must be N/SECONDS or off, not {text!r}")
    return int(match[1]), int(match[2])


class RateLimiter:
    def __init__(self, limit: tuple[int, int] | None, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._limit = limit
        self._window = -1
        self._count = 0

    def configure(self, limit: tuple[int, int] | None) -> None:
        with self._lock:
            self._limit, self._window, self._count = limit, -1, 0

    def _roll(self) -> tuple[int, int, int] | None:
        if self._limit is None:
            return None
        allowed, seconds = self._limit
        window = math.floor(self._clock() / seconds)
        if window != self._window:
            self._window, self._count = window, 0
        return allowed, seconds, (window + 1) * seconds

    def hit(self) -> RateState | None:
        """Count one request; ``allowed`` is False past the limit (and it is not counted)."""
        with self._lock:
            rolled = self._roll()
            if rolled is None:
                return None
            allowed, seconds, reset = rolled
            if self._count >= allowed:
                return RateState(allowed, 0, reset, False, seconds)
            self._count += 1
            return RateState(allowed, allowed - self._count, reset, True, seconds)

    def peek(self) -> RateState | None:
        with self._lock:
            rolled = self._roll()
            if rolled is None:
                return None
            allowed, seconds, reset = rolled
            return RateState(allowed, max(0, allowed - self._count), reset, True, seconds)
