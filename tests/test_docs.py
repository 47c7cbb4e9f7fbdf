"""Docs are tested: every command has help with an example, and the README names it."""

from __future__ import annotations

import re

import pytest
import typer

from parity.cli import app
from tests.conftest import ROOT, run_cli

COMMANDS = sorted(c.name or "" for c in app.registered_commands)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(cli, command: str) -> None:
    run = cli(command, "--help")
    assert run.exit_code == 0
    assert "Example: parity " + command in " ".join(run.stdout.split())


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_every_text_whole(command: str) -> None:
    """Typer renders help as Rich markup, which swallows a bracketed word it takes for a
    style (`[tool.parity]` vanished from --config's help): every option's help and every
    paragraph of the command's own text must come out whole, brackets escaped as `\\[`."""
    click_command = typer.main.get_command(app).commands[command]  # type: ignore[attr-defined]
    out = run_cli([command, "--help"], env={"COLUMNS": "400"}).stdout
    shown = " ".join(out.replace("│", " ").split())
    texts = [getattr(p, "help", None) or "" for p in click_command.params]
    texts += (click_command.help or "").split("\n\n")
    for text in texts:
        assert " ".join(text.replace("\\[", "[").replace("\b", "").split()) in shown


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"parity {command}" in (ROOT / "README.md").read_text()


def test_readme_quick_start_is_the_two_commands() -> None:
    text = (ROOT / "README.md").read_text()
    block = text.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["make report", "make test"]


def test_docs_links_resolve() -> None:
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for target in re.findall(r"\]\(([^)#]+\.md)\)", doc.read_text()):
            assert (doc.parent / target).exists(), f"{doc.name} links to missing {target}"


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text()
