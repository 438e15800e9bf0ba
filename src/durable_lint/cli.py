"""The `durable-lint` command."""

from __future__ import annotations

import dataclasses
import difflib
import os
import sys
from collections import Counter
from dataclasses import dataclass, field

import click

from durable_lint import __version__
from durable_lint.engine import Linter, Settings
from durable_lint.files import MissingPath, discover
from durable_lint.findings import Finding
from durable_lint.fixes import Applicability
from durable_lint.reporting import FORMATTERS, fix_summary, fixes_by_file, summary
from durable_lint.source import decode, read_bytes

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


@dataclass
class FileResult:
    findings: list[Finding]
    fixed: Counter[str] = field(default_factory=Counter)
    diff: str = ""
    error: str | None = None


def _display(path: str) -> str:
    """Paths under the working directory are shown relative to it, as ruff and flake8 do."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def _check_file(
    linter: Linter, path: str, applicable: frozenset[Applicability], write: bool
) -> FileResult:
    """Lint one file and, when fixes are asked for, fix it (or compute the diff)."""
    data = read_bytes(path)
    if isinstance(data, str) or not linter.mentions_sdk(data):
        return FileResult(linter.lint_path(path))  # an unreadable file becomes a finding
    source = decode(data)
    if source.text is None:
        return FileResult(linter.lint_path(path))
    findings = linter.lint_text(source.text, path)
    if not any(f.fix is not None and f.fix.applicability in applicable for f in findings):
        return FileResult(findings)
    from durable_lint.fixer import fix_source  # libcst loads only when there is a fix to apply
    from durable_lint.writer import ChangedOnDisk, write_atomically

    outcome = fix_source(
        source.text, lambda text: linter.lint_text(text, path), applicable, findings
    )
    if outcome.text == source.text:
        return FileResult(outcome.remaining, error=outcome.error)
    diff = ""
    if not write:
        shown = _display(path)
        diff = "".join(
            difflib.unified_diff(
                source.text.splitlines(keepends=True),
                outcome.text.splitlines(keepends=True),
                fromfile=shown,
                tofile=shown,
            )
        )
    else:
        try:
            write_atomically(path, source.encode(outcome.text), data)
        except ChangedOnDisk:
            return FileResult(findings, error="changed on disk while fixing; left as it was")
        except OSError as error:
            return FileResult(findings, error=f"cannot write the fixed file: {error}")
    return FileResult(outcome.remaining, outcome.fixed, diff, outcome.error)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help="Only these codes or prefixes (comma-separated), e.g. DUR1,DUR401.",
)
@click.option(
    "--extend-select",
    multiple=True,
    metavar="CODES",
    help="Codes to add to the selection, e.g. DUR302.",
)
@click.option("--ignore", multiple=True, metavar="CODES", help="Codes or prefixes to skip.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(FORMATTERS)),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option("--fix", is_flag=True, help="Apply safe fixes, rewriting the files.")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that change when code runs.")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff; write nothing.")
@click.option("--show-fixes", is_flag=True, help="List what was fixed, per file and code.")
@click.option(
    "--exit-non-zero-on-fix",
    is_flag=True,
    help="Exit 1 when any file was changed, even if nothing remains (for pre-commit).",
)
@click.version_option(__version__, prog_name="durable-lint")
def main(
    paths: tuple[str, ...],
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    output_format: str,
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    show_fixes: bool,
    exit_non_zero_on_fix: bool,
) -> None:
    """Check durable execution handlers for code that breaks on replay.

    PATHS are files or directories (default: the current directory). Exit status: 0 clean,
    1 findings (or, with --diff, something to fix), 2 usage or internal error.
    """
    linter = Linter(Settings(select=select or None, ignore=ignore, extend_select=extend_select))
    fixing = fix or diff
    applicable = (
        (frozenset(Applicability) if unsafe_fixes else frozenset({Applicability.SAFE}))
        if fixing
        else frozenset()
    )
    findings: list[Finding] = []
    fixed: dict[str, Counter[str]] = {}
    diffs: list[str] = []
    errors = 0
    checked = 0
    for entry in discover(paths or (".",)):
        if isinstance(entry, MissingPath):
            click.echo(f"durable-lint: {entry.path}: no such file or directory", err=True)
            errors += 1
            continue
        checked += 1
        shown = _display(entry)
        try:
            result = _check_file(linter, entry, applicable, write=fix and not diff)
        except Exception as error:  # a bug must not hide the other files' findings
            click.echo(f"durable-lint: internal error while checking {entry}: {error!r}", err=True)
            errors += 1
            continue
        if result.error:
            click.echo(f"durable-lint: {shown}: {result.error}", err=True)
            errors += 1
        findings.extend(dataclasses.replace(f, path=shown) for f in result.findings)
        if result.fixed:
            fixed[shown] = result.fixed
        if result.diff:
            diffs.append(result.diff)
    findings.sort(key=lambda f: (f.path, f.line, f.column, f.code))
    if diff:
        click.echo("".join(diffs), nl=False)
        sys.stdout.flush()
        click.echo(fix_summary(fixed, findings, applicable, would=True), nl=False, err=True)
    else:
        click.echo(FORMATTERS[output_format](findings), nl=False)
        if output_format == "text":
            click.echo(summary(findings, checked), nl=False, err=not findings)
            if fixing or any(f.fixable for f in findings):
                click.echo(fix_summary(fixed, findings, applicable), nl=False, err=not findings)
    if show_fixes and fixed:
        click.echo(fixes_by_file(fixed), nl=False, err=diff or output_format != "text")
    if errors:
        sys.exit(EXIT_ERROR)
    if diff:
        sys.exit(EXIT_FINDINGS if diffs else EXIT_CLEAN)
    if exit_non_zero_on_fix and fixed:
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_FINDINGS if findings else EXIT_CLEAN)
