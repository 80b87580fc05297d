"""Errors the sandbox answers with.

``ApiError`` becomes ``{"type", "message"}`` with its status; ``Unprocessable`` becomes a 422
``{"errors": {field: [message, ...]}}``.
"""

from __future__ import annotations

from http import HTTPStatus

Errors = dict[str, list[str]]


class ApiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message

    @property
    def type(self) -> str:
        return HTTPStatus(self.status).phrase

    def body(self) -> dict[str, str]:
        return {"type": self.type, "message": self.message}


class NotFound(ApiError):
    def __init__(self, message: str) -> None:
        super().__init__(404, message)


class BadRequest(ApiError):
    def __init__(self, message: str) -> None:
        super().__init__(400, message)


class Unprocessable(Exception):
    def __init__(self, errors: Errors) -> None:
        super().__init__(errors)
        self.errors = errors


def add_error(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)
