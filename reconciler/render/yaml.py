"""Writing exported catalogue documents as YAML files.

The layout is ruamel's round-trip writer's (mappings indented 2, sequences 4 with the dash at 2,
its quoting), so an export diffs cleanly against one written before. Export documents have few
shapes (mappings and lists of mappings down to strings, numbers and booleans), so they are written
line by line here, with ruamel's own scalar analysis deciding how a string is quoted; anything
else (an empty string, a nested list, a value that would need escapes or span lines...) sends the
whole document through the round-trip writer, so the output is the same byte for byte either way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from functools import lru_cache
from io import StringIO
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.emitter import Emitter
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.resolver import BaseResolver

from reconciler.config.schema import schema_modeline, write_schema

HEADER = "# Exported by gecko-apply; plan it against the same account to see no changes.\n"

_STR = "tag:yaml.org,2002:str"
_SURELY_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 _./()+-]{0,200}")
_WORDS = frozenset({"true", "false", "null"})  # what a letter-led word may resolve to
_LONGEST = 1000  # longer strings may be folded at the line width: left to ruamel
_LONGEST_KEY = 128


class _Unusual(Exception):
    """A value outside the shapes written here."""


def _represent_decimal(representer: RoundTripRepresenter, value: Decimal) -> Any:
    """Decimals as plain YAML numbers with their exact digits (never through float)."""
    text = format(value, "f")
    if "." not in text:
        return representer.represent_scalar("tag:yaml.org,2002:int", text)
    return representer.represent_scalar("tag:yaml.org,2002:float", text)


def _yaml() -> YAML:
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.add_representer(Decimal, _represent_decimal)
    return yaml


def dump_round_trip(document: dict[str, Any]) -> str:
    """The document through ruamel's round-trip writer (the reference for the layout)."""
    stream = StringIO()
    _yaml().dump(document, stream)
    return HEADER + stream.getvalue()


def dump_document(document: dict[str, Any]) -> str:
    try:
        return HEADER + "".join(_mapping(document, 0, ""))
    except _Unusual:
        return dump_round_trip(document)


def write_documents(documents: dict[str, dict[str, Any]], out_dir: Path) -> list[Path]:
    """The documents as YAML files under ``out_dir``, and the schema they name in their first
    line beside them, so that an editor checks an export against the version that wrote it."""
    schema = write_schema(out_dir)
    written: list[Path] = []
    for name, document in documents.items():
        path = out_dir / name
        path.write_text(schema_modeline(path, schema) + dump_document(document), encoding="utf-8")
        written.append(path)
    return [*written, schema]


def _mapping(data: Mapping[Any, Any], indent: int, first: str) -> Iterator[str]:
    """Lines of a block mapping at ``indent``; ``first`` replaces the first line's indent (the
    ``- `` of a mapping inside a sequence)."""
    if not data:
        raise _Unusual
    pad = " " * indent
    for number, (key, value) in enumerate(data.items()):
        lead = (first if number == 0 and first else pad) + _key(key)
        if isinstance(value, Mapping):
            yield lead + ":\n"
            yield from _mapping(value, indent + 2, "")
        elif isinstance(value, list):
            yield lead + ":\n"
            yield from _sequence(value, indent + 2)
        else:
            yield f"{lead}: {_scalar(value)}\n"


def _sequence(items: Sequence[Any], indent: int) -> Iterator[str]:
    if not items:
        raise _Unusual
    dash = " " * indent + "- "
    for item in items:
        if isinstance(item, Mapping):
            yield from _mapping(item, indent + 2, dash)
        elif isinstance(item, list):
            raise _Unusual
        else:
            yield f"{dash}{_scalar(item)}\n"


def _key(key: object) -> str:
    if isinstance(key, str) and len(key) < _LONGEST_KEY:  # longer keys are written as "? key"
        return _string(key)
    raise _Unusual


def _scalar(value: object) -> str:
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal) and value.is_finite():
        return format(value, "f")
    raise _Unusual


@lru_cache(maxsize=4096)
def _string(text: str) -> str:
    if _SURELY_PLAIN.fullmatch(text) and text.lower() not in _WORDS and not text.endswith(" "):
        return text
    return _quoted(text)


def _quoted(text: str) -> str:
    """The style ruamel's emitter chooses for a string in block context, a key or a value (the
    same for the single-line, non-empty strings handled here): plain when it reads back as the
    same string, else single quotes; the rest is left to ruamel."""
    if not text or len(text) > _LONGEST:
        raise _Unusual
    analysis = _EMITTER.analyze_scalar(text)
    if analysis.multiline:
        raise _Unusual
    if _RESOLVER.resolve(ScalarNode, text, (True, False)) == _STR and analysis.allow_block_plain:
        return text
    if "'" in text or not analysis.allow_single_quoted:
        raise _Unusual  # double quotes, with escapes
    return f"'{text}'"


_REFERENCE = _yaml()
_EMITTER: Emitter = _REFERENCE.emitter  # its settings are the round-trip writer's
_RESOLVER: BaseResolver = _REFERENCE.resolver
