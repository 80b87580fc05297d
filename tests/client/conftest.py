"""Shared fixtures of the client tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_gecko_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """A real token in the environment must never reach a test."""
    import os

    for name in list(os.environ):
        if name.startswith("GECKO_"):
            monkeypatch.delenv(name)
