"""The pylint plugin: `pylint --load-plugins durable_lint.pylint` reports durable-lint's findings.

The engine lints each module's source as it is (pylint's astroid tree only says which file and
bytes to read), and every finding becomes a pylint message at the finding's line and column, so
pylint's own `# pylint: disable=...` pragmas, `--enable`/`--disable` and exit codes decide what
is shown. `# noqa` comments are flake8's and are not read here.

Message ids: DURabc is W9abc (DUR101 is W9101, DUR508 is W9508), and DUR000, a file durable-lint
could not check, is the error E9000. pylint wants one checker id (the two digits after the
letter) per checker, so each hundred of codes has its own checker (ids 90 to 95), all named
`durable-lint`: `--disable=durable-lint` turns every message off. E9000 shares its checker id
with pylint's optional docparams extension (W9003-W9021) but no message id. Symbols are
`durable-` and the rule's name (`durable-clock-outside-step`); a name that already starts with
`durable-` is kept as it is (`durable-op-inside-step`). Every message starts with its DUR code.

As in durable-lint, DUR302 (W9302, `durable-dynamic-operation-name`) is disabled by default:
`--enable=durable-dynamic-operation-name` turns it on.
"""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING, Any

from astroid import nodes
from pylint.checkers import BaseChecker

from durable_lint.analysis.source import decode
from durable_lint.diagnostics.codes import PARSE_ERROR
from durable_lint.diagnostics.finding import Finding
from durable_lint.engine.linter import Linter, Settings
from durable_lint.rules import ALL_RULES
from durable_lint.rules.base import Rule

if TYPE_CHECKING:
    from pylint.lint import PyLinter

# Every rule runs; pylint's enabled messages and pragmas decide what is shown.
_ALL_CODES = Settings(select=("DUR",), extend_select=("DUR302",))
_PARSE_ERROR_MESSAGE = (
    f"{PARSE_ERROR} %s",
    "durable-file-not-checked",
    "durable-lint could not read, parse or check this file, so its durable handlers were not "
    "checked for code that breaks on replay.",
)


def message_id(code: str) -> str:
    """The pylint id of a DUR code: DUR101 is W9101, the parse failure DUR000 is E9000."""
    return f"{'E' if code == PARSE_ERROR else 'W'}9{code[3:]}"


def symbol(rule: Rule) -> str:
    """`durable-` and the rule's name, without doubling a name's own `durable-`."""
    return rule.name if rule.name.startswith("durable-") else f"durable-{rule.name}"


def _definition(rule: Rule) -> tuple[Any, ...]:
    definition = (f"{rule.code} %s", symbol(rule), f"{rule.summary} {rule.why}")
    return definition if rule.default_enabled else (*definition, {"default_enabled": False})


MESSAGES: dict[str, tuple[Any, ...]] = {
    message_id(PARSE_ERROR): _PARSE_ERROR_MESSAGE,
    **{message_id(rule.code): _definition(rule) for rule in ALL_RULES},
}


class _ModuleFindings:
    """The engine's findings for the module being walked, computed once for all the checkers."""

    def __init__(self) -> None:
        self._engine: Linter | None = None
        self._module: nodes.Module | None = None
        self._findings: list[Finding] = []

    def reset(self) -> None:
        """Start a run with a fresh engine, so no helper summary outlives its files' contents."""
        self._engine = None
        self.release()

    def release(self) -> None:
        self._module = None
        self._findings = []

    def of(self, module: nodes.Module) -> list[Finding]:
        if module is not self._module:
            self._module = module
            self._findings = self._lint(module)
        return self._findings

    def _lint(self, module: nodes.Module) -> list[Finding]:
        path = module.file or module.name
        try:
            return self._lint_bytes(_module_bytes(module), path)
        except Exception as error:  # an escaping exception would be a pylint crash report
            return [_not_checked(path, f"durable-lint failed on this file: {error!r}")]

    def _lint_bytes(self, data: bytes | None, path: str) -> list[Finding]:
        if self._engine is None:
            self._engine = Linter(_ALL_CODES)
        if data is None or not self._engine.mentions_sdk(data):
            return []
        source = decode(data)
        if source.text is None:
            return [_not_checked(path, f"{source.error}; the file was not checked")]
        return self._engine.lint_source(source.text, path)


def _module_bytes(module: nodes.Module) -> bytes | None:
    stream = module.stream()
    if stream is None:
        return None
    with stream:
        return stream.read()


def _not_checked(path: str, reason: str) -> Finding:
    return Finding(path, 1, 1, 1, 1, PARSE_ERROR, reason)


class DurableLintChecker(BaseChecker):
    """The messages of one hundred of DUR codes (pylint allows one checker id per checker)."""

    name = "durable-lint"

    def __init__(
        self, linter: PyLinter, msgs: dict[str, tuple[Any, ...]], findings: _ModuleFindings
    ) -> None:
        super().__init__(linter)
        self.msgs = msgs
        self._findings = findings

    def open(self) -> None:
        self._findings.reset()

    def close(self) -> None:
        self._findings.release()

    def visit_module(self, node: nodes.Module) -> None:
        for finding in self._findings.of(node):
            msgid = message_id(finding.code)
            if msgid in self.msgs:
                self.add_message(
                    msgid,
                    line=finding.line,
                    node=node,
                    args=(finding.message,),
                    col_offset=finding.column - 1,
                    end_lineno=finding.end_line,
                    end_col_offset=finding.end_column - 1,
                )


def register(linter: PyLinter) -> None:
    """pylint's plugin hook: one checker per checker id, sharing one engine run per module."""
    findings = _ModuleFindings()
    by_checker_id = sorted(MESSAGES.items(), key=lambda item: item[0][1:])
    for _, group in groupby(by_checker_id, key=lambda item: item[0][1:3]):
        linter.register_checker(DurableLintChecker(linter, dict(group), findings))
