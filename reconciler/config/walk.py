"""Turn ruamel's round-trip data into plain data, recording every node's position on the way.

Files read by ``plainread`` are walked only when one of their positions is needed.

Positions come from ``CommentedMap.lc`` and ``CommentedSeq.lc``; keys brought in by a merge key
(``<<: *defaults``) are placed where the anchored mapping wrote them. Aliases are expanded, so
the walk is bounded: in depth, in total nodes (a "billion laughs" document stops here) and
against alias cycles.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ruamel.yaml.comments import TaggedScalar, merge_attrib
from ruamel.yaml.scalarbool import ScalarBoolean

from reconciler.config.diagnostics import Diagnostic, Position, YamlPath
from reconciler.config.sourcemap import SourceEntry

MAX_DEPTH = 64
NODES_PER_LINE = 50
"""With aliases expanded a document may hold this many nodes per line (and 100,000 at least)."""


def max_nodes(lines: int) -> int:
    return max(100_000, NODES_PER_LINE * lines)


class WalkStopped(Exception):
    """The document cannot be walked further; ``diagnostic`` says why and where."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


def key_text(key: Any) -> str | None:
    """A mapping key as text; ``None`` for keys that are not scalars."""
    if isinstance(key, bool | ScalarBoolean):
        return "true" if key else "false"
    source = getattr(key, "yaml_source", None)
    if isinstance(source, str):
        return source
    if key is None:
        return "null"
    if isinstance(key, str | int | Decimal):
        return str(key)
    return None


_TYPES_WITH_LC: dict[type, bool] = {}


def _may_have_lc(node: Any) -> bool:
    """Whether ``node``'s type has ruamel's ``lc`` (a class property of its containers and tagged
    scalars); looking ``lc`` up on plain scalars raises and catches inside ``getattr``, slowly."""
    kind = type(node)
    known = _TYPES_WITH_LC.get(kind)
    if known is None:
        known = _TYPES_WITH_LC[kind] = hasattr(kind, "lc")
    return known


def _lc(node: Any, key: Any, seen: int = 0) -> list[int] | None:
    """``[key line, key col, value line, value col]`` (0-based) of ``key``, merged keys included."""
    data = getattr(getattr(node, "lc", None), "data", None) or {}
    found = data.get(key)
    if found is not None or seen > MAX_DEPTH:
        return list(found) if found is not None else None
    for merged in getattr(node, merge_attrib, None) or ():
        found = _lc(merged, key, seen + 1)
        if found is not None:
            return found
    return None


class Walker:
    """Walks one file's data; positions go into ``entries``, problems into ``diagnostics``."""

    def __init__(self, file: str, diagnostics: list[Diagnostic], lines: int = 0) -> None:
        self.file = file
        self.max_nodes = max_nodes(lines)
        self.entries: dict[YamlPath, SourceEntry] = {}
        """Where each node walked was written, by its path in the file."""
        self.diagnostics = diagnostics
        self.nodes = 0
        self._active: set[int] = set()

    def position(self, line: int, col: int) -> Position:
        return Position(self.file, line + 1, col + 1)

    def container_position(self, node: Any, fallback: Position) -> Position:
        lc = getattr(node, "lc", None) if _may_have_lc(node) else None
        line, col = getattr(lc, "line", None), getattr(lc, "col", None)
        return (
            self.position(line, col) if isinstance(line, int) and isinstance(col, int) else fallback
        )

    def record(self, local: YamlPath, key: Position, value: Position) -> None:
        self.entries[local] = SourceEntry(key, value)

    def walk(self, node: Any, local: YamlPath, where: Position) -> Any:
        """Plain data for ``node``, which was written at ``where``."""
        self.nodes += 1
        if self.nodes > self.max_nodes:
            raise WalkStopped(Diagnostic.at(where, "too large: aliases expand beyond limits"))
        if len(local) > MAX_DEPTH:
            message = f"nested deeper than {MAX_DEPTH} levels"
            raise WalkStopped(Diagnostic.at(where, message, local))
        if isinstance(node, Mapping | list):
            if id(node) in self._active:
                raise WalkStopped(Diagnostic.at(where, "an alias refers to itself", local))
            self._active.add(id(node))
            try:
                if isinstance(node, Mapping):
                    return self._mapping(node, local, where)
                return self._sequence(node, local)
            finally:
                self._active.discard(id(node))
        return self._scalar(node, local, where)

    def positions(self, node: Mapping[Any, Any], key: Any) -> tuple[Position, Position]:
        """Where ``node[key]``'s key and value were written."""
        found = _lc(node, key)
        if found:
            key_at, value_at = self.position(found[0], found[1]), self.position(found[2], found[3])
            if node[key] is None and value_at.line > key_at.line:
                value_at = key_at  # an empty value: the parser places it where the next token is
        else:
            key_at = value_at = self.container_position(node, Position(self.file, 1, 1))
        return key_at, self.container_position(node[key], value_at)

    def entry(self, node: Mapping[Any, Any], key: Any, local: YamlPath, walk: bool = True) -> Any:
        """Walk ``node[key]`` as ``local`` (which ends with the key's text); with ``walk``
        false, only record where it was written."""
        key_at, value_at = self.positions(node, key)
        self.record(local, key_at, value_at)
        return self.walk(node[key], local, value_at) if walk else None

    def item(self, node: list[Any], index: int, local: YamlPath) -> Any:
        """Walk ``node[index]`` as ``local`` (which ends with an index)."""
        found = (getattr(getattr(node, "lc", None), "data", None) or {}).get(index)
        if found:
            item_at = self.position(found[0], found[1])
        else:
            item_at = self.container_position(node, Position(self.file, 1, 1))
        item_at = self.container_position(node[index], item_at)
        self.record(local, item_at, item_at)
        return self.walk(node[index], local, item_at)

    def _mapping(self, node: Mapping[Any, Any], local: YamlPath, where: Position) -> dict[str, Any]:
        plain: dict[str, Any] = {}
        for key in node:
            text = key_text(key)
            if text is None or text in plain:
                found = _lc(node, key)
                key_at = self.position(found[0], found[1]) if found else where
                problem = "a key must be plain text" if text is None else f"duplicate key {text!r}"
                self.diagnostics.append(Diagnostic.at(key_at, problem, local))
                continue
            plain[text] = self.entry(node, key, (*local, text))
        return plain

    def _sequence(self, node: list[Any], local: YamlPath) -> list[Any]:
        return [self.item(node, i, (*local, i)) for i in range(len(node))]

    def _scalar(self, node: Any, local: YamlPath, where: Position) -> Any:
        if isinstance(node, ScalarBoolean):
            return bool(node)
        if isinstance(node, TaggedScalar):
            tag = str(getattr(node, "tag", "") or "")
            self.diagnostics.append(Diagnostic.at(where, f"unsupported tag {tag!r}", local))
            return None
        if isinstance(node, str) and type(node) is not str:
            return str(node)
        return node
