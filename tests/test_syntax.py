"""`syntax.child_nodes` is the walk under the model, the summaries and several rules: it must
find every child node `ast.iter_child_nodes` finds, leaving out only the leaves nothing asks
about (expression contexts and operators)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from durable_lint.analysis.syntax import child_nodes

LEAVES = (ast.expr_context, ast.operator, ast.cmpop, ast.unaryop, ast.boolop)

EVERY_FORM = """
import os, sys as system
from .pkg import name as alias
global_value: int = 1
async def handler(event, /, context, *args, key=None, **options) -> dict:
    global global_value
    def inner():
        nonlocal_value = 1
        def innermost():
            nonlocal nonlocal_value
    x = y = {**options, "a": [1, *args]}
    x[0], x.attribute = -event, not context
    x += 1 if event else 2
    del x[1:2:3]
    async with open(event) as handle, other():
        async for item in handle:
            await item
    try:
        raise ValueError("no") from None
    except* (KeyError, OSError) as error:
        pass
    else:
        assert event, "message"
    finally:
        yield from (lambda value=1: value)()
    match event:
        case {"key": [1, *rest], **others} if rest:
            pass
        case Point(x=0, y=_) | None:
            pass
        case str() as text:
            pass
    while (walrus := event) and walrus is not None:
        break
    return {key: value for key, value in options.items() if value}, f"{event!r:>{10}}"
class Point(Base, metaclass=Meta):
    x: int
"""


def differences(tree: ast.AST) -> list[tuple[ast.AST, list[ast.AST], list[ast.AST]]]:
    found = []
    for node in ast.walk(tree):
        expected = [child for child in ast.iter_child_nodes(node) if not isinstance(child, LEAVES)]
        got = child_nodes(node)
        if got != expected:
            found.append((node, expected, got))
    return found


def test_child_nodes_finds_the_children_of_every_form() -> None:
    tree = ast.parse(EVERY_FORM)
    assert sum(1 for _ in ast.walk(tree)) > 200
    assert differences(tree) == []


@pytest.mark.skipif(sys.version_info < (3, 12), reason="type statements are Python 3.12+")
def test_child_nodes_keeps_the_name_of_a_type_alias() -> None:
    tree = ast.parse("type Pair[T] = tuple[T, T]\n")
    alias = tree.body[0]
    assert isinstance(child_nodes(alias)[0], ast.Name)
    assert differences(tree) == []


def test_child_nodes_agrees_with_ast_on_the_standard_library_s_own_parser_module() -> None:
    tree = ast.parse(Path(ast.__file__).read_text(encoding="utf-8"))
    assert differences(tree) == []
