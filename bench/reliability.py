"""Reliability: many randomised applies under injected faults, each checked for convergence.

    python bench/reliability.py --runs 100
    python bench/reliability.py --runs 500 --faults 5xx=0.2,drop_after_commit=0.3,rate_burst=2

Each run builds a random scenario (tests/reliability/scenario.py): a sandbox seeded through the
API, a configuration with creates, updates, restores and an archive, applied in-process against
the sandbox under ``--faults`` (default ``5xx=0.1,drop_after_commit=0.05,rate_burst=3``, plus
``short_page=0.05``: index pages cut short, which must stop every create of their kind) and
re-applied until a plan is empty, at most ``--max-rounds`` times. Then, faults off, the run
converged when a plan is empty; it has duplicates when a key is held by two active records (or
a declared key by two records ever), and lost changes when a declared value is missing from the
sandbox's database. Retry and rate-limit waits run on a fake clock.

Then ``--concurrent`` trials (default 20) of two ``gecko-apply`` processes applying one scenario
at once, the second started 0–2 s after the first, alternately from the configuration and each
through its own saved plan (tests/reliability/concurrency.py), and ``--killed`` trials (default
3) of an apply killed while its write is pending and re-run at once.

Prints one line per failed run, then the summaries, e.g.
``100 runs: 100 converged, 0 duplicates, 0 lost changes``; exits 1 when any run failed.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.reliability.concurrency import concurrent_applies, kill_mid_write_and_rerun
from tests.reliability.scenario import (
    FAULTS,
    MAX_ROUNDS,
    RunResult,
    run_under_faults,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=100, help="number of runs (default 100)")
    parser.add_argument("--seed", type=int, default=None,
                        help="base seed (default: random, printed); run i uses seed + i")
    faults = f"{FAULTS},short_page=0.05"
    parser.add_argument("--faults", default=faults, help=f"sandbox faults (default {faults})")
    parser.add_argument("--max-rounds", type=int, default=MAX_ROUNDS,
                        help=f"applies under faults before giving up (default {MAX_ROUNDS})")
    parser.add_argument("--max-seconds", type=float, default=600.0,
                        help="stop starting new runs after this long (default 600)")
    parser.add_argument("--concurrent", type=int, default=20,
                        help="trials of two applies at once (default 20)")
    parser.add_argument("--killed", type=int, default=3,
                        help="trials of an apply killed mid-write and re-run at once (default 3)")
    args = parser.parse_args(argv)
    base = args.seed if args.seed is not None else random.SystemRandom().randrange(10**6)
    print(f"seed {base}, faults {args.faults}, at most {args.max_rounds} rounds", flush=True)
    results = _run_all(args.runs, base, args.faults, args.max_rounds, args.max_seconds)
    _report(results, args.runs)
    failed = [r for r in results if not r.verdict.ok]
    races = _races(args.concurrent, base)
    kills = _kills(args.killed, base)
    return 1 if failed or len(results) < args.runs or not races or not kills else 0


def _races(trials: int, base: int) -> bool:
    """Two applies at once; True when every trial ended cleanly without duplicates."""
    clean = duplicates = empty = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="gecko-races-") as work:
        for i in range(trials):
            saved = i % 2 == 1
            trial = concurrent_applies(base + i, Path(work) / str(i), saved=saved)
            if not trial.ok:
                print(f"race seed={base + i} saved={saved} offset={trial.offset:.2f} s: "
                      f"{trial.describe()}", flush=True)
            clean += not trial.unclean
            duplicates += bool(trial.verdict.duplicates)
            empty += trial.verdict.converged and not trial.plan_error
    print(f"{trials} concurrent trials (two applies, offsets 0-2 s, half through saved plans): "
          f"{duplicates} with duplicates, {clean} with both runs ending cleanly, {empty} with "
          f"an empty plan after; {time.perf_counter() - started:.1f} s", flush=True)
    return duplicates == 0 and clean == trials and empty == trials


def _kills(trials: int, base: int) -> bool:
    """An apply killed while a write is pending, re-run at once."""
    ok = 0
    with tempfile.TemporaryDirectory(prefix="gecko-kills-") as work:
        for i in range(trials):
            result = kill_mid_write_and_rerun(base + i, Path(work) / str(i), writes_before=1 + i)
            fine = result.rerun.returncode == 0 and result.verdict.ok
            if not fine:
                print(f"kill seed={base + i}: {result.verdict.describe()} "
                      f"{result.rerun.stderr.strip()[-300:]}", flush=True)
            ok += fine
    print(f"{trials} applies killed mid-write and re-run at once: {ok} converged without "
          "duplicates", flush=True)
    return ok == trials


def _run_all(runs: int, base: int, faults: str, max_rounds: int,
             max_seconds: float) -> list[RunResult]:
    results: list[RunResult] = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="gecko-reliability-") as work:
        for i in range(runs):
            if time.monotonic() - started > max_seconds:
                print(f"stopped after {i} runs: over {max_seconds:.0f} s", flush=True)
                break
            seed = base + i
            # The scenario and the faults' dice are drawn independently.
            result = run_under_faults(seed, Path(work), faults=faults, max_rounds=max_rounds,
                                      fault_seed=random.Random(seed).randrange(10**9))
            if not result.verdict.ok:
                print(f"run seed={seed}: {result.verdict.describe()}", flush=True)
            results.append(result)
    return results


def _report(results: list[RunResult], asked: int) -> None:
    rounds = Counter(r.rounds.rounds for r in results)
    faults: Counter[str] = Counter()
    for result in results:
        faults.update(result.faults_seen)
    failed_changes = sum(r.rounds.failed_changes for r in results)
    failed_plans = sum(len(r.rounds.errors) for r in results)
    seconds = sum(r.seconds for r in results)
    requests = sum(r.requests for r in results)
    print(f"rounds under faults: {dict(sorted(rounds.items()))} "
          f"(changes failed or skipped: {failed_changes}, plans failed: {failed_plans})")
    print(f"faults injected: {dict(sorted(faults.items()))} in {requests} requests; "
          f"{seconds:.1f} s in all")
    converged = sum(1 for r in results if r.verdict.converged)
    duplicates = sum(1 for r in results if r.verdict.duplicates)
    lost = sum(1 for r in results if r.verdict.lost)
    runs = f"{len(results)} runs" + (f" (of {asked})" if len(results) < asked else "")
    print(f"{runs}: {converged} converged, {duplicates} duplicates, {lost} lost changes")


if __name__ == "__main__":
    sys.exit(main())
