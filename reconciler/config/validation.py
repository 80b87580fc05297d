"""Validate the merged document record by record, turning pydantic's errors into diagnostics.

Each record is validated on its own, so one bad record neither hides the errors of another nor
keeps the valid ones from the cross-record checks that follow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from reconciler.config.diagnostics import Diagnostic, YamlPath
from reconciler.config.document import FORMAT_VERSION, Options
from reconciler.config.merge import RawCatalogue
from reconciler.config.sourcemap import SourceMap
from reconciler.config.suggest import did_you_mean, field_names, model_at
from reconciler.kinds import KindSpec, child_kinds, top_level_kinds

M = TypeVar("M", bound=BaseModel)

_MESSAGES = {
    "model_type": "must be a mapping",
    "model_attributes_type": "must be a mapping",
    "dict_type": "must be a mapping",
    "tuple_type": "must be a list",
    "list_type": "must be a list",
}


@dataclass(frozen=True, slots=True)
class Declared:
    """One valid record: its kind, catalogue path, model, and its parent's key when nested."""

    spec: KindSpec
    path: YamlPath
    record: BaseModel
    parent_key: str | None = None
    key: str = field(init=False)
    nkey: str = field(init=False)

    def __post_init__(self) -> None:
        own = self.spec.declared_key(self.record)
        parent = self.parent_key.strip() if self.parent_key is not None else None
        key = self.spec.full_key(own, parent)
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "nkey", self.spec.normalise_key(key))

    @property
    def key_path(self) -> YamlPath:
        return (*self.path, self.spec.key_field)


@dataclass
class Validated:
    """What passed validation: whole top-level records by section, and every valid record.

    ``declared`` also holds the valid children of a parent that failed, so that the checks
    across records still see them.
    """

    options: Options | None = None
    records: dict[str, list[BaseModel]] = field(default_factory=dict)
    declared: list[Declared] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def validate_raw(raw: RawCatalogue) -> Validated:
    result = Validated()
    smap = raw.source_map
    if raw.version_seen and (raw.version != FORMAT_VERSION or isinstance(raw.version, bool)):
        message = (
            f"gecko_apply must be {FORMAT_VERSION}, got {_shown(raw.version) or 'another value'}"
        )
        result.diagnostics.append(smap.diagnostic(("gecko_apply",), message, at_value=True))
    if raw.options is not None:
        result.options = _validate(Options, raw.options, ("options",), smap, result.diagnostics)
    for spec in top_level_kinds():
        items = raw.sections.get(spec.section, [])
        if not _validate_section(spec, items, result):
            valid = result.records.setdefault(spec.section, [])
            for index, item in enumerate(items):
                record = _validate_tree(spec, item, (spec.section, index), smap, result)
                if record is not None:
                    valid.append(record)
    return result


@cache
def _list_of(model: type[BaseModel]) -> TypeAdapter[list[BaseModel]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def _validate_section(spec: KindSpec, items: list[Any], result: Validated) -> bool:
    """Validate a whole section in one call; ``False`` (nothing recorded) when any record is
    invalid or written in a way only the record-by-record path reads, which then places every
    problem and keeps the valid records."""
    nested = [child for child in child_kinds(spec.name)]
    for item in items:
        if not isinstance(item, dict):
            return False
        if any(child.section in item and not isinstance(item[child.section], list)
               for child in nested):
            return False
    try:
        records = _list_of(spec.model).validate_python(items)
    except ValidationError:
        return False
    result.records[spec.section] = records
    for index, record in enumerate(records):
        parent = Declared(spec, (spec.section, index), record)
        result.declared.append(parent)
        for child in nested:
            for position, found in enumerate(getattr(record, child.section, ())):
                path = (spec.section, index, child.section, position)
                result.declared.append(Declared(child, path, found, parent.key))
    return True


def _validate_tree(
    spec: KindSpec, item: Any, path: YamlPath, smap: SourceMap, result: Validated
) -> BaseModel | None:
    """Validate a record and, one by one, the records nested in it; the whole when all pass."""
    nested = {child.section: child for child in child_kinds(spec.name)}
    is_mapping = isinstance(item, dict)
    own = {k: v for k, v in item.items() if k not in nested} if is_mapping else item
    record = _validate(spec.model, own, path, smap, result.diagnostics)
    parent = Declared(spec, path, record) if record is not None else None
    if parent is not None:
        result.declared.append(parent)
    parent_key = parent.key if parent else str(own.get(spec.key_field)) if is_mapping else None
    children: dict[str, list[BaseModel]] = {}
    for section, child in nested.items():
        items = item.get(section) if is_mapping else None
        if items is None:
            continue
        if not isinstance(items, list):
            shown = _shown(items)
            message = "must be a list" + (f", got {shown}" if shown else "")
            result.diagnostics.append(smap.diagnostic((*path, section), message, at_value=True))
            record = None
            continue
        children[section] = []
        for index, data in enumerate(items):
            child_path = (*path, section, index)
            found = _validate(child.model, data, child_path, smap, result.diagnostics)
            if found is not None:
                children[section].append(found)
                result.declared.append(Declared(child, child_path, found, parent_key))
    if record is None or any(len(children.get(s, [])) != len(item.get(s) or []) for s in nested):
        return None
    if not children:
        return record
    return _validate(spec.model, {**own, **children}, path, smap, result.diagnostics)


def _validate(
    model: type[M], data: Any, path: YamlPath, smap: SourceMap, out: list[Diagnostic]
) -> M | None:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        out.extend(error_diagnostic(error, model, path, smap) for error in exc.errors())
        return None


def error_diagnostic(
    error: ErrorDetails, model: type[BaseModel], base: YamlPath, smap: SourceMap
) -> Diagnostic:
    """One pydantic error as a diagnostic placed where the offending YAML was written."""
    loc = tuple(part for part in error["loc"] if part != "[key]")
    if error["type"] == "missing":
        return smap.diagnostic(base + loc[:-1], f"missing required field {loc[-1]!r}")
    if error["type"] == "extra_forbidden":
        return smap.diagnostic(base + loc, _unknown_field(model, loc))
    message = _MESSAGES.get(error["type"]) or _message(error["msg"])
    shown = _shown(error["input"]) if "input" in error else ""
    if shown:
        message += f", got {shown}"
    at_value = "[key]" not in error["loc"]
    return smap.diagnostic(base + loc, message, at_value=at_value)


def _message(text: str) -> str:
    text = text.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    text = text.replace("a valid tuple", "a list").replace("a valid dictionary", "a mapping")
    return text[:1].lower() + text[1:]


def _unknown_field(model: type[BaseModel], loc: tuple[str | int, ...]) -> str:
    name = str(loc[-1])
    owner = model_at(model, loc[:-1])
    message = f"unknown field {name!r}"
    if owner is None:
        return message
    suggestion = did_you_mean(name, field_names(owner))
    if not suggestion and len(loc) == 1:
        for spec in top_level_kinds():
            if spec.model is model:
                suggestion = _child_hint(spec.name, name)
    return message + suggestion


def _child_hint(kind: str, name: str) -> str:
    for child in child_kinds(kind):
        if name in field_names(child.model):
            return f" ({name!r} is a {child.name} field: write it under {child.section})"
    return ""


def _shown(value: Any) -> str:
    """A short rendering of a scalar input, as it was written; ``""`` for anything else."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    source = getattr(value, "yaml_source", None)
    if isinstance(source, str):
        return source
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return ""
