"""One list item made a new value, keeping what can be kept of its text: a mapping edited key
by key (the lines of the keys that stay keep their comments), anything else replaced whole
(the comments after it on its last line stay)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode

from reconciler.config.emit import block, flow, scalar
from reconciler.config.inplace import scalar_in_place
from reconciler.config.nodes import MERGE_TAG
from reconciler.config.spans import content_end, last_line_end, line_start
from reconciler.config.splices import Splice


def replaced(text: str, newline: str, item: Node, value: Any) -> list[Splice]:
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
