"""A character budget, so a markdown document stays under a size limit at any plan size."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")


class Budget:
    """Characters left; each line costs its length plus the newline that joins it."""

    def __init__(self, chars: int) -> None:
        self.left = chars

    def cost(self, lines: Iterable[str]) -> int:
        return sum(len(line) + 1 for line in lines)

    def fits(self, lines: Iterable[str], reserve: int = 0) -> bool:
        return self.cost(lines) + reserve <= self.left

    def take(self, lines: Iterable[str]) -> list[str]:
        taken = list(lines)
        self.left -= self.cost(taken)
        return taken

    def sub(self, chars: int) -> Budget:
        """A share of this budget for one section; spend it back with ``take``."""
        return Budget(max(0, min(chars, self.left)))


def fill(
    items: Sequence[T], render: Callable[[T], str], budget: Budget, reserve: int = 0
) -> tuple[list[str], int]:
    """Render items in order while their lines fit with ``reserve`` left over.

    Returns the lines and how many items were left out; items after the first that does not fit
    are never rendered, so a huge plan costs no more than the budget.
    """
    taken: list[str] = []
    for index, item in enumerate(items):
        line = render(item)
        if not budget.fits([line], reserve):
            return taken, len(items) - index
        taken.extend(budget.take([line]))
    return taken, 0
