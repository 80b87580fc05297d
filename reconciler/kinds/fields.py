"""Field types shared by the kinds' YAML models, and the base every record model derives from.

Every optional field defaults to ``None`` (or an empty tuple or mapping) and is *managed only when
written*: the engine reads ``record.model_fields_set``, never the defaults. A field written as
``null`` is written, and means "clear it".

YAML numbers written where text is expected keep their source text: ``sku: 00123`` is
``"00123"`` and ``upc: 012345678905`` keeps its leading zero, because the loader hands pydantic
numbers that remember how they were written (see ``reconciler.config.reader``).
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    WithJsonSchema,
)
from pydantic_core import core_schema

from reconciler.kinds.iso import COUNTRY_CODES, COUNTRY_HINTS, CURRENCY_CODES, CURRENCY_HINTS
from reconciler.kinds.schema_patterns import codes_schema, decimal_schema, text_schema


def scalar_text(value: Any) -> Any:
    """Numbers written in YAML where text is expected, as the text they were written with."""
    if isinstance(value, bool):
        return value
    source = getattr(value, "yaml_source", None)
    if isinstance(source, str):
        return source
    if isinstance(value, int | Decimal):
        return str(value)
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


def _country(value: str) -> str:
    code = value.strip().upper()
    if code not in COUNTRY_CODES:
        hint = COUNTRY_HINTS.get(code)
        suffix = f" (did you mean {hint!r}?)" if hint else ""
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code{suffix}")
    return code


def _currency(value: str) -> str:
    code = value.strip().upper()
    if code not in CURRENCY_CODES:
        hint = CURRENCY_HINTS.get(code)
        suffix = f"did you mean {hint!r}?" if hint else "three letters, e.g. SGD"
        raise ValueError(f"{value!r} is not an ISO 4217 currency code ({suffix})")
    return code


class _SourceText:
    """``scalar_text`` before a string, run only for what is not a string already: pydantic's
    core takes strings as they are, without a call into Python for each."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        converted = core_schema.no_info_before_validator_function(scalar_text, handler(source))
        return core_schema.union_schema(
            [core_schema.str_schema(strict=True), converted],
            mode="left_to_right",
            custom_error_type="string_type",
        )


Text = Annotated[str, _SourceText(), WithJsonSchema(text_schema())]
"""A string; a YAML number in its place is read as the text it was written with."""

Key = Annotated[
    str, _SourceText(), AfterValidator(_not_blank), WithJsonSchema(text_schema(blank=False))
]
"""A natural key: non-blank text."""

CountryCode = Annotated[
    str,
    _SourceText(),
    AfterValidator(_country),
    WithJsonSchema(codes_schema(COUNTRY_CODES)),
]
"""An ISO 3166-1 alpha-2 country code, upper-cased (``sg`` → ``SG``)."""

CurrencyCode = Annotated[
    str,
    _SourceText(),
    AfterValidator(_currency),
    WithJsonSchema(codes_schema(CURRENCY_CODES)),
]
"""An ISO 4217 currency code, upper-cased (``sgd`` → ``SGD``); resolved against the account."""

MAX_DECIMAL_PLACES = 4
MAX_DIGITS = 15


def _storable(value: Decimal) -> Decimal:
    """Refuse an amount the API would not keep exactly: more than 4 decimal places (the finest
    currency precision it documents) or more than 15 digits in all (what survives a JSON number
    read as a double). Rounding silently would make apply write a value nobody wrote."""
    problem = _storable_problem(value)
    if problem:
        raise ValueError(problem)
    return value


@lru_cache(maxsize=65_536)
def _storable_problem(value: Decimal) -> str:
    """Equal amounts have the same digits, so the answer is kept per value (prices repeat)."""
    _, digits, exponent = value.normalize().as_tuple()
    assert isinstance(exponent, int)  # finite: pydantic refuses infinities and NaN first
    places = max(0, -exponent)
    if places > MAX_DECIMAL_PLACES:
        return (f"{places} decimal places, more than the {MAX_DECIMAL_PLACES} the API "
                "keeps; gecko-apply never rounds")
    if max(0, len(digits) + exponent) + places > MAX_DIGITS:
        return (f"more digits than the API keeps exactly ({MAX_DIGITS} in all, "
                f"{MAX_DECIMAL_PLACES} after the point); gecko-apply never rounds")
    return ""


Amount = Annotated[
    Decimal,
    Field(ge=0),
    AfterValidator(_storable),
    WithJsonSchema(
        decimal_schema(minimum=Decimal(0), places=MAX_DECIMAL_PLACES, digits=MAX_DIGITS)
    ),
]
"""A non-negative decimal kept exact (``0.1`` is ``Decimal("0.1")``, never a float), and
refused rather than rounded when the API would not store it exactly."""

def _not_boolean(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("must be a whole number, not true or false")
    return value


NOT_BOOLEAN = BeforeValidator(_not_boolean)
"""Last in an integer's ``Annotated``: ``true`` is refused rather than read as 1 (as pydantic's
lax mode would); after the bounds, so that they stay the integer's own (and the schema's)."""

Days = Annotated[int, Field(ge=0), NOT_BOOLEAN]

ReferenceTo = tuple[str, str, tuple[str | int, ...]]
"""``(kind, key, field path within the record)``: a record of another kind that a field names."""


class Lifecycle(BaseModel):
    """How gecko-apply treats one record beyond its fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ignore_fields: tuple[Text, ...] = Field(
        default=(),
        title="Ignored fields",
        description=(
            "Fields never compared or updated, even when written (a written field is still sent "
            "on create). Names are the record's YAML field names; a variant may name one price as "
            "`prices.<price list code>`."
        ),
        examples=[["description"], ["prices.wholesale"]],
    )
    protect: bool = Field(
        default=False,
        title="Protect",
        description=(
            "Never archive this record; on a product, never archive its undeclared variants "
            "either (even with `variants` in `options.archive_missing`)."
        ),
        examples=[True],
    )


NO_LIFECYCLE = Lifecycle()
"""The lifecycle of every record that writes none (one shared, frozen instance)."""


class Record(BaseModel):
    """Base of every kind's YAML model: the fields every record may carry."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    renamed_from: Key | None = Field(
        default=None,
        title="Renamed from",
        description=(
            "The record's previous key: adopt the remote record found under that key and rename "
            "it, instead of archiving it and creating a new one."
        ),
    )
    lifecycle: Lifecycle = Field(
        default_factory=lambda: NO_LIFECYCLE,
        title="Lifecycle",
        description="Fields to leave alone and protection from archival.",
    )

    def yaml_references(self) -> tuple[ReferenceTo, ...]:
        """The records of other kinds this record names, by natural key, as written."""
        return ()


def optional_text(title: str, description: str, *examples: str) -> Any:
    """A ``Field`` for an optional text attribute, with its schema annotations."""
    return Field(
        default=None, title=title, description=description, examples=list(examples) or None
    )


def switch(title: str, description: str) -> Any:
    """A ``Field`` for an optional on/off attribute."""
    return Field(default=None, title=title, description=description, examples=[True])
