"""What the commands share on the terminal: colour, errors as one line, progress on stderr.

Results go to stdout; logs, progress and rate-limit waits to stderr. Colour on a terminal or
with ``FORCE_COLOR`` (as GitHub Actions logs want), never with ``NO_COLOR``.

Every error gecko-apply raises on purpose becomes its message and exit code 1, never a
traceback; the access token is masked in anything printed here.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

import click

from reconciler.client import RateWait
from reconciler.client.redact import SECRETS
from reconciler.config import ConfigError
from reconciler.engine.errors import PlanError
from reconciler.engine.outcome import Outcome, Status
from reconciler.errors import GeckoApplyError
from reconciler.render import format_wait

EXIT_OK, EXIT_ERROR, EXIT_CHANGES = 0, 1, 2
EXIT_INTERRUPTED = 130


def use_color(stream: TextIO | None = None) -> bool:
    """Colour on ``stream`` (stdout by default): ``NO_COLOR`` wins, then ``FORCE_COLOR``, then
    whether it is a terminal (https://no-color.org, https://force-color.org)."""
    forced = color_override()
    return forced if forced is not None else (stream or sys.stdout).isatty()


def color_override() -> bool | None:
    """``False`` under ``NO_COLOR``, ``True`` under ``FORCE_COLOR``, else ``None`` (detect)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return None


class _FullSummary(click.Command):
    """Listed in the group's ``--help`` by its whole first paragraph, never cut short."""

    def get_short_help_str(self, limit: int = 45) -> str:
        return self.short_help or (self.help or "").split("\n\n")[0].replace("\n", " ")


class Command(_FullSummary):
    pass


class Group(_FullSummary, click.Group):
    """A group whose commands and subgroups list their full summaries too."""

    command_class = Command
    group_class = type  # subgroups are of this class as well


def say(message: str) -> None:
    """A log or progress line, on stderr."""
    click.echo(message, err=True)


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn gecko-apply's errors into lines on stderr and exit code 1."""
    try:
        yield
    except ConfigError as error:
        say(SECRETS.mask(error.report()))
        raise SystemExit(EXIT_ERROR) from None
    except PlanError as error:
        for problem in error.problems:
            say(SECRETS.mask(f"Error: {problem}"))
        raise SystemExit(EXIT_ERROR) from None
    except GeckoApplyError as error:
        say(SECRETS.mask(f"Error: {error}"))
        raise SystemExit(EXIT_ERROR) from None
    except (click.Abort, click.ClickException):
        raise  # click prints these itself
    except KeyboardInterrupt:
        say("Interrupted; re-running converges (every write is safe to repeat).")
        raise SystemExit(EXIT_INTERRUPTED) from None
    except Exception as error:
        if os.environ.get("GECKO_DEBUG"):
            raise
        say(SECRETS.mask(f"Error: internal error ({type(error).__name__}: {error}); "
                         "set GECKO_DEBUG=1 to see where"))
        raise SystemExit(EXIT_ERROR) from None


def show_wait(wait: RateWait) -> None:
    say(format_wait(wait.seconds, wait.reason))


def progress_printer(estimate: Callable[[int], float]) -> Callable[[int, int, Outcome], None]:
    """Progress lines for apply, with the time left under the rate budget."""

    def progress(done: int, total: int, outcome: Outcome) -> None:
        left = estimate(total - done)
        eta = f", about {_duration(left)} left" if done < total and left >= 1 else ""
        message = f": {outcome.message}" if outcome.status is not Status.SUCCEEDED else ""
        say(
            SECRETS.mask(
                f"[{done}/{total}] {outcome.address} {outcome.action.value} "
                f"{outcome.status.value}{message}{eta}"
            )
        )

    return progress


def _duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"
