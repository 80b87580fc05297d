"""Export is a complete migration: a rich account exported and applied to an empty one is the
same account, record by record through the API, and the export plans empty against both.

Both accounts are served by uvicorn on loopback ports; they are built and compared with a plain
HTTP client, gecko-apply only exports and applies.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from reconciler.config.schema import SCHEMA_FILE
from reconciler.sandbox import create_app
from tests.e2e.conftest import Sandbox
from tests.e2e.migration import source
from tests.e2e.migration.api import TOKEN, Api
from tests.e2e.migration.snapshot import differences, snapshot
from tests.jsonschema_check import schema_errors
from tests.servers import on_loopback


@pytest.fixture
def served(tmp_path: Path) -> Iterator[dict[str, Sandbox]]:
    """A source account seeded empty, another seeded with the demo, and an empty target each."""
    with ExitStack() as stack:
        boxes = {}
        for name, seed in (("rich", "empty"), ("demo", "demo"), ("target", "empty"),
                           ("demo_target", "empty")):
            db = tmp_path / f"{name}.sqlite"
            app = create_app(db, token=TOKEN, seed=seed, rate_limit=None)
            boxes[name] = Sandbox(db, tmp_path, stack.enter_context(on_loopback(app)))
        yield boxes


def migrate(source_box: Sandbox, target: Sandbox, out: Path) -> str:
    exported = source_box.run("export", "--out", str(out))
    assert exported.exit_code == 0, exported.stderr
    applied = target.run("apply", str(out), "--auto-approve")
    assert applied.exit_code == 0, applied.stdout + applied.stderr
    return exported.stderr


def assert_same_accounts(source_box: Sandbox, target: Sandbox, out: Path) -> None:
    apis = [Api(str(box.url)) for box in (source_box, target)]
    try:
        assert differences(snapshot(apis[0]), snapshot(apis[1])) == []
    finally:
        for api in apis:
            api.close()
    for box in (source_box, target):
        planned = box.run("plan", str(out), "--detailed-exitcode")
        assert planned.exit_code == 0, planned.stdout + planned.stderr


def test_a_rich_account_migrates_with_no_difference(
    served: dict[str, Sandbox], tmp_path: Path
) -> None:
    api = Api(str(served["rich"].url))
    source.build(api)
    built = snapshot(api)
    api.close()
    assert len(built["product"]) >= 50 and len(built["currency"]) == 4
    assert built["supplier"]["Supplier 0"]["default_tax_type"] == "VAT"
    assert built["product"]["Migrated product 01"]["supplier"] == "Supplier 1"
    assert built["image"]["Migrated product 03/front.jpg"] == {
        "variants": ["MIG-03-ALPHA", "MIG-03-MIKE"], "position": 2
    }
    late = built["variant"]["MIG-00-LATE"]
    assert late["rank"] == 1 and built["variant"]["MIG-00-ZULU"]["rank"] == 2
    notes = migrate(served["rich"], served["target"], tmp_path / "rich")
    assert "stock levels are not exported" in notes
    exported = sorted((tmp_path / "rich").glob("*.yaml"))
    assert schema_errors(tmp_path / "rich" / SCHEMA_FILE, exported) == {}
    assert_same_accounts(served["rich"], served["target"], tmp_path / "rich")


def test_the_demo_account_migrates_with_no_difference(
    served: dict[str, Sandbox], tmp_path: Path
) -> None:
    migrate(served["demo"], served["demo_target"], tmp_path / "demo")
    assert_same_accounts(served["demo"], served["demo_target"], tmp_path / "demo")
