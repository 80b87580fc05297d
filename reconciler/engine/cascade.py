"""What an archive takes with it (pure): the API archives a product's variants with it, so the
plan lists them on the product's change and counts them, rather than leaving them unseen."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from reconciler.engine.plan import Action, Change
from reconciler.engine.planner import KindComparison


def with_cascades(
    comparisons: Sequence[KindComparison], changes: Sequence[Change]
) -> tuple[Change, ...]:
    """``changes`` with every archive's active children (not archived on their own) listed."""
    own = {c.address for c in changes if c.action is Action.ARCHIVE}
    if not own:
        return tuple(changes)
    children: dict[tuple[str, str], list[str]] = defaultdict(list)
    for comparison in comparisons:
        parent, matching = comparison.spec.parent, comparison.matching
        if parent is None:
            continue
        remotes = [*matching.unmatched, *(m.remote for m in matching.matches if m.remote)]
        for remote in remotes:
            if remote.archived or remote.key is None or remote.parent_id is None:
                continue
            address = comparison.spec.address(remote.key)
            if address not in own:
                children[(parent, str(remote.parent_id))].append(address)
    return tuple(
        change.model_copy(update={"archives_with": tuple(sorted(found))})
        if change.action is Action.ARCHIVE
        and (found := children.get((change.kind, str(change.remote_id))))
        else change
        for change in changes
    )
