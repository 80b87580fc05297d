"""Wire formats: timestamps, decimal strings, and coercion of written values."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

_TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S"
MAX_INT = 2**63 - 1


class Invalid(ValueError):
    """A written value that cannot be coerced; the message is the 422 text."""


def format_ms(epoch_ms: int) -> str:
    """``2015-11-02T01:22:24.817Z`` for an epoch in milliseconds."""
    moment = datetime.fromtimestamp(epoch_ms // 1000, tz=UTC)
    return f"{moment.strftime(_TIMESTAMP_FORMAT)}.{epoch_ms % 1000:03d}Z"


def parse_timestamp(text: str) -> str:
    """A filter bound (date or ISO 8601 time) in the stored timestamp format."""
    value = text.strip().replace(" ", "T")
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise Invalid(f"invalid time {text!r}") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    epoch_ms = int(moment.timestamp() * 1000)
    return format_ms(epoch_ms)


def to_decimal(value: object) -> Decimal | None:
    """A number written as a JSON number or string; blank means none."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise Invalid("is not a number")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise Invalid("is not a number") from exc
    if not number.is_finite():
        raise Invalid("is not a number")
    return number


def money(value: Decimal | None) -> str | None:
    """Money and rates as the API writes them: ``"22.0"``, ``"4.5"``, ``"16.15"``."""
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return text if "." in text else f"{text}.0"


def quantity(value: Decimal | None) -> str | None:
    """Stock quantities as the API writes them: ``"10"``, ``"32.5"``."""
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return "0" if text in {"-0", "0"} else text


def coerce_money(value: object) -> str | None:
    return money(to_decimal(value))


def coerce_quantity(value: object) -> str | None:
    return quantity(to_decimal(value))


def coerce_string(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Invalid("is invalid")
    return str(value)


_TRUE = {"true", "1", "t", "yes"}
_FALSE = {"false", "0", "f", "no"}


def coerce_bool(value: object) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if text == "":
        return None
    raise Invalid("is not included in the list")


def coerce_int(value: object) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise Invalid("is not a number")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,19}\s*", value):
        value = int(value)
    if isinstance(value, int) and abs(value) <= MAX_INT:
        return value
    raise Invalid("is not a number")


def coerce_tags(value: object) -> str | None:
    """Tags written as a list or a comma-separated string, stored as ``"a,b"``."""
    if value is None:
        return None
    if isinstance(value, str):
        parts = value.split(",")
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        parts = [piece for item in value for piece in item.split(",")]
    else:
        raise Invalid("is invalid")
    tags: list[str] = []
    for part in (p.strip() for p in parts):
        if part and part not in tags:
            tags.append(part)
    return ",".join(tags) or None


def coerce_ids(value: object) -> list[int]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise Invalid("is invalid")
    ids = [coerce_int(item) for item in value]
    return [item for item in ids if item is not None]


def coerce_strings(value: object) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise Invalid("is invalid")
    return list(value)
