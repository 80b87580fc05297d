"""A rich source account, built through the API: every writable field of every managed kind set
away from its default, several currencies, custom price lists in them, suppliers with their
defaults, variants in an order that is not alphabetical (and one moved first after the fact),
images on some variants of every third product (and on none), and more than fifty products."""

from __future__ import annotations

from typing import Any

from tests.e2e.migration.api import Api

PRODUCTS = 55
ORDER = ("ZULU", "ALPHA", "MIKE")
"""Each product's variants, created in this (non-alphabetical) order."""

CURRENCIES = (
    {"iso": "EUR", "name": "Euro", "symbol": "€", "rate": "0.68", "separator": ",",
     "delimiter": " ", "format": "%n %u", "precision": 2},
    {"iso": "USD", "name": "US Dollar", "symbol": "US$", "rate": "0.74", "separator": ".",
     "delimiter": "'", "format": "%u %n", "precision": 3},
    {"iso": "JPY", "name": "Yen", "symbol": "¥", "rate": "110.5", "precision": 0},
)


def build(api: Api) -> None:
    currency = {c["iso"]: api.create("currencies", "currency", c)["id"] for c in CURRENCIES}
    annex = _locations(api)
    term = api.create("payment_terms", "payment_term", {"name": "NET45", "due_in_days": 45,
                                                        "from": "eom"})
    tax = api.create("tax_types", "tax_type", {
        "code": "VAT", "name": "Value added", "tax_components": [
            {"label": "National", "rate": "10", "position": 0, "compound": False},
            {"label": "Surcharge", "rate": "1.5", "position": 1, "compound": True},
        ]})
    lists = {
        "EU": api.create("price_lists", "price_list", {
            "code": "EU", "name": "Europe", "currency_id": currency["EUR"], "is_cost": False,
            "position": 2})["id"],
        "US": api.create("price_lists", "price_list", {
            "code": "US", "name": "United States", "currency_id": currency["USD"],
            "is_cost": True, "position": 1})["id"],
    }
    defaults = {"default_payment_term_id": term["id"], "default_tax_type_id": tax["id"],
                "default_price_list_id": str(lists["US"]), "default_stock_location_id": annex}
    suppliers = [api.create("companies", "company", _supplier(n, defaults))["id"] for n in (0, 1)]
    for number in range(PRODUCTS):
        _product(api, number, lists, suppliers)


def _supplier(number: int, defaults: dict[str, Any]) -> dict[str, Any]:
    """Supplier 0 with every default set; supplier 1 with a built-in price list and no others."""
    own = defaults if number == 0 else {"default_price_list_id": "buy"}
    return {
        "name": f"Supplier {number}", "company_type": "supplier", "company_code": f"S{number}",
        "email": f"orders{number}@supplier.example", "phone_number": f"+64 9 555 000{number}",
        "fax": f"+64 9 555 100{number}", "website": f"https://supplier{number}.example",
        "tax_number": f"NZ-{number}-42", "description": f"Supplier number {number}.",
        "tags": ["migrated", f"tier-{number}"], "default_discount_rate": f"{number + 2}.5", **own,
    }


def _locations(api: Api) -> int:
    primary = api.account()["primary_location_id"]
    api.update("locations", "location", primary, {
        "address2": "#10-01", "suburb": "Downtown", "state": "Central", "zip_code": "048617"})
    annex = api.create("locations", "location", {
        "label": "Annex", "address1": "3 Side Street", "address2": "Unit 4", "city": "Auckland",
        "suburb": "Ponsonby", "state": "Auckland", "zip_code": "1011", "country": "NZ",
        "holds_stock": False})
    return int(annex["id"])


def _product(api: Api, number: int, lists: dict[str, int], suppliers: list[int]) -> None:
    product = api.create("products", "product", {
        "name": f"Migrated product {number:02d}", "product_type": f"Type {number % 4}",
        "brand": f"Brand {number % 3}", "description": f"Product number {number}.",
        "tags": f"migrated,batch-{number % 5}",
        "status": "disabled" if number % 5 == 0 else "active",
        "opt1": "Flavour", "opt2": "Size", "opt3": "Wrap",
        "supplier_ids": [suppliers[number % 2]],
        "variants": [_variant(number, code, lists) for code in ORDER],
    })
    if number % 10 == 0:  # a variant added later and moved to the front
        api.create("variants", "variant", {
            **_variant(number, "LATE", lists), "product_id": product["id"], "position": 0})
    if number % 3 == 0:
        _images(api, number, product)


def _images(api: Api, number: int, product: dict[str, Any]) -> None:
    """Three images, created out of alphabetical order: on the first variant, on the last two,
    and on none."""
    variants = product["variant_ids"]
    for name, ids in (("zulu", variants[:1]), ("front", variants[1:]), ("spare", [])):
        api.create("images", "image", {
            "product_id": product["id"], "variant_ids": ids,
            "url": f"https://cdn.example.com/migrated/{number:02d}/{name}.jpg?v=1",
        })


def _variant(number: int, code: str, lists: dict[str, int]) -> dict[str, Any]:
    odd = number % 2 == 1
    return {
        "sku": f"MIG-{number:02d}-{code}", "name": code.title(), "opt1": code.lower(),
        "opt2": "L" if odd else "S", "opt3": "Foil", "retail_price": f"{20 + number}.5",
        "wholesale_price": f"{10 + number}", "buy_price": "4.25",
        "variant_prices": [{"price_list_id": lists["EU"], "value": f"{18 + number}.9"},
                           {"price_list_id": lists["US"], "value": "3.3"}],
        "taxable": False, "weight": "0.25", "weight_unit": "oz" if odd else "kg",
        "upc": f"0{number:02d}1234567{len(code)}", "supplier_code": f"SUP-{number}-{code}",
        "description": f"{code} of {number}", "hs_code": "170490", "country_of_origin": "NZ",
        "keep_selling": True, "manage_stock": odd, "online_ordering": True,
        "sellable": not odd, "purchasable": False, "max_online": str(5 + number % 7),
        "initial_stock_level": 12, "initial_cost_price": "4.0",
    }
