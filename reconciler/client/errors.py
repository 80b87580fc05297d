"""The exceptions the API client raises.

Every failure of a request reaches the caller as one of these, never as an httpx, JSON or
``KeyError``/``TypeError`` exception. The tree::

    GeckoApplyError
    └── ApiError                 any failed request: method, path, status, message, request id
        ├── BadRequestError      400: the request was malformed (e.g. a limit above 250)
        ├── AuthError            401 / 403: the token is invalid or lacks permission
        ├── NotFoundError        404: no such record
        ├── UnprocessableError   422: validation failed; ``field_errors`` holds the API's errors
        ├── RateLimitedError     429 still answered after every retry
        ├── ServerError          5xx still answered after every retry
        ├── ConnectionFailed     timeouts / dropped connections after every retry (no status)
        └── BadResponseError     a success answer the client cannot read (bad JSON, wrong shape)
    WaitTooLong                  the API asked for a pause longer than ``max_wait``

Other statuses (402, 414, an unexpected 3xx) raise ``ApiError`` itself. ``str(error)`` is one
line: ``POST /products: 422 Unprocessable: name can't be blank (request 2d51871d…)``. The path
never carries the query string, and nothing here ever holds the access token.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from reconciler.errors import GeckoApplyError

FieldErrors = Mapping[str, Sequence[str]]

_LABELS = {
    400: "Bad Request",
    401: "Unauthorized",
    402: "Payment Required",
    403: "Forbidden",
    404: "Not Found",
    414: "URI Too Long",
    422: "Unprocessable",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}

_REQUEST_ID_SHOWN = 8


def status_label(status: int) -> str:
    """A short human label for an HTTP status (``422`` → ``"Unprocessable"``)."""
    if status in _LABELS:
        return _LABELS[status]
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "HTTP status"


class ApiError(GeckoApplyError):
    """A request to the API failed.

    Attributes: ``method`` and ``path`` (no query string), ``status`` (``None`` when no response
    arrived), ``message`` (the API's message or a description of the failure), ``field_errors``
    (422 only; ``{}`` otherwise), ``request_id`` (the response's ``X-Request-ID``) and
    ``attempts`` (how many times the request was sent).
    """

    def __init__(
        self,
        message: str,
        *,
        method: str,
        path: str,
        status: int | None = None,
        request_id: str | None = None,
        field_errors: FieldErrors | None = None,
        attempts: int = 1,
    ) -> None:
        self.message = message
        self.method = method
        self.path = path
        self.status = status
        self.request_id = request_id
        self.field_errors: dict[str, list[str]] = {
            field: list(messages) for field, messages in (field_errors or {}).items()
        }
        self.attempts = attempts
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = f"{self.method} {self.path}"
        what = f"{self.status} {status_label(self.status)}" if self.status else self.kind
        line = f"{where}: {what}: {self.message}"
        if self.attempts > 1:
            line += f" after {self.attempts} attempts"
        if self.request_id:
            shown = self.request_id[:_REQUEST_ID_SHOWN]
            ellipsis = "…" if len(self.request_id) > _REQUEST_ID_SHOWN else ""
            line += f" (request {shown}{ellipsis})"
        return " ".join(line.split())

    @property
    def kind(self) -> str:
        """What failed, for errors without a status."""
        return "request failed"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), dict(self.__dict__)))


class BadRequestError(ApiError):
    """400: the API rejected the request as malformed."""


class AuthError(ApiError):
    """401 or 403: the access token is missing, invalid or lacks permission."""


class NotFoundError(ApiError):
    """404: the record or endpoint does not exist."""


class UnprocessableError(ApiError):
    """422: the API refused the record; ``field_errors`` maps each field to its messages."""


class RateLimitedError(ApiError):
    """429 answered on every attempt, even after waiting for the rate-limit window."""


class ServerError(ApiError):
    """A 5xx answer on every attempt."""


class ConnectionFailed(ApiError):
    """No response: timeouts, refused or dropped connections on every attempt."""

    @property
    def kind(self) -> str:
        return "connection failed"


class BadResponseError(ApiError):
    """The API answered, but not with the JSON shape the client expects."""


class WaitTooLong(GeckoApplyError):
    """The API asked for a pause (``Retry-After``, a far rate-limit reset) longer than the
    client may wait; nothing more is sent, and every further request would ask the same."""

    fatal = True

    def __init__(self, seconds: float, reason: str, max_wait: float) -> None:
        self.seconds, self.reason, self.max_wait = seconds, reason, max_wait
        super().__init__(
            f"the API asks for a wait of {_amount(seconds)} ({reason}), longer than --max-wait "
            f"{_amount(max_wait)}; stopped without sending more (try again later, or raise "
            "--max-wait)"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.seconds, self.reason, self.max_wait))


def _amount(seconds: float) -> str:
    for unit, size in (("days", 86400.0), ("h", 3600.0), ("min", 60.0)):
        if seconds >= 2 * size:
            return f"{seconds / size:,.0f} {unit}"
    return f"{seconds:,.0f} s"


def _rebuild(cls: type[ApiError], state: dict[str, Any]) -> ApiError:
    error = cls.__new__(cls)
    error.__dict__.update(state)
    Exception.__init__(error, str(error))
    return error


def error_class_for(status: int) -> type[ApiError]:
    """The exception class for an error status."""
    if status in (401, 403):
        return AuthError
    if status >= 500:
        return ServerError
    by_status: dict[int, type[ApiError]] = {
        400: BadRequestError,
        404: NotFoundError,
        422: UnprocessableError,
        429: RateLimitedError,
    }
    return by_status.get(status, ApiError)
