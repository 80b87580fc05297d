"""Reading API answers: error statuses to exceptions, bodies to records.

Nothing here lets a ``KeyError``, ``TypeError`` or JSON decoding error escape: whatever the
server sends, the caller gets records or an ``ApiError``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from reconciler.client.errors import ApiError, BadResponseError, error_class_for

Record = dict[str, Any]


@dataclass(frozen=True)
class Exchange:
    """The final answer to one operation, after any retries."""

    method: str
    path: str
    response: httpx.Response
    attempts: int
    after_failure: bool = False
    """Whether an earlier attempt failed in a way that may have left it performed (a 5xx or a
    lost answer), so that a 404 to a retried DELETE may mean the first attempt took effect."""
    scrub: Callable[[str], str] = str
    """Removes the access token from text the server sent (a server may echo the header)."""

    @property
    def status(self) -> int:
        return self.response.status_code

    @property
    def request_id(self) -> str | None:
        value: str | None = self.response.headers.get("x-request-id")
        return value


def raise_for_status(exchange: Exchange) -> None:
    """Raise the ``ApiError`` subclass matching an unsuccessful answer."""
    if not 200 <= exchange.status < 300:
        raise error_from_response(exchange)


def error_from_response(exchange: Exchange) -> ApiError:
    """The exception describing an error answer, from its status and body."""
    message, field_errors = _error_details(exchange.response)
    scrubbed = {
        exchange.scrub(field): [exchange.scrub(m) for m in messages]
        for field, messages in field_errors.items()
    }
    return error_class_for(exchange.status)(
        exchange.scrub(message),
        method=exchange.method,
        path=exchange.path,
        status=exchange.status,
        request_id=exchange.request_id,
        field_errors=scrubbed,
        attempts=exchange.attempts,
    )


def bad_response(exchange: Exchange, message: str) -> BadResponseError:
    """A ``BadResponseError`` for a success answer the client cannot use."""
    return BadResponseError(
        message,
        method=exchange.method,
        path=exchange.path,
        status=exchange.status,
        request_id=exchange.request_id,
        attempts=exchange.attempts,
    )


def json_body(exchange: Exchange) -> Any:
    """The decoded JSON body of a success answer."""
    try:
        return json.loads(exchange.response.content)
    except (ValueError, RecursionError):
        raise bad_response(exchange, f"malformed JSON ({_describe(exchange.response)})") from None


def unwrap_record(exchange: Exchange, root: str) -> Record:
    """The record under ``root`` in a body like ``{"product": {...}}``."""
    body = json_body(exchange)
    if not isinstance(body, dict) or root not in body:
        raise bad_response(exchange, f"answer has no {root!r} root")
    record = body[root]
    if not isinstance(record, dict):
        raise bad_response(exchange, f"{root!r} is {_type_name(record)}, not an object")
    record_id = record.get("id")
    if "id" in record and (isinstance(record_id, bool) or not isinstance(record_id, int | str)):
        raise bad_response(exchange, f"the {root!r} has no usable id")
    return record


def unwrap_list(exchange: Exchange, root: str) -> tuple[list[Record], dict[str, list[Record]]]:
    """The records under ``root`` of an index body, and the lists sideloaded beside them."""
    body = json_body(exchange)
    if not isinstance(body, dict) or root not in body:
        raise bad_response(exchange, f"answer has no {root!r} root")
    records = _record_list(exchange, root, body[root])
    sideloaded = {
        key: _record_list(exchange, key, value)
        for key, value in body.items()
        if key != root and isinstance(value, list)
    }
    return records, sideloaded


def _record_list(exchange: Exchange, key: str, value: Any) -> list[Record]:
    if not isinstance(value, list):
        raise bad_response(exchange, f"{key!r} is {_type_name(value)}, not a list")
    for item in value:
        if not isinstance(item, dict):
            raise bad_response(exchange, f"{key!r} holds {_type_name(item)}, not objects")
        record_id = item.get("id")
        if isinstance(record_id, bool) or not isinstance(record_id, int | str):
            raise bad_response(exchange, f"a record in {key!r} has no usable id")
    return value


def _error_details(response: httpx.Response) -> tuple[str, dict[str, list[str]]]:
    try:
        body = json.loads(response.content)
    except (ValueError, RecursionError):
        return f"unexpected answer ({_describe(response)})", {}
    if not isinstance(body, dict):
        return f"unexpected answer ({_describe(response)})", {}
    field_errors = _field_errors(body.get("errors"))
    if field_errors:
        return _join_field_errors(field_errors), field_errors
    for key in ("message", "error_description", "error", "type"):
        value = body.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip(), {}
    return f"unexpected answer ({_describe(response)})", {}


def _field_errors(errors: Any) -> dict[str, list[str]]:
    if isinstance(errors, list):
        errors = {"base": errors}
    if not isinstance(errors, Mapping):
        return {}
    found: dict[str, list[str]] = {}
    for field, messages in errors.items():
        items = messages if isinstance(messages, list) else [messages]
        texts = [str(item) for item in items if item is not None]
        if texts:
            found[str(field)] = texts
    return found


def _join_field_errors(field_errors: Mapping[str, list[str]]) -> str:
    parts = []
    for field, messages in field_errors.items():
        for message in messages:
            parts.append(message if field == "base" else f"{field} {message}")
    return "; ".join(parts)


def _describe(response: httpx.Response) -> str:
    if not response.content:
        return "empty body"
    content_type = response.headers.get("content-type", "no content type").split(";")[0]
    return f"{content_type}, {len(response.content)} bytes"


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}
    return names.get(type(value), "a number" if isinstance(value, int | float) else "a value")
