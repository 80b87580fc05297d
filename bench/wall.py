"""The wall time a user feels: reads over a slow link, the ``--sandbox`` plan at size, export.

    python bench/run.py --wall          # latency at P x V; plan at 5k, 50k; export at 10k, 50k
    python bench/run.py --wall --plan-sizes 5k,50k --export-sizes 10k,50k

latency   a plan with no changes against ``gecko-apply sandbox serve`` (a child process, as a
          remote API runs apart) on loopback, every request delayed 200 ms (the ``latency``
          fault), read one request at a time and then with 4 in flight (the CLI's default): the
          wall time from the first read to the last answer, and the requests counted in the
          sandbox's request log (``--request-log``).
plan      ``gecko-apply plan CATALOGUE --sandbox DB`` as a user runs it, in a child process, at
          each size: wall, user and system time (``wait4``), and the wall time per variant
          against the smallest size's.
export    ``gecko-apply export --sandbox DB`` likewise; at the smallest size the documents are
          also written by ruamel's round-trip writer in-process, to check the bytes are the same
          and to time both writers (CPU time, which the other processes on the machine distort
          less than wall time).

Every sandbox database is seeded once (``bench/run.py``'s seeding) and shared by the sizes'
figures. Wall times depend on what else the machine runs; CPU times are given beside them.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import httpx

from bench.catalogue import Shape, write_catalogue
from bench.harness import load, sandbox_http, seed
from bench.results import Results, render_table
from reconciler.client import GeckoClient
from reconciler.engine.export import export_catalogue
from reconciler.engine.service import PlanOptions, make_plan
from reconciler.render.yaml import dump_document, dump_round_trip

TOKEN = "bench-token"
LATENCY = "200ms"
LATENCY_RATIO_TARGET = 0.35
PLAN_WALL_TARGET_S, PLAN_SYSTEM_TARGET_S, LINEAR_TARGET = 15.0, 2.0, 1.2
EXPORT_TARGETS_S = {10_000: 4.0, 50_000: 20.0}
CLI = [sys.executable, "-c", "import sys; from reconciler.cli import main; sys.exit(main())"]


# --- the sandbox over loopback ------------------------------------------------------------------


@contextmanager
def served(database: Path, log: Path) -> Iterator[tuple[str, int]]:
    """``gecko-apply sandbox serve`` on ``database`` in a child process (as a remote API runs
    apart from the client), every request delayed by ``LATENCY``; yields its URL and pid."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [*CLI, "sandbox", "serve", "--db", str(database), "--port", str(port), "--token", TOKEN,
         "--faults", f"latency={LATENCY}", "--request-log", str(log)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port, process)
        yield f"http://127.0.0.1:{port}", process.pid
    finally:
        process.terminate()
        process.wait(30)


def _both_cpu(pid: int) -> float:
    """This process's CPU seconds and the server's."""
    return time.process_time() + _cpu_of(pid)


def _cpu_of(pid: int) -> float:
    """User + system seconds of a running process so far (Linux's /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wait_for(port: int, process: subprocess.Popen[bytes]) -> None:
    """Until the port accepts connections (no request is sent, so the log stays empty)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the sandbox server did not start")


