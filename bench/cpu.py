"""Plan CPU and memory beyond the fetch, against a naive floor measured in the same run.

The floor is what a plain script would do with the same files and the same fetched records:
PyYAML's C loader (``yaml.CSafeLoader``) for every file, then a plain comparison of the
declared products and variants with the API records, dict against dict (text as text, numbers
as floats, prices through ``variant_prices``). It checks nothing, normalises nothing and places
no problem: a floor, not a competitor. It is measured as such a script runs (the cyclic
collector on) and, for reference, with the collector off.

CPU is process time (``time.process_time``), so the other work on a shared machine does not
count; each figure is the median of ``repeat`` runs. Peak memory is tracemalloc's peak during
one more run, beyond what was allocated before it (the fetched records are not counted).
"""

from __future__ import annotations

import gc
import statistics
import time
import tracemalloc
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

BUILTIN_LISTS = ("retail", "wholesale", "buy")


@dataclass(frozen=True)
class CpuFigures:
    """Median CPU seconds of the two steps and of both, and the peak memory in MB."""

    load_s: float
    plan_s: float
    total_s: float
    peak_mb: float


def measure(
    load: Callable[[], Any], plan: Callable[[Any], Any], repeat: int, *, collector: bool = True
) -> CpuFigures:
    """Time ``plan(load())`` ``repeat`` times (medians), then its peak memory once. Each run
    starts from the same heap: nothing frozen, everything collectable collected."""

    def once() -> tuple[float, float]:
        _fresh_heap()
        if not collector:
            gc.disable()
        try:
            start = time.process_time()
            loaded = load()
            middle = time.process_time()
            planned = plan(loaded)
            end = time.process_time()
        finally:
            gc.enable()
        del planned, loaded
        return middle - start, end - middle

    runs = [once() for _ in range(max(1, repeat))]
    _fresh_heap()
    tracemalloc.start()
    try:
        baseline = tracemalloc.get_traced_memory()[0]
        kept = plan(load())
        peak = (tracemalloc.get_traced_memory()[1] - baseline) / 2**20
    finally:
        tracemalloc.stop()
    del kept
    return CpuFigures(
        load_s=statistics.median(run[0] for run in runs),
        plan_s=statistics.median(run[1] for run in runs),
        total_s=statistics.median(run[0] + run[1] for run in runs),
        peak_mb=peak,
    )


def _fresh_heap() -> None:
    gc.unfreeze()
    gc.collect()


# --- the naive floor ------------------------------------------------------------------------------


def naive_load(directory: Path) -> list[Any]:
    """Every YAML file of the configuration through PyYAML's C loader, in sorted order."""
    return [
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
        for path in sorted(directory.rglob("*.yaml"))
    ]


def naive_compare(documents: Iterable[Any], lists: Mapping[str, list[dict[str, Any]]]) -> int:
    """The fields where declared products and variants differ from the API records."""
    products = {record["name"]: record for record in lists["products"]}
    variants = {record["sku"]: record for record in lists["variants"]}
    list_ids = {str(r["code"]).upper(): str(r["id"]) for r in lists["price_lists"]}
    differences = 0
    for document in documents:
        for product in (document or {}).get("products") or ():
            differences += _product_differences(product, products.get(product["name"], {}))
            for variant in product.get("variants") or ():
                remote = variants.get(str(variant["sku"]), {})
                differences += _variant_differences(variant, remote, list_ids)
    return differences


def _product_differences(product: dict[str, Any], remote: dict[str, Any]) -> int:
    differences = 0
    for name, value in product.items():
        if name == "variants":
            continue
        if name == "tags":
            differences += sorted(value) != sorted(str(remote.get("tags") or "").split(","))
        else:
            differences += _differs(value, remote.get(name))
    return differences


def _variant_differences(
    variant: dict[str, Any], remote: dict[str, Any], list_ids: Mapping[str, str]
) -> int:
    differences = 0
    prices = {str(p["price_list_id"]): p["value"] for p in remote.get("variant_prices") or ()}
    for name, value in variant.items():
        if name != "prices":
            differences += _differs(value, remote.get(name))
            continue
        for code, amount in value.items():
            key = code.lower() if code.lower() in BUILTIN_LISTS else list_ids.get(code.upper())
            differences += _differs(amount, prices.get(str(key)))
    return differences


def _differs(declared: Any, remote: Any) -> bool:
    if isinstance(declared, bool) or declared is None:
        return bool(declared != remote)
    if isinstance(declared, int | float):
        return remote is None or float(declared) != float(remote)
    return str(declared) != str(remote)


def naive_lists(recorded: Mapping[tuple[Any, ...], Any]) -> dict[str, list[dict[str, Any]]]:
    """The fetched records by resource, as a recorder kept them."""
    found: dict[str, list[dict[str, Any]]] = {}
    for key, result in recorded.items():
        found.setdefault(key[0], []).extend(getattr(result, "records", result))
    return found


def naive_floor(directory: Path, lists: Mapping[str, list[dict[str, Any]]], repeat: int,
                *, collector: bool = True) -> tuple[CpuFigures, int]:
    """The floor's figures, and the differences it found (0 for the unchanged catalogue)."""
    found: list[int] = []

    def compare(documents: list[Any]) -> int:
        found.append(naive_compare(documents, lists))
        return found[-1]

    figures = measure(lambda: naive_load(directory), compare, repeat, collector=collector)
    return figures, found[-1]
