"""Small AST questions that the analysis, the fix planner and the rules all ask."""

from __future__ import annotations

import ast
from collections.abc import Iterator

_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def walk_body(nodes: list[ast.stmt] | list[ast.AST]) -> Iterator[ast.AST]:
    """Every node under these statements, not entering nested functions or classes."""
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, _NESTED):
            stack.extend(reversed(child_nodes(node)))


def root_name(node: ast.expr) -> ast.Name | None:
    """The variable at the base of `a.b[c].d`, if any."""
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node if isinstance(node, ast.Name) else None


def no_arguments(call: ast.Call) -> bool:
    return not call.args and not call.keywords


def call_label(call: ast.Call) -> str:
    """How a call reads in a message: `datetime.now()`."""
    return f"{dotted(call.func) or ast.unparse(call.func)}()"


def dotted(node: ast.expr) -> str | None:
    """`a.b.c` for a chain of names and attributes (cheaper than unparsing), else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


def child_nodes(node: ast.AST) -> list[ast.AST]:
    """Like `ast.iter_child_nodes`, without the expression contexts (Load/Store) and faster."""
    kind = type(node)
    fields = _CHILD_FIELDS.get(kind)
    if fields is None:
        fields = tuple(name for name in kind._fields if name != "ctx")
        _CHILD_FIELDS[kind] = fields
    children: list[ast.AST] = []
    for name in fields:
        value = getattr(node, name, None)
        if isinstance(value, list):
            for item in value:
                if isinstance(item, ast.AST):
                    children.append(item)
        elif isinstance(value, ast.AST):
            children.append(value)
    return children
