"""Numbers are bounded to what the API keeps: never rounded silently, always a file:line:col error.

The API documents currency precisions of 2 and 4 decimal places and sends amounts as JSON
strings or numbers (doubles), so an amount has at most 4 decimal places and 15 digits in all.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reconciler.config import ConfigError, load_catalogue

CONFIG = """\
gecko_apply: 1
tax_types:
  - {{code: GST, name: GST, components: [{{label: GST, rate: {rate}}}]}}
products:
  - name: Gob
    variants:
      - sku: G-1
        prices: {{retail: {price}}}
        weight: {weight}
"""


def _problems(tmp_path: Path, **values: str) -> list[str]:
    config = tmp_path / "catalogue.yaml"
    fields = {"rate": "9", "price": "22", "weight": "0.2", **values}
    config.write_text(CONFIG.format(**fields), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_catalogue(config)
    return [str(d).removeprefix(f"{config}:") for d in caught.value.diagnostics]


@pytest.mark.parametrize(
    ("field", "value", "where", "said"),
    [
        ("price", "123456789012345678901234567890", "8:26: products[0].variants[0].prices.retail",
         "more digits than the API keeps exactly (15 in all, 4 after the point)"),
        ("price", "1e400", "8:26: products[0].variants[0].prices.retail", "more digits"),
        ("price", "1.23456", "8:26: products[0].variants[0].prices.retail",
         "5 decimal places, more than the 4 the API keeps; gecko-apply never rounds"),
        ("price", ".nan", "8:26: products[0].variants[0].prices.retail", "finite number"),
        ("weight", "1e-5", "9:17: products[0].variants[0].weight", "5 decimal places"),
        ("rate", "1234567890123456.5", "3:60: tax_types[0].components[0].rate", "more digits"),
    ],
)
def test_an_amount_the_api_cannot_keep_is_an_error(
    tmp_path: Path, field: str, value: str, where: str, said: str
) -> None:
    [problem] = _problems(tmp_path, **{field: value})
    assert problem.startswith(where + ": "), problem
    assert said in problem


def test_amounts_within_the_bounds_load_exactly(tmp_path: Path) -> None:
    config = tmp_path / "catalogue.yaml"
    config.write_text(CONFIG.format(rate="7.0000", price="99999999999.9999", weight="1e3"),
                      encoding="utf-8")
    loaded = load_catalogue(config)
    variant = loaded.catalogue.products[0].variants[0]
    assert str(variant.prices["retail"]) == "99999999999.9999"
    assert variant.weight == 1000
