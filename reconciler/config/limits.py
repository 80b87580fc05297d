"""How much configuration gecko-apply reads: bounds checked before and while parsing.

A file over ``MAX_FILE_BYTES``, or files over ``MAX_TOTAL_BYTES`` together, are refused before
a byte is parsed (a 50 MB file would otherwise take gigabytes of memory). Merge keys copy the
keys of the mappings they merge into each mapping that merges them, so a small file of many
merges of a wide anchor can build millions of entries: ``MergeBudget`` counts the entries
merges copy in and stops the read past ``merge_limit``: 10 per line of the file, at least
200,000 (a catalogue merging a default mapping into each of its variants stays far below).
"""

from __future__ import annotations

from collections.abc import Iterable, Sized
from typing import Any

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_TOTAL_BYTES = 100 * 1024 * 1024
MERGED_PER_LINE = 10
MIN_MERGE_LIMIT = 200_000


def merge_limit(lines: int) -> int:
    """The entries merge keys may copy in, in all, in a document of ``lines`` lines."""
    return max(MIN_MERGE_LIMIT, MERGED_PER_LINE * lines)


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MB"


class ExpansionTooLarge(Exception):
    """Merge keys copy in more entries than the document may hold; 1-based position."""

    def __init__(self, line: int, col: int, limit: int) -> None:
        self.line, self.col, self.limit = line, col, limit
        super().__init__(
            f"merge keys (<<) expand to more than {limit:,} entries; refusing to read further "
            "(merge smaller mappings, or fewer times)"
        )


class MergeBudget:
    """The entries merge keys may still copy in; ``spend`` raises ``ExpansionTooLarge`` past it."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.left = limit

    def spend(self, merged: Iterable[Sized], mark: Any) -> None:
        """Count the entries of the mappings ``merged`` into the mapping starting at ``mark``
        (a ruamel mark, 0-based)."""
        self.left -= sum(len(mapping) for mapping in merged)
        if self.left < 0:
            raise ExpansionTooLarge(mark.line + 1, mark.column + 1, self.limit)
