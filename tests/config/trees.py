"""Declarative configurations for tests: a dict of relative path → YAML text, written to disk."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping
from pathlib import Path

import pytest

from reconciler.config import ConfigError, Diagnostic, LoadedCatalogue, load_catalogue

Tree = Mapping[str, str | bytes]

HEADER = "gecko_apply: 1\n"
DIAGNOSTIC_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<rest>.+)$")


def doc(text: str) -> str:
    """A file carrying the header, then ``text`` dedented."""
    return HEADER + textwrap.dedent(text)


def write_tree(root: Path, files: Tree) -> Path:
    """Write each file under ``root`` (text is dedented); return ``root``."""
    for name, content in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def load_tree(root: Path, files: Tree) -> LoadedCatalogue:
    return load_catalogue(write_tree(root, files))


def errors_of(root: Path, files: Tree) -> tuple[Diagnostic, ...]:
    """The diagnostics loading ``files`` raises (the test fails if it loads)."""
    with pytest.raises(ConfigError) as raised:
        load_tree(root, files)
    return raised.value.diagnostics


def messages(diagnostics: tuple[Diagnostic, ...]) -> list[str]:
    return [diagnostic.message for diagnostic in diagnostics]


def one_error(root: Path, files: Tree) -> Diagnostic:
    found = errors_of(root, files)
    assert len(found) == 1, [str(d) for d in found]
    return found[0]