@dataclass
class Span:
    """Forwards a plan's reads to a client, noting when the first began and the last ended."""

    client: GeckoClient
    cpu_clock: Callable[[], float]
    first: float | None = None
    last: float = 0.0
    cpu_first: float | None = None
    cpu_last: float = 0.0

    @property
    def max_in_flight(self) -> int:
        return self.client.max_in_flight

    @property
    def seconds(self) -> float:
        return self.last - (self.first or self.last)

    @property
    def cpu(self) -> float:
        return self.cpu_last - (self.cpu_first or self.cpu_last)

    def _timed(self, call: Any, *args: Any, **kwargs: Any) -> Any:
        started, cpu = time.perf_counter(), self.cpu_clock()
        self.first = started if self.first is None else min(self.first, started)
        self.cpu_first = cpu if self.cpu_first is None else min(self.cpu_first, cpu)
        try:
            return call(*args, **kwargs)
        finally:
            self.last = max(self.last, time.perf_counter())
            self.cpu_last = max(self.cpu_last, self.cpu_clock())

    def list_all(self, resource: str, **options: Any) -> Any:
        return self._timed(self.client.list_all, resource, **options)

    def account(self) -> dict[str, Any]:
        return dict(self._timed(self.client.account))

    def estimate_seconds(self, requests: int) -> float:
        return self.client.estimate_seconds(requests)

    @property
    def rate_policy(self) -> tuple[int, float]:
        return self.client.rate_policy

    def create(self, resource: str, body: dict[str, Any], *,
               idempotency_key: str | None = None) -> dict[str, Any]:
        return self.client.create(resource, body, idempotency_key=idempotency_key)

    def update(self, resource: str, record_id: int | str, body: dict[str, Any]) -> None:
        self.client.update(resource, record_id, body)

    def archive(self, resource: str, record_id: int | str) -> None:
        self.client.archive(resource, record_id)


def latency(shape: Shape, workdir: Path, results: Results) -> None:
    """Reads of a no-change plan over loopback with 200 ms per request, 1 and 4 in flight."""
    database, catalogue = seeded(workdir, shape.total_variants, shape.variants)
    figures = {}
    for in_flight in (1, 4):
        log = database.parent / f"requests-{in_flight}-in-flight.jsonl"
        log.unlink(missing_ok=True)
        with served(database, log) as (url, pid), \
                httpx.Client(base_url=url, timeout=60) as link:
            span = Span(GeckoClient(link, TOKEN, max_in_flight=in_flight),
                        partial(_both_cpu, pid))
            planned = make_plan(load(catalogue), span, PlanOptions(), now=_now())
        if planned.plan.changes:
            raise RuntimeError("the latency plan is not empty")
        figures[in_flight] = (span.seconds, len(log.read_text().splitlines()))
        results.add(f"latency {LATENCY}: reads CPU (client + server), {in_flight} in flight",
                    round(span.cpu, 2), unit="s")
    (sequential, requests), (parallel, parallel_requests) = figures[1], figures[4]
    label = f"latency {LATENCY}, {shape.total_variants:,} variants"
    results.add(f"{label}: reads wall, 1 in flight", round(sequential, 2), unit="s")
    results.add(f"{label}: reads wall, 4 in flight", round(parallel, 2), unit="s")
    results.add(f"{label}: 4 in flight / 1", f"{parallel / sequential:.2f}",
                f"<= {LATENCY_RATIO_TARGET}", parallel / sequential <= LATENCY_RATIO_TARGET)
    results.add(f"{label}: requests, 1 / 4 in flight", f"{requests} / {parallel_requests}",
                "equal", requests == parallel_requests)


# --- the CLI at size ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Child:
    wall: float
    user: float
    system: float


def run_cli(args: Sequence[str], cwd: Path) -> Child:
    """``gecko-apply ARGS`` in a child process: its wall, user and system time."""
    log = cwd / "stderr.log"
    with log.open("wb") as errors:
        started = time.perf_counter()
        process = subprocess.Popen([*CLI, *args], cwd=cwd, stdout=subprocess.DEVNULL,
                                   stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"gecko-apply {' '.join(args)} failed: {log.read_text()}")
    return Child(wall, usage.ru_utime, usage.ru_stime)


