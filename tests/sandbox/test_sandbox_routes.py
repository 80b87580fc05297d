"""Documented routes the API serves and how it answers them: the account by id, users, the
``meta`` key, a PUT that changes nothing, and PATCH (which the API never documented)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reconciler.sandbox import create_app

from .helpers import TestClient, make_client, sandbox_of


def show(client: TestClient, path: str, root: str) -> dict[str, Any]:
    response = client.get(path)
    assert response.status_code == 200, response.text
    record: dict[str, Any] = response.json()[root]
    return record


def test_accounts_are_listed_shown_by_id_and_updated_by_id(client: TestClient) -> None:
    current = show(client, "/accounts/current", "account")
    listed = client.get("/accounts").json()["accounts"]
    assert listed == [current]
    assert show(client, f"/accounts/{current['id']}", "account") == current
    response = client.put(f"/accounts/{current['id']}", json={"account": {"name": "Renamed"}})
    assert response.status_code == 204
    assert show(client, "/accounts/current", "account")["name"] == "Renamed"


def test_current_is_an_alias_for_reads_only(client: TestClient) -> None:
    response = client.put("/accounts/current", json={"account": {"name": "X"}})
    assert response.status_code == 404
    assert response.json() == {"type": "Not Found",
                               "message": "Couldn't find Account with 'id'=current"}
    assert client.post("/accounts", json={"account": {"name": "X"}}).status_code == 405
    assert show(client, "/accounts/current", "account")["name"] != "X"


def test_users_and_the_current_user_are_served(client: TestClient) -> None:
    account = show(client, "/accounts/current", "account")
    me = show(client, "/users/current", "user")
    assert me["id"] == account["billing_contact_id"]
    assert (me["billing_contact"], me["account_id"], me["status"]) == (True, account["id"],
                                                                      "active")
    assert client.get("/users").json()["users"] == [me]
    assert account["user_ids"] == [me["id"]]
    assert show(client, f"/users/{me['id']}", "user") == me
    assert client.put(f"/users/{me['id']}", json={"user": {"first_name": "Gordon"}}) \
        .status_code == 204
    assert show(client, "/users/current", "user")["first_name"] == "Gordon"
    assert client.delete(f"/users/{me['id']}").status_code == 422
    assert client.post("/users", json={"user": {"email": "x@example.com"}}).status_code == 405


@pytest.mark.parametrize("plural", ["products", "variants"])
def test_product_and_variant_lists_carry_the_legacy_meta_total(
    client: TestClient, plural: str
) -> None:
    body = client.get(f"/{plural}", params={"limit": 1}).json()
    total = client.get(f"/{plural}", params={"limit": 0}).json()["meta"]["total"]
    assert total > 1
    assert body["meta"] == {"total": total}
    assert list(body)[-1] == "meta"


@pytest.mark.parametrize("plural", ["locations", "payment_terms", "tax_types", "currencies"])
def test_other_lists_have_no_meta(client: TestClient, plural: str) -> None:
    assert "meta" not in client.get(f"/{plural}").json()


@pytest.mark.parametrize("body", [{"city": "Singapore"}, {}])
def test_a_put_that_changes_nothing_leaves_updated_at(
    client: TestClient, body: dict[str, Any]
) -> None:
    primary = show(client, "/accounts/current", "account")["primary_location_id"]
    before = show(client, f"/locations/{primary}", "location")
    response = client.put(f"/locations/{primary}", json={"location": body})
    assert response.status_code == 204
    assert show(client, f"/locations/{primary}", "location") == before
    client.put(f"/locations/{primary}", json={"location": {"city": "Jurong"}})
    assert show(client, f"/locations/{primary}", "location")["updated_at"] > before["updated_at"]


def test_an_unchanged_price_or_status_leaves_updated_at(client: TestClient) -> None:
    variant = client.get("/variants", params={"sku": "DEMO-GOBS-PEA"}).json()["variants"][0]
    unchanged = {"retail_price": variant["retail_price"], "status": "active",
                 "variant_prices": [{"price_list_id": "retail", "value": "1.0"}]}
    client.put(f"/variants/{variant['id']}", json={"variant": unchanged})
    assert show(client, f"/variants/{variant['id']}", "variant") == variant


def test_patch_is_not_served(client: TestClient) -> None:
    primary = show(client, "/accounts/current", "account")["primary_location_id"]
    response = client.patch(f"/locations/{primary}", json={"location": {"city": "X"}})
    assert response.status_code == 405
    assert show(client, f"/locations/{primary}", "location")["city"] != "X"


def test_deleting_a_price_list_removes_it_and_its_prices(client: TestClient) -> None:
    created = client.post("/price_lists", json={"price_list": {
        "code": "VIP", "name": "VIP", "currency_id": 1}}).json()["price_list"]
    variant = client.get("/variants", params={"sku": "DEMO-GOBS-PEA"}).json()["variants"][0]
    prices = [{"price_list_id": created["id"], "value": "20"}]
    client.put(f"/variants/{variant['id']}", json={"variant": {"variant_prices": prices}})
    priced = show(client, f"/variants/{variant['id']}", "variant")
    assert priced["prices"][str(created["id"])] == "20.0"
    assert client.delete(f"/price_lists/{created['id']}").status_code == 204
    assert client.get(f"/price_lists/{created['id']}").status_code == 404
    after = show(client, f"/variants/{variant['id']}", "variant")
    assert str(created["id"]) not in after["prices"]
    assert after["updated_at"] == priced["updated_at"]
    listed = client.get("/price_lists", params=[("status[]", "archived")]).json()
    assert created["id"] not in [p["id"] for p in listed["price_lists"]]


def test_a_database_seeded_before_users_gets_its_owner(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite"
    old = create_app(db, rate_limit=None)
    sandbox_of(old).store.execute("DELETE FROM users")
    sandbox_of(old).close()
    reopened = create_app(db, rate_limit=None)
    try:
        me = show(make_client(reopened), "/users/current", "user")
        assert me["billing_contact"] is True
    finally:
        sandbox_of(reopened).close()
