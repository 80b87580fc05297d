"""The configuration: YAML files → a checked ``Catalogue`` with positions, or every problem at once.

Data flow::

    files.find_files / read_files   the file, or a directory's *.yaml / *.yml, sorted
    reader.parse_yaml               plain data, line by line (lineread) or from libyaml's parser
                                    (plainread); a file that may hold a problem is read with
                                    positions (fastread, round trip)
    merge.merge_files               one raw document + SourceMap (catalogue path → file:line:col;
                                    a plain file's positions are read again when first asked for)
    validation.validate_raw         pydantic, a section in one call (record by record when any
                                    record fails, to place every problem) → records + diagnostics
    checks.check_records            duplicate keys, renames, ignore_fields
    references                      references left for the engine to resolve in the account

``load_catalogue(path)`` runs them all and returns a ``LoadedCatalogue`` or raises
``ConfigError`` carrying every ``Diagnostic``.
"""

from __future__ import annotations

from reconciler.config.diagnostics import (
    ConfigError,
    Diagnostic,
    Position,
    YamlPath,
    format_path,
    summary,
)
from reconciler.config.document import Catalogue, Options, Thresholds
from reconciler.config.load import LoadedCatalogue, load_catalogue
from reconciler.config.references import Reference
from reconciler.config.sourcemap import SourceMap

__all__ = [
    "Catalogue",
    "ConfigError",
    "Diagnostic",
    "LoadedCatalogue",
    "Options",
    "Position",
    "Reference",
    "SourceMap",
    "Thresholds",
    "YamlPath",
    "format_path",
    "load_catalogue",
    "summary",
]
