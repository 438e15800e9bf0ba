"""`durable-lint compat`: the changes to handlers that break executions already in flight.

Every handler found in both trees is planned in each (helpers followed in its own tree) and
the plans compared. Findings are located in the new code and printed in any output format;
exit status 0 when every change is compatible, 1 when one is not, 2 on a usage error.
"""

from __future__ import annotations

import ast
import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from durable_lint.analysis import sdk
from durable_lint.analysis.project import Project
from durable_lint.analysis.source import read_source
from durable_lint.compat.compare import compare
from durable_lint.compat.plan import HandlerPlan, handler_plans
from durable_lint.compat.revisions import RevisionError, branch_point, git_root, revision_tree
from durable_lint.diagnostics.codes import PARSE_ERROR
from durable_lint.diagnostics.finding import Finding
from durable_lint.formats import FORMAT_NAMES, RenderContext, render
from durable_lint.reporting import summary
from durable_lint.rules.compat import COMPAT_RULES
from durable_lint.run.files import FileFilter, MissingPath, discover, display

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
MESSAGES = {rule.code: rule for rule in COMPAT_RULES}


@click.command(name="compat", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--base", metavar="REV", help="The git revision executions in flight started on.")
@click.option(
    "--merge-base",
    metavar="REF",
    help="Compare with where HEAD branched from REF (`git merge-base HEAD REF`), as in review.",
)
@click.option(
    "--base-dir",
    metavar="DIR",
    type=click.Path(file_okay=False, exists=True),
    help="The project as it was, as a directory (instead of --base).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMAT_NAMES),
    default="text",
    show_default=True,
    help="Output format, as for a check: text, json, sarif, github, ...",
)
@click.option("-o", "--output-file", metavar="PATH", help="Write the report to a file.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when a change is incompatible.")
@click.option("-q", "--quiet", is_flag=True, help="Print findings only, no summary.")
def compat(
    paths: tuple[str, ...],
    base: str | None,
    merge_base: str | None,
    base_dir: str | None,
    output_format: str,
    output_file: str | None,
    exit_zero: bool,
    quiet: bool,
) -> None:
    """Report handler changes that executions suspended on the base would not survive.

    PATHS (default: the current directory) are the new code; each handler there is compared
    with the same handler in --base REV (a git revision, e.g. origin/main), in the commit HEAD
    branched from (--merge-base origin/main), or in --base-dir DIR. Exit status: 0 compatible,
    1 a change breaks executions in flight, 2 usage error or unreadable base.
    """
    if sum(option is not None for option in (base, merge_base, base_dir)) != 1:
        raise click.UsageError("give exactly one of --base REV, --merge-base REF, --base-dir DIR")
    try:
        if merge_base is not None:
            base = branch_point(git_root(os.getcwd()), merge_base)
        with _base_tree(base, base_dir, paths) as (old_root, new_root):
            files, findings, skipped = check(paths or (".",), old_root, new_root)
    except RevisionError as error:
        click.echo(f"durable-lint compat: {error}", err=True)
        sys.exit(EXIT_ERROR)
    for path in skipped:
        click.echo(
            f"durable-lint compat: {path}: the base version does not parse; skipped", err=True
        )
    if not files and not quiet:
        click.echo(
            f"durable-lint compat: no handler file of the paths is in the base too "
            f"(paths are matched relative to {new_root})",
            err=True,
        )
    context = RenderContext(root=str(new_root), files_checked=files)
    text = render(output_format, findings, context)
    if output_file:
        Path(output_file).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    if not quiet and output_format == "text":
        click.echo(summary(findings, len(files)), nl=False, err=bool(not findings or output_file))
    sys.exit(EXIT_FINDINGS if findings and not exit_zero else EXIT_CLEAN)


@contextlib.contextmanager
def _base_tree(
    base: str | None, base_dir: str | None, paths: tuple[str, ...]
) -> Iterator[tuple[Path, Path]]:
    """(the base tree, the new tree's root). With --base-dir, one directory given as PATHS
    is the new tree itself (`compat --base-dir release-1 release-2`); else the working
    directory is its root."""
    if base_dir is not None:
        single = Path(paths[0]) if len(paths) == 1 and Path(paths[0]).is_dir() else None
        yield Path(base_dir).resolve(), (single or Path.cwd()).resolve()
        return
    assert base is not None
    root = git_root(os.getcwd())
    with revision_tree(root, base) as old_root:
        yield old_root, root


def check(
    paths: tuple[str, ...], old_root: Path, new_root: Path
) -> tuple[list[str], list[Finding], list[str]]:
    """(the files compared, the breaking changes found in them, the files whose base
    version does not parse). A new version that does not parse is a DUR000 finding."""
    old_project = Project({}, sdk.DEFAULT_SDK_MODULES)
    new_project = Project({}, sdk.DEFAULT_SDK_MODULES)
    files: list[str] = []
    findings: list[Finding] = []
    skipped: list[str] = []
    for entry in discover(paths, FileFilter(root=str(new_root))):
        if isinstance(entry, MissingPath):
            continue
        new_path = Path(entry).resolve()
        try:
            relative = new_path.relative_to(new_root)
        except ValueError:
            continue
        old_path = old_root / relative
        if not old_path.is_file():
            continue  # a new file: no execution can be running its handlers
        old_plans = _plans(old_project, old_path)
        if isinstance(old_plans, Finding):
            skipped.append(display(entry))
            continue
        new_plans = _plans(new_project, new_path, shown=display(entry))
        if isinstance(new_plans, Finding):
            if old_plans:  # it had handlers: nothing can be said of the new code
                files.append(display(entry))
                findings.append(new_plans)
            continue
        if not new_plans or not old_plans:
            continue
        files.append(display(entry))
        for qualname in sorted(new_plans.keys() & old_plans.keys()):
            findings.extend(_findings(old_plans[qualname], new_plans[qualname], display(entry)))
    # A helper module with a finding was compared too, through the handlers that call it.
    files += sorted({f.path for f in findings} - set(files))
    return files, sorted(set(findings)), skipped


def _plans(project: Project, path: Path, shown: str = "") -> dict[str, HandlerPlan] | Finding:
    """The file's handler plans, or the DUR000 finding saying why it cannot be read."""
    source = read_source(str(path))
    if source.text is None:
        return Finding(shown or str(path), 1, 1, 1, 1, PARSE_ERROR, source.error or "unreadable")
    try:
        tree = ast.parse(source.text)
    except SyntaxError as error:
        line, column = error.lineno or 1, (error.offset or 1)
        message = f"the new version does not parse, so it was not compared: {error.msg}"
        return Finding(shown or str(path), line, column, line, column, PARSE_ERROR, message)
    except ValueError as error:
        return Finding(shown or str(path), 1, 1, 1, 1, PARSE_ERROR, str(error))
    return handler_plans(project.model(tree, str(path)), project)


def _findings(old: HandlerPlan, new: HandlerPlan, shown: str) -> Iterator[Finding]:
    for change in compare(old, new):
        span = change.span
        path = (
            shown
            if Path(span.path).resolve() == Path(shown).resolve()
            else os.path.relpath(span.path)
        )
        message = MESSAGES[change.code].format(change.what, "context")
        yield Finding(
            path, span.line, span.column, span.end_line, span.end_column, change.code, message
        )
