"""Lint one file or one source text: the cheap SDK check, parse, model, rules."""

from __future__ import annotations

import ast
import dataclasses

from durable_lint.analysis.project import Project
from durable_lint.analysis.source import decode, read_bytes
from durable_lint.diagnostics.codes import PARSE_ERROR
from durable_lint.diagnostics.finding import Finding
from durable_lint.diagnostics.noqa import filter_findings
from durable_lint.engine.checker import Checker, RuleSet
from durable_lint.engine.selection import Selection, with_extra_calls
from durable_lint.engine.settings import Settings, mentions_sdk, sdk_markers

__all__ = ["Linter", "Settings"]

TOO_DEEP = "the code is nested too deeply"


class Linter:
    """Lints files of one run; helper modules and summaries are shared across its files."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.selection = Selection(
            self.settings.select, self.settings.ignore, self.settings.extend_select
        )
        self.rules = RuleSet(with_extra_calls(self.selection.rules(), self.settings.extra_calls))
        effects = {rule.code: rule.effect for rule in self.rules.effect_rules if rule.effect}
        self.project = Project(effects, self.settings.sdk_modules)
        self._markers = sdk_markers(self.settings)

    def mentions_sdk(self, data: bytes) -> bool:
        """The cheap test that lets files without a durable SDK skip parsing altogether."""
        return mentions_sdk(data, self._markers)

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
        if not findings or not self.settings.per_file_ignores:
            return findings
        ignored = self.selection.ignored_in(
            path, self.settings.per_file_ignores, self.settings.root
        )
        return [f for f in findings if not ignored(f.code)]

    def lint_source(self, text: str, path: str, tree: ast.Module | None = None) -> list[Finding]:
        """Findings for a source text (noqa not applied: flake8 does that itself).
        `self.project.reads` is then what the analysis read besides the text."""
        self.project.start_file()
        if tree is None:
            try:
                tree = ast.parse(text, filename=path)
            except SyntaxError as error:
                return self._syntax_error(path, error)
            except ValueError as error:  # source with NUL bytes
                return self._unreadable(path, f"cannot parse file: {error}")
            except (RecursionError, MemoryError):  # how the parser refuses deep nesting
                return self._unreadable(path, f"cannot parse file: {TOO_DEEP}")
        model = None
        try:
            model = self.project.model(tree, path)
            if not model.uses_sdk:
                return []
            return Checker(model, self.project, self.rules).run()
        except RecursionError:  # the analysis walks the tree recursively, as `ast` does
            return self._unreadable(path, f"cannot analyse file: {TOO_DEEP}")
        finally:
            if model is not None:
                model.release()

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
