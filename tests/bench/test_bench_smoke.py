"""The benchmarks at a tiny size: request counts at the lower bound, no rate-limit timing."""

from __future__ import annotations

from pathlib import Path

from bench.catalogue import Shape
from bench.results import render_table
from bench.run import Options, run


def test_bench_runs_small_and_plans_at_the_lower_bound(tmp_path: Path) -> None:
    options = Options(
        shape=Shape(products=20, variants=2),
        figures=("requests", "naive", "apply1", "apply10"),
        limit_small=None,
        limit_large=None,
    )
    results = run(options, tmp_path)
    assert results.value("plan (no changes): changes") == 0
    assert results.value("plan: requests / lower bound") == "1.00"
    assert results.value("plan: API requests") == results.details["plan_requests"]["lower_bound"]
    assert results.value("naive plan (GET per record): requests") > results.value(
        "plan: API requests"
    )
    assert results.value("apply 1%: write requests") == results.value("apply 1%: changed variants")
    assert results.value("apply 10%: write requests") == results.value(
        "apply 10%: changed variants"
    )
    assert results.ok, render_table(results)


def test_the_cpu_figure_measures_the_naive_floor_alongside(tmp_path: Path) -> None:
    from bench import scale

    options = Options(shape=Shape(products=10, variants=2), figures=("requests", "cpu"),
                      limit_small=None, limit_large=None, repeat=1)
    results = run(options, tmp_path)
    cpu = results.details["plan_cpu"]
    assert cpu["ours"]["total_s"] > 0 and cpu["naive_floor"]["total_s"] > 0
    assert results.value("  of which dict compare (0 differences)") >= 0
    found = scale.row(20, results)
    assert found["requests_ratio"] == "1.00"
    assert found["ratio"] == cpu["ours"]["total_s"] / cpu["naive_floor"]["total_s"]
    assert "20" in scale.render([found])
    assert scale.parse_scales("10k, 2.5k,50000") == (10_000, 2_500, 50_000)
