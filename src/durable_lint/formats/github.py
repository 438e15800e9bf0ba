"""GitHub Actions workflow commands: each finding becomes an error annotation on its line.

`::error file=PATH,line=L,col=C,title=CODE::message`, escaped as the Actions toolkit escapes
(`escapeData` and `escapeProperty` in @actions/core): `%`, CR and LF everywhere, and also `:` and
`,` in property values. Paths are relative to the context's root (the repository), as the
annotations need them; columns count characters where the source can be read.
"""

from __future__ import annotations

from collections.abc import Sequence

from durable_lint.diagnostics.finding import Finding
from durable_lint.formats.base import RenderContext, span_columns


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(finding: Finding, path: str, column: int | None = None) -> str:
    """The annotation; `column` in characters when known (the finding's own is in bytes)."""
    properties = {
        "file": path,
        "line": str(finding.line),
        "col": str(finding.column if column is None else column),
        "title": finding.code,
    }
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::error {joined}::{escape_data(finding.message)}"


def render(findings: Sequence[Finding], context: RenderContext) -> str:
    lines = []
    for finding in findings:
        source = context.line(finding.path, finding.line)
        column, _ = span_columns(finding, source, None)
        lines.append(command(finding, context.shown_path(finding.path), column) + "\n")
    return "".join(lines)
