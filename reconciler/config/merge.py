"""Merge the files of a configuration into one raw document, with positions.

Each file is a mapping of top-level keys: ``gecko_apply`` (required once, files that carry it
must agree), ``options`` (in one file at most), one list per top-level kind section (lists of the
same section are concatenated in file order), and ``x-`` keys, which are ignored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from reconciler.config.diagnostics import Diagnostic, Position
from reconciler.config.reader import ParsedFile
from reconciler.config.sourcemap import SourceMap
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
        walker = Walker(parsed.name, raw.source_map, raw.diagnostics, parsed.line_count)
        try:
            _merge_file(raw, parsed, walker)
        except WalkStopped as stop:
            raw.diagnostics.append(stop.diagnostic)
    if files and not raw.version_seen and not unreadable:
        message = "missing 'gecko_apply: 1' (required once per configuration)"
        raw.diagnostics.append(Diagnostic(files[0].name, 1, 1, message))
    return raw


def _merge_file(raw: RawCatalogue, parsed: ParsedFile, walker: Walker) -> None:
    top = parsed.data
    if not isinstance(top, Mapping):
        kind = "a list" if isinstance(top, list) else "a single value"
        message = f"the top level must be a mapping of sections ({', '.join(HEADER_KEYS)}, "
        message += f"{', '.join(section_names())}), not {kind}"
        raw.diagnostics.append(Diagnostic(parsed.name, 1, 1, message))
        return
    for key in top:
        text = key_text(key)
        if text is None or text.startswith("x-"):
            continue
        _merge_key(raw, walker, top, key, text)


def _merge_key(
    raw: RawCatalogue, walker: Walker, top: Mapping[Any, Any], key: Any, text: str
) -> None:
    if text == "gecko_apply":
        _merge_version(raw, walker, top, key)
    elif text == "options":
        _merge_options(raw, walker, top, key)
    elif text in section_names():
        _merge_section(raw, walker, top, key, text)
    else:
        where, _ = walker.positions(top, key)
        raw.diagnostics.append(Diagnostic.at(where, _unknown_top_level(text), (text,)))


def _unknown_top_level(text: str) -> str:
    nested = {spec.section: spec for spec in KINDS if spec.parent is not None}
    if text in nested:
        parent = next(spec for spec in KINDS if spec.name == nested[text].parent)
        return f"{text} are declared under their {parent.name} ({parent.section}[].{text})"
    known = [*HEADER_KEYS, *section_names()]
    return f"unknown top-level key {text!r}{did_you_mean(text, known)}"


def _merge_version(raw: RawCatalogue, walker: Walker, top: Mapping[Any, Any], key: Any) -> None:
    if not raw.version_seen:
        raw.version_seen = True
        raw.version = walker.entry(top, key, ("gecko_apply",), ("gecko_apply",))
        return
    value = top[key]
    if value != raw.version or isinstance(value, bool) != isinstance(raw.version, bool):
        first = raw.source_map.value_position(("gecko_apply",))
        message = f"gecko_apply is {value!r} here but {raw.version!r} at {first}; files must agree"
        _, where = walker.positions(top, key)
        raw.diagnostics.append(Diagnostic.at(where, message, ("gecko_apply",)))


def _merge_options(raw: RawCatalogue, walker: Walker, top: Mapping[Any, Any], key: Any) -> None:
    if raw.options is None:
        raw.options = walker.entry(top, key, ("options",), ("options",))
        if raw.options is None:
            raw.options = {}
        return
    first = raw.source_map.position(("options",))
    message = f"options are already set at {first}; options may appear in one file only"
    where, _ = walker.positions(top, key)
    raw.diagnostics.append(Diagnostic.at(where, message, ("options",)))


def _merge_section(
    raw: RawCatalogue, walker: Walker, top: Mapping[Any, Any], key: Any, section: str
) -> None:
    items = raw.sections.setdefault(section, [])
    value = top[key]
    if value is None:
        return
    if not isinstance(value, list):
        _, where = walker.positions(top, key)
        message = f"{section} must be a list (each item starting with '- ')"
        raw.diagnostics.append(Diagnostic.at(where, message, (section,)))
        return
    offset = len(items)
    for index in range(len(value)):
        items.append(walker.item(value, index, (section, offset + index), (section, index)))
