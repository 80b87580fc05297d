"""Plan CPU and memory at several sizes, each against the naive floor measured in the same run.

    python bench/run.py --scale 10k,25k,50k      # V variants per product (--variants, default 5)

Each size is a run of the ``requests`` and ``cpu`` figures of ``bench/run.py`` on its own
sandbox and generated catalogue (P = N / V products). The table gives, per size: load, plan
and their total (CPU beyond the fetch, process time, median of ``--repeat`` runs), peak memory
beyond the fetch, the naive floor (``bench/cpu.py``: PyYAML's C loader + a plain dict compare
of the same files and the same fetched records, with the collector on as a script runs it, and
off), the ratio, and the plan's requests against their lower bound. The checks below it are
the targets: at 10,000 variants CPU <= 1.0 s, under the floor, peak <= 150 MB; at 50,000 CPU
< 4 s, peak < 400 MB; CPU per variant at the largest size within 25% of the smallest's (linear).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from bench.catalogue import Shape
from bench.results import Results
from bench.run import Options, run

TARGETS = {10_000: (1.0, 150.0, True), 50_000: (4.0, 400.0, False)}
"""variants → (CPU seconds, peak MB, whether below the floor is required)"""
LINEAR_TOLERANCE = 1.25
COLUMNS = ("variants", "load s", "plan s", "CPU beyond fetch s", "per 10k s", "peak MB",
           "floor s", "floor, collector off s", "floor peak MB", "CPU / floor",
           "requests / bound")


def parse_scales(text: str) -> tuple[int, ...]:
    """``10k,25k,50000`` → ``(10000, 25000, 50000)``."""
    scales = []
    for written in text.split(","):
        part = written.strip().lower()
        if part:
            scales.append(int(float(part[:-1]) * 1000) if part.endswith("k") else int(part))
    if not scales or min(scales) <= 0:
        raise ValueError(f"expected sizes such as 10k,25k,50k, got {text!r}")
    return tuple(scales)


def run_scales(
    scales: Sequence[int], per_product: int, repeat: int, workdir: Path | None
) -> Iterator[tuple[int, Results]]:
    for total in scales:
        shape = Shape(max(1, total // per_product), per_product)
        options = Options(shape=shape, figures=("requests", "cpu"), limit_small=None,
                          limit_large=None, repeat=repeat)
        where = workdir / f"{total}-variants" if workdir is not None else None
        yield shape.total_variants, run(options, where)


def row(total: int, results: Results) -> dict[str, Any]:
    cpu = results.details["plan_cpu"]
    ours, floor = cpu["ours"], cpu["naive_floor"]
    return {
        "variants": total,
        "load_s": ours["load_s"],
        "plan_s": ours["plan_s"],
        "total_s": ours["total_s"],
        "per_10k_s": ours["total_s"] * 10_000 / total,
        "peak_mb": ours["peak_mb"],
        "floor_s": floor["total_s"],
        "floor_collector_off_s": cpu["naive_floor_collector_off"]["total_s"],
        "floor_peak_mb": floor["peak_mb"],
        "ratio": ours["total_s"] / floor["total_s"],
        "requests_ratio": results.value("plan: requests / lower bound"),
    }


def render(rows: Sequence[dict[str, Any]]) -> str:
    lines = [list(COLUMNS)]
    for found in rows:
        lines.append([
            f"{found['variants']:,}", f"{found['load_s']:.2f}", f"{found['plan_s']:.2f}",
            f"{found['total_s']:.2f}", f"{found['per_10k_s']:.2f}", f"{found['peak_mb']:.0f}",
            f"{found['floor_s']:.2f}", f"{found['floor_collector_off_s']:.2f}",
            f"{found['floor_peak_mb']:.0f}", f"{found['ratio']:.2f}", found["requests_ratio"],
        ])
    widths = [max(len(line[i]) for line in lines) for i in range(len(COLUMNS))]
    text = ["  ".join(c.rjust(w) for c, w in zip(line, widths, strict=True)) for line in lines]
    text.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(text)


def checks(rows: Sequence[dict[str, Any]]) -> list[tuple[str, bool]]:
    found: list[tuple[str, bool]] = []
    for item in rows:
        target = TARGETS.get(item["variants"])
        if target is None:
            continue
        seconds, megabytes, below_floor = target
        size = f"{item['variants']:,} variants"
        found.append((f"{size}: CPU {item['total_s']:.2f} s <= {seconds} s",
                       item["total_s"] <= seconds))
        found.append((f"{size}: peak {item['peak_mb']:.0f} MB <= {megabytes:g} MB",
                       item["peak_mb"] <= megabytes))
        if below_floor:
            found.append((f"{size}: CPU / naive floor {item['ratio']:.2f} < 1.00",
                          item["ratio"] < 1))
    if len(rows) > 1:
        first, last = rows[0]["per_10k_s"], rows[-1]["per_10k_s"]
        found.append((f"linear: CPU per 10k variants {last:.2f} s at the largest size, "
                      f"{first:.2f} s at the smallest (within x{LINEAR_TOLERANCE})",
                      last <= first * LINEAR_TOLERANCE))
    found.extend((f"{item['variants']:,} variants: requests / lower bound "
                  f"{item['requests_ratio']}", item["requests_ratio"] == "1.00") for item in rows)
    return found


def main(scales: Sequence[int], per_product: int, repeat: int, workdir: Path | None, *,
         out: Path, command: str) -> int:
    rows = [row(total, results) for total, results in
            run_scales(scales, per_product, repeat, workdir)]
    found = checks(rows)
    print(f"gecko-apply plan CPU and memory beyond the fetch, {repeat} runs each (medians of "
          "process time), against the naive floor of the same run")
    print(render(rows))
    print()
    for text, ok in found:
        print(f"{'ok    ' if ok else 'MISSED'}  {text}")
    out.parent.mkdir(parents=True, exist_ok=True)
    document = {"command": command, "rows": rows,
                "checks": [{"check": text, "ok": ok} for text, ok in found]}
    out.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"\nresults: {out}")
    return 0 if all(ok for _, ok in found) else 1
