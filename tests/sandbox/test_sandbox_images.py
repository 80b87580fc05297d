"""Images: created from a URL (never fetched) for a product and its variants, listed by
product, re-assigned to variants, deleted for good."""

from __future__ import annotations

from typing import Any

from .helpers import TestClient


def demo_product(client: TestClient, name: str) -> dict[str, Any]:
    products = client.get("/products").json()["products"]
    product: dict[str, Any] = next(p for p in products if p["name"] == name)
    return product


def create_image(client: TestClient, **body: Any) -> dict[str, Any]:
    response = client.post("/images", json={"image": body})
    assert response.status_code == 201, response.text
    image: dict[str, Any] = response.json()["image"]
    return image


def test_an_image_keeps_the_file_name_of_its_url(client: TestClient) -> None:
    product = demo_product(client, "Everlasting Gobstopper")
    image = create_image(
        client, product_id=product["id"], variant_ids=product["variant_ids"][:1],
        url="https://cdn.example.com/shots/gob%20peach.jpg?v=2",
    )
    assert image["file_name"] == "gob peach.jpg"
    assert image["base_path"].startswith("https://")
    assert image["base_path"].endswith(f"/{image['id']}")
    assert image["variant_ids"] == product["variant_ids"][:1]
    assert image["variant_id"] == product["variant_ids"][0]
    assert image["position"] == 2  # after the demo's own photo
    assert image["versions"] == ["thumbnail", "medium", "large"]
    assert "status" not in image
    assert client.get(f"/images/{image['id']}").json() == {"image": image}


def test_positions_follow_creation_order_within_a_product(client: TestClient) -> None:
    gob = demo_product(client, "Everlasting Gobstopper")
    egg = demo_product(client, "Golden Egg")
    first = create_image(client, product_id=gob["id"], variant_ids=[], url="http://a.example/1.png")
    other = create_image(client, product_id=egg["id"], variant_ids=[], url="http://a.example/2.png")
    second = create_image(client, product_id=gob["id"], variant_ids=[], url="http://a.example/3.png")
    assert (first["position"], other["position"], second["position"]) == (2, 1, 3)
    listed = client.get("/images", params={"product_id": egg["id"]}).json()["images"]
    assert [i["id"] for i in listed] == [other["id"]]
    by_ids = client.get("/images", params={"ids[]": [other["id"]]}).json()["images"]
    assert [i["id"] for i in by_ids] == [other["id"]]


def test_a_create_needs_a_product_its_variants_and_an_http_url(client: TestClient) -> None:
    gob = demo_product(client, "Everlasting Gobstopper")
    egg = demo_product(client, "Golden Egg")
    missing = client.post("/images", json={"image": {"url": "ftp://x.example/a.png"}})
    assert missing.status_code == 422
    assert set(missing.json()["errors"]) == {"product_id", "variant_ids", "url"}
    foreign = client.post("/images", json={"image": {
        "product_id": gob["id"], "variant_ids": egg["variant_ids"], "url": "http://x.example/a.png",
    }})
    assert foreign.status_code == 422
    assert foreign.json() == {"errors": {"variant_ids": ["is invalid"]}}


def test_variants_are_reassigned_and_a_delete_is_for_good(client: TestClient) -> None:
    gob = demo_product(client, "Everlasting Gobstopper")
    image = create_image(
        client, product_id=gob["id"], variant_ids=gob["variant_ids"], url="http://x.example/a.png"
    )
    path = f"/images/{image['id']}"
    last = gob["variant_ids"][-1:]
    moved = {"image": {"variant_ids": last, "url": "http://y.example/b.png"}}
    assert client.put(path, json=moved).status_code == 204
    after = client.get(path).json()["image"]
    assert after["variant_ids"] == last
    assert after["file_name"] == "a.png"  # the URL is create-only
    assert client.delete(path).status_code == 204
    assert client.get(path).status_code == 404
    left = client.get("/images", params={"product_id": gob["id"]}).json()["images"]
    assert image["id"] not in {i["id"] for i in left}
