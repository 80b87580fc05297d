"""Performance benchmarks: request counts, plan CPU and memory, rate-limited applies.

    python bench/run.py --products 2000 --variants 5          # every figure (~1-2 minutes)
    python bench/run.py --only requests,naive                 # some figures only

The sandbox runs in-process (Starlette's TestClient, an in-memory SQLite database), seeded with
``bench/catalogue.py``'s catalogue: the small kinds through the API (plan + apply, rate limit
off), the products and variants through the sandbox's bulk insert. Then:

requests  a plan with no changes under the default 300/300 s limit: requests counted in the
          sandbox's request log, against the lower bound (one request per 250 records of each
          index the plan reads; see LOWER BOUND below).
cpu       that plan's CPU time and peak memory beyond the fetch: load (YAML, validation) +
          make_plan (normalise, match, diff, plan) fed the already-fetched pages, so no request
          and no sandbox work is in it; the fetch is measured on its own. Against the naive
          floor: PyYAML's C loader + a plain dict compare of the same files and records.
apply1 / apply10
          price changes on 1% and 10% of the variants: write requests against changed records,
          then the wall time of the apply under a small real-time rate limit against the floor.
naive     the requests a per-record refresh would make (one GET per record compared), computed,
          or issued with ``--issue-naive`` (rate limit off).

The cpu figure also measures the naive floor in the same run (``bench/cpu.py``); ``--scale``
runs requests and cpu at several sizes instead, against the same floor (``bench/scale.py``):

    python bench/run.py --scale 10k,25k,50k --repeat 5

Results: one table on stdout and ``bench/results/latest.json`` (its path is printed).
"""

from __future__ import annotations

import argparse
import contextlib
import math
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: python bench/run.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import cpu
from bench.catalogue import (
    Shape,
    changed_count,
    spread,
    write_catalogue,
)
from bench.harness import Recorder, Replay, load, new_client, now_utc, sandbox_http, seed
from bench.results import Results, max_rss_mb, render_table, write_results
from reconciler.client.pagination import PAGE_SIZE
from reconciler.engine.plan import Action
from reconciler.engine.service import Desire, Planned, PlanOptions, apply_planned, make_plan

RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"
FIGURES = ("requests", "cpu", "apply1", "apply10", "naive")
BIG_KINDS = ("/products", "/variants")

CPU_TARGET_S = 1.0
MEMORY_TARGET_MB = 150.0
FLOOR_TOLERANCE = 0.05

LOWER_BOUND = (
    "ceil(P/250) + ceil(P*V/250) + one request for each small index the plan reads (each "
    "holds fewer than 250 records): the account, currencies, locations, payment terms, tax "
    "types (their components sideloaded), price lists and suppliers (the companies of type "
    "supplier)"
)
FLOOR = (
    "N requests at L per fixed, epoch-aligned window of W s, the first sent at t0 into a window "
    "with nothing counted yet: floor = 0 when N <= L, else (end of t0's window - t0) + "
    "(ceil(N/L) - 2) * W, the earliest moment the last window's requests may go; the wall time "
    "adds sending that last window's requests"
)


# --- figures --------------------------------------------------------------------------------------


