"""What a new database starts with.

``empty`` is a new account as NOTES.md describes it: the base currency, the three built-in price
lists, a primary location, three payment terms and three tax types with one component each.
``demo`` adds a small catalogue like the API reference's examples: its supplier and products.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reconciler.sandbox import crud
from reconciler.sandbox.resources import Context
from reconciler.sandbox.resources.price_lists import builtin_doc

SEEDS = ("demo", "empty")

_PAYMENT_TERMS = (("Cash on Delivery", 0), ("NET10", 10), ("NET30", 30))
_TAX_TYPES = (
    ("TAX EXEMPT", "Tax Exempt", "Exempt", "0.0"),
    ("SALES", "Sales Tax", "GST", "9.0"),
    ("PURCHASES", "Purchases Tax", "GST", "9.0"),
)
_BUILTIN_LISTS = (("RETAIL", "Retail", "retail"), ("WHOLE", "Wholesale", "wholesale"),
                  ("BUY", "Buy", "buy"))

_DEMO_SUPPLIER: dict[str, Any] = {
    "name": "Wonka Candy", "company_type": "supplier", "email": "william@example.com",
    "phone_number": "123-456-789", "website": "http://williamwonkacandyltd.com",
    "description": "Greatest Candy-maker and chocolatier of all time and place",
}
_SUPPLIED = frozenset({"Everlasting Gobstopper", "Golden Egg"})
_DEMO_PRODUCTS: tuple[dict[str, Any], ...] = (
    {
        "name": "Everlasting Gobstopper", "product_type": "Candy", "brand": "Wonka",
        "tags": "candy,summer", "opt1": "Flavour",
        "description": "These everlasting gobstoppers will never run out. Just keep going"
        " forever and ever, full flavour guaranteed",
        "variants": [
            {"sku": "DEMO-GOBS-PEA", "name": "Peach", "opt1": "Peach", "retail_price": "22.0",
             "wholesale_price": "12.0", "buy_price": "4.5", "initial_stock_level": 10,
             "initial_cost_price": "5.0", "weight": "0.2", "weight_unit": "kg"},
            {"sku": "DEMO-GOBS-SNO", "name": "Snozzberry", "opt1": "Snozzberry",
             "retail_price": "24.0", "wholesale_price": "12.0", "buy_price": "4.5",
             "initial_stock_level": 10, "initial_cost_price": "6.0"},
        ],
    },
    {
        "name": "Golden Egg", "product_type": "Chocolate", "brand": "Wonka",
        "tags": "candy,chocolate", "opt1": "Size",
        "description": "All ready for Easter, our giant golden chocolate eggs are just what the"
        " doctor ordered, adults and children alike",
        "variants": [
            {"sku": f"DEMO-EGG-{code}", "name": size, "opt1": size, "retail_price": price,
             "wholesale_price": "10.0", "buy_price": "3.0", "initial_stock_level": stock}
            for code, size, price, stock in (
                ("S", "Small", "12.0", 12), ("M", "Medium", "15.0", 8),
                ("L", "Large", "18.0", 7.5), ("XL", "Extra-Large", "21.0", 5),
            )
        ],
    },
    {
        "name": "Wonka Bar", "product_type": "Chocolate", "brand": "Wonka",
        "tags": "chocolate", "opt1": "Flavour", "status": "disabled",
        "variants": [
            {"sku": "DEMO-BAR-MILK", "name": "Milk", "opt1": "Milk", "retail_price": "3.5"},
            {"sku": "DEMO-BAR-DARK", "name": "Dark", "opt1": "Dark", "retail_price": "3.9"},
        ],
    },
)


def seed_if_new(ctx: Context, name: str) -> bool:
    """Seed a database that has never been seeded; returns whether it did."""
    if name not in SEEDS:
        raise ValueError(f"seed must be one of {', '.join(SEEDS)}, not {name!r}")
    if ctx.store.get_meta("seed") is not None:
        _add_missing_owner(ctx)
        return False
    with ctx.store.transaction():
        _seed_account(ctx)
        if name == "demo":
            supplier = _create(ctx, "companies", _DEMO_SUPPLIER)
            for product in _DEMO_PRODUCTS:
                supplied = {"supplier_ids": [supplier]} if product["name"] in _SUPPLIED else {}
                _create(ctx, "products", {**product, **supplied})
            _seed_demo_image(ctx)
        ctx.store.set_meta("seed", name)
    return True


def _seed_demo_image(ctx: Context) -> None:
    """The Everlasting Gobstopper's photo, on its Peach variant (never fetched)."""
    product = ctx.store.find("products", "name = ?", ["Everlasting Gobstopper"], limit=1)[0]
    peach = ctx.store.find("variants", "sku = ?", ["DEMO-GOBS-PEA"], limit=1)[0]
    _create(ctx, "images", {
        "product_id": product.id, "variant_ids": [peach.id],
        "url": "https://images.sandbox.invalid/demo/everlasting-gobstopper-peach.jpg",
    })


