"""Where every node of a configuration was written, by its path in the merged catalogue.

Paths are catalogue paths: after merging, the third product of the configuration is
``("products", 2)`` whichever file declared it. Each entry also keeps the path inside its own
file, which is what diagnostics show next to the file name.
"""

from __future__ import annotations

from dataclasses import dataclass

from reconciler.config.diagnostics import Diagnostic, Position, YamlPath


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """One node: its key (or sequence item) position, its value position, its path in its file."""

    key: Position
    value: Position
    local: YamlPath


class SourceMap:
    """Positions of records and fields by catalogue path; unknown paths fall back to the parent."""

    def __init__(self, root: Position | None = None) -> None:
        self._entries: dict[YamlPath, SourceEntry] = {}
        self._root = root or Position("<configuration>", 0, 0)

    def add(self, path: YamlPath, entry: SourceEntry) -> None:
        self._entries[path] = entry

    def __contains__(self, path: object) -> bool:
        return path in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def _nearest(self, path: YamlPath) -> tuple[SourceEntry | None, YamlPath]:
        """The entry of ``path`` or of its nearest known ancestor, and the part left over."""
        for cut in range(len(path), -1, -1):
            entry = self._entries.get(path[:cut])
            if entry is not None:
                return entry, path[cut:]
        return None, path

    def position(self, path: YamlPath) -> Position:
        """Where the node at ``path`` starts: its key in a mapping, its item in a sequence."""
        entry, _ = self._nearest(path)
        return entry.key if entry else self._root

    def value_position(self, path: YamlPath) -> Position:
        """Where the value at ``path`` starts (the key's position when it has no value)."""
        entry, rest = self._nearest(path)
        if entry is None:
            return self._root
        return entry.value if not rest else entry.key

    def local_path(self, path: YamlPath) -> YamlPath:
        """The node's path inside the file that declared it."""
        entry, rest = self._nearest(path)
        return (entry.local if entry else ()) + rest

    def file_of(self, path: YamlPath) -> str:
        return self.position(path).file

    def diagnostic(self, path: YamlPath, message: str, *, at_value: bool = False) -> Diagnostic:
        """A diagnostic about the node at ``path``, placed at its key (or its value)."""
        where = self.value_position(path) if at_value else self.position(path)
        return Diagnostic.at(where, message, self.local_path(path))
