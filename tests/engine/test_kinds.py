"""Each kind's mapping: managed fields, normalised reads of API records, API bodies, export.

The central property: ``current()`` of an API record and ``desired()`` of the equivalent YAML are
equal on every managed field, whatever formatting the server chose, so a plan made right after an
apply shows no changes.
"""

from __future__ import annotations

from typing import Any

import pytest

from reconciler.kinds.base import Fields
from tests.engine.helpers import (
    SGD_ID,
    USD_ID,
    api_location,
    api_payment_term,
    api_peach,
    api_price_list,
    api_product,
    api_tax_component,
    api_tax_type,
    api_variant,
    model,
    references,
    spec,
)

REFS = references(
    ("currency", "SGD", SGD_ID),
    ("currency", "USD", USD_ID),
    ("price_list", "retail", "retail"),
    ("price_list", "wholesale", "wholesale"),
    ("price_list", "buy", "buy"),
    ("price_list", "VIP", 7),
    ("price_list", "Staff", 8),
    ("location", "Main Warehouse", 8409),
)


def desired_of(kind: str, data: dict[str, Any]) -> Fields:
    return spec(kind).desired(model(kind, data), {})


def current_of(kind: str, api_record: dict[str, Any]) -> Fields:
    return spec(kind).current(api_record, REFS)


def assert_no_drift(desired: Fields, current: Fields) -> None:
    """Every managed field reads back equal."""
    assert {name: current.get(name) for name in desired} == desired


# --- locations ----------------------------------------------------------------------------------


def test_location_desired_carries_only_written_fields() -> None:
    assert desired_of("location", {"label": "Main Warehouse", "city": "Singapore"}) == {
        "label": "Main Warehouse",
        "city": "Singapore",
    }


def test_location_written_null_is_managed_as_none() -> None:
    assert desired_of("location", {"label": "Main", "address2": None}) == {
        "label": "Main",
        "address2": None,
    }


def test_location_lifecycle_and_renamed_from_are_not_fields() -> None:
    fields = desired_of(
        "location",
        {"label": "Main", "renamed_from": "Old", "lifecycle": {"protect": True}},
    )
    assert fields == {"label": "Main"}


def test_location_reads_back_equal_to_its_yaml() -> None:
    yaml = {
        "label": "Main Warehouse ",
        "address1": "887 Orchard Road",
        "city": "Singapore",
        "zip_code": 238839,
        "country": "sg",
        "holds_stock": True,
    }
    api = api_location(1, "Main Warehouse", country="sg", holds_stock="true", zip_code="238839")
    desired = desired_of("location", yaml)
    assert desired["country"] == "SG"
    assert desired["label"] == "Main Warehouse"
    assert_no_drift(desired, current_of("location", api))


def test_location_empty_address_reads_as_none() -> None:
    current = current_of("location", api_location(1, "Main", address2=""))
    assert current["address2"] is None


def test_location_holds_stock_from_a_string_false() -> None:
    assert (
        current_of("location", api_location(1, "Main", holds_stock="false"))["holds_stock"] is False
    )


def test_location_update_body_maps_fields_to_attributes() -> None:
    body = spec("location").update_body({"city": "Singapore", "country": "SG"}, REFS)
    assert body == {"city": "Singapore", "country": "SG"}


def test_primary_location_is_builtin() -> None:
    location = spec("location")
    account = {"primary_location_id": 8409}
    assert location.is_builtin(api_location(8409, "Primary"), account)
    assert not location.is_builtin(api_location(18, "Other"), account)
    assert not location.is_builtin(api_location(18, "Other"), {})


# --- payment terms ------------------------------------------------------------------------------


def test_payment_term_desired_uses_yaml_names() -> None:
    assert desired_of("payment_term", {"name": "NET30", "from": "eom"}) == {
        "name": "NET30",
        "from": "eom",
    }


