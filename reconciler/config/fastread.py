"""A fast path for reading YAML: ruamel's C parser, with the round-trip loader's result.

ruamel's round-trip loader (what ``reader`` uses, for positions) composes and constructs in pure
Python, which costs seconds on a catalogue of ten thousand variants. This module builds the very
same data (``CommentedMap``/``CommentedSeq`` with their ``lc`` positions, merge keys, numbers
that remember their text, duplicate keys collected) straight from the events of ruamel's C
parser. Anything outside the plain subset a catalogue uses (explicit tags, complex keys, several
documents, directives) raises ``Unsupported``, and the caller reads the file the slow way, which
also gives every error its exact message: this path never decides what is an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import InvalidOperation
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedSeq
from ruamel.yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from ruamel.yaml.mergevalue import MergeValue
from ruamel.yaml.nodes import ScalarNode

from reconciler.config import tags
from reconciler.config.numbers import SourceInt, yaml_decimal
from reconciler.config.tags import DECIMAL_INT, IMPLICIT_TAGS

Duplicate = tuple[Any, Any, Any]
"""``(key, mark of the repeated key, mapping holding the first)``, as ``reader`` reports them."""

class Unsupported(Exception):
    """The document uses something only the round-trip loader reads faithfully."""


class _Builder:
    def __init__(self, events: Iterator[Event], make_map: Callable[[], Any], constructor: Any):
        self.events = events
        self.make_map = make_map
        self.constructor = constructor
        self.anchors: dict[str, tuple[Any, Any]] = {}
        self.duplicates: list[Duplicate] = []

    def node(self, event: Event) -> tuple[Any, Any]:
        """The value an event starts, and the mark the round-trip loader gives it."""
        if isinstance(event, AliasEvent):
            if event.anchor not in self.anchors:
                raise Unsupported("unknown alias")
            return self.anchors[event.anchor]
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!":
            raise Unsupported(f"explicit tag {tag}")
        if isinstance(event, ScalarEvent):
            value = self.scalar(event)
            self.remember(event, value)
            if event.value == "" and not event.style:
                # An empty value: the pure parser places it where the next token starts.
                raise Unsupported("an empty value")
            return value, event.start_mark
        if isinstance(event, MappingStartEvent):
            return self.mapping(event), event.start_mark
        if isinstance(event, SequenceStartEvent):
            return self.sequence(event), event.start_mark
        raise Unsupported(type(event).__name__)

    def remember(self, event: Any, value: Any) -> None:
        if event.anchor:
            self.anchors[event.anchor] = (value, event.start_mark)

    def scalar(self, event: ScalarEvent) -> Any:
        value = event.value
        tag = IMPLICIT_TAGS.of(value) if event.implicit[0] else tags.STR
        if tag in (tags.STR, tags.VALUE):
            return value
        if tag == tags.NULL:
            return None
        if tag == tags.BOOL:
            return value.lower() == "true"
        if tag == tags.TIMESTAMP:
            return value
        if tag == tags.INT:
            return self.integer(event)
        if tag == tags.FLOAT:
            return self.number(event)
        raise Unsupported(f"implicit tag {tag}")

    def integer(self, event: ScalarEvent) -> Any:
        if DECIMAL_INT.fullmatch(event.value):
            return SourceInt(int(event.value), event.value)
        return self.constructor.construct_source_int(self.scalar_node(event, tags.INT))

    def number(self, event: ScalarEvent) -> Any:
        try:
            return yaml_decimal(event.value)
        except InvalidOperation:
            return self.constructor.construct_source_float(self.scalar_node(event, tags.FLOAT))

    @staticmethod
    def scalar_node(event: ScalarEvent, tag: str) -> ScalarNode:
        return ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)

    def mapping(self, start: MappingStartEvent) -> Any:
        data = self.make_map()
        data._yaml_set_line_col(start.start_mark.line, start.start_mark.column)
        self.remember(start, data)
        merges = MergeValue()
        while True:
            event = next(self.events)
            if isinstance(event, MappingEndEvent):
                break
            if not isinstance(event, ScalarEvent) or (event.tag not in (None, "!")):
                raise Unsupported("a key that is not a plain scalar")
            key_tag = IMPLICIT_TAGS.of(event.value) if event.implicit[0] else tags.STR
            if key_tag == tags.MERGE:
                self.merge(merges, next(self.events))
                continue
            key, _ = self.node(event)
            value, value_mark = self.node(next(self.events))
            if key in data:
                self.duplicates.append((key, event.start_mark, data))
                continue
            mark = event.start_mark
            data._yaml_set_kv_line_col(
                key, [mark.line, mark.column, value_mark.line, value_mark.column]
            )
            data[key] = value
        if merges:
            self.constructor.merge_budget.spend(merges, start.start_mark)
            data.add_yaml_merge(merges)
        return data

    def merge(self, merges: MergeValue, event: Event) -> None:
        if merges:
            raise Unsupported("a second merge key")
        if isinstance(event, AliasEvent):
            merges.append(self.merged_map(event))
            return
        if isinstance(event, SequenceStartEvent) and event.tag is None and not event.anchor:
            items = []
            while not isinstance(item := next(self.events), SequenceEndEvent):
                if not isinstance(item, AliasEvent):
                    raise Unsupported("merging something other than aliases")
                items.append(self.merged_map(item))
            merges.extend(items)
            return
        raise Unsupported("merging something other than aliases")

    def merged_map(self, event: AliasEvent) -> Any:
        value, _ = self.node(event)
        if not isinstance(value, dict):
            raise Unsupported("merging a value that is not a mapping")
        return value

    def sequence(self, start: SequenceStartEvent) -> Any:
        data = CommentedSeq()
        data._yaml_set_line_col(start.start_mark.line, start.start_mark.column)
        self.remember(start, data)
        while not isinstance(event := next(self.events), SequenceEndEvent):
            value, mark = self.node(event)
            data._yaml_set_idx_line_col(len(data), [mark.line, mark.column])
            data.append(value)
        return data


def fast_load(
    text: str, make_map: Callable[[], Any], constructor: Any
) -> tuple[Any, list[Duplicate]]:
    """The round-trip loader's document and duplicate keys, or ``Unsupported``."""
    yaml = YAML(typ="safe", pure=False)
    _, parser = yaml.get_constructor_parser(text)
    try:
        return _build(_events(parser), make_map, constructor)
    finally:
        parser.dispose()


def _events(parser: Any) -> Iterator[Event]:
    get_event = parser.get_event
    while True:
        event = get_event()
        yield event
        if isinstance(event, StreamEndEvent):
            return


def _build(
    events: Iterator[Event], make_map: Callable[[], Any], constructor: Any
) -> tuple[Any, list[Duplicate]]:
    next(events)  # stream start
    first = next(events)
    if isinstance(first, StreamEndEvent):
        return None, []
    if not isinstance(first, DocumentStartEvent) or first.version or first.tags:
        raise Unsupported("document directives")
    builder = _Builder(events, make_map, constructor)
    data, _ = builder.node(next(events))
    if not isinstance(next(events), DocumentEndEvent):
        raise Unsupported("document end")
    if not isinstance(next(events), StreamEndEvent):
        raise Unsupported("several documents")
    return data, builder.duplicates
