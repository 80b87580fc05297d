"""Tax types and their components, keyed by ``code``."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from reconciler.kinds.base import KindSpec
from reconciler.kinds.fields import Amount, Key, Record, Text


class TaxComponent(BaseModel):
    """One component of a tax type; its position is its place in the list."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: Text = Field(title="Label", description="Display name.", examples=["GST"])
    rate: Amount = Field(title="Rate", description="Rate in percent.", examples=[9])
    compound: bool = Field(
        default=False,
        title="Compound",
        description="Applied on top of the other components instead of added to them.",
    )


class TaxType(Record):
    """A tax type; the API computes its effective rate from the components."""

    code: Key = Field(title="Code", description="Identity key.", examples=["GST"])
    name: Text | None = Field(
        default=None,
        title="Name",
        description="Display name; required when the tax type is created.",
        examples=["Goods and Services Tax"],
    )
    components: tuple[TaxComponent, ...] = Field(
        default=(),
        title="Components",
        description="The tax components, in order; managed as a whole list when written.",
    )


class TaxTypeSpec(KindSpec):
    """Tax types: ``tax_type["GST"]``."""

    name: ClassVar[str] = "tax_type"
    section: ClassVar[str] = "tax_types"
    resource: ClassVar[str] = "tax_types"
    root: ClassVar[str] = "tax_type"
    key_field: ClassVar[str] = "code"
    model: ClassVar[type[BaseModel]] = TaxType
