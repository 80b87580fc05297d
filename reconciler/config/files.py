"""Find and read the files of a configuration: one file, or a directory's YAML files."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from reconciler.config.diagnostics import Diagnostic
from reconciler.config.limits import MAX_FILE_BYTES, MAX_TOTAL_BYTES, megabytes

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
    """Every file's bytes; a file over ``MAX_FILE_BYTES``, or past ``MAX_TOTAL_BYTES`` in all,
    is refused unread (its size is checked first, and no more than the limit is ever read)."""
    files, problems, total = [], [], 0
    for path in paths:
        try:
            data = _read_bounded(path, min(MAX_FILE_BYTES, MAX_TOTAL_BYTES - total))
        except _TooBig as too_big:
            problems.append(Diagnostic(str(path), 0, 0, _too_big(too_big.size, total)))
            continue
        except OSError as exc:
            problems.append(Diagnostic(str(path), 0, 0, f"cannot read: {exc.strerror or exc}"))
            continue
        total += len(data)
        files.append(SourceFile(str(path), data))
    return files, problems


class _TooBig(Exception):
    def __init__(self, size: int) -> None:
        self.size = size


def _read_bounded(path: Path, limit: int) -> bytes:
    """The file's bytes, or ``_TooBig`` when it holds more than ``limit`` (checked by its size
    first, then by reading at most one byte past the limit: a pipe or a growing file too)."""
    with path.open("rb") as stream:
        size = os.fstat(stream.fileno()).st_size
        if size > limit:
            raise _TooBig(size)
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise _TooBig(len(data))
    return data


def _too_big(size: int, total_before: int) -> str:
    if size > MAX_FILE_BYTES:
        return (f"is {megabytes(size)}, over the {megabytes(MAX_FILE_BYTES)} limit of one "
                "configuration file; split it into several files")
    return (f"brings the configuration past {megabytes(MAX_TOTAL_BYTES)} in all "
            f"({megabytes(total_before)} read before it); not read")


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
