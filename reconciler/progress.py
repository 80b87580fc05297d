"""Apply's progress on stderr: one live status line on a terminal, a compact line now and then
in CI, and between them the log of what went wrong and every wait.

On a terminal, rich draws the status line (done/total, succeeded and failed, requests left in
the rate-limit window, time left) and keeps it in place, with failures and waits scrolling
above it; the time left counts down between changes. Without a terminal, the status is printed
every ``CI_EVERY_CHANGES`` changes or ``CI_EVERY_SECONDS`` seconds, whichever comes first.

The time left is the client's one estimate (``estimate_seconds``, also behind the plan's
sentence) of the requests still to send: the plan's count less those sent since apply began.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol

from rich.console import Console
from rich.live import Live
from rich.text import Text

from reconciler.client import RateStatus
from reconciler.client.ratelimit import quota
from reconciler.console import routed_to, say, tally
from reconciler.engine.outcome import Outcome, Status
from reconciler.render import ApplyStatus, format_progress, format_status

CI_EVERY_CHANGES = 50
CI_EVERY_SECONDS = 10.0
REFRESHES_PER_SECOND = 4
Clock = Callable[[], float]


class RateBudget(Protocol):
    """What progress reads of the client."""

    @property
    def requests_sent(self) -> int: ...

    @property
    def rate_status(self) -> RateStatus: ...

    @property
    def rate_policy(self) -> tuple[int, float]: ...

    def estimate_seconds(self, requests: int) -> float: ...


class Tracker:
    """Counts outcomes and keeps the estimated end of the apply up to date."""

    def __init__(self, client: RateBudget, changes: int, requests: int, share: float,
                 clock: Clock = time.monotonic) -> None:
        self._client = client
        self._clock = clock
        self._share = share
        self._requests = requests
        self._sent_before = client.requests_sent
        self.total = changes
        self.counts = dict.fromkeys(Status, 0)
        self._end = clock() + client.estimate_seconds(requests)
        tally(0, changes)

    def record(self, outcome: Outcome) -> None:
        self.counts[outcome.status] += 1
        tally(self.done, self.total)
        sent = self._client.requests_sent - self._sent_before
        self._end = self._clock() + self._client.estimate_seconds(max(0, self._requests - sent))

    @property
    def done(self) -> int:
        return sum(self.counts.values())

    def status(self) -> ApplyStatus:
        return ApplyStatus(
            done=self.done,
            total=self.total,
            succeeded=self.counts[Status.SUCCEEDED],
            failed=self.counts[Status.FAILED],
            skipped=self.counts[Status.SKIPPED],
            window_left=self._window_left(),
            seconds_left=max(0.0, self._end - self._clock()),
        )

    def _window_left(self) -> int | None:
        status = self._client.rate_status
        if status.remaining is None:
            return None
        limit = status.limit or self._client.rate_policy[0]
        return max(0, status.remaining - (limit - quota(limit, self._share)))


class _StatusLine:
    """The live line, rendered afresh at each refresh so the time left counts down."""

    def __init__(self, tracker: Tracker) -> None:
        self.tracker = tracker

    def __rich__(self) -> Text:
        return Text(format_status(self.tracker.status()), no_wrap=True, overflow="ellipsis")


Progress = Callable[[int, int, Outcome], None]


@contextmanager
def apply_progress(tracker: Tracker, *, live: bool | None = None) -> Iterator[Progress]:
    """The progress callback for ``apply_changes``; ``live`` defaults to whether stderr is a
    terminal. Everything ``say`` prints meanwhile (waits included) joins the log."""
    if live if live is not None else sys.stderr.isatty():
        with _live(tracker) as progress:
            yield progress
    else:
        with _periodic(tracker) as progress:
            yield progress


@contextmanager
def _live(tracker: Tracker) -> Iterator[Progress]:
    console = Console(file=sys.stderr, highlight=False)
    display = Live(_StatusLine(tracker), console=console, transient=False,
                   refresh_per_second=REFRESHES_PER_SECOND, redirect_stdout=False)

    def log(line: str) -> None:  # already masked and escaped by say()
        console.print(Text(line))

    def progress(done: int, total: int, outcome: Outcome) -> None:
        tracker.record(outcome)
        if outcome.status is not Status.SUCCEEDED:
            say(format_progress(done, total, outcome))
        display.refresh()

    with display, routed_to(log):
        yield progress


@contextmanager
def _periodic(tracker: Tracker, clock: Clock = time.monotonic) -> Iterator[Progress]:
    last = {"done": 0, "at": clock()}

    def progress(done: int, total: int, outcome: Outcome) -> None:
        tracker.record(outcome)
        if outcome.status is not Status.SUCCEEDED:
            say(format_progress(done, total, outcome))
        due = done - last["done"] >= CI_EVERY_CHANGES or clock() - last["at"] >= CI_EVERY_SECONDS
        if due or done == total:
            say(format_status(tracker.status()))
            last.update(done=done, at=clock())

    say(format_status(tracker.status()))
    yield progress
