"""The sandbox answers like the API: for every resource it serves, a list item and a show answer
have exactly the documented and recorded keys (tests/fixtures/api-attributes.yml, the attribute
tables; tests/fixtures/api-recordings, the real API), no missing and no extra key, and each value
has the JSON type of the newest recording (or of the documented example where none exists)."""

from __future__ import annotations

import json
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from reconciler.sandbox.resources import registry

from .helpers import TestClient

FIXTURES = Path(__file__).parents[1] / "fixtures"
RECORDINGS = FIXTURES / "api-recordings"
ATTRIBUTES: dict[str, dict[str, Any]] = YAML(typ="safe").load(
    (FIXTURES / "api-attributes.yml").read_text()
)
SINGULAR = {resource.name: plural for plural, resource in registry().items()}

# Where the newest recording predates the documented type, the documentation wins.
TYPE_DEVIATIONS = {
    ("accounts", "default_tax_rate"),  # a float in 2014; a String in the reference
    ("accounts", "subscription_price"),  # floats in 2014; the sandbox has no subscription
    ("accounts", "annual_subscription_price"),
}


def interactions() -> list[dict[str, Any]]:
    found = []
    for path in sorted(RECORDINGS.glob("*.yml")):
        for item in YAML(typ="safe").load(path.read_text())["http_interactions"]:
            item["file"] = path.name
            found.append(item)
    return found


def newest_records() -> dict[str, tuple[str, list[dict[str, Any]]]]:
    """For each resource (by path name), the records of its newest recording (and the file)."""
    newest: dict[str, tuple[Any, str, list[dict[str, Any]]]] = {}
    for item in interactions():
        if item["response"]["status"]["code"] != 200:
            continue
        when = parsedate_to_datetime(item["recorded_at"])
        body = json.loads(item["response"]["body"]["string"])
        for root, value in body.items():
            plural = SINGULAR.get(root, root)
            records = value if isinstance(value, list) else [value]
            if plural not in ATTRIBUTES or not records or not isinstance(records[0], dict):
                continue
            if plural not in newest or when > newest[plural][0]:
                newest[plural] = (when, item["file"], records)
    return {plural: (found[1], found[2]) for plural, found in newest.items()}


NEWEST = newest_records()
SERVED = sorted(registry())


def expected_keys(plural: str) -> set[str]:
    spec = ATTRIBUTES[plural]
    keys = set(spec["attributes"]) - set(spec.get("write_only", ())) | set(spec.get("recorded", ()))
    for record in NEWEST.get(plural, ("", []))[1]:
        keys |= set(record)
    return keys


def json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "list" if isinstance(value, list) else "object"


def type_differences(
    plural: str, ours: list[dict[str, Any]], theirs: list[dict[str, Any]], where: str = ""
) -> set[str]:
    """Keys whose values in ``ours`` have a JSON type no record of ``theirs`` has, looking into
    lists of objects and objects of values."""
    found = set()
    for key in {key for record in theirs for key in record}:
        if (plural, key) in TYPE_DEVIATIONS:
            continue
        values = [r[key] for r in theirs if r.get(key) is not None]
        allowed = {json_type(value) for value in values}
        mine = [r[key] for r in ours if r.get(key) is not None]
        found |= {f"{where}{key}: {json_type(m)}, recorded {sorted(allowed)}"
                  for m in mine if allowed and json_type(m) not in allowed}
        nested = _nested(values), _nested(mine)
        if nested[0] and nested[1]:
            found |= type_differences(plural, nested[1], nested[0], f"{where}{key}.")
    return found


def _nested(values: list[Any]) -> list[dict[str, Any]]:
    """The objects inside list values, or an object's values as one record per object."""
    items = [item for value in values if isinstance(value, list) for item in value]
    items += [{"*": item} for value in values if isinstance(value, dict) for item in value.values()]
    return [item for item in items if isinstance(item, dict)]


def reference_records(plural: str) -> tuple[str, list[dict[str, Any]]]:
    if plural in NEWEST:
        return NEWEST[plural]
    return ATTRIBUTES[plural]["source"], list(ATTRIBUTES[plural]["examples"])


def answers(client: TestClient, plural: str) -> list[dict[str, Any]]:
    """Some list items and the show answers of the same records."""
    listed: list[dict[str, Any]] = client.get(f"/{plural}", params={"limit": 5}).json()[plural]
    assert listed, f"the sandbox has no {plural} to compare"
    root = registry()[plural].name
    shown = [client.get(f"/{plural}/{record['id']}").json()[root] for record in listed]
    return listed + shown