def test_payment_term_reads_back_equal_to_its_yaml() -> None:
    desired = desired_of("payment_term", {"name": "NET55", "due_in_days": 55, "from": "eom"})
    api = api_payment_term(77, "NET55", due_in_days="55", **{"from": "eom"})
    assert_no_drift(desired, current_of("payment_term", api))


def test_payment_term_body_writes_from() -> None:
    body = spec("payment_term").create_body(
        {"name": "NET30", "due_in_days": 30, "from": "now"}, REFS
    )
    assert body == {"name": "NET30", "due_in_days": 30, "from": "now"}


# --- tax types ----------------------------------------------------------------------------------


def gst_api() -> dict[str, Any]:
    """A tax type as the engine sees it: its components attached from the sideload."""
    components = [
        api_tax_component(2121, 2117, 1, "County Tax", "3.5"),
        api_tax_component(2120, 2117, 0, "State Tax", "7.0"),
        api_tax_component(2122, 2117, 2, "Luxury", "1.0", compound="true"),
    ]
    return api_tax_type(2117, "NJ", name="New Jersey") | {"tax_components": components}


NJ_YAML: dict[str, Any] = {
    "code": "NJ",
    "name": "New Jersey",
    "components": [
        {"label": "State Tax", "rate": 7},
        {"label": "County Tax", "rate": 3.50},
        {"label": "Luxury", "rate": "1", "compound": True},
    ],
}


def test_tax_type_desired_without_components_does_not_manage_them() -> None:
    assert desired_of("tax_type", {"code": "GST", "name": "GST"}) == {"code": "GST", "name": "GST"}


def test_tax_type_components_read_by_position_equal_their_yaml() -> None:
    desired = desired_of("tax_type", NJ_YAML)
    assert desired["components"] == [
        {"label": "State Tax", "rate": "7", "compound": False},
        {"label": "County Tax", "rate": "3.5", "compound": False},
        {"label": "Luxury", "rate": "1", "compound": True},
    ]
    assert_no_drift(desired, current_of("tax_type", gst_api()))


def test_tax_type_archived_components_are_not_read() -> None:
    api = gst_api()
    api["tax_components"].append(
        api_tax_component(2123, 2117, 3, "Old", "2.0") | {"status": "archived"}
    )
    assert len(current_of("tax_type", api)["components"]) == 3


def test_tax_type_create_embeds_components_with_positions() -> None:
    tax_type = spec("tax_type")
    body = tax_type.create_body(desired_of("tax_type", NJ_YAML), REFS)
    assert body["code"] == "NJ"
    assert body["name"] == "New Jersey"
    assert body["tax_components"] == [
        {"label": "State Tax", "rate": "7", "compound": False, "position": 0},
        {"label": "County Tax", "rate": "3.5", "compound": False, "position": 1},
        {"label": "Luxury", "rate": "1", "compound": True, "position": 2},
    ]


def test_tax_type_create_without_a_name_uses_the_code() -> None:
    body = spec("tax_type").create_body({"code": "GST"}, REFS)
    assert body["name"] == "GST"


def test_tax_type_update_body_leaves_components_to_their_own_requests() -> None:
    fields = desired_of("tax_type", NJ_YAML)
    assert spec("tax_type").update_body(fields, REFS) == {"code": "NJ", "name": "New Jersey"}


def test_tax_type_components_round_trip_through_export() -> None:
    tax_type = spec("tax_type")
    current = current_of("tax_type", gst_api())
    exported = tax_type.export(current)
    assert exported["components"][2]["compound"] is True
    assert "compound" not in exported["components"][0]
    again = desired_of("tax_type", exported)
    assert again == {name: current[name] for name in again}
    assert again["components"] == current["components"]


# --- price lists --------------------------------------------------------------------------------


