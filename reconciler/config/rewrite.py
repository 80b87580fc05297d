"""Edits in place of a configuration's YAML text, keeping every byte that is not edited.

The files are composed with ruamel.yaml (nodes with their exact spans) and each edit is a splice
of the original text: a value's text replaced in the style it was written in, a record appended
to its list, a line inserted or a record removed. Comments, key order, quoting, flow or block
style, blank lines, anchors, merge keys and line endings of everything else stay as they were.

Records are found by their catalogue path (``("products", 3, "variants", 1)``), reproducing how
the loader merges the lists of several files: in file order, item by item. A value reached
through an alias or a merge key is shared by every record using it; it is edited only when every
one of those uses asks for the same new value, else the edit is refused for a hand edit.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from reconciler.config.comments import Comment, comments_of, lost
from reconciler.config.diagnostics import YamlPath
from reconciler.config.emit import block, flow, scalar
from reconciler.config.inplace import scalar_in_place
from reconciler.config.listedit import matched_edit, scalar_items, set_edit
from reconciler.config.nodes import (
    compose,
    count_uses,
    get,
    list_items,
    lookup,
    matcher,
    shared_node,
)
from reconciler.config.spans import content_end, item_spans, last_line_end
from reconciler.config.splices import Move, Splice, render, reordered


@dataclass(frozen=True)
class ValueEdit:
    """Write ``value`` at ``field`` (mapping keys) of the record at catalogue path ``record``."""

    record: YamlPath
    field: tuple[str, ...]
    value: Any
    label: str
    fold_last: bool = False
    """Match the last key case-insensitively (price list codes)."""
    as_set: bool = False
    """The value is a set: items written stay in their place, new ones are added at the end."""
    items_from: tuple[int | None, ...] | None = None
    """For a list: per item of ``value``, the written item equal to it (kept with its comments)
    or ``None``; without it a block list is written whole."""


@dataclass(frozen=True)
class Refusal:
    label: str
    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.label}: {self.reason}"


@dataclass
class _File:
    name: str
    text: str
    root: Node | None
    splices: list[Splice] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    new_lists: dict[tuple[int, str], tuple[int, str, list[str]]] = field(default_factory=dict)
    """Lists this edit creates, by (owner, section): where, their ``key:`` line, their items."""

    @property
    def newline(self) -> str:
        return "\r\n" if "\r\n" in self.text else "\n"

    @property
    def edited(self) -> bool:
        return bool(self.splices or self.new_lists or self.moves)

    @cached_property
    def comments(self) -> list[Comment]:
        return comments_of(self.text)

    def result(self) -> str:
        splices = [*self.splices, *((at, at, head + "".join(items))
                                    for at, head, items in self.new_lists.values())]
        return render(self.text, splices, self.moves)

    def add_to_new_list(self, owner: Node | None, section: str, at: int, head: str,
                        item: str) -> None:
        _, _, items = self.new_lists.setdefault((id(owner), section), (at, head, []))
        items.append(item)


def where(file: str, node: Node) -> str:
    return f"{file}:{node.start_mark.line + 1}:{node.start_mark.column + 1}"


class ConfigText:
    """A configuration's files as text and YAML nodes, edited by splices."""

    def __init__(self, files: Sequence[tuple[str, str]], sections: Iterable[str]) -> None:
        self.files = [_File(name, text, compose(text)) for name, text in files]
        self._by_name = {f.name: f for f in self.files}
        self._sections = tuple(sections)
        self._items: dict[str, list[tuple[_File, Node]]] = {}
        self._uses: Counter[int] = Counter()
        self.comments_dropped: list[Refusal] = []
        """Edits made that could not keep every comment written in the text they replaced."""
        for file in self.files:
            for section in self._sections:
                for item in list_items(get(file.root, section)):
                    count_uses(item, self._uses, set())

    # --- finding -------------------------------------------------------------------------------

    def record(self, path: YamlPath) -> tuple[_File, Node] | None:
        """The node of the record at a catalogue path, and its file."""
        section, index, *rest = path
        items = self._section_items(str(section))
        if not isinstance(index, int) or index >= len(items):
            return None
        file, node = items[index]
        while rest:
            child, position, *rest = rest
            found = list_items(get(node, str(child)))
            if not isinstance(position, int) or position >= len(found):
                return None
            node = found[position]
        return file, node

    def _section_items(self, section: str) -> list[tuple[_File, Node]]:
        if section not in self._items:
            self._items[section] = [
                (file, item) for file in self.files for item in list_items(get(file.root, section))
            ]
        return self._items[section]

    def count(self, section: str, file: str) -> int:
        return sum(1 for f, _ in self._section_items(section) if f.name == file)

    def has_file(self, name: str) -> bool:
        return name in self._by_name

    def changed(self) -> dict[str, tuple[str, str]]:
        """File name → (text before, text after) for every file with an edit."""
        return {f.name: (f.text, f.result()) for f in self.files if f.edited}

    # --- values --------------------------------------------------------------------------------

    def set_values(self, edits: Sequence[ValueEdit]) -> list[Refusal]:
        """Apply the edits that can be made; the others come back with the reason."""
        refusals: list[Refusal] = []
        by_node: dict[int, list[tuple[ValueEdit, _File, Node]]] = defaultdict(list)
        for edit in edits:
            found = self._value_node(edit)
            if isinstance(found, Refusal):
                refusals.append(found)
                continue
            file, node = found
            by_node[id(node)].append((edit, file, node))
        for group in by_node.values():
            edit, file, node = group[0]
            if self._uses[id(node)] > 1 and not self._every_use_agrees(node, group):
                refusals.extend(
                    Refusal(e.label, where(f.name, n), "the value comes from an anchor or merge "
                            "key that other records use with another value; edit it by hand")
                    for e, f, n in group
                )
                continue
            splices = _replacement(file, node, edit)
            file.splices.extend(splices)
            self.comments_dropped.extend(_dropped(file, node, edit, splices))
        return refusals

    def _every_use_agrees(self, node: Node, group: list[tuple[ValueEdit, _File, Node]]) -> bool:
        values = {repr(edit.value) for edit, _, _ in group}
        return len(group) == self._uses[id(node)] and len(values) == 1

    def _value_node(self, edit: ValueEdit) -> tuple[_File, Node] | Refusal:
        found = self.record(edit.record)
        if found is None:
            return Refusal(edit.label, "?", "its declaration was not found in the files")
        file, node = found
        for depth, key in enumerate(edit.field):
            fold = edit.fold_last and depth == len(edit.field) - 1
            pair = lookup(node, matcher(key, fold))
            if pair is None:
                return Refusal(edit.label, where(file.name, node),
                               f"{key!r} is not written as a field here; edit it by hand")
            node = pair[1]
        return file, node

    # --- records -------------------------------------------------------------------------------

    def set_key_with_rename(self, record: YamlPath, key_field: str, new_key: str,
                            old_key: str, label: str) -> list[Refusal]:
        """Write a record's new key and ``renamed_from: <old key>`` beside it."""
        found = self.record(record)
        if found is None:
            return [Refusal(label, "?", "its declaration was not found in the files")]
        file, node = found
        refusals = self.set_values([ValueEdit(record, (key_field,), new_key, label)])
        if refusals:
            return refusals
        existing = lookup(node, matcher("renamed_from", False))
        if existing is not None:
            return self.set_values([ValueEdit(record, ("renamed_from",), old_key, label)])
        if not isinstance(node, MappingNode) or node.flow_style:
            return [Refusal(label, where(file.name, node), "add renamed_from by hand")]
        key_pair = lookup(node, matcher(key_field, False))
        assert key_pair is not None
        at = last_line_end(file.text, key_pair[1])
        pad = " " * node.start_mark.column
        line = f"{pad}renamed_from: {scalar(old_key)}{file.newline}"
        file.splices.append((at, at, line))
        return []

    def append_item(self, parent: YamlPath | None, section: str, value: dict[str, Any],
                    file_name: str | None = None) -> str | None:
        """Append a record to the list ``section`` of the record at ``parent`` (or to the top-level
        list in ``file_name``); the reason it cannot be done, or ``None``."""
        if parent is not None:
            found = self.record(parent)
            if found is None:
                return "its parent was not found in the files"
            file, owner_node = found
            owner: Node | None = owner_node
        else:
            if file_name is None:
                return "no file to add it to"
            file = self._file(file_name)
            owner = file.root
        return _append(file, owner, section, value, top=parent is None)

    def _file(self, name: str) -> _File:
        if name not in self._by_name:
            new = _File(name, "", None)
            self.files.append(new)
            self._by_name[name] = new
        return self._by_name[name]

    def remove_item(self, record: YamlPath) -> str | None:
        """Remove a record from its list; the reason it cannot be done, or ``None``."""
        found = self.record(record)
        if found is None:
            return "its declaration was not found in the files"
        file, node = found
        if self._uses[id(node)] > 1:
            return "it is used through an alias; remove it by hand"
        siblings = self.record_siblings(record)
        if siblings < 2:
            return "it is the only record of its list; remove it by hand"
        dash = file.text.rfind("-", 0, node.start_mark.index)
        start = file.text.rfind("\n", 0, dash) + 1
        file.splices.append((start, last_line_end(file.text, node), ""))
        return None

    def move_items(self, parent: YamlPath, section: str, order: Sequence[int],
                   label: str) -> Refusal | None:
        """Put the items of the list ``section`` of the record at ``parent`` in ``order`` (the
        written index of each item in its new place), each with its own comments; the reason it
        cannot be done safely, or ``None``."""
        found = self.record(parent)
        sequence = get(found[1], section) if found else None
        if found is None or not isinstance(sequence, SequenceNode):
            return Refusal(label, "?", f"its {section} list was not found in the files")
        file = found[0]
        unsafe = self._unsafe_to_move(sequence)
        if unsafe is not None:
            return Refusal(label, where(file.name, unsafe[0]), f"{unsafe[1]}; reorder it by hand")
        spans = item_spans(file.text, sequence)
        if isinstance(spans, str):
            return Refusal(label, where(file.name, sequence), f"{spans}; reorder it by hand")
        file.moves.append(reordered(spans, order))
        return None

    def _unsafe_to_move(self, sequence: SequenceNode) -> tuple[Node, str] | None:
        """Why moving the items could change what another record reads, or put an alias before
        its anchor: the node to point at and the reason."""
        if self._uses[id(sequence)] > 1:
            return sequence, "the list is used by other records through an anchor or merge key"
        inside = range(int(sequence.start_mark.index), int(sequence.end_mark.index))
        for number, item in enumerate(sequence.value, start=1):
            if int(item.start_mark.index) not in inside:
                return sequence, f"item {number} is an alias"
            if self._uses[id(item)] > 1:
                return item, "an item is used elsewhere through its anchor"
            shared = shared_node(item, inside, self._uses)
            if shared is not None:
                return shared, "an anchor inside the list is used elsewhere"
        return None

    def record_siblings(self, record: YamlPath) -> int:
        if len(record) == 2:
            return len(self._section_items(str(record[0])))
        found = self.record(record[:-2])
        return 0 if found is None else len(list_items(get(found[1], str(record[-2]))))


