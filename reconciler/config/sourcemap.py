"""Where every node of a configuration was written, by its path in the merged catalogue.

Paths are catalogue paths: after merging, the third product of the configuration is
``("products", 2)`` whichever file declared it. The map routes a catalogue path to its file and
its path inside that file (which is what diagnostics show next to the file name), and asks that
file's ``FilePositions``, which are found when first needed: most files are read without
positions, and only a problem or a plan that names one of their places reads them again.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from reconciler.config.diagnostics import Diagnostic, Position, YamlPath


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """One node: its key (or sequence item) position and its value position."""

    key: Position
    value: Position


Entries = dict[YamlPath, SourceEntry]


class FilePositions:
    """The positions of one file's nodes by their path in the file, read on first use."""

    def __init__(self, name: str, read: Callable[[], Entries]) -> None:
        self.name = name
        self._read: Callable[[], Entries] | None = read
        self._entries: Entries = {}

    @classmethod
    def known(cls, name: str, entries: Entries) -> FilePositions:
        positions = cls(name, dict)
        positions._read, positions._entries = None, entries
        return positions

    @property
    def entries(self) -> Entries:
        if self._read is not None:
            read, self._read = self._read, None
            self._entries = read()
        return self._entries

    def nearest(self, local: YamlPath) -> tuple[SourceEntry | None, YamlPath]:
        """The entry of ``local`` or of its nearest known ancestor, and the part left over."""
        entries = self.entries
        for cut in range(len(local), -1, -1):
            entry = entries.get(local[:cut])
            if entry is not None:
                return entry, local[cut:]
        return None, local

    def key_position(self, local: YamlPath) -> Position:
        entry, _ = self.nearest(local)
        return entry.key if entry else Position(self.name, 1, 1)

    def value_position(self, local: YamlPath) -> Position:
        entry, rest = self.nearest(local)
        if entry is None:
            return Position(self.name, 1, 1)
        return entry.value if not rest else entry.key


@dataclass(frozen=True, slots=True)
class _Segment:
    """Items ``start ..`` of a section in the catalogue are ``file``'s items from 0."""

    start: int
    count: int
    file: str


class SourceMap:
    """Positions of records and fields by catalogue path; unknown paths fall back to the parent."""

    def __init__(self, root: Position | None = None) -> None:
        self._files: dict[str, FilePositions] = {}
        self._owners: dict[str, str] = {}
        self._segments: dict[str, list[_Segment]] = {}
        self._root = root or Position("<configuration>", 0, 0)

    def add_file(self, positions: FilePositions) -> None:
        self._files[positions.name] = positions

    def claim(self, key: str, file: str) -> None:
        """The top-level ``key`` (``gecko_apply``, ``options``) is the one written in ``file``."""
        self._owners.setdefault(key, file)

    def add_items(self, section: str, start: int, count: int, file: str) -> None:
        """Items ``start .. start + count`` of ``section`` are ``file``'s items from 0."""
        if count:
            self._segments.setdefault(section, []).append(_Segment(start, count, file))

    def locate(self, path: YamlPath) -> tuple[FilePositions, YamlPath] | None:
        """The file that wrote ``path``, and the path inside it."""
        if not path:
            return None
        head = path[0]
        if isinstance(head, str) and head in self._owners:
            return self._files[self._owners[head]], path
        segments = self._segments.get(head) if isinstance(head, str) else None
        if not segments or len(path) < 2 or not isinstance(path[1], int):
            return None
        index = path[1]
        found = segments[bisect_right([s.start for s in segments], index) - 1]
        if not found.start <= index < found.start + found.count:
            return None
        local = (head, index - found.start, *path[2:])
        return self._files[found.file], local

    def position(self, path: YamlPath) -> Position:
        """Where the node at ``path`` starts: its key in a mapping, its item in a sequence."""
        located = self.locate(path)
        return located[0].key_position(located[1]) if located else self._root

    def value_position(self, path: YamlPath) -> Position:
        """Where the value at ``path`` starts (the key's position when it has no value)."""
        located = self.locate(path)
        return located[0].value_position(located[1]) if located else self._root

    def local_path(self, path: YamlPath) -> YamlPath:
        """The node's path inside the file that declared it."""
        located = self.locate(path)
        return located[1] if located else path

    def file_of(self, path: YamlPath) -> str:
        located = self.locate(path)
        return located[0].name if located else self._root.file

    def diagnostic(self, path: YamlPath, message: str, *, at_value: bool = False) -> Diagnostic:
        """A diagnostic about the node at ``path``, placed at its key (or its value)."""
        where = self.value_position(path) if at_value else self.position(path)
        return Diagnostic.at(where, message, self.local_path(path))
