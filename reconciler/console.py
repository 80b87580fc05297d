"""What the commands share on the terminal: colour, errors as one line, progress on stderr.

Results go to stdout; logs, progress and rate-limit waits to stderr. Colour on a terminal or
with ``FORCE_COLOR`` (as GitHub Actions logs want), never with ``NO_COLOR``.

Every error gecko-apply raises on purpose becomes its message and exit code 1, never a
traceback (a full disk or a read-only directory is one line naming the path); the access token
is masked and account text escaped in every line printed here. SIGTERM (a CI cancel) stops a
command as Ctrl-C does, and an interrupted apply says how many of its changes were done.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

import click

from reconciler.client import RateWait
from reconciler.client.redact import SECRETS
from reconciler.config import ConfigError
from reconciler.config.diagnostics import summary
from reconciler.engine.errors import PlanError
from reconciler.errors import GeckoApplyError
from reconciler.printable import printable
from reconciler.render import format_wait

EXIT_OK, EXIT_ERROR, EXIT_CHANGES = 0, 1, 2
EXIT_INTERRUPTED = 130            # 128 + SIGINT
EXIT_TERMINATED = 128 + signal.SIGTERM


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
    """A group whose commands and subgroups list their full summaries too, and whose usage
    errors exit 1, not click's 2: with ``--detailed-exitcode``, 2 means "changes present", and
    a mistyped option must not pass for that in CI."""

    command_class = Command
    group_class = type  # subgroups are of this class as well

    def make_context(self, info_name: str | None, args: list[str],
                     parent: click.Context | None = None, **extra: Any) -> click.Context:
        with _usage_errors_exit_1():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        with _usage_errors_exit_1():
            return super().invoke(ctx)


_sinks: list[Callable[[str], None]] = []


def say(message: str) -> None:
    """One line on stderr (a log, a progress line, an error), secrets masked and escaped: text
    from the account inside it cannot start a line of its own or drive the terminal. While a
    live display is drawn there, the line joins its log instead."""
    line = printable(SECRETS.mask(message))
    if _sinks:
        _sinks[-1](line)
    else:
        click.echo(line, err=True)


@contextmanager
def routed_to(sink: Callable[[str], None]) -> Iterator[None]:
    """Send what ``say`` prints to ``sink`` meanwhile (a live display's log)."""
    _sinks.append(sink)
    try:
        yield
    finally:
        _sinks.pop()


class Terminated(KeyboardInterrupt):
    """SIGTERM (what a CI cancel sends), stopping the command the way Ctrl-C does."""


@dataclass
class _Tally:
    """How far an apply got, for the line printed when it is interrupted."""

    done: int = 0
    total: int | None = None


_TALLY = _Tally()


def tally(done: int, total: int) -> None:
    """Record how far an apply got (said if it is interrupted)."""
    _TALLY.done, _TALLY.total = done, total


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn gecko-apply's errors into lines on stderr and exit code 1; SIGTERM and Ctrl-C end
    the command saying how far an apply got."""
    _TALLY.done, _TALLY.total = 0, None
    try:
        with _sigterm_interrupts():
            yield
    except ConfigError as error:
        for diagnostic in error.diagnostics:
            say(str(diagnostic))
        say(summary(error.diagnostics))
        raise SystemExit(EXIT_ERROR) from None
    except PlanError as error:
        for problem in error.problems:
            say(f"Error: {problem}")
        raise SystemExit(EXIT_ERROR) from None
    except GeckoApplyError as error:
        say(f"Error: {error}")
        raise SystemExit(EXIT_ERROR) from None
    except (click.Abort, click.ClickException):
        raise  # click prints these itself
    except KeyboardInterrupt as stop:
        say(_interrupted(stop))
        raise SystemExit(EXIT_TERMINATED if isinstance(stop, Terminated) else EXIT_INTERRUPTED) \
            from None
    except OSError as error:
        say(f"Error: {_os_error(error)}")
        raise SystemExit(EXIT_ERROR) from None
    except Exception as error:
        if os.environ.get("GECKO_DEBUG"):
            raise
        say(f"Error: internal error ({type(error).__name__}: {error}); "
            "set GECKO_DEBUG=1 to see where")
        raise SystemExit(EXIT_ERROR) from None


@contextmanager
def writing(path: Path) -> Iterator[None]:
    """Writes to ``path`` inside: an ``OSError`` that names no file (a full disk is reported on
    the write, not the open) is reported as about ``path``."""
    try:
        yield
    except OSError as error:
        if error.filename is None:
            error.filename = str(path)
        raise


def _interrupted(stop: KeyboardInterrupt) -> str:
    what = "Terminated" if isinstance(stop, Terminated) else "Interrupted"
    if _TALLY.total is None:
        return f"{what}; no change was applied."
    return f"{what}: {_TALLY.done} of {_TALLY.total} done; re-running converges."


def _os_error(error: OSError) -> str:
    """``out/plan.json: No space left on device``: the path and the reason, one line."""
    reason = error.strerror or type(error).__name__
    if error.filename is None:
        return reason
    return f"{os.fsdecode(error.filename)}: {reason}"


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """While the command runs, SIGTERM raises ``Terminated`` as Ctrl-C raises KeyboardInterrupt
    (only in the main thread, where Python delivers signals)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum: int, frame: FrameType | None) -> None:
        raise Terminated()

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def _usage_errors_exit_1() -> Iterator[None]:
    try:
        yield
    except click.UsageError as error:
        # click declares exit_code on the class and reads it from the instance
        error.exit_code = EXIT_ERROR  # type: ignore[misc]
        raise


def show_wait(wait: RateWait) -> None:
    say(format_wait(wait.seconds, wait.reason))
