"""A saved plan applied after another run created some of its records: what the other run
made is adopted (never created twice), and what depends on it still goes through."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from starlette.testclient import TestClient

from reconciler.client import GeckoClient
from reconciler.config import load_catalogue
from reconciler.engine.desire import desire_from
from reconciler.engine.service import Planned, PlanOptions, apply_planned, make_plan
from tests.e2e.conftest import TOKEN, Sandbox
from tests.e2e.test_images import FIZZY, images_of, skus_of

WITH_IMAGES = "gecko_apply: 1\nproducts:" + FIZZY
WITHOUT_IMAGES = WITH_IMAGES.split("    images:", maxsplit=1)[0]


def plan_of(sandbox: Sandbox, config: Path, client: GeckoClient) -> Planned:
    desire = desire_from(load_catalogue(config), config)
    return make_plan(desire, client, PlanOptions(), now=datetime.now(UTC))


def test_an_apply_adopts_a_product_made_meanwhile_and_still_adds_its_images(
    sandbox: Sandbox,
) -> None:
    config = sandbox.config({"catalogue.yaml": WITH_IMAGES})
    other = sandbox.config({"catalogue.yaml": WITHOUT_IMAGES}, name="other")
    with TestClient(sandbox.app(), base_url="http://sandbox.local") as http:
        client = GeckoClient(http, TOKEN)
        planned = plan_of(sandbox, config, client)
        # Another run creates the product and its variants after this plan read the account.
        assert apply_planned(plan_of(sandbox, other, client), client, None).ok
        report = apply_planned(planned, client, None)

    assert report.ok, [o.message for o in report.outcomes]
    messages = {o.address: o.message for o in report.outcomes}
    assert "adopted" in (messages['product["Fizzy Lifting Drink"]'] or "")
    products = sandbox.get("/products")["products"]
    assert [p["name"] for p in products].count("Fizzy Lifting Drink") == 1
    variants = [v["sku"] for v in sandbox.get("/variants")["variants"]]
    assert sorted(s for s in variants if s.startswith("FIZZ-")) == ["FIZZ-GRAPE", "FIZZ-ORIG"]
    images = images_of(sandbox, "Fizzy Lifting Drink")
    assert [skus_of(sandbox, image) for image in images] == [
        ["FIZZ-GRAPE"], ["FIZZ-GRAPE", "FIZZ-ORIG"]
    ]
    assert sandbox.run("plan", str(config), "--detailed-exitcode").exit_code == 0
