"""The `durable-lint` command."""

from __future__ import annotations

import os
import sys

import click

from durable_lint import __version__
from durable_lint.engine import Linter, Settings
from durable_lint.files import MissingPath, discover
from durable_lint.findings import Finding
from durable_lint.reporting import FORMATTERS, summary

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _display(path: str) -> str:
    """Paths under the working directory are shown relative to it, as ruff and flake8 do."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


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
@click.version_option(__version__, prog_name="durable-lint")
def main(
    paths: tuple[str, ...],
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    output_format: str,
) -> None:
    """Check durable execution handlers for code that breaks on replay.

    PATHS are files or directories (default: the current directory). Exit status: 0 clean,
    1 findings, 2 usage or internal error.
    """
    settings = Settings(select=select or None, ignore=ignore, extend_select=extend_select)
    linter = Linter(settings)
    findings: list[Finding] = []
    errors = 0
    checked = 0
    for entry in discover(paths or (".",)):
        if isinstance(entry, MissingPath):
            click.echo(f"durable-lint: {entry.path}: no such file or directory", err=True)
            errors += 1
            continue
        checked += 1
        try:
            findings.extend(linter.lint_path(entry, _display(entry)))
        except Exception as error:  # a bug must not hide the other files' findings
            click.echo(f"durable-lint: internal error while checking {entry}: {error!r}", err=True)
            errors += 1
    findings.sort(key=lambda f: (f.path, f.line, f.column, f.code))
    click.echo(FORMATTERS[output_format](findings), nl=False)
    if output_format == "text":
        click.echo(summary(findings, checked), nl=False, err=not findings)
    if errors:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if findings else EXIT_CLEAN)
