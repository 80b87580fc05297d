"""When and how long to retry a failed attempt.

Retried: 500, 502, 503 and 504 answers and transport failures (timeouts, refused and dropped
connections), with exponential backoff and jitter, bounded by a number of attempts and by the
time spent (waits for the rate limit excluded). A 429 is also retried, after waiting for the
rate-limit window (see ``governor``), within the same number of attempts. Nothing else is.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from reconciler.client.serverclock import http_date

RETRYABLE_STATUSES = frozenset({500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """Bounds and backoff of retries.

    ``max_attempts`` counts every attempt of one operation, the first included;
    ``max_elapsed`` bounds the seconds spent on it, not counting waits for the rate limit.
    The backoff before attempt n+1 is drawn from [d/2, d] with d = min(max_delay,
    base_delay * 2**(n-1)); ``rng`` returns a float in [0, 1) and is injectable for tests.
    """

    max_attempts: int = 6
    max_elapsed: float = 120.0
    base_delay: float = 0.5
    max_delay: float = 30.0
    rng: Callable[[], float] = field(default=random.random, compare=False)

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if self.base_delay < 0 or self.max_delay < 0 or self.max_elapsed < 0:
            raise ValueError("retry delays must not be negative")

    def delay(self, failures: int) -> float:
        """Seconds to wait after the ``failures``-th consecutive failed attempt."""
        ceiling = min(self.max_delay, self.base_delay * 2.0 ** max(0, failures - 1))
        jitter: float = self.rng()
        return ceiling / 2 + ceiling / 2 * jitter


def retry_after_seconds(value: str | None, server_now: float) -> float | None:
    """The delay a ``Retry-After`` header asks for (seconds, or an HTTP date read against the
    server's clock, ``server_now``), if readable. Not bounded here: the governor refuses a wait
    past its ``max_wait``."""
    if value is None:
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if math.isfinite(seconds) else None
    when = http_date(text)
    return None if when is None else max(0.0, when - server_now)
