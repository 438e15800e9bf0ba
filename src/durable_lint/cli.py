"""The `durable-lint` command: options, configuration, and what goes to stdout and stderr."""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from durable_lint import __version__
from durable_lint.diagnostics.codes import parse_codes
from durable_lint.diagnostics.fix import Applicability
from durable_lint.engine.settings import Settings
from durable_lint.formats import FORMAT_NAMES, RenderContext, find_root, render, statistics
from durable_lint.reporting import fix_summary, fixes_by_file, summary
from durable_lint.run import config as configuration
from durable_lint.run.check import fix_text
from durable_lint.run.files import EXCLUDED_DIRECTORIES, FileFilter, discover, display
from durable_lint.run.session import Report, run

if TYPE_CHECKING:
    from durable_lint.engine.linter import Linter
    from durable_lint.run.cache import ResultCache

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
# `durable-lint NAME ...` runs another command; anything else is a path to check.
SUBCOMMANDS = {
    "compat": ("durable_lint.compat.command", "compat"),
    "server": ("durable_lint.server.lsp", "main"),
}
# What a subcommand needs beyond the checker's own dependencies, and where it comes from.
EXTRAS = {"pygls": "server", "lsprotocol": "server"}
PROGRESS_THRESHOLD = 50  # files; fewer finish before a progress bar would be worth showing


@dataclass(frozen=True)
class Options:
    paths: tuple[str, ...]
    select: tuple[str, ...]
    extend_select: tuple[str, ...]
    ignore: tuple[str, ...]
    output_format: str
    fix: bool | None
    unsafe_fixes: bool | None
    diff: bool
    show_fixes: bool
    exit_non_zero_on_fix: bool
    exit_zero: bool
    statistics: bool
    quiet: bool
    output_file: str | None
    stdin_filename: str | None
    force_exclude: bool
    add_noqa: bool
    config_file: str | None
    jobs: int | None
    no_cache: bool
    cache_dir: str | None


def _settings(options: Options, found: configuration.Config) -> tuple[Settings, FileFilter]:
    """Command-line options over the configuration file (see `configuration.lint_settings`),
    and the files it leaves out."""
    settings = configuration.lint_settings(
        found,
        parse_codes(options.select),
        parse_codes(options.ignore),
        parse_codes(options.extend_select),
    )
    files = FileFilter(
        exclude=found.exclude if found.exclude is not None else EXCLUDED_DIRECTORIES,
        extend_exclude=found.extend_exclude,
        root=str(found.root),
        force_exclude=options.force_exclude,
    )
    return settings, files


def _load_config(options: Options) -> configuration.Config:
    if options.config_file:
        return configuration.load(Path(options.config_file))
    seeds = (options.stdin_filename,) if options.stdin_filename else options.paths
    found = configuration.find(tuple(seeds))
    return configuration.load(found) if found else configuration.Config()


@contextlib.contextmanager
def _output(path: str | None) -> Iterator[IO[str]]:
    if path is None:
        yield sys.stdout
        return
    with open(path, "w", encoding="utf-8") as handle:
        yield handle


@contextlib.contextmanager
def _progress(total: int) -> Iterator[Any]:
    """A progress bar on stderr for long runs on a terminal; a no-op otherwise."""
    if total < PROGRESS_THRESHOLD or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("Checking", total=total)
        yield lambda: progress.advance(task)


def _explain(context: click.Context, _: click.Parameter, code: str | None) -> None:
    if code is None or context.resilient_parsing:
        return
    from durable_lint.explain import UnknownRuleCode, explain

    try:
        click.echo(explain(code), nl=False)
    except UnknownRuleCode as error:
        raise click.BadParameter(str(error), param_hint="--explain") from error
    context.exit(EXIT_CLEAN)


def _list_rules(context: click.Context, _: click.Parameter, wanted: bool) -> None:
    if not wanted or context.resilient_parsing:
        return
    from durable_lint.explain import rules_table

    click.echo(rules_table(), nl=False)
    context.exit(EXIT_CLEAN)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--select", multiple=True, metavar="CODES", help="Only these codes or prefixes.")
