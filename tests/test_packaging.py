"""The package as an index shows it: licence, classifiers, links that work off GitHub."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
LINK = re.compile(r"\]\(([^)\s]+)\)")


def test_the_declared_licence_is_shipped() -> None:
    assert PROJECT["license"] == "MIT"
    assert PROJECT["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


def test_classifiers_name_every_python_the_ci_tests() -> None:
    workflow = (ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    for version in ("3.11", "3.12", "3.13"):
        assert f"Programming Language :: Python :: {version}" in PROJECT["classifiers"]
        assert f'"{version}"' in workflow
    assert "--resolution lowest-direct" in workflow


def test_every_dependency_has_a_lower_bound() -> None:
    for requirement in PROJECT["dependencies"]:
        assert ">=" in requirement, requirement
    assert "ruamel.yaml>=0.18.15" in PROJECT["dependencies"]


def test_readme_links_are_absolute_so_they_work_on_a_package_index() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = LINK.findall(readme)
    assert links
    assert [link for link in links if not link.startswith("https://")] == []
    assert all(url.startswith("https://") for url in PROJECT["urls"].values())
