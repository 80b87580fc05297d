"""The common path for reading YAML: libyaml's parser (through PyYAML) straight into plain data.

Positions are not recorded here: a file read this way is read again with positions (by
``reader.read_positions``) only when a diagnostic or a plan needs one of its places. Numbers
still remember their text (``numbers``), and equal number texts share one object.

This path accepts only documents that cannot hold a problem the loader reports: anything else
(explicit tags, keys that are not plain text, duplicate keys, aliases of unfinished or huge
nodes, several documents, directives) raises ``Unsupported``, and the file is read with
positions from the start, which finds and places every problem.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from reconciler.config import tags
from reconciler.config.numbers import SourceInt, yaml_decimal
from reconciler.config.tags import CACHE_LIMIT, DECIMAL_INT, IMPLICIT_TAGS

_TEXT_TAGS = frozenset({tags.STR, tags.VALUE, tags.TIMESTAMP})
_UNKNOWN = object()
MARGIN = 4
"""Nesting kept below the walker's limit, so that a document read here never reaches it."""


class Unsupported(Exception):
    """The document needs the loader with positions (it may hold a problem to report)."""


class _Resolver:
    """Plain scalars' values (``tags.IMPLICIT_TAGS`` tells them apart), one per text."""

    def __init__(self) -> None:
        self.first = IMPLICIT_TAGS.first
        self.tag = IMPLICIT_TAGS.of
        self._plain: dict[str, Any] = {}

    def plain(self, value: str) -> Any:
        """A plain scalar that may be more than text: null, a boolean, a number. One shared,
        immutable value per text (prices repeat across a catalogue)."""
        found = self._plain.get(value, _UNKNOWN)
        if found is _UNKNOWN:
            found = self._resolve(value)
            if len(self._plain) < CACHE_LIMIT:
                self._plain[value] = found
        return found

    def plain_all(self, values: list[str]) -> list[Any]:
        """``plain`` of each text, looked up together (a flow collection's items)."""
        try:
            return list(map(self._plain.__getitem__, values))
        except KeyError:
            return [self.plain(value) for value in values]

    def _resolve(self, value: str) -> Any:
        tag = self.tag(value)
        if tag in _TEXT_TAGS:
            return value
        if tag == tags.NULL:
            return None
        if tag == tags.BOOL:
            return value.lower() == "true"
        if tag == tags.INT:
            return _int(value)
        if tag == tags.FLOAT:
            return _decimal(value)
        raise Unsupported(f"implicit tag {tag}")


def _int(value: str) -> SourceInt:
    if not DECIMAL_INT.fullmatch(value):
        raise Unsupported("an integer written in another base")
    return SourceInt(int(value), value)


def _decimal(value: str) -> Decimal:
    try:
        return yaml_decimal(value)
    except InvalidOperation:
        raise Unsupported("a number only the round-trip loader reads") from None


RESOLVER = _Resolver()


def anchored(anchors: dict[str, tuple[Any, int, int]], name: str) -> tuple[Any, int, int]:
    """What an alias of ``name`` stands for: (value, nodes it expands to, its height)."""
    found = anchors.get(name)
    if found is None or found[2] < 0:
        raise Unsupported("an alias of an unknown or unfinished node")
    return found


def key_kind(key: str) -> str | None:
    """A plain key's text; ``None`` for the merge key ``<<``; ``Unsupported`` for a key that
    is not text (``1``, ``true``, ``null``)."""
    if key[:1] in RESOLVER.first:
        tag = RESOLVER.tag(key)
        if tag == tags.MERGE:
            return None
        if tag not in _TEXT_TAGS:
            raise Unsupported("a key that is not text")
    return key

try:
    from yaml._yaml import CParser
except ImportError:  # PyYAML built without libyaml: every file is read with positions
    CParser = None  # type: ignore[assignment,misc]


