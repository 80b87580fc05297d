"""The markdown benchmark's figures come from the comment itself."""

from __future__ import annotations

from bench.markdown import bulk, report


def test_the_bulk_figure_counts_what_the_comment_names() -> None:
    line = report("bulk", bulk())
    assert line.startswith("bulk ")
    assert "archive 3/3  create 6/6  update " in line
    assert "summed 537 " in line
    shown = int(line.split("update ")[1].split("/")[0].replace(",", ""))
    assert 0 < shown < 5_512 - 537
