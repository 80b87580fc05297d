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

import difflib
import os
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from reconciler.config.diagnostics import YamlPath
from reconciler.config.emit import FOLDED, LITERAL, PLAIN, block, flow, literal_block, scalar

MERGE_TAG = "tag:yaml.org,2002:merge"
Matcher = Callable[[str], bool]


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
    splices: list[tuple[int, int, str]] = field(default_factory=list)
    new_lists: dict[tuple[int, str], tuple[int, str, list[str]]] = field(default_factory=dict)
    """Lists this edit creates, by (owner, section): where, their ``key:`` line, their items."""

    @property
    def newline(self) -> str:
        return "\r\n" if "\r\n" in self.text else "\n"

    @property
    def edited(self) -> bool:
        return bool(self.splices or self.new_lists)

    def result(self) -> str:
        splices = [*self.splices, *((at, at, head + "".join(items))
                                    for at, head, items in self.new_lists.values())]
        text = self.text
        for start, end, new in sorted(splices, key=lambda s: (s[0], s[1]), reverse=True):
            text = text[:start] + new + text[end:]
        return text

    def add_to_new_list(self, owner: Node | None, section: str, at: int, head: str,
                        item: str) -> None:
        _, _, items = self.new_lists.setdefault((id(owner), section), (at, head, []))
        items.append(item)


def where(file: str, node: Node) -> str:
    return f"{file}:{node.start_mark.line + 1}:{node.start_mark.column + 1}"


