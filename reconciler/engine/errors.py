"""Errors of planning and applying.

::

    GeckoApplyError
    └── PlanError                 the plan cannot be made (unresolved references, ambiguous keys)
        ├── SafetyError           the plan crosses a threshold; --force overrides
        └── StalePlanError        a saved plan expired, or the configuration or account changed
"""

from __future__ import annotations

from collections.abc import Sequence

from reconciler.errors import GeckoApplyError


class PlanError(GeckoApplyError):
    """The plan cannot be made; ``problems`` lists every reason, one line each."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


class SafetyError(PlanError):
    """The plan crosses a safety threshold."""


class StalePlanError(PlanError):
    """A saved plan no longer describes the account or the configuration."""
