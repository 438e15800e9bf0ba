"""What every output format shares: the render context, source lines, paths and columns."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from durable_lint import __version__
from durable_lint.analysis.source import read_source
from durable_lint.diagnostics.codes import PARSE_ERROR
from durable_lint.diagnostics.finding import Finding
from durable_lint.diagnostics.fix import Applicability

# The project's repository; rule docs are generated at docs/rules/DURxxx.md in it.
REPOSITORY_URL = "https://github.com/durable-lint/durable-lint"
RULE_DOCS_URL = REPOSITORY_URL + "/blob/main/docs/rules/{code}.md"
TOOL_NAME = "durable-lint"

# Python's own line ends (str.splitlines also splits on \f, \x1c, \u2028..., which ast does not).
_LINE_END = re.compile(r"\r\n|\r|\n")

ReadLines = Callable[[str], "Sequence[str] | None"]


def rule_doc_url(code: str) -> str:
    return RULE_DOCS_URL.format(code=code)


class SourceLines:
    """Reads a finding's file once and keeps its lines; `None` when it cannot be read."""

    def __init__(self) -> None:
        self._cache: dict[str, list[str] | None] = {}

    def __call__(self, path: str) -> list[str] | None:
        if path not in self._cache:
            source = read_source(path)
            self._cache[path] = None if source.text is None else split_lines(source.text)
        return self._cache[path]


def split_lines(text: str) -> list[str]:
    """Lines as `ast` numbers them (index 0 is line 1), without their line ends."""
    return _LINE_END.split(text)


@dataclass(frozen=True)
class RenderContext:
    """What a renderer needs besides the findings.

    `root` is the directory that relative paths and SARIF URIs are given against (the git
    top-level, see `find_root`, or the working directory). Finding paths are read as the CLI
    shows them: relative to the working directory, or absolute. `is_terminal` adds the source
    line and a caret to text output; `color` adds colour to it (never escape codes otherwise).
    `files_checked` lists every file the run checked (as finding paths show them), so JUnit can
    report clean files as passed test cases; `None` means only the files with findings.
    """

    root: str = field(default_factory=os.getcwd)
    is_terminal: bool = False
    color: bool = False
    files_checked: Sequence[str] | None = None
    read_lines: ReadLines = field(default_factory=SourceLines, compare=False)
    tool_version: str = __version__

    def line(self, path: str, number: int) -> str | None:
        """One source line (1-based) of a finding's file, or None when it cannot be read."""
        lines = self.read_lines(path)
        if lines is None or not 1 <= number <= len(lines):
            return None
        return lines[number - 1]

    def relative(self, path: str) -> str | None:
        """`path` relative to `root` with forward slashes, or None when it lies outside root."""
        absolute = os.path.abspath(path)
        try:
            relative = os.path.relpath(absolute, os.path.abspath(self.root))
        except ValueError:  # another drive on Windows
            return None
        if relative == os.pardir or relative.startswith(os.pardir + os.sep):
            return None
        return Path(relative).as_posix()

    def shown_path(self, path: str) -> str:
        """The path relative to root where it can be, else absolute; forward slashes."""
        relative = self.relative(path)
        return relative if relative is not None else Path(os.path.abspath(path)).as_posix()


def find_root(start: str = ".") -> str:
    """The nearest directory at or above `start` holding `.git` (a folder, or a worktree's
    file), else `start` itself; absolute. Reads the file system only: no git process."""
    start_path = Path(start).resolve()
    for directory in (start_path, *start_path.parents):
        if (directory / ".git").exists():
            return str(directory)
    return str(start_path)


def safe_fix(finding: Finding) -> bool:
    return finding.fix is not None and finding.fix.applicability is Applicability.SAFE


def marker(finding: Finding) -> str:
    """`[*] ` where `--fix` clears the finding, as ruff marks it."""
    return "[*] " if safe_fix(finding) else ""


def char_column(line: str | None, column: int) -> int:
    """A 1-based UTF-8 byte column (what `ast` gives, +1) as a 1-based code point column."""
    if line is None or column <= 1:
        return max(column, 1)
    prefix = line.encode("utf-8")[: column - 1]
    return len(prefix.decode("utf-8", errors="ignore")) + 1 + max(0, column - 1 - len(prefix))


def span_columns(finding: Finding, start_line: str | None, end_line: str | None) -> tuple[int, int]:
    """The finding's start and end columns in code points (end exclusive, as SARIF counts)."""
    if finding.code == PARSE_ERROR:  # the parser's columns already count characters
        return finding.column, finding.end_column
    return char_column(start_line, finding.column), char_column(end_line, finding.end_column)
