"""The sandbox answers like the recorded real API (tests/fixtures/api-recordings): every key of the
newest recording of each resource is present, with the same JSON type where both are set."""

from __future__ import annotations

import json
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from .helpers import TestClient

FIXTURES = Path(__file__).parents[1] / "fixtures" / "api-recordings"

# Recorded root key -> the sandbox request that answers with the same root.
ENDPOINTS = {
    "account": "/accounts/current",
    "currencies": "/currencies",
    "locations": "/locations",
    "payment_terms": "/payment_terms",
    "products": "/products?include=variants",
    "variants": "/variants",
    "tax_types": "/tax_types",
    "tax_components": "/tax_types",
}


# Where the newest recording predates the documented type, the documentation wins.
TYPE_DEVIATIONS = {
    ("account", "default_tax_rate"),  # a float in 2014; a String in the reference
}


def interactions() -> list[dict[str, Any]]:
    found = []
    for path in sorted(FIXTURES.glob("*.yml")):
        for item in YAML(typ="safe").load(path.read_text())["http_interactions"]:
            item["file"] = path.name
            found.append(item)
    return found


def newest_records() -> dict[str, tuple[str, list[dict[str, Any]]]]:
    """For each root of interest, the records of its newest recording (and the file)."""
    newest: dict[str, tuple[Any, str, list[dict[str, Any]]]] = {}
    for item in interactions():
        if item["response"]["status"]["code"] != 200:
            continue
        when = parsedate_to_datetime(item["recorded_at"])
        body = json.loads(item["response"]["body"]["string"])
        for root, value in body.items():
            records = value if isinstance(value, list) else [value]
            if root not in ENDPOINTS or not records or not isinstance(records[0], dict):
                continue
            if root not in newest or when > newest[root][0]:
                newest[root] = (when, item["file"], records)
    return {root: (found[1], found[2]) for root, found in newest.items()}


NEWEST = newest_records()


def test_every_resource_has_a_recording() -> None:
    assert set(NEWEST) == set(ENDPOINTS)
    assert NEWEST["variants"][0] == "composition_sideloading_at_fcd28af.yml"


@pytest.mark.parametrize("root", sorted(ENDPOINTS))
def test_sandbox_records_have_the_recorded_keys(client: TestClient, root: str) -> None:
    source, recorded = NEWEST[root]
    body = client.get(ENDPOINTS[root]).json()
    ours = body[root] if isinstance(body[root], list) else [body[root]]
    assert ours, f"the sandbox has no {root} to compare"
    mismatched = set()
    for record in recorded:
        for mine in ours:
            missing = set(record) - set(mine)
            assert not missing, f"{root} lacks keys recorded in {source}: {sorted(missing)}"
        for key, value in record.items():
            if value is None or (root, key) in TYPE_DEVIATIONS:
                continue
            types = {type(mine[key]) for mine in ours if mine[key] is not None}
            if types - {type(value)}:
                mismatched.add(f"{key}: {sorted(t.__name__ for t in types)} vs {value!r}")
    assert not mismatched, f"{root} differs in type from {source}: {sorted(mismatched)}"


def recorded(name: str) -> dict[str, Any]:
    item: dict[str, Any] = YAML(typ="safe").load((FIXTURES / name).read_text())[
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
