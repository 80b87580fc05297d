"""Fixtures shared by every test."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True)
def _no_gecko_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """A real token or API URL in the environment never reaches a test."""
    for name in list(os.environ):
        if name.startswith("GECKO_"):
            monkeypatch.delenv(name)
