"""The quickest path for reading YAML: block documents read line by line into plain data.

Catalogue files are mostly block mappings and sequences of plain or simply quoted scalars,
one-line flow collections of plain scalars, and merge keys of aliases. Such a line says all
it means by itself, and reading it whole is several times quicker than building a parser
event per node (``plainread``). This reader accepts only that subset, and only where the
meaning is certain:

- indentation by spaces, lines ending in LF or CRLF; no tabs, no other line break, no
  character YAML refuses (the whole text is checked once);
- keys are plain words (``sku``, ``x-variant``, ``Trade EU``, ``<<``) followed by ``": "``
  or the end of the line;
- values are plain scalars on one line, quoted scalars without escapes, one-line flow
  collections of plain scalars, ``*alias``, or ``&anchor`` before a nested block;
- ``---`` may open the document; no directive, ``...`` or second document.

Anything else (block scalars, multi-line scalars, tags, complex keys, nested or quoted flow
items, directives, any line whose indentation is not exactly that of an open block) raises
``Unsupported``, and the file is read by ``plainread``. Scalars resolve through plainread's
resolver, so both build the same values, and the same limits apply, counted the same way.
"""

from __future__ import annotations

import re
from typing import Any

from reconciler.config.plainread import (
    MARGIN,
    RESOLVER,
    Limits,
    Unsupported,
    anchored,
    key_kind,
)

_REFUSED = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
"""Tabs, carriage returns, control characters, the BOM and YAML's other line breaks."""
_KEY_TEXT = r"[A-Za-z_](?:[\w-]| (?=[\w-])){0,999}"
"""A key as the line reader reads it: words joined by dashes, underscores or single spaces
(``sku``, ``x-variant``, ``Trade EU``), at most 1,000 characters (libyaml refuses keys over
1,024)."""
_KEY = re.compile(rf"{_KEY_TEXT}|<<", re.ASCII)
_NAME = re.compile(r"[\w-]+", re.ASCII)
_FLOW_SCALAR = r"(?:-(?=[^ ,\]}])|[^-?:,\[\]{}#&*!|>'\"%@` ])[^,\[\]{}#&*!|>'\"%@`:]*"
"""A plain scalar in a one-line flow collection, as strict as the line reader reads them:
no colon, no quote, no bracket, no comment, no character that could start a tag or alias."""
_FLOW_SEQUENCE = re.compile(rf"\[ *(?:{_FLOW_SCALAR}(?:, *{_FLOW_SCALAR})*)?\]", re.ASCII)
_FLOW_ENTRY = rf"{_KEY_TEXT}: +{_FLOW_SCALAR}"
_FLOW_MAPPING = re.compile(rf"\{{ *(?:{_FLOW_ENTRY}(?:, *{_FLOW_ENTRY})*)?\}}", re.ASCII)
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_UNFINISHED = (None, 0, -1)


