"""A list written in YAML edited item by item, so the items that stay keep their text and their
comments: a set-like list (items kept in place, new ones at the end) or an ordered one whose
items the caller matched (each item kept, replaced, removed or added where it belongs)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from reconciler.config.emit import block, flow, scalar
from reconciler.config.inplace import scalar_in_place
from reconciler.config.nodes import MERGE_TAG
from reconciler.config.spans import content_end, item_spans, last_line_end, line_end, line_start
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
    written item equal to it (kept as written) or ``None``. Between two kept items, the written
    items left are replaced by the new values one for one, then removed or added to. ``None``
    when the items cannot be told apart (the caller then writes the list whole)."""
    kept = [(j, i) for j, i in enumerate(items_from) if i is not None]
    indexes = [i for _, i in kept]
    spans = item_spans(text, node)
    if (isinstance(spans, str) or node.flow_style or not node.value
            or len(items_from) != len(values) or indexes != sorted(set(indexes))
            or any(not 0 <= i < len(node.value) for i in indexes)):
        return None
    items, column = list(node.value), int(node.start_mark.column)
    splices: list[Splice] = []
    previous = (-1, -1)
    for j, i in [*kept, (len(values), len(items))]:
        old, new = range(previous[1] + 1, i), range(previous[0] + 1, j)
        pairs = zip(old, new, strict=False)
        for o, n in pairs:
            splices.extend(_replaced(text, newline, items[o], values[n]))
        splices.extend((spans[o].start, spans[o].end, "") for o in old[len(new) :])
        if len(new) > len(old):
            after = old[-1] if old else previous[1]
            at = spans[after].end if after >= 0 else spans[0].start
            prefix = "" if at == 0 or text[:at].endswith("\n") else newline
            lines = block([values[n] for n in new[len(old) :]], column, newline)
            splices.append((at, at, prefix + " " * column + lines))
        previous = (j, i)
    return splices


def _replaced(text: str, newline: str, item: Node, value: Any) -> list[Splice]:
    """One item made ``value``: key by key when both are mappings, else its own text replaced
    (the comments after it on its last line stay)."""
    if isinstance(item, MappingNode) and isinstance(value, dict):
        keyed = _mapping_edit(text, newline, item, value)
        if keyed is not None:
            return keyed
    start, end = int(item.start_mark.index), content_end(item)
    end = start + len(text[start:end].rstrip("\r\n"))
    collection = isinstance(value, dict | list) and bool(value)
    if not collection or getattr(item, "flow_style", False):
        return [(start, end, flow(value) if isinstance(value, dict | list) else scalar(value))]
    return [(start, end, block(value, item.start_mark.column, newline).removesuffix(newline))]


def _mapping_edit(text: str, newline: str, item: MappingNode, value: dict[str, Any]
                  ) -> list[Splice] | None:
    """A block mapping of plain values made ``value`` key by key, so the lines of the keys that
    stay keep their comments: a differing value rewritten, a new key added after the last, a
    key ``value`` leaves out removed unless written empty or false (what ``export`` leaves
    out). ``None`` when the mapping is not that simple (merge keys, nested values)."""
    written = _plain_pairs(item)
    if written is None or item.flow_style or any(isinstance(v, dict | list)
                                                 for v in value.values()):
        return None
    splices: list[Splice] = []
    for name, wanted in value.items():
        found = written.get(str(name))
        if found is not None and not _same(found[1], wanted):
            node = found[1]
            new = scalar_in_place(text, newline, node, wanted)
            splices.append((int(node.start_mark.index), int(node.end_mark.index), new))
    for name, (key, node) in written.items():
        if name in value or _written_value(node) in (None, False, ""):
            continue
        if key is item.value[0][0]:
            return None  # the first key shares its line with the dash
        splices.append((line_start(text, int(key.start_mark.index)),
                        last_line_end(text, node), ""))
    added = {name: wanted for name, wanted in value.items() if str(name) not in written}
    if added:
        at, column = last_line_end(text, item), int(item.start_mark.column)
        splices.append((at, at, " " * column + block(added, column, newline)))
    return splices


def _plain_pairs(item: MappingNode) -> dict[str, tuple[ScalarNode, ScalarNode]] | None:
    pairs: dict[str, tuple[ScalarNode, ScalarNode]] = {}
    for key, node in item.value:
        if not isinstance(key, ScalarNode) or not isinstance(node, ScalarNode):
            return None
        if key.tag == MERGE_TAG or key.value == "<<":
            return None
        pairs[str(key.value)] = (key, node)
    return pairs


def _written_value(node: ScalarNode) -> Any:
    if node.style:
        return str(node.value)
    try:
        return YAML(typ="safe", pure=True).load(f"k: {node.value}\n")["k"]
    except (YAMLError, TypeError, KeyError):
        return str(node.value)


def _same(node: ScalarNode, wanted: Any) -> bool:
    found = _written_value(node)
    if isinstance(wanted, bool) or isinstance(found, bool) or wanted is None:
        return bool(found is wanted)
    if isinstance(wanted, int | float | Decimal) and isinstance(found, int | float):
        return Decimal(str(found)) == Decimal(str(wanted))
    return str(node.value) == str(wanted)
