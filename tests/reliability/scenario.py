"""A randomised reconciliation scenario and the checks that it converged.

Shared by the reliability tests and ``bench/reliability.py``. A scenario is built from a seed:

- the sandbox starts from the ``empty`` seed, and a few records are created through the API (a
  location, a price list, products with variants);
- one declared variant (and sometimes the declared location) is archived first, so the apply has
  restores;
- the configuration (written as YAML into a directory) declares records to create (a location, a
  price list, products, variants under new and existing products), updates (brands, prices,
  cities) and restores, and leaves out one variant of a declared product, which
  ``archive_missing: [variants]`` archives.

``check_converged`` then reads the sandbox's database directly: no duplicate keys among active
records, exactly one record ever for every declared key, every declared value present, the
undeclared variant archived.

``bench/reliability.py`` imports it too.
"""

from __future__ import annotations

import json
import random
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from starlette.applications import Starlette

from reconciler.client import GeckoClient, RetryPolicy
from reconciler.config import load_catalogue
from reconciler.engine.desire import desire_from
from reconciler.engine.service import Desire, Planned, PlanOptions, apply_planned, make_plan
from reconciler.errors import GeckoApplyError
from reconciler.sandbox import create_app
from tests.reliability.checks import Expected, Verdict, verdict

with warnings.catch_warnings():
    # The TestClient prefers httpx2; the project's client is built on httpx.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

TOKEN = "sandbox-token"
FAULTS = "5xx=0.1,drop_after_commit=0.05,rate_burst=3"
MAX_ROUNDS = 5

Record = dict[str, Any]


# --- a fake clock: retry and rate-limit waits cost no time -------------------------------------


@dataclass
class FakeClock:
    """Epoch seconds from now on, moving only when the code under test sleeps."""

    now: float = field(default_factory=time.time)
    slept: float = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept += seconds
        self.now += seconds


def fast_client(http: Any, *, clock: FakeClock | None = None) -> GeckoClient:
    """A GeckoClient whose retries and rate-limit waits never really sleep."""
    clock = clock or FakeClock()
    return GeckoClient(
        http, TOKEN, retry=RetryPolicy(rng=lambda: 0.5), clock=clock, sleep=clock.sleep
    )


@contextmanager
def in_process(app: Starlette) -> Iterator[GeckoClient]:
    with TestClient(app, base_url="http://sandbox.local") as http:
        yield fast_client(http)


# --- the scenario -------------------------------------------------------------------------------


@dataclass
class Scenario:
    seed: int
    config: Record
    seeded_products: list[Record]
    seeded_locations: list[Record]
    seeded_price_lists: list[Record]
    archive_first: dict[str, list[str]]   # "variants" -> skus, "locations" -> labels
    expected: Expected


def _money(value: float) -> str:
    return str(Decimal(str(round(value, 2))))


def build_scenario(seed: int) -> Scenario:
    """A scenario with creates, updates, restores and archives, varied by ``seed``."""
    rng = random.Random(seed)
    tag = f"S{seed}"
    vip, new_vip = f"VIP{seed % 1000}", f"NEW{seed % 1000}"
    seeded_locations = [{"label": f"Depot {tag}", "address1": "1 Old Road", "city": "Singapore",
                         "country": "SG", "holds_stock": True}]
    seeded_price_lists = [{"code": vip, "name": "VIP old", "currency": "SGD"}]
    seeded_products = [_seeded_product(rng, tag, p) for p in range(rng.randint(2, 3))]
    locations = [
        {**seeded_locations[0], "city": rng.choice(["Jurong", "Changi"])},
        {"label": f"Store {tag}", "address1": "2 New Road", "city": "Singapore", "country": "SG",
         "holds_stock": rng.choice([True, False])},
    ]
    price_lists = [
        {"code": vip, "name": "VIP customers", "currency": "SGD", "is_cost": False},
        {"code": new_vip, "name": f"New list {seed}", "currency": "SGD", "is_cost": False},
    ]
    products = [
        _declared_product(rng, product, f"{tag}-ADD-{p}", (vip, new_vip))
        for p, product in enumerate(seeded_products)
    ]
    # One declared variant, and sometimes the declared location, archived first: restores.
    restorable = [v["sku"] for p in products for v in p["variants"] if "-OLD-" in v["sku"]]
    archive_first = {
        "variants": [rng.choice(restorable)],
        "locations": [locations[0]["label"]] if rng.random() < 0.5 else [],
    }
    products += [_fresh_product(rng, tag, p, new_vip) for p in range(rng.randint(1, 3))]
    rng.shuffle(products)
    config: Record = {
        "gecko_apply": 1,
        "options": {
            "archive_missing": ["variants"],
            "thresholds": {"archive_percent": 100, "price_change_percent": 1000},
        },
        "locations": locations,
        "price_lists": price_lists,
        "products": products,
    }
    return Scenario(seed, config, seeded_products, seeded_locations, seeded_price_lists,
                    archive_first, _expected(config, seeded_products, archive_first))


