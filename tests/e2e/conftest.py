"""End-to-end fixtures: the CLI against the sandbox, in-process (``--sandbox DB``) or over HTTP."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from starlette.applications import Starlette
from starlette.testclient import TestClient

from reconciler.cli import main
from reconciler.sandbox import create_app
from tests.servers import on_loopback

TOKEN = "sandbox-token"


def write_tree(root: Path, files: Mapping[str, str]) -> Path:
    """A configuration from a dict of relative path → YAML text."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return root


@dataclass
class Sandbox:
    """One sandbox database and the CLI pointed at it: in-process (``--sandbox DB``), or over
    HTTP (``--api-url``) when the database is served by uvicorn on a loopback port."""

    db: Path
    tmp: Path
    url: str | None = None

    def app(self, **options: Any) -> Starlette:
        return create_app(self.db, token=TOKEN, **options)

    def run(self, *args: str, input: str | None = None) -> Result:
        if self.url is None:
            return CliRunner().invoke(main, [*args, "--sandbox", str(self.db)], input=input)
        return CliRunner().invoke(
            main, [*args, "--api-url", self.url], input=input, env={"GECKO_ACCESS_TOKEN": TOKEN}
        )

    def config(self, files: Mapping[str, str], name: str = "catalogue") -> Path:
        return write_tree(self.tmp / name, files)

    def get(self, path: str) -> Any:
        """A read through the sandbox's own API, as a user of it would see the record."""
        with TestClient(self.app()) as client:
            response = client.get(path, headers={"Authorization": f"Bearer {TOKEN}"})
        response.raise_for_status()
        return response.json()

    def query(self, sql: str, *params: Any) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = self.app().state.sandbox.query(sql, list(params))
        return rows


@pytest.fixture(params=["in-process", "loopback"])
def sandbox(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Sandbox]:
    """A demo-seeded sandbox database, reached in-process and, again, over a real socket."""
    box = Sandbox(tmp_path / "sandbox.sqlite", tmp_path)
    if request.param == "in-process":
        yield box  # the CLI seeds it on first use
        return
    with on_loopback(box.app(seed="demo")) as url:
        box.url = url
        yield box


@pytest.fixture
def empty_sandbox(tmp_path: Path) -> Sandbox:
    box = Sandbox(tmp_path / "empty.sqlite", tmp_path)
    box.app(seed="empty")
    return box
