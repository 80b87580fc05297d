"""What an apply did: one outcome per change, in plan order."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from reconciler.engine.plan import Action


class Status(StrEnum):
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    SKIPPED = "skipped"


class Outcome(BaseModel):
    """The result of one change; ``message`` says why it failed or was skipped."""

    model_config = ConfigDict(frozen=True)

    address: str
    action: Action
    status: Status
    message: str = ""
    remote_id: int | str | None = None


class ApplyReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    outcomes: tuple[Outcome, ...] = ()
    requests: int = 0
    seconds: float = 0.0

    def count(self, status: Status) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status is status)

    @property
    def ok(self) -> bool:
        return self.count(Status.FAILED) == 0 and self.count(Status.SKIPPED) == 0
