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


# Fields that never hold a node worth visiting: names and flags, the expression context, and
# operators (leaves: `BinOp.op`, `Compare.ops`). By node type where the name is ambiguous.
_LEAF_FIELDS = frozenset({"ctx", "op", "ops", "type_comment", "kind", "conversion", "simple"})
_LEAF_FIELDS_OF: dict[str, frozenset[str]] = {
    "Constant": frozenset({"value"}),
    "MatchSingleton": frozenset({"value"}),
    "Name": frozenset({"id"}),
    "Attribute": frozenset({"attr"}),
    "Global": frozenset({"names"}),
    "Nonlocal": frozenset({"names"}),
    "ImportFrom": frozenset({"module", "level"}),
    "MatchClass": frozenset({"kwd_attrs"}),
    "MatchMapping": frozenset({"rest"}),
    "TypeIgnore": frozenset({"lineno", "tag"}),
    "comprehension": frozenset({"is_async"}),
}
_IDENTIFIER_FIELDS = frozenset({"name", "asname", "arg"})  # a str, or None where optional
_NODE_FIELDS_OF: dict[str, frozenset[str]] = {"TypeAlias": frozenset({"name"})}  # a Name node
CHILD_FIELDS: dict[type, tuple[str, ...]] = {}  # by node type: `child_fields`, once worked out


def child_fields(kind: type) -> tuple[str, ...]:
    """The fields of a node type that can hold child nodes (a node, a list of them, or None)."""
    fields = CHILD_FIELDS.get(kind)
    if fields is None:
        type_name = kind.__name__
        leaves = (
            _LEAF_FIELDS | _IDENTIFIER_FIELDS | _LEAF_FIELDS_OF.get(type_name, frozenset())
        ) - _NODE_FIELDS_OF.get(type_name, frozenset())
        fields = CHILD_FIELDS[kind] = tuple(name for name in kind._fields if name not in leaves)
    return fields


def child_nodes(node: ast.AST) -> list[ast.AST]:
    """Like `ast.iter_child_nodes`, without expression contexts and operators (leaves that
    nothing asks about) and faster: each node type's fields are sorted out once."""
    fields = CHILD_FIELDS.get(type(node)) or child_fields(type(node))
    children: list[ast.AST] = []
    for name in fields:
        value = getattr(node, name, None)
        if value is None:
            continue
        if type(value) is list:
            if None in value:  # `Dict.keys` of `**spread`, `kw_defaults` without a default
                children.extend([item for item in value if item is not None])
            else:
                children.extend(value)
        else:
            children.append(value)
    return children