# --- replacement text --------------------------------------------------------------------------


def _replacement(file: _File, node: Node, edit: ValueEdit) -> list[Splice]:
    start, value = int(node.start_mark.index), edit.value
    if isinstance(node, ScalarNode):
        new = scalar_in_place(file.text, file.newline, node, value)
        return [(start, int(node.end_mark.index), new)]
    if isinstance(node, SequenceNode) and isinstance(value, list) and value:
        if edit.as_set and scalar_items(node):
            return set_edit(file.text, file.newline, node, [str(v) for v in value])
        if edit.items_from is not None:
            matched = matched_edit(file.text, file.newline, node, value, edit.items_from)
            if matched is not None:
                return matched
    end = content_end(node)
    if getattr(node, "flow_style", False) or not value or not isinstance(value, list | dict):
        return [(start, end, flow(value) if isinstance(value, list | dict) else scalar(value))]
    text = block(value, node.start_mark.column, file.newline)
    return [(start, end, text.removesuffix(file.newline))]


def _dropped(file: _File, node: Node, edit: ValueEdit, splices: list[Splice]) -> list[Refusal]:
    written = "".join(new for _, _, new in splices)  # a moved item takes its comments along
    gone = [text for start, end, _ in splices if "#" in file.text[start:end]
            for text in lost(file.comments, start, end, written)]
    if not gone:
        return []
    plural = "s" if len(gone) > 1 else ""
    return [Refusal(edit.label, where(file.name, node),
                    f"written, but {len(gone)} comment{plural} in it could not be kept: "
                    + "; ".join(gone))]


