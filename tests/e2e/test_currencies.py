"""Currencies end to end: declared with the price lists in them, the base currency read-only."""

from __future__ import annotations

import json
from typing import Any

from click.testing import CliRunner
from ruamel.yaml import YAML

from reconciler.cli import main
from tests.e2e.conftest import Sandbox

EURO = """
gecko_apply: 1
currencies:
  - iso: eur
    name: Euro
    symbol: "€"
    rate: 0.68
    separator: ","
    delimiter: " "
    format: "%n %u"
    precision: 2
price_lists:
  - code: EU
    name: Europe
    currency: EUR
"""


def plan_json(sandbox: Sandbox, text: str, *extra: str) -> dict[str, Any]:
    planned = sandbox.run("plan", str(sandbox.config({"c.yaml": text})), "--format", "json", *extra)
    assert planned.exit_code == 0, planned.stdout + planned.stderr
    result: dict[str, Any] = json.loads(planned.stdout)
    return result


def test_a_currency_and_a_price_list_in_it_apply_in_one_go(sandbox: Sandbox) -> None:
    changes = plan_json(sandbox, EURO)["changes"]
    assert [c["address"] for c in changes] == ['currency["EUR"]', 'price_list["eu"]']
    assert changes[1]["depends_on"] == ['currency["EUR"]']
    applied = sandbox.run("apply", str(sandbox.config({"c.yaml": EURO})), "--auto-approve")
    assert applied.exit_code == 0, applied.stdout + applied.stderr
    euro = next(c for c in sandbox.get("/currencies")["currencies"] if c["iso"] == "EUR")
    assert (euro["symbol"], euro["rate"], euro["delimiter"], euro["format"]) == (
        "€", "0.68", " ", "%n %u",
    )
    listed = sandbox.get("/price_lists")["price_lists"]
    assert next(p for p in listed if p["code"] == "EU")["currency_iso"] == "EUR"
    assert plan_json(sandbox, EURO)["changes"] == []
    moved = plan_json(sandbox, EURO.replace("rate: 0.68", "rate: 0.7"))["changes"]
    assert [(c["address"], c["fields"]["rate"]) for c in moved] == [
        ('currency["EUR"]', {"before": "0.68", "after": "0.7"})
    ]


def test_writing_the_base_currency_is_a_plan_error_where_it_is_declared(sandbox: Sandbox) -> None:
    named = "gecko_apply: 1\ncurrencies:\n  - iso: SGD\n"
    assert plan_json(sandbox, named)["changes"] == []  # naming it is fine
    written = sandbox.config({"c.yaml": named + "    rate: 2\n"}, name="written")
    planned = sandbox.run("plan", str(written))
    assert planned.exit_code == 1
    assert f"{written / 'c.yaml'}:3:5: currency[\"SGD\"] is the account's base currency" in (
        planned.stderr
    )
    assert planned.stderr.rstrip().endswith(": rate")


def test_undeclared_currencies_are_archived_but_never_the_base(sandbox: Sandbox) -> None:
    applied = sandbox.run("apply", str(sandbox.config({"c.yaml": EURO})), "--auto-approve")
    assert applied.exit_code == 0, applied.stdout
    only_base = (
        "gecko_apply: 1\noptions: {archive_missing: [currencies]}\n"
        "currencies:\n  - iso: SGD\n"
    )
    changes = plan_json(sandbox, only_base)["changes"]
    assert [(c["action"], c["address"]) for c in changes] == [("archive", 'currency["EUR"]')]


def test_a_code_outside_iso_4217_is_refused_offline(sandbox: Sandbox) -> None:
    path = sandbox.config({"c.yaml": "gecko_apply: 1\ncurrencies:\n  - iso: RMB\n"})
    checked = CliRunner().invoke(main, ["validate", str(path)])
    assert checked.exit_code == 1
    assert f"{path / 'c.yaml'}:3:10: currencies[0].iso: 'RMB' is not an ISO 4217" in checked.stderr
    assert "did you mean 'CNY'?" in checked.stderr


def test_export_names_the_base_currency_and_writes_the_others_whole(sandbox: Sandbox) -> None:
    applied = sandbox.run("apply", str(sandbox.config({"c.yaml": EURO})), "--auto-approve")
    assert applied.exit_code == 0, applied.stdout
    out = sandbox.tmp / "exported"
    exported = sandbox.run("export", "--kinds", "currencies", "--out", str(out))
    assert exported.exit_code == 0, exported.stderr
    listed = YAML(typ="safe").load((out / "currencies.yaml").read_text())["currencies"]
    assert {"iso": "SGD"} in listed
    euro = next(c for c in listed if c["iso"] == "EUR")
    assert (euro["delimiter"], euro["format"], euro["precision"]) == (" ", "%n %u", 2)
