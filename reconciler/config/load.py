"""``load_catalogue``: files → positions → records → cross-record checks → ``LoadedCatalogue``."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from reconciler.collector import collector_paused
from reconciler.config.checks import check_records
from reconciler.config.diagnostics import ConfigError, Position, YamlPath
from reconciler.config.document import Catalogue, CatalogueHeader
from reconciler.config.files import config_hash, find_files, read_files
from reconciler.config.merge import merge_files
from reconciler.config.reader import parse_yaml
from reconciler.config.references import Reference, unresolved_references
from reconciler.config.sourcemap import SourceMap
from reconciler.config.validation import Validated, error_diagnostic, validate_raw
from reconciler.kinds import kind_by_name


@dataclass(frozen=True)
class LoadedCatalogue:
    """A valid configuration, with where everything in it was written."""

    catalogue: CatalogueHeader
    source_map: SourceMap
    unresolved: tuple[Reference, ...]
    """References the configuration does not resolve; the engine checks them in the account."""
    files: tuple[str, ...]
    config_hash: str
    """sha256 of the files' bytes in sorted path order (see ``files.config_hash``)."""
    record_paths: Mapping[tuple[str, str], YamlPath] = field(default_factory=dict)
    """``(kind, normalised key)`` → the record's catalogue path."""

    def path_of(self, kind: str, key: str) -> YamlPath | None:
        """The catalogue path of the declared record ``kind[key]``, if declared."""
        return self.record_paths.get((kind, kind_by_name(kind).normalise_key(key)))

    def position_of(self, kind: str, key: str) -> Position | None:
        """Where the declared record ``kind[key]`` was written, if declared."""
        path = self.path_of(kind, key)
        return None if path is None else self.source_map.position(path)


def load_catalogue(path: str | os.PathLike[str], *, positions: bool = False) -> LoadedCatalogue:
    """Load and check a configuration (a file or a directory); raise ``ConfigError`` with every
    problem found. Offline: no request is made.

    Files are read without positions where they allow, and read again for them when one is
    needed; ``positions`` reads every file with positions from the start (the same result,
    more slowly)."""
    with collector_paused():
        return _load(Path(path), positions)


def _load(path: Path, positions: bool) -> LoadedCatalogue:
    paths, problems = find_files(path)
    files, unreadable = read_files(paths)
    problems += unreadable
    raw = merge_files([parse_yaml(file.name, file.data, positions=positions) for file in files])
    validated = validate_raw(raw)
    declared = validated.declared
    problems += raw.diagnostics + validated.diagnostics
    problems += check_records(declared, raw.source_map)
    if problems:
        raise ConfigError(problems)
    return LoadedCatalogue(
        catalogue=_catalogue(validated, raw.sections, raw.source_map),
        source_map=raw.source_map,
        unresolved=tuple(unresolved_references(declared, raw.source_map)),
        files=tuple(file.name for file in files),
        config_hash=config_hash(files),
        record_paths={(item.spec.name, item.nkey): item.path for item in declared},
    )


def _catalogue(
    validated: Validated, sections: Mapping[str, object], smap: SourceMap
) -> CatalogueHeader:
    """The whole catalogue from records already validated (they are not validated again)."""
    data: dict[str, object] = {"gecko_apply": 1}
    if validated.options is not None:
        data["options"] = validated.options
    for section, records in validated.records.items():
        if section in sections:
            data[section] = tuple(records)
    try:
        return Catalogue.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(error_diagnostic(e, Catalogue, (), smap) for e in exc.errors()) from None
