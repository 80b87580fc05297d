"""The JSON Schema of a configuration file, generated from the models (``gecko-apply schema``).

Editors use it through a ``# yaml-language-server: $schema=...`` line. Each file is checked
alone there, so ``gecko_apply`` is not required by the schema; ``validate`` checks the whole.
Numbers are described as the models read them: a YAML number, or the same number quoted.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from reconciler.config.document import Catalogue
from reconciler.kinds.schema_patterns import decimal_schema, integer_schema, json_number

SCHEMA_FILE = "catalogue.schema.json"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
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
    return {"$schema": DIALECT, "$id": SCHEMA_ID, **schema}


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
