"""Markdown building blocks that keep user-provided text inert in GitHub-flavoured markdown."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from reconciler.printable import printable

# Every ASCII punctuation character may be backslash-escaped in CommonMark; these are the ones
# that can open emphasis, code, links or strikethrough in the middle of a line (user text never
# starts a line here, so list and heading markers need no escape; ``cell`` escapes pipes).
_SPECIAL = re.compile(r"([\\`*_\[\]~])")
_BACKTICKS = re.compile(r"`+")
# Widths past which account text is cut short (with an ellipsis) in a line or a cell.
CODE_WIDTH = 200
TEXT_WIDTH = 80


def escape(text: str) -> str:
    """Running text: HTML entities for ``& < >``, backslashes for markdown punctuation."""
    safe = html.escape(printable(text), quote=False)
    return _SPECIAL.sub(r"\\\1", safe)


def escape_html(text: str) -> str:
    """Text inside raw HTML such as ``<summary>``, where markdown is not interpreted."""
    return html.escape(printable(text), quote=True)


def code(text: str) -> str:
    """A code span holding ``text`` literally, fenced by more backticks than it contains."""
    text = printable(text)
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    if text.startswith("`") or text.endswith("`") or (text.startswith(" ") and text.endswith(" ")):
        text = f" {text} "
    return f"{fence}{text}{fence}"


def clipped(text: str, width: int) -> str:
    return text if len(text) <= width else f"{text[: width - 1]}…"


def clipped_code(text: str, width: int = CODE_WIDTH) -> str:
    return code(clipped(text, width))


def clipped_text(text: str, width: int = TEXT_WIDTH) -> str:
    return escape(clipped(text, width))


def cell(text: str) -> str:
    """Table-cell content: pipes escaped even inside code spans (GFM table rule)."""
    return text.replace("|", "\\|")


def table_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cell(c) for c in cells) + " |"


def table_head(headers: Sequence[str], align: Sequence[str]) -> list[str]:
    """The header and delimiter rows; ``align`` holds ``l`` or ``r`` per column."""
    delimiter = "|" + "|".join("---:" if a == "r" else "---" for a in align) + "|"
    return [table_row(headers), delimiter]
