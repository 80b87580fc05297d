"""What ``gecko-apply validate`` reports: a one-line summary, or every problem and a count."""

from __future__ import annotations

import os
from dataclasses import dataclass

from reconciler.config.diagnostics import ConfigError, Diagnostic, plural, summary
from reconciler.config.load import LoadedCatalogue, load_catalogue
from reconciler.kinds import KINDS

NOTED_KINDS = ("price_list", "location", "supplier")
"""Unresolved references worth a note offline; every currency is the account's by design."""


@dataclass(frozen=True)
class ValidationReport:
    """What validation found: ``errors`` (the configuration is unusable) or ``notes``, and the
    one-line ``summary`` of a valid configuration."""

    summary: str = ""
    errors: tuple[Diagnostic, ...] = ()
    notes: tuple[Diagnostic, ...] = ()

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0

    @property
    def problems(self) -> tuple[str, ...]:
        """The lines for stderr: every error and its count, or every note."""
        if self.errors:
            return (*map(str, self.errors), summary(self.errors))
        return tuple(map(str, self.notes))


def validate_path(path: str | os.PathLike[str]) -> ValidationReport:
    """Load and check a configuration offline; exit code 0 when valid, 1 otherwise."""
    try:
        loaded = load_catalogue(path)
    except ConfigError as error:
        return ValidationReport(errors=error.diagnostics)
    return ValidationReport(summary=counts(loaded), notes=notes(loaded))


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


def notes(loaded: LoadedCatalogue) -> tuple[Diagnostic, ...]:
    """One note per record named but not declared, left for plan to find in the account."""
    seen: set[tuple[str, str]] = set()
    found = []
    for ref in loaded.unresolved:
        if ref.kind not in NOTED_KINDS or (ref.kind, ref.key) in seen:
            continue
        seen.add((ref.kind, ref.key))
        message = f"note: {ref.describe()} is not declared; plan checks that the account has it"
        found.append(ref.diagnostic(message))
    return tuple(found)
