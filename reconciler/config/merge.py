"""Merge the files of a configuration into one raw document, with positions.

Each file is a mapping of top-level keys: ``gecko_apply`` (required once, files that carry it
must agree), ``options`` (in one file at most), one list per top-level kind section (lists of the
same section are concatenated in file order), and ``x-`` keys, which are ignored.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from reconciler.config.diagnostics import Diagnostic, Position
from reconciler.config.reader import ParsedFile, parse_yaml
from reconciler.config.sourcemap import Entries, FilePositions, SourceMap
from reconciler.config.suggest import did_you_mean
from reconciler.config.walk import Walker, WalkStopped, key_text
from reconciler.kinds import KINDS, top_level_kinds

HEADER_KEYS = ("gecko_apply", "options")


@dataclass
class RawCatalogue:
    """The merged, still unvalidated document."""

    source_map: SourceMap
    version: Any = None
    version_seen: bool = False
    options: Any = None
    sections: dict[str, list[Any]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def section_names() -> list[str]:
    return [spec.section for spec in top_level_kinds()]


def merge_files(files: Sequence[ParsedFile]) -> RawCatalogue:
    """One raw document from the parsed files, in the order given."""
    first = Position(files[0].name, 1, 1) if files else None
    raw = RawCatalogue(SourceMap(first))
    unreadable = False
    for parsed in files:
        raw.diagnostics.extend(parsed.diagnostics)
        unreadable = unreadable or (parsed.data is None and bool(parsed.diagnostics))
        if parsed.data is None:
            continue
        if not isinstance(parsed.data, Mapping):
            kind = "a list" if isinstance(parsed.data, list) else "a single value"
            message = f"the top level must be a mapping of sections ({', '.join(HEADER_KEYS)}, "
            message += f"{', '.join(section_names())}), not {kind}"
            raw.diagnostics.append(Diagnostic(parsed.name, 1, 1, message))
            continue
        positions, entries = _open(parsed, raw.diagnostics)
        raw.source_map.add_file(positions)
        try:
            for text, value in entries:
                _merge_key(raw, positions, text, value)
        except WalkStopped as stop:
            raw.diagnostics.append(stop.diagnostic)
    if files and not raw.version_seen and not unreadable:
        message = "missing 'gecko_apply: 1' (required once per configuration)"
        raw.diagnostics.append(Diagnostic(files[0].name, 1, 1, message))
    return raw


TopEntries = Iterator[tuple[str, Any]]


def _open(parsed: ParsedFile, diagnostics: list[Diagnostic]) -> tuple[FilePositions, TopEntries]:
    """A file's positions and its top-level entries as plain data, ``x-`` keys left out."""
    if parsed.plain:
        # The lambda keeps the name and bytes only: the plain data must not outlive the load.
        name, source = parsed.name, parsed.source
        positions = FilePositions(name, lambda: read_positions(name, source))
        top: dict[str, Any] = parsed.data
        return positions, ((k, v) for k, v in top.items() if not k.startswith("x-"))
    walker = Walker(parsed.name, diagnostics, parsed.line_count)
    return FilePositions.known(parsed.name, walker.entries), _walk_top(parsed.data, walker)


def _walk_top(top: Mapping[Any, Any], walker: Walker) -> TopEntries:
    """Walk the top-level entries a configuration reads; of the others, only record where."""
    known = {*HEADER_KEYS, *section_names()}
    for key in top:
        text = key_text(key)
        if text is None or text.startswith("x-"):
            continue
        yield text, walker.entry(top, key, (text,), walk=text in known)


def read_positions(name: str, source: bytes) -> Entries:
    """Where each node of a file was written (read again, with positions)."""
    parsed = parse_yaml(name, source, positions=True)
    walker = Walker(name, [], parsed.line_count)
    if isinstance(parsed.data, Mapping):
        with contextlib.suppress(WalkStopped):
            for _ in _walk_top(parsed.data, walker):
                pass
    return walker.entries


def _merge_key(raw: RawCatalogue, positions: FilePositions, text: str, value: Any) -> None:
    if text == "gecko_apply":
        _merge_version(raw, positions, value)
    elif text == "options":
        _merge_options(raw, positions, value)
    elif text in section_names():
        _merge_section(raw, positions, text, value)
    else:
        where = positions.key_position((text,))
        raw.diagnostics.append(Diagnostic.at(where, _unknown_top_level(text), (text,)))


def _unknown_top_level(text: str) -> str:
    nested = {spec.section: spec for spec in KINDS if spec.parent is not None}
    if text in nested:
        parent = next(spec for spec in KINDS if spec.name == nested[text].parent)
        return f"{text} are declared under their {parent.name} ({parent.section}[].{text})"
    known = [*HEADER_KEYS, *section_names()]
    return f"unknown top-level key {text!r}{did_you_mean(text, known)}"


def _merge_version(raw: RawCatalogue, positions: FilePositions, value: Any) -> None:
    if not raw.version_seen:
        raw.version_seen = True
        raw.version = value
        raw.source_map.claim("gecko_apply", positions.name)
        return
    if value != raw.version or isinstance(value, bool) != isinstance(raw.version, bool):
        first = raw.source_map.value_position(("gecko_apply",))
        message = f"gecko_apply is {value!r} here but {raw.version!r} at {first}; files must agree"
        where = positions.value_position(("gecko_apply",))
        raw.diagnostics.append(Diagnostic.at(where, message, ("gecko_apply",)))


def _merge_options(raw: RawCatalogue, positions: FilePositions, value: Any) -> None:
    if raw.options is None:
        raw.options = {} if value is None else value
        raw.source_map.claim("options", positions.name)
        return
    first = raw.source_map.position(("options",))
    message = f"options are already set at {first}; options may appear in one file only"
    where = positions.key_position(("options",))
    raw.diagnostics.append(Diagnostic.at(where, message, ("options",)))


def _merge_section(raw: RawCatalogue, positions: FilePositions, section: str, value: Any) -> None:
    items = raw.sections.setdefault(section, [])
    if value is None:
        return
    if not isinstance(value, list):
        where = positions.value_position((section,))
        message = f"{section} must be a list (each item starting with '- ')"
        raw.diagnostics.append(Diagnostic.at(where, message, (section,)))
        return
    raw.source_map.add_items(section, len(items), len(value), positions.name)
    items.extend(value)
