"""Field-level detail inside structured values (a tax type's components), via deepdiff."""

from __future__ import annotations

import re
from typing import Any

from deepdiff import DeepDiff

_KEY = re.compile(r"\['([^']*)'\]")


def is_structured(before: Any, after: Any) -> bool:
    """Lists of mappings and mappings are shown element by element; plain lists whole."""

    def structured(value: Any) -> bool:
        return isinstance(value, dict) or (
            isinstance(value, list) and any(isinstance(item, dict) for item in value)
        )

    return structured(before) or structured(after)


def nested_changes(field: str, before: Any, after: Any) -> list[tuple[str, Any, Any]]:
    """``(path, before, after)`` for each leaf that differs, e.g. ``components[0].rate``."""
    diff = DeepDiff(before, after, verbose_level=2)
    changes: list[tuple[str, Any, Any]] = []
    for items in diff.tree.values():
        for item in items:
            old = None if _absent(item.t1) else item.t1
            new = None if _absent(item.t2) else item.t2
            changes.append((_path(field, item.path()), old, new))
    return sorted(changes, key=lambda change: change[0])


def _absent(value: Any) -> bool:
    return type(value).__name__ == "NotPresent"


def _path(field: str, path: str) -> str:
    return field + _KEY.sub(r".\1", path.removeprefix("root"))
