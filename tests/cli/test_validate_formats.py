"""``validate --format json|github``: the same findings for tools and for pull-request diffs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from reconciler.cli import main
from reconciler.render.validation import escape_data, escape_property
from tests.config.trees import doc, write_tree

BROKEN = {
    "a.yaml": doc("locations:\n  - label: A\n  - label: B\n    contry: SG\n"),
    "b.yaml": "locations:\n  - label: A\n",
}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["validate", *args])
    return result.exit_code, result.stdout, result.stderr


def test_github_format_annotates_each_error_with_file_line_and_column(tmp_path: Path) -> None:
    write_tree(tmp_path, BROKEN)
    code, out, err = run(str(tmp_path), "--format", "github")
    assert code == 1
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == (
        f"::error file={tmp_path / 'a.yaml'},line=5,col=5,title=gecko-apply validate::"
        "locations[1].contry: unknown field 'contry' (did you mean 'country'?)"
    )
    assert lines[1].startswith(f"::error file={tmp_path / 'b.yaml'},line=2,col=12,")
    assert lines[-1] == "2 errors in 2 files"


def test_github_format_names_files_relative_to_the_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(tmp_path / "catalogue", BROKEN)
    monkeypatch.chdir(tmp_path)
    _, out, _ = run(str(tmp_path / "catalogue"), "--format", "github")
    assert out.startswith("::error file=catalogue/a.yaml,line=5,col=5,")


def test_github_format_notes_references_and_summarises_a_valid_configuration(
    tmp_path: Path,
) -> None:
    products = "products:\n  - name: P\n    variants: [{sku: S, prices: {GOLD: 1}}]\n"
    write_tree(tmp_path, {"a.yaml": doc(products)})
    code, out, _ = run(str(tmp_path), "--format", "github")
    assert code == 0
    notice, summary = out.splitlines()
    assert notice.startswith(f"::notice file={tmp_path / 'a.yaml'},line=")
    assert notice.endswith("::products[0].variants[0].prices.GOLD: price list 'GOLD' is not "
                           "declared; plan checks that the account has it")
    assert summary.startswith("ok: 0 currencies, 0 locations")


def test_json_format_is_one_document_on_stdout(tmp_path: Path) -> None:
    write_tree(tmp_path, BROKEN)
    code, out, err = run(str(tmp_path), "--format", "json")
    assert code == 1 and err == ""
    document = json.loads(out)
    assert document["valid"] is False
    assert document["summary"] == "2 errors in 2 files"
    assert document["errors"][0] == {
        "file": str(tmp_path / "a.yaml"), "line": 5, "col": 5, "path": "locations[1].contry",
        "message": "unknown field 'contry' (did you mean 'country'?)",
    }  # fmt: skip
    assert document["notes"] == []


def test_json_format_of_a_valid_configuration(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.yaml": doc("products:\n  - name: P\n    variants: [{sku: S}]\n")})
    code, out, _ = run(str(tmp_path), "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert document["valid"] is True and document["errors"] == []
    assert document["summary"].startswith("ok: ")


def test_workflow_command_escaping() -> None:
    # A message or property cannot end the command early nor start a new one on a new line.
    assert escape_data("100% sure\r\n::error::x") == "100%25 sure%0D%0A::error::x"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
