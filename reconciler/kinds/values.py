"""Normalisers shared by the kinds: both sides of a comparison pass through these.

Each returns a canonical, JSON-safe value so that equal meanings compare equal whatever the
server's formatting: ``"22.0"``, ``22`` and ``Decimal("22.00")`` all become ``"22"``.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

_TRUE = frozenset({"true", "t", "1", "yes", "y", "on"})
_FALSE = frozenset({"false", "f", "0", "no", "n", "off", ""})


def decimal_text(value: Any) -> str | None:
    """A decimal as its shortest exact text (``"22.50"`` → ``"22.5"``); ``None`` stays ``None``."""
    if type(value) is str:
        return _decimal_of_text(value)
    if isinstance(value, Decimal) and value.is_finite():
        return _decimal_of_number(value)
    return _decimal(value)


@lru_cache(maxsize=65_536)
def _decimal_of_text(value: str) -> str | None:
    """Prices repeat across a catalogue, and the wire carries them as text."""
    return _decimal(value)


@lru_cache(maxsize=65_536)
def _decimal_of_number(value: Decimal) -> str | None:
    """The same for YAML's numbers (equal decimals, ``22.0`` and ``22``, share one text)."""
    return _decimal(value)


def _decimal(value: Any) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return str(value).strip()
    if not number.is_finite():
        return str(number)
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text


def text(value: Any) -> str | None:
    """A trimmed string; empty and ``None`` both become ``None``."""
    if value is None:
        return None
    stripped = str(value).strip()
    return stripped or None


def folded_text(value: Any) -> str | None:
    """Text compared case-insensitively (a price list code), case-folded."""
    stripped = text(value)
    return stripped.casefold() if stripped else None


def upper_code(value: Any) -> str | None:
    stripped = text(value)
    return stripped.upper() if stripped else None


def boolean(value: Any) -> bool | None:
    """A boolean from the API's booleans or strings (``"true"``, ``"1"``, ``"false"``)."""
    if value is None or isinstance(value, bool):
        return value
    lowered = str(value).strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    return None


def integer(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return int(Decimal(str(value).strip()))
    except (InvalidOperation, ValueError, OverflowError):
        return None


def tag_list(value: Any) -> list[str]:
    """Tags as a sorted set; the wire carries a comma-separated string, YAML a list."""
    if value is None:
        return []
    items: Iterable[Any] = value.split(",") if isinstance(value, str) else value
    return sorted({tag for tag in (text(item) for item in items) if tag})


def wire_tags(tags: Iterable[str]) -> str:
    return ",".join(tags)
