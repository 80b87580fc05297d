"""Images end to end: declared by URL under their product, created with the product, matched
by file name, re-assigned to variants, deleted when the product no longer lists them, exported."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from ruamel.yaml import YAML

from reconciler.cli import main
from tests.e2e.conftest import Sandbox

FIZZY = """
  - name: Fizzy Lifting Drink
    variants:
      - sku: FIZZ-ORIG
        name: Original
      - sku: FIZZ-GRAPE
        name: Grape
    images:
      - url: http://cdn.example.com/fizzy/grape.jpg
        variants: [FIZZ-GRAPE]
      - url: http://cdn.example.com/fizzy/both.jpg
"""
"""A new product with two variants and an image for one of them and one for both."""

IMAGES = """
gecko_apply: 1
products:
  - name: Everlasting Gobstopper
    images:
      - url: https://cdn.example.com/gobstopper/peach.jpg
        variants: [DEMO-GOBS-PEA]
      - url: https://cdn.example.com/gobstopper/all.png""" + FIZZY


def plan_json(sandbox: Sandbox, path: Path) -> dict[str, Any]:
    result = sandbox.run("plan", str(path), "--format", "json")
    assert result.exit_code in (0, 2), result.output
    loaded: dict[str, Any] = json.loads(result.stdout)
    return loaded


def images_of(sandbox: Sandbox, product: str) -> list[dict[str, Any]]:
    products = sandbox.get("/products")["products"]
    product_id = next(p["id"] for p in products if p["name"] == product)
    images: list[dict[str, Any]] = sandbox.get(f"/images?product_id={product_id}")["images"]
    return sorted(images, key=lambda image: image["position"])


def skus_of(sandbox: Sandbox, image: dict[str, Any]) -> list[str]:
    variants = sandbox.get("/variants")["variants"]
    return sorted(v["sku"] for v in variants if v["id"] in image["variant_ids"])


def test_images_apply_in_order_and_then_plan_empty(sandbox: Sandbox) -> None:
    config = sandbox.config({"catalogue.yaml": IMAGES})
    plan = plan_json(sandbox, config)
    changes = {c["address"]: c for c in plan["changes"]}
    peach = changes['image["Everlasting Gobstopper/peach.jpg"]']
    assert peach["action"] == "create"
    assert peach["fields"]["variants"]["after"] == ["DEMO-GOBS-PEA"]
    grape = changes['image["Fizzy Lifting Drink/grape.jpg"]']
    assert set(grape["depends_on"]) == {
        'product["Fizzy Lifting Drink"]', 'variant["FIZZ-GRAPE"]'
    }
    applied = sandbox.run("apply", str(config), "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert sandbox.run("plan", str(config), "--detailed-exitcode").exit_code == 0
    fizzy = images_of(sandbox, "Fizzy Lifting Drink")
    assert [i["file_name"] for i in fizzy] == ["grape.jpg", "both.jpg"]
    assert skus_of(sandbox, fizzy[0]) == ["FIZZ-GRAPE"]
    assert skus_of(sandbox, fizzy[1]) == ["FIZZ-GRAPE", "FIZZ-ORIG"]  # default: all declared
    gob = images_of(sandbox, "Everlasting Gobstopper")
    assert [i["file_name"] for i in gob] == ["peach.jpg", "all.png"]
    assert skus_of(sandbox, gob[1]) == []  # the product declares no variants here


def test_an_image_moved_to_other_variants_is_one_update(sandbox: Sandbox) -> None:
    config = sandbox.config({"catalogue.yaml": IMAGES})
    assert sandbox.run("apply", str(config), "--auto-approve").exit_code == 0
    moved = sandbox.config({"catalogue.yaml": IMAGES.replace(
        "variants: [FIZZ-GRAPE]", "variants: [FIZZ-ORIG]"
    ).replace("https://cdn.example.com/gobstopper/peach.jpg", "https://elsewhere.example/peach.jpg")
    }, name="moved")
    plan = plan_json(sandbox, moved)
    assert [(c["address"], c["action"], c["fields"]) for c in plan["changes"]] == [(
        'image["Fizzy Lifting Drink/grape.jpg"]', "update",
        {"variants": {"before": ["FIZZ-GRAPE"], "after": ["FIZZ-ORIG"]}},
    )]  # the same file name elsewhere is the same image
    assert sandbox.run("apply", str(moved), "--auto-approve").exit_code == 0
    grape = images_of(sandbox, "Fizzy Lifting Drink")[0]
    assert skus_of(sandbox, grape) == ["FIZZ-ORIG"]


def test_an_image_no_longer_listed_is_deleted(sandbox: Sandbox) -> None:
    config = sandbox.config({"catalogue.yaml": IMAGES})
    assert sandbox.run("apply", str(config), "--auto-approve").exit_code == 0
    before = images_of(sandbox, "Fizzy Lifting Drink")
    fewer = sandbox.config({"catalogue.yaml": IMAGES.replace(
        "      - url: http://cdn.example.com/fizzy/both.jpg\n", ""
    )}, name="fewer")
    plan = plan_json(sandbox, fewer)
    assert [(c["address"], c["action"], c["reason"]) for c in plan["changes"]] == [(
        'image["Fizzy Lifting Drink/both.jpg"]', "archive",
        "not listed in its product's images; the API deletes images for good",
    )]
    assert sandbox.run("apply", str(fewer), "--auto-approve").exit_code == 0
    assert [i["id"] for i in images_of(sandbox, "Fizzy Lifting Drink")] == [before[0]["id"]]
    assert sandbox.run("plan", str(fewer), "--detailed-exitcode").exit_code == 0


def test_images_are_left_alone_under_a_product_that_does_not_list_them(sandbox: Sandbox) -> None:
    config = sandbox.config({"catalogue.yaml": IMAGES})
    assert sandbox.run("apply", str(config), "--auto-approve").exit_code == 0
    silent = sandbox.config({"catalogue.yaml": """
        gecko_apply: 1
        products:
          - name: Everlasting Gobstopper
            brand: Wonka
        """}, name="silent")
    assert sandbox.run("plan", str(silent), "--detailed-exitcode").exit_code == 0


def test_export_writes_images_as_urls_and_plans_empty(sandbox: Sandbox) -> None:
    config = sandbox.config({"catalogue.yaml": IMAGES})
    assert sandbox.run("apply", str(config), "--auto-approve").exit_code == 0
    out = sandbox.tmp / "export"
    assert sandbox.run("export", "--out", str(out)).exit_code == 0
    products = YAML(typ="safe").load((out / "products.yaml").read_text())["products"]
    fizzy = next(p for p in products if p["name"] == "Fizzy Lifting Drink")
    urls = [image["url"] for image in fizzy["images"]]
    assert [url.rsplit("/", 1)[1] for url in urls] == ["grape.jpg", "both.jpg"]
    assert all(url.startswith("https://") for url in urls)
    assert fizzy["images"][0]["variants"] == ["FIZZ-GRAPE"]
    assert sandbox.run("plan", str(out), "--detailed-exitcode").exit_code == 0


def test_an_image_url_must_be_http(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "gecko_apply: 1\nproducts:\n  - name: P\n    images:\n      - url: file:///tmp/a.jpg\n"
    )
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert "c.yaml:5:14: products[0].images[0].url: 'file:///tmp/a.jpg' is not an http(s) URL" in (
        result.stderr
    )
