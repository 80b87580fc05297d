"""The plan as data: frozen, ordered, versioned and serialisable.

A ``Plan`` is an ordered tuple of ``Change`` records, one shape for every action:

- ``create``: ``fields`` holds every managed field with ``before`` ``None``; no ``remote_id``.
- ``update``: ``fields`` holds the changed managed fields only, with both sides.
- ``restore``: the record is archived remotely and declared; ``fields`` holds what changes on top
  of the status (``status`` itself is shown as ``archived`` → ``active``).
- ``archive``: ``fields`` is empty; ``remote_id`` and ``fingerprint`` name the record.

Values are the normalised, JSON-safe values of ``reconciler.kinds.base``: decimals as canonical
strings, references as natural keys. The JSON form (``Plan.model_dump(mode="json")``) is what
``plan --out`` writes and ``apply PLANFILE`` reads; ``FORMAT_VERSION`` changes when it does.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

FORMAT_VERSION = "1"


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    RESTORE = "restore"
    ARCHIVE = "archive"


ROUTINE_REASONS = {
    Action.CREATE: "not in the account",
    Action.UPDATE: "differs from the configuration",
    Action.RESTORE: "archived in the account, declared in the configuration",
}
"""The reason a change has when there is nothing to say beyond its action."""


class FieldChange(BaseModel):
    model_config = ConfigDict(frozen=True)

    before: Any = None
    after: Any = None


class Change(BaseModel):
    """One action on one record, addressed by its natural key."""

    model_config = ConfigDict(frozen=True)

    address: str
    kind: str
    key: str
    action: Action
    reason: str
    fields: dict[str, FieldChange] = Field(default_factory=dict)
    remote_id: int | str | None = None
    fingerprint: str | None = Field(
        default=None, description="The remote record's updated_at when the plan was made."
    )
    parent: str | None = Field(
        default=None, description="Address of the record this one nests in (a variant's product)."
    )
    name: str | None = Field(
        default=None,
        description="What people call an archived record whose key is not its name (a "
        "variant's name), as the account has it: the configuration no longer does.",
    )
    depends_on: tuple[str, ...] = Field(
        default=(), description="Addresses of changes that must succeed before this one."
    )
    source: str | None = Field(default=None, description="file:line where the record is declared.")
    archives_with: tuple[str, ...] = Field(
        default=(), description="Addresses the API archives with this record (its variants)."
    )


class Estimate(BaseModel):
    """What applying the plan costs under the API's rate limit."""

    model_config = ConfigDict(frozen=True)

    requests: int
    seconds: float
    rate_limit: int = 300
    window_seconds: int = 300
    api_share: float = 1.0
    read_requests: int = 0
    """The requests reading the account took; apply (and every later plan) reads it again."""


class Account(BaseModel):
    """The account a plan was made against (``GET /accounts/current``)."""

    model_config = ConfigDict(frozen=True)

    id: int | str
    name: str | None = None


class Plan(BaseModel):
    model_config = ConfigDict(frozen=True)

    format_version: Literal["1"] = "1"
    violations: tuple[str, ...] = Field(
        default=(), description="Safety thresholds the plan crosses; such a plan is not applied."
    )
    changes: tuple[Change, ...] = ()
    estimate: Estimate = Estimate(requests=0, seconds=0.0)
    created_at: datetime | None = None
    expires_at: datetime | None = None
    config_hash: str | None = None
    config_path: str | None = None
    api_url: str | None = None
    account: Account | None = None
    warnings: tuple[str, ...] = ()
    price_change_percent: float | None = Field(
        default=50,
        description="options.thresholds.price_change_percent of the configuration: the "
        "markdown plan lists price moves beyond it (None: none listed).",
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def summary(self) -> dict[str, int]:
        counts = {action.value: 0 for action in Action}
        for change in self.changes:
            counts[change.action.value] += 1
        return counts

    @computed_field  # type: ignore[prop-decorator]
    @property
    def archived_with(self) -> int:
        """Records archived along with the archives (a product's variants)."""
        return sum(len(change.archives_with) for change in self.changes)

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)

    def by_address(self) -> dict[str, Change]:
        return {change.address: change for change in self.changes}


class SavedPlan(Plan):
    """A plan file as ``apply PLANFILE`` accepts it: every field that binds the plan to its
    account, its configuration and its lifetime is required, so none of those checks can be
    skipped by leaving a field out."""

    changes: tuple[Change, ...]
    estimate: Estimate
    created_at: datetime
    expires_at: datetime
    config_hash: str
    config_path: str
    account: Account