def test_price_list_reads_back_equal_to_its_yaml() -> None:
    desired = desired_of(
        "price_list",
        {"code": "VIP", "name": "VIP", "currency": "sgd", "is_cost": False, "position": 3},
    )
    assert desired["currency"] == "SGD"
    api = api_price_list(7, "VIP", currency_id=SGD_ID, is_cost="false", position="3")
    assert_no_drift(desired, current_of("price_list", api))
    assert spec("price_list").update_body({"position": 3}, REFS) == {"position": 3}


def test_price_list_currency_falls_back_to_the_iso_field() -> None:
    api = api_price_list(7, "VIP", currency_id=999, currency_iso="eur")
    assert current_of("price_list", api)["currency"] == "EUR"


def test_price_list_body_writes_the_currency_id() -> None:
    body = spec("price_list").create_body({"code": "VIP", "currency": "USD"}, REFS)
    assert body == {"code": "VIP", "currency_id": USD_ID, "name": "VIP"}


def test_price_list_unknown_currency_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        spec("price_list").update_body({"currency": "EUR"}, REFS)


def test_builtin_price_lists_are_keyed_by_id() -> None:
    price_list = spec("price_list")
    builtin = api_price_list("wholesale", "WHOLE", is_default=True)
    assert price_list.key_of(builtin) == "wholesale"
    assert price_list.is_builtin(builtin, {})
    custom = api_price_list(7, "VIP")
    assert price_list.key_of(custom) == "VIP"
    assert not price_list.is_builtin(custom, {})


def test_price_list_keys_are_case_insensitive() -> None:
    price_list = spec("price_list")
    assert price_list.normalise_key(" VIP ") == price_list.normalise_key("vip")
    assert price_list.address("VIP") == 'price_list["vip"]'


# --- products -----------------------------------------------------------------------------------


def test_product_desired_carries_only_written_fields() -> None:
    fields = desired_of("product", {"name": "Gobstopper", "tags": ["summer", "candy"]})
    assert fields == {"name": "Gobstopper", "tags": ["candy", "summer"]}


def test_product_variants_are_not_product_fields() -> None:
    fields = desired_of("product", {"name": "Gobstopper", "variants": [{"sku": "G-1"}]})
    assert fields == {"name": "Gobstopper"}


def test_product_reads_back_equal_to_its_yaml() -> None:
    yaml = {
        "name": "Everlasting Gobstopper",
        "product_type": "Candy",
        "brand": "Wonka",
        "description": "Never runs out.",
        "tags": ["summer", "candy"],
        "status": "active",
        "opt1": "Flavour",
    }
    api = api_product(
        104,
        "Everlasting Gobstopper",
        product_type="Candy ",
        brand="Wonka",
        description="Never runs out.",
        tags="candy,summer",
        opt1=" Flavour ",
    )
    assert_no_drift(desired_of("product", yaml), current_of("product", api))


def test_product_tags_are_written_as_one_comma_string() -> None:
    body = spec("product").update_body({"tags": ["candy", "summer"]}, REFS)
    assert body == {"tags": "candy,summer"}


def test_product_empty_tags_are_an_empty_string() -> None:
    assert spec("product").update_body({"tags": []}, REFS) == {"tags": ""}


def test_product_export_leaves_out_empty_fields_and_active_status() -> None:
    current = current_of("product", api_product(104, "Guitar", description="", tags=None))
    exported = spec("product").export(current)
    assert exported == {"name": "Guitar"}


def test_product_export_keeps_a_disabled_status() -> None:
    current = current_of("product", api_product(104, "Guitar", status="disabled"))
    assert spec("product").export(current)["status"] == "disabled"


# --- variants -----------------------------------------------------------------------------------


PEACH_YAML: dict[str, Any] = {
    "sku": "DEMO-GOBS-PEA",
    "name": "Peach",
    "opt1": "Peach",
    "prices": {"retail": 22.0, "wholesale": 12, "buy": "4.50", "VIP": 20},
    "taxable": True,
    "weight": 0.2,
    "weight_unit": "kg",
}


