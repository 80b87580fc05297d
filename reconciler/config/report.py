"""What ``gecko-apply validate`` reports: a one-line summary, or every problem and a count."""

from __future__ import annotations

import os
from dataclasses import dataclass

from reconciler.config.diagnostics import ConfigError, plural
from reconciler.config.load import LoadedCatalogue, load_catalogue
from reconciler.kinds import KINDS

NOTED_KINDS = ("price_list", "location")
"""Unresolved references worth a note offline; every currency is the account's by design."""


@dataclass(frozen=True)
class ValidationReport:
    """``summary`` goes to stdout; ``problems`` (diagnostics, notes, the count) to stderr."""

    exit_code: int
    summary: str
    problems: tuple[str, ...]


def validate_path(path: str | os.PathLike[str]) -> ValidationReport:
    """Load and check a configuration offline; exit code 0 when valid, 1 otherwise."""
    try:
        loaded = load_catalogue(path)
    except ConfigError as error:
        return ValidationReport(1, "", tuple(error.report().splitlines()))
    return ValidationReport(0, counts(loaded), notes(loaded))


def counts(loaded: LoadedCatalogue) -> str:
    """``ok: 2 locations, 0 payment terms, ..., 8 variants (3 files)``."""
    parts = [
        plural(
            len(loaded.catalogue.records(spec.section)),
            spec.name.replace("_", " "),
            spec.section.replace("_", " "),
        )
        for spec in KINDS
    ]
    return f"ok: {', '.join(parts)} ({plural(len(loaded.files), 'file')})"


def notes(loaded: LoadedCatalogue) -> tuple[str, ...]:
    """One note per record named but not declared, left for plan to find in the account."""
    seen: set[tuple[str, str]] = set()
    lines = []
    for ref in loaded.unresolved:
        if ref.kind not in NOTED_KINDS or (ref.kind, ref.key) in seen:
            continue
        seen.add((ref.kind, ref.key))
        message = f"note: {ref.describe()} is not declared; plan checks that the account has it"
        lines.append(str(ref.diagnostic(message)))
    return tuple(lines)
