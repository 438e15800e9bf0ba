"""A count per code, as `ruff --statistics` prints it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from durable_lint.diagnostics.codes import PARSE_ERROR
from durable_lint.diagnostics.finding import Finding
from durable_lint.formats.base import safe_fix

PARSE_ERROR_SUMMARY = "The file could not be read, decoded or parsed, so it was not checked."


def _summary(code: str) -> str | None:
    """A rule's one-line summary (the rules load only when statistics are asked for)."""
    if code == PARSE_ERROR:
        return PARSE_ERROR_SUMMARY
    from durable_lint.rules import ALL_RULES

    return next((rule.summary for rule in ALL_RULES if rule.code == code), None)


def statistics(findings: Sequence[Finding]) -> str:
    """`count<TAB>code<TAB>summary` lines, most frequent first, then by code.

    Columns are padded to line up; as in ruff, when any finding has a safe fix, each line is
    marked `[*] ` (some of that code's findings are fixed by `--fix`) or `[ ] `.
    """
    counts = Counter(f.code for f in findings)
    if not counts:
        return ""
    fixable = {f.code for f in findings if safe_fix(f)}
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    count_width = max(len(str(count)) for _, count in rows)
    code_width = max(len(code) for code, _ in rows)
    lines = []
    for code, count in rows:
        mark = ("[*] " if code in fixable else "[ ] ") if fixable else ""
        summary = _summary(code) or next(f.message for f in findings if f.code == code)
        lines.append(f"{count:>{count_width}}\t{code:<{code_width}}\t{mark}{summary}")
    return "".join(line + "\n" for line in lines)
