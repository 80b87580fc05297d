"""The markdown plan under its size budget: what a pull-request comment keeps, and its cost.

    python bench/markdown.py

For each plan, renders the comment (60,000 characters, the default) and prints its size, how
many changes of each action it names one by one (``shown/total``), how many updates it sums up
in a uniform group's line, and the CPU time of one render (``time.process_time``, the median of
five, which a loaded machine distorts less than wall time):

- bulk: 6 creates, 3 archives, 512 retail prices +5% and 5,000 varied price updates;
- archives: 5,000 archives and nothing else (more than a comment holds: counted, not dropped);
- huge: 50,000 creates, 50,000 varied updates and 1,000 archives.
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable

from reconciler.engine.plan import Action, Change, FieldChange, Plan
from reconciler.render.markdown import render_plan_markdown

ACTIONS = (Action.ARCHIVE, Action.RESTORE, Action.CREATE, Action.UPDATE)


def _change(kind: str, key: str, action: Action, **fields: tuple[object, object]) -> Change:
    return Change(
        address=f'{kind}["{key}"]', kind=kind, key=key, action=action, reason="",
        fields={name: FieldChange(before=b, after=a) for name, (b, a) in fields.items()},
    )  # fmt: skip


def _archive(n: int) -> Change:
    change = _change("variant", f"OLD-{n:05d}", Action.ARCHIVE)
    return change.model_copy(update={"parent": 'product["Wonka Bar"]', "name": f"Flavour {n}"})


def _varied(n: int) -> Change:
    return _change("variant", f"VAR-{n:05d}", Action.UPDATE,
                   **{"prices.retail": ("10", f"{10 + (n * 37) % 2000 / 1000:.3f}")})  # fmt: skip


def _create(n: int) -> Change:
    return _change("product", f"New {n}", Action.CREATE, name=(None, f"New {n}"))


def bulk() -> Plan:
    retail = {"prices.retail": ("20", "21")}
    uniform = [_change("variant", f"BULK-{n:04d}", Action.UPDATE, **retail) for n in range(512)]
    varied = [_varied(n) for n in range(5_000)]
    return Plan(changes=(*map(_create, range(6)), *uniform, *varied, *map(_archive, range(3))))


def archives() -> Plan:
    return Plan(changes=tuple(map(_archive, range(5_000))))


def huge() -> Plan:
    creates, updates = map(_create, range(50_000)), map(_varied, range(50_000))
    return Plan(changes=(*creates, *updates, *map(_archive, range(1_000))))


def cpu_seconds(render: Callable[[], str]) -> float:
    times = []
    for _ in range(5):
        started = time.process_time()
        render()
        times.append(time.process_time() - started)
    return statistics.median(times)


def report(name: str, plan: Plan) -> str:
    text = render_plan_markdown(plan)
    spans = set(re.findall(r"`([^`]+)`", text))
    named = {action: 0 for action in ACTIONS}
    for change in plan.changes:
        named[change.action] += change.address in spans or change.key in spans
    counts = plan.summary
    shown = "  ".join(f"{action.value} {named[action]:,}/{counts[action.value]:,}"
                      for action in ACTIONS if counts[action.value])  # fmt: skip
    grouped = re.search(r"([\d,]+) of them in a group line", text)
    summed = grouped.group(1) if grouped else "0"
    seconds = cpu_seconds(lambda: render_plan_markdown(plan))
    return f"{name:<9} {len(text):>7,} chars  {shown}  summed {summed}  CPU {seconds:.3f} s"


def main() -> None:
    for name, build in (("bulk", bulk), ("archives", archives), ("huge", huge)):
        print(report(name, build()))


if __name__ == "__main__":
    main()
