"""Help a person can rely on: full summaries, every option explained, exit codes, colour."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from reconciler.cli import main

ROOT = Path(__file__).resolve().parents[2]


def commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    for name, command in group.commands.items():
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found += commands(command, (*prefix, name))
    return found


COMMANDS = commands(main)


def command_at(path: tuple[str, ...]) -> click.Command:
    command: click.Command = main
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    return command


def test_the_group_help_shows_each_command_summary_in_full() -> None:
    text = CliRunner().invoke(main, ["--help"], terminal_width=200).stdout
    for name, command in main.commands.items():
        summary = (command.help or "").split("\n\n")[0].replace("\n", " ")
        assert f"{name.ljust(8)}  {summary}" in text
        assert not summary.endswith("...")


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_option_has_help_and_every_command_its_exit_codes(path: tuple[str, ...]) -> None:
    command = command_at(path)
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{' '.join(path)} {param.opts[0]} has no help"
    text = CliRunner().invoke(main, [*path, "--help"]).stdout
    assert "Exit codes: 0 " in text


def test_readme_documents_completion_and_every_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "_GECKO_APPLY_COMPLETE=bash_source gecko-apply" in readme
    for name in main.commands:
        assert f"`gecko-apply {name}" in readme


@pytest.mark.parametrize(
    ("env", "coloured"),
    [
        ({}, False),  # not a terminal
        ({"FORCE_COLOR": "1"}, True),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        ({"FORCE_COLOR": ""}, False),
    ],
)
def test_force_color_colours_output_that_is_not_a_terminal(
    env: dict[str, str], coloured: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("FORCE_COLOR", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(
        main, ["plan", str(ROOT / "examples" / "demo"), "--sandbox", str(tmp_path / "s.db")],
        env=env,
    )
    assert result.exit_code == 0, result.stderr
    assert ("\x1b[" in result.stdout) is coloured
