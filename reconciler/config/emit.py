"""YAML text for values written into existing files: one scalar in the style it replaces, or a
whole value in flow or block style at a given indentation.

The text is checked by reading it back, so a string that would read as a number, a boolean or
something else is quoted; a plain string the file already relied on (``sku: 00123``, which the
configuration reads as text) stays plain.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

PLAIN = ""
DOUBLE = '"'
SINGLE = "'"
LITERAL = "|"
FOLDED = ">"


@lru_cache(maxsize=4096)
def _reads_back_as(text: str) -> tuple[type, Any]:
    try:
        loaded = YAML(typ="safe", pure=True).load(f"k: {text}\n")
    except YAMLError:
        return (type(None), object())
    if not isinstance(loaded, dict) or set(loaded) != {"k"}:
        return (type(None), object())
    value = loaded["k"]
    return (type(value), value)


def plain_reads_as_text(text: str) -> bool:
    kind, value = _reads_back_as(text)
    return kind is str and value == text


def number_text(value: int | Decimal) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = format(value, "f") if isinstance(value, Decimal) else str(value)
    return "0" if text in ("-0", "") else text


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def double_quoted(text: str) -> str:
    """YAML's double-quoted form; every character YAML may not hold raw is escaped."""
    return '"' + "".join(_escaped(char) for char in text) + '"'


def _escaped(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    if char.isprintable():
        return char
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def single_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _safe_for_single(text: str) -> bool:
    return text.isprintable() and text == text.strip()


def scalar(value: Any, style: str = PLAIN, *, plain_was_number_like: bool = False) -> str:
    """One scalar's text in ``style`` where the value allows it, else the nearest safe style."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        text = number_text(value)
        return text if style not in (DOUBLE, SINGLE) else style + text + style
    text = str(value)
    if style == SINGLE and _safe_for_single(text):
        return single_quoted(text)
    if style in (PLAIN, LITERAL, FOLDED) and text.isprintable() and text:
        if plain_reads_as_text(text):
            return text
        if plain_was_number_like and _number_like(text):
            return text
    if style == SINGLE and _safe_for_single(text):
        return single_quoted(text)
    return double_quoted(text)


def _number_like(text: str) -> bool:
    kind, _ = _reads_back_as(text)
    return kind in (int, float)


def literal_block(text: str, indent: str, newline: str, chomp: str | None = None) -> str:
    """A ``|`` block scalar, its lines at ``indent``; ``chomp`` (``""``, ``-`` or ``+``) is the
    indicator to keep, by default the one the text's final line break calls for."""
    if chomp is None:
        chomp = "" if text.endswith("\n") else "-"
    lines = text.removesuffix("\n").split("\n")
    body = newline.join(indent + line if line else "" for line in lines)
    return f"|{chomp}{newline}{body}{newline}"


def flow(value: Any) -> str:
    """A value in flow style on one line: ``[a, b]``, ``{label: GST, rate: 9}``."""
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_flow_scalar(str(k))}: {flow(v)}" for k, v in value.items())
        return "{" + inner + "}"
    if isinstance(value, Sequence) and not isinstance(value, str):
        return "[" + ", ".join(flow(item) for item in value) + "]"
    return _flow_scalar(value)


def _flow_scalar(value: Any) -> str:
    """Flow context reads plain text more strictly (``,``, brackets, ``?``): quote when needed."""
    text = scalar(value)
    if not isinstance(value, str) or text.startswith(('"', "'")):
        return text
    return text if _reads_back_in_flow(text) == value else double_quoted(value)


@lru_cache(maxsize=4096)
def _reads_back_in_flow(text: str) -> Any:
    try:
        loaded = YAML(typ="safe", pure=True).load(f"k: [{text}, {{{text}: 1}}]\n")
        item, mapping = loaded["k"]
    except (YAMLError, KeyError, TypeError, ValueError):
        return object()
    return item if isinstance(mapping, dict) and list(mapping) == [item] else object()


def block(value: Any, column: int, newline: str = "\n") -> str:
    """A collection in block style whose first line starts at ``column`` (the caller writes the
    text before it) and whose other lines are indented to match: a mapping's entries at the same
    column, a sequence under a key two further (the layout ``export`` writes)."""
    lines = _lines(value, column)
    return newline.join([lines[0][column:], *lines[1:]]) + newline


def _lines(value: Any, column: int) -> list[str]:
    """Every line of ``value`` in block style, at ``column`` spaces."""
    pad = " " * column
    if isinstance(value, Mapping):
        lines: list[str] = []
        for key, item in value.items():
            if _is_collection(item) and item:
                lines.append(f"{pad}{_block_key(key)}:")
                lines.extend(_lines(item, column + 2))
            else:
                lines.append(f"{pad}{_block_key(key)}: {_inline(item)}")
        return lines
    if _is_collection(value):
        lines = []
        for item in value:
            if _is_collection(item) and item:
                first, *rest = _lines(item, column + 2)
                lines.append(f"{pad}- {first[column + 2:]}")
                lines.extend(rest)
            else:
                lines.append(f"{pad}- {_inline(item)}")
        return lines
    return [pad + scalar(value)]


def _block_key(key: Any) -> str:
    text = scalar(str(key))
    return text if ":" not in text or text.startswith('"') else double_quoted(str(key))


def _inline(value: Any) -> str:
    return flow(value) if _is_collection(value) else scalar(value)


def _is_collection(value: Any) -> bool:
    return isinstance(value, Mapping) or (
        isinstance(value, Sequence) and not isinstance(value, str)
    )
