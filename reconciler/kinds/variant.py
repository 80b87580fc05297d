"""Variants, keyed by ``sku`` across the whole account, declared under their product."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, Field

from reconciler.kinds.base import Fields, References, Wanted
from reconciler.kinds.columns import Column, ColumnSpec
from reconciler.kinds.fields import (
    NOT_BOOLEAN,
    Amount,
    CountryCode,
    Key,
    Record,
    ReferenceTo,
    Text,
    optional_text,
    switch,
)
from reconciler.kinds.price_list import BUILTIN_PRICE_LISTS
from reconciler.kinds.values import boolean, decimal_text, integer, text, upper_code


def _price_not_removed(value: Any) -> Any:
    if value is None:
        raise ValueError(
            "a price cannot be removed: the API documents no way to delete a variant's price "
            "(variant_prices only sets them); write a price, or leave the list out to stop "
            "managing it"
        )
    return value


class Variant(Record):
    """One sellable variant of a product."""

    sku: Key = Field(
        title="SKU",
        description="Identity key, unique across the account; a number is read as written.",
        examples=["DEMO-GOBS-PEA"],
    )
    name: Text | None = optional_text("Name", "Display name of the variant.", "Peach")
    opt1: Text | None = optional_text("Option 1", "Value of the product's first option.", "Peach")
    opt2: Text | None = optional_text("Option 2", "Value of the product's second option.")
    opt3: Text | None = optional_text("Option 3", "Value of the product's third option.")
    prices: dict[Key, Annotated[Amount, BeforeValidator(_price_not_removed)]] = Field(
        default_factory=dict,
        title="Prices",
        description=(
            "Prices by price list code: the built-in `retail`, `wholesale` and `buy`, or the code "
            "of a declared or existing custom list. Only the prices written are managed."
        ),
        examples=[{"retail": 22.0, "wholesale": 12.0, "buy": 4.5, "VIP": 20}],
    )
    taxable: bool | None = Field(
        default=None, title="Taxable", description="Whether the variant can be taxed."
    )
    weight: Amount | None = Field(
        default=None, title="Weight", description="Weight in `weight_unit`.", examples=[0.2]
    )
    weight_unit: Literal["kg", "gm", "oz", "lb"] | None = Field(
        default=None,
        title="Weight unit",
        description="Unit of `weight`: kilograms, grams, ounces or pounds.",
        examples=["kg"],
    )
    upc: Text | None = optional_text("UPC", "The barcode; digits are kept as written.")
    supplier_code: Text | None = optional_text(
        "Supplier code", "The supplier's own code for the variant."
    )
    description: Text | None = optional_text("Description", "Description of the variant.")
    hs_code: Text | None = optional_text("HS code", "Harmonized System code.", "110100")
    country_of_origin: CountryCode | None = Field(
        default=None, title="Country of origin", description="ISO 3166-1 alpha-2 code."
    )
    keep_selling: bool | None = switch(
        "Keep selling", "Allow the variant to be sold when it is out of stock."
    )
    manage_stock: bool | None = switch(
        "Manage stock", "Track stock levels (off for services and gift cards)."
    )
    online_ordering: bool | None = switch(
        "Online ordering", "Offer the variant on the B2B platform."
    )
    sellable: bool | None = switch("Sellable", "Whether it can be added to sales orders.")
    purchasable: bool | None = switch(
        "Purchasable", "Whether it can be added to purchase orders."
    )
    max_online: Annotated[int, Field(ge=0), NOT_BOOLEAN] | None = Field(
        default=None,
        title="Maximum online",
        description="Online stores show stock levels up to this number.",
        examples=[50],
    )
    initial_stock_level: Amount | None = Field(
        default=None,
        title="Initial stock level",
        description="Stock added when the variant is created; never compared afterwards.",
        examples=[100],
    )
    initial_stock_location: Key | None = Field(
        default=None,
        title="Initial stock location",
        description=(
            "Label of the location receiving the initial stock (declared or existing); "
            "default: the account's primary location. Create-only."
        ),
        examples=["Main Warehouse"],
    )
    initial_cost_price: Amount | None = Field(
        default=None,
        title="Initial cost price",
        description="Cost price of the initial stock. Create-only.",
        examples=[4.5],
    )

    def yaml_references(self) -> tuple[ReferenceTo, ...]:
        prices = _price_references(tuple(self.prices))
        location = self.initial_stock_location
        if not location:
            return prices
        return (*prices, ("location", location, ("initial_stock_location",)))


@lru_cache(maxsize=4096)
def _price_references(codes: tuple[str, ...]) -> tuple[ReferenceTo, ...]:
    """One shared tuple of references per set of price list codes, in their order (every
    variant of a catalogue names the same few lists)."""
    return tuple(("price_list", code, ("prices", code)) for code in codes)


PRICE_PREFIX = "prices."


@lru_cache(maxsize=4096)
def price_field(code: str) -> str:
    """The plan's name of one price: ``prices.<price list code, casefolded>`` (one string per
    code: a catalogue names the same few lists on every variant)."""
    return PRICE_PREFIX + code.strip().casefold()


_BUILTIN_PRICE_FIELDS = tuple((price_field(code), f"{code}_price") for code in BUILTIN_PRICE_LISTS)
"""The plan's name and the API attribute of each built-in list's price (``retail_price``)."""


def _read_weight(api_record: Mapping[str, Any], refs: References) -> str | None:
    """``weight_value`` where the API has it; newer answers put the unit in ``weight``."""
    for name in ("weight_value", "weight"):
        value = decimal_text(api_record.get(name))
        if value is not None and _is_number(value):
            return value
    return None


@lru_cache(maxsize=4096)
def _is_number(text: str) -> bool:
    try:
        return Decimal(text).is_finite()
    except InvalidOperation:
        return False


def _weight_unit(value: Any) -> str | None:
    """``g`` is what later API versions call ``gm``; both mean grams."""
    unit = text(value)
    return "gm" if unit is not None and unit.lower() == "g" else unit


POSITION = "position"
RANK = "position_rank"
"""Where ``prepare`` puts a variant's 1-based rank among its product's live variants."""


def _ranked(api_records: list[dict[str, Any]], declared: frozenset[str]) -> list[dict[str, Any]]:
    """Each variant with its rank among the live variants with a SKU of its product, ordered
    by the API's ``position`` (then id: real accounts hold equal positions). When the
    configuration declares variants, only declared ones are ranked, so an undeclared variant
    never makes the declared order drift."""
    siblings: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in api_records:
        sku = text(record.get("sku"))
        if record.get("status") != "archived" and sku and (not declared or sku in declared):
            siblings[str(record.get("product_id"))].append(record)
    ranks: dict[int, int] = {}
    for group in siblings.values():
        group.sort(key=lambda r: (integer(r.get(POSITION)) or 0, integer(r.get("id")) or 0))
        ranks.update({id(record): rank for rank, record in enumerate(group, start=1)})
    return [{**record, RANK: ranks.get(id(record))} for record in api_records]


def _read_rank(api_record: Mapping[str, Any], refs: References) -> int | None:
    rank = api_record.get(RANK)
    return rank if isinstance(rank, int) else None


def _location_id(label: Any, refs: References) -> Any:
    return refs.id_of("location", str(label)) if label is not None else None


class VariantSpec(ColumnSpec):
    """Variants: ``variant["DEMO-GOBS-PEA"]``, nested under ``products[].variants``."""

    name: ClassVar[str] = "variant"
    section: ClassVar[str] = "variants"
    resource: ClassVar[str] = "variants"
    root: ClassVar[str] = "variant"
    key_field: ClassVar[str] = "sku"
    model: ClassVar[type[BaseModel]] = Variant
    parent: ClassVar[str | None] = "product"
    label_field: ClassVar[str | None] = "name"
    place_field: ClassVar[str | None] = POSITION
    needs: ClassVar[tuple[str, ...]] = ("product", "price_list", "location")
    read_statuses: ClassVar[tuple[str, ...] | None] = ("active", "disabled", "archived")
    create_only: ClassVar[frozenset[str]] = frozenset(
        {"initial_stock_level", "initial_stock_location", "initial_cost_price"}
    )
    export_note: ClassVar[str | None] = (
        "stock levels are not exported: stock is not catalogue (initial_stock_* stay create-only; "
        "move stock with a stock transfer)"
    )
    columns: ClassVar[tuple[Column, ...]] = (
        Column("sku"),
        Column("name"),
        Column("opt1"),
        Column("opt2"),
        Column("opt3"),
        Column("taxable", normalise=boolean),
        Column("weight", normalise=decimal_text, read=_read_weight),
        Column("weight_unit", normalise=_weight_unit),
        Column("upc"),
        Column("supplier_code"),
        Column("description"),
        Column("hs_code"),
        Column("country_of_origin", normalise=upper_code),
        Column("keep_selling", normalise=boolean),
        Column("manage_stock", normalise=boolean),
        Column("online_ordering", normalise=boolean),
        Column("sellable", normalise=boolean),
        Column("purchasable", normalise=boolean),
        Column("max_online", normalise=integer),
        Column(POSITION, normalise=integer, read=_read_rank),
        Column("initial_stock_level", normalise=decimal_text),
        Column("initial_stock_location", wire="initial_stock_location_id", write=_location_id),
        Column("initial_cost_price", normalise=decimal_text),
    )

    def prepare(
        self,
        api_records: list[dict[str, Any]],
        declared: frozenset[str] = frozenset(),
        only: Wanted = None,
    ) -> list[dict[str, Any]]:
        if only is not None and POSITION not in only:
            return api_records  # no rank asked for: no copy of every record
        return _ranked(api_records, declared)

    def desired(self, record: BaseModel, ctx: Mapping[str, Any]) -> Fields:
        fields = super().desired(record, ctx)
        if getattr(ctx.get("parent"), "ordered_variants", None) and "index" in ctx:
            fields[POSITION] = int(ctx["index"]) + 1
        if "prices" in record.model_fields_set:
            for code, amount in getattr(record, "prices", {}).items():
                fields[price_field(code)] = decimal_text(amount)
        return fields

    def current(
        self, api_record: Mapping[str, Any], refs: References, only: Wanted = None
    ) -> Fields:
        fields = super().current(api_record, refs, only)
        get = api_record.get
        for builtin, attribute in _BUILTIN_PRICE_FIELDS:
            if only is None or builtin in only:
                fields[builtin] = decimal_text(get(attribute))
        for entry in get("variant_prices") or ():
            list_id = entry.get("price_list_id") if isinstance(entry, dict) else None
            if list_id is None or str(list_id) in BUILTIN_PRICE_LISTS:
                continue
            list_code = refs.key_of("price_list", list_id)
            name = price_field(list_code) if list_code is not None else None
            if name is not None and (only is None or name in only):
                fields[name] = decimal_text(entry.get("value"))
        return fields

    def update_body(self, fields: Fields, refs: References) -> dict[str, Any]:
        plain = {k: v for k, v in fields.items() if not k.startswith(PRICE_PREFIX)}
        body = super().update_body(plain, refs)
        custom: list[dict[str, Any]] = []
        for name, value in fields.items():
            if not name.startswith(PRICE_PREFIX):
                continue
            code = name.removeprefix(PRICE_PREFIX)
            if code in BUILTIN_PRICE_LISTS:
                # The API ignores variant_prices entries for the built-in lists.
                body[f"{code}_price"] = value
            else:
                custom.append({"price_list_id": refs.id_of("price_list", code), "value": value})
        if custom:
            body["variant_prices"] = custom
        return body

    def export_order(self, key: str, fields: Fields) -> tuple[Any, ...]:
        """The account's order (the product's ``ordered_variants`` keeps it)."""
        rank = fields.get(POSITION)
        return (rank if isinstance(rank, int) else 0, key.casefold())

    def export(self, fields: Fields) -> dict[str, Any]:
        plain = super().export(
            {k: v for k, v in fields.items() if not k.startswith(PRICE_PREFIX) and k != POSITION}
        )
        prices = {
            name.removeprefix(PRICE_PREFIX): Decimal(value)
            for name, value in fields.items()
            if name.startswith(PRICE_PREFIX) and value is not None
        }
        return {**plain, "prices": prices} if prices else plain
