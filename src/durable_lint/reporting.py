"""Summaries for people: what a run found, fixed and could fix. Formats are in `formats`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from durable_lint.diagnostics.finding import Finding
from durable_lint.diagnostics.fix import Applicability


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def summary(findings: Sequence[Finding], files_checked: int) -> str:
    if not findings:
        return f"All checks passed ({_plural(files_checked, 'file')} checked).\n"
    files = len({f.path for f in findings})
    found = _plural(len(findings), "finding")
    return f"Found {found} in {files} of {_plural(files_checked, 'file')}.\n"


def fix_summary(
    fixed: Mapping[str, Counter[str]],
    remaining: Sequence[Finding],
    applied: frozenset[Applicability],
    would: bool = False,
) -> str:
    """How many findings were (or would be) fixed, and what more fixes are on offer."""
    lines = []
    count = sum(sum(codes.values()) for codes in fixed.values())
    if count or applied:
        verb = "Would fix" if would else "Fixed"
        lines.append(f"{verb} {_plural(count, 'finding')}, {len(remaining)} remaining.")
    safe = sum(
        1 for f in remaining if f.fix is not None and f.fix.applicability is Applicability.SAFE
    )
    unsafe = sum(
        1 for f in remaining if f.fix is not None and f.fix.applicability is Applicability.UNSAFE
    )
    if safe and Applicability.SAFE not in applied:
        lines.append(f"[*] {safe} fixable with `--fix`.")
    if unsafe and Applicability.UNSAFE not in applied:
        lines.append(f"{_plural(unsafe, 'more finding')} fixable with `--unsafe-fixes`.")
    return "".join(line + "\n" for line in lines)


def fixes_by_file(fixed: Mapping[str, Counter[str]]) -> str:
    from durable_lint.rules import ALL_RULES  # loaded only when fixes are listed

    names = {rule.code: rule.name for rule in ALL_RULES}
    lines = []
    for path in sorted(fixed):
        lines.append(f"Fixed in {path}:")
        for code, count in sorted(fixed[path].items()):
            lines.append(f"    {count} x {code} ({names.get(code, '')})")
    return "".join(line + "\n" for line in lines)