def _by_path(entries: Iterable[Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry.path] = counts.get(entry.path, 0) + 1
    return dict(sorted(counts.items()))


def plan_requests(app: Any, http: Any, directory: Path, shape: Shape,
                  results: Results) -> tuple[Planned, Recorder]:
    """Figure 1: a plan with no changes, under the default rate limit (300 per 300 s)."""
    sandbox = app.state.sandbox
    sandbox.set_rate_limit((300, 300))
    sandbox.reset_request_log()
    recorder = Recorder(new_client(http))
    started = time.perf_counter()
    planned = make_plan(load(directory), recorder, PlanOptions(), now=now_utc())  # type: ignore[arg-type]
    wall = time.perf_counter() - started
    entries = sandbox.request_log
    sandbox.set_rate_limit(None)
    paths = _by_path(entries)
    actual = len(entries)
    small = {path: count for path, count in paths.items() if path not in BIG_KINDS}
    bound = math.ceil(shape.products / PAGE_SIZE) + math.ceil(shape.total_variants / PAGE_SIZE)
    bound += len(small)
    changes = len(planned.plan.changes)
    results.add("plan (no changes): changes", changes, "0", changes == 0)
    results.add("plan: API requests", actual, f"= lower bound {bound}", actual == bound)
    results.add("plan: requests / lower bound", f"{actual / bound:.2f}", "1.00", actual == bound)
    results.add("plan: 429 responses", sum(e.status == 429 for e in entries), "0",
                all(e.status != 429 for e in entries))
    results.add("plan: wall time, whole plan", round(wall, 3), unit="s")
    results.add("fetch: wall time", round(recorder.wall, 3), unit="s")
    results.add("fetch: CPU time (client + in-process sandbox)", round(recorder.cpu, 3), unit="s")
    results.details["plan_requests"] = {
        "by_path": paths,
        "lower_bound": bound,
        "lower_bound_definition": LOWER_BOUND,
        "small_kind_reads": small,
    }
    return planned, recorder


def plan_cpu(directory: Path, recorder: Recorder, results: Results, repeat: int) -> None:
    """Figure 2: CPU time and peak memory of load + make_plan beyond the fetch, and the naive
    floor measured in the same run (see ``bench/cpu.py``)."""
    replay = Replay(recorder)

    def plan(desire: Desire) -> Planned:
        planned = make_plan(desire, replay, PlanOptions(), now=now_utc())  # type: ignore[arg-type]
        if planned.plan.changes:
            raise RuntimeError("the replayed plan is not empty")
        return planned

    ours = cpu.measure(lambda: load(directory), plan, repeat)
    lists = cpu.naive_lists(recorder.lists)
    floor, differences = cpu.naive_floor(directory, lists, repeat)
    floor_off, _ = cpu.naive_floor(directory, lists, repeat, collector=False)
    ratio, ratio_off = ours.total_s / floor.total_s, ours.total_s / floor_off.total_s
    results.add("plan: CPU beyond fetch (load + normalise + diff + plan)", round(ours.total_s, 3),
                f"<= {CPU_TARGET_S} s", ours.total_s <= CPU_TARGET_S, "s")
    results.add("  of which load (YAML + validation)", round(ours.load_s, 3), unit="s")
    results.add("  of which make_plan (normalise, match, diff, plan)", round(ours.plan_s, 3),
                unit="s")
    results.add("plan: peak memory beyond fetch (tracemalloc)", round(ours.peak_mb, 1),
                f"<= {MEMORY_TARGET_MB:g} MB", ours.peak_mb <= MEMORY_TARGET_MB, "MB")
    results.add("naive floor: PyYAML C loader + dict compare", round(floor.total_s, 3), unit="s")
    results.add("  of which PyYAML C loader", round(floor.load_s, 3), unit="s")
    results.add(f"  of which dict compare ({differences} differences)", round(floor.plan_s, 3),
                unit="s")
    results.add("  with the collector off", round(floor_off.total_s, 3), unit="s")
    results.add("naive floor: peak memory (tracemalloc)", round(floor.peak_mb, 1), unit="MB")
    results.add("plan CPU / naive floor", f"{ratio:.2f}", "< 1.00", ratio < 1)
    results.add("plan CPU / naive floor with the collector off", f"{ratio_off:.2f}")
    results.details["plan_cpu"] = {
        "repeat": repeat, "statistic": "median of process time", "ours": vars(ours),
        "naive_floor": vars(floor), "naive_floor_collector_off": vars(floor_off),
        "naive_floor_definition": cpu.__doc__,
    }


def rate_floor(requests: int, limit: int, window: int, start: float) -> float:
    """The time fixed windows force on ``requests`` sent from ``start`` (see ``FLOOR``)."""
    if requests <= limit:
        return 0.0
    window_end = (math.floor(start / window) + 1) * window
    return (window_end - start) + (math.ceil(requests / limit) - 2) * window


def apply_change(app: Any, http: Any, workdir: Path, *, shape: Shape, name: str,
                 before: Mapping[int, Decimal], after: Mapping[int, Decimal],
                 limit: tuple[int, int] | None, results: Results) -> None:
    """Figure 3: plan a price change, then apply it (under ``limit`` when given)."""
    sandbox = app.state.sandbox
    directory = write_catalogue(workdir / name, shape, after)
    sandbox.set_rate_limit(None)
    planned = make_plan(load(directory), new_client(http), PlanOptions(), now=now_utc())
    expected = changed_count(shape, before, after)
    changes = planned.plan.changes
    updates = [c for c in changes if c.action is Action.UPDATE and c.kind == "variant"]
    window = limit[1] if limit else 300
    client = new_client(http, window_seconds=window)
    sandbox.set_rate_limit(limit)
    sandbox.reset_request_log()
    start = time.time()
    report = apply_planned(planned, client, None)
    wall = time.time() - start
    entries = sandbox.request_log
    sandbox.set_rate_limit(None)
    writes = sum(e.method != "GET" for e in entries)
    refused = sum(e.status == 429 for e in entries)
    label = f"apply {name}"
    results.add(f"{label}: changed variants", len(changes), f"= {expected} priced",
                len(changes) == expected and len(updates) == expected and report.ok)
    results.add(f"{label}: write requests", writes, f"= changes {len(changes)}",
                writes == len(changes) == len(entries))
    details: dict[str, Any] = {"changes": len(changes), "requests": len(entries),
                               "by_method": _by_method(entries), "ok": report.ok}
    if limit is not None:
        allowed, seconds = limit
        floor = rate_floor(len(entries), allowed, seconds, start)
        results.add(f"{label}: 429 responses at {allowed}/{seconds} s", refused, "0",
                    refused == 0)
        results.add(f"{label}: wall time at {allowed}/{seconds} s", round(wall, 3), unit="s")
        results.add(f"{label}: rate-limit floor", round(floor, 3), unit="s")
        if floor > 0:
            ratio = wall / floor
            results.add(f"{label}: wall / floor", f"{ratio:.3f}",
                        f"<= {1 + FLOOR_TOLERANCE:.2f}", ratio <= 1 + FLOOR_TOLERANCE)
        details.update(rate_limit=f"{allowed}/{seconds}", wall_s=wall, floor_s=floor,
                       start_in_window_s=start % seconds, floor_definition=FLOOR)
    results.details[label] = details


def _by_method(entries: Iterable[Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry.method] = counts.get(entry.method, 0) + 1
    return counts


def naive_requests(app: Any, http: Any, planned: Planned, results: Results, issue: bool) -> None:
    """Figure 4: one GET per record compared, as a per-record refresh would read."""
    actual = results.value("plan: API requests")
    details = results.details["plan_requests"]["by_path"]
    singles = sum(count for path, count in details.items()
                  if path == "/accounts/current")
    per_kind = {kind: len(records) for kind, records in planned.comparison.remote.items()}
    naive = singles + sum(per_kind.values())
    how = "computed: one GET per remote record of every kind compared, plus the account"
    if issue:
        sandbox = app.state.sandbox
        sandbox.set_rate_limit(None)
        sandbox.reset_request_log()
        client = new_client(http)
        client.account()
        from reconciler.kinds import kind_by_name

        for kind, records in planned.comparison.remote.items():
            spec = kind_by_name(kind)
            for record in records:
                client.get(spec.resource, record.id)
        naive = len(sandbox.request_log)
        how = "issued with the rate limit off and counted in the request log"
    results.add("naive plan (GET per record): requests", naive, f"> {actual}", naive > actual)
    results.add("naive / bulk requests", f"{naive / actual:.1f}x", unit="")
    results.details["naive"] = {"requests": naive, "records_by_kind": per_kind, "how": how}


# --- running --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    shape: Shape = field(default_factory=Shape)
    figures: tuple[str, ...] = FIGURES
    limit_small: tuple[int, int] | None = (30, 3)
    limit_large: tuple[int, int] | None = (300, 3)
    repeat: int = 3
    issue_naive: bool = False


def run(options: Options, workdir: Path | None = None) -> Results:
    shape = options.shape
    results = Results(shape)
    with contextlib.ExitStack() as stack:
        if workdir is None:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="gecko-bench-")))
        app, http = stack.enter_context(sandbox_http())
        base = write_catalogue(workdir / "catalogue", shape)
        started = time.perf_counter()
        results.details["seed"] = seed(app, http, base, shape)
        results.add("seed: sandbox seeded", round(time.perf_counter() - started, 3), unit="s")
        planned, recorder = plan_requests(app, http, base, shape, results)
        if "cpu" in options.figures:
            plan_cpu(base, recorder, results, options.repeat)
        if "naive" in options.figures:
            naive_requests(app, http, planned, results, options.issue_naive)
        del planned, recorder
        one = dict.fromkeys(spread(shape.total_variants, 1), Decimal(1))
        ten = dict.fromkeys(spread(shape.total_variants, 10), Decimal(2))
        state: dict[int, Decimal] = {}
        if "apply1" in options.figures:
            apply_change(app, http, workdir, shape=shape, name="1%", before=state, after=one,
                         limit=options.limit_small, results=results)
            state = one
        if "apply10" in options.figures:
            apply_change(app, http, workdir, shape=shape, name="10%", before=state, after=ten,
                         limit=options.limit_large, results=results)
    results.add("process: peak RSS (everything, sandbox included)", max_rss_mb(), unit="MB")
    return results