def _append(file: _File, owner: Node | None, section: str, value: dict[str, Any],
            *, top: bool) -> str | None:
    nl = file.newline
    sequence = get(owner, section) if owner is not None else None
    if isinstance(sequence, SequenceNode) and not sequence.flow_style and sequence.value:
        column = sequence.start_mark.column
        spans = item_spans(file.text, sequence)
        at = last_line_end(file.text, sequence) if isinstance(spans, str) else spans[-1].end
        text = " " * column + block([value], column, nl)
        prefix = "" if at == 0 or file.text[:at].endswith("\n") else nl
        file.splices.append((at, at, prefix + text))
        return None
    if sequence is not None:
        return f"its {section} list is written in flow style or is empty; add it by hand"
    if top:
        at = len(file.text)
        prefix = "" if not file.text or file.text.endswith("\n") else nl
        item = "  " + block([value], 2, nl)
        file.add_to_new_list(owner, section, at, f"{prefix}{section}:{nl}", item)
        return None
    if not isinstance(owner, MappingNode) or owner.flow_style:
        return "its parent is written in flow style; add it by hand"
    column = owner.start_mark.column
    at = last_line_end(file.text, owner)
    item = " " * (column + 2) + block([value], column + 2, nl)
    file.add_to_new_list(owner, section, at, f"{' ' * column}{section}:{nl}", item)
    return None
