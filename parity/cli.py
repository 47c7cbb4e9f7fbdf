"""The `parity` command line: parse options → one library call → render → exit code."""

from __future__ import annotations

import sys

import typer
from typer.exceptions import TyperException

from parity import __version__, interrupts
from parity.commands.check_cmd import check
from parity.commands.demo_cmd import demo
from parity.commands.import_cmd import import_
from parity.commands.init_cmd import init
from parity.commands.profiles_cmd import profiles
from parity.commands.rejects_cmd import rejects
from parity.commands.report_cmd import report
from parity.commands.summary_cmd import summary

app = typer.Typer(
    name="parity",
    help="Is customer service the same on every channel? Per-channel metrics and the gaps "
    "between channels, with statistics a sceptical analyst would sign.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"parity {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Is customer service the same on every channel?"""


app.command("import")(import_)
app.command("report")(report)
app.command("check")(check)
app.command("summary")(summary)
app.command("demo")(demo)
app.command("rejects")(rejects)
app.command("init")(init)
app.command("profiles")(profiles)


def main() -> None:
    """Run the app; usage errors become one line on stderr and exit code 2."""
    try:
        code = app(standalone_mode=False)
    except TyperException as exc:  # a usage error: bad option, missing argument…
        ctx = getattr(exc, "ctx", None)
        where = f" (see `{ctx.command_path} --help`)" if ctx is not None else ""
        sys.stderr.write(f"parity: error: {exc.format_message()}{where}\n")
        sys.exit(2)
    except (typer.Abort, KeyboardInterrupt):
        sys.exit(interrupts.announce())
    sys.exit(code if isinstance(code, int) else 0)