def rate_limits(options: Options) -> dict[str, str]:
    return {"1%": _limit_text(options.limit_small), "10%": _limit_text(options.limit_large)}


def _limit_text(limit: tuple[int, int] | None) -> str:
    return "off" if limit is None else f"{limit[0]}/{limit[1]}"


def _limit(text: str) -> tuple[int, int] | None:
    from reconciler.sandbox import parse_rate_limit

    try:
        return parse_rate_limit(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _figures(text: str) -> tuple[str, ...]:
    chosen = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = sorted(set(chosen) - set(FIGURES))
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown figures {unknown}; choose from {FIGURES}")
    return chosen


def _scales(text: str) -> tuple[int, ...]:
    from bench.scale import parse_scales

    try:
        return parse_scales(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--products", type=int, default=Shape.products, help="P (default 2000)")
    parser.add_argument("--variants", type=int, default=Shape.variants, help="V (default 5)")
    parser.add_argument("--only", type=_figures, default=FIGURES,
                        help=f"comma-separated figures among {','.join(FIGURES)} (default all)")
    parser.add_argument("--rate-limit", type=_limit, default=(30, 3), metavar="N/S",
                        help="limit for the timed 1%% apply (default 30/3; off = no timing)")
    parser.add_argument("--rate-limit-10", type=_limit, default=(300, 3), metavar="N/S",
                        help="limit for the timed 10%% apply (default 300/3: the same number of "
                             "windows as the 1%% run; 30/3 takes ~100 s)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of the CPU figure; the median is reported (default 3)")
    parser.add_argument("--issue-naive", action="store_true",
                        help="issue the naive per-record GETs (rate limit off) instead of "
                             "computing their number")
    parser.add_argument("--out", type=Path, default=RESULTS, help="JSON results file")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="keep the generated catalogues here (default: a temporary dir)")
    parser.add_argument("--scale", type=_scales, default=None, metavar="N,N,...",
                        help="instead of the figures: plan CPU and memory against the naive "
                             "floor at each total of variants, e.g. 10k,25k,50k "
                             "(V per product from --variants; see bench/scale.py)")
    parser.add_argument("--wall", action="store_true",
                        help="instead of the figures: reads over 200 ms of latency at P x V, "
                             "--sandbox plans and exports at size (see bench/wall.py)")
    parser.add_argument("--plan-sizes", type=_scales, default=(5_000, 50_000), metavar="N,...",
                        help="--wall: variants of the --sandbox plans (default 5k,50k)")
    parser.add_argument("--export-sizes", type=_scales, default=(10_000, 50_000),
                        metavar="N,...", help="--wall: variants of the exports (default 10k,50k)")
    args = parser.parse_args(argv)
    command = "python bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    if args.wall:
        from bench import wall

        return wall.main(Shape(args.products, args.variants), args.plan_sizes, args.export_sizes,
                         args.workdir, out=args.out.with_name("wall.json"), command=command.strip())
    if args.scale:
        from bench import scale

        return scale.main(args.scale, args.variants, args.repeat, args.workdir, out=args.out,
                          command=command.strip())
    options = Options(
        shape=Shape(args.products, args.variants),
        figures=args.only,
        limit_small=args.rate_limit,
        limit_large=args.rate_limit_10,
        repeat=args.repeat,
        issue_naive=args.issue_naive,
    )
    started = time.perf_counter()
    results = run(options, args.workdir)
    results.add("benchmark: total wall time", round(time.perf_counter() - started, 1), unit="s")
    print(f"gecko-apply benchmark: P={options.shape.products} V={options.shape.variants} "
          f"({options.shape.total_variants} variants)")
    print(render_table(results))
    print(f"\nlower bound: {LOWER_BOUND}")
    if options.limit_small or options.limit_large:
        print(f"floor: {FLOOR}")
    print(f"naive: {results.details.get('naive', {}).get('how', 'not run')}")
    print(f"\nresults: {write_results(results, command.strip(), args.out, rate_limits(options))}")
    return 0 if results.ok else 1


if __name__ == "__main__":
    sys.exit(main())
