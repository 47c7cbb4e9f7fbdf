"""The CI, cron and systemd examples in docs/ parse, and call real parity commands and options."""

from __future__ import annotations

import configparser
import re
import shlex
import typing
from enum import Enum
from pathlib import Path

import pytest
import typer.main
import yaml

from parity.cli import app
from tests.conftest import ROOT

DOCS = ROOT / "docs"
EXAMPLES = DOCS / "examples"
COMMANDS = typer.main.get_command(app).commands  # type: ignore[attr-defined]


def parity_commands(shell: str) -> list[list[str]]:
    """Every `parity …` invocation in a shell line, as argument lists (without `parity`)."""
    found = []
    for part in re.split(r"&&|\|\||[|;]", shell):
        words = shlex.split(part, comments=True)
        if words and Path(words[0]).name == "parity":
            found.append(words[1:])
    return found


def choices(param: object) -> list[str] | None:
    """The allowed values of an option typed with an Enum (possibly optional), else None."""
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    for candidate in (annotation, *typing.get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, Enum):
            return [str(m.value) for m in candidate]
    return None


def assert_valid(args: list[str]) -> None:
    """The command exists; each option is one of its options, with an allowed value."""
    assert args, "a bare `parity`"
    command = COMMANDS.get(args[0])
    assert command is not None, f"no command {args[0]!r}"
    options = {
        opt: p
        for p in command.params
        if "Option" in type(p).__name__
        for opt in (*p.opts, *p.secondary_opts)
    }
    words = iter(args[1:])
    for word in words:
        if word.startswith(">") or not word.startswith("-"):
            continue  # a redirection or an argument (PATH)
        name, _, inline = word.partition("=")
        param = options.get(name)
        assert param is not None, f"parity {args[0]}: no option {name}"
        if param.is_flag:
            continue
        value = inline or next(words)
        allowed = choices(param)
        if allowed is not None:
            assert value in allowed, f"{name} {value}: not one of {allowed}"


def test_the_github_actions_workflow(tmp_path: Path) -> None:
    workflow = yaml.safe_load((EXAMPLES / "github-actions.yml").read_text(encoding="utf-8"))
    # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as "on"
    assert set(workflow) == {"name", True, "jobs"}
    (job,) = workflow["jobs"].values()
    assert job["runs-on"] == "ubuntu-latest"
    runs = [step["run"] for step in job["steps"] if "run" in step]
    commands = [c for run in runs for c in parity_commands(run)]
    assert [c[0] for c in commands] == ["check", "report"]
    for command in commands:
        assert_valid(command)
    assert "--format" in commands[0]
    assert commands[0][commands[0].index("--format") + 1] == "github"
    uses = [step["uses"].split("@")[0] for step in job["steps"] if "uses" in step]
    assert uses == ["actions/checkout", "actions/setup-python", "actions/upload-artifact"]


def test_the_gitlab_ci_job() -> None:
    config = yaml.safe_load((EXAMPLES / "gitlab-ci.yml").read_text(encoding="utf-8"))
    (job,) = config.values()
    commands = [c for line in job["script"] for c in parity_commands(line)]
    assert [c[0] for c in commands] == ["check", "check"]
    for command in commands:
        assert_valid(command)
    junit = commands[0]
    assert junit[junit.index("--format") + 1] == "junit"
    output = junit[junit.index("--output") + 1]
    assert job["artifacts"]["reports"]["junit"] == output
    assert job["artifacts"]["when"] == "always"
    assert job["script"][-1] == 'exit "${status:-0}"'


@pytest.mark.parametrize("name", ["github-actions.yml", "gitlab-ci.yml"])
def test_ci_md_shows_the_example_files(name: str) -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", (DOCS / "ci.md").read_text(encoding="utf-8"), re.S)
    shown = [yaml.safe_load(b) for b in blocks]
    assert yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8")) in shown


def test_the_crontab_line() -> None:
    lines = [
        line
        for line in (EXAMPLES / "crontab").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    (line,) = lines
    fields = line.split(None, 5)
    assert fields[:5] == ["0", "6", "*", "*", "1"]  # Mondays 06:00
    commands = parity_commands(fields[5])
    assert [c[0] for c in commands] == ["import", "summary"]
    for command in commands:
        assert_valid(command)
    assert "--quiet" in commands[1]
    assert line in (DOCS / "summary.md").read_text(encoding="utf-8")


def unit(text: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(text)
    return parser


def test_the_systemd_service_and_timer() -> None:
    service = unit((EXAMPLES / "parity-summary.service").read_text(encoding="utf-8"))
    timer = unit((EXAMPLES / "parity-summary.timer").read_text(encoding="utf-8"))
    assert service["Service"]["Type"] == "oneshot"
    (command,) = parity_commands(service["Service"]["ExecStart"])
    assert command[0] == "summary"
    assert_valid(command)
    assert service["Service"]["RestartPreventExitStatus"].split() == ["1", "2"]
    assert timer["Timer"]["OnCalendar"] == "Mon *-*-* 06:00:00"
    assert timer["Install"]["WantedBy"] == "timers.target"
    doc = (DOCS / "summary.md").read_text(encoding="utf-8")
    blocks = [unit(b) for b in re.findall(r"```ini\n(.*?)```", doc, re.S)]
    for shown, real in zip(blocks, (service, timer), strict=True):
        assert {s: dict(shown[s]) for s in shown.sections()} == {
            s: dict(real[s]) for s in real.sections()
        }


def test_every_parity_command_in_the_docs_is_real() -> None:
    """Shell lines in the docs (```sh blocks) call existing commands and options."""
    for doc in [ROOT / "README.md", DOCS / "ci.md", DOCS / "summary.md"]:
        for block in re.findall(r"```sh\n(.*?)```", doc.read_text(encoding="utf-8"), re.S):
            for line in block.splitlines():
                for command in parity_commands(line):
                    assert_valid(command)


@pytest.mark.parametrize(
    "args",
    [
        ["chek", "x/"],
        ["check", "x/", "--formt", "junit"],
        ["check", "x/", "--format", "xml"],
        ["summary", "--period", "day"],
        ["summary", "--fail-on", "error"],
    ],
)
def test_the_validator_catches_mistakes(args: list[str]) -> None:
    with pytest.raises(AssertionError):
        assert_valid(args)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_examples_are_real_commands(name: str) -> None:
    (example,) = re.findall(r"Example: (.*)", COMMANDS[name].help or "")
    commands = parity_commands(example)
    assert commands
    assert commands[0][0] == name
    for command in commands:
        assert_valid(command)
