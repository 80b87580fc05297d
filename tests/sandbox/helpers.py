"""Shared helpers of the sandbox tests: clients, a fake clock, a live uvicorn server."""

from __future__ import annotations

import threading
import time
import warnings
from typing import Any

import uvicorn
from starlette.applications import Starlette

from reconciler.sandbox import Sandbox

with warnings.catch_warnings():
    # starlette.testclient warns once on import when it runs on httpx rather than httpx2.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

__all__ = ["AUTH", "TOKEN", "FakeClock", "LiveServer", "TestClient", "make_client", "sandbox_of"]

TOKEN = "sandbox-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def make_client(app: Starlette, **kwargs: Any) -> TestClient:
    return TestClient(app, base_url="http://sandbox.test", headers=AUTH, **kwargs)


def sandbox_of(app: Starlette) -> Sandbox:
    state: Sandbox = app.state.sandbox
    return state


class FakeClock:
    def __init__(self, now: float = 1_500_000_100.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class LiveServer:
    """The app under uvicorn in a background thread, on a free loopback port."""

    def __init__(self, app: Starlette) -> None:
        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="critical",
                                lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)
