"""How a project helper reaches an effect: the calls taken from the flagged call site to the
code that has the effect, shown in a message as `a()` -> `b()` at ids.py:5."""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass
from pathlib import Path

from durable_lint.analysis.syntax import call_label, dotted


@dataclass(frozen=True)
class Chain:
    """How a helper reaches an effect: the calls taken and where the effect stands."""

    calls: tuple[str, ...]
    path: str
    line: int

    def render(self, node: ast.expr, from_path: str) -> str:
        """The chain as seen from `node`, the call (or property read) in replayed code."""
        steps = " -> ".join((f"`{label(node)}`", *self.calls))
        return f"{steps} at {_display_path(self.path, from_path)}{self.line}"


def label(node: ast.expr) -> str:
    """How a call or a property read reads in a message: `svc.save()`, `clock.today`."""
    if isinstance(node, ast.Call):
        return call_label(node)
    return dotted(node) or ast.unparse(node)


def _display_path(path: str, from_path: str) -> str:
    """`line ` in the same file, else the helper's path relative to the linted file, `:`."""
    if path == from_path or os.path.abspath(path) == os.path.abspath(from_path):
        return "line "
    return _relative(path, from_path) + ":"


def _relative(path: str, from_path: str) -> str:
    try:
        return Path(os.path.relpath(path, os.path.dirname(os.path.abspath(from_path)))).as_posix()
    except ValueError:
        return Path(path).as_posix()
