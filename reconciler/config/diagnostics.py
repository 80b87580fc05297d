"""Problems found in a configuration, each with its place: ``file:line:col: path: message``."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reconciler.errors import GeckoApplyError

YamlPath = tuple[str | int, ...]
"""A place in a YAML document: mapping keys and sequence indexes, from the top."""

_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")


def format_path(path: YamlPath) -> str:
    """``("products", 2, "prices", "VIP")`` → ``products[2].prices.VIP``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _PLAIN_KEY.match(part):
            text += f".{part}" if text else part
        else:
            escaped = part.replace("\\", "\\\\").replace('"', '\\"')
            text += f'["{escaped}"]'
    return text


@dataclass(frozen=True, order=True)
class Position:
    """A place in a file; ``line`` and ``col`` are 1-based (0 when the whole file is meant)."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}" if self.line else self.file


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem: where it is, and what is wrong, as a user should read it."""

    file: str
    line: int
    col: int
    message: str
    yaml_path: str = ""

    @classmethod
    def at(cls, position: Position, message: str, path: YamlPath = ()) -> Diagnostic:
        return cls(position.file, position.line, position.col, message, format_path(path))

    @property
    def position(self) -> Position:
        return Position(self.file, self.line, self.col)

    def __str__(self) -> str:
        where = f"{self.yaml_path}: " if self.yaml_path else ""
        return f"{self.position}: {where}{self.message}"


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else (words or word + 's')}"


def summary(diagnostics: Sequence[Diagnostic]) -> str:
    """``2 errors in 1 file``."""
    files = {diagnostic.file for diagnostic in diagnostics}
    return f"{plural(len(diagnostics), 'error')} in {plural(len(files), 'file')}"


class ConfigError(GeckoApplyError):
    """The configuration cannot be used; ``diagnostics`` holds every problem found, sorted."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(sorted(set(diagnostics)))
        super().__init__(self.report())

    def report(self) -> str:
        """Every diagnostic on its own line, then the summary line."""
        lines = [str(diagnostic) for diagnostic in self.diagnostics]
        return "\n".join([*lines, summary(self.diagnostics)])
