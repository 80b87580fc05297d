"""Where things are in a YAML text: a node's own content, its lines, and the lines a list item
owns (the item with its comments), so that items can be removed, replaced or moved whole.

An item of a block list owns its lines from its dash to its last content line, the comment lines
directly above its dash (at the dash's column or deeper, no blank line between) and the comment
lines directly after its content that are indented deeper than the dash. Blank lines and the
comments they set apart belong to no item: they stay where they are, between the items.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode


@dataclass(frozen=True)
class ItemSpan:
    """The text a list item owns: ``start``–``end`` (offsets); its content begins at ``dash``
    (the dash of a block item, the item itself in a flow list)."""

    start: int
    dash: int
    end: int


def content_end(node: Node) -> int:
    """Where a node's own text ends: its last scalar, not the blank lines a block runs to."""
    if isinstance(node, ScalarNode):
        return int(node.end_mark.index)
    if getattr(node, "flow_style", False):
        return int(node.end_mark.index)
    ends = [content_end(child) for child in children(node)]
    return max(ends, default=int(node.end_mark.index))


def children(node: Node) -> Iterator[Node]:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            yield key
            yield value
    elif isinstance(node, SequenceNode):
        yield from node.value


def line_end(text: str, index: int) -> int:
    """The index just after the line break ending the line that holds ``index``."""
    newline = text.find("\n", index)
    return len(text) if newline < 0 else newline + 1


def line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def last_line_end(text: str, node: Node) -> int:
    """The end of the line holding a node's last character (a block scalar's text ends with
    its line break, which must not pull the next line in)."""
    end = content_end(node)
    if end > int(node.start_mark.index) and text[end - 1] == "\n":
        end -= 1
    return line_end(text, end)


def item_spans(text: str, sequence: SequenceNode) -> list[ItemSpan] | str:
    """The spans of a list's items, in order; the reason they cannot be told apart, if so."""
    if sequence.flow_style:
        return _flow_spans(text, sequence)
    column = int(sequence.start_mark.column)
    spans: list[ItemSpan] = []
    floor = 0
    for item in sequence.value:
        dash = _dash_line(text, item, column, floor)
        if dash is None:
            return "an item does not start on a line of its own"
        end = _trailing_comments_end(text, last_line_end(text, item), column)
        spans.append(ItemSpan(_leading_comments_start(text, dash, column, floor), dash, end))
        floor = end
    return spans


def _flow_spans(text: str, sequence: SequenceNode) -> list[ItemSpan] | str:
    spans = [ItemSpan(int(i.start_mark.index), int(i.start_mark.index), content_end(i))
             for i in sequence.value]
    between = [text[a.end : b.start] for a, b in pairwise(spans)]
    if any("#" in gap for gap in between):
        return "its flow list holds comments between the items"
    return spans


def _dash_line(text: str, item: Node, column: int, floor: int) -> int | None:
    """The start of the line holding the item's dash, at or before the item's first line."""
    start = line_start(text, int(item.start_mark.index))
    while start >= floor:
        line = text[start : line_end(text, start)]
        if line[:column].strip() == "" and line[column : column + 1] == "-":
            return start
        if start == 0:
            return None
        start = line_start(text, start - 1)
    return None


def _is_comment_at(line: str, column: int, deeper: bool) -> bool:
    stripped = line.lstrip(" ")
    indent = len(line) - len(stripped)
    return stripped.startswith("#") and (indent > column if deeper else indent >= column)


def _leading_comments_start(text: str, dash: int, column: int, floor: int) -> int:
    start = dash
    while start > floor:
        previous = line_start(text, start - 1)
        if not _is_comment_at(text[previous:start], column, deeper=False):
            break
        start = previous
    return start


def _trailing_comments_end(text: str, end: int, column: int) -> int:
    while end < len(text):
        following = line_end(text, end)
        if not _is_comment_at(text[end:following], column, deeper=True):
            break
        end = following
    return end
