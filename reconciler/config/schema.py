"""The JSON Schema of a configuration file, generated from the models (``gecko-apply schema``).

Editors use it through a ``# yaml-language-server: $schema=...`` line. Each file is checked
alone there, so ``gecko_apply`` is not required by the schema; ``validate`` checks the whole.
Scalars are described as the models read them (a number, or the same number quoted; a boolean,
or ``yes``), and what only the whole configuration can tell (references, duplicates) is left to
``validate``.
"""

from __future__ import annotations

import json
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from reconciler.config.checks import ignorable_fields
from reconciler.config.document import Catalogue
from reconciler.kinds import KINDS, KindSpec, kind_by_name
from reconciler.kinds.fields import Lifecycle
from reconciler.kinds.schema_patterns import (
    boolean_schema,
    decimal_schema,
    integer_schema,
    json_number,
)
from reconciler.kinds.variant import PRICE_PREFIX

SCHEMA_FILE = "catalogue.schema.json"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(?P<target>\S+)[ \t]*$", re.MULTILINE)
SCHEMA_ID = f"https://github.com/gecko-apply/gecko-apply/raw/main/schemas/{SCHEMA_FILE}"


class CatalogueJsonSchema(GenerateJsonSchema):
    """pydantic's generator, with numbers that may be quoted and constraints it cannot map
    refused rather than dropped."""

    def decimal_schema(self, schema: core_schema.DecimalSchema) -> JsonSchemaValue:
        _refuse_unmapped(schema, "lt", "multiple_of", "max_digits", "decimal_places")
        return decimal_schema(
            minimum=_decimal(schema.get("ge")),
            exclusive_minimum=_decimal(schema.get("gt")),
            maximum=_decimal(schema.get("le")),
        )

    def encode_default(self, dft: Any) -> Any:
        return json_number(dft) if isinstance(dft, Decimal) else super().encode_default(dft)

    def dict_schema(self, schema: core_schema.DictSchema) -> JsonSchemaValue:
        """Keys that may be text or a number (price list codes) are text in JSON: their text
        form's pattern applies to the names."""
        json_schema = super().dict_schema(schema)
        keys = self.generate_inner(schema["keys_schema"]) if "keys_schema" in schema else {}
        texts = [one for one in keys.get("anyOf", []) if one.get("type") == "string"]
        if texts and "pattern" in texts[0]:
            json_schema["propertyNames"] = {"pattern": texts[0]["pattern"]}
        return json_schema

    def bool_schema(self, schema: core_schema.BoolSchema) -> JsonSchemaValue:
        return boolean_schema()

    def int_schema(self, schema: core_schema.IntSchema) -> JsonSchemaValue:
        _refuse_unmapped(schema, "gt", "lt", "multiple_of")
        return integer_schema(minimum=schema.get("ge"), maximum=schema.get("le"))


def _refuse_unmapped(schema: Any, *constraints: str) -> None:
    unmapped = [name for name in constraints if schema.get(name) is not None]
    if unmapped:
        raise ValueError(f"no JSON Schema for the constraints {unmapped} of {schema}")


def _decimal(bound: Any) -> Decimal | None:
    return None if bound is None else Decimal(str(bound))


def catalogue_schema() -> dict[str, Any]:
    schema = Catalogue.model_json_schema(
        by_alias=True, mode="validation", schema_generator=CatalogueJsonSchema
    )
    _or_null(schema, schema["properties"]["options"])  # `options:` with nothing under it
    for spec in KINDS:
        _or_null(schema, _properties(schema, spec.parent)[spec.section])  # an empty section
        lifecycle = _properties(schema, spec.name).get("lifecycle")
        if lifecycle is not None:
            lifecycle["properties"] = {"ignore_fields": _ignorable(spec)}
    return {"$schema": DIALECT, "$id": SCHEMA_ID, **schema}


def _properties(schema: dict[str, Any], kind: str | None) -> dict[str, Any]:
    """The properties of a kind's record, or of the whole file for ``None``."""
    if kind is None:
        properties: dict[str, Any] = schema["properties"]
    else:
        properties = schema["$defs"][kind_by_name(kind).model.__name__]["properties"]
    return properties


def _or_null(schema: dict[str, Any], field: dict[str, Any]) -> None:
    """Also accept null, which the loader reads as empty. The type is widened in place (of the
    definition a reference names, used there only), not wrapped in an ``anyOf``: checkers then
    still report a mistake inside the list at its own path."""
    target = field if "type" in field else schema["$defs"][field["$ref"].rsplit("/", 1)[1]]
    target["type"] = [target["type"], "null"]


def _ignorable(spec: KindSpec) -> dict[str, Any]:
    """The names ``lifecycle.ignore_fields`` accepts for this kind (a single price by its code,
    on a record with prices); the ``Lifecycle`` definition applies besides."""
    names: dict[str, Any] = {"enum": ignorable_fields(spec)}
    if "prices" in names["enum"]:
        prefix = PRICE_PREFIX.replace(".", r"\.")
        names = {"anyOf": [names, {"type": "string", "pattern": f"^{prefix}\\S"}]}
    return {"description": Lifecycle.model_fields["ignore_fields"].description, "items": names}


def render_schema() -> str:
    return json.dumps(catalogue_schema(), indent=2, ensure_ascii=False) + "\n"


def write_schema(out_dir: str | Path) -> Path:
    """Write ``catalogue.schema.json`` into ``out_dir`` (created if needed); return its path."""
    target = Path(out_dir) / SCHEMA_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_schema(), encoding="utf-8")
    return target


def schema_modeline(yaml_file: Path, schema_file: Path) -> str:
    """The first line that points editors at the schema, by a path relative to the YAML file."""
    relative = Path(os.path.relpath(schema_file, yaml_file.parent)).as_posix()
    return f"# yaml-language-server: $schema={relative}\n"


def schema_named_in(yaml_file: Path, text: str) -> str | None:
    """The schema a file's modeline names: a URL as written, a path made relative to the
    working directory (``None`` without a modeline)."""
    found = MODELINE.search(text)
    if found is None:
        return None
    target = found.group("target")
    return target if "://" in target else os.path.normpath(yaml_file.parent / target)


def with_modeline(yaml_file: Path, text: str, schema: str) -> str:
    """``text`` led by a modeline naming ``schema`` (a URL, or a path as ``schema_named_in``
    gives it)."""
    if "://" in schema:
        return f"# yaml-language-server: $schema={schema}\n{text}"
    return schema_modeline(yaml_file, Path(schema)) + text
