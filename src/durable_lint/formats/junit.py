"""JUnit XML, as GitLab and Jenkins show test reports.

One `<testsuite>` (in `<testsuites>`), and a test case per finding, each with one `<failure>`,
since JUnit readers take one failure per test case and list each failing case on its own row.
Every checked file without findings is one passing test case, so the report counts the files
that passed too. A case's `classname` is the file's module path (`app/bad.py` -> `app.bad`, which
Jenkins shows as package and class), its `file` attribute the path itself (GitLab links it), and
its name `CODE at line:column`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from durable_lint.diagnostics.finding import Finding
from durable_lint.formats.base import TOOL_NAME, RenderContext

PASSED_NAME = "no findings"
# Characters XML 1.0 cannot hold, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def classname(path: str) -> str:
    stem = path[:-3] if path.endswith(".py") else path
    return ".".join(part for part in re.split(r"[\\/]+", stem) if part not in ("", "."))


def _case(suite: ET.Element, path: str, name: str, line: int | None = None) -> ET.Element:
    attributes = {"classname": _xml_text(classname(path)), "name": _xml_text(name)}
    attributes["file"] = _xml_text(path)
    if line is not None:
        attributes["line"] = str(line)
    return ET.SubElement(suite, "testcase", attributes)


def render(findings: Sequence[Finding], context: RenderContext) -> str:
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        by_file.setdefault(finding.path, []).append(finding)
    checked = list(dict.fromkeys(context.files_checked or ()))
    files = sorted(set(checked) | set(by_file))
    tests = len(findings) + sum(1 for path in files if path not in by_file)
    counts = {"tests": str(tests), "failures": str(len(findings)), "errors": "0", "skipped": "0"}
    root = ET.Element("testsuites", {"name": TOOL_NAME, **counts})
    suite = ET.SubElement(root, "testsuite", {"name": TOOL_NAME, **counts})
    for path in files:
        if path not in by_file:
            _case(suite, path, PASSED_NAME)
            continue
        for finding in by_file[path]:
            name = f"{finding.code} at {finding.line}:{finding.column}"
            case = _case(suite, path, name, finding.line)
            failure = ET.SubElement(
                case,
                "failure",
                {"message": _xml_text(finding.message), "type": finding.code},
            )
            failure.text = _xml_text(
                f"{finding.path}:{finding.line}:{finding.column}: {finding.code} {finding.message}"
            )
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
