"""The two sides of a comparison: declared records and remote records, normalised and keyed.

Both are plain frozen values so that matching, diffing and planning are pure functions of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from reconciler.kinds.base import Fields

HASHED = "sha256:"
"""The prefix of a fingerprint that hashes a record read without ``updated_at``."""

YamlPath = tuple[str | int, ...]
SourceOf = Callable[[YamlPath], str | None]
"""The ``file:line:col`` of a YAML path such as ``("products", 2, "variants", 0)``, if known."""


def _nowhere(path: YamlPath) -> str | None:
    return None


@dataclass(frozen=True, slots=True)
class Desired:
    """One declared record: its managed fields and lifecycle, with where it was declared."""

    kind: str
    key: str
    nkey: str
    fields: Fields
    create_only: Fields = field(default_factory=dict)
    renamed_from: str | None = None
    protect: bool = False
    ignore: frozenset[str] = frozenset()
    parent: str | None = None
    """The normalised key of the record this one nests under (a variant's product)."""
    references: tuple[tuple[str, str, YamlPath], ...] = ()
    """``(kind, key, path within the record)`` of each record of another kind this one names,
    as written (``reference_path`` gives the path in the configuration)."""
    listed: frozenset[str] = frozenset()
    """The child sections this record lists in full (a product's written ``images``)."""
    path: YamlPath = ()
    """Where the record is in the configuration."""
    locate: SourceOf = field(default=_nowhere, compare=False, repr=False)

    def reference_path(self, within: YamlPath) -> YamlPath:
        """The configuration path of a reference's ``path within the record``."""
        return (*self.path, *within)

    @property
    def source(self) -> str | None:
        """``file:line:col`` of the declaration, looked up when asked (a plan asks only for the
        records it changes, and finding a position may read a file again)."""
        return self.locate(self.path)


@dataclass(frozen=True, slots=True)
class Remote:
    """One record read from the API, with the fields the kind knows, normalised."""

    kind: str
    id: int | str
    key: str | None
    nkey: str | None
    fields: Fields
    status: str
    fingerprint: str
    builtin: bool = False
    parent_id: int | str | None = None

    @property
    def archived(self) -> bool:
        return self.status == "archived"

    @property
    def recency(self) -> tuple[str, int]:
        """Orders records of one kind oldest to newest: by ``updated_at`` where the API gives it
        (a hashed fingerprint says nothing of age), then by id, which grows with creation."""
        stamp = "" if self.fingerprint.startswith(HASHED) else self.fingerprint
        return stamp, self.id if isinstance(self.id, int) else -1
