"""Read one YAML file with ruamel.yaml's round-trip loader, turning every failure into diagnostics.

The loader is ruamel's own, with three changes: numbers remember the text they were written with
(so ``0.1`` becomes ``Decimal("0.1")`` and ``sku: 00123`` stays ``"00123"``), timestamps stay
text (no field is a date), and duplicate keys are collected instead of stopping at the first.
For speed, comments are skipped (the plain scanner) and merge-key referents are kept by identity;
and a file holding only what catalogues use is built from ruamel's C parser by ``fastread``,
into the same structures, the round-trip loader reading every other file (and every error).

Before all that, most files are read without positions into plain data: line by line by
``lineread`` where every line says all it means, else by ``plainread`` (libyaml's parser, through
PyYAML); such a file is read again with positions only when one is needed.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.scanner import Scanner

from reconciler.config.diagnostics import Diagnostic
from reconciler.config.fastread import fast_load
from reconciler.config.limits import ExpansionTooLarge, MergeBudget, merge_limit
from reconciler.config.lineread import line_load
from reconciler.config.numbers import SourceDecimal, SourceInt, yaml_decimal
from reconciler.config.plainread import Unsupported, plain_load
from reconciler.config.walk import MAX_DEPTH, max_nodes

_FLOW_TOKENS = re.compile(r"""[\[\]{}'"#]""")
_TOKEN_START = " \t\n\r[{,"
MAX_FLOW_DEPTH = 100


class _Map(CommentedMap):
    """ruamel's round-trip mapping, remembering the mappings that merge it by identity.

    An anchored mapping keeps the list of mappings merging it (``<<: *defaults``), and ruamel
    checks membership with ``==``, comparing whole mappings with every earlier one: quadratic in
    the merges of one anchor (a file of 500 variants merging one anchor spends seconds there).
    The list is what the mapping's own writes update, so identity is what it means.
    """

    def add_referent(self, cm: Any) -> None:
        seen: set[int] = self.__dict__.setdefault("_referent_ids", set())
        if id(cm) not in seen:
            seen.add(id(cm))
            self._ref.append(cm)


class _Constructor(RoundTripConstructor):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.duplicates: list[tuple[Any, Any, Any]] = []
        self.merge_budget = MergeBudget(merge_limit(0))

    def flatten_mapping(self, node: Any) -> Any:
        merged = super().flatten_mapping(node)
        self.merge_budget.spend(merged, node.start_mark)
        return merged

    def check_mapping_key(
        self, node: Any, key_node: Any, mapping: Any, key: Any, value: Any
    ) -> bool:
        if key in mapping:
            self.duplicates.append((key, key_node.start_mark, mapping))
            return False
        return True

    def check_set_key(self, node: Any, key_node: Any, setting: Any, key: Any) -> None:
        if key in setting:
            self.duplicates.append((key, key_node.start_mark, None))

    def construct_source_int(self, node: Any) -> SourceInt:
        try:
            value = int(super().construct_yaml_int(node))
        except (ValueError, IndexError):
            problem = f"invalid integer {node.value!r}"
            raise ConstructorError(None, None, problem, node.start_mark) from None
        return SourceInt(value, str(node.value))

    def construct_source_float(self, node: Any) -> Decimal:
        try:
            return yaml_decimal(str(node.value))
        except InvalidOperation:
            pass
        try:
            value = float(super().construct_yaml_float(node))
        except (ValueError, IndexError):
            problem = f"invalid number {node.value!r}"
            raise ConstructorError(None, None, problem, node.start_mark) from None
        return SourceDecimal(repr(value), str(node.value))

    def construct_source_text(self, node: Any) -> str:
        return str(node.value)

    def construct_identity_map(self, node: Any) -> Iterator[CommentedMap]:
        data = _Map()
        data._yaml_set_line_col(node.start_mark.line, node.start_mark.column)
        yield data
        self.construct_mapping(node, data, deep=True)
        self.set_collection_style(data, node)


_Constructor.add_constructor("tag:yaml.org,2002:int", _Constructor.construct_source_int)
_Constructor.add_constructor("tag:yaml.org,2002:float", _Constructor.construct_source_float)
_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_source_text)
# ``=`` alone resolves to YAML 1.1's value tag; every reader takes it as the text it is
_Constructor.add_constructor("tag:yaml.org,2002:value", _Constructor.construct_source_text)
_Constructor.add_constructor("tag:yaml.org,2002:map", _Constructor.construct_identity_map)


@dataclass
class ParsedFile:
    """One file's document (``None`` when empty or unreadable) and the problems found reading it.

    ``plain`` documents were read without positions (``lineread``, ``plainread``) and are plain
    data; the others are ruamel's structures, which know where each node was written.
    """

    name: str
    data: Any
    line_count: int
    diagnostics: list[Diagnostic] = field(default_factory=list)
    plain: bool = False
    source: bytes = b""
    """The file's bytes, kept for a plain document (to read its positions when needed)."""


def parse_yaml(name: str, raw: bytes, *, positions: bool = False) -> ParsedFile:
    """Parse one file's bytes, without positions where the file allows (unless ``positions``);
    never raises, whatever the bytes."""
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line, col = _byte_position(raw, exc.start)
        problem = f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        return ParsedFile(name, None, raw.count(b"\n") + 1, [Diagnostic(name, line, col, problem)])
    parsed = ParsedFile(name, None, max(1, len(text.splitlines())))
    if not positions and _read_plain(parsed, text):
        parsed.source = raw
        return parsed
    # The plain read refuses nesting long before this depth; ruamel's scanner, below, would
    # take quadratic time on it.
    too_deep = flow_too_deep(text)
    if too_deep is not None:
        line, col = _offset_position(text, too_deep)
        message = f"flow collections ([...], {{...}}) nested deeper than {MAX_FLOW_DEPTH} levels"
        parsed.diagnostics.append(Diagnostic(name, line, col, message))
        return parsed
    yaml = round_trip_yaml()
    yaml.constructor.merge_budget = MergeBudget(merge_limit(parsed.line_count))
    try:
        if not _read_fast(parsed, text, yaml):
            read_round_trip(parsed, text, yaml)
    except ExpansionTooLarge as exc:
        parsed.data = None
        parsed.diagnostics.append(Diagnostic(name, exc.line, exc.col, str(exc)))
    return parsed


