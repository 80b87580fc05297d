"""Hostile configurations: how fast, and in how little memory, gecko-apply refuses them.

    python bench/limits.py

Runs ``gecko-apply validate`` as a process on each file and prints its wall time, its CPU time
(user + system, which a loaded machine distorts less than wall time) and its peak memory
(maximum resident set size, as the kernel reports for the child):

- a 50 MB catalogue (refused unread: over the 20 MB limit of one file);
- a 1.5 MB merge-key bomb (one 3,000-key anchor merged into 110,000 mappings, which would
  build 330 million entries; refused at the merge bound).
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ENTRY = "import sys; from reconciler.cli import main; sys.exit(main(prog_name='gecko-apply'))"
MB = 1024 * 1024


def big_catalogue(path: Path) -> None:
    line = b"  - {name: Product %07d, brand: Wonka, tags: [a, b, c]}\n"
    with path.open("wb") as out:
        out.write(b"gecko_apply: 1\nproducts:\n")
        out.writelines(line % n for n in range(50 * MB // len(line % 0)))


def merge_bomb(path: Path) -> None:
    anchor = "x-base: &b {" + ", ".join(f"k{i}: {i}" for i in range(3000)) + "}\n"
    path.write_text(anchor + "x-many:\n" + "  - {<<: *b}\n" * 110_000 + "gecko_apply: 1\n",
                    encoding="utf-8")


def measure(path: Path) -> tuple[float, float, float, str]:
    """Wall s, CPU s, peak MB of ``validate path``, and its first line on stderr."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", ENTRY, "validate", str(path)],
                          capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    first = (done.stderr.strip().splitlines() or ["(nothing on stderr)"])[0]
    return wall, cpu, after.ru_maxrss / 1024, first.replace(str(path), path.name)


def main() -> None:
    makers: dict[str, Callable[[Path], None]] = {
        "50mb.yaml": big_catalogue, "merge-bomb.yaml": merge_bomb,
    }
    with tempfile.TemporaryDirectory() as work:
        for name, make in makers.items():
            path = Path(work) / name
            make(path)
            wall, cpu, peak, said = measure(path)
            size = path.stat().st_size / MB
            print(f"{name} ({size:.1f} MB): wall {wall:.2f} s, CPU {cpu:.2f} s, "
                  f"peak RSS so far {peak:.0f} MB\n    {said[:150]}")


if __name__ == "__main__":
    main()
