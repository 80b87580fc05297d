"""Configuration size is bounded before parsing, and merge keys cannot blow a small file up.

A 50 MB file is refused unread (well under 2 s of CPU and 300 MB of memory); files past 100 MB
in all are refused one by one, each problem reported with the others; a file of many merges of
a wide anchor (1.5 MB that would build millions of entries) stops at the merge bound with a
``file:line:col`` error, whichever reader takes it.
"""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from reconciler.config import ConfigError, load_catalogue
from reconciler.config import files as config_files
from reconciler.config.limits import MIN_MERGE_LIMIT
from reconciler.config.reader import parse_yaml

MB = 1024 * 1024


def _messages(path: Path) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_catalogue(path)
    return [str(diagnostic) for diagnostic in caught.value.diagnostics]


def test_a_50_mb_file_is_refused_unread_quickly_and_in_little_memory(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    line = b"  - {name: Product %07d, brand: Wonka, tags: [a, b, c]}\n"
    with big.open("wb") as out:
        out.write(b"gecko_apply: 1\nproducts:\n")
        out.writelines(line % n for n in range(50 * MB // len(line % 0)))
    tracemalloc.start()
    started = time.process_time()
    try:
        messages = _messages(big)
        cpu = time.process_time() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert messages == [f"{big}: is 50.0 MB, over the 20.0 MB limit of one configuration "
                        "file; split it into several files"]
    assert big.stat().st_size >= 50 * MB - 100
    assert cpu < 2.0
    assert peak < 300 * MB


def test_files_past_the_total_are_refused_and_the_rest_still_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(config_files, "MAX_FILE_BYTES", 1000)
    monkeypatch.setattr(config_files, "MAX_TOTAL_BYTES", 2000)
    tree = tmp_path / "catalogue"
    tree.mkdir()
    padding = "#" * 800 + "\n"
    (tree / "a.yaml").write_text(f"gecko_apply: 1\n{padding}", encoding="utf-8")
    (tree / "b.yaml").write_text(f"{padding}locations: [{{bogus: 7}}]\n", encoding="utf-8")
    (tree / "c.yaml").write_text(padding, encoding="utf-8")
    (tree / "d.yaml").write_text("#" * 1100, encoding="utf-8")
    messages = _messages(tree)
    assert len(messages) == 4, messages   # b.yaml: missing label, unknown field bogus
    assert all(m.startswith(f"{tree / 'b.yaml'}:2:") for m in messages[:2])  # still validated
    assert messages[2].startswith(f"{tree / 'c.yaml'}: brings the configuration past 0.0 MB")
    assert messages[3].startswith(f"{tree / 'd.yaml'}: is 0.0 MB, over the 0.0 MB limit")


def _merge_bomb(header: str = "") -> bytes:
    anchor = "x-base: &b {" + ", ".join(f"k{i}: {i}" for i in range(3000)) + "}\n"
    merges = "  - {<<: *b}\n" * 110_000
    return f"{header}{anchor}x-many:\n{merges}gecko_apply: 1\n".encode()


@pytest.mark.parametrize("header", ["", "x-tagged: !custom 1\n"], ids=["fast", "round-trip"])
def test_a_merge_key_bomb_stops_at_the_merge_bound(header: str) -> None:
    raw = _merge_bomb(header)
    assert len(raw) > 1_400_000
    started = time.process_time()
    parsed = parse_yaml("bomb.yaml", raw)
    cpu = time.process_time() - started
    [problem] = parsed.diagnostics
    assert (problem.file, problem.col) == ("bomb.yaml", 5)
    assert 3 < problem.line < 1000
    assert problem.message.startswith("merge keys (<<) expand to more than 1,100,0")
    assert parsed.data is None
    assert cpu < 20   # some seconds at worst; unbounded, this file took minutes and gigabytes


def test_a_catalogue_merging_defaults_into_every_variant_is_read(tmp_path: Path) -> None:
    count = MIN_MERGE_LIMIT // 8   # 25,000 variants, 6 keys merged into each: 150,000
    variants = "".join(f"      - {{<<: *v, sku: SKU-{n}}}\n" for n in range(count))
    config = tmp_path / "catalogue.yaml"
    config.write_text(
        "gecko_apply: 1\nx-variant: &v {name: Default, prices: {retail: 1}, weight: 1, "
        "weight_unit: kg, taxable: true, sellable: true}\nproducts:\n  - name: Many\n"
        "    variants:\n" + variants,
        encoding="utf-8",
    )
    loaded = load_catalogue(config)
    assert len(loaded.catalogue.products[0].variants) == count