@click.option("--extend-select", multiple=True, metavar="CODES", help="Codes to add, e.g. DUR302.")
@click.option("--ignore", multiple=True, metavar="CODES", help="Codes or prefixes to skip.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMAT_NAMES),
    default="text",
    show_default=True,
    help="Output format: text for people; the others for machines and CI.",
)
@click.option("--fix/--no-fix", default=None, help="Apply safe fixes, rewriting the files.")
@click.option(
    "--unsafe-fixes/--no-unsafe-fixes",
    default=None,
    help="Also apply fixes that change when code runs.",
)
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff; write nothing.")
@click.option("--show-fixes", is_flag=True, help="List what was fixed, per file and code.")
@click.option(
    "--exit-non-zero-on-fix",
    is_flag=True,
    help="Exit 1 when any file was changed, even if nothing remains (for pre-commit).",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--statistics", is_flag=True, help="Print a count per code instead of findings.")
@click.option("-q", "--quiet", is_flag=True, help="Print findings only, no summaries.")
@click.option("-o", "--output-file", metavar="PATH", help="Write the report to a file.")
@click.option(
    "--stdin-filename",
    metavar="PATH",
    help="Read the source from standard input and report it as PATH (for editors).",
)
@click.option(
    "--force-exclude",
    is_flag=True,
    help="Apply exclusions to paths given on the command line too (for pre-commit).",
)
@click.option("--add-noqa", is_flag=True, help="Add `# noqa: DURxxx` to every finding's line.")
@click.option(
    "--config",
    "config_file",
    metavar="PYPROJECT",
    type=click.Path(dir_okay=False),
    help="Use this pyproject.toml instead of the nearest one with [tool.durable-lint].",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    metavar="N",
    help=(
        "Processes to check files on (default: the cores available, once there is about a "
        "second of analysis to share)."
    ),
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache.")
@click.option(
    "--cache-dir",
    metavar="PATH",
    type=click.Path(file_okay=False),
    help="Where the result cache lives (default: .durable_lint_cache at the project root).",
)
@click.option(
    "--explain",
    metavar="CODE",
    callback=_explain,
    expose_value=False,
    is_eager=True,
    help="Explain a rule: what it flags, why it breaks on replay, an example and the fix.",
)
@click.option(
    "--list-rules",
    is_flag=True,
    callback=_list_rules,
    expose_value=False,
    is_eager=True,
    help="List every rule with its fix and default.",
)
@click.version_option(__version__, prog_name="durable-lint")
def main(**values: Any) -> None:
    """Check durable execution handlers for code that breaks on replay.

    PATHS are files or directories (default: the current directory). Settings come from
    [tool.durable-lint] in the nearest pyproject.toml; options given here win. Exit status:
    0 clean, 1 findings (or, with --diff, something to fix), 2 usage, configuration or
    internal error.
    """
    options = Options(**values)
    try:
        found = _load_config(options)
    except configuration.ConfigError as error:
        click.echo(f"durable-lint: {error}", err=True)
        sys.exit(EXIT_ERROR)
    settings, files = _settings(options, found)
    fix = options.fix if options.fix is not None else bool(found.fix)
    unsafe = options.unsafe_fixes if options.unsafe_fixes is not None else bool(found.unsafe_fixes)
    fixing = (fix or options.diff) and not options.add_noqa
    applicable = frozenset()
    if fixing:
        applicable = frozenset(Applicability) if unsafe else frozenset({Applicability.SAFE})
    if options.stdin_filename is not None:
        from durable_lint.engine.linter import Linter

        sys.exit(_stdin(options, Linter(settings), files, applicable))
    entries = list(discover(options.paths or (".",), files))
    with _progress(len(entries)) as advance:
        report = run(
            settings,
            entries,
            applicable,
            write=fix and not options.diff,
            advance=advance,
            jobs=options.jobs,
            cache=None if options.no_cache else _cache(options, settings),
        )
    if options.add_noqa:
        sys.exit(_add_noqa(report))
    sys.exit(_finish(options, report, applicable))


def _cache(options: Options, settings: Settings) -> ResultCache:
    from durable_lint.run.cache import CACHE_DIRECTORY, ResultCache

    return ResultCache(options.cache_dir or os.path.join(settings.root, CACHE_DIRECTORY), settings)


def _stdin(
    options: Options, linter: Linter, files: FileFilter, applicable: frozenset[Applicability]
) -> int:
    """Lint (and with --fix, print fixed) source from standard input, as editors want."""
    path = options.stdin_filename or "-"
    text = sys.stdin.read()
    if files.force_exclude and files.excluded(path):
        if options.fix:
            sys.stdout.write(text)
        return EXIT_CLEAN
    findings = linter.lint_text(text, path)
    report = Report(checked=[display(path)])
    if applicable:
        result = fix_text(linter, text, path, findings, applicable)
        findings = result.findings
        if result.fixed:
            report.fixed[display(path)] = result.fixed
        if options.fix and not options.diff:
            sys.stdout.write(result.fixed_text if result.fixed_text is not None else text)
            return EXIT_CLEAN if options.exit_zero or not findings else EXIT_FINDINGS
    report.findings = [dataclasses.replace(f, path=display(path)) for f in findings]
    return _finish(options, report, applicable)


def _add_noqa(report: Report) -> int:
    from durable_lint.analysis.source import decode, read_bytes
    from durable_lint.fixes.add_noqa import add_noqa
    from durable_lint.fixes.writer import ChangedOnDisk, write_atomically

    by_file: dict[str, list] = {}
    for finding in report.findings:
        by_file.setdefault(finding.path, []).append(finding)
    added = 0
    for path, findings in sorted(by_file.items()):
        data = read_bytes(path)
        if isinstance(data, str):
            continue
        source = decode(data)
        if source.text is None:
            continue
        text, count = add_noqa(source.text, findings)
        if count:
            try:
                write_atomically(path, source.encode(text), data)
            except (ChangedOnDisk, OSError) as error:
                report.errors.append(f"{path}: cannot add noqa directives: {error}")
                continue
            added += count
    for error in report.errors:
        click.echo(f"durable-lint: {error}", err=True)
    click.echo(f"Added {added} noqa directive{'s' if added != 1 else ''}.", err=True)
    return EXIT_ERROR if report.errors else EXIT_CLEAN


def _render_context(options: Options, report: Report) -> RenderContext:
    """Source lines and carets only on a terminal, colour only there and without NO_COLOR."""
    terminal = options.output_file is None and sys.stdout.isatty()
    return RenderContext(
        root=find_root(),
        is_terminal=terminal,
        color=terminal and not os.environ.get("NO_COLOR"),
        files_checked=report.checked,
    )


def _finish(options: Options, report: Report, applicable: frozenset[Applicability]) -> int:
    """Print the report and pick the exit status."""
    for error in report.errors:
        click.echo(f"durable-lint: {error}", err=True)
    findings = report.findings
    try:
        with _output(options.output_file) as out:
            if options.diff:
                out.write("".join(report.diffs))
            elif options.statistics:
                out.write(statistics(findings))
            else:
                out.write(render(options.output_format, findings, _render_context(options, report)))
            out.flush()
    except OSError as error:  # a full disk, a missing directory, a closed pipe
        where = options.output_file or "standard output"
        click.echo(f"durable-lint: cannot write the report to {where}: {error.strerror}", err=True)
        return EXIT_ERROR
    human = options.output_format == "text" and not options.diff
    if not options.quiet:
        if options.diff:
            click.echo(
                fix_summary(report.fixed, findings, applicable, would=True), nl=False, err=True
            )
        elif human and not options.statistics:
            quiet = not findings or options.output_file is not None  # keep stdout for findings
            click.echo(summary(findings, len(report.checked)), nl=False, err=quiet)
            if applicable or any(f.fixable for f in findings):
                click.echo(fix_summary(report.fixed, findings, applicable), nl=False, err=quiet)
    if options.show_fixes and report.fixed:
        to_stderr = options.diff or not human or options.output_file is not None
        click.echo(fixes_by_file(report.fixed), nl=False, err=to_stderr)
    if report.errors:
        return EXIT_ERROR
    if options.diff:
        return EXIT_FINDINGS if report.diffs else EXIT_CLEAN
    if options.exit_non_zero_on_fix and report.fixed:
        return EXIT_FINDINGS
    if options.exit_zero:
        return EXIT_CLEAN
    return EXIT_FINDINGS if findings else EXIT_CLEAN


def entry() -> None:
    """The `durable-lint` executable: a subcommand (`compat`, `server`) when the first argument
    names one, else the checker (`./compat` checks a directory of that name)."""
    arguments = sys.argv[1:]
    if arguments and arguments[0] in SUBCOMMANDS:
        import importlib

        module, name = SUBCOMMANDS[arguments[0]]
        try:
            command = getattr(importlib.import_module(module), name)
        except ModuleNotFoundError as error:
            extra = EXTRAS.get((error.name or "").partition(".")[0])
            if extra is None:
                raise
            click.echo(
                f"durable-lint {arguments[0]} needs the `{extra}` extra ({error.name} is "
                f"missing): pip install 'durable-lint[{extra}]'",
                err=True,
            )
            sys.exit(EXIT_ERROR)
        command(args=arguments[1:], prog_name=f"durable-lint {arguments[0]}")
    else:
        # A run of the checker is one short process. Its files' objects are freed by reference
        # counting, and each file's leftovers by one collection after it (`run.memory`): the
        # collector's automatic passes would only walk the helper modules kept for the run
        # again and again, as many times as the report allocates a few hundred objects.
        gc.disable()
        try:
            main()
        except SystemExit as done:
            _exit_now(done.code)


def _exit_now(code: object) -> None:
    """End the process with `code` as `sys.exit` would, without freeing every object the run
    kept one by one on the way out (a tenth of a large run's CPU): the report is written,
    files are closed and the cache saved by now, so only the output streams need flushing."""
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more to write
            stream.flush()
    os._exit(code or 0)
