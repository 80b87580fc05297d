"""check-jsonschema, the ecosystem's own checker, run once over a batch of YAML files."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path


def schema_errors(schema: Path, files: Sequence[Path]) -> dict[Path, list[str]]:
    """The JSON paths check-jsonschema rejects in each file (a file it accepts is absent)."""
    command = [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema),
               "--output-format", "json", *map(str, files)]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    report = json.loads(result.stdout)
    assert result.returncode == (0 if report["status"] == "ok" else 1), result.stderr
    assert not report.get("parse_errors"), report["parse_errors"]
    found: dict[Path, list[str]] = {}
    for error in report.get("errors", []):
        found.setdefault(Path(error["filename"]), []).append(error["path"])
    return found
