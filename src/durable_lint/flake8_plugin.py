"""The flake8 entry point `DUR`: the same engine, fed the tree and lines flake8 already has.

flake8's own options select, ignore and exclude; the plugin registers the settings that only
durable-lint has, read from flake8's configuration (`.flake8`, `setup.cfg`, `tox.ini`) or the
command line:

    [flake8]
    durable-sdk-modules = mycompany.durable
    durable-nondeterministic-calls = mycompany.clock.now=DUR101
    durable-side-effect-calls = mycompany.audit.record=DUR402
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any, ClassVar

from durable_lint import __version__
from durable_lint.diagnostics.codes import NONDETERMINISTIC_CODES, PARSE_ERROR, SIDE_EFFECT_CODES
from durable_lint.engine.linter import Linter, Settings

# Every rule runs; flake8's own --select/--ignore/noqa decide what is shown.
_ALL_CODES = ("DUR",)


class DurableLintPlugin:
    """flake8 AST plugin. Never lets an exception escape: one would abort flake8's run."""

    name = "durable-lint"
    version = __version__
    settings: ClassVar[Settings] = Settings(select=_ALL_CODES)
    _linter: ClassVar[Linter | None] = None  # one per process, so helper summaries are shared

    def __init__(self, tree: ast.Module, lines: list[str], filename: str = "stdin") -> None:
        self._tree = tree
        self._lines = lines
        self._filename = filename

    @classmethod
    def add_options(cls, option_manager: Any) -> None:
        option_manager.extend_default_ignore(["DUR302"])
        option_manager.add_option(
            "--durable-sdk-modules",
            parse_from_config=True,
            comma_separated_list=True,
            default=[],
            help="More module names of a durable execution SDK (durable-lint).",
        )
        for kind, codes in (
            ("nondeterministic", NONDETERMINISTIC_CODES),
            ("side-effect", SIDE_EFFECT_CODES),
        ):
            option_manager.add_option(
                f"--durable-{kind}-calls",
                parse_from_config=True,
                comma_separated_list=True,
                default=[],
                help=f"NAME=CODE pairs: calls to report as {', '.join(sorted(codes))} "
                "(durable-lint).",
            )

    @classmethod
    def parse_options(cls, option_manager: Any, options: Any, args: Any) -> None:
        extra = _calls(
            "durable-nondeterministic-calls",
            options.durable_nondeterministic_calls,
            NONDETERMINISTIC_CODES,
        ) + _calls(
            "durable-side-effect-calls", options.durable_side_effect_calls, SIDE_EFFECT_CODES
        )
        modules = tuple(options.durable_sdk_modules)
        cls.settings = Settings(
            select=_ALL_CODES,
            sdk_modules=Settings().sdk_modules + modules,
            extra_calls=extra,
        )
        cls._linter = None

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        try:
            cls = type(self)
            if cls._linter is None:
                cls._linter = Linter(cls.settings)
            text = "".join(self._lines)
            if not cls._linter.mentions_sdk(text.encode("utf-8", "surrogatepass")):
                return
            findings = cls._linter.lint_source(text, self._filename, tree=self._tree)
        except Exception as error:  # one escaping exception would abort flake8 for every file
            yield 1, 0, f"{PARSE_ERROR} durable-lint failed on this file: {error!r}", type(self)
            return
        for finding in findings:
            yield finding.line, finding.column - 1, f"{finding.code} {finding.message}", type(self)


def _calls(option: str, values: list[str], allowed: frozenset[str]) -> tuple[tuple[str, str], ...]:
    """`name=CODE` pairs, checked; a bad one stops flake8 with a message naming the option."""
    from flake8.exceptions import ExecutionError

    pairs = []
    for value in values:
        name, _, code = value.partition("=")
        name, code = name.strip(), code.strip().upper()
        if not name or code not in allowed:
            raise ExecutionError(
                f"durable-lint: `{option}` has {value!r}; write NAME=CODE with CODE one of "
                f"{', '.join(sorted(allowed))}"
            )
        pairs.append((name, code))
    return tuple(pairs)
