"""A list written in YAML edited item by item, so the items that stay keep their text and their
comments: a set-like list (items kept in place, new ones at the end) or an ordered one whose
items the caller matched (each item kept, replaced, removed or added where it belongs)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from reconciler.config.emit import block, flow
from reconciler.config.itemedit import replaced
from reconciler.config.spans import (
    ItemSpan,
    content_end,
    item_spans,
    last_line_end,
    line_end,
    line_start,
)
from reconciler.config.splices import Splice


def scalar_items(node: Node) -> list[ScalarNode]:
    if not isinstance(node, SequenceNode) or not node.value:
        return []
    items = list(node.value)
    return items if all(isinstance(i, ScalarNode) for i in items) else []


def set_edit(text: str, newline: str, node: SequenceNode, wanted: list[str]) -> list[Splice]:
    """A list compared as a set: the items kept stay where they are (with their comments), the
    ones gone are removed and the new ones added after the last."""
    items = scalar_items(node)
    written = {str(i.value).strip() for i in items}
    kept = [i for i in items if str(i.value).strip() in wanted]
    added = [v for v in wanted if v not in written]
    if node.flow_style or not kept:
        values = [str(i.value) for i in kept] + added
        if node.flow_style:
            return [(int(node.start_mark.index), int(node.end_mark.index), flow(values))]
        lines = block(values, node.start_mark.column, newline)
        return [(int(node.start_mark.index), content_end(node), lines.removesuffix(newline))]
    splices = [_line_of(text, item) for item in items if item not in kept]
    if added:
        at = line_end(text, content_end(items[-1]))
        pad = " " * node.start_mark.column
        splices.append((at, at, pad + block(added, node.start_mark.column, newline)))
    return splices


def _line_of(text: str, item: Node) -> Splice:
    """Removing a block list's item: its whole line, from the line start to the line break."""
    return (line_start(text, int(item.start_mark.index)), last_line_end(text, item), "")


def matched_edit(text: str, newline: str, node: SequenceNode, values: Sequence[Any],
                 items_from: Sequence[int | None]) -> list[Splice] | None:
    """The block list ``node`` made ``values``, where ``items_from`` names for each value the
    written item equal to it, or ``None``. The longest run of those in written order stays in
    place; the other equal items are moved (their text copied, comments and all); between the
    items that stay, the written items left are edited into the new values one for one, then
    removed or added to. ``None`` when the items cannot be told apart (the caller then writes
    the list whole)."""
    spans = item_spans(text, node)
    used = [i for i in items_from if i is not None]
    if (isinstance(spans, str) or node.flow_style or not node.value
            or len(items_from) != len(values) or len(used) != len(set(used))
            or any(not 0 <= i < len(node.value) for i in used)):
        return None
    kept = _longest_run([(j, i) for j, i in enumerate(items_from) if i is not None])
    gap = _Gap(text, newline, node, spans, frozenset(used) - {i for _, i in kept})
    splices: list[Splice] = []
    written_from = wanted_from = 0
    for wanted, written in [*kept, (len(values), len(node.value))]:
        entries = list(zip(values[wanted_from:wanted], items_from[wanted_from:wanted],
                           strict=True))
        splices.extend(gap.made(range(written_from, written), entries))
        written_from, wanted_from = written + 1, wanted + 1
    return splices


def _longest_run(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of ``(value index, written index)`` pairs whose written indexes
    increase: the items that can stay where they are."""
    tails: list[int] = []
    links: list[int] = []
    for position, (_, written) in enumerate(pairs):
        place = bisect_left([pairs[t][1] for t in tails], written)
        links.append(tails[place - 1] if place else -1)
        tails[place:place + 1] = [position]
    run: list[tuple[int, int]] = []
    at = tails[-1] if tails else -1
    while at >= 0:
        run.append(pairs[at])
        at = links[at]
    return run[::-1]


@dataclass(frozen=True)
class _Gap:
    """The written items between two that stay, made the values between them."""

    text: str
    newline: str
    node: SequenceNode
    spans: list[ItemSpan]
    moved: frozenset[int]
    """Written items whose text is copied to another place."""

    def made(self, written: range, entries: list[tuple[Any, int | None]]) -> list[Splice]:
        items = list(self.node.value)
        free = [i for i in written if i not in self.moved]
        splices = [self._removed(i) for i in written if i in self.moved]
        pending: list[str] = []
        last = written.start - 1
        for value, source in entries:
            if source is None and free:
                partner = _partner(items, free, value)
                splices.extend(self._removed(i) for i in free[:partner])
                last, free = free[partner], free[partner + 1 :]
                splices.extend(self._inserted(self.spans[last].start, pending))
                splices.extend(replaced(self.text, self.newline, items[last], value))
                pending = []
            else:
                pending.append(self._item_text(value, source))
        splices.extend(self._removed(i) for i in free)
        at = self.spans[last].end if last >= 0 else self.spans[0].start
        return [*splices, *self._inserted(at, pending)]

    def _removed(self, index: int) -> Splice:
        return (self.spans[index].start, self.spans[index].end, "")

    def _item_text(self, value: Any, source: int | None) -> str:
        """A moved item's own text, comments and all; a new one in ``export``'s layout."""
        if source is not None:
            written = self.text[self.spans[source].start : self.spans[source].end]
            return written if written.endswith("\n") else written + self.newline
        column = int(self.node.start_mark.column)
        return " " * column + block([value], column, self.newline)

    def _inserted(self, at: int, texts: list[str]) -> list[Splice]:
        if not texts:
            return []
        prefix = "" if at == 0 or self.text[:at].endswith("\n") else self.newline
        return [(at, at, prefix + "".join(texts))]


def _partner(items: list[Node], free: list[int], value: Any) -> int:
    """Which free written item to edit into ``value``: the first with the same first key and
    value (a component's label), else the next one."""
    if not isinstance(value, dict) or not value:
        return 0
    key, identity = next(iter(value.items()))
    for position, index in enumerate(free):
        item = items[index]
        if isinstance(item, MappingNode) and item.value:
            first_key, first_value = item.value[0]
            if (getattr(first_key, "value", None) == key
                    and getattr(first_value, "value", None) == str(identity)):
                return position
    return 0
