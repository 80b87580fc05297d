"""A local TradeGecko-compatible API: an ASGI app over SQLite, served by uvicorn.

It imports nothing from the rest of ``reconciler``. Build it in-process with
:func:`create_app` (its controls are ``app.state.sandbox``) or run it with :func:`serve`.
"""

from reconciler.sandbox.app import create_app
from reconciler.sandbox.faults import DroppedConnection, FaultSpec, parse_faults
from reconciler.sandbox.ratelimit import parse_rate_limit
from reconciler.sandbox.requestlog import RequestLogEntry
from reconciler.sandbox.server import serve
from reconciler.sandbox.state import Sandbox

__all__ = [
    "DroppedConnection",
    "FaultSpec",
    "RequestLogEntry",
    "Sandbox",
    "create_app",
    "parse_faults",
    "parse_rate_limit",
    "serve",
]
