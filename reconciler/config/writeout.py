"""Pulled files written to disk atomically, or shown as the unified diff of the edits."""

from __future__ import annotations

import difflib
import os
import tempfile
from pathlib import Path


def write_in_place(changed: dict[str, tuple[str, str]]) -> None:
    """Write each changed file atomically (a temporary file beside it, then a rename), refusing
    a file that changed on disk since it was read."""
    for name, (before, _) in changed.items():
        path = Path(name)
        current = path.read_bytes().decode("utf-8") if path.exists() else ""
        if current != before:
            raise OSError(f"{name} changed while pulling; nothing was written, run pull again")
    for name, (_, after) in changed.items():
        path = Path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = path.stat().st_mode & 0o777 if path.exists() else None
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=f".{path.name}.",
                                         delete=False) as handle:
            handle.write(after.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(handle.name, mode)
        os.replace(handle.name, path)


def unified_diff(changed: dict[str, tuple[str, str]]) -> str:
    """The edits as one unified diff (``a/`` and ``b/`` prefixes, as git prints them)."""
    parts: list[str] = []
    for name in sorted(changed):
        before, after = changed[name]
        parts.extend(difflib.unified_diff(
            before.splitlines(keepends=True), after.splitlines(keepends=True),
            f"a/{name}", f"b/{name}",
        ))
    return "".join(parts)