def line_load(text: str, limits: Limits) -> Any:
    """The document as plain data (``None`` when empty), or ``Unsupported`` (see above)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")  # a line break all the same (no scalar spans lines)
    if _REFUSED.search(text):
        raise Unsupported("characters the line reader leaves to the parser")
    return _Reader(limits).read(text.split("\n"))


class _Block:
    """An open block mapping or sequence."""

    __slots__ = ("anchor", "data", "deepest", "depth", "indent", "indentless", "is_map",
                 "line", "merged", "nodes_before")

    def __init__(self, data: Any, indent: int, depth: int, nodes: int, line: int) -> None:
        self.data = data
        self.is_map = type(data) is dict
        self.indent = indent
        self.depth = depth
        self.deepest = depth
        self.nodes_before = nodes
        self.line = line
        self.indentless = False
        self.anchor: str | None = None
        self.merged: list[dict[str, Any]] | None = None


class _Reader:
    """Nodes are counted as ``plainread`` counts them, or more: every line may hold one scalar
    (``lines``), and collections, flow items and what aliases expand to are counted exactly."""

    def __init__(self, limits: Limits) -> None:
        max_nodes, max_depth, self.merged_left = limits
        self.max_nodes = max_nodes
        self.max_depth = max_depth - MARGIN
        self.nodes = 0
        self.lines = 0
        self.anchors: dict[str, tuple[Any, int, int]] = {}
        """anchor → (value, nodes it expands to, its height), as ``plainread`` keeps them"""
        self.stack: list[_Block] = []
        self.keys: dict[str, bool] = {}
        """key → whether it is text (``False``: the merge key)"""
        self.root: _Block | None = None
        self.marked = False
        """Whether ``---`` opened the document."""
        self.pending: tuple[_Block, str | None, str | None] | None = None
        """A key or dash whose value starts on a later line: (block, key, anchor)"""

    def read(self, lines: list[str]) -> Any:
        self.lines = len(lines)
        top: _Block | None = None
        for number, line in enumerate(lines):
            parts = self.parts(line)
            if parts is None:
                continue
            indent, dash, key, known, written, column = parts
            if key is None and not dash:
                self.marker(written, indent)
                continue
            if self.pending is not None or top is None:
                top = self.start(indent, dash, number)
            if indent != top.indent or top.indentless:
                top = self.placed(indent, dash, number)
            if top.is_map:
                if dash:
                    raise Unsupported("a sequence entry inside a mapping")
                self.entry(top, key, known, written)
            elif not dash:
                raise Unsupported("a mapping entry inside a sequence")
            elif key is None:
                self.item(top, written)
            else:
                top = self.open({}, column, top, None, None, number)
                self.entry(top, key, known, written)
        return self.finish(len(lines))

    def parts(self, line: str) -> tuple[int, bool, str | None, bool, str, int] | None:
        """A line's indentation, dash, key (``None`` if none), whether the key is text (not
        ``<<``), value (trimmed, without comment) and the key's column; ``None`` for a blank
        line or a comment."""
        content = line.lstrip(" ")
        if not content or content[0] == "#":
            return None
        dash = content[0] == "-" and (len(content) == 1 or content[1] == " ")
        rest = content
        if dash:
            rest = content[1:].lstrip(" ")
            if rest[:1] == "#":
                rest = ""
        key: str | None
        key, separator, written = rest.partition(": ")
        known = False
        if separator or rest[-1:] == ":":
            if not separator:
                key, written = rest[:-1], ""
            found = self.keys.get(key)
            if found is None:
                found = self.new_key(key, dash)
            if found is None:
                key, written = None, rest
            else:
                known = found
        else:
            key, written = None, rest
        if written and (written[0] == " " or written[-1] == " " or "#" in written):
            written = _trimmed(written)
        return len(line) - len(content), dash, key, known, written, len(line) - len(rest)

    def marker(self, written: str, indent: int) -> None:
        """A line that is neither an entry nor a comment: only ``---`` opening the document."""
        if written != "---" or indent or self.root is not None or self.marked:
            raise Unsupported("a line that is neither an entry nor a comment")
        self.marked = True

    def start(self, indent: int, dash: bool, number: int) -> _Block:
        """Open the root, or settle what the previous line left pending: a nested block if
        this line is inside it, else an empty value."""
        if self.pending is None:
            self.root = self.open([] if dash else {}, indent, None, None, None, number)
            return self.root
        owner, key, anchor = self.pending
        self.pending = None
        if indent > owner.indent or (indent == owner.indent and owner.is_map and dash):
            block = self.open([] if dash else {}, indent, owner, key, anchor, number)
            block.indentless = indent == owner.indent
            return block
        if anchor is not None:
            raise Unsupported("an anchored empty value")
        self.place(owner, key, None)
        return self.stack[-1]

    def placed(self, indent: int, dash: bool, number: int) -> _Block:
        """The open block a line at ``indent`` belongs to, closing those it ends."""
        stack = self.stack
        top = stack[-1]
        while indent < top.indent or (indent == top.indent and top.indentless and not dash):
            self.close(number)
            if not stack:
                raise Unsupported("less indented than the document")
            top = stack[-1]
        if indent != top.indent:
            raise Unsupported("indentation the line reader cannot place")
        return top

    def entry(self, block: _Block, key: Any, text: bool, written: str) -> None:
        """One ``key: value`` of a block mapping (the value may be on the lines below)."""
        if not text:
            self.merge(block, written)
            return
        data = block.data
        if key in data:
            raise Unsupported("a duplicate key")
        if not written:
            self.pending = (block, key, None)
            return
        first = written[0]
        if first in _INDICATORS:
            if first == "&":
                self.pending = (block, key, _named(written, "&"))
            else:
                data[key] = self.value(written, block)
        elif ": " in written or written[-1] == ":":
            raise Unsupported("a colon the parser would read as a key")
        else:
            data[key] = RESOLVER.plain(written) if first in RESOLVER.first else written

    def item(self, block: _Block, written: str) -> None:
        """One ``- value`` of a block sequence (the value may be on the lines below)."""
        if not written:
            self.pending = (block, None, None)
        elif written[0] == "&":
            self.pending = (block, None, _named(written, "&"))
        else:
            block.data.append(self.value(written, block))

    def finish(self, lines: int) -> Any:
        if self.pending is not None:
            if self.pending[2] is not None:
                raise Unsupported("an anchored empty value")
            self.place(self.pending[0], self.pending[1], None)
        while self.stack:
            self.close(lines)
        return None if self.root is None else self.root.data

    def new_key(self, key: str, dash: bool) -> bool | None:
        """Whether a key seen for the first time is text (``False``: the merge key); ``None``
        when the text before ``": "`` is not a key but the start of a sequence's scalar."""
        if _KEY.fullmatch(key):
            text = self.keys[key] = key_kind(key) is not None
            return text
        if dash:
            return None
        raise Unsupported("a key the line reader leaves to the parser")

    def value(self, written: str, block: _Block) -> Any:
        """A value written on its line, trimmed, without its comment (not empty)."""
        first = written[0]
        if first in "\"'":
            return _quoted(written)
        if first in "[{":
            depth = block.depth + 1
            if depth > self.max_depth:
                raise Unsupported("deep nesting")
            block.deepest = max(block.deepest, depth)
            return self.flow(written)
        if first == "*":
            return self.alias(_named(written, "*"), block)
        return _plain(written)

    def flow(self, written: str) -> Any:
        """A one-line flow collection of plain scalars."""
        sequence = written[0] == "["
        if not (_FLOW_SEQUENCE if sequence else _FLOW_MAPPING).fullmatch(written):
            raise Unsupported("a flow collection the line reader leaves to the parser")
        inner = written[1:-1]
        # no key or scalar holds a colon or a comma: they only separate
        parts = [part.strip(" ") for part in inner.replace(",", ":").split(":")]
        if parts == [""]:
            parts = []
        self.nodes += 1 + len(parts)
        if sequence:
            return RESOLVER.plain_all(parts)
        found = dict(zip(parts[::2], RESOLVER.plain_all(parts[1::2]), strict=True))
        if 2 * len(found) != len(parts):
            raise Unsupported("a duplicate key")
        # a flow key is never ``<<`` (see _FLOW_MAPPING): only a key not seen yet needs a look
        if not self.keys.keys() >= found.keys():
            for key in found.keys() - self.keys.keys():
                self.new_key(key, False)
        return found

    def alias(self, name: str, block: _Block) -> Any:
        value, size, height = anchored(self.anchors, name)
        self.nodes += size
        depth = block.depth + 1 + height
        if self.nodes + self.lines > self.max_nodes or depth > self.max_depth:
            raise Unsupported("aliases expanding beyond the limits")
        block.deepest = max(block.deepest, depth)
        return value

    def merge(self, block: _Block, written: str) -> None:
        if block.merged is not None:
            raise Unsupported("a second merge key")
        if written[:1] == "*":
            names = [_named(written, "*")]
        elif written[:1] == "[" and written[-1] == "]":
            names = [_named(item.strip(" "), "*") for item in written[1:-1].split(",")]
        else:
            raise Unsupported("merging something other than aliases")
        block.merged = []
        for name in names:
            merged = self.alias(name, block)
            if not isinstance(merged, dict):
                raise Unsupported("merging a value that is not a mapping")
            block.merged.append(merged)

    def place(self, block: _Block, key: str | None, value: Any) -> None:
        if key is None:
            block.data.append(value)
        else:
            block.data[key] = value

    def open(  # noqa: PLR0917 - called in three places, each with every argument
        self, data: Any, indent: int, owner: _Block | None, key: str | None,
        anchor: str | None, line: int,
    ) -> _Block:
        depth = 0 if owner is None else owner.depth + 1
        if depth > self.max_depth:
            raise Unsupported("deep nesting")
        if owner is not None:
            self.place(owner, key, data)
        self.nodes += 1
        block = _Block(data, indent, depth, self.nodes, line)
        if anchor is not None:
            block.anchor = anchor
            self.anchors[anchor] = _UNFINISHED  # an alias inside it is unsupported
        self.stack.append(block)
        return block

    def close(self, line: int) -> None:
        """Close the innermost block; ``line`` is the index of the first line after it."""
        block = self.stack.pop()
        if block.merged:
            self.merged_left -= sum(len(source) for source in block.merged)
            if self.merged_left < 0:
                raise Unsupported("merge keys copying in too many entries")
            data = block.data
            for source in block.merged:
                for key, value in source.items():
                    if key not in data:
                        data[key] = value
        if block.anchor is not None:
            size = self.nodes - block.nodes_before + line - block.line
            self.anchors[block.anchor] = (block.data, size, block.deepest - block.depth)
        if self.stack:
            parent = self.stack[-1]
            parent.deepest = max(parent.deepest, block.deepest)
        if self.nodes + self.lines > self.max_nodes:
            raise Unsupported("too many nodes")


