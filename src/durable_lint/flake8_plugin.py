"""The flake8 entry point `DUR`: the same engine, fed the tree and lines flake8 already has."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from durable_lint import __version__
from durable_lint.engine import Linter, Settings
from durable_lint.selection import PARSE_ERROR

# Every rule runs; flake8's own --select/--ignore/noqa decide what is shown.
_ALL_CODES = Settings(select=("DUR",), extend_select=("DUR302",))


class DurableLintPlugin:
    """flake8 AST plugin. Keeps no state between files and never lets an exception escape."""

    name = "durable-lint"
    version = __version__

    def __init__(self, tree: ast.Module, lines: list[str], filename: str = "stdin") -> None:
        self._tree = tree
        self._lines = lines
        self._filename = filename

    @classmethod
    def add_options(cls, option_manager: Any) -> None:
        option_manager.extend_default_ignore(["DUR302"])

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        try:
            linter = Linter(_ALL_CODES)
            text = "".join(self._lines)
            if not linter.mentions_sdk(text.encode("utf-8", "surrogatepass")):
                return
            findings = linter.lint_source(text, self._filename, tree=self._tree)
        except Exception as error:  # one escaping exception would abort flake8 for every file
            yield 1, 0, f"{PARSE_ERROR} durable-lint failed on this file: {error!r}", type(self)
            return
        for finding in findings:
            yield finding.line, finding.column - 1, f"{finding.code} {finding.message}", type(self)
