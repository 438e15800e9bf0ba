"""One run over files: lint each, fix it when asked, and collect what happened."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from durable_lint.analysis.reads import digest
from durable_lint.analysis.source import read_bytes
from durable_lint.diagnostics.finding import Finding
from durable_lint.diagnostics.fix import Applicability
from durable_lint.engine.settings import Settings, mentions_sdk, sdk_markers
from durable_lint.run.check import FileResult
from durable_lint.run.files import MissingPath, display
from durable_lint.run.parallel import Job, check_paths

if TYPE_CHECKING:
    from durable_lint.engine.linter import Linter
    from durable_lint.run.cache import ResultCache


@dataclass
class Report:
    """Everything a run found, fixed and could not do, for the reporters."""

    findings: list[Finding] = field(default_factory=list)
    fixed: dict[str, Counter[str]] = field(default_factory=dict)
    diffs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)


def run(
    settings: Settings,
    entries: Iterable[str | MissingPath],
    applicable: frozenset[Applicability],
    write: bool,
    advance: Callable[[], None] = lambda: None,
    *,
    jobs: int | None = 1,
    cache: ResultCache | None = None,
    linter: Linter | None = None,
) -> Report:
    """Check every file; one file's failure is reported and the run goes on.

    Files the cache answers for, and files that mention no durable SDK, are settled here
    without the engine; the rest are checked on `jobs` processes (None: as many as pay off,
    see `parallel`), with the linter built only then (or `linter`, when given).
    """
    entries = list(entries)
    markers = sdk_markers(settings)
    settled: dict[int, FileResult | str] = {}
    pending: list[int] = []
    contents: dict[str, bytes] = {}  # what the pending files held when read here
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
                contents[entry] = data
                continue
            settled[index] = FileResult(found)
        advance()

    def make_linter() -> Linter:
        if linter is not None:
            return linter
        from durable_lint.engine.linter import Linter

        return Linter(settings)

    job = Job(settings, applicable, write, cached=cache is not None)
    paths = [entries[index] for index in pending]
    outcomes = check_paths(job, paths, jobs, make_linter, advance, contents)
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
        if shown == entry:
            report.findings.extend(result.findings)
        else:
            report.findings.extend(dataclasses.replace(f, path=shown) for f in result.findings)
        if result.fixed:
            report.fixed[shown] = result.fixed
        if result.diff:
            report.diffs.append(result.diff)
    report.findings.sort(key=lambda f: (f.path, f.line, f.column, f.code))
    return report
