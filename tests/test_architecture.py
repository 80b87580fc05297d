"""Guards on the architecture: import boundaries and a complete kind registry."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from reconciler.config import Catalogue
from reconciler.kinds import KINDS
from reconciler.kinds.base import KindSpec
from reconciler.sandbox import create_app

PACKAGE = Path(__file__).resolve().parents[1] / "reconciler"
PURE_ENGINE = ("diff", "match", "planner", "safety", "target", "saved", "plan", "records", "state")
KIND_HELPERS = {"__init__", "base", "columns", "fields", "iso", "schema_patterns", "values"}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def modules(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


@pytest.mark.parametrize("path", modules(PACKAGE), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_the_cli_imports_the_sandbox(path: Path) -> None:
    if path.name == "cli.py" or "sandbox" in path.relative_to(PACKAGE).parts:
        return
    assert not any(name.startswith("reconciler.sandbox") for name in imports_of(path))


@pytest.mark.parametrize(
    "path", modules(PACKAGE / "sandbox"), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_the_sandbox_imports_nothing_else_of_reconciler(path: Path) -> None:
    foreign = {
        name
        for name in imports_of(path)
        if name.startswith("reconciler") and not name.startswith("reconciler.sandbox")
    }
    assert foreign == set()


@pytest.mark.parametrize("name", PURE_ENGINE)
def test_pure_engine_modules_do_no_io(name: str) -> None:
    imported = imports_of(PACKAGE / "engine" / f"{name}.py")
    assert not any(i.split(".")[0] in {"httpx", "socket", "sqlite3"} for i in imported)
    assert not any(i.startswith("reconciler.client") for i in imported)


def test_every_kind_module_is_registered_once_in_order() -> None:
    defined = {p.stem for p in (PACKAGE / "kinds").glob("*.py")} - KIND_HELPERS
    registered = [type(spec).__module__.rsplit(".", 1)[1] for spec in KINDS]
    assert sorted(registered) == sorted(defined)
    assert [spec.name for spec in KINDS] == [
        "currency", "location", "payment_term", "tax_type", "price_list", "supplier", "product",
        "variant", "image",
    ]


@pytest.mark.parametrize("spec", KINDS, ids=lambda s: s.name)
def test_every_kind_is_declarable_and_served_by_the_sandbox(spec: KindSpec) -> None:
    if spec.parent is None:
        assert spec.section in Catalogue.model_fields
    resources = create_app(":memory:", seed="empty").state.sandbox.resources
    assert spec.resource in resources
    for companion in spec.companions:
        assert companion in resources