def seeded(workdir: Path, total: int, per_product: int) -> tuple[Path, Path]:
    """A sandbox database holding ``total`` variants and the catalogue that matches it."""
    shape = Shape(total // per_product, per_product)
    home = workdir / f"sandbox-{total}"
    database, catalogue = home / "sandbox.sqlite", home / "catalogue"
    if not database.exists():
        home.mkdir(parents=True, exist_ok=True)
        write_catalogue(catalogue, shape)
        with sandbox_http(str(database)) as (app, http):
            seed(app, http, catalogue, shape)
    return database, catalogue


def plans(sizes: Iterable[int], per_product: int, workdir: Path, results: Results) -> None:
    """``gecko-apply plan --sandbox`` at each size."""
    per_variant: dict[int, float] = {}
    for total in sorted(sizes):
        database, catalogue = seeded(workdir, total, per_product)
        child = run_cli(["plan", str(catalogue), "--sandbox", str(database)], database.parent)
        per_variant[total] = child.wall / total
        label = f"--sandbox plan, {total:,} variants"
        wall_ok = child.wall <= PLAN_WALL_TARGET_S if total >= 50_000 else None
        system_ok = child.system <= PLAN_SYSTEM_TARGET_S if total >= 50_000 else None
        results.add(f"{label}: wall", round(child.wall, 2),
                    f"<= {PLAN_WALL_TARGET_S:g} s" if wall_ok is not None else "", wall_ok, "s")
        results.add(f"{label}: user CPU", round(child.user, 2), unit="s")
        results.add(f"{label}: system time", round(child.system, 2),
                    f"<= {PLAN_SYSTEM_TARGET_S:g} s" if system_ok is not None else "", system_ok,
                    "s")
    smallest, largest = min(per_variant), max(per_variant)
    if largest > smallest:
        ratio = per_variant[largest] / per_variant[smallest]
        results.add(f"--sandbox plan: wall per variant, {largest:,} / {smallest:,}",
                    f"{ratio:.2f}", f"<= {LINEAR_TARGET}", ratio <= LINEAR_TARGET)


def exports(sizes: Iterable[int], per_product: int, workdir: Path, results: Results) -> None:
    """``gecko-apply export --sandbox`` at each size; the writers compared at the smallest."""
    ordered = sorted(sizes)
    for total in ordered:
        database, _ = seeded(workdir, total, per_product)
        child = run_cli(["export", "--sandbox", str(database), "--out", "exported"],
                        database.parent)
        target = EXPORT_TARGETS_S.get(total)
        results.add(f"export, {total:,} variants: wall", round(child.wall, 2),
                    f"<= {target:g} s" if target else "",
                    child.wall <= target if target else None, "s")
        results.add(f"export, {total:,} variants: user + system CPU",
                    round(child.user + child.system, 2), unit="s")
    if ordered:
        compare_writers(seeded(workdir, ordered[0], per_product)[0], ordered[0], results)


def compare_writers(database: Path, total: int, results: Results) -> None:
    with sandbox_http(str(database)) as (_, http):
        documents = export_catalogue(GeckoClient(http, TOKEN, max_in_flight=4)).documents
    started = time.process_time()
    fast = [dump_document(document) for document in documents.values()]
    fast_cpu = time.process_time() - started
    started = time.process_time()
    reference = [dump_round_trip(document) for document in documents.values()]
    reference_cpu = time.process_time() - started
    label = f"export writer, {total:,} variants"
    results.add(f"{label}: output identical to the round-trip writer's",
                "yes" if fast == reference else "NO", "yes", fast == reference)
    results.add(f"{label}: CPU, line writer / round-trip writer",
                f"{fast_cpu:.2f} / {reference_cpu:.2f}", unit="s")


def _now() -> datetime:
    return datetime.now(UTC)


# --- running --------------------------------------------------------------------------------------


def main(shape: Shape, plan_sizes: Sequence[int], export_sizes: Sequence[int],
         workdir: Path | None, *, out: Path, command: str) -> int:
    results = Results(shape)
    with ExitStack() as stack:
        if workdir is None:
            workdir = Path(stack.enter_context(TemporaryDirectory(prefix="gecko-wall-")))
        started = time.perf_counter()
        latency(shape, workdir, results)
        plans(plan_sizes, shape.variants, workdir, results)
        exports(export_sizes, shape.variants, workdir, results)
        results.add("benchmark: total wall time (seeding included)",
                    round(time.perf_counter() - started, 1), unit="s")
    print(f"gecko-apply wall-time benchmark ({os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f} at the end)")
    print(render_table(results))
    document = {"command": command, "time": _now().isoformat(timespec="seconds"),
                "load_average": os.getloadavg(), "ok": results.ok,
                "figures": [row.as_dict() for row in results.rows]}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"\nresults: {out}")
    return 0 if results.ok else 1
