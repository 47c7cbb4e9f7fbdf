"""`parity check --format junit`: JUnit XML for Jenkins, GitLab and other CI test reports.

One <testsuite> per channel compared with the reference, one <testcase> per
comparison (classname `parity.<channel>`, name the metric), so a CI's test
history follows each gap from run to run. The signals (docs/signals.md) follow
in suites of their own per family and channel: classname
`parity.<family>.<channel>`, name the metric, and for escalated journeys
(whose reference is where the customers started) `<metric> from <channel>`:

- fail → <failure type="fail"> whose message and text say why (GitLab shows
  the text, Jenkins both);
- warn → the test passes and its <system-out> carries the warning, which
  Jenkins shows on the test's page and GitLab in the test's details;
- no verdict (insufficient data) → <skipped> with the reason;
- pass → an empty test case.

The shape is the common one both read (tests/data/junit.xsd checks it):
counts on every suite, no timestamps, so the same data gives the same file.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from parity.check import CheckItem, CheckResult
from parity.renderers import check_words as words

# characters XML 1.0 cannot carry, even escaped
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _INVALID.sub("\ufffd", text)


def _group(item: CheckItem) -> tuple[str, str]:
    """(family, channel): the suite a check belongs to."""
    return (item.comparison.family, item.comparison.channel)


def _names(item: CheckItem) -> tuple[str, str]:
    """(classname, name) of a check's test case: stable from run to run."""
    c = item.comparison
    if c.family == "channels":
        return f"parity.{c.channel}", c.metric
    name = f"{c.metric} from {c.reference}" if c.family == "journeys" else c.metric
    return f"parity.{c.family}.{c.channel}", name


def _suite_name(family: str, channel: str, reference: str) -> str:
    if family == "channels":
        return f"parity: {channel} vs {reference}"
    return f"parity {words.FAMILY_WORDS.get(family, family)}: {channel}"


def _case(suite: ET.Element, item: CheckItem) -> None:
    classname, name = _names(item)
    case = ET.SubElement(
        suite, "testcase", classname=_clean(classname), name=_clean(name), time="0"
    )
    text = _clean(f"{words.subject(item)}: {words.message(item)}")
    if item.outcome == "fail":
        failure = ET.SubElement(case, "failure", type="fail", message=text)
        failure.text = text
    elif item.outcome == "skipped":
        ET.SubElement(case, "skipped", message=text).text = text
    elif item.outcome == "warn":
        ET.SubElement(case, "system-out").text = f"WARNING: {text}"


def render(result: CheckResult) -> str:
    report = result.report
    root = ET.Element(
        "testsuites",
        name="parity check",
        tests=str(len(result.items)),
        failures=str(result.count("fail")),
        errors="0",
        time="0",
    )
    groups = list(dict.fromkeys(_group(item) for item in result.items))
    for family, channel in groups:
        items = [i for i in result.items if _group(i) == (family, channel)]
        suite = ET.SubElement(
            root,
            "testsuite",
            name=_clean(_suite_name(family, channel, report.reference_channel)),
            tests=str(len(items)),
            failures=str(sum(i.outcome == "fail" for i in items)),
            errors="0",
            skipped=str(sum(i.outcome == "skipped" for i in items)),
            time="0",
        )
        properties = ET.SubElement(suite, "properties")
        facts = {
            "reference_channel": report.reference_channel,
            "as_of": report.as_of or "",
            "alpha": f"{report.method.alpha:g}",
            "warnings": str(sum(i.outcome == "warn" for i in items)),
        }
        if result.baseline is not None:
            facts["baseline"] = result.baseline.file
        for name, value in facts.items():
            ET.SubElement(properties, "property", name=name, value=_clean(value))
        for item in items:
            _case(suite, item)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