PEACH_PRICES = [
    {"price_list_id": "buy", "value": "4.5"},
    {"price_list_id": "retail", "value": "22.0"},
    {"price_list_id": "wholesale", "value": "12.0"},
    {"price_list_id": "7", "value": "20.00"},
    {"price_list_id": "8", "value": "18.0"},
]


def peach_api(**overrides: Any) -> dict[str, Any]:
    return api_peach(PEACH_PRICES) | overrides


def test_variant_desired_carries_only_written_fields() -> None:
    assert desired_of("variant", {"sku": "A-1", "prices": {"retail": 5}}) == {
        "sku": "A-1",
        "prices.retail": "5",
    }


def test_variant_price_codes_are_casefolded() -> None:
    fields = desired_of("variant", {"sku": "A-1", "prices": {"VIP": "20.0", "Retail": 5}})
    assert fields == {"sku": "A-1", "prices.vip": "20", "prices.retail": "5"}


def test_variant_create_only_fields_are_desired_but_never_read() -> None:
    yaml = {
        "sku": "A-1",
        "initial_stock_level": 100,
        "initial_stock_location": "Main Warehouse",
        "initial_cost_price": "4.50",
    }
    fields = desired_of("variant", yaml)
    assert fields["initial_stock_level"] == "100"
    assert fields["initial_cost_price"] == "4.5"
    assert fields["initial_stock_location"] == "Main Warehouse"
    current = current_of("variant", peach_api())
    assert not spec("variant").create_only & current.keys()


def test_variant_reads_back_equal_to_its_yaml() -> None:
    desired = desired_of("variant", PEACH_YAML)
    assert desired["weight"] == "0.2"
    assert_no_drift(desired, current_of("variant", peach_api()))


def test_variant_builtin_prices_come_from_the_price_fields() -> None:
    api = peach_api(
        retail_price="23.0",
        variant_prices=[{"price_list_id": "retail", "value": "99.0"}],
    )
    current = current_of("variant", api)
    assert current["prices.retail"] == "23"


def test_variant_custom_prices_come_from_variant_prices_by_list_id() -> None:
    current = current_of("variant", peach_api())
    assert current["prices.vip"] == "20"
    assert current["prices.staff"] == "18"


def test_variant_custom_price_of_an_unknown_list_is_not_read() -> None:
    api = peach_api(variant_prices=[{"price_list_id": "99", "value": "1.0"}])
    prices = {name for name in current_of("variant", api) if name.startswith("prices.")}
    assert prices == {"prices.retail", "prices.wholesale", "prices.buy"}


def test_variant_missing_builtin_price_reads_as_none() -> None:
    current = current_of("variant", peach_api(wholesale_price=None))
    assert current["prices.wholesale"] is None


def test_variant_update_body_writes_builtin_and_custom_prices_apart() -> None:
    fields = {"prices.retail": "23", "prices.vip": "19.5", "prices.buy": "4", "name": "Peach"}
    body = spec("variant").update_body(fields, REFS)
    assert body == {
        "name": "Peach",
        "retail_price": "23",
        "buy_price": "4",
        "variant_prices": [{"price_list_id": 7, "value": "19.5"}],
    }


def test_variant_update_body_without_custom_prices_has_no_variant_prices() -> None:
    body = spec("variant").update_body({"prices.wholesale": "12"}, REFS)
    assert body == {"wholesale_price": "12"}


def test_variant_create_body_resolves_the_stock_location() -> None:
    fields = {
        "sku": "A-1",
        "initial_stock_level": "100",
        "initial_stock_location": "Main Warehouse",
    }
    body = spec("variant").create_body(fields, REFS)
    assert body == {"sku": "A-1", "initial_stock_level": "100", "initial_stock_location_id": 8409}