def round_trip_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    # Comments are never read back, and gathering them is a sixth of the round-trip parse.
    yaml.Scanner = Scanner
    return yaml


def read_round_trip(parsed: ParsedFile, text: str, yaml: YAML) -> None:
    """Read ``text`` with the round-trip loader, every failure becoming a diagnostic."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed.data = yaml.load(text)
    except RecursionError:
        parsed.diagnostics.append(Diagnostic(parsed.name, 1, 1, "nested too deeply to read"))
    except ExpansionTooLarge:
        raise
    except YAMLError as exc:
        parsed.diagnostics.append(_yaml_error(parsed.name, text, exc))
    except Exception as exc:  # a third-party parser fed arbitrary bytes: report, never crash
        parsed.diagnostics.append(Diagnostic(parsed.name, 1, 1, f"cannot read YAML: {exc}"))
    else:
        parsed.diagnostics.extend(_duplicates(parsed.name, yaml.constructor.duplicates))


def _read_plain(parsed: ParsedFile, text: str) -> bool:
    try:
        limits = (max_nodes(parsed.line_count), MAX_DEPTH, merge_limit(parsed.line_count))
        try:
            parsed.data = line_load(text, limits)
        except Unsupported:
            parsed.data = plain_load(text, limits)
    except Unsupported:
        return False
    parsed.plain = True
    return True


def _read_fast(parsed: ParsedFile, text: str, yaml: YAML) -> bool:
    """Read ``text`` through the C parser when it holds nothing but what a catalogue uses; on
    anything else (including any error) leave it to the round-trip loader, which reports it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed.data, duplicates = fast_load(text, _Map, yaml.constructor)
    except ExpansionTooLarge:
        raise
    except Exception:  # Unsupported, or any error: the round-trip loader reads and reports it
        parsed.data = None
        return False
    parsed.diagnostics.extend(_duplicates(parsed.name, duplicates))
    return True


def flow_too_deep(text: str) -> int | None:
    """The offset where ``[``/``{`` nesting passes ``MAX_FLOW_DEPTH``, or ``None``.

    ruamel's scanner takes quadratic time on deeply nested flow collections, so such documents
    are refused before parsing. Quoted scalars and comments are skipped, approximately.
    """
    if text.count("[") + text.count("{") <= MAX_FLOW_DEPTH:
        return None
    depth, quote, skip_to = 0, "", -1
    for match in _FLOW_TOKENS.finditer(text):
        at, char = match.start(), match.group()
        before = text[at - 1] if at else "\n"
        if at < skip_to:
            continue
        if quote:
            if char == quote and not (quote == '"' and _escaped(text, at)):
                quote = ""
        elif char == "#" and before in _TOKEN_START:
            end = text.find("\n", at)
            skip_to = len(text) if end < 0 else end
        elif char in "'\"" and (before in _TOKEN_START or before == ":"):
            quote = char
        elif char in "[{":
            depth += 1
            if depth > MAX_FLOW_DEPTH:
                return at
        elif char in "]}":
            depth = max(0, depth - 1)
    return None


def _escaped(text: str, at: int) -> bool:
    slashes = 0
    while at - slashes > 0 and text[at - slashes - 1] == "\\":
        slashes += 1
    return slashes % 2 == 1


def _offset_position(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    return raw.count(b"\n", 0, offset) + 1, offset - line_start + 1


def _text_position(text: str, line: int, col: int) -> tuple[int, int]:
    """A 0-based mark as a 1-based position that lies inside the text."""
    lines = text.splitlines()
    if line < len(lines):
        return line + 1, min(col, len(lines[line])) + 1
    if not lines:
        return 1, 1
    return len(lines), len(lines[-1]) + 1


def _yaml_error(name: str, text: str, exc: YAMLError) -> Diagnostic:
    if isinstance(exc, ReaderError):
        offset = int(exc.position)
        before = text[:offset]
        line = before.count("\n")
        col = offset - (before.rfind("\n") + 1)
        char = exc.character if isinstance(exc.character, int) else 0
        message = f"character U+{char:04X} is not allowed in YAML"
        return Diagnostic(name, *_text_position(text, line, col), message)
    if isinstance(exc, MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        parts = [str(part) for part in (exc.context, exc.problem) if part]
        message = "invalid YAML: " + re.sub(r"\s+", " ", ": ".join(parts)).strip()
        if mark is not None:
            return Diagnostic(name, *_text_position(text, mark.line, mark.column), message)
        return Diagnostic(name, 1, 1, message)
    return Diagnostic(name, 1, 1, f"invalid YAML: {exc}")


def _duplicates(name: str, duplicates: list[tuple[Any, Any, Any]]) -> list[Diagnostic]:
    found = []
    for key, mark, mapping in duplicates:
        first = getattr(getattr(mapping, "lc", None), "data", {}).get(key)
        where = f" (first at line {first[0] + 1}, column {first[1] + 1})" if first else ""
        message = f"duplicate key {str(key)!r}{where}"
        found.append(Diagnostic(name, mark.line + 1, mark.column + 1, message))
    return found
