"""Writing exported catalogue documents as YAML files."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.representer import RoundTripRepresenter

HEADER = "# Exported by gecko-apply; plan it against the same account to see no changes.\n"


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


def dump_document(document: dict[str, Any]) -> str:
    stream = StringIO()
    _yaml().dump(document, stream)
    return HEADER + stream.getvalue()


def write_documents(documents: dict[str, dict[str, Any]], out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, document in documents.items():
        path = out_dir / name
        path.write_text(dump_document(document), encoding="utf-8")
        written.append(path)
    return written
