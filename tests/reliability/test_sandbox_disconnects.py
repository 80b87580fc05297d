"""A client that goes away mid-request (a killed apply) is not a failure of the sandbox.

Killing ``gecko-apply apply`` while its request waits in the sandbox (latency) made the sandbox
log "sandbox failed on GET /locations" with a ``ClientDisconnect`` traceback at ERROR level and
record a 500 in its request log, for a request it never answered.
"""

from __future__ import annotations

import logging
import socket
import time
from urllib.parse import urlsplit

import pytest

from reconciler.sandbox import create_app
from tests.servers import on_loopback

TOKEN = "sandbox-token"


def _send_and_hang_up(url: str, request: bytes) -> None:
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 80), 5) as sock:
        sock.sendall(request)
    # Closed before the answer: the sandbox is still waiting out its latency.


@pytest.mark.parametrize("method", ["GET", "DELETE"])
def test_a_client_hanging_up_is_not_a_server_error(
    method: str, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(rate_limit=None, seed="empty", faults="latency=200ms")
    sandbox = app.state.sandbox
    request = (f"{method} /locations/1 HTTP/1.1\r\nHost: sandbox\r\n"
               f"Authorization: Bearer {TOKEN}\r\nContent-Length: 0\r\n\r\n").encode()
    try:
        with caplog.at_level(logging.DEBUG), on_loopback(app) as url:
            _send_and_hang_up(url, request)
            deadline = time.monotonic() + 3
            while not sandbox.request_log and time.monotonic() < deadline:
                time.sleep(0.02)
            time.sleep(0.1)
        log = sandbox.request_log
    finally:
        sandbox.close()
    assert [entry.status for entry in log if entry.status >= 500] == []
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors]
