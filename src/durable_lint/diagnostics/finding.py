"""The one record every front end prints: a finding at a span of a file."""

from __future__ import annotations

from dataclasses import dataclass, field

from durable_lint.diagnostics.fix import Fix


@dataclass(frozen=True, order=True)
class Finding:
    """A rule violation; lines and columns count from 1, as editors show them."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    message: str
    fix: Fix | None = field(default=None, compare=False)

    @property
    def fixable(self) -> bool:
        """A fix exists: `--fix` applies it when safe, `--unsafe-fixes` otherwise."""
        return self.fix is not None

    def as_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "message": self.message,
            "fixable": self.fixable,
            "fix": None
            if self.fix is None
            else {"applicability": self.fix.applicability.value, "message": self.fix.description},
        }
