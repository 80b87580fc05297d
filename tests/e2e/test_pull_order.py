"""``pull`` of a variant order changed in the account: the items move whole, comments and all."""

from __future__ import annotations

import difflib
from pathlib import Path

from ruamel.yaml import YAML

from tests.e2e.conftest import Sandbox
from tests.e2e.test_pull import api, files_of, product, validates, variant

HEAD = (
    "# Ordered products, written on Windows.\n"
    "x-switches: &switches\n"
    "  keep_selling: true\n"
    "\n"
    "products:\n"
    "  - name: Order Fizz\n"
    "    ordered_variants: true\n"
    "    variants:\n"
)
SMALL = (
    "      # The small one comes first on the menu.\n"
    "      - sku: ORDP-S          # small\n"
    "        name: Small\n"
    "        <<: *switches\n"
    "        prices: {retail: 5}\n"
    "        # small is the cheapest\n"
)
MEDIUM = (
    "      # Medium, added in spring.\n"
    "      - sku: ORDP-M\n"
    "        name: Medium\n"
    "        prices:\n"
    "          retail: 7          # seasonal\n"
)
LARGE = (
    "      - sku: ORDP-L\n"
    "        <<: *switches\n"
    "        name: Large\n"
    "        prices: {retail: 9}  # large\n"
)
FLOW = (
    "  - name: Order Flow  # flow style\n"
    "    ordered_variants: true\n"
    "    variants: [{sku: ORDF-A, name: A}, {sku: ORDF-B, name: B}, {sku: ORDF-C, name: C}]"
    "  # abc\n"
)
PRODUCTS = HEAD + SMALL + "\n" + MEDIUM + LARGE + FLOW


