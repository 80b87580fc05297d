"""One scalar's new text, written where the old one was, in the style it was written in."""

from __future__ import annotations

from typing import Any

from ruamel.yaml.nodes import ScalarNode

from reconciler.config.emit import FOLDED, LITERAL, PLAIN, flow, literal_block, scalar


def scalar_in_place(text: str, newline: str, node: ScalarNode, value: Any) -> str:
    """The text replacing one scalar, in the style it was written (a block scalar keeps its
    indicator, indentation and the line breaks after it)."""
    style = node.style or PLAIN
    if isinstance(value, list | dict):
        return flow(value)
    if style in (LITERAL, FOLDED):
        span = text[node.start_mark.index : node.end_mark.index]
        trailing = span[len(span.rstrip("\r\n")) :]
        if isinstance(value, str) and value:
            indent = _block_indent(span)
            header = span.split("\n", 1)[0]
            chomp = "-" if "-" in header else "+" if "+" in header else ""
            written = literal_block(value, indent, newline, chomp)
            return written + trailing[len(newline) :]
        return scalar(value) + trailing
    number_like = style == PLAIN and _looks_numeric(str(node.value))
    return scalar(value, style, plain_was_number_like=number_like)


def _looks_numeric(text: str) -> bool:
    stripped = text.replace("_", "")
    return bool(stripped) and stripped.lstrip("+-").replace(".", "", 1).isdigit()


def _block_indent(span: str) -> str:
    for line in span.splitlines()[1:]:
        if line.strip():
            return line[: len(line) - len(line.lstrip(" "))]
    return "  "