def test_every_served_resource_is_documented() -> None:
    assert set(SERVED) <= set(ATTRIBUTES)
    assert NEWEST["variants"][0] == "composition_sideloading_at_fcd28af.yml"


@pytest.mark.parametrize("plural", SERVED)
def test_answers_have_exactly_the_documented_and_recorded_keys(
    client: TestClient, plural: str
) -> None:
    expected = expected_keys(plural)
    for record in answers(client, plural):
        assert not expected - set(record), f"{plural} lacks {sorted(expected - set(record))}"
        assert not set(record) - expected, f"{plural} adds {sorted(set(record) - expected)}"


@pytest.mark.parametrize("plural", SERVED)
def test_values_have_the_recorded_types(client: TestClient, plural: str) -> None:
    source, theirs = reference_records(plural)
    ours = answers(client, plural)
    mismatched = type_differences(plural, ours, theirs)
    assert not mismatched, f"{plural} differs in type from {source}: {sorted(mismatched)}"


def recorded(name: str) -> dict[str, Any]:
    item: dict[str, Any] = YAML(typ="safe").load((RECORDINGS / name).read_text())[
        "http_interactions"][0]
    return item


def test_invalid_create_answers_like_the_recording(client: TestClient) -> None:
    response = recorded("products_new_invalid.yml")["response"]
    ours = client.post("/products", json={"product": {"name": "", "product_type": "Gecko"}})
    assert ours.status_code == response["status"]["code"]
    assert ours.json() == json.loads(response["body"]["string"])


def test_valid_create_answers_like_the_recording(client: TestClient) -> None:
    response = recorded("products_new_valid.yml")["response"]
    ours = client.post("/products", json={"product": {"name": "Gary"}})
    assert ours.status_code == response["status"]["code"] == 201
    assert "Location" in response["headers"]
    assert ours.headers["Location"].endswith(f"/products/{ours.json()['product']['id']}")
    assert set(json.loads(response["body"]["string"])["product"]) <= set(ours.json()["product"])


def test_headers_match_the_recordings(client: TestClient) -> None:
    response = recorded("products_sideloaded.yml")["response"]
    ours = client.get("/products", params={"limit": 5})
    theirs = json.loads(response["headers"]["X-Pagination"][0])
    mine = json.loads(ours.headers["X-Pagination"])
    assert list(mine) == list(theirs)
    assert [type(v) for v in mine.values()] == [type(v) for v in theirs.values()]
    assert ours.headers["X-Pagination"] == json.dumps(mine, separators=(",", ":"))
    recorded_headers = {key.lower() for key in response["headers"]}
    for header in ("x-rate-limit-limit", "x-rate-limit-remaining", "x-rate-limit-reset",
                   "x-request-id"):
        assert header in recorded_headers
    from reconciler.sandbox import create_app

    from .helpers import make_client

    limited = make_client(create_app(rate_limit=(300, 300))).get("/products")
    for header in ("x-rate-limit-limit", "x-rate-limit-remaining", "x-rate-limit-reset"):
        assert limited.headers[header].isdigit()
    assert int(limited.headers["x-rate-limit-reset"]) % 300 == 0


def test_limit_zero_answers_like_the_count_recordings(client: TestClient) -> None:
    response = recorded("payment_terms_count.yml")["response"]
    theirs = json.loads(response["headers"]["X-Pagination"][0])
    ours = client.get("/payment_terms", params={"limit": 0})
    assert ours.json() == {"payment_terms": []}
    mine = json.loads(ours.headers["X-Pagination"])
    assert {k: v for k, v in mine.items() if k != "total_records"} == \
        {k: v for k, v in theirs.items() if k != "total_records"}


@pytest.mark.parametrize("name", ["products.yml", "products_sideloaded.yml", "variants.yml"])
def test_meta_is_where_the_recordings_have_it(client: TestClient, name: str) -> None:
    theirs = json.loads(recorded(name)["response"]["body"]["string"])
    plural = "variants" if name.startswith("variants") else "products"
    include = {"_include": "variants"} if "sideloaded" in name else {}
    ours = client.get(f"/{plural}", params={"limit": 5, **include}).json()
    assert list(ours) == list(theirs)
    assert list(ours["meta"]) == list(theirs["meta"]) == ["total"]