class _Builder:
    def __init__(self, parser: Any, limits: Limits) -> None:
        max_nodes, max_depth, self.merged_left = limits
        self.get = parser.get_event
        self.max_nodes = max_nodes
        self.max_depth = max_depth - MARGIN
        self.nodes = 0
        self.deepest = 0
        self.anchors: dict[str, tuple[Any, int, int]] = {}
        """anchor → (value, nodes it expands to, its height)"""

    def value(self, event: Any, depth: int) -> Any:
        kind = type(event)
        self.nodes += 1
        if kind is ScalarEvent:
            value = self.scalar(event)
            if event.anchor:
                self.anchors[event.anchor] = (value, 1, 0)
            return value
        if kind is AliasEvent:
            return self.alias(event.anchor, depth)
        if event.tag is not None:
            raise Unsupported("an explicit tag")
        if depth > self.max_depth:
            raise Unsupported("deep nesting")
        if not event.anchor:
            self.deepest = max(self.deepest, depth)
            return self.mapping(depth) if kind is MappingStartEvent else self.sequence(depth)
        return self.anchored(event, depth)

    def anchored(self, event: Any, depth: int) -> Any:
        outer, before = self.deepest, self.nodes
        self.anchors[event.anchor] = (None, 0, -1)  # an alias inside it is unsupported
        self.deepest = depth
        mapping = type(event) is MappingStartEvent
        value: Any = self.mapping(depth) if mapping else self.sequence(depth)
        self.anchors[event.anchor] = (value, self.nodes - before, self.deepest - depth)
        self.deepest = max(outer, self.deepest)
        return value

    def alias(self, anchor: str, depth: int) -> Any:
        value, size, height = anchored(self.anchors, anchor)
        self.nodes += size
        if self.nodes > self.max_nodes or depth + height > self.max_depth:
            raise Unsupported("aliases expanding beyond the limits")
        return value

    def scalar(self, event: Any) -> Any:
        implicit, value = event.implicit, event.value
        if implicit[0]:
            return RESOLVER.plain(value) if value[:1] in RESOLVER.first else value
        if implicit[1]:
            return value  # quoted, or a block scalar
        raise Unsupported("an explicit tag")

    def key(self, event: Any) -> str | None:
        """A mapping key's text; ``None`` for the merge key ``<<``."""
        if event.__class__ is not ScalarEvent or event.anchor:
            raise Unsupported("a key that is not plain text")
        implicit, key = event.implicit, event.value
        if implicit[0]:
            return key_kind(key)
        if not implicit[1]:
            raise Unsupported("an explicit tag")
        return key

    def mapping(self, depth: int) -> dict[str, Any]:
        data: dict[str, Any] = {}
        merged: list[dict[str, Any]] | None = None
        get, inner, scalars = self.get, depth + 1, 0
        while (event := get()).__class__ is not MappingEndEvent:
            key = self.key(event)
            if key is None:
                if merged is not None:
                    raise Unsupported("a second merge key")
                merged = self.merged(depth)
                continue
            if key in data:
                raise Unsupported("a duplicate key")
            event = get()
            if event.__class__ is ScalarEvent and not event.anchor:
                scalars += 1
                data[key] = self.scalar(event)
            else:
                data[key] = self.value(event, inner)
        self.nodes += scalars
        if self.nodes > self.max_nodes:
            raise Unsupported("too many nodes")
        if merged:
            self.merged_left -= sum(len(source) for source in merged)
            if self.merged_left < 0:
                raise Unsupported("merge keys copying in too many entries")
        for source in merged or ():
            for key, value in source.items():
                if key not in data:
                    data[key] = value
        return data

    def merged(self, depth: int) -> list[dict[str, Any]]:
        event = self.get()
        if type(event) is AliasEvent:
            return [self.merged_map(event, depth)]
        if type(event) is not SequenceStartEvent or event.tag is not None or event.anchor:
            raise Unsupported("merging something other than aliases")
        found = []
        while type(item := self.get()) is not SequenceEndEvent:
            if type(item) is not AliasEvent:
                raise Unsupported("merging something other than aliases")
            found.append(self.merged_map(item, depth))
        return found

    def merged_map(self, event: Any, depth: int) -> dict[str, Any]:
        value = self.alias(event.anchor, depth)
        if not isinstance(value, dict):
            raise Unsupported("merging a value that is not a mapping")
        return value

    def sequence(self, depth: int) -> list[Any]:
        data: list[Any] = []
        append, get, inner = data.append, self.get, depth + 1
        while (event := get()).__class__ is not SequenceEndEvent:
            append(self.value(event, inner))
        return data


Limits = tuple[int, int, int]
"""The walker's nodes and depth, and the entries merge keys may copy in (``limits``)."""


def plain_load(text: str, limits: Limits) -> Any:
    """The document as plain data (``None`` when empty), or ``Unsupported``.

    ``limits`` are those the loader with positions enforces, counted here at least as high
    (aliases expanded, merged mappings whole), so a document read here never exceeds them."""
    if CParser is None:
        raise Unsupported("PyYAML without libyaml")
    parser = CParser(text)
    try:
        return _document(parser, limits)
    except Unsupported:
        raise
    except Exception as exc:  # any parse error: the loader with positions reports it
        raise Unsupported(str(exc)) from None
    finally:
        parser.dispose()


def _document(parser: Any, limits: Limits) -> Any:
    parser.get_event()  # stream start
    first = parser.get_event()
    if type(first) is StreamEndEvent:
        return None
    if type(first) is not DocumentStartEvent or first.version or first.tags:
        raise Unsupported("document directives")
    builder = _Builder(parser, limits)
    data = builder.value(parser.get_event(), 0)
    if builder.nodes > builder.max_nodes:
        raise Unsupported("too many nodes")
    if type(parser.get_event()) is not DocumentEndEvent:
        raise Unsupported("document end")
    if type(parser.get_event()) is not StreamEndEvent:
        raise Unsupported("several documents")
    return data
