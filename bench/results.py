"""A benchmark's figures: each with its value, target and verdict, and the table they print."""

from __future__ import annotations

import json
import os
import platform
import resource
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.catalogue import Shape


@dataclass
class Row:
    figure: str
    value: Any
    target: str = ""
    ok: bool | None = None
    unit: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"figure": self.figure, "value": self.value, "unit": self.unit,
                "target": self.target, "ok": self.ok}


@dataclass
class Results:
    shape: Shape
    rows: list[Row] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    def add(self, figure: str, value: Any, target: str = "", ok: bool | None = None,
            unit: str = "") -> None:
        self.rows.append(Row(figure, value, target, ok, unit))

    def value(self, figure: str) -> Any:
        return next(row.value for row in self.rows if row.figure == figure)

    @property
    def ok(self) -> bool:
        return all(row.ok is not False for row in self.rows)


def render_table(results: Results) -> str:
    rows = [("figure", "value", "target", "ok")]
    for row in results.rows:
        ok = "" if row.ok is None else ("ok" if row.ok else "MISSED")
        value = f"{row.value} {row.unit}".strip()
        rows.append((row.figure, value, row.target, ok))
    widths = [max(len(str(r[i])) for r in rows) for i in range(4)]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
             for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def max_rss_mb() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(usage / 1024 / (1024 if sys.platform == "darwin" else 1), 1)


def write_results(
    results: Results, command: str, path: Path, rate_limits: Mapping[str, str]
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "command": command,
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        "shape": {"products": results.shape.products, "variants": results.shape.variants,
                  "total_variants": results.shape.total_variants},
        "rate_limits": dict(rate_limits),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "platform": platform.platform()},
        "ok": results.ok,
        "figures": [row.as_dict() for row in results.rows],
        "details": results.details,
    }
    path.write_text(json.dumps(document, indent=2, default=str) + "\n", encoding="utf-8")
    return path