class ConfigText:
    """A configuration's files as text and YAML nodes, edited by splices."""

    def __init__(self, files: Sequence[tuple[str, str]], sections: Iterable[str]) -> None:
        self.files = [_File(name, text, _compose(text)) for name, text in files]
        self._by_name = {f.name: f for f in self.files}
        self._sections = tuple(sections)
        self._items: dict[str, list[tuple[_File, Node]]] = {}
        self._uses: Counter[int] = Counter()
        for file in self.files:
            for section in self._sections:
                for item in _items(_get(file.root, section)):
                    _count_uses(item, self._uses, set())

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
            found = _items(_get(node, str(child)))
            if not isinstance(position, int) or position >= len(found):
                return None
            node = found[position]
        return file, node

    def _section_items(self, section: str) -> list[tuple[_File, Node]]:
        if section not in self._items:
            self._items[section] = [
                (file, item) for file in self.files for item in _items(_get(file.root, section))
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
            file.splices.extend(_replacement(file, node, edit.value, as_set=edit.as_set))
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
            pair = _lookup(node, _matcher(key, fold))
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
        existing = _lookup(node, _matcher("renamed_from", False))
        if existing is not None:
            return self.set_values([ValueEdit(record, ("renamed_from",), old_key, label)])
        if not isinstance(node, MappingNode) or node.flow_style:
            return [Refusal(label, where(file.name, node), "add renamed_from by hand")]
        key_pair = _lookup(node, _matcher(key_field, False))
        assert key_pair is not None
        at = _line_end(file.text, _content_end(key_pair[1]))
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
        end = _line_end(file.text, _content_end(node))
        file.splices.append((start, end, ""))
        return None

    def record_siblings(self, record: YamlPath) -> int:
        if len(record) == 2:
            return len(self._section_items(str(record[0])))
        found = self.record(record[:-2])
        return 0 if found is None else len(_items(_get(found[1], str(record[-2]))))


# --- composing and walking ---------------------------------------------------------------------


def _compose(text: str) -> Node | None:
    node: Node | None = YAML(typ="rt").compose(text)
    return node


def _matcher(key: str, fold: bool) -> Matcher:
    if fold:
        folded = key.strip().casefold()
        return lambda k: k.strip().casefold() == folded
    return lambda k: k == key


def _pairs(node: Node) -> Iterator[tuple[Node, Node]]:
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
        yield from _pairs(source)


def _lookup(node: Node | None, matches: Matcher) -> tuple[Node, Node] | None:
    if node is None:
        return None
    for key, value in _pairs(node):
        if isinstance(key, ScalarNode) and matches(str(key.value)):
            return key, value
    return None


def _get(node: Node | None, key: str) -> Node | None:
    pair = _lookup(node, _matcher(key, False))
    return None if pair is None else pair[1]


def _items(node: Node | None) -> list[Node]:
    return list(node.value) if isinstance(node, SequenceNode) else []


def _count_uses(node: Node, uses: Counter[int], ancestors: set[int]) -> None:
    """Count each node once per path from a record that reaches it (aliases count again)."""
    if id(node) in ancestors:
        return
    uses[id(node)] += 1
    ancestors.add(id(node))
    if isinstance(node, MappingNode):
        for _, value in _pairs(node):
            _count_uses(value, uses, ancestors)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            _count_uses(item, uses, ancestors)
    ancestors.discard(id(node))


def _content_end(node: Node) -> int:
    """Where a node's own text ends: its last scalar, not the blank lines a block runs to."""
    if isinstance(node, ScalarNode):
        return int(node.end_mark.index)
    if getattr(node, "flow_style", False):
        return int(node.end_mark.index)
    ends = [_content_end(child) for child in _children(node)]
    return max(ends, default=int(node.end_mark.index))


def _children(node: Node) -> Iterator[Node]:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            yield key
            yield value
    elif isinstance(node, SequenceNode):
        yield from node.value


def _line_end(text: str, index: int) -> int:
    """The index just after the line break ending the line that holds ``index``."""
    newline = text.find("\n", index)
    return len(text) if newline < 0 else newline + 1


# --- replacement text --------------------------------------------------------------------------


def _replacement(file: _File, node: Node, value: Any, *, as_set: bool = False
                 ) -> list[tuple[int, int, str]]:
    start = int(node.start_mark.index)
    if isinstance(node, ScalarNode):
        return [(start, int(node.end_mark.index), _scalar_text(file, node, value))]
    if as_set and isinstance(value, list) and _scalar_items(node) and value:
        return _set_edit(file, node, [str(v) for v in value])
    end = _content_end(node)
    if getattr(node, "flow_style", False) or not value or not isinstance(value, list | dict):
        return [(start, end, flow(value) if isinstance(value, list | dict) else scalar(value))]
    text = block(value, node.start_mark.column, file.newline)
    return [(start, end, text.removesuffix(file.newline))]


def _scalar_items(node: Node) -> list[ScalarNode]:
    if not isinstance(node, SequenceNode) or not node.value:
        return []
    items = list(node.value)
    return items if all(isinstance(i, ScalarNode) for i in items) else []


def _set_edit(file: _File, node: Node, wanted: list[str]) -> list[tuple[int, int, str]]:
    """A list compared as a set: the items kept stay where they are (with their comments), the
    ones gone are removed and the new ones added after the last."""
    items = _scalar_items(node)
    written = {str(i.value).strip() for i in items}
    kept = [i for i in items if str(i.value).strip() in wanted]
    added = [v for v in wanted if v not in written]
    if getattr(node, "flow_style", False) or not kept:
        values = [str(i.value) for i in kept] + added
        if getattr(node, "flow_style", False):
            return [(int(node.start_mark.index), int(node.end_mark.index), flow(values))]
        text = block(values, node.start_mark.column, file.newline)
        return [(int(node.start_mark.index), _content_end(node), text.removesuffix(file.newline))]
    splices = [_line_of(file.text, item) for item in items if item not in kept]
    if added:
        at = _line_end(file.text, _content_end(items[-1]))
        pad = " " * node.start_mark.column
        splices.append((at, at, pad + block(added, node.start_mark.column, file.newline)))
    return splices


def _line_of(text: str, item: Node) -> tuple[int, int, str]:
    """Removing a block list's item: its whole line, from the line start to the line break."""
    start = text.rfind("\n", 0, int(item.start_mark.index)) + 1
    return (start, _line_end(text, _content_end(item)), "")


def _scalar_text(file: _File, node: ScalarNode, value: Any) -> str:
    style = node.style or PLAIN
    if isinstance(value, list | dict):
        return flow(value)
    if style in (LITERAL, FOLDED):
        span = file.text[node.start_mark.index : node.end_mark.index]
        trailing = span[len(span.rstrip("\r\n")) :]
        if isinstance(value, str) and value:
            indent = _block_indent(span)
            header = span.split("\n", 1)[0]
            chomp = "-" if "-" in header else "+" if "+" in header else ""
            text = literal_block(value, indent, file.newline, chomp)
            return text + trailing[len(file.newline) :]
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


def _append(file: _File, owner: Node | None, section: str, value: dict[str, Any],
            *, top: bool) -> str | None:
    nl = file.newline
    sequence = _get(owner, section) if owner is not None else None
    if isinstance(sequence, SequenceNode) and not sequence.flow_style and sequence.value:
        column = sequence.start_mark.column
        at = _line_end(file.text, _content_end(sequence))
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
    at = _line_end(file.text, _content_end(owner))
    item = " " * (column + 2) + block([value], column + 2, nl)
    file.add_to_new_list(owner, section, at, f"{' ' * column}{section}:{nl}", item)
    return None

def write_in_place(changed: dict[str, tuple[str, str]]) -> None:
    """Write each changed file atomically (a temporary file beside it, then a rename), refusing
    a file that changed on disk since it was read."""
    for name, (before, _) in changed.items():
        path = Path(name)
        current = path.read_bytes().decode("utf-8") if path.exists() else ""
        if current != before:
            raise OSError(f"{name} changed while pulling; nothing was written, run pull again")
    for name, (_, after) in changed.items():
        path = Path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = path.stat().st_mode & 0o777 if path.exists() else None
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=f".{path.name}.",
                                         delete=False) as handle:
            handle.write(after.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(handle.name, mode)
        os.replace(handle.name, path)


def unified_diff(changed: dict[str, tuple[str, str]]) -> str:
    """The edits as one unified diff (``a/`` and ``b/`` prefixes, as git prints them)."""
    parts: list[str] = []
    for name in sorted(changed):
        before, after = changed[name]
        parts.extend(difflib.unified_diff(
            before.splitlines(keepends=True), after.splitlines(keepends=True),
            f"a/{name}", f"b/{name}",
        ))
    return "".join(parts)
