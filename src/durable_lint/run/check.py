"""One file of a run: lint it and, when fixes are asked for, fix it on disk or as a diff.

Both a serial run (`session`) and each worker process (`parallel`) check files with this.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from durable_lint.analysis.reads import Reads, digest
from durable_lint.analysis.source import decode, read_bytes
from durable_lint.diagnostics.finding import Finding
from durable_lint.diagnostics.fix import Applicability
from durable_lint.run.files import display

if TYPE_CHECKING:
    from durable_lint.engine.linter import Linter


@dataclass
class FileResult:
    findings: list[Finding]
    fixed: Counter[str] = field(default_factory=Counter)
    diff: str = ""
    error: str | None = None
    fixed_text: str | None = None  # the fixed source, when it is not written to a file
    # Set when `findings` are exactly the lint of bytes with this digest (nothing was fixed),
    # with what the analysis read besides them: what the result cache keeps.
    digest: str | None = None
    reads: Reads | None = None


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
    from durable_lint.fixes.apply import fix_source

    outcome = fix_source(text, lambda new: linter.lint_text(new, path), applicable, findings)
    return FileResult(
        outcome.remaining, outcome.fixed, error=outcome.error, fixed_text=outcome.text
    )


def check_file(
    linter: Linter,
    path: str,
    applicable: frozenset[Applicability],
    write: bool,
    data: bytes | None = None,
    cached: bool = True,
) -> FileResult:
    """Lint one file and, when fixes are asked for, fix it (or compute the diff). `data`: the
    file's bytes when the caller has just read them; `cached`: whether the result cache will
    keep the result (else its digest and reads are not worked out)."""
    if data is None:
        data = read_bytes(path)
    if isinstance(data, str) or not linter.mentions_sdk(data):
        return FileResult(linter.lint_path(path))  # an unreadable file becomes a finding
    source = decode(data)
    if source.text is None:
        return FileResult(linter.lint_path(path))
    before = linter.lint_text(source.text, path)
    if not any(f.fix is not None and f.fix.applicability in applicable for f in before):
        if not cached:
            return FileResult(before)
        return FileResult(before, digest=digest(data), reads=linter.project.reads)
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
    from durable_lint.fixes.writer import ChangedOnDisk, write_atomically

    try:
        write_atomically(path, source.encode(result.fixed_text), data)
    except ChangedOnDisk:
        return FileResult(before, error="changed on disk while fixing; left as it was")
    except OSError as error:
        return FileResult(before, error=f"cannot write the fixed file: {error}")
    return result