def _seeded_product(rng: random.Random, tag: str, p: int) -> Record:
    variants = [
        {"sku": f"{tag}-OLD-{p}-{v}", "name": f"V{v}", "opt1": f"V{v}",
         "retail_price": _money(rng.uniform(5, 50)), "wholesale_price": "3.0"}
        for v in range(rng.randint(3, 4))
    ]
    return {"name": f"Seeded {tag} {p}", "brand": "Old Brand", "opt1": "Flavour",
            "variants": variants}


def _declared_product(rng: random.Random, seeded: Record, new_prefix: str,
                      lists: tuple[str, str]) -> Record:
    """A seeded product as declared: its last variant left out (archived), some prices and the
    brand changed (updates), some variants added (creates)."""
    declared = []
    for variant in seeded["variants"][:-1]:
        price = Decimal(variant["retail_price"])
        if rng.random() < 0.5:
            price = (price * Decimal("1.1")).quantize(Decimal("0.01"))
        prices: Record = {"retail": float(price), "wholesale": 3.0}
        for code in lists:
            if rng.random() < 0.5:
                prices[code] = float(price - 1)
        declared.append({"sku": variant["sku"], "name": variant["name"],
                         "opt1": variant["opt1"], "prices": prices})
    for n in range(rng.randint(0, 2)):
        declared.append(_new_variant(rng, f"Added {n}", f"{new_prefix}-{n}", lists[1]))
    return {"name": seeded["name"], "brand": rng.choice(["Old Brand", "New Brand"]),
            "opt1": "Flavour", "variants": declared}


def _fresh_product(rng: random.Random, tag: str, p: int, custom_list: str) -> Record:
    """A new product; its variants travel in its create."""
    name = f"Fresh {tag} {p}"
    variants = [_new_variant(rng, f"{name} {v}", f"{tag}-NEW-{p}-{v}", custom_list)
                for v in range(rng.randint(1, 3))]
    return {"name": name, "brand": "Fresh", "product_type": "Candy",
            "tags": sorted(rng.sample(["a", "b", "c", "d"], 2)), "opt1": "Flavour",
            "variants": variants}


def _expected(config: Record, seeded_products: list[Record],
              archive_first: dict[str, list[str]]) -> Expected:
    expected = Expected()
    expected.locations = {location["label"]: location for location in config["locations"]}
    expected.price_lists = {p["code"].upper(): p for p in config["price_lists"]}
    for product in config["products"]:
        expected.products[product["name"]] = {k: v for k, v in product.items() if k != "variants"}
        for variant in product["variants"]:
            expected.variants[variant["sku"]] = {**variant, "product": product["name"]}
    expected.archived_skus = {p["variants"][-1]["sku"] for p in seeded_products}
    expected.restored = [f'variant["{sku}"]' for sku in archive_first["variants"]] + [
        f'location["{label}"]' for label in archive_first["locations"]
    ]
    return expected


def _new_variant(rng: random.Random, name: str, sku: str, custom_list: str) -> Record:
    retail = round(rng.uniform(5, 50), 2)
    variant: Record = {"sku": sku, "name": name, "opt1": name,
                       "prices": {"retail": retail, custom_list: round(retail * 0.9, 2)}}
    if rng.random() < 0.5:
        variant["weight"] = round(rng.uniform(0.1, 2), 2)
        variant["weight_unit"] = "kg"
    return variant


def write_config(scenario: Scenario, directory: Path) -> Path:
    """Write the scenario's configuration as YAML files in ``directory``; return it."""
    directory.mkdir(parents=True, exist_ok=True)
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    config = scenario.config
    parts = {
        "catalogue.yaml": {"gecko_apply": 1, "options": config["options"]},
        "locations.yaml": {"locations": config["locations"]},
        "price-lists.yaml": {"price_lists": config["price_lists"]},
        "products.yaml": {"products": config["products"]},
    }
    for name, document in parts.items():
        # JSON round trip: plain types only (no tuples, no Decimals).
        with (directory / name).open("w", encoding="utf-8") as handle:
            yaml.dump(json.loads(json.dumps(document)), handle)
    return directory


