"""The resources the sandbox serves, by their path (plural) name."""

from __future__ import annotations

from reconciler.sandbox.resources.account import Account
from reconciler.sandbox.resources.base import Context, Resource
from reconciler.sandbox.resources.companies import Companies
from reconciler.sandbox.resources.currencies import Currencies
from reconciler.sandbox.resources.images import Images
from reconciler.sandbox.resources.price_lists import PriceLists
from reconciler.sandbox.resources.products import Products
from reconciler.sandbox.resources.simple import Locations, PaymentTerms
from reconciler.sandbox.resources.tax import TaxComponents, TaxTypes
from reconciler.sandbox.resources.users import Users
from reconciler.sandbox.resources.variants import Variants

__all__ = ["Context", "Resource", "registry"]


def registry() -> dict[str, Resource]:
    resources: list[Resource] = [
        Account(), Currencies(), Locations(), PaymentTerms(), TaxTypes(), TaxComponents(),
        PriceLists(), Companies(), Products(), Variants(), Images(), Users(),
    ]
    return {resource.plural: resource for resource in resources}
