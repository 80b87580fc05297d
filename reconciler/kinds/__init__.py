"""The kinds gecko-apply manages, in apply order.

``KINDS`` is the one registry: currencies, locations, payment terms, tax types, price lists,
suppliers, products, then variants and images (which nest under products in YAML). The engine, the
renderers and the schema generator learn about kinds only from here; adding a kind means adding
its module and one entry below.
"""

from __future__ import annotations

from collections.abc import Iterable

from reconciler.kinds.base import KindSpec
from reconciler.kinds.currency import CurrencySpec
from reconciler.kinds.image import ImageSpec
from reconciler.kinds.location import LocationSpec
from reconciler.kinds.payment_term import PaymentTermSpec
from reconciler.kinds.price_list import PriceListSpec
from reconciler.kinds.product import ProductSpec
from reconciler.kinds.supplier import SupplierSpec
from reconciler.kinds.tax_type import TaxTypeSpec
from reconciler.kinds.variant import VariantSpec


def build_registry(specs: Iterable[KindSpec]) -> tuple[KindSpec, ...]:
    """The specs as an ordered tuple; a repeated name or section is refused."""
    registry: list[KindSpec] = []
    for spec in specs:
        for other in registry:
            if spec.name == other.name or spec.section == other.section:
                raise ValueError(f"kind {spec.name!r} ({spec.section}) is registered twice")
        registry.append(spec)
    return tuple(registry)


KINDS: tuple[KindSpec, ...] = build_registry(
    (
        CurrencySpec(),
        LocationSpec(),
        PaymentTermSpec(),
        TaxTypeSpec(),
        PriceListSpec(),
        SupplierSpec(),
        ProductSpec(),
        VariantSpec(),
        ImageSpec(),
    )
)


def kind_by_name(name: str) -> KindSpec:
    """The spec of the kind addressed as ``name`` (``"price_list"``); ``KeyError`` if none."""
    for spec in KINDS:
        if spec.name == name:
            return spec
    raise KeyError(name)


def kind_by_section(section: str) -> KindSpec:
    """The spec of the kind declared under ``section`` (``"price_lists"``); ``KeyError`` if none."""
    for spec in KINDS:
        if spec.section == section:
            return spec
    raise KeyError(section)


def top_level_kinds() -> tuple[KindSpec, ...]:
    """The kinds declared at the top of a configuration (those without a parent)."""
    return tuple(spec for spec in KINDS if spec.parent is None)


def child_kinds(parent: str) -> tuple[KindSpec, ...]:
    """The kinds nested under records of ``parent`` (variants under ``product``)."""
    return tuple(spec for spec in KINDS if spec.parent == parent)


__all__ = [
    "KINDS",
    "KindSpec",
    "build_registry",
    "child_kinds",
    "kind_by_name",
    "kind_by_section",
    "top_level_kinds",
]
