"""Printing findings: concise text for people, JSON for machines, and fix summaries.

The formats themselves live in `durable_lint.formats` (one renderer per name, each
`render(findings, context) -> str`); `FORMATTERS` keeps the one-argument form, with a default
context (paths against the working directory, no terminal, no colour).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence

from durable_lint.findings import Finding
from durable_lint.fixes import Applicability
from durable_lint.formats import (
    FORMAT_NAMES,
    RENDERERS,
    RenderContext,
    Renderer,
    find_root,
    render,
    statistics,
)
from durable_lint.rules import ALL_RULES

_NAMES = {rule.code: rule.name for rule in ALL_RULES}


def format_text(findings: Sequence[Finding]) -> str:
    return RENDERERS["text"](findings, RenderContext())


def format_json(findings: Sequence[Finding]) -> str:
    return RENDERERS["json"](findings, RenderContext())


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def summary(findings: Sequence[Finding], files_checked: int) -> str:
    if not findings:
        return f"All checks passed ({files_checked} files checked).\n"
    files = len({f.path for f in findings})
    return f"Found {_plural(len(findings), 'finding')} in {files} of {files_checked} files.\n"


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
    lines = []
    for path in sorted(fixed):
        lines.append(f"Fixed in {path}:")
        for code, count in sorted(fixed[path].items()):
            lines.append(f"    {count} x {code} ({_NAMES.get(code, '')})")
    return "".join(line + "\n" for line in lines)


def _with_default_context(renderer: Renderer) -> Callable[[Sequence[Finding]], str]:
    def format_findings(findings: Sequence[Finding]) -> str:
        return renderer(findings, RenderContext())

    return format_findings


FORMATTERS: dict[str, Callable[[Sequence[Finding]], str]] = {
    name: _with_default_context(RENDERERS[name]) for name in FORMAT_NAMES
}
FORMATTERS["text"] = format_text
FORMATTERS["json"] = format_json

__all__ = [
    "FORMATTERS",
    "FORMAT_NAMES",
    "RENDERERS",
    "RenderContext",
    "find_root",
    "fix_summary",
    "fixes_by_file",
    "format_json",
    "format_text",
    "render",
    "statistics",
    "summary",
]
