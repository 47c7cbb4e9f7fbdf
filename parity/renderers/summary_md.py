"""`parity summary --format markdown`: short, headline first, for an email or a chat post.

The headline and highlights come from the model; then one table row per gap
worth reading (flagged now, a flag new or resolved since the period before,
or a change beyond noise), with the earlier periods for context; the rest are
counted in one line. No wall-clock time unless the summary carries one.
"""

from __future__ import annotations

from parity import summary_words
from parity.gaps import Gap
from parity.renderers.markdown import escape
from parity.summary import GapTrend, Summary
from parity.summary_words import label

TRENDS = {
    "widening": "widening",
    "narrowing": "narrowing",
    "stable": "stable",
    "reversed": "reversed",
    "unknown": "–",
}
SEVERITY_ORDER = {"fail": 0, "warn": 1}


def cell(gap: Gap | None, *, bold: bool = False) -> str:
    text = summary_words.cell(gap)
    if gap is not None and gap.flagged:
        text += f" {gap.severity}"
    return f"**{text}**" if bold and gap is not None and not _unjudged(gap) else text


def _unjudged(gap: Gap) -> bool:
    return gap.severity == "insufficient_data"


def _row(g: GapTrend) -> str:
    name = f"{escape(g.channel)} · {label(g.metric)}"
    past = [cell(p) for p in g.history]
    flag = {"new": " (new)", "resolved": " (resolved)"}.get(g.flag or "", "")
    cells = [name, *past, cell(g.current, bold=True), TRENDS[g.change.trend] + flag]
    return "| " + " | ".join(cells) + " |"


def render(summary: Summary) -> str:
    current = summary.current
    out = [
        f"# Channel parity, {summary.period} {current.label} ({current.span})",
        "",
        f"**{escape(summary.headline)}**",
        "",
    ]
    out += [f"- {escape(h)}" for h in summary.highlights]
    if summary.highlights:
        out.append("")
    shown = [g for g in summary.gaps if g.noteworthy]
    shown.sort(key=lambda g: SEVERITY_ORDER.get(g.current.severity, 2))
    if shown:
        headers = [f"Gap against {escape(summary.reference)}"]
        headers += [c.short for c in summary.previous] + [f"**{current.short}**", "Trend"]
        out.append("| " + " | ".join(headers) + " |")
        out.append("|" + "---|" * len(headers))
        out += [_row(g) for g in shown]
        out.append("")
    rest = len(summary.gaps) - len(shown)
    if rest:
        out.append(
            f"{rest} other gap{'s' if rest != 1 else ''}: not flagged in either period "
            "and no change beyond noise."
        )
        out.append("")
    contacts = " · ".join(f"{escape(k)} {v:,}" for k, v in current.contacts.items())
    out.append(f"Contacts in {current.label}: {contacts}.")
    missing = [c.label for c in summary.previous if c.source == "missing"]
    if missing:
        out.append(f"No data for {', '.join(missing)}.")
    from_history = [c.label for c in summary.previous if c.source == "history"]
    if from_history:
        out.append(f"From stored history: {', '.join(from_history)}.")
    follow = (
        f"{summary.follow_up_days} day{'s' if summary.follow_up_days != 1 else ''} after its end"
        if summary.follow_up_days
        else "its end"
    )
    out += [
        "",
        f"A gap is flagged (warn, fail) when significant after Holm adjustment "
        f'(α = {summary.alpha:g}) and at least its threshold; "too few": under '
        f"{summary.min_contacts} contacts on a side. Trend: {current.short} against the "
        f"{summary.period} before, widening or narrowing only when the "
        f"{(1 - summary.alpha) * 100:g} % interval of the change excludes zero and the change "
        f"reaches the metric's margin. Each {summary.period} is measured as of {follow}.",
    ]
    out += [f"Note: {escape(n)}" for n in summary.notes]
    if summary.generated_at:
        out.append(f"Generated at {summary.generated_at}.")
    return "\n".join(out) + "\n"
