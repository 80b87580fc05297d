"""A file's edits as splices of its original text, and list items moved whole.

A splice ``(start, end, new)`` replaces the original text ``start``–``end``. A move puts the
items of one list in another order: the text between the items stays in its place, and each
splice inside an item travels with it. An insertion at an item's end belongs to that item; one
at the end of a moved list (a record appended to it) stays after the list.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from reconciler.config.spans import ItemSpan

Splice = tuple[int, int, str]
Range = tuple[int, int]


@dataclass(frozen=True)
class Move:
    start: int
    end: int
    pieces: tuple[Range, ...]
    """Ranges of the original text covering ``start``–``end`` once each, in their new order."""


def reordered(spans: Sequence[ItemSpan], order: Sequence[int]) -> Move:
    """Items in ``order`` (the written index of each new item), the text between them kept."""
    pieces: list[Range] = []
    for slot, source in enumerate(order):
        if slot:
            pieces.append((spans[slot - 1].end, spans[slot].start))
        pieces.append((spans[source].start, spans[source].end))
    return Move(spans[0].start, spans[-1].end, tuple(pieces))


def render(text: str, splices: Sequence[Splice], moves: Sequence[Move]) -> str:
    moves = [m for m in moves if not _removed_whole(m, splices)]
    layout: list[Range] = []
    position = 0
    for move in sorted(moves, key=lambda m: m.start):
        layout.append((position, move.start))
        layout.extend(move.pieces)
        position = move.end
    layout.append((position, len(text)))
    ends = {move.end for move in moves}
    by_range: dict[int, list[Splice]] = defaultdict(list)
    for splice in splices:
        by_range[_home(splice, layout, ends)].append(splice)
    return "".join(_spliced(text, lo, hi, by_range[index])
                   for index, (lo, hi) in enumerate(layout))


def _removed_whole(move: Move, splices: Sequence[Splice]) -> bool:
    """Whether an edit replaces the whole moved list (its record is removed)."""
    return any(start < end and start <= move.start and move.end <= end
               for start, end, _ in splices)


def _home(splice: Splice, layout: Sequence[Range], ends: set[int]) -> int:
    start, end, _ = splice
    for index, (lo, hi) in enumerate(layout):
        if start != end:
            found = lo <= start and end <= hi
        elif start in ends or start == 0:
            found = lo == start
        else:
            found = lo < start <= hi
        if found:
            return index
    raise ValueError(f"an edit at {start}-{end} crosses the border of a moved item")


def _spliced(text: str, lo: int, hi: int, splices: list[Splice]) -> str:
    """The text ``lo``–``hi`` with its splices applied from the last; of two insertions at one
    place, the one made first comes first."""
    part = text[lo:hi]
    ordered = sorted(enumerate(splices), key=lambda s: (s[1][0], s[1][1], s[0]), reverse=True)
    for _, (start, end, new) in ordered:
        part = part[: start - lo] + new + part[end - lo :]
    return part
