"""Error answers and unreadable answers become the client's exceptions, never raw ones."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from reconciler.client import (
    ApiError,
    AuthError,
    BadRequestError,
    BadResponseError,
    GeckoClient,
    NotFoundError,
    RetryPolicy,
    ServerError,
    UnprocessableError,
)
from reconciler.errors import GeckoApplyError

from .fakes import make_client, respond

HTML = "<html><body><h1>502 Bad Gateway</h1></body></html>"


def answering(response: httpx.Response) -> GeckoClient:
    client, _ = make_client(lambda request: response, retry=RetryPolicy(max_attempts=1))
    return client


def test_422_carries_the_field_errors() -> None:
    body = {"errors": {"name": ["can't be blank"], "sku": ["is too long", "is invalid"]}}
    client = answering(respond(422, body))
    with pytest.raises(UnprocessableError) as caught:
        client.create("products", {"name": ""})
    error = caught.value
    assert error.status == 422
    assert error.field_errors == {"name": ["can't be blank"], "sku": ["is too long", "is invalid"]}
    assert error.method == "POST" and error.path == "/products"
    assert error.request_id == "2d51871d-5944-41b9-839d-6d1c0560866d"
    assert str(error) == (
        "POST /products: 422 Unprocessable: name can't be blank; sku is too long; "
        "sku is invalid (request 2d51871d…)"
    )
    assert isinstance(error, ApiError) and isinstance(error, GeckoApplyError)


def test_404_carries_type_and_message() -> None:
    body = {"type": "Not Found", "message": "Couldn't find Product with 'id'=12"}
    client = answering(respond(404, body))
    with pytest.raises(NotFoundError) as caught:
        client.get("products", 12)
    assert caught.value.message == "Couldn't find Product with 'id'=12"
    assert str(caught.value) == (
        "GET /products/12: 404 Not Found: Couldn't find Product with 'id'=12 (request 2d51871d…)"
    )


@pytest.mark.parametrize(
    ("code", "cls"),
    [(400, BadRequestError), (401, AuthError), (403, AuthError), (402, ApiError), (414, ApiError)],
)
def test_status_classes(code: int, cls: type[ApiError]) -> None:
    client = answering(respond(code, {"type": "x", "message": "nope"}))
    with pytest.raises(cls) as caught:
        client.account()
    assert type(caught.value) is cls
    assert caught.value.message == "nope"


def test_html_error_page() -> None:
    client = answering(respond(502, text=HTML, headers={"Content-Type": "text/html"}))
    with pytest.raises(ServerError) as caught:
        client.list_all("products")
    assert "unexpected answer (text/html" in str(caught.value)
    assert "<html>" not in str(caught.value)


def test_oauth_style_error_body() -> None:
    body = {"error": "invalid_token", "error_description": "The access token is invalid"}
    client = answering(respond(401, body))
    with pytest.raises(AuthError, match="The access token is invalid"):
        client.account()


BAD_SUCCESS: list[Any] = [
    pytest.param(respond(200, text="{not json"), "malformed JSON", id="malformed-json"),
    pytest.param(
        respond(200, text=HTML, headers={"Content-Type": "text/html"}), "malformed JSON", id="html"
    ),
    pytest.param(respond(200), "malformed JSON", id="empty"),
    pytest.param(respond(200, {"products": []}), "no 'account' root", id="missing-root"),
    pytest.param(respond(200, {"account": []}), "not an object", id="wrong-type"),
    pytest.param(respond(200, [1, 2]), "no 'account' root", id="top-level-list"),
]


@pytest.mark.parametrize(("response", "message"), BAD_SUCCESS)
def test_unreadable_records(response: httpx.Response, message: str) -> None:
    with pytest.raises(BadResponseError, match=message):
        answering(response).account()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"variants": []}, "no 'products' root"),
        ({"products": {"id": 1}}, "not a list"),
        ({"products": [1, 2]}, "not objects"),
        ({"products": [], "variants": ["x"]}, "not objects"),
        (None, "malformed JSON"),
    ],
)
def test_unreadable_indexes(body: Any, message: str) -> None:
    with pytest.raises(BadResponseError, match=message):
        answering(respond(200, body)).list_all("products")


def test_create_with_a_missing_root() -> None:
    with pytest.raises(BadResponseError, match="POST /products: 201 Created: answer has no"):
        answering(respond(201, {"id": 1})).create("products", {"name": "x"})


def test_decoding_error_is_a_bad_response() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        stream = httpx.ByteStream(b"definitely not gzip")
        return httpx.Response(200, stream=stream, headers={"Content-Encoding": "gzip"})

    client, _ = make_client(handler)
    with pytest.raises(BadResponseError, match="DecodingError"):
        client.account()


def test_message_without_request_id_and_with_blank_body() -> None:
    client = answering(httpx.Response(500))
    with pytest.raises(ServerError) as caught:
        client.account()
    assert str(caught.value) == (
        "GET /accounts/current: 500 Internal Server Error: unexpected answer (empty body)"
    )


def test_str_is_one_line() -> None:
    client = answering(respond(422, {"errors": {"name": ["can't\nbe blank"]}}))
    with pytest.raises(UnprocessableError) as caught:
        client.create("products", {"name": ""})
    assert "\n" not in str(caught.value)


def test_errors_survive_pickling() -> None:
    import pickle

    client = answering(respond(422, {"errors": {"name": ["can't be blank"]}}))
    with pytest.raises(UnprocessableError) as caught:
        client.create("products", {"name": ""})
    copy = pickle.loads(pickle.dumps(caught.value))
    assert type(copy) is UnprocessableError
    assert str(copy) == str(caught.value)
    assert copy.field_errors == {"name": ["can't be blank"]}