def _create(ctx: Context, plural: str, payload: Mapping[str, Any]) -> int:
    return crud.create(ctx, ctx.resource(plural), payload).id


def _seed_account(ctx: Context) -> None:
    currency = _create(ctx, "currencies", {
        "iso": "SGD", "name": "Singapore Dollar", "rate": "1.0", "symbol": "$",
    })
    location = _create(ctx, "locations", {
        "label": "Primary Location", "address1": "1 Raffles Place", "city": "Singapore",
        "country": "SG", "zip_code": "048616", "holds_stock": True,
    })
    lists = ctx.resource("price_lists")
    for code, list_name, builtin in _BUILTIN_LISTS:
        doc = builtin_doc(code, list_name, builtin, currency)
        ctx.store.insert("price_lists", "active", doc, lists.column_values(doc))
    terms = [_create(ctx, "payment_terms", {"name": n, "due_in_days": d, "from": "now"})
             for n, d in _PAYMENT_TERMS]
    taxes = [
        _create(ctx, "tax_types", {"code": code, "name": name, "tax_components": [
            {"label": label, "rate": rate, "position": 1, "compound": False}]})
        for code, name, label, rate in _TAX_TYPES
    ]
    account = _create(ctx, "accounts", {
        "name": "Sandbox Trading", "country": "SG", "contact_email": "owner@example.com",
        "time_zone": "Asia/Singapore", "tax_label": "GST", "tax_number_label": "GST Reg No",
        "default_tax_treatment": "exclusive", "default_tax_type": "exclusive",
        "default_order_price_list_id": "wholesale", "default_order_price_type_id": "wholesale",
        "default_purchase_order_price_list_id": "buy",
        "default_purchase_order_price_type_id": "buy", "default_sales_ledger_account_on": "company",
        "primary_location_id": location, "primary_billing_location_id": location,
        "default_currency_id": currency, "default_payment_term_id": terms[-1],
        "default_payment_method_id": 1, "billing_contact_id": 1, "default_document_theme_id": 1,
        "default_sales_order_tax_type_id": taxes[1], "default_tax_type_id": taxes[1],
        "default_purchase_order_tax_type_id": taxes[2], "default_tax_exempt_id": taxes[0],
    })
    _seed_owner(ctx, account)


def _add_missing_owner(ctx: Context) -> None:
    """A database seeded before users were served gets its owner, so ``/users/current`` works."""
    account = ctx.resource("accounts").current(ctx)
    if account is not None and not ctx.store.count("users"):
        with ctx.store.transaction():
            owner = _seed_owner(ctx, account.id)
            ctx.store.execute(
                "UPDATE accounts SET doc = json_set(doc, '$.billing_contact_id', ?) WHERE id = ?",
                [owner, account.id],
            )


def _seed_owner(ctx: Context, account: int) -> int:
    """The account owner, user 1 (the account's ``billing_contact_id``), who holds the token."""
    users = ctx.resource("users")
    doc = users.new_doc()
    users.write(ctx, doc, {
        "email": "owner@example.com", "first_name": "Sandbox", "last_name": "Owner",
        "permissions": ["read_reports", "write_stocks", "write_orders", "write_products",
                        "write_settings", "write_companies", "read_buy_prices"],
    }, creating=True)
    doc.update(login_id=1, account_id=account, last_sign_in_at=ctx.store.stamp())
    return ctx.store.insert("users", "active", doc, users.column_values(doc)).id