def crlf(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode()


def configuration(sandbox: Sandbox, text: str = PRODUCTS) -> Path:
    config = sandbox.config({"gecko.yaml": "gecko_apply: 1\n"})
    (config / "products.yaml").write_bytes(crlf(text))
    applied = sandbox.run("apply", str(config), "--auto-approve")
    assert applied.exit_code == 0, applied.stdout + applied.stderr
    return config


def reorder(sandbox: Sandbox, skus: list[str]) -> None:
    for position, sku in enumerate(skus, start=1):
        api(sandbox, "PUT", f"/variants/{variant(sandbox, sku)['id']}",
            {"variant": {"position": position}})


def skus(config: Path) -> list[list[str]]:
    products = YAML(typ="safe").load((config / "products.yaml").read_text())["products"]
    return [[v["sku"] for v in p["variants"]] for p in products]


def unified(before: dict[str, bytes], config: Path) -> str:
    return "".join(
        "".join(difflib.unified_diff(
            before[name].decode().splitlines(keepends=True),
            (config / name).read_bytes().decode().splitlines(keepends=True),
            f"a/{config / name}", f"b/{config / name}",
        ))
        for name in sorted(before)
    )


def test_pull_moves_the_items_whole_and_the_plan_is_then_empty(sandbox: Sandbox) -> None:
    config = configuration(sandbox)
    reorder(sandbox, ["ORDP-L", "ORDP-S", "ORDP-M"])
    reorder(sandbox, ["ORDF-C", "ORDF-A", "ORDF-B"])
    api(sandbox, "PUT", f"/variants/{variant(sandbox, 'ORDP-S')['id']}",
        {"variant": {"retail_price": "5.5"}})
    before = files_of(config)
    dry = sandbox.run("pull", str(config), "--dry-run")
    assert dry.exit_code == 2, dry.stdout + dry.stderr
    assert files_of(config) == before

    pulled = sandbox.run("pull", str(config))
    assert pulled.exit_code == 2, pulled.stdout + pulled.stderr
    assert dry.stdout_bytes.decode() == unified(before, config)
    assert 'product["Order Fizz"] variants: reordered as in the account: ' \
        "ORDP-L, ORDP-S, ORDP-M" in pulled.stdout
    assert f"{config / 'products.yaml'}:8:5: " in pulled.stdout
    assert "Pulled 3 changes into 1 file." in pulled.stderr
    assert skus(config) == [["ORDP-L", "ORDP-S", "ORDP-M"], ["ORDF-C", "ORDF-A", "ORDF-B"]]
    assert sandbox.run("plan", str(config), "--detailed-exitcode").exit_code == 0
    assert validates(config)

    after = (config / "products.yaml").read_bytes()
    assert after.count(b"\n") == after.count(b"\r\n")
    flow = FLOW.replace("A, name: A}, {sku: ORDF-B, name: B}, {sku: ORDF-C, name: C}",
                        "C, name: C}, {sku: ORDF-A, name: A}, {sku: ORDF-B, name: B}")
    small = SMALL.replace("{retail: 5}", "{retail: 5.5}")  # edited where it moved to
    assert after == crlf(HEAD + LARGE + "\n" + small + MEDIUM + flow)
    for item in (small, MEDIUM, LARGE):  # every comment line on its item
        assert crlf(item) in after
    block = [sorted(line for line in text.splitlines() if b"ORDF" not in line)
             for text in (before["products.yaml"].replace(b"5}", b"5.5}"), after)]
    assert block[0] == block[1]  # the block list's lines only moved
    assert sandbox.run("pull", str(config)).exit_code == 0


SHARED = PRODUCTS.replace("prices: {retail: 5}", "prices: &five {retail: 5}").replace(
    "        prices:\n          retail: 7          # seasonal\n",
    "        prices: *five\n",
)


def test_an_anchor_the_move_would_break_is_reported_with_its_place(sandbox: Sandbox) -> None:
    config = configuration(sandbox, SHARED)
    reorder(sandbox, ["ORDP-M", "ORDP-S", "ORDP-L"])
    before = files_of(config)
    pulled = sandbox.run("pull", str(config))
    assert pulled.exit_code == 2, pulled.stdout + pulled.stderr
    assert files_of(config) == before
    assert (f"{config / 'products.yaml'}:13:17: product[\"Order Fizz\"] variants: an anchor "
            "inside the list is used elsewhere; reorder it by hand (the account's order: "
            "ORDP-M, ORDP-S, ORDP-L)") in pulled.stderr
    assert "Nothing to pull; 1 left for a hand edit or review." in pulled.stderr


COMPOUND = "        compound: true  # on top of the state's\n"
TAXES = (
    "tax_types:\n"
    "  - code: ORDTAX\n"
    "    name: Two part tax\n"
    "    components:\n"
    "      # the state's part first\n"
    "      - label: State    # set by law\n"
    "        rate: 5\n"
    "      # then the city's\n"
    "      - label: City\n"
    "        rate: 2         # city rate\n"
    + COMPOUND +
    "      - {label: Levy, rate: 1}  # levy\n"
)


def component(sandbox: Sandbox, label: str) -> dict[str, str]:
    found = sandbox.get("/tax_components?limit=250")["tax_components"]
    (one,) = [c for c in found if c["label"] == label]
    return dict(one)


def test_a_changed_component_keeps_the_comments_of_the_others(sandbox: Sandbox) -> None:
    config = sandbox.config({"gecko.yaml": "gecko_apply: 1\n", "taxes.yaml": TAXES})
    assert sandbox.run("apply", str(config), "--auto-approve").exit_code == 0
    for label, rate in (("City", "3"), ("Levy", "1.5")):
        api(sandbox, "PUT", f"/tax_components/{component(sandbox, label)['id']}",
            {"tax_component": {"rate": rate}})
    pulled = sandbox.run("pull", str(config))
    assert pulled.exit_code == 2, pulled.stdout + pulled.stderr
    after = (config / "taxes.yaml").read_text()
    assert after == TAXES.replace("rate: 2 ", "rate: 3 ").replace("rate: 1}", "rate: 1.5}")
    assert "could not be kept" not in pulled.stderr
    assert sandbox.run("plan", str(config), "--detailed-exitcode").exit_code == 0

    api(sandbox, "PUT", f"/tax_components/{component(sandbox, 'State')['id']}",
        {"tax_component": {"rate": "6"}})
    api(sandbox, "PUT", f"/tax_components/{component(sandbox, 'City')['id']}",
        {"tax_component": {"compound": False}})
    pulled = sandbox.run("pull", str(config))
    assert pulled.exit_code == 2, pulled.stdout + pulled.stderr
    assert (f"{config / 'taxes.yaml'}:6:7: tax_type[\"ORDTAX\"] components: written, but 1 "
            "comment in it could not be kept: # on top of the state's") in pulled.stderr
    after = (config / "taxes.yaml").read_text()
    expected = TAXES.replace("rate: 5\n", "rate: 6\n").replace("rate: 2 ", "rate: 3 ")
    expected = expected.replace("rate: 1}", "rate: 1.5}").replace(COMPOUND, "")
    assert after == expected
    assert sandbox.run("plan", str(config), "--detailed-exitcode").exit_code == 0


def test_a_new_variant_of_an_ordered_product_reaches_its_place_on_the_next_pull(
    sandbox: Sandbox,
) -> None:
    config = configuration(sandbox)
    fizz = product(sandbox, "Order Fizz")
    api(sandbox, "POST", "/variants", {"variant": {
        "product_id": fizz["id"], "sku": "ORDP-XS", "name": "Extra small", "position": 0}})
    added = sandbox.run("pull", str(config), "--add-new")
    assert added.exit_code == 2, added.stdout + added.stderr
    assert ('variant["ORDP-XS"]: added at the end of product["Order Fizz"] variants; pull again '
            "to move it to its place") in added.stderr
    moved = sandbox.run("pull", str(config))
    assert moved.exit_code == 2, moved.stdout + moved.stderr
    assert skus(config)[0] == ["ORDP-XS", "ORDP-S", "ORDP-M", "ORDP-L"]
    assert sandbox.run("plan", str(config), "--detailed-exitcode").exit_code == 0
    assert validates(config)


def test_components_reordered_in_the_account_move_with_their_comments(
    sandbox: Sandbox,
) -> None:
    config = sandbox.config({"gecko.yaml": "gecko_apply: 1\n", "taxes.yaml": TAXES})
    assert sandbox.run("apply", str(config), "--auto-approve").exit_code == 0
    for position, label in enumerate(["City", "State", "Levy"]):
        api(sandbox, "PUT", f"/tax_components/{component(sandbox, label)['id']}",
            {"tax_component": {"position": position}})
    pulled = sandbox.run("pull", str(config))
    assert pulled.exit_code == 2, pulled.stdout + pulled.stderr
    assert "could not be kept" not in pulled.stderr
    city = "      # then the city's\n      - label: City\n        rate: 2         # city rate\n"
    state = "      # the state's part first\n      - label: State    # set by law\n"
    state += "        rate: 5\n"
    after = (config / "taxes.yaml").read_text()
    assert after == TAXES.replace(state + city + COMPOUND, city + COMPOUND + state)
    assert sandbox.run("plan", str(config), "--detailed-exitcode").exit_code == 0


def test_a_target_moves_only_the_lists_of_what_it_names(sandbox: Sandbox) -> None:
    config = configuration(sandbox)
    reorder(sandbox, ["ORDP-L", "ORDP-S", "ORDP-M"])
    reorder(sandbox, ["ORDF-C", "ORDF-A", "ORDF-B"])
    pulled = sandbox.run("pull", str(config), "--target", 'product["Order Flow"]')
    assert pulled.exit_code == 2, pulled.stdout + pulled.stderr
    assert skus(config) == [["ORDP-S", "ORDP-M", "ORDP-L"], ["ORDF-C", "ORDF-A", "ORDF-B"]]
    pulled = sandbox.run("pull", str(config), "--target", 'variant["ORDP-M"]')
    assert pulled.exit_code == 2, pulled.stdout + pulled.stderr
    assert skus(config)[0] == ["ORDP-L", "ORDP-S", "ORDP-M"]
    assert sandbox.run("plan", str(config), "--detailed-exitcode").exit_code == 0
