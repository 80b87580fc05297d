"""What ``pull`` prints: the values it wrote (stdout), what it left for a person, and a summary.

Lines carry names and values from the account, so control characters are shown as escapes: a
name cannot drive the terminal or forge a line of a CI log.
"""

from __future__ import annotations

from reconciler.engine.pull import Pulled
from reconciler.printable import printable


def pulled_lines(pulled: Pulled) -> list[str]:
    return [printable(line) for line in pulled.pulled]


def note_lines(pulled: Pulled) -> list[str]:
    return [printable(line) for line in pulled.notes]


def pull_summary(pulled: Pulled, *, dry_run: bool) -> str:
    files, changes = len(pulled.files), len(pulled.pulled)
    left = f"; {len(pulled.notes)} left for a hand edit or review" if pulled.notes else ""
    if not changes:
        return f"Nothing to pull{left}."
    verb = "Would pull" if dry_run else "Pulled"
    plural = "s" if changes != 1 else ""
    return f"{verb} {changes} change{plural} into {files} file{'s' if files != 1 else ''}{left}."
