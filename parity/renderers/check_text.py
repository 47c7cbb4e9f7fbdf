"""`parity check --format text`: the verdict first, then one line per failure or warning."""

from __future__ import annotations

from parity.check import CheckResult
from parity.renderers import check_words as words
from parity.renderers.format import printable


def render(result: CheckResult) -> str:
    counts = {o: result.count(o) for o in ("fail", "warn", "pass", "skipped")}
    report = result.report
    out = [f"parity check: {result.status.upper()}: {words.totals(counts)}"]
    context = (
        f"reference {report.reference_channel}; as of {report.as_of or '–'}; "
        f"α = {report.method.alpha:g} ({report.method.multiplicity})"
    )
    if result.baseline is not None:
        context += f"; baseline {result.baseline.file} (as of {result.baseline.as_of or '–'})"
    out.append(context)
    shown = [i for i in result.items if i.outcome in ("fail", "warn")]
    shown.sort(key=lambda i: i.outcome != "fail")
    if shown:
        out.append("")
    for item in shown:
        out.append(
            f"{words.OUTCOME_LABELS[item.outcome]}  {words.subject(item)}: {words.message(item)}"
        )
    skipped = [i.comparison for i in result.items if i.outcome == "skipped"]
    if skipped:
        out += ["", f"Without a verdict (too few contacts): {words.unjudged(skipped)}."]
    out += [f"note: {note}" for note in result.notes]
    return "\n".join(printable(line) for line in out) + "\n"  # names from data stay inert
