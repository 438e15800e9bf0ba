"""One run over files: lint each, fix it when asked, and collect what happened."""

from __future__ import annotations

import dataclasses
import difflib
import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from durable_lint.files import MissingPath
from durable_lint.findings import Finding
from durable_lint.fixes import Applicability
from durable_lint.reads import Reads, digest
from durable_lint.settings import Settings, mentions_sdk, sdk_markers
from durable_lint.source import decode, read_bytes

if TYPE_CHECKING:
    from durable_lint.cache import ResultCache
    from durable_lint.engine import Linter


def display(path: str) -> str:
    """Paths under the working directory are shown relative to it, as ruff and flake8 do."""
    if not os.path.isabs(path):  # what relpath gives, without its two abspath calls
        relative = os.path.normpath(path)
        return path if relative.startswith("..") else relative
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


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
    if not any(f.fix is not None and f.fix.applicability in applicable for f in before):
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
    from durable_lint.writer import ChangedOnDisk, write_atomically

    try:
        write_atomically(path, source.encode(result.fixed_text), data)
    except ChangedOnDisk:
        return FileResult(before, error="changed on disk while fixing; left as it was")
    except OSError as error:
        return FileResult(before, error=f"cannot write the fixed file: {error}")
    return result


def run(
    settings: Settings,
    entries: Iterable[str | MissingPath],
    applicable: frozenset[Applicability],
    write: bool,
    advance: Callable[[], None] = lambda: None,
    *,
    jobs: int = 1,
    cache: ResultCache | None = None,
    linter: Linter | None = None,
) -> Report:
    """Check every file; one file's failure is reported and the run goes on.

    Files the cache answers for, and files that mention no durable SDK, are settled here
    without the engine; the rest are checked on `jobs` processes (see `parallel`), with the
    linter built only then (or `linter`, when given).
    """
    from durable_lint.parallel import Job, check_paths

    entries = list(entries)
    markers = sdk_markers(settings)
    settled: dict[int, FileResult | str] = {}
    pending: list[int] = []
    for index, entry in enumerate(entries):
        if isinstance(entry, MissingPath):
            continue
        data = read_bytes(entry)
        if isinstance(data, str):
            pending.append(index)  # the engine reports an unreadable file as a finding
            continue
        if not mentions_sdk(data, markers):
            settled[index] = FileResult([])
        else:
            found = None if cache is None else cache.get(entry, digest(data), applicable)
            if found is None:
                pending.append(index)
                continue
            settled[index] = FileResult(found)
        advance()

    def make_linter() -> Linter:
        if linter is not None:
            return linter
        from durable_lint.engine import Linter

        return Linter(settings)

    job = Job(settings, applicable, write)
    paths = [entries[index] for index in pending]
    outcomes = check_paths(job, paths, jobs, make_linter, advance)
    for index, outcome in zip(pending, outcomes, strict=True):
        settled[index] = outcome
        if cache is not None and isinstance(outcome, FileResult):
            if outcome.digest is not None and outcome.reads is not None:
                cache.put(entries[index], outcome.digest, outcome.findings, outcome.reads)
            else:
                cache.forget(entries[index])
    if cache is not None:
        cache.save()
    return _report(entries, settled)


def _report(entries: list[str | MissingPath], results: dict[int, FileResult | str]) -> Report:
    """The run's report, in the order of `entries`."""
    report = Report()
    for index, entry in enumerate(entries):
        if isinstance(entry, MissingPath):
            report.errors.append(f"{entry.path}: no such file or directory")
            continue
        shown = display(entry)
        report.checked.append(shown)
        result = results[index]
        if isinstance(result, str):
            report.errors.append(result)
            continue
        if result.error:
            report.errors.append(f"{shown}: {result.error}")
        report.findings.extend(dataclasses.replace(f, path=shown) for f in result.findings)
        if result.fixed:
            report.fixed[shown] = result.fixed
        if result.diff:
            report.diffs.append(result.diff)
    report.findings.sort(key=lambda f: (f.path, f.line, f.column, f.code))
    return report
