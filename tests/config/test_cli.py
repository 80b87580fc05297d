"""The validate and schema commands, the examples, and the committed schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from reconciler.cli import main
from reconciler.config.schema import SCHEMA_FILE, render_schema

from .trees import DIAGNOSTIC_LINE, doc, write_tree

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SCHEMA = ROOT / "schemas" / SCHEMA_FILE
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(?P<path>\S+)$", re.MULTILINE)


def test_validate_prints_a_summary_and_exits_0(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.yaml": doc("products:\n  - name: P\n    variants: [{sku: S}]\n")})
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "ok: 0 currencies, 0 locations, 0 payment terms, 0 tax types, 0 price lists, "
        "0 suppliers, 1 product, 1 variant, 0 images (1 file)\n"
    )
    assert result.stderr == ""


def test_validate_prints_every_error_and_a_summary_and_exits_1(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "a.yaml": doc("locations:\n  - label: A\n  - label: B\n    contry: SG\n"),
            "b.yaml": "locations:\n  - label: A\n",
        },
    )
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines == [
        f"{tmp_path / 'a.yaml'}:5:5: locations[1].contry: unknown field 'contry' "
        "(did you mean 'country'?)",
        f"{tmp_path / 'b.yaml'}:2:12: locations[0].label: location 'A' is declared twice "
        f"(first at {tmp_path / 'a.yaml'}:3:5)",
        "2 errors in 2 files",
    ]


def test_validate_notes_references_left_for_the_account(tmp_path: Path) -> None:
    products = "products:\n  - name: P\n    variants: [{sku: S, prices: {GOLD: 1}}]\n"
    write_tree(tmp_path, {"a.yaml": doc(products)})
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "a.yaml")])
    assert result.exit_code == 0
    assert "note: price list 'GOLD' is not declared" in result.stderr
    assert DIAGNOSTIC_LINE.match(result.stderr.splitlines()[0])


def test_validate_a_missing_path_exits_1() -> None:
    result = CliRunner().invoke(main, ["validate", "no/such/dir"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "no/such/dir: no such file or directory",
        "1 error in 1 file",
    ]


def test_the_examples_validate() -> None:
    for name, counts in (("demo", "3 products, 8 variants"), ("large", "34 products, 92 variants")):
        result = CliRunner().invoke(main, ["validate", str(EXAMPLES / name)])
        assert result.exit_code == 0, result.stderr
        assert result.stdout.startswith("ok: ") and counts in result.stdout
        assert result.stderr == ""


def test_example_files_point_at_the_schema() -> None:
    files = [*(EXAMPLES / "demo").rglob("*.yaml"), *(EXAMPLES / "large").rglob("*.yaml")]
    assert len(files) >= 8
    for file in files:
        found = MODELINE.search(file.read_text(encoding="utf-8"))
        assert found, f"{file} has no yaml-language-server line"
        assert (file.parent / found.group("path")).resolve() == SCHEMA


def test_schema_command_writes_the_schema(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["schema", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0
    written = tmp_path / "out" / SCHEMA_FILE
    assert result.stdout.strip() == str(written)
    assert written.read_text(encoding="utf-8") == render_schema()


def test_committed_schema_is_fresh() -> None:
    assert SCHEMA.read_text(encoding="utf-8") == render_schema(), (
        "schemas/catalogue.schema.json is stale: run 'gecko-apply schema'"
    )


def test_schema_helps_editors() -> None:
    schema = json.loads(render_schema())
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert "required" not in schema  # each file alone need not carry gecko_apply
    assert "^x-" in schema["patternProperties"]
    variant = schema["$defs"]["Variant"]
    assert variant["additionalProperties"] is False
    assert variant["required"] == ["sku"]
    unit = variant["properties"]["weight_unit"]
    assert unit["anyOf"][0]["enum"] == ["kg", "gm", "oz", "lb"]
    assert variant["properties"]["sku"]["examples"] == ["DEMO-GOBS-PEA"]
    assert all(
        "title" in field or "$ref" in field
        for definition in schema["$defs"].values()
        for field in definition["properties"].values()
    )
    assert all("title" in definition for definition in schema["$defs"].values())
    term = schema["$defs"]["PaymentTerm"]["properties"]
    assert "from" in term and "from_" not in term
