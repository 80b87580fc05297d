"""The TradeGecko API client: the only part of gecko-apply that speaks HTTP.

``GeckoClient`` (core) sends through ``Sender`` (sender: auth, retries, idempotency keys,
logging), which asks the ``Governor`` (governor) before every attempt; index reads go through
pagination; answers are read by decode; failures are the exceptions of errors.
"""

from reconciler.client.core import GeckoClient
from reconciler.client.errors import (
    ApiError,
    AuthError,
    BadRequestError,
    BadResponseError,
    ConnectionFailed,
    NotFoundError,
    RateLimitedError,
    ServerError,
    UnprocessableError,
    WaitTooLong,
)
from reconciler.client.pagination import PAGE_SIZE, ListResult
from reconciler.client.ratelimit import RateStatus, RateWait, estimate_seconds
from reconciler.client.redact import mask_library_logs
from reconciler.client.resources import RESOURCES, Resource
from reconciler.client.retry import RetryPolicy

mask_library_logs()

__all__ = [
    "PAGE_SIZE",
    "RESOURCES",
    "ApiError",
    "AuthError",
    "BadRequestError",
    "BadResponseError",
    "ConnectionFailed",
    "GeckoClient",
    "ListResult",
    "NotFoundError",
    "RateLimitedError",
    "RateStatus",
    "RateWait",
    "Resource",
    "RetryPolicy",
    "ServerError",
    "UnprocessableError",
    "WaitTooLong",
    "estimate_seconds",
]
