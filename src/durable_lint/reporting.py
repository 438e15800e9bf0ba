"""Printing findings: concise text for people, JSON for machines."""

from __future__ import annotations

import json
from collections.abc import Sequence

from durable_lint.findings import Finding


def format_text(findings: Sequence[Finding]) -> str:
    return "".join(f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}\n" for f in findings)


def format_json(findings: Sequence[Finding]) -> str:
    return json.dumps([f.as_json() for f in findings], indent=2) + "\n"


def summary(findings: Sequence[Finding], files_checked: int) -> str:
    if not findings:
        return f"All checks passed ({files_checked} files checked).\n"
    files = len({f.path for f in findings})
    noun = "finding" if len(findings) == 1 else "findings"
    return f"Found {len(findings)} {noun} in {files} of {files_checked} files.\n"


FORMATTERS = {"text": format_text, "json": format_json}
