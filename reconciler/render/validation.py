"""What ``gecko-apply validate`` prints: text for people, JSON for tools, and GitHub Actions
workflow commands, which the runner turns into annotations on the pull request's diff."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

from reconciler.config.diagnostics import Diagnostic
from reconciler.config.report import ValidationReport

VALIDATE_FORMATS = ("text", "json", "github")
ANNOTATION_TITLE = "gecko-apply validate"
NOTE_PREFIX = "note: "


@dataclass(frozen=True)
class Printed:
    """Lines for stdout and for stderr."""

    out: tuple[str, ...] = ()
    err: tuple[str, ...] = ()


def render_validation(report: ValidationReport, fmt: str) -> Printed:
    """The report in one of ``VALIDATE_FORMATS``; raises ``ValueError`` for any other."""
    if fmt == "text":
        return Printed((report.summary,) if report.summary else (), report.problems)
    if fmt == "json":
        return Printed((json.dumps(_document(report), indent=2, ensure_ascii=False),))
    if fmt == "github":
        lines = [_annotation("error", d) for d in report.errors]
        lines += [_annotation("notice", d) for d in report.notes]
        closing = report.problems[-1:] if report.errors else (report.summary,)
        return Printed((*lines, *closing))
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(VALIDATE_FORMATS)}")


def _document(report: ValidationReport) -> dict[str, object]:
    return {
        "valid": not report.errors,
        "summary": report.summary or report.problems[-1],
        "errors": [_diagnostic(d) for d in report.errors],
        "notes": [_diagnostic(d) for d in report.notes],
    }


def _diagnostic(diagnostic: Diagnostic) -> dict[str, object]:
    return {
        "file": diagnostic.file,
        "line": diagnostic.line,
        "col": diagnostic.col,
        "path": diagnostic.yaml_path,
        "message": diagnostic.message.removeprefix(NOTE_PREFIX),
    }


def _annotation(level: str, diagnostic: Diagnostic) -> str:
    """``::error file=F,line=L,col=C,title=T::message`` (line and col only when known)."""
    properties = {"file": _relative(diagnostic.file)}
    if diagnostic.line:
        properties |= {"line": str(diagnostic.line), "col": str(diagnostic.col)}
    properties["title"] = ANNOTATION_TITLE
    where = f"{diagnostic.yaml_path}: " if diagnostic.yaml_path else ""
    message = where + diagnostic.message.removeprefix(NOTE_PREFIX)
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{level} {joined}::{escape_data(message)}"


def escape_data(text: str) -> str:
    """A workflow command's message: ``%``, CR and LF percent-encoded (the runner's rule)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: as ``escape_data``, plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _relative(file: str) -> str:
    """Annotations name files relative to the workspace (the working directory in a job)."""
    if not os.path.isabs(file):
        return file
    relative = os.path.relpath(file)
    return file if relative.startswith("..") else relative
