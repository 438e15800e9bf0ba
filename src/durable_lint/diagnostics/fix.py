"""What a fix is, in terms the detector knows (ast positions), before libcst applies it."""

from __future__ import annotations

import ast
import enum
from dataclasses import dataclass


class Applicability(enum.Enum):
    """As in ruff: `--fix` applies safe fixes; unsafe ones need `--unsafe-fixes`."""

    SAFE = "safe"  # keeps behaviour apart from the determinism it adds
    UNSAFE = "unsafe"  # changes when or how something runs


class EditKind(enum.Enum):
    WRAP_IN_STEP = "wrap-in-step"  # expression -> ctx.step(lambda _: expression, name=...)
    BLOCK_TO_STEP = "block-to-step"  # a statement or with-block -> local function run by a step
    CALL_TO_LOGGER = "call-to-logger"  # print/logging call -> ctx.logger.<level>(...)
    SLEEP_TO_WAIT = "sleep-to-wait"  # time.sleep(n) -> ctx.wait(Duration.from_seconds(n), ...)
    BIND_DEFAULTS = "bind-defaults"  # lambda x: ...v... -> lambda x, v=v: ...
    CATCH_EXCEPTION = "catch-exception"  # except:/except BaseException -> except Exception
    RENAME = "rename"  # a name -> another name
    ADD_CALL = "add-call"  # fn -> fn()


@dataclass(frozen=True)
class Span:
    """An ast node's position: 1-based lines, 0-based UTF-8 byte columns, as `ast` gives."""

    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def of(cls, node: ast.AST) -> Span:
        return cls(node.lineno, node.col_offset, node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]

    def contains(self, other: Span) -> bool:
        return (self.line, self.column) <= (other.line, other.column) and (
            other.end_line,
            other.end_column,
        ) <= (self.end_line, self.end_column)


@dataclass(frozen=True)
class Fix:
    """One edit that clears a finding.

    `options` carries what the edit needs: the context name, the operation name, the logger
    level, the names to bind... as (key, value) pairs so the fix stays hashable.
    """

    applicability: Applicability
    description: str
    kind: EditKind
    span: Span
    options: tuple[tuple[str, object], ...] = ()
    imports: tuple[tuple[str, str], ...] = ()  # (module, name) to add: `from module import name`

    def option(self, key: str, default: object = None) -> object:
        return dict(self.options).get(key, default)
