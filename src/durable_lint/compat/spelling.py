"""Operation names and control-flow headers as values, not as spelled: two revisions compare
equal when only the spelling changed.

A loop variable reads as its loop's position (`for attempt in range(3)` and `for n in
range(3)` are both `$1 in range(3)`), a module constant as its value (here or imported from a
project module), and a name built by `+` and `str(...)` as the template an f-string gives.
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Callable

from durable_lint.analysis.model import ModuleModel, Scope
from durable_lint.analysis.project import Project

Constant = str | int | float | bool | None


class Spelling:
    """Renders expressions of one function body (`scope`) in their canonical form."""

    def __init__(
        self,
        model: ModuleModel,
        scope: Scope,
        project: Project,
        bindings: dict[str, ast.expr] | None = None,
    ) -> None:
        self.model, self.scope, self.project = model, scope, project
        # Parameters of a helper read in place: the caller's arguments, already canonical.
        self.bindings = bindings or {}
        self.loop_names: dict[str, str] = {}  # loop variable -> `$depth` or `$depth.position`
        self.depth = 0
        self.inlining: set[str] = set()  # local variables being replaced by their value

    def enter_loop(self, target: ast.expr) -> dict[str, str]:
        """Name the variables a loop binds; returns the names to restore on leaving."""
        self.depth += 1
        saved = dict(self.loop_names)
        names = [n.id for n in ast.walk(target) if isinstance(n, ast.Name)]
        for position, name in enumerate(names):
            suffix = f".{position}" if len(names) > 1 else ""
            self.loop_names[name] = f"${self.depth}{suffix}"
        return saved

    def leave_loop(self, saved: dict[str, str]) -> None:
        self.depth -= 1
        self.loop_names = saved

    def expression(self, node: ast.expr) -> str:
        """`node` as source, with loop variables and known constants replaced."""
        return ast.unparse(self.substituted(node))

    def substituted(self, node: ast.expr) -> ast.expr:
        """A copy of `node` with every name replaced by what it stands for, where known, and
        calls of one-line functions (`def key(o): return f"charge-{o}"`) by what they return."""
        return _Substitute(self.canonical, self.inlined).visit(copy.deepcopy(node))

    def inlined(self, call: ast.Call) -> ast.expr | None:
        """What a call of a project function whose body is one `return` gives, read with its
        parameters bound to the call's arguments; None for any other call."""
        target = self.function(call.func)
        if target is None or len(_INLINING) >= MAX_INLINED or id(target[1].node) in _INLINING:
            return None
        model, scope = target
        returned = _single_return(scope)
        if returned is None or any(isinstance(a, ast.Starred) for a in call.args):
            return None
        bindings = {
            parameter: self.substituted(argument)
            for parameter, argument in zip(scope.positional, call.args, strict=False)
        }
        bindings |= {k.arg: self.substituted(k.value) for k in call.keywords if k.arg}
        _INLINING.add(id(scope.node))
        try:
            return Spelling(model, scope, self.project, bindings).substituted(returned)
        finally:
            _INLINING.discard(id(scope.node))

    def function(self, func: ast.expr) -> tuple[ModuleModel, Scope] | None:
        if isinstance(func, ast.Name):
            local = self.model.lookup_function(func.id, self.scope)
            if local is not None:
                return self.model, local
        qualified = self.model.qualify(func)
        if qualified and "." in qualified:
            return self.project.resolve_function(qualified, self.model.path)
        return None

    def name(self, node: ast.expr) -> str:
        """An operation name: its text, with `{...}` around each computed part."""
        if isinstance(node, ast.Call):
            node = self.inlined(node) or node
        constant = self.constant(node)
        if isinstance(constant, str):
            return constant
        parts = _parts(node)
        if parts is None:
            return "{" + self.expression(node) + "}"
        out = []
        for part in parts:
            if isinstance(part, str):
                out.append(part)
                continue
            value = self.constant(part)
            out.append(str(value) if value is not None else "{" + self.expression(part) + "}")
        return "".join(out)

    def canonical(self, node: ast.Name) -> ast.expr | None:
        if node.id in self.loop_names:
            return ast.Name(self.loop_names[node.id], ast.Load())
        value = self.constant(node)
        if value is not None:
            return ast.Constant(value)
        local = self.local_value(node.id)
        if local is not None:
            return local
        if node.id in self.bindings and node.id not in self.scope.assigned:
            return copy.deepcopy(self.bindings[node.id])
        return None

    def local_value(self, name: str) -> ast.expr | None:
        """What a variable of this function assigned exactly once holds, canonical too: so
        `items = event["items"]; map(items, ...)` reads as `map(event["items"], ...)`."""
        values = self.scope.assigned.get(name)
        if not values or len(values) != 1 or name in self.inlining or name in self.scope.params:
            return None
        self.inlining.add(name)
        try:
            return self.substituted(values[0])
        finally:
            self.inlining.discard(name)

    def constant(self, node: ast.expr) -> Constant:
        """The value of a literal, or of a name bound once to a literal at module level (in
        this module, or in the project module it is imported from); else None."""
        if isinstance(node, ast.Constant) and not isinstance(node.value, bytes):
            return node.value
        if not isinstance(node, ast.Name) or node.id in self.loop_names:
            return None
        found = self.model.lookup_assigned(node.id, self.scope)
        if found is not None:
            owner, values = found
            if owner is self.model.module_scope and len(values) == 1:
                return _folded(values[0])
            return None
        qualified = self.model.qualify(node)
        if not qualified or "." not in qualified:
            return None
        resolved = self.project.resolve_global(qualified, self.model.path)
        if resolved is None:
            return None
        model, name = resolved
        values = model.module_scope.assigned.get(name, [])
        return _folded(values[0]) if len(values) == 1 else None


