"""Lint one file or one source text: the cheap SDK check, parse, model, rules."""

from __future__ import annotations

import ast
import dataclasses
from dataclasses import dataclass

from durable_lint import sdk
from durable_lint.checker import Checker, RuleSet
from durable_lint.codes import PARSE_ERROR
from durable_lint.findings import Finding
from durable_lint.noqa import filter_findings
from durable_lint.project import Project
from durable_lint.selection import Selection, with_extra_calls
from durable_lint.source import decode, read_bytes


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    sdk_modules: tuple[str, ...] = sdk.DEFAULT_SDK_MODULES
    # (glob, codes): codes ignored in the files the glob matches, relative to `root`
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    root: str = "."
    extra_calls: tuple[tuple[str, str], ...] = ()  # (qualified name, code to report it as)


class Linter:
    """Lints files of one run; helper modules and summaries are shared across its files."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.selection = Selection(
            self.settings.select, self.settings.ignore, self.settings.extend_select
        )
        self.rules = RuleSet(with_extra_calls(self.selection.rules(), self.settings.extra_calls))
        self.project = Project(self.rules.rules, self.settings.sdk_modules)
        self._markers = tuple(module.encode() for module in self.settings.sdk_modules)

    def mentions_sdk(self, data: bytes) -> bool:
        """The cheap test that lets files without a durable SDK skip parsing altogether."""
        return any(marker in data for marker in self._markers)

    def lint_path(self, path: str, display_path: str | None = None) -> list[Finding]:
        shown = display_path or path
        data = read_bytes(path)
        if isinstance(data, str):
            return self._unreadable(shown, data)
        if not self.mentions_sdk(data):
            return []
        source = decode(data)
        if source.text is None:
            return self._unreadable(shown, source.error or "cannot decode file")
        findings = self.lint_text(source.text, path)
        return [dataclasses.replace(f, path=shown) for f in findings] if shown != path else findings

    def lint_text(self, text: str, path: str) -> list[Finding]:
        """Findings for a file's text with its `# noqa` comments and per-file ignores applied
        (the fix loop's view)."""
        findings = filter_findings(self.lint_source(text, path), text)
        ignored = self.selection.ignored_in(
            path, self.settings.per_file_ignores, self.settings.root
        )
        return [f for f in findings if not ignored(f.code)] if findings else findings

    def lint_source(self, text: str, path: str, tree: ast.Module | None = None) -> list[Finding]:
        """Findings for a source text (noqa not applied: flake8 does that itself)."""
        if tree is None:
            try:
                tree = ast.parse(text, filename=path)
            except SyntaxError as error:
                return self._syntax_error(path, error)
            except ValueError as error:  # source with NUL bytes
                return self._unreadable(path, f"cannot parse file: {error}")
        model = self.project.model(tree, path)
        if not model.uses_sdk:
            return []
        return Checker(model, self.project, self.rules).run()

    def _syntax_error(self, path: str, error: SyntaxError) -> list[Finding]:
        if not self.selection.enabled(PARSE_ERROR):
            return []
        line = error.lineno or 1
        column = error.offset or 1
        return [
            Finding(
                path,
                line,
                column,
                line,
                column,
                PARSE_ERROR,
                f"file could not be parsed, so it was not checked: {error.msg}",
            )
        ]

    def _unreadable(self, path: str, reason: str) -> list[Finding]:
        if not self.selection.enabled(PARSE_ERROR):
            return []
        return [Finding(path, 1, 1, 1, 1, PARSE_ERROR, f"{reason}; the file was not checked")]