def test_variant_references_name_price_lists_and_the_stock_location() -> None:
    record = model(
        "variant",
        {
            "sku": "A-1",
            "prices": {"retail": 1, "VIP": 2},
            "initial_stock_location": "Main Warehouse",
        },
    )
    assert sorted(record.yaml_references()) == [  # type: ignore[attr-defined]
        ("location", "Main Warehouse", ("initial_stock_location",)),
        ("price_list", "VIP", ("prices", "VIP")),
        ("price_list", "retail", ("prices", "retail")),
    ]


def test_variant_weight_falls_back_to_weight_value() -> None:
    current = current_of("variant", peach_api(weight=None, weight_value="1.50"))
    assert current["weight"] == "1.5"


def test_variant_zero_weight_reads_as_zero() -> None:
    desired = desired_of("variant", {"sku": "DEMO-GOBS-PEA", "weight": 0})
    assert_no_drift(desired, current_of("variant", peach_api(weight="0.0")))


def shirt_bundle_api() -> dict[str, Any]:
    """The newest recorded variant shape (2020, composition_sideloading_at_fcd28af.yml).

    There ``weight`` holds the unit ("g"), the value is ``weight_value`` and the unit is ``g``.
    """
    return api_variant(
        63,
        1,
        "BUNDLE-SHIRT",
        name="Shirt Bundle",
        opt1="",
        buy_price="10.0",
        retail_price="50.0",
        wholesale_price="20.0",
        supplier_code="4123112",
        upc="1412312",
        weight="g",
        weight_unit="g",
        weight_value=None,
        variant_prices=[
            {"price_list_id": "retail", "value": "50.0"},
            {"price_list_id": "wholesale", "value": "20.0"},
            {"price_list_id": "buy", "value": "10.0"},
        ],
    )


def test_variant_weight_of_the_newest_recorded_shape_is_its_weight_value() -> None:
    assert current_of("variant", shirt_bundle_api())["weight"] is None
    with_value = shirt_bundle_api() | {"weight_value": "0.250"}
    assert current_of("variant", with_value)["weight"] == "0.25"


def test_variant_weight_unit_g_from_the_api_exports_as_valid_yaml() -> None:
    exported = spec("variant").export(current_of("variant", shirt_bundle_api() | {"weight": "1"}))
    again = desired_of("variant", exported)
    assert again["weight_unit"] in ("g", "gm")


# --- export is the inverse of desired -----------------------------------------------------------


EXPORTED: list[tuple[str, dict[str, Any]]] = [
    ("location", api_location(1, "Main Warehouse", suburb="Orchard", state="")),
    ("payment_term", api_payment_term(77, "NET55", due_in_days=55, **{"from": "eom"})),
    ("tax_type", gst_api()),
    ("price_list", api_price_list(7, "VIP", currency_id=USD_ID, is_cost=True)),
    ("product", api_product(104, "Guitar", tags="music,Office", opt1="Size", brand="Gecko")),
    ("product", api_product(105, "Lamp", status="disabled")),
    ("variant", peach_api()),
    ("variant", shirt_bundle_api()),
]


@pytest.mark.parametrize(("kind", "api"), EXPORTED, ids=[f"{k}-{a['id']}" for k, a in EXPORTED])
def test_export_then_desired_gives_the_same_fields(kind: str, api: dict[str, Any]) -> None:
    kind_spec = spec(kind)
    current = current_of(kind, api)
    exported = kind_spec.export(current)
    again = desired_of(kind, exported)
    assert again == {name: current[name] for name in again}
    written = {name for name, value in current.items() if value not in (None, "", [])}
    if kind == "product" and current.get("status") == "active":
        written.discard("status")
    assert set(again) == written


def test_exported_variant_prices_are_numbers_by_code() -> None:
    exported = spec("variant").export(current_of("variant", peach_api()))
    assert {code: str(value) for code, value in exported["prices"].items()} == {
        "retail": "22",
        "wholesale": "12",
        "buy": "4.5",
        "vip": "20",
        "staff": "18",
    }
