"""Payment terms, keyed by ``name``."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel, Field

from reconciler.kinds.columns import Column, ColumnSpec
from reconciler.kinds.fields import Days, Key, Record
from reconciler.kinds.values import integer


class PaymentTerm(Record):
    """When an invoice falls due."""

    name: Key = Field(title="Name", description="Identity key.", examples=["NET30"])
    due_in_days: Days | None = Field(
        default=None,
        title="Due in days",
        description="Number of days until payment is due.",
        examples=[30],
    )
    from_: Literal["now", "eom"] | None = Field(
        default=None,
        alias="from",
        title="From",
        description="Whether `due_in_days` counts from now or from the end of the month (eom).",
        examples=["now"],
    )


class PaymentTermSpec(ColumnSpec):
    """Payment terms: ``payment_term["NET30"]``."""

    name: ClassVar[str] = "payment_term"
    section: ClassVar[str] = "payment_terms"
    section_description: ClassVar[str | None] = "Payment terms, by name."
    resource: ClassVar[str] = "payment_terms"
    root: ClassVar[str] = "payment_term"
    key_field: ClassVar[str] = "name"
    model: ClassVar[type[BaseModel]] = PaymentTerm
    columns: ClassVar[tuple[Column, ...]] = (
        Column("name"),
        Column("due_in_days", normalise=integer),
        Column("from"),
    )
