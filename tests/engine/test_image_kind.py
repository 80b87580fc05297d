"""Images: keyed by the file name of their URL within their product, variants by SKU (default:
every declared variant), removed for good when their product no longer lists them."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from reconciler.engine.plan import Action
from reconciler.engine.scope import kinds_in_scope
from reconciler.engine.service import requests_for
from reconciler.engine.state import declared_records
from reconciler.kinds.image import file_name
from tests.engine.helpers import (
    catalogue,
    change,
    model,
    references,
    source_of,
    spec,
)

REFS = references(
    ("variant", "PEA", 11),
    ("variant", "SNO", 12),
    ("product", "Gobstopper", 1),
)


def api_image(image_id: int, name: str, variant_ids: list[int], **overrides: Any) -> dict[str, Any]:
    """An image as the API reference lists one."""
    record: dict[str, Any] = {
        "id": image_id, "product_id": 1, "variant_id": variant_ids[0] if variant_ids else None,
        "variant_ids": variant_ids, "uploader_id": 1, "name": "", "position": 1,
        "base_path": "https://images.example.com/uploads/variant_image/image/2231",
        "file_name": name, "versions": ["thumbnail", "medium"],
    }
    return record | overrides


GOBSTOPPER = {
    "name": "Gobstopper",
    "variants": [{"sku": "PEA"}, {"sku": "SNO"}],
    "images": [
        {"url": "https://cdn.example.com/a/peach%20one.jpg?size=big", "variants": ["PEA"]},
        {"url": "http://cdn.example.com/all.png"},
    ],
}


def declared_images(**product: Any) -> list[Any]:
    return declared_records(catalogue(products=[product]), source_of)["image"]


def test_file_names_are_parsed_from_the_url_path() -> None:
    assert file_name("https://cdn.example.com/a/peach%20one.jpg?size=big#x") == "peach one.jpg"
    assert file_name("http://cdn.example.com/all.png") == "all.png"


def test_an_image_is_keyed_by_its_file_name_within_its_product() -> None:
    peach, every = declared_images(**GOBSTOPPER)
    assert peach.key == "Gobstopper/peach one.jpg"
    assert spec("image").address(peach.key) == 'image["Gobstopper/peach one.jpg"]'
    assert peach.parent == "Gobstopper"
    assert peach.fields == {"variants": ["PEA"]}
    assert peach.create_only == {"url": "https://cdn.example.com/a/peach%20one.jpg?size=big"}
    assert every.fields == {"variants": ["PEA", "SNO"]}  # default: every declared variant


def test_an_image_of_a_product_declaring_no_variants_leaves_them_alone() -> None:
    (image,) = declared_images(name="Gobstopper", images=[{"url": "http://x.example/a.png"}])
    assert image.fields == {}


def test_written_variants_are_references_in_order() -> None:
    peach, _ = declared_images(**GOBSTOPPER)
    assert peach.references == (("variant", "PEA", ("variants", 0)),)
    (_, _, within), = peach.references
    assert peach.reference_path(within) == ("products", 0, "images", 0, "variants", 0)


@pytest.mark.parametrize("url", ["ftp://x.example/a.png", "cdn.example.com/a.png", "https://x/"])
def test_an_image_url_is_http_and_ends_with_a_file_name(url: str) -> None:
    with pytest.raises(ValidationError, match="http"):
        model("image", {"url": url})


def test_the_account_side_reads_back_equal() -> None:
    image = spec("image")
    current = image.current(api_image(2, "peach one.jpg", [11], position=3), REFS)
    assert current == {
        "url": "https://images.example.com/uploads/variant_image/image/2231/peach one.jpg",
        "variants": ["PEA"],
        "position": 3,
    }
    assert image.key_of(api_image(2, "peach one.jpg", [11])) == "peach one.jpg"


def test_bodies_send_variant_ids_and_the_url_only_on_create() -> None:
    image = spec("image")
    fields = {"url": "http://x.example/a.png", "variants": ["PEA", "SNO"]}
    assert image.create_body(fields, REFS) == {
        "url": "http://x.example/a.png", "variant_ids": [11, 12]
    }
    assert image.update_body({"variants": ["SNO"]}, REFS) == {"variant_ids": [12]}


def test_export_writes_the_url_and_always_the_variants() -> None:
    image = spec("image")
    fields = image.current(api_image(2, "a.png", [], position=2), REFS)
    assert image.export(fields) == {
        "url": "https://images.example.com/uploads/variant_image/image/2231/a.png",
        "variants": [],
    }
    assert image.export_order("x", fields) < image.export_order("a", {"position": 3})


def test_images_are_read_when_declared_or_listed_and_not_otherwise() -> None:
    def scope(**product: Any) -> list[str]:
        declared = declared_records(catalogue(products=[product]), source_of)
        return [s.name for s in kinds_in_scope(declared, ())]

    assert "image" not in scope(name="Gobstopper")
    assert "image" in scope(name="Gobstopper", images=[])
    assert "image" in scope(**GOBSTOPPER)


def test_a_new_product_s_images_are_requests_of_their_own() -> None:
    created = [
        change("product", "Gobstopper", Action.CREATE),
        change("variant", "PEA", Action.CREATE, parent='product["Gobstopper"]'),
        change("image", "Gobstopper/a.png", Action.CREATE, parent='product["Gobstopper"]'),
    ]
    assert requests_for(created) == 2  # the product with its variant, then the image

