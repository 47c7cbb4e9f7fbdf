"""`parity check --format junit`: JUnit XML for Jenkins, GitLab and other CI test reports.

One <testsuite> per channel compared with the reference, one <testcase> per
comparison (classname `parity.<channel>`, name the metric), so a CI's test
history follows each gap from run to run:

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


def _case(suite: ET.Element, item: CheckItem) -> None:
    c = item.comparison
    case = ET.SubElement(
        suite, "testcase", classname=_clean(f"parity.{c.channel}"), name=c.metric, time="0"
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
    channels = list(dict.fromkeys(item.comparison.channel for item in result.items))
    for channel in channels:
        items = [i for i in result.items if i.comparison.channel == channel]
        suite = ET.SubElement(
            root,
            "testsuite",
            name=_clean(f"parity: {channel} vs {report.reference_channel}"),
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