# Functions being read in place, across nested Spellings: a recursive one is read once.
_INLINING: set[int] = set()
MAX_INLINED = 8


def _single_return(scope: Scope) -> ast.expr | None:
    node = scope.node
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # a docstring
    if len(body) == 1 and isinstance(body[0], ast.Return) and body[0].value is not None:
        return body[0].value
    return None


class _Substitute(ast.NodeTransformer):
    def __init__(
        self,
        replace: Callable[[ast.Name], ast.expr | None],
        inline: Callable[[ast.Call], ast.expr | None],
    ) -> None:
        self.replace, self.inline = replace, inline

    def visit_Name(self, node: ast.Name) -> ast.expr:
        return self.replace(node) or node

    def visit_Call(self, node: ast.Call) -> ast.expr:
        return self.inline(node) or self.generic_visit(node)


def written_name(node: ast.expr) -> str | None:
    """A name as the code spells it, for messages: `poll-{attempt}`, or None for `None`."""
    if isinstance(node, ast.Constant):
        return None if node.value is None else str(node.value)
    parts = _parts(node)
    if parts is None:
        return "{" + ast.unparse(node) + "}"
    return "".join(p if isinstance(p, str) else "{" + ast.unparse(p) + "}" for p in parts)


def _folded(node: ast.expr) -> Constant:
    """A literal's value, or a string built only of literals (`"cool-" + "off"`)."""
    if isinstance(node, ast.Constant):
        return None if isinstance(node.value, bytes) else node.value
    parts = _parts(node)
    if parts is not None and all(isinstance(part, str) for part in parts):
        return "".join(parts)  # type: ignore[arg-type]
    return None


def _parts(node: ast.expr) -> list[str | ast.expr] | None:
    """A name built from strings: its literal text and computed parts, in order; None when
    it is not built that way (a call, a variable)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        parts: list[str | ast.expr] = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            elif isinstance(value, ast.FormattedValue):
                parts.append(value.value)
        return parts
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _parts(node.left), _parts(node.right)
        if left is None and right is None:
            return None  # no string in sight: arithmetic, or unknown
        return (left if left is not None else [node.left]) + (
            right if right is not None else [node.right]
        )
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "str"
        and len(node.args) == 1
        and not node.keywords
    ):
        return [node.args[0]]
    return None
