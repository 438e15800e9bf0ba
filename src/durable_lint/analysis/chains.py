"""How a project helper reaches an effect: the calls taken from the flagged call site to the
code that has the effect, shown in a message as `a()` -> `b()` at ids.py:5."""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass
from pathlib import Path

from durable_lint.analysis.syntax import call_label


@dataclass(frozen=True)
class Chain:
    """How a helper reaches an effect: the calls taken and where the effect stands."""

    calls: tuple[str, ...]
    path: str
    line: int

    def render(self, call: ast.Call, from_path: str) -> str:
        steps = " -> ".join((f"`{call_label(call)}`", *self.calls))
        return f"{steps} at {_display_path(self.path, from_path)}{self.line}"


def _display_path(path: str, from_path: str) -> str:
    """`line ` in the same file, else the helper's path relative to the linted file, `:`."""
    if os.path.abspath(path) == os.path.abspath(from_path):
        return "line "
    return _relative(path, from_path) + ":"


def _relative(path: str, from_path: str) -> str:
    try:
        return Path(os.path.relpath(path, os.path.dirname(os.path.abspath(from_path)))).as_posix()
    except ValueError:
        return Path(path).as_posix()
