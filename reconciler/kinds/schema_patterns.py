"""JSON Schema for the scalar values the configuration's validators accept, so that an editor or
check-jsonschema refuses what ``validate`` refuses.

Quoted numbers are read by pydantic (``"22.50"``, ``" +5 "``); the patterns here accept the same
text: surrounding whitespace, a sign, leading zeros, a point with or without digits on either
side. Two spellings validate also reads are left out, as nobody writes them in a catalogue:
exponents (``"1e3"``) and digit separators (``"1_000"``). A YAML number is checked by value.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

_BLANK = r"\s*"
_SOME_DIGIT = r"(?=[+-]?\.?\d)"
_NONZERO = r"(?=.*[1-9])"
_NEGATIVE_ZERO = r"-0*\.?0*"


def text_schema(*, blank: bool = True) -> dict[str, Any]:
    """Text, where a YAML number is read as the text it was written with (``sku: 00123``)."""
    string: dict[str, Any] = {"type": "string"} if blank else {"type": "string", "pattern": r"\S"}
    return {"anyOf": [string, {"type": "number"}]}


def codes_schema(codes: Iterable[str]) -> dict[str, Any]:
    """One of ``codes``, in any case, with surrounding whitespace (``" sg"`` is ``SG``)."""
    return {"type": "string", "pattern": f"^{_BLANK}(?:{_any_case(sorted(codes))}){_BLANK}$"}


def _any_case(words: list[str]) -> str:
    """A compact alternation: words grouped by their first letter, the last letters a class."""
    if all(len(word) == 1 for word in words):
        return _letter_class(words)
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word[1:])
    return "|".join(_letter_class([first]) + _rest(rests) for first, rests in groups.items())


def _rest(rests: list[str]) -> str:
    longer = [rest for rest in rests if rest]
    if not longer:
        return ""
    inner = _any_case(longer)
    if len(longer) < len(rests):
        return f"(?:{inner})?"
    return f"(?:{inner})" if "|" in inner else inner


def _letter_class(letters: list[str]) -> str:
    cases = sorted({case for letter in letters for case in (letter.upper(), letter.lower())})
    return cases[0] if len(cases) == 1 else "[" + "".join(cases) + "]"


# What pydantic reads as a boolean besides true and false, in any case (never padded).
_BOOLEAN_WORDS = ("true", "false", "yes", "no", "on", "off", "y", "n", "t", "f", "1", "0")


def boolean_schema() -> dict[str, Any]:
    """A boolean, or a spelling of one validate reads: ``yes`` (text in YAML 1.2), ``"on"``, 1."""
    spelled = {"type": "string", "pattern": f"^(?:{_any_case(list(_BOOLEAN_WORDS))})$"}
    return {"anyOf": [{"type": "boolean"}, {"enum": [0, 1]}, spelled]}


def decimal_schema(
    *,
    minimum: Decimal | None = None,
    exclusive_minimum: Decimal | None = None,
    maximum: Decimal | None = None,
    places: int | None = None,
    digits: int | None = None,
) -> dict[str, Any]:
    """A decimal written as a YAML number or quoted. ``places`` and ``digits`` bound what is kept
    exactly: at most ``places`` after the point (trailing zeros aside), ``digits`` in all."""
    number: dict[str, Any] = {"type": "number"}
    if minimum is not None:
        number["minimum"] = json_number(minimum)
    if exclusive_minimum is not None:
        number["exclusiveMinimum"] = json_number(exclusive_minimum)
    if maximum is not None:
        number["maximum"] = json_number(maximum)
    elif digits is not None:
        number["exclusiveMaximum"] = 10**digits
    unsigned = _bounded_decimal(maximum) if maximum is not None else _exact_decimal(places, digits)
    pattern = _signed(unsigned, minimum, exclusive_minimum, zero_is_integer=False)
    return {"anyOf": [number, {"type": "string", "pattern": pattern}]}


def integer_schema(*, minimum: int | None = None, maximum: int | None = None) -> dict[str, Any]:
    """An integer written as a YAML number or quoted (``"30"``, ``"30.0"``)."""
    number: dict[str, Any] = {"type": "integer"}
    if minimum is not None:
        number["minimum"] = minimum
    if maximum is not None:
        number["maximum"] = maximum
    whole = _bounded_integer(maximum) if maximum is not None else r"\d+"
    pattern = _signed(rf"0*(?:{whole})(?:\.0+)?", minimum, None, zero_is_integer=True)
    return {"anyOf": [number, {"type": "string", "pattern": pattern}]}


def _signed(unsigned: str, minimum: Any, exclusive_minimum: Any, *, zero_is_integer: bool) -> str:
    """``unsigned`` with the signs the lower bound allows (a negative zero is not below 0)."""
    if exclusive_minimum is not None and exclusive_minimum >= 0:
        body = rf"{_NONZERO}\+?(?:{unsigned})"
    elif minimum is not None and minimum >= 0:
        negative_zero = r"-0+(?:\.0+)?" if zero_is_integer else _NEGATIVE_ZERO
        body = rf"\+?(?:{unsigned})|{negative_zero}"
    else:
        body = rf"[+-]?(?:{unsigned})"
    return f"^{_BLANK}{_SOME_DIGIT}(?:{body}){_BLANK}$"


def _exact_decimal(places: int | None, digits: int | None) -> str:
    if places is None or digits is None:
        return r"\d*(?:\.\d*)?"
    # With p places kept, at most digits - p before the point (leading zeros aside).
    return "|".join(
        rf"0*(?:[1-9]\d{{0,{digits - kept - 1}}})?(?:\.\d{{0,{kept}}}0*)?"
        for kept in range(places + 1)
    )


def _bounded_decimal(maximum: Decimal) -> str:
    width = _power_of_ten(maximum)
    return rf"0*(?:{maximum}(?:\.0*)?|\d{{0,{width}}}(?:\.\d*)?)"


def _bounded_integer(maximum: int) -> str:
    width = _power_of_ten(Decimal(maximum))
    return rf"{maximum}|\d{{1,{width}}}"


def _power_of_ten(bound: Decimal) -> int:
    """The exponent of a power-of-ten bound (100 → 2); other bounds are not supported."""
    width = len(str(int(bound))) - 1
    if bound != 10**width:
        raise ValueError(f"only powers of ten are supported as upper bounds, not {bound}")
    return width


def json_number(value: Decimal) -> int | float:
    """A decimal as JSON writes it: ``25``, ``0.5``."""
    return int(value) if value == value.to_integral_value() else float(value)
