"""The rate-limit governor: wait for the window's reset rather than send into a 429.

Every attempt calls ``acquire()`` before it is sent and ``record()`` when it is over. The
governor keeps the last budget the API reported, counts the attempts in flight against it, and
when sending would dig into the reserve (or the budget is spent) it sleeps until the window's
reset, reporting each wait through ``on_wait``. Before the first response it knows nothing and
lets requests through. After a 429 the caller calls ``block_until()``: the governor forgets the
budget and holds every request until then, so ``Retry-After`` is honoured even when it is
shorter than the window. A wait longer than ``max_wait`` is never taken: it raises
``WaitTooLong`` instead (a ``Retry-After`` of a day, a reset in 2099).

Responses may arrive out of order when several requests are in flight, so a response is only
trusted to lower ``remaining`` within the window it reports; a response from a window already
over is ignored. When the clock passes the reset, the budget is assumed full again and the next
reset predicted one window later, until a response says otherwise.

Thread-safe: one lock guards the state; a second serialises waiting, so concurrent callers queue
behind one sleeper instead of all sleeping and reporting the same wait.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from reconciler.client.errors import WaitTooLong
from reconciler.client.ratelimit import (
    DEFAULT_WINDOW_SECONDS,
    RateStatus,
    RateWait,
    WaitKind,
    quota,
    window_end,
)

Clock = Callable[[], float]
Sleep = Callable[[float], None]
OnWait = Callable[[RateWait], None]

DEFAULT_RESET_MARGIN = 1.0
DEFAULT_MAX_WAIT = 15 * 60.0


class Governor:
    """Spends at most ``max_api_share`` of each rate-limit window, never sending into a 429.

    ``reset_margin`` seconds are added to waits for a reported reset, to absorb clock skew
    between this machine and the API.
    """

    def __init__(
        self,
        *,
        clock: Clock,
        sleep: Sleep,
        on_wait: OnWait | None = None,
        max_api_share: float = 1.0,
        window_seconds: float = DEFAULT_WINDOW_SECONDS,
        reset_margin: float = DEFAULT_RESET_MARGIN,
        max_wait: float = DEFAULT_MAX_WAIT,
    ) -> None:
        quota(1, max_api_share)  # validates the share
        if not max_wait >= 0:
            raise ValueError("max_wait must not be negative")
        self._max_wait = max_wait
        self._clock = clock
        self._sleep = sleep
        self._on_wait = on_wait
        self._share = max_api_share
        self._window = window_seconds
        self._margin = reset_margin
        self._lock = threading.Lock()
        self._gate = threading.Lock()
        self._limit: int | None = None
        self._remaining: int | None = None
        self._reset: float | None = None
        self._server_reset: float | None = None
        self._in_flight = 0
        self._blocked_until: float | None = None
        self._blocked_reason = ""
        self._blocked_kind: WaitKind = "rate_limited"

    @property
    def status(self) -> RateStatus:
        """The budget as last reported (and rolled over at the reset)."""
        with self._lock:
            return RateStatus(self._limit, self._remaining, self._reset)

    @property
    def max_api_share(self) -> float:
        return self._share

    @property
    def window_seconds(self) -> float:
        return self._window

    @property
    def reset_margin(self) -> float:
        return self._margin

    def acquire(self) -> None:
        """Return when one more request may be sent, waiting as long as needed."""
        with self._gate:
            while True:
                with self._lock:
                    wait = self._next_wait(self._clock())
                    if wait is None:
                        self._in_flight += 1
                        return
                self.pause(wait)

    def pause(self, wait: RateWait) -> None:
        """Report ``wait`` and sleep through it; raise ``WaitTooLong`` past ``max_wait``."""
        if not wait.seconds <= self._max_wait:
            raise WaitTooLong(wait.seconds, wait.reason, self._max_wait)
        if self._on_wait is not None:
            self._on_wait(wait)
        self._sleep(wait.seconds)

    def record(self, reported: RateStatus | None) -> None:
        """One acquired attempt is over; ``reported`` is what its response said, if anything.

        An attempt without rate-limit headers (no response, or a proxy's error page) is
        assumed to have been counted by the API.
        """
        with self._lock:
            self._in_flight = max(0, self._in_flight - 1)
            if reported is None:
                if self._remaining is not None:
                    self._remaining = max(0, self._remaining - 1)
                return
            self._merge(reported)

    def block_until(self, until: float, reason: str, kind: WaitKind = "rate_limited") -> None:
        """Hold every request until the epoch time ``until`` (after a 429)."""
        with self._lock:
            if self._blocked_until is None or until > self._blocked_until:
                self._blocked_until = until
                self._blocked_reason = reason
                self._blocked_kind = kind
            self._remaining = None

    def rate_limited(
        self, *, retry_after: float | None, reset: float | None, backoff: float
    ) -> None:
        """A 429 arrived: hold requests for ``retry_after`` seconds if given, else until
        ``reset`` (epoch seconds) if it is still ahead, else for ``backoff`` seconds."""
        now = self._clock()
        if retry_after is not None:
            until, how = now + retry_after, f"Retry-After {retry_after:g} s"
        elif reset is not None and reset > now:
            until, how = reset + self._margin, "until the window resets"
        else:
            until, how = now + backoff, "backing off"
        self.block_until(until, f"429 Too Many Requests; waiting {how}")

    def _next_wait(self, now: float) -> RateWait | None:
        if self._blocked_until is not None:
            if now < self._blocked_until:
                return RateWait(self._blocked_until - now, self._blocked_reason, self._blocked_kind)
            self._blocked_until = None
        if self._limit is None or self._remaining is None:
            return None
        self._roll(now)
        reserve = self._limit - quota(self._limit, self._share)
        if self._remaining - self._in_flight > reserve:
            return None
        if self._reset is None:  # no reset reported: assume the epoch-aligned window
            self._reset = window_end(now, self._window)
        end = self._reset
        reason = f"rate limit: {self._remaining} of {self._limit} requests left in this window"
        if reserve:
            reason += f", {reserve} kept in reserve"
        return RateWait(max(0.0, end - now) + self._margin, reason, "budget")

    def _roll(self, now: float) -> None:
        if self._reset is None or now < self._reset or self._limit is None:
            return
        self._remaining = self._limit
        while self._reset <= now:
            self._reset += self._window

    def _merge(self, reported: RateStatus) -> None:
        self._learn_window(reported)
        reset, remaining = reported.reset, reported.remaining
        if reset is not None and self._server_reset is not None:
            if reset < self._server_reset:
                return  # an answer from a window that is already over
            if reset == self._server_reset and self._remaining is not None:
                if self._reset != self._server_reset:
                    return  # the window was rolled over locally since; this answer is older
                remaining = min(self._remaining, remaining or 0)
        self._limit, self._remaining = reported.limit, remaining
        if reset is not None:
            self._reset = self._server_reset = reset

    def _learn_window(self, reported: RateStatus) -> None:
        """The window's length as the API declares it, else the gap between two resets (a
        multiple of it, since windows are epoch-aligned)."""
        if reported.window:
            self._window = reported.window
        elif reported.reset is not None and self._server_reset is not None:
            gap = reported.reset - self._server_reset
            if gap > 0:
                self._window = min(self._window, gap)
