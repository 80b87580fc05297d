"""The comments of a YAML text, where they are, read by ruamel.yaml's round-trip scanner (so a
``#`` inside a quoted string or a block scalar is not taken for one)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.tokens import CommentToken


@dataclass(frozen=True)
class Comment:
    index: int
    text: str


def comments_of(text: str) -> list[Comment]:
    starts = _line_starts(text)
    found: list[Comment] = []
    try:
        for token in YAML(typ="rt").scan(text):
            for comment in _comment_tokens(getattr(token, "comment", None)):
                found.extend(_lines_of(text, starts, comment))
    except YAMLError:
        return found
    return sorted(set(found), key=lambda c: c.index)


def lost(comments: Sequence[Comment], start: int, end: int, new: str) -> list[str]:
    """The comments written in ``start``–``end`` that its replacement ``new`` does not hold."""
    return [c.text for c in comments if start <= c.index < end and c.text not in new]


def _comment_tokens(attached: Any) -> Iterable[CommentToken]:
    if isinstance(attached, CommentToken):
        yield attached
    elif isinstance(attached, list | tuple):
        for item in attached:
            yield from _comment_tokens(item)


def _line_starts(text: str) -> list[int]:
    starts = [0]
    at = text.find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return starts


def _lines_of(text: str, starts: list[int], token: CommentToken) -> list[Comment]:
    """One comment per line a token spans (a token holds the comment lines that follow one
    another, blank lines included)."""
    line, column = token.start_mark.line, token.start_mark.column
    found: list[Comment] = []
    for offset in range(max(1, str(token.value).count("\n"))):
        if line + offset >= len(starts):
            break
        begin = starts[line + offset]
        finish = starts[line + offset + 1] if line + offset + 1 < len(starts) else len(text)
        row = text[begin:finish].rstrip("\r\n")
        at = column if offset == 0 else len(row) - len(row.lstrip(" \t"))
        if row[at : at + 1] == "#":
            found.append(Comment(begin + at, row[at:].rstrip()))
    return found
