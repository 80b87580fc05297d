"""Fixtures: the sandbox in-process (Starlette's TestClient) and under uvicorn on loopback."""

from __future__ import annotations

import os
from collections.abc import Iterator

import httpx
import pytest
from starlette.applications import Starlette

from reconciler.sandbox import create_app

from .helpers import AUTH, FakeClock, LiveServer, TestClient, make_client, sandbox_of


@pytest.fixture(autouse=True)
def _no_gecko_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("GECKO_"):
            monkeypatch.delenv(name)


@pytest.fixture
def app() -> Iterator[Starlette]:
    built = create_app(rate_limit=None)
    yield built
    sandbox_of(built).close()


@pytest.fixture
def client(app: Starlette) -> TestClient:
    return make_client(app)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def live_client(app: Starlette) -> Iterator[httpx.Client]:
    with LiveServer(app) as url, httpx.Client(base_url=url, headers=AUTH, timeout=10) as http:
        yield http
