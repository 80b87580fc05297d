"""Numbers read from YAML that remember how they were written.

``sku: 00123`` must stay ``"00123"`` where text is expected, and ``0.1`` must be exactly
``Decimal("0.1")``: the loaders build these instead of ``int`` and ``float``.
"""

from __future__ import annotations

from decimal import Decimal

_SPECIAL_FLOATS = {".inf": "Infinity", ".nan": "NaN"}


class SourceInt(int):
    """A YAML integer that remembers how it was written."""

    yaml_source: str

    def __new__(cls, value: int, source: str) -> SourceInt:
        number = super().__new__(cls, value)
        number.yaml_source = source
        return number


class SourceDecimal(Decimal):
    """A YAML float, read exactly from its text, that remembers how it was written."""

    yaml_source: str

    def __new__(cls, value: str, source: str) -> SourceDecimal:
        number = super().__new__(cls, value)
        number.yaml_source = source
        return number


def yaml_decimal(source: str) -> Decimal:
    """A YAML float read exactly: a plain ``Decimal`` when it prints as it was written (``12.48``:
    validation keeps such a value as it is, one shared object per text), else a
    ``SourceDecimal`` remembering the text (``.5``, ``1e3``, ``1_000.0``). Raises
    ``InvalidOperation`` on text that is no decimal."""
    number = Decimal(decimal_text(source))
    return number if str(number) == source else SourceDecimal(str(number), source)


def decimal_text(source: str) -> str:
    text = source.replace("_", "").strip()
    sign = "-" if text.startswith("-") else ""
    special = _SPECIAL_FLOATS.get(text.lstrip("+-").lower())
    return sign + special if special else text
