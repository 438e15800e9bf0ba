"""`--add-noqa`: a `# noqa: DURxxx` on every line with a finding, so a codebase can adopt the
linter today and remove the comments as it fixes the code."""

from __future__ import annotations

import io
import tokenize
from collections.abc import Iterable

from durable_lint.diagnostics.codes import PARSE_ERROR
from durable_lint.diagnostics.finding import Finding
from durable_lint.diagnostics.noqa import NOQA_INLINE, SEPARATORS


def _logical_line_ends(text: str) -> dict[int, int]:
    """For each physical line, the last line of its logical line: where a comment can go
    (a comment inside a bracketed multi-line statement would also work, but not inside a
    multi-line string)."""
    ends: dict[int, int] = {}
    first = None
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type in (tokenize.ENDMARKER, tokenize.DEDENT, tokenize.INDENT):
            continue
        if first is None:
            first = token.start[0]
        if token.type in (tokenize.NEWLINE, tokenize.NL):
            for number in range(first, token.end[0] + 1):
                ends[number] = token.start[0]
            first = None
    return ends


def add_noqa(text: str, findings: Iterable[Finding]) -> tuple[str, int]:
    """The text with the directives added, and how many lines got one."""
    wanted: dict[int, set[str]] = {}
    try:
        ends = _logical_line_ends(text)
    except (tokenize.TokenError, SyntaxError):
        return text, 0
    for finding in findings:
        if finding.code != PARSE_ERROR:
            line = ends.get(finding.line, finding.line)
            wanted.setdefault(line, set()).add(finding.code)
    lines = text.splitlines(keepends=True)
    changed = 0
    for number, codes in wanted.items():
        if not 0 < number <= len(lines):
            continue
        line = lines[number - 1]
        body = line.rstrip("\r\n")
        ending = line[len(body) :]
        lines[number - 1] = _with_directive(body, codes) + ending
        changed += lines[number - 1] != line
    return "".join(lines), changed


def _with_directive(body: str, codes: set[str]) -> str:
    match = NOQA_INLINE.search(body)
    if match is None:
        return f"{body}  # noqa: {', '.join(sorted(codes))}"
    listed = match.group("codes")
    if listed is None:  # a directive without codes already silences the whole line
        return body
    present = [part for part in SEPARATORS.split(listed) if part]
    merged = present + sorted(codes - set(present))
    start, end = match.span()
    return f"{body[:start]}# noqa: {', '.join(merged)}{body[end:]}"
