"""The currency kind: codes, separators kept as written, the base currency."""

from __future__ import annotations

from tests.engine.helpers import ACCOUNT, SGD_ID, USD_ID, model, references, spec

API_EUR = {
    "id": 5, "iso": "EUR", "name": "Euro", "symbol": "€", "rate": "0.680",
    "separator": ",", "delimiter": " ", "format": "%n %u", "precision": "2", "subunit": 100,
}


def test_a_currency_reads_back_equal_to_its_yaml() -> None:
    currency = spec("currency")
    written = {k: v for k, v in API_EUR.items() if k not in ("id", "subunit")}
    desired = currency.desired(model("currency", {**written, "iso": "eur", "rate": 0.68}), {})
    assert desired["delimiter"] == " " and desired["iso"] == "EUR"  # a space is a value
    assert currency.current(API_EUR, references()) == desired


def test_codes_are_keys_in_upper_case() -> None:
    assert spec("currency").normalise_key(" eur ") == "EUR"
    assert spec("currency").address("usd") == 'currency["USD"]'


def test_the_base_currency_is_built_in_and_exported_by_its_code_only() -> None:
    currency = spec("currency")
    assert currency.is_builtin({"id": SGD_ID}, ACCOUNT)
    assert not currency.is_builtin({"id": USD_ID}, ACCOUNT)
    assert currency.builtin_write_problem() is not None
    assert currency.export_builtin(currency.current(API_EUR, references())) == {"iso": "EUR"}
    assert spec("location").builtin_write_problem() is None  # the primary location is writable
    assert spec("price_list").export_builtin({"code": "RETAIL"}) is None
