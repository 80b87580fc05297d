"""Creates never follow an incomplete read of their kind: the plan refuses and names the kind."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from starlette.applications import Starlette

from reconciler.cli import main
from reconciler.sandbox import create_app
from tests.e2e.conftest import TOKEN, write_tree
from tests.servers import on_loopback

NEW_VARIANT = """
gecko_apply: 1
products:
  - name: Everlasting Gobstopper
    variants:
      - sku: DEMO-GOBS-NEW
        name: Lime
"""


def run(url: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*args, "--api-url", url],
                                env={"GECKO_ACCESS_TOKEN": TOKEN})
    return result.exit_code, result.stdout, result.stderr


def writes(app: Starlette) -> list[str]:
    log = app.state.sandbox.request_log
    return [f"{e.method} {e.path}" for e in log if e.method != "GET"]


def test_a_shortened_page_stops_every_create_of_its_kind(tmp_path: Path) -> None:
    config = write_tree(tmp_path / "catalogue", {"catalogue.yaml": NEW_VARIANT})
    app = create_app(tmp_path / "box.sqlite", token=TOKEN, faults="short_page=1")
    with on_loopback(app) as url:
        code, out, err = run(url, "apply", str(config), "--auto-approve")
    assert code == 1
    assert "the read of variants was incomplete" in err
    assert "refusing to create variants" in err
    assert "Traceback" not in out + err
    assert any(e.fault == "short_page" for e in app.state.sandbox.request_log)
    assert writes(app) == []


def test_the_same_apply_goes_ahead_once_the_reads_are_whole(tmp_path: Path) -> None:
    config = write_tree(tmp_path / "catalogue", {"catalogue.yaml": NEW_VARIANT})
    app = create_app(tmp_path / "box.sqlite", token=TOKEN, faults="short_page=1")
    with on_loopback(app) as url:
        assert run(url, "plan", str(config))[0] == 1
        app.state.sandbox.set_faults(None)
        code, out, err = run(url, "apply", str(config), "--auto-approve")
        assert code == 0, out + err
        assert writes(app) == ["POST /variants"]
        assert "No changes." in run(url, "plan", str(config))[1]
