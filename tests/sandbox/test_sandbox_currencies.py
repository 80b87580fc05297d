"""Currency writes: create with the documented defaults, update, archive; the base is fixed."""

from __future__ import annotations

from .helpers import TestClient


def base_id(client: TestClient) -> int:
    account = client.get("/accounts/current").json()["account"]
    return int(account["default_currency_id"])


def test_create_fills_the_documented_defaults_and_upper_cases_the_code(
    client: TestClient,
) -> None:
    response = client.post("/currencies", json={"currency": {"iso": "usd", "precision": 4,
                                                              "format": "%n%u"}})
    assert response.status_code == 201, response.text
    usd = response.json()["currency"]
    assert (usd["iso"], usd["precision"], usd["format"], usd["rate"]) == ("USD", 4, "%n%u", "1.0")
    assert (usd["separator"], usd["delimiter"], usd["status"]) == (".", ",", "active")


def test_update_and_archive_a_currency(client: TestClient) -> None:
    eur = client.post("/currencies", json={"currency": {"iso": "EUR"}}).json()["currency"]
    answer = client.put(f"/currencies/{eur['id']}", json={"currency": {"rate": "0.68",
                                                                       "delimiter": " "}})
    assert answer.status_code == 204
    after = client.get(f"/currencies/{eur['id']}").json()["currency"]
    assert (after["rate"], after["delimiter"]) == ("0.68", " ")
    assert client.delete(f"/currencies/{eur['id']}").status_code == 204
    listed = [c["iso"] for c in client.get("/currencies").json()["currencies"]]
    assert "EUR" not in listed


def test_the_base_currency_can_be_neither_changed_nor_archived(client: TestClient) -> None:
    base = base_id(client)
    changed = client.put(f"/currencies/{base}", json={"currency": {"rate": "2"}})
    assert changed.status_code == 422
    assert changed.json() == {"errors": {"base": ["the account's base currency cannot be changed"]}}
    assert client.put(f"/currencies/{base}", json={"currency": {}}).status_code == 204
    assert client.delete(f"/currencies/{base}").status_code == 422


def test_an_iso_code_is_taken_by_one_active_currency(client: TestClient) -> None:
    first = client.post("/currencies", json={"currency": {"iso": "JPY"}})
    assert first.status_code == 201
    again = client.post("/currencies", json={"currency": {"iso": "jpy"}})
    assert again.json() == {"errors": {"iso": ["has already been taken"]}}
    bad = client.post("/currencies", json={"currency": {"iso": "J1"}})
    assert bad.json() == {"errors": {"iso": ["is invalid"]}}
