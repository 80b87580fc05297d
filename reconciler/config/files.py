"""Find and read the files of a configuration: one file, or a directory's YAML files."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from reconciler.config.diagnostics import Diagnostic

SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class SourceFile:
    """One file as the user sees its name (the given path joined with the file's place in it)."""

    name: str
    data: bytes


def find_files(path: Path) -> tuple[list[Path], list[Diagnostic]]:
    """The file itself, or the directory's ``*.yaml``/``*.yml`` files, recursively and sorted.

    Hidden files and directories (``.git``, editor backups) are skipped.
    """
    if path.is_file():
        return [path], []
    if not path.is_dir():
        return [], [Diagnostic(str(path), 0, 0, "no such file or directory")]
    found = [
        candidate
        for candidate in path.rglob("*")
        if candidate.suffix in SUFFIXES
        and not any(part.startswith(".") for part in candidate.relative_to(path).parts)
        and candidate.is_file()
    ]
    if not found:
        message = f"no {' or '.join('*' + suffix for suffix in SUFFIXES)} files found"
        return [], [Diagnostic(str(path), 0, 0, message)]
    return sorted(found, key=lambda file: file.relative_to(path).as_posix()), []


def read_files(paths: list[Path]) -> tuple[list[SourceFile], list[Diagnostic]]:
    files, problems = [], []
    for path in paths:
        try:
            files.append(SourceFile(str(path), path.read_bytes()))
        except OSError as exc:
            problems.append(Diagnostic(str(path), 0, 0, f"cannot read: {exc.strerror or exc}"))
    return files, problems


def config_hash(files: list[SourceFile]) -> str:
    """sha256 over the files' bytes in order, each preceded by its length (8 bytes, big-endian).

    The length prefix keeps two configurations that differ only in where one file ends and the
    next begins from hashing alike. Saved plans compare it to refuse a changed configuration.
    """
    digest = hashlib.sha256()
    for file in files:
        digest.update(len(file.data).to_bytes(8, "big"))
        digest.update(file.data)
    return digest.hexdigest()


def hash_of_path(path: Path) -> str:
    """The ``config_hash`` of the configuration at ``path``, read but not parsed (what a saved
    plan is checked against)."""
    paths, _ = find_files(path)
    files, _ = read_files(paths)
    return config_hash(files)
