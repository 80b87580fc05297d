"""Query parameters as the API's Rails stack read them (Rack's ``parse_nested_query``).

A key without brackets given twice keeps its last value (``ids=1&ids=3`` is ``"3"``); only
``key[]`` builds a list; ``key[sub]`` builds a hash. A key used as a scalar and then as a list
(``ids=1&ids[]=2``) is Rack's ``ParameterTypeError``, which Rails answers 400; the other order
(``ids[]=1&ids=2``) is the scalar, as Rack assigns it last. A bare ``key[]`` (no value) is an
empty list, and blank values are ignored by every filter, so neither filters anything.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reconciler.sandbox.errors import BadRequest

Value = str | list[str] | dict[str, "Value"]
Params = dict[str, Value]
Pairs = Sequence[tuple[str, str]]

_NESTED = re.compile(r"([^\[\]]+)((?:\[[^\[\]]*\])+)")


def parse(pairs: Pairs) -> Params:
    """The parameters of a query string, given as its decoded (key, value) pairs in order."""
    params: Params = {}
    for key, value in pairs:
        match = _NESTED.fullmatch(key)
        if match is None:
            params[key] = value
            continue
        segments = re.findall(r"\[([^\[\]]*)\]", match.group(2))
        _assign(params, match.group(1), segments, value, key)
    return params


def _assign(params: Params, name: str, segments: list[str], value: str, key: str) -> None:
    if not segments:
        params[name] = value
        return
    head, rest = segments[0], segments[1:]
    if head == "":
        found = params.setdefault(name, [])
        if not isinstance(found, list) or rest:
            raise _type_error(key, "an Array")
        found.append(value)
        return
    table = params.setdefault(name, {})
    if not isinstance(table, dict):
        raise _type_error(key, "a Hash")
    _assign(table, head, rest, value, key)


def _type_error(key: str, expected: str) -> BadRequest:
    return BadRequest(f"Invalid query parameters: expected {expected} for param `{key}'")


def values(params: Params, name: str, *, commas: bool = False) -> list[str]:
    """The non-blank values of ``name`` (one, or the list ``name[]`` built); comma lists split
    when the reference documents them for this parameter."""
    given = params.get(name)
    if given is None:
        return []
    if isinstance(given, dict):
        raise BadRequest(f"{name} must be a value or a list of values")
    found = [v for v in ([given] if isinstance(given, str) else given) if v.strip()]
    if commas:
        found = [part.strip() for v in found for part in v.split(",") if part.strip()]
    return found


def single(params: Params, name: str) -> str | None:
    """A parameter that takes one value (``limit``, ``order``, a time bound); blank is none."""
    given = params.get(name)
    if given is None or isinstance(given, str):
        return given if given and given.strip() else None
    raise BadRequest(f"{name} takes one value, not a list")
