"""The JSON Schema of a configuration file, generated from the models (``gecko-apply schema``).

Editors use it through a ``# yaml-language-server: $schema=...`` line. Each file is checked
alone there, so ``gecko_apply`` is not required by the schema; ``validate`` checks the whole.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from reconciler.config.document import Catalogue

SCHEMA_FILE = "catalogue.schema.json"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def catalogue_schema() -> dict[str, Any]:
    schema = Catalogue.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": DIALECT, **schema}


def render_schema() -> str:
    return json.dumps(catalogue_schema(), indent=2, ensure_ascii=False) + "\n"


def write_schema(out_dir: str | Path) -> Path:
    """Write ``catalogue.schema.json`` into ``out_dir`` (created if needed); return its path."""
    target = Path(out_dir) / SCHEMA_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_schema(), encoding="utf-8")
    return target
