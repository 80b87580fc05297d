"""The configuration hash a saved plan is checked against, without parsing the files."""

from __future__ import annotations

from pathlib import Path

from reconciler.config import load_catalogue
from reconciler.config.files import hash_of_path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_hash_of_a_path_is_the_loaded_configurations_hash() -> None:
    for example in (EXAMPLES / "demo", EXAMPLES / "large"):
        assert hash_of_path(example) == load_catalogue(example).config_hash


def test_any_edit_changes_the_hash(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("gecko_apply: 1\n", encoding="utf-8")
    before = hash_of_path(tmp_path)
    (tmp_path / "b.yaml").write_text("locations: []\n", encoding="utf-8")
    assert hash_of_path(tmp_path) != before