def seed_remote(scenario: Scenario, client: GeckoClient) -> None:
    """Create the scenario's remote records through the API, then archive what is restored."""
    for location in scenario.seeded_locations:
        client.create("locations", location)
    currencies = client.list_all("currencies").records
    currency_id = next(c["id"] for c in currencies if c.get("iso") == "SGD")
    for price_list in scenario.seeded_price_lists:
        body = {k: v for k, v in price_list.items() if k != "currency"}
        client.create("price_lists", {**body, "currency_id": currency_id})
    for product in scenario.seeded_products:
        client.create("products", product)
    for sku in scenario.archive_first["variants"]:
        client.archive("variants", _only_id(client, "variants", "sku", sku))
    for label in scenario.archive_first["locations"]:
        client.archive("locations", _only_id(client, "locations", "label", label))


def _only_id(client: GeckoClient, resource: str, key: str, value: str) -> int:
    found = [r for r in client.list_all(resource).records if r.get(key) == value]
    assert len(found) == 1, f"{resource} {key}={value}: {len(found)} records"
    identifier: int = found[0]["id"]
    return identifier


# --- driving the engine -------------------------------------------------------------------------


def desire_of(config_dir: Path) -> Desire:
    return desire_from(load_catalogue(config_dir), config_dir)


def plan_once(desire: Desire, client: GeckoClient) -> Planned:
    return make_plan(desire, client, PlanOptions(), now=datetime.now(UTC))


@dataclass
class Rounds:
    """What the apply rounds under faults did."""

    rounds: int = 0
    failed_changes: int = 0
    failures: list[str] = field(default_factory=list)  # failed or skipped changes
    errors: list[str] = field(default_factory=list)   # plans that could not be made
    converged_under_faults: bool = False


def apply_until_converged(desire: Desire, client: GeckoClient,
                          max_rounds: int = MAX_ROUNDS) -> Rounds:
    """Plan and apply until a plan is empty, at most ``max_rounds`` applies.

    A plan that fails (a read that failed after every retry) counts as a round. Any exception
    other than a ``GeckoApplyError`` propagates: the engine must not raise anything else.
    """
    result = Rounds()
    while result.rounds < max_rounds:
        try:
            planned = plan_once(desire, client)
        except GeckoApplyError as error:
            result.rounds += 1
            result.errors.append(str(error))
            continue
        if not planned.plan.has_changes:
            result.converged_under_faults = True
            return result
        result.rounds += 1
        report = apply_planned(planned, client, None)
        for outcome in report.outcomes:
            if outcome.status.value != "succeeded":
                result.failed_changes += 1
                result.failures.append(f"{outcome.address}: {outcome.message}")
    return result


# --- one whole run, in-process ------------------------------------------------------------------


@dataclass
class RunResult:
    seed: int
    rounds: Rounds
    verdict: Verdict
    requests: int
    faults_seen: dict[str, int]
    seconds: float


def run_under_faults(seed: int, work_dir: Path, *, faults: str = FAULTS,
                     max_rounds: int = MAX_ROUNDS, fault_seed: int | None = None) -> RunResult:
    """Seed a sandbox, apply the scenario's configuration under ``faults`` until it converges
    (at most ``max_rounds`` applies), then turn faults off and check the account.

    ``seed`` picks the scenario, ``fault_seed`` (default ``seed``) the faults' dice."""
    started = time.perf_counter()
    scenario = build_scenario(seed)
    config_dir = write_config(scenario, work_dir / f"config-{seed}")
    app = create_app(":memory:", token=TOKEN, rate_limit=None, seed="empty")
    sandbox = app.state.sandbox
    try:
        with TestClient(app, base_url="http://sandbox.local") as http:
            seed_remote(scenario, fast_client(http))
            desire = desire_of(config_dir)
            sandbox.reset_request_log()
            sandbox.set_faults(faults, seed=seed if fault_seed is None else fault_seed)
            rounds = apply_until_converged(desire, fast_client(http), max_rounds)
            sandbox.set_faults(None)
            log = sandbox.request_log
            final = plan_once(desire, fast_client(http))
        faults_seen: dict[str, int] = {}
        for entry in log:
            if entry.fault:
                faults_seen[entry.fault] = faults_seen.get(entry.fault, 0) + 1
        result = verdict(sandbox.query, scenario.expected, final)
    finally:
        sandbox.close()
    return RunResult(seed, rounds, result, len(log), faults_seen,
                     round(time.perf_counter() - started, 3))
