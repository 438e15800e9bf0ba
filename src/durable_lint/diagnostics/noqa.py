"""`# noqa` and `# flake8: noqa`, matched exactly the way flake8 7 matches them."""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable

from durable_lint.diagnostics.finding import Finding

# flake8's own patterns (flake8/defaults.py); keep them identical so both front ends agree.
NOQA_INLINE = re.compile(r"# noqa(?::[\s]?(?P<codes>([A-Z]+[0-9]+(?:[,\s]+)?)+))?", re.IGNORECASE)
NOQA_FILE = re.compile(r"\s*# flake8[:=]\s*noqa", re.IGNORECASE)
SEPARATORS = re.compile(r"[,\s]")


def file_is_exempt(lines: list[str]) -> bool:
    return any(NOQA_FILE.match(line) for line in lines)


def logical_line_text(lines: list[str]) -> dict[int, str]:
    """For each line, the text flake8 searches for `noqa`: the whole logical line it is in."""
    mapping: dict[int, str] = {}
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO("".join(lines)).readline))
    except (tokenize.TokenError, SyntaxError):
        return mapping
    first, last = len(lines) + 2, -1
    for kind, _, (start, _), (end, _), _ in tokens:
        if kind in (tokenize.ENDMARKER, tokenize.DEDENT):
            continue
        first, last = min(first, start), max(last, end)
        if kind in (tokenize.NL, tokenize.NEWLINE):
            joined = "".join(lines[first - 1 : last])
            for number in range(first, last + 1):
                mapping[number] = joined
            first, last = len(lines) + 2, -1
    return mapping


def is_suppressed(code: str, text: str) -> bool:
    match = NOQA_INLINE.search(text)
    if match is None:
        return False
    listed = match.group("codes")
    if listed is None:
        return True
    codes = {part.strip() for part in SEPARATORS.split(listed) if part.strip()}
    return code in codes or code.startswith(tuple(codes))


def filter_findings(findings: Iterable[Finding], source: str) -> list[Finding]:
    """Drop findings silenced by `# noqa` comments in `source`."""
    findings = list(findings)
    if not findings or "noqa" not in source.lower():
        return findings
    lines = source.splitlines(keepends=True)
    if file_is_exempt(lines):
        return []
    mapping = logical_line_text(lines)
    kept = []
    for finding in findings:
        text = mapping.get(finding.line)
        if text is None and 0 < finding.line <= len(lines):
            text = lines[finding.line - 1]
        if not is_suppressed(finding.code, text or ""):
            kept.append(finding)
    return kept
