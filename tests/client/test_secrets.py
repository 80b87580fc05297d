"""The token never shows: not in logs, reprs, exceptions or waits."""

from __future__ import annotations

import logging
import pickle

import httpx
import pytest

from reconciler.client import ApiError, RateWait, RetryPolicy

from .fakes import TOKEN, make_client, respond


def test_token_is_nowhere(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    answers = iter(
        [
            respond(503, {"message": "busy"}),
            respond(200, {"account": {"id": 1}}),
            respond(422, {"errors": {"name": ["can't be blank"]}}),
        ]
    )

    def handler(request: httpx.Request) -> httpx.Response:
        return next(answers)

    waits: list[RateWait] = []
    client, _ = make_client(handler, waits=waits)
    client.account()
    with pytest.raises(ApiError) as caught:
        client.create("products", {"name": ""})
    texts = [
        caplog.text,
        repr(client),
        str(vars(client)),
        str(caught.value),
        repr(caught.value),
        str(vars(caught.value)),
        *(repr(wait) for wait in waits),
    ]
    assert any("GET /accounts/current -> 503" in record.getMessage() for record in caplog.records)
    for text in texts:
        assert TOKEN not in text
    assert TOKEN not in repr(vars(client._sender))
    assert TOKEN.encode() not in pickle.dumps(caught.value)


def test_transport_error_text_is_scrubbed() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"could not connect with {TOKEN}", request=request)

    client, _ = make_client(handler, retry=RetryPolicy(max_attempts=2, rng=lambda: 0.0))
    with pytest.raises(ApiError) as caught:
        client.account()
    assert TOKEN not in str(caught.value)
    assert "<token>" in str(caught.value)


def test_logger_name_and_fields(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="reconciler.client")
    client, _ = make_client(lambda r: respond(200, {"account": {"id": 1}}))
    client.account()
    [record] = [r for r in caplog.records if r.name == "reconciler.client"]
    message = record.getMessage()
    assert message.startswith("GET /accounts/current -> 200 (request 2d51871d-")
    assert "attempt 1" in message
    assert "Authorization" not in message and "Bearer" not in message
