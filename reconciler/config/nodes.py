"""Composed YAML nodes walked as the loader reads them: a mapping's keys with those it merges,
and how many records reach each node (through aliases and merge keys, a node is shared)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator

from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from reconciler.config.spans import children

MERGE_TAG = "tag:yaml.org,2002:merge"
Matcher = Callable[[str], bool]


def compose(text: str) -> Node | None:
    node: Node | None = YAML(typ="rt").compose(text)
    return node


def matcher(key: str, fold: bool) -> Matcher:
    if fold:
        folded = key.strip().casefold()
        return lambda k: k.strip().casefold() == folded
    return lambda k: k == key


def pairs(node: Node) -> Iterator[tuple[Node, Node]]:
    """A mapping's own entries first, then those of the mappings it merges, in merge order."""
    if not isinstance(node, MappingNode):
        return
    merged: list[Node] = []
    for key, value in node.value:
        if key.tag == MERGE_TAG or (isinstance(key, ScalarNode) and key.value == "<<"):
            merged.extend(value.value if isinstance(value, SequenceNode) else [value])
        else:
            yield key, value
    for source in merged:
        yield from pairs(source)


def lookup(node: Node | None, matches: Matcher) -> tuple[Node, Node] | None:
    if node is None:
        return None
    for key, value in pairs(node):
        if isinstance(key, ScalarNode) and matches(str(key.value)):
            return key, value
    return None


def get(node: Node | None, key: str) -> Node | None:
    pair = lookup(node, matcher(key, False))
    return None if pair is None else pair[1]


def list_items(node: Node | None) -> list[Node]:
    return list(node.value) if isinstance(node, SequenceNode) else []


def shared_node(node: Node, inside: range, uses: Counter[int]) -> Node | None:
    for child in children(node):
        if uses[id(child)] > 1 and int(child.start_mark.index) in inside:
            return child
        if int(child.start_mark.index) in inside:
            found = shared_node(child, inside, uses)
            if found is not None:
                return found
    return None


def count_uses(node: Node, uses: Counter[int], ancestors: set[int]) -> None:
    """Count each node once per path from a record that reaches it (aliases count again)."""
    if id(node) in ancestors:
        return
    uses[id(node)] += 1
    ancestors.add(id(node))
    if isinstance(node, MappingNode):
        for _, value in pairs(node):
            count_uses(value, uses, ancestors)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            count_uses(item, uses, ancestors)
    ancestors.discard(id(node))
