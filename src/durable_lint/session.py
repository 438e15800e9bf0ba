"""One run over files: lint each, fix it when asked, and collect what happened."""

from __future__ import annotations

import dataclasses
import difflib
import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from durable_lint.engine import Linter
from durable_lint.files import MissingPath
from durable_lint.findings import Finding
from durable_lint.fixes import Applicability
from durable_lint.source import decode, read_bytes


def display(path: str) -> str:
    """Paths under the working directory are shown relative to it, as ruff and flake8 do."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


@dataclass
class FileResult:
    findings: list[Finding]
    fixed: Counter[str] = field(default_factory=Counter)
    diff: str = ""
    error: str | None = None
    fixed_text: str | None = None  # the fixed source, when it is not written to a file


@dataclass
class Report:
    """Everything a run found, fixed and could not do, for the reporters."""

    findings: list[Finding] = field(default_factory=list)
    fixed: dict[str, Counter[str]] = field(default_factory=dict)
    diffs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)


def fix_text(
    linter: Linter,
    text: str,
    path: str,
    findings: list[Finding],
    applicable: frozenset[Applicability],
) -> FileResult:
    """Apply the applicable fixes to a source text (libcst loads only when one applies)."""
    if not any(f.fix is not None and f.fix.applicability in applicable for f in findings):
        return FileResult(findings)
    from durable_lint.fixer import fix_source

    outcome = fix_source(text, lambda new: linter.lint_text(new, path), applicable, findings)
    return FileResult(
        outcome.remaining, outcome.fixed, error=outcome.error, fixed_text=outcome.text
    )


def check_file(
    linter: Linter, path: str, applicable: frozenset[Applicability], write: bool
) -> FileResult:
    """Lint one file and, when fixes are asked for, fix it (or compute the diff)."""
    data = read_bytes(path)
    if isinstance(data, str) or not linter.mentions_sdk(data):
        return FileResult(linter.lint_path(path))  # an unreadable file becomes a finding
    source = decode(data)
    if source.text is None:
        return FileResult(linter.lint_path(path))
    before = linter.lint_text(source.text, path)
    result = fix_text(linter, source.text, path, before, applicable)
    if result.fixed_text is None or result.fixed_text == source.text:
        return dataclasses.replace(result, fixed=Counter(), fixed_text=None)
    if not write:
        shown = display(path)
        result.diff = "".join(
            difflib.unified_diff(
                source.text.splitlines(keepends=True),
                result.fixed_text.splitlines(keepends=True),
                fromfile=shown,
                tofile=shown,
            )
        )
        return result
    from durable_lint.writer import ChangedOnDisk, write_atomically

    try:
        write_atomically(path, source.encode(result.fixed_text), data)
    except ChangedOnDisk:
        return FileResult(before, error="changed on disk while fixing; left as it was")
    except OSError as error:
        return FileResult(before, error=f"cannot write the fixed file: {error}")
    return result


def run(
    linter: Linter,
    entries: Iterable[str | MissingPath],
    applicable: frozenset[Applicability],
    write: bool,
    advance: Callable[[], None] = lambda: None,
) -> Report:
    """Check every file; one file's failure is reported and the run goes on."""
    report = Report()
    for entry in entries:
        if isinstance(entry, MissingPath):
            report.errors.append(f"{entry.path}: no such file or directory")
            continue
        shown = display(entry)
        report.checked.append(shown)
        try:
            result = check_file(linter, entry, applicable, write)
        except Exception as error:  # a bug must not hide the other files' findings
            report.errors.append(f"internal error while checking {entry}: {error!r}")
            continue
        finally:
            advance()
        if result.error:
            report.errors.append(f"{shown}: {result.error}")
        report.findings.extend(dataclasses.replace(f, path=shown) for f in result.findings)
        if result.fixed:
            report.fixed[shown] = result.fixed
        if result.diff:
            report.diffs.append(result.diff)
    report.findings.sort(key=lambda f: (f.path, f.line, f.column, f.code))
    return report
