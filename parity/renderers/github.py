"""`parity check --format github`: workflow commands for GitHub Actions, and a step summary.

`workflow_commands` gives one `::error` line per failed check and one `::warning`
line per warning; GitHub shows them on the run's summary page. Values are
escaped as the Actions runner expects (actions/toolkit `command.ts`): in the
message `%`, CR and LF; in a property also `:` and `,`. So nothing from the
data can end a command early or start another one.

`step_summary` is a Markdown table for the file named by `$GITHUB_STEP_SUMMARY`.
"""

from __future__ import annotations

from parity.check import CheckResult
from parity.renderers import check_words as words
from parity.renderers import format as fmt
from parity.renderers.format import printable
from parity.renderers.markdown import escape


def escape_data(text: str) -> str:
    """As the runner expects, and with no other control character (no escape sequence)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(text)


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_commands(result: CheckResult) -> str:
    out = []
    for item in sorted(result.items, key=lambda i: i.outcome != "fail"):
        command = {"fail": "error", "warn": "warning"}.get(item.outcome)
        if command is None:
            continue
        title = escape_property(f"parity: {words.subject(item)}")
        out.append(f"::{command} title={title}::{escape_data(words.message(item))}")
    counts = {o: result.count(o) for o in ("fail", "warn", "pass", "skipped")}
    out.append(f"parity check: {result.status.upper()}: {words.totals(counts)}")
    out += [f"parity check: note: {escape_data(note)}" for note in result.notes]
    return "\n".join(out) + "\n"


def step_summary(result: CheckResult) -> str:
    counts = {o: result.count(o) for o in ("fail", "warn", "pass", "skipped")}
    out = [f"### parity check: {result.status}", "", escape(words.totals(counts)) + ".", ""]
    shown = sorted(
        (i for i in result.items if i.outcome in ("fail", "warn")),
        key=lambda i: i.outcome != "fail",
    )
    if shown:
        out.append("| Outcome | Channel | Metric | Gap | Favours | Why |")
        out.append("|---|---|---|---|---|---|")
        for item in shown:
            c = item.comparison
            cells = [
                item.outcome,
                escape(words.where(c)),
                fmt.comparison_label(c.metric),
                escape(words.size(c)),
                escape(c.favours or "–"),
                escape(words.message(item)),
            ]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    report = result.report
    out.append(
        f"Reference {escape(report.reference_channel)}, as of {report.as_of or '–'}."
        + (f" Baseline {escape(result.baseline.file)}." if result.baseline else "")
    )
    return "\n".join(out) + "\n"
