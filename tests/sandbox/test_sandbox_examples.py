"""The requests the API reference shows (api-reference.txt, the ``curl -d`` of each create and
update, by line) are accepted as written, and answered with the documented shapes."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import TestClient

# (line in api-reference.txt, method, path, body); the seed's first records have id 1.
DOCUMENTED: list[tuple[int, str, str, dict[str, Any]]] = [
    (665, "PUT", "/accounts/1", {"account": {"country": "US"}}),
    (1562, "POST", "/currencies", {"currency": {"iso": "USD", "precision": 4, "format": "%n%u"}}),
    (1650, "PUT", "/currencies/1", {"currency": {"separator": "."}}),
    (2970, "POST", "/locations", {"location": {
        "label": "Secondary office", "address1": "887 Orchard Road", "country": "Singapore"}}),
    (3059, "PUT", "/locations/1", {"location": {"address1": "121 Telok Ayer Street"}}),
    (3999, "POST", "/payment_terms", {"payment_term": {
        "name": "NET30", "due_in_days": "30", "from": "eom"}}),
    (4066, "PUT", "/payment_terms/1", {"payment_term": {"from": "now"}}),
    (4231, "POST", "/products", {"product": {"name": "Everlasting Gobstopper", "opt1": "Colour"}}),
    (4389, "PUT", "/products/1", {"product": {"opt2": "Size", "opt3": "Weight"}}),
    (5088, "POST", "/tax_types", {"tax_type": {"name": "Retail", "code": "RETAIL"}}),
    (5166, "PUT", "/tax_types/1", {"tax_type": {"name": "Wholesale", "code": "WHOLESALE"}}),
    (5415, "PUT", "/users/1", {"user": {"first_name": "Gordon"}}),
    (5592, "POST", "/variants", {"variant": {
        "product_id": 1, "initial_cost_price": 25, "initial_stock_level": 100,
        "initial_stock_location_id": 1, "retail_price": "10.0", "name": "Sample Variant",
        "sku": "SV1234"}}),
    (5746, "PUT", "/variants/1", {"variant": {
        "retail_price": "12.0", "name": "Sample Variant", "sku": "SV1234"}}),
]


@pytest.mark.parametrize(("line", "method", "path", "body"), DOCUMENTED,
                         ids=[f"line-{line}" for line, *_ in DOCUMENTED])
def test_documented_requests_are_accepted_as_written(
    client: TestClient, line: int, method: str, path: str, body: dict[str, Any]
) -> None:
    response = client.request(method, path, json=body)
    assert response.status_code == (201 if method == "POST" else 204), response.text
    (root, written), = body.items()
    shown = response.json()[root] if method == "POST" else client.get(path).json()[root]
    for key, value in written.items():
        if key in shown and key != "country":
            assert str(shown[key]) == str(value), key


@pytest.mark.parametrize("country", ["Singapore", "singapore", "SGP", "sg"])
def test_a_location_country_may_be_a_name_or_code_and_reads_as_the_code(
    client: TestClient, country: str
) -> None:
    response = client.post("/locations", json={"location": {
        "label": f"Office {country}", "address1": "1 Road", "country": country}})
    assert response.status_code == 201, response.text
    assert response.json()["location"]["country"] == "SG"


def test_a_country_that_names_nothing_is_422(client: TestClient) -> None:
    response = client.post("/locations", json={"location": {
        "label": "Nowhere", "address1": "1 Road", "country": "Atlantis"}})
    assert response.status_code == 422
    assert response.json() == {"errors": {"country": ["is invalid"]}}
