"""Putting an export in place: written whole to a hidden directory beside the target, then
moved into place, so an interrupted export leaves no directory that looks complete.

A target that holds files is refused unless ``clean`` (then its contents are replaced, never
merged: a stale file of an earlier export would otherwise be declared again).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from reconciler.errors import GeckoApplyError

Writer = Callable[[Path], list[Path]]


class ExportTargetError(GeckoApplyError):
    """The export's target directory cannot take it."""


def check_target(out_dir: Path, *, clean: bool) -> None:
    """Refuse a target that is a file, or a directory holding anything unless ``clean``."""
    if out_dir.exists() and not out_dir.is_dir():
        raise ExportTargetError(f"{out_dir} is not a directory")
    if not clean and out_dir.is_dir() and any(out_dir.iterdir()):
        raise ExportTargetError(
            f"{out_dir} is not empty; export into a new directory, or pass --clean to replace "
            "its contents"
        )


def write_export(write: Writer, out_dir: Path, *, clean: bool) -> list[Path]:
    """Run ``write`` into a staging directory beside ``out_dir``, then move it into place."""
    parent = out_dir.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.export-", dir=parent))
    try:
        staging.chmod(0o777 & ~_umask())
        written = write(staging)
        check_target(out_dir, clean=clean)
        _swap(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [out_dir / path.relative_to(staging) for path in written]


def _swap(staging: Path, out_dir: Path) -> None:
    if not out_dir.exists():
        staging.rename(out_dir)
        return
    old = staging.with_name(f"{staging.name}.old")
    out_dir.rename(old)
    staging.rename(out_dir)
    shutil.rmtree(old)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