def _trimmed(written: str) -> str:
    """A value without the spaces around it and without its comment (a quoted scalar keeps
    its ``#``: ``_quoted`` reads what follows it)."""
    written = written.lstrip(" ")
    if "#" in written and written[0] != '"' and written[0] != "'":
        cut = written.find(" #")
        written = "" if written[0] == "#" else written if cut < 0 else written[:cut]
    return written.rstrip(" ")


def _plain(text: str) -> Any:
    """A plain scalar's value; ``text`` is one line, trimmed, without its comment."""
    first = text[0]
    if first in _INDICATORS and (first != "-" or len(text) == 1 or text[1] == " "):
        raise Unsupported("a scalar starting with an indicator")
    if ": " in text or text[-1] == ":":
        raise Unsupported("a colon the parser would read as a key")
    return RESOLVER.plain(text) if first in RESOLVER.first else text


def _quoted(written: str) -> str:
    """A quoted scalar on one line, without escapes, and nothing after it but a comment."""
    quote = written[0]
    end = written.find(quote, 1)
    if end < 0:
        raise Unsupported("a quoted scalar over several lines")
    text, after = written[1:end], written[end + 1:]
    if after and not (after[0] == " " and after.lstrip(" ")[:1] == "#"):
        raise Unsupported("text after a quoted scalar")
    if quote == '"' and "\\" in text:
        raise Unsupported("an escape")
    return text


def _named(written: str, sigil: str) -> str:
    """The name of an alias (``*``) or anchor (``&``) that is all the value on its line."""
    if written[:1] != sigil or not _NAME.fullmatch(written, 1):
        raise Unsupported("an alias or anchor the line reader leaves to the parser")
    return written[1:]
